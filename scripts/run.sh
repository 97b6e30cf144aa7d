#!/usr/bin/env bash
# The run command: installs what is missing, builds the release preset, fills ./vern.db with demo
# data (idempotent; prints a fresh admin password each time) and serves it on 127.0.0.1:8080.
#
# Usage: scripts/run.sh [SERVE_ARGS...]      e.g. scripts/run.sh --smtp smtp://localhost:25
#   VERN_LISTEN=127.0.0.1:9090 scripts/run.sh another address
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
vern="$repo_root/build/release/vern"

bash "$repo_root/scripts/setup.sh" --run

printf 'run: building preset release\n'
cmake --preset release
cmake --build --preset release

"$vern" demo --db sqlite:vern.db
exec "$vern" serve --db sqlite:vern.db --listen "${VERN_LISTEN:-127.0.0.1:8080}" "$@"
