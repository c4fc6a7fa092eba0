#!/usr/bin/env bash
# The back-end services the integration suite runs against, all throwaway and on loopback:
# a PostgreSQL 15 cluster in a temporary directory, a Redis server and a Celery worker.
#
#   scripts/services.sh start    stop whatever a previous run left, then start all three
#   scripts/services.sh stop     stop them by pid (idempotent; also cleans up after a killed run)
#   scripts/services.sh status   show what runs
#   scripts/services.sh lock-file  the lock that serialises runs using these ports
#
# State lives in .run/ (git-ignored): pid files, logs, the e-mail directory and `env`, the
# variables a test process needs (`set -a; . .run/env; set +a`).
# Ports can be moved with NAVPARTNER_PG_PORT / NAVPARTNER_REDIS_PORT.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=${NAVPARTNER_RUN_DIR:-$ROOT/.run}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${NAVPARTNER_PG_PORT:-5433}
REDIS_PORT=${NAVPARTNER_REDIS_PORT:-6390}
DB_NAME=navpartner
# pytest-django creates and drops this one; the worker must use the same database.
TEST_DB_NAME=test_$DB_NAME
MAIL_DIR=$RUN/mail

say() { echo "services: $*"; }
die() {
    echo "services: ERROR: $*" >&2
    exit 1
}

uv_cmd() { "$ROOT/scripts/ensure-uv.sh"; }

# --- process helpers ---------------------------------------------------------------------

read_pid() {
    if [[ -s "$1" ]]; then head -n1 "$1" | tr -dc '0-9'; fi
}

# alive PID WORD: the process exists and its command line contains WORD (a pid file left by a
# killed run may name a pid that now belongs to someone else).
alive() {
    local pid=$1 word=$2
    local cmdline
    [[ -n "$pid" ]] || return 1
    cmdline=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null) || return 1
    [[ "$cmdline" == *"$word"* ]]
}

# stop_pid PID WORD NAME SECONDS: TERM, wait, then KILL (with the children it had).
stop_pid() {
    local pid=$1 word=$2 name=$3 wait_s=$4 children
    alive "$pid" "$word" || return 0
    children=$(pgrep -P "$pid" 2>/dev/null | tr '\n' ' ' || true)
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait_s * 10; i++)); do
        alive "$pid" "$word" || break
        sleep 0.1
    done
    if alive "$pid" "$word"; then
        say "$name did not stop in ${wait_s}s; killing pid $pid"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    for child in $children; do
        if alive "$child" "$word"; then kill -KILL "$child" 2>/dev/null || true; fi
    done
    return 0
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # SECONDS DESCRIPTION COMMAND...
    local seconds=$1 what=$2
    shift 2
    for ((i = 0; i < seconds * 10; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    die "$what did not come up within ${seconds}s"
}

# Run a PostgreSQL binary as the postgres user (PostgreSQL refuses to run as root).
as_postgres() {
    if ((EUID == 0)); then
        "$(command -v runuser || echo /usr/sbin/runuser)" -u postgres -- "$@"
    else
        "$@"
    fi
}

# --- stop --------------------------------------------------------------------------------

stop_celery() {
    stop_pid "$(read_pid "$RUN/celery.pid")" celery "Celery worker" 30
    # `uv run` waits for Celery and ends with it; make sure the wrapper is gone too.
    stop_pid "$(read_pid "$RUN/celery-wrapper.pid")" celery "Celery wrapper" 5
    # And any worker of ours the pid files lost track of (a start counted as failed).
    local pid
    for pid in $(worker_pids); do stop_pid "$pid" celery "Celery worker" 10; done
    rm -f "$RUN/celery.pid" "$RUN/celery-wrapper.pid"
}

# The processes running our worker, found by the pid file named on their command line (the
# wrapper's pid, `$!`, is not always the process that runs it: a shim may start it as a child).
worker_pids() {
    pgrep -f -- "--pidfile $RUN/celery.pid" 2>/dev/null || true
}

stop_redis() {
    stop_pid "$(read_pid "$RUN/redis.pid")" redis-server Redis 10
    rm -f "$RUN/redis.pid"
}

stop_postgres() {
    local root data pid
    root=$(cat "$RUN/pgroot" 2>/dev/null || true)
    data=$root/pgdata
    pid=$(read_pid "$RUN/postgres.pid")
    if [[ -n "$root" && -f "$data/postmaster.pid" ]]; then
        pid=$(read_pid "$data/postmaster.pid")
    fi
    if alive "$pid" postgres; then
        say "stopping PostgreSQL (pid $pid)"
        # `pg_ctl stop` signals the pid in postmaster.pid (fast shutdown) and waits.
        as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 20 stop >/dev/null 2>&1 ||
            stop_pid "$pid" postgres PostgreSQL 10
        stop_pid "$pid" postgres PostgreSQL 5
    fi
    if [[ -n "$root" && -d "$root" ]]; then
        cp "$data/server.log" "$RUN/postgres.log" 2>/dev/null || true
        # Only ever remove a directory this script made (mktemp -d /tmp/navpartner-pg.XXXXXX).
        if [[ "$root" == "${TMPDIR:-/tmp}"/navpartner-pg.* || "$root" == /tmp/navpartner-pg.* ]]
        then
            rm -rf "$root"
        fi
    fi
    rm -f "$RUN/pgroot" "$RUN/postgres.pid"
}

stop() {
    mkdir -p "$RUN"
    stop_celery
    stop_redis
    stop_postgres
    rm -f "$RUN/env"
    say "stopped"
}

# --- start -------------------------------------------------------------------------------

start_postgres() {
    local root data
    [[ -x "$PG_BIN/pg_ctl" ]] || die "no PostgreSQL 15 in $PG_BIN (apt-get install postgresql-15)"
    port_in_use "$PG_PORT" && die "port $PG_PORT is taken by another process"
    root=$(mktemp -d "${TMPDIR:-/tmp}/navpartner-pg.XXXXXX")
    echo "$root" >"$RUN/pgroot"
    chmod 755 "$root" # the postgres user must be able to traverse it
    data=$root/pgdata
    mkdir -m 700 "$data"
    ((EUID == 0)) && chown postgres:postgres "$data"
    say "PostgreSQL 15 cluster in $data, port $PG_PORT"
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$RUN/initdb.log" 2>&1 || {
        cat "$RUN/initdb.log" >&2
        die "initdb failed"
    }
    # The socket goes into the data directory (postgres cannot write to a root-owned /run).
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
        -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 9>&- || {
        cat "$data/server.log" >&2 || true
        die "PostgreSQL did not start"
    }
    read_pid "$data/postmaster.pid" >"$RUN/postgres.pid"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$DB_NAME"
    say "PostgreSQL up (pid $(cat "$RUN/postgres.pid")), database $DB_NAME"
}

start_redis() {
    port_in_use "$REDIS_PORT" && die "port $REDIS_PORT is taken by another process"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
        --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN" \
        --save "" --appendonly no 9>&-
    wait_for 10 Redis redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1
    wait_for 5 "Redis pid file" test -s "$RUN/redis.pid"
    say "Redis up (pid $(read_pid "$RUN/redis.pid")), port $REDIS_PORT"
}

# worker_state: 0 ready, 1 starting, 2 exited (its output is shown).
worker_state() {
    if ! alive "$(read_pid "$RUN/celery-wrapper.pid")" celery && [[ -z "$(worker_pids)" ]]; then
        tail -n 40 "$RUN/celery.out" "$RUN/celery.log" >&2 2>/dev/null || true
        return 2
    fi
    grep -q " ready\.$" "$RUN/celery.log" 2>/dev/null && return 0
    return 1
}

start_celery() {
    local uv
    uv=$(uv_cmd)
    say "Celery worker (log $RUN/celery.log)"
    # The worker runs the test settings (same SECRET_KEY, so reset tokens it makes are valid in
    # the test process) on the test database pytest-django creates, and writes e-mail as files.
    # DATABASE_CONN_MAX_AGE=0: no connection left open that would stop pytest dropping the DB.
    # A worker that exits while starting is started once more (seen once in a full run, with
    # nothing in its output); a second exit stops the run. Alive means the wrapper or any
    # process started with our pid file (worker_pids).
    local attempt state
    for attempt in 1 2; do
        stop_celery # nothing left of an attempt that failed
        launch_celery "$uv"
        for ((i = 0; i < 600; i++)); do
            state=0
            worker_state || state=$?
            [[ $state -eq 1 ]] || break
            sleep 0.1
        done
        if [[ $state -eq 0 ]]; then
            say "Celery worker up (pid $(read_pid "$RUN/celery.pid"))"
            return 0
        fi
        [[ $state -eq 1 ]] && die "the Celery worker did not come up within 60s"
        say "the Celery worker exited while starting (attempt $attempt)"
    done
    die "the Celery worker exited"
}

launch_celery() {
    local uv=$1
    rm -f "$RUN/celery.pid" "$RUN/celery.log"
    (
        cd "$ROOT"
        export DJANGO_SETTINGS_MODULE=tests.integration.worker_settings
        export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/$TEST_DB_NAME"
        export DATABASE_CONN_MAX_AGE=0
        export EMAIL_URL="filemail:///$MAIL_DIR" # environ drops one slash: ////abs/path
        export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
        export CELERY_RESULT_BACKEND="redis://127.0.0.1:$REDIS_PORT/1"
        # setsid: Ctrl-C in the terminal reaches the tests, not the worker; `stop` ends it.
        # shellcheck disable=SC2086 # $uv may be "python3 -m uv"
        setsid $uv run --frozen celery -A navpartner worker --pidfile "$RUN/celery.pid" \
            --logfile "$RUN/celery.log" --loglevel=INFO --concurrency=1 \
            --hostname "navpartner-test@%h" --without-gossip --without-mingle \
            </dev/null >"$RUN/celery.out" 2>&1 9>&- &
        echo $! >"$RUN/celery-wrapper.pid"
    )
}

stop_after_failed_start() {
    local rc=$?
    echo "services: start failed; stopping what started" >&2
    stop >&2
    exit "$rc"
}

start() {
    local started=$SECONDS
    mkdir -p "$RUN"
    stop_celery
    stop_redis
    stop_postgres
    rm -rf "$MAIL_DIR" "$RUN/celery.log" "$RUN/celery.out" "$RUN/redis.log" "$RUN/postgres.log"
    mkdir -p "$MAIL_DIR"
    # If any start fails, stop what did start.
    trap 'stop_after_failed_start' EXIT
    start_postgres
    start_redis
    start_celery
    trap - EXIT
    cat >"$RUN/env" <<ENV
export DJANGO_SETTINGS_MODULE=navpartner.settings.test
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME
export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0
export CELERY_RESULT_BACKEND=redis://127.0.0.1:$REDIS_PORT/1
export NAVPARTNER_TEST_MAIL_DIR=$MAIL_DIR
ENV
    say "all up in $((SECONDS - started))s; environment for tests in $RUN/env"
}

status_of() { # NAME PIDFILE WORD
    local pid
    pid=$(read_pid "$2")
    if alive "$pid" "$3"; then say "$1: up, pid $pid"; else say "$1: down"; fi
}

status() {
    status_of "PostgreSQL (port $PG_PORT)" "$RUN/postgres.pid" postgres
    status_of "Redis (port $REDIS_PORT)" "$RUN/redis.pid" redis-server
    status_of "Celery worker" "$RUN/celery.pid" celery
}

# Two runs on the same ports (from this tree or another checkout) would stop or block each
# other's services: one at a time. A caller that holds the lock already
# (scripts/test-integration.sh) sets NAVPARTNER_SERVICES_LOCKED=1.
LOCK_FILE=${TMPDIR:-/tmp}/navpartner-services-$PG_PORT-$REDIS_PORT.lock
lock() {
    [[ -n "${NAVPARTNER_SERVICES_LOCKED:-}" ]] && return 0
    exec 9>"$LOCK_FILE"
    if ! flock -n 9; then
        say "another run holds $LOCK_FILE; waiting for it"
        flock -w 900 9 || die "gave up waiting for $LOCK_FILE"
    fi
}

case "${1:-}" in
start) lock && start ;;
stop) lock && stop ;;
status) status ;;
lock-file) echo "$LOCK_FILE" ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
