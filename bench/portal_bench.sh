#!/usr/bin/env bash
# GDPR portal page views: wrk with 16 keep-alive connections on GET /portal, each view built from
# the person's data package and answered only once its audit event (portal.read) is durable.
# Usage: bench/portal_bench.sh [BUILD_DIR] [PERSONS]   (defaults build/release and 1000)
# The database is `vern demo` data (which sets up the portal); one person gets a link by e-mail
# (into a mail folder), the link is opened once with curl, and wrk reuses its session cookie.
# Prints wrk's summary and the server's peak memory; docs/BENCHMARKS.md records the figures.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
vern="$repo_root/${1:-build/release}/vern"
persons=${2:-1000}
duration=${BENCH_DURATION:-10s}
command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$vern" ] || { echo "bench: no binary at $vern" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

db="sqlite:$work/vern.db"
"$vern" demo --db "$db" --persons "$persons" >/dev/null
token=$("$vern" token create --user admin --name bench --db "$db" 2>/dev/null | tail -n 1)
mkdir "$work/mail"
"$vern" serve --db "$db" --listen 127.0.0.1:0 --workers "${BENCH_WORKERS:-8}" \
  --mail-dir "$work/mail" >"$work/out" 2>"$work/log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$work/out" 2>/dev/null && break
  sleep 0.1
done
base=$(grep -o 'http://[0-9.:]*' "$work/out" | head -n 1)

# The first person with an e-mail address gets a link.
person=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/persons?limit=50" |
  /usr/bin/python3 -c 'import json,sys; print(next(p["id"] for p in json.load(sys.stdin)["items"] if p["email"]))')
curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}' \
  "$base/api/v1/persons/$person/portal-links" >/dev/null
for _ in $(seq 100); do
  ls "$work"/mail/*.eml >/dev/null 2>&1 && break
  sleep 0.1
done
link=$(/usr/bin/python3 -c 'import glob,quopri,re; text=quopri.decodestring(open(glob.glob("'"$work"'/mail/*.eml")[0],"rb").read()).decode(); print(re.search(r"/p/[A-Za-z0-9_-]{43}", text).group(0))')
cookie=$(curl -s -o /dev/null -D - "$base$link" | grep -i '^set-cookie: vern_portal=' | sed 's/^[^:]*: //; s/;.*//')
[ -n "$cookie" ] || { echo "bench: the link gave no portal session" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/portal")
[ "$status" = 200 ] || { echo "bench: /portal answered $status" >&2; exit 1; }

peak=0
( while kill -0 "$server_pid" 2>/dev/null; do
    ps -o rss= -p "$server_pid" 2>/dev/null || true
    sleep 0.5
  done ) >"$work/rss" &
sampler=$!
echo "== GET /portal (person $person, $persons demo persons), 16 connections, $duration"
wrk -t2 -c16 -d"$duration" --latency -H "Cookie: $cookie" "$base/portal"
kill "$sampler" 2>/dev/null || true
peak=$(sort -n "$work/rss" | tail -n 1)
echo "peak RSS of vern serve: $((peak / 1024)) MB"
