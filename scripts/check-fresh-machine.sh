#!/usr/bin/env bash
# The fresh-machine check: proves on a minimal Debian 12 what the README promises of its two
# commands. In a temporary folder it builds a root with `debootstrap --variant=minbase bookworm`
# plus git and ca-certificates (nothing else), clones this repository's committed state into it, and
# runs there, as root with CI=true and no standard input:
#   1. `bash .ci/run`: the set-up, the ci build and the whole test suite;
#   2. `scripts/run.sh`: the release build, which must print no compiler warning, the demo load,
#      which must print the admin password, and `vern serve`, which must answer /healthz and /login;
#   3. a second minimal root with only the runtime packages that docs/OPERATIONS.md installs, where
#      the binary of step 2 must migrate a new database and serve it.
# It prints the last lines of each step and exits with the first failing status (0 when all pass).
# proc, sys and dev are mounted into the roots; on any exit, Ctrl-C included, every process left in
# a root is killed, everything is unmounted and the roots are removed. The full log stays behind.
#
# Usage: scripts/check-fresh-machine.sh [--ci-only] [--log PATH] [--mirror URL] [--rev REV]
#   --ci-only     step 1 only
#   --log PATH    write the full log to PATH (default: a new /tmp/vern-fresh-machine.*.log)
#   --mirror URL  the Debian mirror (default: this machine's own, from its apt sources)
#   --rev REV     the commit to check (default: HEAD; uncommitted work is not checked)
# Needs root (debootstrap, chroot, mount) and the network to the Debian mirror and the npm registry.
# When this machine reaches them through a proxy with its own certificate authority, the roots
# trust the same authorities: this machine's local CA certificates (/usr/local/share/ca-certificates)
# are copied in and installed, and Node is pointed at the resulting bundle with NODE_EXTRA_CA_CERTS;
# http_proxy, https_proxy and no_proxy, when set, are passed on.
# It takes about an hour on two cores: run it after any change to set-up, dependencies or the
# build, not on every commit.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suite=bookworm
steps=all
log_file=""
mirror=""
rev=HEAD

usage() { sed -n '2,27s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
say() { printf 'fresh-machine: %s\n' "$*"; }
die() {
  printf 'fresh-machine: error: %s\n' "$*" >&2
  exit 1
}

while (($#)); do
  case "$1" in
    --ci-only) steps=ci ;;
    --log) log_file=${2:?--log needs a path}; shift ;;
    --mirror) mirror=${2:?--mirror needs a URL}; shift ;;
    --rev) rev=${2:?--rev needs a commit}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'fresh-machine: unknown option: %s (try --help)\n' "$1" >&2; exit 2 ;;
  esac
  shift
done

[[ $EUID -eq 0 ]] || die "run as root (debootstrap, chroot and mount need it)"
commit=$(git -C "$repo_root" rev-parse --verify --quiet "$rev^{commit}") || die "no such commit: $rev"

# This machine's Debian archives: the first URI of its sources that is (or is not) the security one.
host_source() {
  local want=$1 uris
  uris=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n' || true)
  [[ -f /etc/apt/sources.list ]] && uris+=$'\n'$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) print $i }' /etc/apt/sources.list)
  if [[ $want == security ]]; then
    grep -m 1 -- '-security' <<<"$uris" || true
  else
    grep -m 1 -E '^https?://.*/debian/?$' <<<"$uris" || true
  fi
}
mirror=${mirror:-$(host_source main)}
mirror=${mirror:-http://deb.debian.org/debian}
security_mirror=$(host_source security)
security_mirror=${security_mirror:-http://deb.debian.org/debian-security}

if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap </dev/null >/dev/null
fi

work=$(mktemp -d /tmp/vern-fresh-machine.XXXXXX)
log_file=${log_file:-$work.log}
: >"$log_file"
started=$(date +%s)
roots=()

# Kills whatever still runs inside a root (a PostgreSQL, an SMTP sink, a vern serve).
kill_root_processes() {
  local root=$1 signal=$2 link pid found=no
  for link in /proc/[0-9]*/root; do
    [[ $(readlink "$link" 2>/dev/null) == "$root" ]] || continue
    pid=${link#/proc/}
    kill "-$signal" "${pid%/root}" 2>/dev/null && found=yes
  done
  [[ $found == yes ]]
}

release_root() {
  local root=$1 mount_point
  if kill_root_processes "$root" TERM; then
    sleep 2
    kill_root_processes "$root" KILL || true
    sleep 1
  fi
  # Deepest first; lazily when still busy.
  for mount_point in $(findmnt -rn -o TARGET | grep -F "$root/" | sort -r); do
    umount "$mount_point" 2>/dev/null || umount -l "$mount_point" 2>/dev/null || true
  done
  ! findmnt -rn -o TARGET | grep -qF "$root/"
}

cleanup() {
  local status=$? root
  trap - EXIT INT TERM HUP
  for root in "${roots[@]}"; do
    if ! release_root "$root"; then
      printf 'fresh-machine: something is still mounted under %s; not removing %s\n' "$root" "$work" >&2
      exit "$((status == 0 ? 1 : status))"
    fi
  done
  rm -rf --one-file-system "$work"
  printf 'fresh-machine: roots removed; %s s in all; the full log is %s\n' "$(($(date +%s) - started))" "$log_file"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# make_root DIR: a minimal Debian 12 with git and ca-certificates, this machine's CAs and name
# resolution, and proc, sys and dev mounted.
make_root() {
  local root=$1
  roots+=("$root")
  mkdir -p "$work/debs"
  say "debootstrap --variant=minbase $suite from $mirror into $root"
  if ! debootstrap --variant=minbase --include=git,ca-certificates --cache-dir="$work/debs" \
    "$suite" "$root" "$mirror" >>"$log_file" 2>&1; then
    tail -n 20 "$log_file" >&2
    die "debootstrap failed"
  fi
  # The suites of a Debian 12 installation: the release, its updates and the security archive.
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
    "$mirror" "$suite" "$mirror" "$suite" "$security_mirror" "$suite" >"$root/etc/apt/sources.list"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  if compgen -G '/usr/local/share/ca-certificates/*' >/dev/null; then
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >>"$log_file" 2>&1
  fi
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --make-rslave "$root/sys"
  mount --rbind /dev "$root/dev"
  mount --make-rslave "$root/dev"
}

# in_root DIR COMMAND: runs COMMAND with bash in DIR's /root/vern, in an environment that holds
# nothing of this machine's but the proxy settings.
in_root() {
  local root=$1 command=$2 name
  local env=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
    CI=true NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt TERM=dumb)
  for name in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
    if [[ -n ${!name:-} ]]; then env+=("$name=${!name}"); fi
  done
  chroot "$root" /usr/bin/env -i "${env[@]}" bash -c "mkdir -p /root/vern && cd /root/vern && $command" </dev/null
}

show_tail() { # show_tail FILE LINES: the last lines of a step, build progress left out
  grep -vE '^\[[0-9]+/[0-9]+\] ' "$1" | tail -n "$2" | sed 's/^/  | /'
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve_and_check ROOT LOG PORT COMMAND: runs COMMAND (which ends in `vern serve`) in ROOT until it
# listens on PORT, then asks /healthz and /login; the problems found go to `problems`.
problems=()
serve_and_check() {
  local root=$1 log=$2 port=$3 command=$4 pid health
  in_root "$root" "$command" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3600); do
    grep -q 'vern: listening on' "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if grep -q 'vern: listening on' "$log"; then
    if health=$(curl -fsS --max-time 10 "http://127.0.0.1:$port/healthz" 2>&1); then
      say "/healthz answered $health"
    else
      problems+=("/healthz: $health")
    fi
    curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$port/login" || problems+=("/login did not answer 200")
  else
    problems+=("vern serve never said it was listening")
  fi
  kill_root_processes "$root" TERM || true
  wait "$pid" 2>/dev/null || true
  cat "$log" >>"$log_file"
}

say "the full log is $log_file"
root="$work/root"
make_root "$root"
git clone --quiet --no-checkout "$repo_root" "$root/root/vern"
git -C "$root/root/vern" checkout --quiet --detach "$commit"
say "cloned $(git -C "$repo_root" log -1 --format='%h %s' "$commit")"

step_start=$(date +%s)
say "1. CI=true bash .ci/run"
ci_log="$work/ci.log"
ci_status=0
in_root "$root" 'bash .ci/run' >"$ci_log" 2>&1 || ci_status=$?
cat "$ci_log" >>"$log_file"
say "last lines of .ci/run (exit $ci_status, $(($(date +%s) - step_start)) s):"
show_tail "$ci_log" 25
((ci_status == 0)) || exit "$ci_status"
[[ $steps == all ]] || exit 0

step_start=$(date +%s)
port=$(free_port)
say "2. scripts/run.sh, serving 127.0.0.1:$port"
run_log="$work/run.log"
serve_and_check "$root" "$run_log" "$port" "VERN_LISTEN=127.0.0.1:$port bash scripts/run.sh"
grep -q 'Log in as admin with the password: ' "$run_log" || problems+=("no admin password printed")
if grep -qE '(^|[^[:alnum:]_-])warning:' "$run_log"; then
  problems+=("the build printed $(grep -cE '(^|[^[:alnum:]_-])warning:' "$run_log") warnings")
fi
say "last lines of scripts/run.sh ($(($(date +%s) - step_start)) s):"
show_tail "$run_log" 10
if ((${#problems[@]})); then
  printf 'fresh-machine: scripts/run.sh: %s\n' "${problems[@]}" >&2
  exit 1
fi

step_start=$(date +%s)
install_line=$(grep -m 1 -E '^apt-get install .*libmicrohttpd' "$repo_root/docs/OPERATIONS.md" || true)
[[ -n $install_line ]] || die "docs/OPERATIONS.md has no 'apt-get install … libmicrohttpd…' line to check"
say "3. a runtime root: $install_line"
runtime_root="$work/runtime"
make_root "$runtime_root"
# The line as the page gives it, answered as a person at the prompt would.
printf 'APT::Get::Assume-Yes "true";\n' >"$runtime_root/etc/apt/apt.conf.d/90vern-check-yes"
runtime_log="$work/runtime.log"
if ! in_root "$runtime_root" "apt-get update && DEBIAN_FRONTEND=noninteractive $install_line" >"$runtime_log" 2>&1; then
  cat "$runtime_log" >>"$log_file"
  show_tail "$runtime_log" 15
  die "installing the runtime packages failed"
fi
cat "$runtime_log" >>"$log_file"
install -m 755 "$root/root/vern/build/release/vern" "$runtime_root/usr/local/bin/vern"
port=$(free_port)
serve_and_check "$runtime_root" "$runtime_log" "$port" \
  "vern demo --db sqlite:/root/vern/vern.db --persons 200 && vern serve --db sqlite:/root/vern/vern.db --listen 127.0.0.1:$port"
say "last lines of the runtime root ($(($(date +%s) - step_start)) s):"
show_tail "$runtime_log" 6
if ((${#problems[@]})); then
  printf 'fresh-machine: runtime root: %s\n' "${problems[@]}" >&2
  exit 1
fi
say "all three steps passed"
