#!/usr/bin/env bash
# Installs what Vern needs to build, test and run on Debian 12: the Debian packages, then the
# browser-test modules from npm. Idempotent: installs only what is missing, so a second run
# changes nothing and needs no network.
#
# Usage: scripts/setup.sh [--no-npm]
#   --no-npm  skip the npm modules of tests/e2e (enough to build and run Vern)
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

install_npm_modules=yes
for arg in "$@"; do
  case "$arg" in
    --no-npm) install_npm_modules=no ;;
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

packages=(
  # toolchain
  build-essential g++ cmake ninja-build ccache git pkg-config xxd
  clang clang-format clang-tidy libclang-rt-14-dev
  # test and benchmark libraries
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  # libraries Vern links
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev libmicrohttpd-dev nlohmann-json3-dev
  libsodium-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev libcli11-dev libxlsxwriter-dev
  libkainjow-mustache-dev libexpected-dev
  # services and tools the tests use: a throw-away PostgreSQL, an SMTP sink, .xlsx checks, a browser
  postgresql postgresql-contrib python3 python3-aiosmtpd python3-openpyxl python3-jsonschema libreoffice-calc-nogui chromium
  curl ca-certificates
)

node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

# Node may come from elsewhere than Debian (e.g. NodeSource, which bundles npm); Debian's nodejs
# and npm would conflict with it, so they are installed only when no usable node exists.
if command -v node >/dev/null && (($(node_major) >= 18)); then
  command -v npm >/dev/null || packages+=(npm)
else
  packages+=(nodejs npm)
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

if (($(node_major) < 20)); then
  log "warning: node $(node --version 2>/dev/null || echo missing) found; playwright-core wants node 20 or later"
fi

if [[ $install_npm_modules == no ]]; then
  log "skipping npm modules (--no-npm)"
  exit 0
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
