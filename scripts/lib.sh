# shellcheck shell=bash
# Helpers shared by scripts/postgres.sh, .ci/run and bench/run.sh. Source it; do not run it.
# Everything here writes to stderr so that a script's stdout stays free for what it answers
# (scripts/postgres.sh prints only the DATABASE_URL there).

# note MESSAGE...: a progress line, prefixed with the calling script's name.
note() {
    printf '%s: %s\n' "${0##*/}" "$*" >&2
}

# die MESSAGE...: print the reason and stop the script.
die() {
    printf '%s: error: %s\n' "${0##*/}" "$*" >&2
    exit 1
}

# port_in_use PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
# Uses bash's /dev/tcp, so it needs neither ss nor netstat on a bare machine.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port FIRST: print the first port from FIRST upwards (100 tried) that nothing listens on.
# There is a small window between this check and the caller's bind; the callers fail loudly if
# they lose that race, which is good enough for throwaway local servers.
free_port() {
    local port
    for ((port = $1; port < $1 + 100; port++)); do
        if ! port_in_use "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    die "no free TCP port in $1..$(($1 + 99))"
}

# apt_install PACKAGE...: install the Debian packages among those given that are not installed yet.
# 'apt-get update' runs at most once per script run, and only when something must be installed.
_APT_UPDATED=false
apt_install() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    ((${#missing[@]} > 0)) || return 0
    [[ $EUID -eq 0 ]] || die "need root to install ${missing[*]} (or install them yourself)"
    if [[ $_APT_UPDATED == false ]]; then
        note "apt-get update"
        apt-get -o Acquire::Retries=3 update -qq >&2
        _APT_UPDATED=true
    fi
    note "installing ${missing[*]} from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
}

# wait_answering URL PID LOG: until URL answers 200 (60 s at most), while process PID lives; on failure, show the
# end of LOG and stop the script.
wait_answering() {
    local url=$1 pid=$2 log=$3 tries
    for ((tries = 0; tries < 240; tries++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 30 "$log" >&2
            die "the server behind $url exited before answering (log: $log)"
        fi
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true) == 200 ]] && return 0
        sleep 0.25
    done
    tail -n 30 "$log" >&2
    die "$url did not answer 200 within 60 s (log: $log)"
}

# peak_rss_mb PID: the most resident memory process PID has used so far (VmHWM), in MB; "-" if unknown.
peak_rss_mb() {
    awk '/^VmHWM:/ { printf "%.0f\n", $2 / 1024; found = 1 } END { if (!found) print "-" }' "/proc/$1/status" 2>/dev/null ||
        printf '%s\n' -
}
