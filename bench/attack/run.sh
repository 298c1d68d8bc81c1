#!/usr/bin/env bash
# Live attack benchmark: scripted scalper bots against simulated people, on a real guichet server, per mode.
#
#   bench/attack/run.sh [fcfs|lottery|draw|all] [--seed N] [--minutes M] [attack.py options]   (default: all)
#   bench/attack/run.sh selftest        the harness's arithmetic and generators, no server
#   bench/attack/run.sh --help          every option (applicants, clients' share, scalpers, networks, seats, …)
#
# Prints, per mode, the genuine share, the bots' advantage ratio and the share won by paid-for bookings in clients'
# names, with 95 % intervals, and writes attack.json, attack.txt and each mode's server log and database to
# ATTACK_OUT (default artifacts/attack/<UTC time>). How releases and draws are made to happen within minutes, and
# what is measured: the header of bench/attack/attack.py. Loopback only; about 15 minutes with the defaults.
#
# Settings (environment):
#   GUICHET_BIN=path   use this binary instead of building one (swift build -c release --product guichet)
#   ATTACK_VENV=dir    the Python virtual environment (default bench/attack/.venv, created with requirements.txt)
#   ATTACK_OUT=dir     where the results go
#
# Exit status: 0 when the harness worked, whatever the figures; 1 when it failed. A missed target is printed, not
# an error.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

HERE=bench/attack
VENV=${ATTACK_VENV:-$HERE/.venv}
[[ $VENV == /* ]] || VENV=$ROOT/$VENV
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c 'import httpx' 2>/dev/null; then
    note "creating the virtual environment $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet -r "$HERE/requirements.txt"
fi

case ${1:-} in
selftest)
    cd "$HERE"
    exec "$VENV/bin/python" -m unittest -v test_attack
    ;;
-h | --help)
    exec "$VENV/bin/python" "$HERE/attack.py" --help --bin none
    ;;
esac

if [[ -n ${GUICHET_BIN:-} ]]; then
    BIN=$GUICHET_BIN
    note "using $BIN (GUICHET_BIN), no build"
else
    note "swift build -c release --product guichet (up to 40 minutes the first time on 2 cores)"
    swift build -c release --product guichet
    BIN="$(swift build -c release --show-bin-path)/guichet"
fi
[[ -x $BIN ]] || die "no executable at $BIN"

OUT=${ATTACK_OUT:-$ROOT/artifacts/attack/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"

# Whatever happens, stop what this script started: the Python harness, and the server it may have left running
# (its pid is kept in $OUT/server.pid while it runs).
PY_PID=""
cleanup() {
    if [[ -n $PY_PID ]] && kill -0 "$PY_PID" 2>/dev/null; then
        kill -TERM "$PY_PID" 2>/dev/null || true
        wait "$PY_PID" 2>/dev/null || true
    fi
    if [[ -f $OUT/server.pid ]]; then
        local pid
        pid=$(cat "$OUT/server.pid")
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            sleep 2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$OUT/server.pid"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$VENV/bin/python" "$HERE/attack.py" "$@" --bin "$BIN" --out "$OUT" &
PY_PID=$!
status=0
wait "$PY_PID" || status=$?
PY_PID=""
exit "$status"
