#!/usr/bin/env bash
# Installs what Vern needs on Debian 12: the Debian packages, then the browser-test modules from
# npm. Idempotent: installs only what is missing, so a second run changes nothing and needs no
# network. Works on a minimal Debian 12 as root (or with sudo).
#
# Usage: scripts/setup.sh [--run]
#   --run  only what scripts/run.sh needs to build and run Vern (no test tools, no npm modules)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
e2e_dir="$repo_root/tests/e2e"
export DEBIAN_FRONTEND=noninteractive
# playwright-core never downloads a browser; this keeps any other Playwright package from doing so.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

for_tests=yes
for arg in "$@"; do
  case "$arg" in
    --run) for_tests=no ;;
    -h | --help)
      sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      printf 'setup: unknown option: %s (try --help)\n' "$arg" >&2
      exit 2
      ;;
  esac
done

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo --preserve-env=DEBIAN_FRONTEND "$@"
  else
    die "not root and no sudo: cannot run $*"
  fi
}

# Each package is here because something names it; nothing is assumed beyond what
# `debootstrap --variant=minbase` gives (coreutils, util-linux's runuser and setsid, mawk, dpkg, apt)
# plus git and ca-certificates. scripts/check-fresh-machine.sh proves the list on such a root.
packages=(
  # the build: CMakePresets.json (Ninja, ccache), CMakeLists.txt (C and C++, pkg-config)
  build-essential g++ cmake ninja-build ccache pkg-config
  # find_package: nlohmann_json, spdlog (with its fmt), CLI11, tl-expected, CURL, PostgreSQL (libpq)
  nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libexpected-dev libcurl4-openssl-dev libpq-dev
  # pkg_check_modules: libmicrohttpd, libsodium, sqlite3, xlsxwriter (whose .pc links -lz, while
  # its -dev package does not pull in zlib's)
  libmicrohttpd-dev libsodium-dev libsqlite3-dev libxlsxwriter-dev zlib1g-dev
  # find_path/find_library: SOCI's core with its SQLite and PostgreSQL backends; the Mustache header
  libsoci-dev libkainjow-mustache-dev
  # cloning, and the npm registry over HTTPS
  git ca-certificates
)
test_packages=(
  # tests/CMakeLists.txt: GTest and GMock, clang-format (format_check), node (browser_tests, below);
  # cmake/Fuzz.cmake: clang++ with libFuzzer and the sanitizer runtimes
  libgtest-dev libgmock-dev clang-format clang libclang-rt-14-dev
  # scripts/lib/services.sh: a throw-away PostgreSQL 15 (initdb, pg_ctl, psql, pg_trgm) and
  # scripts/smtp_sink.py (python3 with aiosmtpd)
  postgresql-15 python3 python3-aiosmtpd
  # the export tests: openpyxl reads the .xlsx back, jsonschema checks the JSON, LibreOffice opens both
  python3-openpyxl python3-jsonschema libreoffice-calc-nogui
  # the browser tests: Debian's Chromium, driven by playwright-core (never a downloaded browser)
  chromium
)

node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}
# The Node.js that tests/e2e/package.json declares in "engines" (">=N"): that file alone says it.
node_wanted=$(sed -n 's/.*"node": *">= *\([0-9][0-9]*\).*/\1/p' "$e2e_dir/package.json")
[[ -n $node_wanted ]] || die "tests/e2e/package.json declares no \"engines\": {\"node\": \">=N\"}"

if [[ $for_tests == yes ]]; then
  packages+=("${test_packages[@]}")
  # Node may come from elsewhere than Debian (e.g. NodeSource, which bundles npm); Debian's nodejs
  # and npm would conflict with it, so they are installed only when no usable node exists.
  if command -v node >/dev/null && (($(node_major) >= node_wanted)); then
    command -v npm >/dev/null || packages+=(npm)
  else
    packages+=(nodejs npm)
  fi
fi

missing=()
for package in "${packages[@]}"; do
  if [[ $(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null) != installed ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  log "all ${#packages[@]} Debian packages present"
else
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  # Tests run their own PostgreSQL in a temp folder on a free port; the system cluster that
  # installing PostgreSQL would create is never used, so do not create one.
  if [[ $(dpkg-query -W -f='${db:Status-Status}' postgresql-common 2>/dev/null) != installed ]]; then
    as_root mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' | as_root tee /etc/postgresql-common/createcluster.d/50-vern-no-main-cluster.conf >/dev/null
  fi
  apt_log=$(mktemp /tmp/vern-setup-apt.XXXXXX.log)
  if ! { as_root apt-get update && as_root apt-get install -y --no-install-recommends "${missing[@]}"; } \
    </dev/null >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    die "apt-get failed; the full log is $apt_log"
  fi
  rm -f "$apt_log"
  log "Debian packages installed"
fi

if [[ $for_tests == no ]]; then
  exit 0
fi
if (($(node_major) < node_wanted)); then
  die "node $(node --version 2>/dev/null || echo missing) is older than the $node_wanted that tests/e2e/package.json needs"
fi

[[ -f $e2e_dir/package.json ]] || die "$e2e_dir/package.json is missing"
# The fingerprint of the manifests the modules were installed from; a change reinstalls.
stamp="$e2e_dir/node_modules/.vern-setup-stamp"
fingerprint=$(cd "$e2e_dir" && cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
if [[ -d $e2e_dir/node_modules && -f $stamp && $(<"$stamp") == "$fingerprint" ]]; then
  log "npm modules of tests/e2e up to date"
  exit 0
fi

if [[ -f $e2e_dir/package-lock.json ]]; then
  log "installing npm modules of tests/e2e (npm ci)"
  (cd "$e2e_dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
else
  log "installing npm modules of tests/e2e (npm install: no package-lock.json yet)"
  (cd "$e2e_dir" && npm install --no-audit --no-fund --loglevel=error </dev/null)
  fingerprint=$(cd "$e2e_dir" && cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
fi
printf '%s\n' "$fingerprint" >"$stamp"
log "npm modules installed"
