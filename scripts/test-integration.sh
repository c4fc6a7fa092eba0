#!/usr/bin/env bash
# Start PostgreSQL, Redis and a Celery worker (scripts/services.sh), run tests/integration
# against them, and stop them again — also when the tests fail or the run is interrupted.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUN=${NAVPARTNER_RUN_DIR:-$PWD/.run}
# One integration run at a time on these ports, held from start to stop.
lock_file=$(scripts/services.sh lock-file)
exec 9>"$lock_file"
if ! flock -n 9; then
    echo "services: another run holds $lock_file; waiting for it"
    flock -w 900 9
fi
export NAVPARTNER_SERVICES_LOCKED=1

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    echo "==> scripts/services.sh stop"
    scripts/services.sh stop || rc=1
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

echo "==> scripts/services.sh start"
scripts/services.sh start

set -a
# shellcheck source=/dev/null
. "$RUN/env"
set +a
UV=$(scripts/ensure-uv.sh)
echo "==> $UV run --frozen pytest tests/integration $*   (DATABASE_URL=$DATABASE_URL)"
# shellcheck disable=SC2086 # $UV may be "python3 -m uv"
$UV run --frozen pytest tests/integration "$@" 9>&-
