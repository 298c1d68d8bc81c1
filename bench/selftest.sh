#!/usr/bin/env bash
# Checks the benchmark harness (bench/run.sh, the wrk Lua scripts, the parsing of their output) without the
# Swift server: a fake `guichet` answers migrate/demo/bench-seed and serves bench/stub_server.py, which
# refuses what the real server would refuse (a slot twice, a repeated identity or email, a name with
# anything but letters, a hold without a solved and unspent proof of work when GUICHET_PROOF_OF_WORK asks for
# one, more holds than GUICHET_SUBMISSION_LIMIT, a setting `guichet serve` would not start with). On
# PostgreSQL the fake migrate makes seat-change triggers like the real one's, for holds-notify to drop. Passes
# when every variant of every database has its row, every read got a 2xx and every hold a 202.
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
    # Then, like AddSeatChangeSignal, triggers that NOTIFY at every change of seats (bench/run.sh drops them).
    [[ -z \${DATABASE_URL:-} ]] || psql -X -q -v ON_ERROR_STOP=1 "\$DATABASE_URL" <<'SQL'
CREATE TABLE migrated (x int);
CREATE TABLE slots (id int);
CREATE TABLE counters (id int);
CREATE FUNCTION guichet_seats_changed() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    PERFORM pg_notify('guichet_seats', current_schema());
    RETURN NULL;
END \$\$;
CREATE TRIGGER slots_seats_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON slots
    FOR EACH STATEMENT EXECUTE FUNCTION guichet_seats_changed();
CREATE TRIGGER counters_seats_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counters
    FOR EACH STATEMENT EXECUTE FUNCTION guichet_seats_changed();
SQL
    ;;
demo) ;;
bench-seed)
    [[ \$2 == --slots ]] || exit 3
    echo "[ WARNING ] a log line before the answer"
    echo "slots 1001 \$((1000 + \$3))" | tee "\$GUICHET_DATA/slots"
    ;;
bench-ceiling)
    [[ \$2 == --port ]] || exit 3
    exec python3 -c 'import http.server, sys
class Plain(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200 if self.path == "/plain" else 404)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"plain")
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Plain).serve_forever()' "\$3"
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

# figures.tsv: database variant reads/s p50 p99 holds/s p50 p99 reads-non-2xx holds-non-202 socket-errors peak-RSS;
# the reads only in the baseline ("holds") row, "-" elsewhere.
case ${1:-both} in
sqlite) expected="sqlite/holds sqlite/holds+shared sqlite/holds+shared-1addr" ;;
postgres) expected="postgres/holds postgres/holds+shared postgres/holds+shared-1addr postgres/holds-notify" ;;
*) expected="sqlite/holds sqlite/holds+shared sqlite/holds+shared-1addr postgres/holds postgres/holds+shared postgres/holds+shared-1addr postgres/holds-notify" ;;
esac
awk -F '\t' -v expected="$expected" 'NR > 1 {
         rows = rows " " $1 "/" $2
         reads_bad = $2 == "holds" ? ($3 <= 0 || $9 != 0) : ($3 != "-" || $9 != "-")
         if (reads_bad || $6 <= 0 || $10 != 0 || $11 != 0 || $12 !~ /^[0-9]+$/) { print "selftest: bad row: " $0; bad = 1 }
     }
     END {
         if (rows != " " expected) { print "selftest: rows" rows ", expected " expected; bad = 1 }
         exit bad
     }' "$FAKE/out/figures.tsv" || die "the harness did not measure cleanly"
grep -Eq '^ceiling: [0-9.]+ requests/s' "$FAKE/out/figures.txt" || die "no ceiling measured"
grep -q 'proofs (maxnumber 1000) fetched and solved' "$FAKE/out/figures.txt" ||
    die "no proofs of work were fetched for holds+shared"
note "harness OK"
