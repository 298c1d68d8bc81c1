#!/usr/bin/env bash
# The fixed cost of a request (issue 13.3): Guichet's cheapest answers against Vapor's own plain-text route, measured
# in one run with wrk on this machine.
#
#   bench/fixed-cost.sh
#
# From one release binary it starts `guichet bench-ceiling` (Vapor alone, no middleware of ours: GET /plain) and
# `guichet serve` on a fresh SQLite demo database, then measures each path for BENCH_DURATION after a 2 s warm-up:
#   ceiling        GET /plain of bench-ceiling: what Vapor itself does on this machine
#   not found      GET /api/v1/nope: a JSON 404, no database
#   healthz        GET /healthz: one SELECT 1
#   static file    GET /styles.css: FileMiddleware
#   availability   GET /api/v1/procedures/first-application/availability: from memory, encoded
#   availability 304  the same with If-None-Match: the current ETag (bench/etag.lua)
# and prints requests/s, p50, p99, non-2xx/3xx answers and each figure as a share of the ceiling. Issue 13.3's
# target: not found, healthz and static file at 50 % of the ceiling or more.
#
# Settings (environment):
#   BENCH_DURATION=10s  BENCH_CONNECTIONS=64  BENCH_THREADS=2
#   BENCH_OUT=artifacts/bench/fixed-<UTC time>
#   GUICHET_BIN=path    use this binary instead of building one (swift build -c release --product guichet)
# The server and wrk share this machine's cores: the figures are a floor for the server alone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export LC_ALL=C
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
OUT=${BENCH_OUT:-$ROOT/artifacts/bench/fixed-$(date -u +%Y%m%dT%H%M%SZ)}
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
mkdir -p "$OUT"

if [[ -n ${GUICHET_BIN:-} ]]; then
    BIN=$GUICHET_BIN
else
    note "swift build -c release --product guichet"
    swift build -c release --product guichet
    BIN="$(swift build -c release --show-bin-path)/guichet"
fi
[[ -x $BIN ]] || die "no executable at $BIN"

DATA=$(mktemp -d /tmp/guichet-fixed-cost.XXXXXX)
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

unset DATABASE_URL MAIL_URL
export GUICHET_DATA=$DATA LOG_LEVEL=warning
CEILING_PORT=$(free_port 18180)
"$BIN" bench-ceiling --port "$CEILING_PORT" >"$OUT/ceiling.log" 2>&1 &
CEILING_PID=$!
PIDS+=("$CEILING_PID")
"$BIN" migrate --yes >"$OUT/migrate.log" 2>&1 || die "guichet migrate failed (log: $OUT/migrate.log)"
"$BIN" demo >"$OUT/demo.log" 2>&1 || die "guichet demo failed (log: $OUT/demo.log)"
PORT=$(free_port $((CEILING_PORT + 1)))
"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$OUT/serve.log" 2>&1 &
PIDS+=($!)
wait_answering "http://127.0.0.1:$CEILING_PORT/plain" "$CEILING_PID" "$OUT/ceiling.log"
wait_answering "http://127.0.0.1:$PORT/healthz" "${PIDS[-1]}" "$OUT/serve.log"

GUICHET=http://127.0.0.1:$PORT
AVAILABILITY=$GUICHET/api/v1/procedures/first-application/availability
ETAG=$(curl -s -D - -o /dev/null "$AVAILABILITY" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
[[ -n $ETAG ]] || die "no ETag on $AVAILABILITY"

# measure NAME URL [wrk options...]: one wrk run after a warm-up; appends "NAME rate p50 p99 errors".
ROWS=()
measure() {
    local name=$1 url=$2 log
    shift 2
    log="$OUT/${name// /-}.txt"
    wrk -c "$CONNECTIONS" -t "$THREADS" -d 2s "$@" "$url" >/dev/null
    wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency "$@" "$url" >"$log"
    local rate p50 p99 errors
    rate=$(awk '/^Requests\/sec:/ { print $2 }' "$log")
    p50=$(awk '$1 == "50%" { print $2 }' "$log")
    p99=$(awk '$1 == "99%" { print $2 }' "$log")
    errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$log")
    ROWS+=("$name|$rate|$p50|$p99|${errors:-0}")
    note "$name: $rate requests/s"
}

measure "ceiling" "http://127.0.0.1:$CEILING_PORT/plain"
measure "not found" "$GUICHET/api/v1/nope"
measure "healthz" "$GUICHET/healthz"
measure "static file" "$GUICHET/styles.css"
measure "availability" "$AVAILABILITY"
measure "availability 304" "$AVAILABILITY" -H "If-None-Match: $ETAG"

CEILING=${ROWS[0]#*|}
CEILING=${CEILING%%|*}
{
    printf 'bench/fixed-cost.sh: wrk -c %s -t %s -d %s --latency, %s cores, load %s, %s\n' "$CONNECTIONS" "$THREADS" \
        "$DURATION" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    printf '%-18s %12s %10s %10s %10s %14s\n' "path" "requests/s" "p50" "p99" "share" "not 2xx/3xx"
    for row in "${ROWS[@]}"; do
        IFS='|' read -r name rate p50 p99 errors <<<"$row"
        share=$(awk -v r="$rate" -v c="$CEILING" 'BEGIN { printf "%.0f %%", 100 * r / c }')
        printf '%-18s %12s %10s %10s %10s %14s\n' "$name" "$rate" "$p50" "$p99" "$share" "$errors"
    done
    printf 'not found answers 404 by design (counted as not 2xx/3xx); availability 304 answers 304.\n'
    printf 'Target (issue 13.3): not found, healthz and static file at >= 50 %% of the ceiling. Logs: %s\n' "$OUT"
} | tee "$OUT/table.txt"
