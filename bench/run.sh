#!/usr/bin/env bash
# HTTP benchmark of a release build of guichet, with wrk and 64 concurrent connections.
#
#   bench/run.sh [sqlite|postgres|both]      (default: both)
#
# For each database, on a fresh data folder (and a freshly created PostgreSQL database):
#   guichet migrate --yes; guichet demo; guichet bench-seed --slots N   (prints "slots FIRST_ID LAST_ID")
# then, on that same seeded data, holds in variants, each on its own disjoint share of the seeded slot ids and
# each with a server of its own (guichet serve --hostname 127.0.0.1 --port PORT, restarted between variants
# because the environment differs; BENCH_WARMUP of availability reads after each start, not measured):
#   holds          the baseline: GUICHET_SUBMISSION_LIMIT=off GUICHET_PROOF_OF_WORK=off. With this server first
#                  a) availability reads: GET /api/v1/procedures/first-application/availability, today to today
#                     + 27 days (measured once, here only), then
#                  b) holds: POST /api/v1/appointments, each on its own slot for its own applicant (bench/hold.lua)
#   holds+shared   the same holds through the state shared between nodes (SubmissionGate): submission limits on
#                  but too high to refuse (GUICHET_SUBMISSION_LIMIT=100000,1000000, the most the setting takes)
#                  and the proof of work on (GUICHET_PROOF_OF_WORK=1000: the server's check, one HMAC and one
#                  SHA-256, does not depend on it, only the client's search does). So each hold also spends its
#                  proof (INSERT INTO spent_challenges) and is counted per address and per network
#                  (a submission_counts upsert) inside the hold's own transaction. wrk cannot solve proofs: before the
#                  run, not measured, bench/challenges.py fetches and solves BENCH_PROOFS_FACTOR x the baseline's
#                  holds/s x BENCH_DURATION challenges (GET /api/v1/challenge; at most the variant's slots), one
#                  Altcha header per line, and hold.lua gives each hold its own (BENCH_ALTCHA_FILE). Each hold
#                  comes from an address of its own (X-Forwarded-For 10.x.y.z through GUICHET_TRUSTED_PROXY=127.0.0.1,
#                  256 to a /24), as a public service's clients do.
#   holds+shared-1addr  the same, every hold from 127.0.0.1: the worst case, every transaction counting on the
#                  same two rows of submission_counts, one after the other.
#   holds-notify   PostgreSQL only: the baseline with the seat-change triggers dropped (every trigger that calls
#                  guichet_seats_changed(), the NOTIFY guichet_seats at every commit that changes seats), to
#                  show what that NOTIFY costs. Runs last: the triggers stay dropped.
# and prints a table of the figures, one row per database and variant, with each variant's holds/s and hold p50
# against its database's baseline, reads/s and holds/s as a share of Vapor's own ceiling on this machine (measured
# first, in the same run: `guichet bench-ceiling`, GET /plain of the same binary without any middleware of ours),
# and the server's peak resident memory (VmHWM) at the end of each variant. wrk's full output, the server's logs and the table go to BENCH_OUT.
#
# Settings (environment):
#   BENCH_DURATION=10s  BENCH_CONNECTIONS=64  BENCH_THREADS=2  BENCH_WARMUP=2s (reads, after each start; 0: none)
#   BENCH_SLOTS=180000 (split evenly between the variants)  BENCH_PROOFS_FACTOR=2
#   BENCH_PORT=<first free from 18080>  BENCH_OUT=artifacts/bench/<UTC time>
#   GUICHET_BIN=path    use this binary instead of building one (swift build -c release --product guichet)
#
# Every hold of every variant should be answered 202; the others are counted and shown under the table. A
# variant whose slots or proofs ran out before the end is flagged (its holds/s is then a lower bound). The
# challenges last ten minutes: fetching them and the run must fit in that.
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
SLOTS=${BENCH_SLOTS:-180000}
PROOFS_FACTOR=${BENCH_PROOFS_FACTOR:-2}
OUT=${BENCH_OUT:-$ROOT/artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)}
WRK_OPTIONS=(-c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency)
# holds+shared: limits that never refuse (GuichetConfig.parseSubmissionLimits takes at most 100000 per address and
# 1000000 per network, in ten minutes; every hold comes from 127.0.0.1) and the cheapest proof of work it takes.
SHARED_LIMIT=100000,1000000
SHARED_PER_ADDRESS=${SHARED_LIMIT%%,*}
SHARED_WORK=1000

# DURATION in seconds (wrk takes 10, 10s, 2m, 1h).
case $DURATION in
*h) DURATION_SECONDS=$((${DURATION%h} * 3600)) ;;
*m) DURATION_SECONDS=$((${DURATION%m} * 60)) ;;
*s) DURATION_SECONDS=$((${DURATION%s})) ;;
*) DURATION_SECONDS=$((DURATION)) ;;
esac
((DURATION_SECONDS > 0 && DURATION_SECONDS < 540)) ||
    die "BENCH_DURATION=$DURATION: want a few seconds (the proofs of work last ten minutes)"

SERVER_PID=""
CEILING_PID=""
CEILING=""
PG_DIR=""
DATA_DIRS=()
ROWS=()
DETAILS=()

cleanup() {
    stop_server
    [[ -z $CEILING_PID ]] || kill -TERM "$CEILING_PID" 2>/dev/null || true
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
# start_server LOG URL LIMIT WORK: guichet serve with GUICHET_SUBMISSION_LIMIT=LIMIT GUICHET_PROOF_OF_WORK=WORK.
start_server() {
    local log=$1 url=$2 limit=$3 work=$4
    GUICHET_SUBMISSION_LIMIT=$limit GUICHET_PROOF_OF_WORK=$work GUICHET_TRUSTED_PROXY=${SERVER_TRUSTED:-} \
        "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$log" 2>&1 &
    SERVER_PID=$!
    wait_answering "$url/healthz" "$SERVER_PID" "$log"
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

# measure_ceiling: Vapor alone on this machine, now (guichet bench-ceiling: GET /plain), into CEILING (requests/s).
measure_ceiling() {
    local port url data
    port=$(free_port 18180)
    url="http://127.0.0.1:$port/plain"
    data=$(mktemp -d /tmp/guichet-bench-ceiling.XXXXXX)
    DATA_DIRS+=("$data")
    GUICHET_DATA=$data "$BIN" bench-ceiling --port "$port" >"$OUT/ceiling.log" 2>&1 &
    CEILING_PID=$!
    wait_answering "$url" "$CEILING_PID" "$OUT/ceiling.log"
    wrk -c "$CONNECTIONS" -t "$THREADS" -d 2s "$url" >/dev/null
    run_wrk ceiling "${WRK_OPTIONS[@]}" "$url"
    CEILING=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/ceiling.txt")
    [[ -n $CEILING ]] || die "wrk printed no Requests/sec for the ceiling (see $OUT/ceiling.txt)"
    kill -TERM "$CEILING_PID" 2>/dev/null || true
    wait "$CEILING_PID" 2>/dev/null || true
    CEILING_PID=""
}

# --- PostgreSQL ----------------------------------------------------------------------------------------------
# The psql of the PostgreSQL that scripts/postgres.sh runs (the newest /usr/lib/postgresql/N/bin), else PATH's.
find_psql() {
    local found=(/usr/lib/postgresql/*/bin/psql)
    if [[ -e ${found[0]} ]]; then
        printf '%s\n' "${found[@]}" | sort -V | tail -n 1
    else
        command -v psql || die "no psql (neither /usr/lib/postgresql/*/bin/psql nor on PATH)"
    fi
}

bench_sql() {
    "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 "$PG_URL" "$@"
}

# drop_seat_triggers: drops every trigger that calls guichet_seats_changed() (AddSeatChangeSignal: one per table
# whose changes move seats), so that no commit sends NOTIFY guichet_seats; fails if there is none to drop.
drop_seat_triggers() {
    local triggers trigger
    local query="SELECT format('%I ON %I.%I', t.tgname, n.nspname, c.relname) FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE p.proname = 'guichet_seats_changed' AND NOT t.tgisinternal ORDER BY 1"
    triggers=$(bench_sql -c "$query") || die "psql could not list the triggers"
    [[ -n $triggers ]] || die "no trigger calls guichet_seats_changed(): has the seat-change migration changed?"
    while read -r trigger; do
        bench_sql -c "DROP TRIGGER $trigger" || die "psql could not drop trigger $trigger"
    done <<<"$triggers"
    [[ -z $(bench_sql -c "$query") ]] || die "seat-change triggers remain after DROP TRIGGER"
    note "dropped the seat-change triggers: $(tr '\n' ';' <<<"$triggers" | sed 's/;$//; s/;/; /g')"
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
    local database=$1 data seed first last
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

    # The variants, each on its own share of first..last (the last one takes the remainder).
    local variants=(holds holds+shared holds+shared-1addr) index per
    [[ $database != postgres ]] || variants+=(holds-notify)
    per=$(((last - first + 1) / ${#variants[@]}))
    ((per >= THREADS)) || die "too few slots for ${#variants[@]} variants of $THREADS threads: $first..$last"
    BASELINE_RATE=""
    for index in "${!variants[@]}"; do
        local range_first=$((first + index * per)) range_last
        range_last=$((index == ${#variants[@]} - 1 ? last : range_first + per - 1))
        bench_variant "$database" "${variants[index]}" "$range_first" "$range_last"
    done
}

# bench_variant DATABASE VARIANT FIRST_SLOT LAST_SLOT: one server, then holds on FIRST_SLOT..LAST_SLOT (and, for
# the baseline, the reads first); appends the row to ROWS.
bench_variant() {
    local database=$1 variant=$2 first=$3 last=$4
    local name="$database-$variant" url="http://127.0.0.1:$PORT" limit=off work=off altcha_file="" spread=0
    SERVER_TRUSTED=""
    note "--- $database: $variant (slots $first..$last) ---"
    case $variant in
    holds+shared) limit=$SHARED_LIMIT work=$SHARED_WORK spread=1 SERVER_TRUSTED=127.0.0.1 ;;
    holds+shared-1addr) limit=$SHARED_LIMIT work=$SHARED_WORK ;;
    holds-notify) drop_seat_triggers ;;
    esac
    start_server "$OUT/$name-serve.log" "$url" "$limit" "$work"

    # holds+shared: the proofs of work, fetched and solved now, outside the measured run.
    if [[ $variant == holds+shared* ]]; then
        local proofs line count seconds maxnumber
        proofs=$(awk -v rate="${BASELINE_RATE:-0}" -v seconds="$DURATION_SECONDS" -v factor="$PROOFS_FACTOR" \
            -v connections="$CONNECTIONS" -v slots="$((last - first + 1))" -v limit="$SHARED_PER_ADDRESS" \
            'BEGIN { n = int(rate * seconds * factor) + 2 * connections
                     if (n > slots) n = slots
                     if (n > limit) n = limit
                     print n }')
        altcha_file=$GUICHET_DATA/altcha-$variant.txt
        note "fetching and solving $proofs proofs of work ($PROOFS_FACTOR x ${BASELINE_RATE:-0} holds/s x $DURATION_SECONDS s)"
        python3 bench/challenges.py "$url" "$proofs" "$altcha_file" >"$OUT/$name-challenges.txt" ||
            die "bench/challenges.py failed against $url"
        line=$(grep -m 1 '^challenges ' "$OUT/$name-challenges.txt") || die "bench/challenges.py printed no result"
        read -r _ count seconds maxnumber <<<"$line"
        note "$count proofs (maxnumber $maxnumber) in $seconds s"
        DETAILS+=("$database $variant: $count proofs (maxnumber $maxnumber) fetched and solved in $seconds s before the run, not measured")
    fi

    # A short warm-up (connection pools, caches) that is not measured.
    local availability="$url/api/v1/procedures/first-application/availability?from=$FROM&to=$TO"
    if [[ $WARMUP != 0 ]]; then
        wrk -c "$CONNECTIONS" -t "$THREADS" -d "$WARMUP" "$availability" >/dev/null
    fi

    # a) availability reads, with the baseline's server only.
    local reads=""
    if [[ $variant == holds ]]; then
        local status
        status=$(curl -s -o "$OUT/$database-availability.json" -w '%{http_code}' "$availability") || true
        [[ $status == 200 ]] || note "warning: availability answered $status (body in $OUT/$database-availability.json)"
        run_wrk "$database-reads" "${WRK_OPTIONS[@]}" -s bench/read.lua "$availability"
        reads=$(result_line "$OUT/$database-reads.txt" read-result)
    fi

    # b) holds, one distinct slot, identity and email (and proof) per request.
    BENCH_FIRST_SLOT=$first BENCH_LAST_SLOT=$last BENCH_THREADS=$THREADS BENCH_ALTCHA_FILE=$altcha_file BENCH_SPREAD=$spread \
        run_wrk "$name" "${WRK_OPTIONS[@]}" -s bench/hold.lua "$url/api/v1/appointments"
    local holds
    holds=$(result_line "$OUT/$name.txt" hold-result)
    [[ $variant != holds ]] || BASELINE_RATE=$(field "$holds" rate)

    kill -0 "$SERVER_PID" 2>/dev/null || die "guichet serve died during the benchmark (log: $OUT/$name-serve.log)"
    local rss
    rss=$(peak_rss_mb "$SERVER_PID")
    stop_server

    # One tab-separated row per database and variant, in the order of TABLE_COLUMNS ("-": not measured).
    local read_rate=- read_p50=- read_p99=- read_bad=- read_socket=0
    if [[ -n $reads ]]; then
        read_rate=$(field "$reads" rate) read_p50=$(field "$reads" p50_ms) read_p99=$(field "$reads" p99_ms)
        read_bad=$(field "$reads" non_2xx) read_socket=$(field "$reads" socket_errors)
    fi
    ROWS+=("$(printf '%s\t' "$database" "$variant" "$read_rate" "$read_p50" "$read_p99" \
        "$(field "$holds" rate)" "$(field "$holds" p50_ms)" "$(field "$holds" p99_ms)" \
        "$read_bad" "$(field "$holds" others)" "$((read_socket + $(field "$holds" socket_errors)))" "$rss")")
    if (($(field "$holds" exhausted_threads) > 0)); then
        DETAILS+=("$database $variant: the slots ran out before the end (raise BENCH_SLOTS); holds/s is a lower bound")
    fi
    if (($(field "$holds" proofless_threads) > 0)); then
        DETAILS+=("$database $variant: the proofs ran out before the end (raise BENCH_PROOFS_FACTOR); holds/s is a lower bound")
    fi
    while read -r _ code count; do
        DETAILS+=("$database $variant: $count holds answered $code")
    done < <(grep '^hold-status ' "$OUT/$name.txt" || true)
    while read -r _ code body; do
        DETAILS+=("$database $variant: e.g. $code $body")
    done < <(grep '^hold-sample ' "$OUT/$name.txt" || true)
}

# --- main --------------------------------------------------------------------------------------------------
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v python3 >/dev/null || apt_install python3
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
    PSQL=$(find_psql)
fi
PORT=${BENCH_PORT:-$(free_port 18080)}
FROM=$(TZ=Europe/Paris date +%F)
TO=$(TZ=Europe/Paris date -d "$FROM + 27 days" +%F)

measure_ceiling
for database in "${DATABASES[@]}"; do
    bench_database "$database"
done

TABLE_COLUMNS=(database variant reads/s 'read p50' 'read p99' holds/s 'hold p50' 'hold p99' 'reads !2xx' 'holds !202'
    'sock errors' 'peak RSS MB')
# Machine-readable figures (milliseconds for latencies, "-" where not measured), then the table for people, with
# each variant's holds/s and hold p50 against its database's baseline (the variant "holds").
{
    (IFS=$'\t' && printf '%s\n' "${TABLE_COLUMNS[*]}")
    printf '%s\n' "${ROWS[@]}" | sed 's/\t$//'
} >"$OUT/figures.tsv"
{
    printf '\nbench/run.sh %s: wrk %s, %s cores, load %s, %s\n' "${1:-both}" "${WRK_OPTIONS[*]}" "$(nproc)" \
        "$(cut -d ' ' -f 1-3 /proc/loadavg)" "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo 'no commit')"
    printf 'ceiling: %s requests/s (guichet bench-ceiling, GET /plain, same wrk options, this run)\n' "$CEILING"
    awk -F '\t' -v ceiling="$CEILING" '
        function share(value) { return value == "-" ? sprintf("%7s", "-") : sprintf("%6.1f%%", 100 * value / ceiling) }
        function ms(value) { return value == "-" ? sprintf("%11s", "-") : sprintf("%8.2f ms", value) }
        function num(value) { return value == "-" ? sprintf("%9s", "-") : sprintf("%9.0f", value) }
        function change(value, base) {
            return (base == "" || base <= 0) ? sprintf("%8s", "") : sprintf("%+7.1f%%", (value / base - 1) * 100)
        }
        NR == 1 {
            printf "%-9s %-18s %9s %7s %11s %11s %9s %7s %8s %11s %8s %11s %10s %10s %11s %11s\n", $1, $2, $3,
                "ceil", $4, $5, $6, "ceil", "vs base", $7, "vs base", $8, $9, $10, $11, $12
            next
        }
        {
            if ($2 == "holds") { rate[$1] = $6; p50[$1] = $7 }
            printf "%-9s %-18s %s %s %s %s %s %s %s %s %s %s %10s %10s %11s %11s\n", $1, $2, num($3), share($3),
                ms($4), ms($5), num($6), share($6),
                $2 == "holds" ? sprintf("%8s", "") : change($6, rate[$1]), ms($7),
                $2 == "holds" ? sprintf("%8s", "") : change($7, p50[$1]), ms($8), $9, $10, $11, $12
        }' "$OUT/figures.tsv"
    ((${#DETAILS[@]} == 0)) || printf '  %s\n' "${DETAILS[@]}"
    printf 'holds/s counts 202 answers only; latencies cover every answer; "ceil": share of the ceiling above;\n'
    printf 'targets (issue 13.5): SQLite >= 5000 holds/s, PostgreSQL >= 3000, reads >= 15000/s, p99 < 50 ms (reads),\n'
    printf '< 100 ms (holds), no errors, peak RSS < 300 MB; "vs base": against the same database'"'"'s\n'
    printf '"holds" row (holds+shared: + proof of work spent + limits counted, an address per hold; -1addr: all from one address;\nholds-notify: - NOTIFY); logs in %s\n' "$OUT"
} | tee "$OUT/figures.txt"
