#!/usr/bin/env bash
# The test command: installs what is missing, builds the `ci` preset, starts a throw-away
# PostgreSQL and SMTP sink, and runs every test (C++, formatting, browser) with ctest.
#
# Usage: scripts/test.sh [CTEST_ARGS...]     e.g. scripts/test.sh -R Portal
#   VERN_PRESET=asan scripts/test.sh          builds and tests another preset
# Exit status is ctest's. The services are stopped and their folders removed on any exit.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
preset=${VERN_PRESET:-ci}
# Paths relative to the checkout, so a fresh clone elsewhere reuses the compiler cache.
export CCACHE_BASEDIR="$repo_root"

# shellcheck source=scripts/lib/services.sh
source "$repo_root/scripts/lib/services.sh"

log() { printf 'test: %s\n' "$*"; }

bash "$repo_root/scripts/setup.sh"

log "building preset $preset"
cmake --preset "$preset"
cmake --build --preset "$preset"

# Cleanup is silent unless it fails, so ctest's summary stays the last thing printed.
trap vern_services_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

vern_pg_start || exit 1
vern_smtp_start || exit 1
# The browser tests find the binary here unless the test registration says otherwise.
export VERN_BIN=${VERN_BIN:-$repo_root/build/$preset/vern}

log "running ctest --preset $preset $*"
status=0
ctest --preset "$preset" "$@" || status=$?
exit "$status"
