"""The SMTP transport against a real SMTP server: aiosmtpd runs in this process as a sink, the real `guichet serve`
binary sends to it through MAIL_URL, and a booking through the JSON API must bring its code email to the sink.

Two servers are started once per session: one sending in plain SMTP (plain and retry cases), one with STARTTLS
required and a login, to a sink holding a certificate from a throwaway CA (trustme) given as MAIL_SMTP_CA_FILE.
"""

import datetime
import email
import email.policy
import os
import re
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

REPO = Path(__file__).resolve().parents[2]
GUICHET_BIN = Path(os.environ.get("GUICHET_BIN") or REPO / ".build/debug/guichet")
SMTP_USER = "guichet-relay"
SMTP_PASSWORD = "n0t:so s3cret@all"  # characters that must be percent-encoded in MAIL_URL
# The outbox worker runs every second; the first retry comes 30 s after a failure (OutboxWorker.backoff).
ARRIVAL_TIMEOUT = 15
RETRY_TIMEOUT = 50


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One message as the sink accepted it, with what it knew of the session."""
    mail_from: str
    recipients: list
    content: bytes
    tls: bool
    authenticated_as: str | None
    at: float

    def parsed(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.content, policy=email.policy.default)


@dataclass
class SinkHandler:
    """aiosmtpd handler: records messages and refusals; `refuse_once` answers 451 to the first RCPT of an address."""
    received: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    refuse_once: set = field(default_factory=set)
    logins: dict = field(default_factory=dict)  # session id -> login
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if address in self.refuse_once:
                self.refuse_once.discard(address)
                self.refused.append((address, time.monotonic()))
                return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(Received(
                mail_from=envelope.mail_from, recipients=list(envelope.rcpt_tos),
                content=envelope.original_content or envelope.content, tls=session.ssl is not None,
                authenticated_as=self.logins.get(id(session)) if session.authenticated else None,
                at=time.monotonic()))
        return "250 2.0.0 Accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == SMTP_USER
              and auth_data.password.decode() == SMTP_PASSWORD)
        if ok:
            with self.lock:
                self.logins[id(session)] = SMTP_USER
        return AuthResult(success=ok)

    def wait_for(self, recipient: str, timeout: float) -> Received:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for message in self.received:
                    if recipient in message.recipients:
                        return message
            time.sleep(0.2)
        raise AssertionError(f"no email for {recipient} reached the sink within {timeout} s")


class Sink:
    def __init__(self, tls_context: ssl.SSLContext | None = None):
        self.handler = SinkHandler()
        self.port = free_port()
        options = {}
        if tls_context is not None:
            options = dict(tls_context=tls_context, require_starttls=True, auth_required=True,
                           authenticator=self.handler.authenticate)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class GuichetServer:
    """The real binary, serving on a free port with its own data folder, outbox worker running."""

    def __init__(self, mail_url: str, extra_env: dict | None = None):
        self.folder = tempfile.TemporaryDirectory(prefix="guichet-smtp-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_SCHEMA")}
        # The proof of work has its own tests (Swift and browser); here the subject is the mail going out.
        env.update(GUICHET_DATA=self.folder.name, MAIL_URL=mail_url, GUICHET_BASE_URL=self.base,
                   GUICHET_PROOF_OF_WORK="off", **(extra_env or {}))
        self.env = env
        self.log_path = Path(self.folder.name) / "server.log"

    def __enter__(self):
        if not GUICHET_BIN.exists():
            pytest.fail(f"no server binary at {GUICHET_BIN}: build it, or set GUICHET_BIN")
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(GUICHET_BIN), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90  # first boot migrates and loads the demo prefecture
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"guichet exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        pytest.fail(f"guichet did not answer /healthz in time:\n{self.log_tail()}")

    def __exit__(self, *exc):
        self.stop()
        self.folder.cleanup()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def book(self, family: str, given: str, birth: str, nationality: str, address: str) -> dict:
        """Holds the first free seat of a procedure in release mode; the hold's code goes out by email."""
        with httpx.Client(base_url=self.base, timeout=10, headers={"Accept-Language": "fr"}) as client:
            procedures = client.get("/api/v1/procedures").raise_for_status().json()
            procedure = next(p for p in procedures if p["mode"] == "release")
            today = datetime.date.today()
            availability = client.get(f"/api/v1/procedures/{procedure['id']}/availability", params={
                "from": today.isoformat(), "to": (today + datetime.timedelta(days=13)).isoformat()}).raise_for_status().json()
            slot = next(s for day in availability["days"] for s in day["slots"] if s["remaining"] > 0)
            response = client.post("/api/v1/appointments", json={
                "procedure": procedure["id"], "slotId": slot["id"],
                "applicant": {"familyName": family, "givenNames": given, "birthDate": birth,
                              "nationality": nationality, "email": address}})
            assert response.status_code == 202, response.text
            return response.json()


def assert_code_email(message: Received, recipient: str):
    assert message.recipients == [recipient]
    assert message.mail_from == "rendez-vous@herault.example", "the envelope carries the bare address"
    parsed = message.parsed()
    assert parsed["To"] == recipient
    subject = str(parsed["Subject"])
    code = re.search(r"\b(\d{6})\b", subject)
    assert code, f"no 6-digit code in the subject {subject!r}"
    text = parsed.get_body(preferencelist=("plain",))  # the message itself, or its text part when multipart
    assert text is not None, "no text/plain body"
    assert text.get_content_charset() == "utf-8"
    body = text.get_content()  # undoes the transfer encoding and decodes the charset
    message.content.decode("utf-8")
    assert code.group(1) in body
    assert "préfecture" in body.lower(), "accented text survives the trip"


@pytest.fixture(scope="session")
def plain_sink():
    with Sink() as sink:
        yield sink


@pytest.fixture(scope="session")
def plain_server(plain_sink):
    with GuichetServer(f"smtp://127.0.0.1:{plain_sink.port}") as server:
        yield server


@pytest.fixture(scope="session")
def tls_sink(tmp_path_factory):
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca_file = tmp_path_factory.mktemp("smtp-ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with Sink(tls_context=context) as sink:
        sink.ca_file = ca_file
        yield sink


@pytest.fixture(scope="session")
def tls_server(tls_sink):
    url = f"smtp://{quote(SMTP_USER, safe='')}:{quote(SMTP_PASSWORD, safe='')}@127.0.0.1:{tls_sink.port}?starttls=required"
    with GuichetServer(url, {"MAIL_SMTP_CA_FILE": str(tls_sink.ca_file)}) as server:
        yield server


def test_the_code_email_arrives_over_plain_smtp(plain_server, plain_sink):
    # act
    plain_server.book("Benali", "Karim Youssef", "1990-04-12", "DZA", "karim.benali@example.org")
    # check
    message = plain_sink.handler.wait_for("karim.benali@example.org", ARRIVAL_TIMEOUT)
    assert_code_email(message, "karim.benali@example.org")
    assert not message.tls


def test_the_code_email_arrives_over_starttls_with_a_login(tls_server, tls_sink):
    # act
    tls_server.book("Nguyen", "Thi Mai", "1987-11-03", "VNM", "mai.nguyen@example.net")
    # check
    message = tls_sink.handler.wait_for("mai.nguyen@example.net", ARRIVAL_TIMEOUT)
    assert_code_email(message, "mai.nguyen@example.net")
    assert message.tls, "the session was upgraded with STARTTLS"
    assert message.authenticated_as == SMTP_USER
    assert SMTP_PASSWORD not in tls_server.log_tail(500), "the password never reaches the log"


def test_a_refused_recipient_is_retried_by_the_outbox(plain_server, plain_sink):
    # setup: the sink answers 451 to the first RCPT TO for this address
    recipient = "ana.pereira@example.org"
    plain_sink.handler.refuse_once.add(recipient)
    # act
    plain_server.book("Pereira da Silva", "Ana Luísa", "1979-02-21", "PRT", recipient)
    # check: refused once, then delivered by a later run of the outbox worker, after its backoff
    message = plain_sink.handler.wait_for(recipient, RETRY_TIMEOUT)
    refusals = [at for address, at in plain_sink.handler.refused if address == recipient]
    assert len(refusals) == 1
    assert message.at - refusals[0] >= 25, "delivered by the outbox's retry, not by a second try at once"
    assert_code_email(message, recipient)
