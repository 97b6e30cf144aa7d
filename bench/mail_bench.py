#!/usr/bin/env python3
"""Bulk mailing end to end: how long `vern serve` takes to expand a mailing into the outbox
(enqueue) and to deliver it to a local SMTP server (scripts/smtp_sink.py --discard) over its
reused SMTP connections.

Usage: mail_bench.py VERN_BINARY SQLITE_DB [--workers N]
The database must hold persons (vern demo --persons 110000 gives about 100,000 recipients for a
service mailing). It is changed: the mailing and its outbox stay in it. Prints the recipients,
the enqueue time and the delivery rate; docs/BENCHMARKS.md records the figures."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_server import create_token, free_port, start_serve

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("db")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    db_url = "sqlite:" + args.db
    token = create_token(args.binary, db_url)
    tmp = Path(tempfile.mkdtemp(prefix="vern-mail-bench-"))
    smtp_port, http_port = free_port(), free_port()
    sink = subprocess.Popen(["/usr/bin/python3", str(HERE.parent / "scripts" / "smtp_sink.py"), "--dir",
                             str(tmp / "mail"), "--port", str(smtp_port), "--discard"],
                            stdout=subprocess.DEVNULL)
    server = start_serve(args.binary, db_url, http_port, tmp / "serve.log",
                         ["--smtp", f"smtp://127.0.0.1:{smtp_port}", "--mail-workers",
                          str(args.workers)])
    try:
        base = f"http://127.0.0.1:{http_port}/api/v1"

        def call(path, body=None):
            request = urllib.request.Request(
                base + path, data=None if body is None else json.dumps(body).encode(),
                headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"},
                method="GET" if body is None else "POST")
            with urllib.request.urlopen(request) as response:
                return json.loads(response.read())

        mailing = call("/mailings", {"name": "Benchmark", "purpose": "service",
                                     "subject": "Hei {{first_name}}",
                                     "body": "Hei {{name}},\nvi har endret vilkårene våre.\n"
                                             "{{#city}}Vi sees i {{city}}.{{/city}}\n"})
        included = mailing["included"]
        started = time.perf_counter()
        call(f"/mailings/{mailing['id']}/send", {})
        queued_at = None
        while True:
            state = call(f"/mailings/{mailing['id']}")
            now = time.perf_counter()
            if queued_at is None and state["status"] != "queuing":
                queued_at = now
                sent_at_queued = state["sent"]
            if state["status"] == "done":
                break
            time.sleep(0.05)
        done_at = time.perf_counter()
        enqueue = queued_at - started
        total = done_at - started
        print(f"recipients: {included}")
        print(f"enqueue (send pressed -> all in the outbox): {enqueue:.2f} s "
              f"({sent_at_queued} already delivered meanwhile)")
        print(f"delivery (send pressed -> all delivered): {total:.2f} s = "
              f"{included / total:.0f} messages/s overall")
        after = state["sent"] - sent_at_queued
        if done_at > queued_at and after > 0:
            print(f"delivery after enqueue: {after / (done_at - queued_at):.0f} messages/s")
        print(f"failed: {state['failed']}")
    finally:
        server.terminate()
        server.wait(timeout=60)
        sink.terminate()
        sink.wait(timeout=10)


if __name__ == "__main__":
    main()
