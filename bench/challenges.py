#!/usr/bin/env python3
"""Fetches and solves proof-of-work challenges for the `holds+shared` variant of bench/run.sh, before its wrk run.

wrk cannot solve a proof of work, so this does it ahead of time: it asks the server for COUNT challenges
(GET /api/v1/challenge, ALTCHA format: algorithm, challenge, maxnumber, salt, signature), finds each one's number by
trying 0, 1, 2, ... as the page's script does (SHA-256 of the salt followed by the number in decimal), and writes one
`Altcha` header value per line to FILE: base64 of the JSON {algorithm, challenge, number, salt, signature}.
bench/hold.lua (BENCH_ALTCHA_FILE) gives each hold a line of its own. A challenge lasts ten minutes (the `expires`
in its salt): the file must be used within that.

    python3 bench/challenges.py BASE_URL COUNT FILE [CONNECTIONS]     (CONNECTIONS defaults to 4)

Each connection is a keep-alive HTTP/1.1 connection of its own in a thread (a new connection per challenge would
leave tens of thousands of sockets in TIME_WAIT). Prints, last, "challenges COUNT SECONDS MAXNUMBER". Stdlib only.
"""

import base64
import hashlib
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit

PATH = "/api/v1/challenge"
FIELDS = ("algorithm", "challenge", "salt", "signature")


def solve(challenge: dict) -> str:
    """The `Altcha` header for one challenge (as bench/attack/actors.py `solve`)."""
    if challenge.get("algorithm") != "SHA-256":
        raise ValueError(f"unknown algorithm in {challenge}")
    prefix = hashlib.sha256(challenge["salt"].encode())
    target = bytes.fromhex(challenge["challenge"])
    for number in range(int(challenge["maxnumber"]) + 1):
        attempt = prefix.copy()
        attempt.update(str(number).encode())
        if attempt.digest() == target:
            solution = {key: challenge[key] for key in FIELDS}
            solution["number"] = number
            return base64.b64encode(json.dumps(solution, separators=(",", ":")).encode()).decode()
    raise ValueError(f"no number up to {challenge['maxnumber']} solves {challenge}")


def worker(host: str, port: int, count: int, out: list, errors: list, maxnumbers: set) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        for _ in range(count):
            connection.request("GET", PATH, headers={"Accept": "application/json"})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"GET {PATH} answered {response.status}: {body[:300]!r}")
            challenge = json.loads(body)
            maxnumbers.add(challenge["maxnumber"])
            out.append(solve(challenge))
    except Exception as error:  # reported by main, which exits non-zero
        errors.append(error)
    finally:
        connection.close()


def main() -> int:
    if len(sys.argv) not in (4, 5):
        print(__doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    url, count, path = urlsplit(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    connections = max(1, min(int(sys.argv[4]) if len(sys.argv) == 5 else 4, count))
    if url.scheme != "http" or not url.hostname or count < 1:
        print("challenges.py: BASE_URL must be http://HOST:PORT and COUNT at least 1", file=sys.stderr)
        return 2

    started = time.monotonic()
    results = [[] for _ in range(connections)]
    errors, maxnumbers = [], set()
    threads = [
        threading.Thread(target=worker, args=(url.hostname, url.port or 80,
                                              count // connections + (i < count % connections),
                                              results[i], errors, maxnumbers))
        for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"challenges.py: {errors[0]}", file=sys.stderr)
        return 1
    lines = [line for result in results for line in result]
    with open(path, "w", encoding="ascii") as file:
        file.write("\n".join(lines) + "\n")
    seconds = time.monotonic() - started
    print(f"challenges {len(lines)} {seconds:.1f} {','.join(str(n) for n in sorted(maxnumbers))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
