#!/usr/bin/env python3
"""The person data export: how long `GET /api/v1/persons/{id}/export.json` and `.xlsx` take for a
person with 1,000 history notes, each request building the package from the database, rendering
it and writing its audit event durably (issue 6: at most 20 ms for JSON and 60 ms for Excel).

Usage: export_bench.py VERN_BINARY [--notes N] [--rounds R] [--db postgresql://...]
Without --db it makes a fresh SQLite database in a temporary folder (`vern demo --persons 100`),
gives the person N notes of types the portal shows, sets every built-in field to `read`, and times
R sequential requests of each format over one keep-alive connection (after 5 warm-up requests).
Prints p50, p95 and the largest time, and the size of each file."""
import argparse
import http.client
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench_server import create_token, free_port, start_serve


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--db")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vern-export-bench-"))
    db_url = args.db or "sqlite:" + str(tmp / "bench.db")
    subprocess.run([args.binary, "demo", "--db", db_url, "--persons", "100"], check=True,
                   stdout=subprocess.DEVNULL)
    token = create_token(args.binary, db_url)
    port = free_port()
    server = start_serve(args.binary, db_url, port, tmp / "serve.log")
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

        def call(method, path, body=None):
            connection.request(method, "/api/v1" + path,
                               None if body is None else json.dumps(body), headers)
            response = connection.getresponse()
            data = response.read()
            if response.status >= 300:
                raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
            return data

        person = json.loads(call("POST", "/persons", {
            "first_name": "Ingrid", "last_name": "Bakken", "email": "ingrid@example.no",
            "city": "Trondheim", "language": "nb"}))["id"]
        for field in json.loads(call("GET", "/fields"))["items"]:
            call("PATCH", f"/fields/{field['key']}", {"portal": "read"})
        call("PATCH", "/portal/settings", {"show_history_types": ["note", "call", "meeting"],
                                           "organisation": {"name": "Nordlys AS"}})
        types = ["note", "call", "meeting"]
        for i in range(args.notes):
            call("POST", f"/persons/{person}/history", {
                "type": types[i % 3], "date": f"20{10 + i % 16:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "text": f"Note {i}: the customer asked about their invoice and delivery times."})
        for fmt in ("json", "xlsx"):
            path = f"/persons/{person}/export.{fmt}"
            for _ in range(5):
                call("GET", path)
            times = []
            size = 0
            for _ in range(args.rounds):
                started = time.perf_counter()
                size = len(call("GET", path))
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"{fmt}: {args.notes} notes, {size} bytes, {args.rounds} requests: "
                  f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
