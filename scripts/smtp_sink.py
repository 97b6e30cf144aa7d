#!/usr/bin/python3
"""An SMTP server for tests that delivers nowhere: every message it accepts is written to a
folder as NAME.eml (the message exactly as received) next to NAME.json (the envelope: sender,
recipients, time of receipt). Both files appear atomically, the .json first, so a test that
sees an .eml can read its envelope.

Runs under Debian's Python (/usr/bin/python3) with python3-aiosmtpd.

    smtp_sink.py --dir MAILDIR [--host 127.0.0.1] [--port 0] [--port-file FILE] [--pid-file FILE]
                 [--fail-first N] [--fail-reply "451 4.3.0 Try again later"] [--discard]

With --port 0 the kernel picks a free port; --port-file receives the port once the server
accepts connections. With --fail-first N the first N messages are refused at DATA with
--fail-reply (a 4xx reply tests retries, a 5xx one permanent failures); later ones are stored.
With --discard messages are accepted and counted but not stored (for benchmarks).
"""

import argparse
import asyncio
import itertools
import json
import os
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from aiosmtpd.smtp import SMTP


def write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name("." + path.name + ".tmp")
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


class MaildirHandler:
    """Writes each accepted message and its envelope into one folder."""

    def __init__(self, directory: Path, fail_first: int = 0, fail_reply: str = "",
                 discard: bool = False):
        self.directory = directory
        self.discard = discard
        self.accepted = 0
        self.sequence = itertools.count(1)
        self.failures_left = fail_first
        self.fail_reply = fail_reply

    async def handle_DATA(self, server, session, envelope):
        if self.failures_left > 0:
            self.failures_left -= 1
            print(f"smtp_sink: refused a message: {self.fail_reply}", flush=True)
            return self.fail_reply
        if self.discard:
            self.accepted += 1
            return "250 OK: message accepted"
        name = f"{time.time_ns()}-{os.getpid()}-{next(self.sequence):06d}"
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "mail_options": list(envelope.mail_options),
            "received_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "peer": list(session.peer) if session.peer else None,
            "helo": session.host_name,
            "eml": name + ".eml",
            "size": len(content),
        }
        write_atomically(self.directory / (name + ".json"), (json.dumps(meta, indent=2) + "\n").encode())
        write_atomically(self.directory / (name + ".eml"), content)
        print(f"smtp_sink: {name}.eml from {envelope.mail_from} to {len(envelope.rcpt_tos)} recipient(s)", flush=True)
        return "250 OK: message stored"


async def serve(arguments) -> None:
    directory = Path(arguments.dir)
    directory.mkdir(parents=True, exist_ok=True)
    handler = MaildirHandler(directory, arguments.fail_first, arguments.fail_reply,
                             arguments.discard)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True, hostname="vern-smtp-sink"),
        host=arguments.host,
        port=arguments.port,
    )
    port = server.sockets[0].getsockname()[1]
    if arguments.pid_file:
        write_atomically(Path(arguments.pid_file), f"{os.getpid()}\n".encode())
    if arguments.port_file:
        write_atomically(Path(arguments.port_file), f"{port}\n".encode())
    print(f"smtp_sink: listening on {arguments.host}:{port}, writing to {directory}", flush=True)

    stopping = asyncio.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stopping.set)
    await stopping.wait()
    server.close()
    await server.wait_closed()
    print(f"smtp_sink: stopped ({handler.accepted} messages discarded)" if handler.discard
          else "smtp_sink: stopped", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="SMTP server that writes each message to a folder")
    parser.add_argument("--dir", required=True, help="folder for the .eml and .json files")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 lets the kernel choose")
    parser.add_argument("--port-file", help="write the listening port here once ready")
    parser.add_argument("--pid-file", help="write this process's id here")
    parser.add_argument("--fail-first", type=int, default=0, help="refuse the first N messages")
    parser.add_argument("--fail-reply", default="451 4.3.0 Try again later",
                        help="the reply that refuses them")
    parser.add_argument("--discard", action="store_true", help="accept messages, store nothing")
    arguments = parser.parse_args()
    try:
        asyncio.run(serve(arguments))
    except OSError as error:
        print(f"smtp_sink: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
