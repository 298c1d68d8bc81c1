"""A stand-in for `guichet serve`, used by bench/selftest.sh to check the benchmark harness.

It answers the four routes the benchmark uses and checks what bench/hold.lua sends the way the real server
would reject it: a slot outside the seeded range or asked for twice, a repeated identity or email, a name
that is not letters only. Like the real server it reads GUICHET_PROOF_OF_WORK and GUICHET_SUBMISSION_LIMIT
(and refuses to start on a value `guichet serve` would refuse): with a proof of work, GET /api/v1/challenge
hands out ALTCHA challenges and a hold needs a solved, unspent one in its `Altcha` header (403 otherwise);
with limits, more holds from one address than the first number in ten minutes are refused (429).
Run: python3 bench/stub_server.py HOST PORT FIRST_SLOT LAST_SLOT
"""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

HOST, PORT, FIRST, LAST = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
NAME = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)*$")  # letters, with single spaces, hyphens, apostrophes
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

KEY = secrets.token_bytes(32)


def setting(name, parse):
    value = os.environ.get(name, "")
    try:
        return parse(value)
    except ValueError:
        sys.exit(f"stub_server.py: guichet serve would refuse {name}={value!r}")


def parse_work(value):  # GuichetConfig: off, or a number from 1000 to 10000000 (empty: the default)
    if value.lower() == "off":
        return None
    number = int(value or 100_000)
    if not 1_000 <= number <= 10_000_000:
        raise ValueError
    return number


def parse_limits(value):  # GuichetConfig.parseSubmissionLimits: off, or "address,network"
    if value.lower() == "off":
        return None
    address, network = (int(part) for part in (value or "30,300").split(","))
    if not (1 <= address <= 100_000 and address <= network <= 1_000_000):
        raise ValueError
    return address


MAX_NUMBER = setting("GUICHET_PROOF_OF_WORK", parse_work)
PER_ADDRESS = setting("GUICHET_SUBMISSION_LIMIT", parse_limits)

lock = threading.Lock()
slots, identities, emails, spent = set(), set(), set(), set()
submissions = {}  # address -> count (the stub never runs ten minutes)


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def sign(challenge):
    return hmac.new(KEY, challenge.encode(), hashlib.sha256).hexdigest()


def new_challenge():
    salt = f"{secrets.token_hex(12)}?expires={int(time.time()) + 600}"
    challenge = sha256(salt + str(secrets.randbelow(MAX_NUMBER + 1)))
    return {"algorithm": "SHA-256", "challenge": challenge, "maxnumber": MAX_NUMBER, "salt": salt,
            "signature": sign(challenge)}


def proof_refusal(header):
    """Why the header is no solved challenge of ours, unexpired and unspent (SubmissionGate); None when it is, and
    then it is spent."""
    try:
        solution = json.loads(base64.b64decode(header or "", validate=True))
        challenge, number, salt = solution["challenge"].lower(), solution["number"], solution["salt"]
        signature = solution["signature"].lower()
        if solution["algorithm"] != "SHA-256" or not isinstance(number, int) or number < 0:
            return "malformed"
    except (ValueError, KeyError, TypeError, AttributeError):
        return "malformed"
    if not hmac.compare_digest(sign(challenge), signature):
        return "forged"
    expires = salt.partition("?expires=")[2]
    if not expires.isdigit() or int(expires) <= time.time():
        return "expired"
    if sha256(salt + str(number)) != challenge:
        return "wrong_number"
    with lock:
        if challenge in spent:
            return "spent"
        spent.add(challenge)
    return None


def placeholder(word):
    return len(word) < 2 or len(set(word.lower())) == 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

    def log_message(self, *args):
        pass

    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code):
        self.answer(status, {"error": {"code": code, "message": code}})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/healthz":
            return self.answer(200, {"status": "ok"})
        if url.path == "/api/v1/procedures/first-application/availability":
            query = parse_qs(url.query)
            if not all(DATE.match(query.get(key, [""])[0]) for key in ("from", "to")):
                return self.error(400, "validation_failed")
            return self.answer(200, {"days": [{"date": query["from"][0], "slots": []}]})
        if url.path == "/api/v1/challenge":
            return self.answer(200, new_challenge())
        return self.error(404, "not_found")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if urlparse(self.path).path != "/api/v1/appointments":
            return self.error(404, "not_found")
        if self.headers.get("Content-Type") != "application/json":
            return self.error(415, "validation_failed")
        if MAX_NUMBER is not None:
            refusal = proof_refusal(self.headers.get("Altcha"))
            if refusal is not None:
                return self.error(403, f"proof_of_work_failed ({refusal})")
        if PER_ADDRESS is not None:
            with lock:
                address = self.client_address[0]
                if submissions.get(address, 0) >= PER_ADDRESS:
                    return self.error(429, "too_many_submissions")
                submissions[address] = submissions.get(address, 0) + 1
        try:
            request = json.loads(body)
            slot, person = request["slotId"], request["applicant"]
            names = (person["familyName"], person["givenNames"])
            identity = (*names, person["birthDate"], person["nationality"])
            email = person["email"]
        except (ValueError, KeyError, TypeError):
            return self.error(400, "validation_failed")
        if request["procedure"] != "bench" or not isinstance(slot, int) or not FIRST <= slot <= LAST:
            return self.error(404, "not_found")
        if not all(NAME.match(name) for name in names) or any(
            placeholder(word) for name in names for word in name.split()
        ):
            return self.error(422, "invalid_name")
        with lock:
            if slot in slots:
                return self.error(409, "slot_full")
            if identity in identities:
                return self.error(409, "duplicate_identity")
            if email in emails:
                return self.error(409, "duplicate_email")
            slots.add(slot)
            identities.add(identity)
            emails.add(email)
        self.answer(202, {"id": slot, "status": "pending", "expiresAt": "2026-01-01T00:15:00+01:00"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops SYNs when wrk opens 64 connections

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # wrk hangs up mid-answer when it stops
            super().handle_error(request, client_address)


Server((HOST, PORT), Handler).serve_forever()
