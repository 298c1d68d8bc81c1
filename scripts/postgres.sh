#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, without Docker.
#
#   scripts/postgres.sh start DIR PORT   initialise (first time) and start a cluster in DIR, listening on
#                                        127.0.0.1:PORT only; prints its DATABASE_URL on stdout
#   scripts/postgres.sh reset DIR        drop and recreate the database `guichet` (the cluster must run)
#   scripts/postgres.sh stop DIR         stop the cluster (does nothing if it is not running)
#
# DIR holds everything: data/ (the cluster), socket/ (its unix socket), postgres.log. Delete DIR to throw the
# cluster away. The database and the user are both `guichet`, password `guichet`; the user may create
# databases (tests can make one per suite). Authentication is `trust`, so nothing outside this machine's
# loopback should ever reach it. fsync stays on: the tests check what a committed booking survives.
#
# Installs Debian's `postgresql` when no /usr/lib/postgresql/*/bin/initdb exists. As root, the server runs as
# the `postgres` system user (PostgreSQL refuses to run as root) and DIR is handed to that user.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    sed -n '2,7s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

# Debian installs each major version under /usr/lib/postgresql/N/bin; take the newest.
find_bin_dir() {
    local found=(/usr/lib/postgresql/*/bin/initdb)
    [[ -e ${found[0]} ]] || return 1
    dirname "$(printf '%s\n' "${found[@]}" | sort -V | tail -n 1)"
}

# Run a PostgreSQL program as the user that owns the cluster. From inside DIR, because the server
# programs complain when they cannot read the current directory (root's home, say).
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$DIR" && runuser -u postgres -- "$@")
    else
        (cd "$DIR" && "$@")
    fi
}

is_running() {
    [[ -f $DATA/PG_VERSION ]] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

# The port of the running cluster, from the fourth line of postmaster.pid.
running_port() {
    sed -n 4p "$DATA/postmaster.pid"
}

# psql as the superuser over the unix socket, stopping at the first error.
superuser_sql() {
    as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR/socket" -p "$(running_port)" -U postgres -d postgres "$@"
}

create_database() {
    superuser_sql -c 'CREATE DATABASE guichet OWNER guichet'
}

cmd_start() {
    local port=$1
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
        die "not a port: $port"
    fi

    if [[ -z $BIN ]]; then
        apt_install postgresql
        BIN=$(find_bin_dir) || die "postgresql installed, but no /usr/lib/postgresql/*/bin/initdb"
    fi

    # A unix socket path may not exceed 107 bytes: DIR/socket/.s.PGSQL.PORT must fit.
    ((${#DIR} + 24 <= 107)) || die "path too long for a unix socket, choose a shorter one: $DIR"
    mkdir -p "$DIR"
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' system user (is Debian's postgresql installed?)"
        chown postgres:postgres "$DIR"
        # Every folder above DIR must let the postgres user through (mktemp -d makes 0700 folders).
        as_owner test -x "$DIR" || die "the postgres user cannot reach $DIR: choose a folder under /tmp"
    fi

    if is_running; then
        [[ $(running_port) == "$port" ]] || die "a cluster already runs in $DIR on port $(running_port), not $port"
        note "PostgreSQL already running in $DIR on port $port"
    else
        if [[ ! -f $DATA/PG_VERSION ]]; then
            note "initdb $DATA ($("$BIN/postgres" --version))"
            as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
                >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
            # Our settings live in their own file, rewritten on every start (the port may change).
            echo "include 'guichet.conf'" >>"$DATA/postgresql.conf"
        fi
        as_owner mkdir -p "$DIR/socket"
        # max_connections: the test suite runs many apps in parallel, each with its own pool.
        as_owner tee "$DATA/guichet.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR/socket'
max_connections = 300
EOF
        port_in_use "$port" && die "port $port is already taken on 127.0.0.1"
        note "starting PostgreSQL on 127.0.0.1:$port (log: $DIR/postgres.log)"
        if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 60 start >/dev/null; then
            tail -n 20 "$DIR/postgres.log" >&2 || true
            die "PostgreSQL did not start"
        fi
    fi

    # pg_ctl -w waits for the socket; make sure TCP answers too before handing out the URL.
    local tries
    for ((tries = 0; tries < 60; tries++)); do
        as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$port" && break
        sleep 0.5
    done
    ((tries < 60)) || die "PostgreSQL does not answer on 127.0.0.1:$port"

    # Idempotent, so that start also repairs a cluster whose setup was interrupted.
    superuser_sql <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'guichet') THEN
        CREATE ROLE guichet LOGIN CREATEDB PASSWORD 'guichet';
    END IF;
END
$$;
SQL
    if [[ -z $(superuser_sql -At -c "SELECT 1 FROM pg_database WHERE datname = 'guichet'") ]]; then
        create_database
    fi

    printf 'postgres://guichet:guichet@127.0.0.1:%s/guichet\n' "$port"
}

cmd_reset() {
    is_running || die "no PostgreSQL running in $DIR"
    note "recreating database guichet"
    # WITH (FORCE) disconnects whatever still holds a session (PostgreSQL 13 and later).
    superuser_sql -c 'DROP DATABASE IF EXISTS guichet WITH (FORCE)'
    create_database
}

cmd_stop() {
    if [[ -n $BIN ]] && is_running; then
        note "stopping PostgreSQL in $DIR"
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
    else
        note "no PostgreSQL running in $DIR"
    fi
}

(($# >= 2)) || usage
COMMAND=$1
DIR=$(realpath -m -- "$2")
DATA=$DIR/data
BIN=$(find_bin_dir || true)

case $COMMAND in
start)
    (($# == 3)) || usage
    cmd_start "$3"
    ;;
reset)
    (($# == 2)) || usage
    cmd_reset
    ;;
stop)
    (($# == 2)) || usage
    cmd_stop
    ;;
*) usage ;;
esac
