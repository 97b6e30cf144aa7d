#!/usr/bin/env bash
# HTTP throughput and latency of `vern serve` on SQLite, measured with wrk on loopback.
# Usage: bench/http_bench.sh [BUILD_DIR]   (default build/release; build it first)
# Prints wrk's summary for each scenario; docs/BENCHMARKS.md records the figures.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
vern="$repo_root/${1:-build/release}/vern"
duration=${BENCH_DURATION:-10s}
command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$vern" ] || { echo "bench: no binary at $vern" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
idle_pid=""
cleanup() {
  [ -n "$idle_pid" ] && kill "$idle_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/vern.db"
printf 'correct horse battery\n' | "$vern" user add admin --role admin --password-stdin --db "$db" >/dev/null
token=$("$vern" token create --user admin --name bench --db "$db" 2>/dev/null)
"$vern" serve --db "$db" --listen 127.0.0.1:0 --workers "${BENCH_WORKERS:-8}" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$work/out" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^vern: listening on //p' "$work/out")
echo "bench: $vern at $base, $(nproc) cores, wrk -t2 -c50 -d$duration"

run() {
  echo "== $1"
  shift
  wrk -t2 -c50 -d"$duration" --latency "$@" | sed -n '/^    Latency  /p;/^     50%/p;/^     99%/p;/^Requests\/sec/p'
}
run "GET /healthz (a database round trip)" "$base/healthz"
run "GET /login (a rendered page)" "$base/login"
run "GET /api/v1/session (bearer token check + JSON)" -H "Authorization: Bearer $token" "$base/api/v1/session"
run "GET /static/vern.css (embedded asset)" "$base/static/vern.css"

# 200 idle connections held open while the same load runs: they must not starve anyone.
/usr/bin/python3 - "$base" <<'PY' &
import socket, sys, time
host, port = sys.argv[1].removeprefix("http://").split(":")
sockets = [socket.create_connection((host, int(port))) for _ in range(200)]
time.sleep(3600)
PY
idle_pid=$!
sleep 1
run "GET /healthz with 200 idle connections open" "$base/healthz"
