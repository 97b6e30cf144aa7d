# shellcheck shell=bash
# The services Vern's tests talk to, each a throw-away instance in its own temp folder:
#   vern_pg_start / vern_pg_stop      PostgreSQL 15 on a free port of 127.0.0.1, with a superuser
#                                     role `vern` and a database `vern_test`; exports
#                                     VERN_TEST_PG_URL=postgresql://vern@127.0.0.1:PORT/vern_test
#   vern_smtp_start / vern_smtp_stop  scripts/smtp_sink.py on a free port; exports
#                                     VERN_TEST_SMTP_URL=smtp://127.0.0.1:PORT and VERN_TEST_SMTP_DIR
#   vern_services_stop                stops whatever was started; silent unless something fails
# Start functions print one line each and return non-zero (after printing the log tail) when a
# service does not come up. Source this file; it sets no shell options of its own.

VERN_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERN_PG_BIN=${VERN_PG_BIN:-/usr/lib/postgresql/15/bin}
VERN_SERVICE_PYTHON=${VERN_SERVICE_PYTHON:-/usr/bin/python3}

VERN_PG_TMP=""
VERN_SMTP_TMP=""
VERN_SMTP_LAUNCHER_PID=""

vern_services_log() { printf 'services: %s\n' "$*"; }
vern_services_warn() { printf 'services: %s\n' "$*" >&2; }

# A TCP port on 127.0.0.1 that was free a moment ago.
vern_free_port() {
  "$VERN_SERVICE_PYTHON" -c '
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])'
}

# PostgreSQL refuses to run as root: as root, run its programs as the postgres system user.
vern_as_postgres() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

vern_pg_log_tail() {
  local log="$VERN_PG_TMP/postgresql.log"
  if [[ -f $log ]]; then
    vern_services_warn "last lines of $log:"
    tail -n 30 "$log" >&2
  fi
}

vern_pg_start() {
  local data port attempt started=no
  if [[ ! -x $VERN_PG_BIN/initdb ]]; then
    vern_services_warn "PostgreSQL: no initdb in $VERN_PG_BIN (run scripts/setup.sh)"
    return 1
  fi
  VERN_PG_TMP=$(mktemp -d /tmp/vern-pg.XXXXXX)
  data="$VERN_PG_TMP/data"
  if [[ $EUID -eq 0 ]]; then
    chown postgres:postgres "$VERN_PG_TMP"
  fi
  chmod 700 "$VERN_PG_TMP"

  # Run from the temp folder: the postgres user may not be allowed into the caller's cwd.
  if ! (cd "$VERN_PG_TMP" && vern_as_postgres "$VERN_PG_BIN/initdb" --pgdata="$data" --username=postgres \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$VERN_PG_TMP/initdb.log" 2>&1); then
    vern_services_warn "PostgreSQL: initdb failed:"
    tail -n 30 "$VERN_PG_TMP/initdb.log" >&2
    return 1
  fi

  # The port is free when chosen but may be taken before the server binds it: try again.
  for attempt in 1 2 3; do
    port=$(vern_free_port)
    if (cd "$VERN_PG_TMP" && vern_as_postgres "$VERN_PG_BIN/pg_ctl" --pgdata="$data" \
      --log="$VERN_PG_TMP/postgresql.log" --wait --timeout=60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$VERN_PG_TMP'" \
      -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1); then
      started=yes
      break
    fi
    grep -q 'Address already in use' "$VERN_PG_TMP/postgresql.log" 2>/dev/null || break
    vern_services_log "PostgreSQL: port $port was taken (attempt $attempt), trying another"
  done
  if [[ $started != yes ]]; then
    vern_services_warn "PostgreSQL: could not start"
    vern_pg_log_tail
    return 1
  fi

  local ready=no
  for _ in $(seq 1 60); do
    if "$VERN_PG_BIN/pg_isready" --quiet --host=127.0.0.1 --port="$port" --timeout=1; then
      ready=yes
      break
    fi
    sleep 0.5
  done
  if [[ $ready != yes ]]; then
    vern_services_warn "PostgreSQL: not ready on 127.0.0.1:$port after 30 s"
    vern_pg_log_tail
    return 1
  fi

  if ! "$VERN_PG_BIN/psql" --no-psqlrc --quiet --host=127.0.0.1 --port="$port" --username=postgres \
    --dbname=postgres --set=ON_ERROR_STOP=1 \
    --command='CREATE ROLE vern SUPERUSER LOGIN' \
    --command='CREATE DATABASE vern_test OWNER vern' >"$VERN_PG_TMP/psql.log" 2>&1; then
    vern_services_warn "PostgreSQL: could not create role vern and database vern_test:"
    cat "$VERN_PG_TMP/psql.log" >&2
    return 1
  fi

  export VERN_TEST_PG_URL="postgresql://vern@127.0.0.1:$port/vern_test"
  vern_services_log "PostgreSQL $("$VERN_PG_BIN/postgres" --version | awk '{print $3}') at $VERN_TEST_PG_URL"
}

vern_pg_stop() {
  [[ -n $VERN_PG_TMP ]] || return 0
  local data="$VERN_PG_TMP/data" pid
  if [[ -f $data/postmaster.pid ]]; then
    if ! (cd "$VERN_PG_TMP" && vern_as_postgres "$VERN_PG_BIN/pg_ctl" --pgdata="$data" --mode=fast \
      --wait --timeout=30 stop >/dev/null 2>&1); then
      pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
      if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        vern_services_warn "PostgreSQL: fast stop failed, killing postmaster $pid"
        kill -KILL "$pid" 2>/dev/null || true
        # The postmaster's children leave once it is gone.
        sleep 1
      fi
    fi
  fi
  rm -rf "$VERN_PG_TMP"
  VERN_PG_TMP=""
  unset VERN_TEST_PG_URL
}

vern_smtp_pid() {
  local pid
  pid=$(head -n 1 "$VERN_SMTP_TMP/smtp.pid" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && printf '%s\n' "$pid"
}

vern_smtp_log_tail() {
  vern_services_warn "last lines of $VERN_SMTP_TMP/smtp.log:"
  tail -n 30 "$VERN_SMTP_TMP/smtp.log" >&2 || true
}

vern_smtp_start() {
  local port="" pid
  VERN_SMTP_TMP=$(mktemp -d /tmp/vern-smtp.XXXXXX)
  mkdir "$VERN_SMTP_TMP/mail"
  # Its own session, so a Ctrl-C meant for the tests reaches it only through vern_smtp_stop.
  # --wait keeps $! alive as long as the sink even where setsid has to fork.
  setsid --wait "$VERN_SERVICE_PYTHON" "$VERN_SCRIPTS_DIR/smtp_sink.py" --host 127.0.0.1 --port 0 \
    --dir "$VERN_SMTP_TMP/mail" --port-file "$VERN_SMTP_TMP/smtp.port" --pid-file "$VERN_SMTP_TMP/smtp.pid" \
    </dev/null >"$VERN_SMTP_TMP/smtp.log" 2>&1 &
  pid=$!
  VERN_SMTP_LAUNCHER_PID=$pid

  for _ in $(seq 1 100); do
    if [[ -s $VERN_SMTP_TMP/smtp.port ]]; then
      port=$(<"$VERN_SMTP_TMP/smtp.port")
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $port ]]; then
    vern_services_warn "SMTP sink: did not start"
    vern_smtp_log_tail
    return 1
  fi

  # It must accept a connection and answer like an SMTP server.
  if ! "$VERN_SERVICE_PYTHON" -c '
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=5) as smtp:
    code, _ = smtp.noop()
    sys.exit(0 if code == 250 else 1)' "$port" 2>>"$VERN_SMTP_TMP/smtp.log"; then
    vern_services_warn "SMTP sink: not accepting connections on 127.0.0.1:$port"
    vern_smtp_log_tail
    return 1
  fi

  export VERN_TEST_SMTP_URL="smtp://127.0.0.1:$port"
  export VERN_TEST_SMTP_DIR="$VERN_SMTP_TMP/mail"
  vern_services_log "SMTP sink at $VERN_TEST_SMTP_URL, messages in $VERN_TEST_SMTP_DIR"
}

vern_smtp_stop() {
  [[ -n $VERN_SMTP_TMP ]] || return 0
  local pid
  # The sink's pid file, or the launcher when the sink never got as far as writing it.
  pid=$(vern_smtp_pid || true)
  pid=${pid:-$VERN_SMTP_LAUNCHER_PID}
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      vern_services_warn "SMTP sink: did not stop, killing $pid"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # Reap the launcher so no zombie outlives the tests.
  if [[ -n $VERN_SMTP_LAUNCHER_PID ]]; then
    wait "$VERN_SMTP_LAUNCHER_PID" 2>/dev/null || true
  fi
  rm -rf "$VERN_SMTP_TMP"
  VERN_SMTP_TMP=""
  VERN_SMTP_LAUNCHER_PID=""
  unset VERN_TEST_SMTP_URL VERN_TEST_SMTP_DIR
}

vern_services_stop() {
  vern_smtp_stop
  vern_pg_stop
}
