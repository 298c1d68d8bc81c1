#!/usr/bin/env bash
# Checks the benchmark harness (bench/run.sh, the wrk Lua scripts, the parsing of their output) without the
# Swift server: a fake `guichet` answers migrate/demo/bench-seed and serves bench/stub_server.py, which
# refuses what the real server would refuse (a slot twice, a repeated identity or email, a name with
# anything but letters). Passes when every read got a 2xx and every hold a 202.
#
#   bench/selftest.sh [sqlite|postgres|both]      (default: both; BENCH_DURATION defaults to 3s here)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

FAKE=$(mktemp -d /tmp/guichet-bench-selftest.XXXXXX)
trap 'rm -rf "$FAKE"' EXIT

cat >"$FAKE/guichet" <<EOF
#!/usr/bin/env bash
# A fake guichet that also checks the environment bench/run.sh gives it.
set -euo pipefail
[[ -d \${GUICHET_DATA:-} ]] || { echo "fake guichet: GUICHET_DATA is not a folder" >&2; exit 3; }
[[ \${LOG_LEVEL:-} == warning && -z \${MAIL_URL:-} ]] || { echo "fake guichet: wrong LOG_LEVEL/MAIL_URL" >&2; exit 3; }
case \$1 in
migrate)
    [[ \${2:-} == --yes ]] || exit 3
    # Fails unless the PostgreSQL database is brand new, as bench/run.sh promises.
    [[ -z \${DATABASE_URL:-} ]] || psql -X -q -v ON_ERROR_STOP=1 "\$DATABASE_URL" -c 'CREATE TABLE migrated (x int)'
    ;;
demo) ;;
bench-seed)
    [[ \$2 == --slots ]] || exit 3
    echo "[ WARNING ] a log line before the answer"
    echo "slots 1001 \$((1000 + \$3))" | tee "\$GUICHET_DATA/slots"
    ;;
serve)
    [[ \$2 == --hostname && \$4 == --port ]] || exit 3
    read -r _ first last <"\$GUICHET_DATA/slots"
    exec python3 "$PWD/bench/stub_server.py" "\$3" "\$5" "\$first" "\$last"
    ;;
*) exit 3 ;;
esac
EOF
chmod +x "$FAKE/guichet"

BENCH_OUT=$FAKE/out BENCH_DURATION=${BENCH_DURATION:-3s} GUICHET_BIN=$FAKE/guichet bench/run.sh "${1:-both}"

# figures.tsv: database reads/s p50 p99 holds/s p50 p99 reads-non-2xx holds-non-202 socket-errors
awk -F '\t' 'NR > 1 {
         rows++
         if ($2 <= 0 || $5 <= 0 || $8 != 0 || $9 != 0 || $10 != 0) { print "selftest: bad row: " $0; bad = 1 }
     }
     END { exit (bad || rows == 0) }' "$FAKE/out/figures.tsv" || die "the harness did not measure cleanly"
note "harness OK"
