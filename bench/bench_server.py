"""What the Python benchmarks share: a free port, an API token, and `vern serve` started and
waited for."""
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_token(binary, db_url):
    """A new API token for the demo's admin."""
    return subprocess.run([binary, "token", "create", "--user", "admin", "--name", "bench",
                           "--db", db_url], check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]


def start_serve(binary, db_url, port, log_path, extra=()):
    """Starts `vern serve` on 127.0.0.1:port (its output to log_path) and returns once it
    accepts connections (up to a minute, for the migration)."""
    server = subprocess.Popen([binary, "serve", "--db", db_url, "--listen", f"127.0.0.1:{port}",
                               *extra], stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return server
