#!/usr/bin/env bash
# HTTP benchmark of a release build of guichet, with wrk and 64 concurrent connections.
#
#   bench/run.sh [sqlite|postgres|both]      (default: both)
#
# For each database, on a fresh data folder (and a freshly created PostgreSQL database):
#   guichet migrate --yes; guichet demo; guichet bench-seed --slots N   (prints "slots FIRST_ID LAST_ID")
#   guichet serve --hostname 127.0.0.1 --port PORT, then
#   a) availability reads: GET /api/v1/procedures/first-application/availability, today to today + 27 days
#   b) holds: POST /api/v1/appointments, each on its own slot for its own applicant (bench/hold.lua)
# and prints a table of the figures. wrk's full output, the server's log and the table go to BENCH_OUT.
#
# Settings (environment):
#   BENCH_DURATION=10s  BENCH_CONNECTIONS=64  BENCH_THREADS=2  BENCH_WARMUP=2s (reads only; 0 to skip)
#   BENCH_SLOTS=80000   BENCH_PORT=<first free from 18080>  BENCH_OUT=artifacts/bench/<UTC time>
#   GUICHET_BIN=path    use this binary instead of building one (swift build -c release --product guichet)
#
# The server and wrk share this machine's cores, so the figures are a floor for the server alone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export LC_ALL=C # decimal points in printf, whatever the caller's locale
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

usage() {
    sed -n '2,4s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

case ${1:-both} in
sqlite) DATABASES=(sqlite) ;;
postgres) DATABASES=(postgres) ;;
both) DATABASES=(sqlite postgres) ;;
*) usage ;;
esac

DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-2s}
SLOTS=${BENCH_SLOTS:-80000}
OUT=${BENCH_OUT:-$ROOT/artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)}
WRK_OPTIONS=(-c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency)

SERVER_PID=""
PG_DIR=""
DATA_DIRS=()
ROWS=()
DETAILS=()

cleanup() {
    stop_server
    if [[ -n $PG_DIR ]]; then
        scripts/postgres.sh stop "$PG_DIR" || true
        rm -rf "$PG_DIR"
    fi
    ((${#DATA_DIRS[@]} == 0)) || rm -rf "${DATA_DIRS[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the server ------------------------------------------------------------------------------------------
start_server() {
    local log=$1 url=$2 tries
    # Every hold comes from 127.0.0.1 and wrk cannot solve a proof of work: both are lifted, the booking path is what
    # is measured (the proof costs the client, not the server: one HMAC and one SHA-256 to check).
    GUICHET_SUBMISSION_LIMIT=off GUICHET_PROOF_OF_WORK=off "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$log" 2>&1 &
    SERVER_PID=$!
    for ((tries = 0; tries < 240; tries++)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -n 30 "$log" >&2
            SERVER_PID=""
            die "guichet serve exited before answering (log: $log)"
        fi
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/healthz" || true) == 200 ]] && return 0
        sleep 0.25
    done
    tail -n 30 "$log" >&2
    die "GET /healthz did not answer 200 within 60 s (log: $log)"
}

stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local tries
    for ((tries = 0; tries < 60; tries++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.25
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# --- wrk output --------------------------------------------------------------------------------------------
# run_wrk NAME WRK-ARGUMENTS...: run wrk, show its output, keep it in $OUT/NAME.txt.
run_wrk() {
    local name=$1
    shift
    note "wrk $*"
    wrk "$@" | tee "$OUT/$name.txt"
}

# result_line FILE PREFIX: the line that the Lua done() printed, e.g. "read-result requests=... rate=...".
result_line() {
    grep -m 1 "^$2 " "$1" || die "wrk printed no '$2' line (see $1)"
}

# field LINE KEY: the value of KEY=value in LINE.
field() {
    local pair
    for pair in $1; do
        if [[ $pair == "$2="* ]]; then
            printf '%s\n' "${pair#*=}"
            return 0
        fi
    done
    die "no $2= in: $1"
}

# --- one database ------------------------------------------------------------------------------------------
bench_database() {
    local database=$1 data seed first last url
    note "=== $database ==="
    data=$(mktemp -d /tmp/guichet-bench-data.XXXXXX)
    DATA_DIRS+=("$data")
    export GUICHET_DATA=$data
    if [[ $database == postgres ]]; then
        scripts/postgres.sh reset "$PG_DIR"
        export DATABASE_URL=$PG_URL
    else
        unset DATABASE_URL
    fi

    "$BIN" migrate --yes >"$OUT/$database-migrate.log" 2>&1 ||
        { cat "$OUT/$database-migrate.log" >&2; die "guichet migrate failed"; }
    "$BIN" demo >"$OUT/$database-demo.log" 2>&1 ||
        { cat "$OUT/$database-demo.log" >&2; die "guichet demo failed"; }
    "$BIN" bench-seed --slots "$SLOTS" >"$OUT/$database-seed.log" 2>&1 ||
        { cat "$OUT/$database-seed.log" >&2; die "guichet bench-seed failed"; }
    seed=$(grep -E '^slots [0-9]+ [0-9]+$' "$OUT/$database-seed.log" | tail -n 1) ||
        die "guichet bench-seed printed no 'slots FIRST_ID LAST_ID' line (see $OUT/$database-seed.log)"
    read -r _ first last <<<"$seed"
    ((last - first + 1 == SLOTS)) || note "warning: bench-seed made ids $first..$last, not $SLOTS slots"
    ((last - first + 1 >= THREADS)) || die "too few slots: $first..$last"

    url="http://127.0.0.1:$PORT"
    start_server "$OUT/$database-serve.log" "$url"

    # a) availability reads, after a short warm-up (connection pools, caches) that is not measured.
    local availability="$url/api/v1/procedures/first-application/availability?from=$FROM&to=$TO"
    local status
    status=$(curl -s -o "$OUT/$database-availability.json" -w '%{http_code}' "$availability") || true
    [[ $status == 200 ]] || note "warning: availability answered $status (body in $OUT/$database-availability.json)"
    if [[ $WARMUP != 0 ]]; then
        wrk -c "$CONNECTIONS" -t "$THREADS" -d "$WARMUP" "$availability" >/dev/null
    fi
    run_wrk "$database-reads" "${WRK_OPTIONS[@]}" -s bench/read.lua "$availability"
    local reads
    reads=$(result_line "$OUT/$database-reads.txt" read-result)

    # b) holds, one distinct slot, identity and email per request.
    BENCH_FIRST_SLOT=$first BENCH_LAST_SLOT=$last BENCH_THREADS=$THREADS \
        run_wrk "$database-holds" "${WRK_OPTIONS[@]}" -s bench/hold.lua "$url/api/v1/appointments"
    local holds
    holds=$(result_line "$OUT/$database-holds.txt" hold-result)

    kill -0 "$SERVER_PID" 2>/dev/null || die "guichet serve died during the benchmark (log: $OUT/$database-serve.log)"
    stop_server

    # One tab-separated row per database, in the order of TABLE_COLUMNS.
    ROWS+=("$(printf '%s\t' "$database" \
        "$(field "$reads" rate)" "$(field "$reads" p50_ms)" "$(field "$reads" p99_ms)" \
        "$(field "$holds" rate)" "$(field "$holds" p50_ms)" "$(field "$holds" p99_ms)" \
        "$(field "$reads" non_2xx)" "$(field "$holds" others)" \
        "$(($(field "$reads" socket_errors) + $(field "$holds" socket_errors)))")")
    if (($(field "$holds" exhausted_threads) > 0)); then
        DETAILS+=("$database: the slots ran out before the end (raise BENCH_SLOTS); holds/s is a lower bound")
    fi
    while read -r _ code count; do
        DETAILS+=("$database: $count holds answered $code")
    done < <(grep '^hold-status ' "$OUT/$database-holds.txt" || true)
    while read -r _ code body; do
        DETAILS+=("$database: e.g. $code $body")
    done < <(grep '^hold-sample ' "$OUT/$database-holds.txt" || true)
}

# --- main --------------------------------------------------------------------------------------------------
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
mkdir -p "$OUT"

if [[ -n ${GUICHET_BIN:-} ]]; then
    BIN=$GUICHET_BIN
    note "using $BIN (GUICHET_BIN), no build"
else
    note "swift build -c release --product guichet"
    swift build -c release --product guichet
    BIN="$(swift build -c release --show-bin-path)/guichet"
fi
[[ -x $BIN ]] || die "no executable at $BIN"

# What the server is given: the default mail transport (files in the data folder), quiet logs.
unset MAIL_URL
export LOG_LEVEL=warning

if [[ " ${DATABASES[*]} " == *" postgres "* ]]; then
    PG_DIR=$(mktemp -d /tmp/guichet-bench-pg.XXXXXX)
    PG_URL=$(scripts/postgres.sh start "$PG_DIR" "$(free_port 55432)")
fi
PORT=${BENCH_PORT:-$(free_port 18080)}
FROM=$(TZ=Europe/Paris date +%F)
TO=$(TZ=Europe/Paris date -d "$FROM + 27 days" +%F)

for database in "${DATABASES[@]}"; do
    bench_database "$database"
done

TABLE_COLUMNS=(database reads/s 'read p50' 'read p99' holds/s 'hold p50' 'hold p99' 'reads !2xx' 'holds !202'
    'sock errors')
# Machine-readable figures (milliseconds for latencies), then the table for people.
{
    (IFS=$'\t' && printf '%s\n' "${TABLE_COLUMNS[*]}")
    printf '%s\n' "${ROWS[@]}" | sed 's/\t$//'
} >"$OUT/figures.tsv"
{
    printf '\nbench/run.sh %s: wrk %s, %s cores, %s\n' "${1:-both}" "${WRK_OPTIONS[*]}" "$(nproc)" \
        "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo 'no commit')"
    printf '%-9s %9s %11s %11s %9s %11s %11s %11s %11s %11s\n' "${TABLE_COLUMNS[@]}"
    tail -n +2 "$OUT/figures.tsv" | while IFS=$'\t' read -r db rr r50 r99 hr h50 h99 rbad hbad sock; do
        printf '%-9s %9.0f %8.2f ms %8.2f ms %9.0f %8.2f ms %8.2f ms %11s %11s %11s\n' \
            "$db" "$rr" "$r50" "$r99" "$hr" "$h50" "$h99" "$rbad" "$hbad" "$sock"
    done
    ((${#DETAILS[@]} == 0)) || printf '  %s\n' "${DETAILS[@]}"
    printf 'holds/s counts 202 answers only; latencies cover every answer; logs in %s\n' "$OUT"
} | tee "$OUT/figures.txt"
