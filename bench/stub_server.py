"""A stand-in for `guichet serve`, used by bench/selftest.sh to check the benchmark harness.

It answers the three routes the benchmark uses and checks what bench/hold.lua sends the way the real server
would reject it: a slot outside the seeded range or asked for twice, a repeated identity or email, a name
that is not letters only. Run: python3 bench/stub_server.py HOST PORT FIRST_SLOT LAST_SLOT
"""

import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

HOST, PORT, FIRST, LAST = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
NAME = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)*$")  # letters, with single spaces, hyphens, apostrophes
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

lock = threading.Lock()
slots, identities, emails = set(), set(), set()


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
        return self.error(404, "not_found")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if urlparse(self.path).path != "/api/v1/appointments":
            return self.error(404, "not_found")
        if self.headers.get("Content-Type") != "application/json":
            return self.error(415, "validation_failed")
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
