"""The actors of bench/attack, on asyncio and httpx: genuine people, scalper operations' bots, the mailbox they
read their codes from, and the proof of work they all pay.

Every actor draws its behaviour from its own `random.Random(f"{seed}:…")`, so that the same seed gives the same
periods, form-filling times and choices whatever the order in which the event loop runs them. The server's answers
(and so what follows them) are not reproducible: its randomness is cryptographic.
"""

from __future__ import annotations

import asyncio
import base64
import email.policy
import email.utils
import hashlib
import json
import os
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from email.parser import BytesHeaderParser

import httpx

from population import Applicant, Operation, bot_address

CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
API = "/api/v1"


class HarnessError(Exception):
    """Something the benchmark itself got wrong or could not do: the run stops and exits non-zero."""


# --- proof of work ---------------------------------------------------------------------------------------------
def solve(challenge: dict) -> str:
    """The `Altcha` header for a challenge: try 0, 1, 2, … until SHA-256(salt + n) is the challenge, as the page's
    script does (tests/browser/guichet_browser.py `altcha_header`)."""
    prefix = hashlib.sha256(challenge["salt"].encode())
    target = bytes.fromhex(challenge["challenge"])
    for number in range(challenge["maxnumber"] + 1):
        attempt = prefix.copy()
        attempt.update(str(number).encode())
        if attempt.digest() == target:
            solution = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
            solution["number"] = number
            return base64.b64encode(json.dumps(solution).encode()).decode()
    raise HarnessError(f"no number up to {challenge['maxnumber']} solves the server's challenge")


# --- mail -----------------------------------------------------------------------------------------------------
@dataclass
class Mail:
    to: str
    subject: str
    seen_at: float          # loop time at which the reader found the file

    @property
    def code(self) -> str | None:
        found = CODE.search(self.subject)
        return found.group(1) if found else None


class Mailbox:
    """Reads the server's `.eml` folder (MAIL_URL=file://…) every 0.2 s and hands each message to its addressee.
    Only the headers are parsed: every code the benchmark needs is in a subject."""

    def __init__(self, folder: str):
        self.folder = folder
        self.seen: set[str] = set()
        self.mails: dict[str, list[Mail]] = defaultdict(list)
        self.events: dict[str, asyncio.Event] = {}
        self.parser = BytesHeaderParser(policy=email.policy.default)
        self.count = 0

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                names = [e.name for e in os.scandir(self.folder) if e.name.endswith(".eml") and e.name[0] != "."]
            except FileNotFoundError:
                names = []
            for name in sorted(set(names) - self.seen):
                self.seen.add(name)
                with open(os.path.join(self.folder, name), "rb") as handle:
                    head = handle.read(4096).split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
                headers = self.parser.parsebytes(head)
                to = email.utils.parseaddr(str(headers.get("To", "")))[1].lower()
                mail = Mail(to=to, subject=str(headers.get("Subject", "")), seen_at=loop.time())
                self.mails[to].append(mail)
                self.count += 1
                event = self.events.pop(to, None)
                if event:
                    event.set()
            await asyncio.sleep(0.2)

    def mark(self, address: str) -> int:
        return len(self.mails[address.lower()])

    async def code(self, address: str, since: int, deadline: float) -> Mail | None:
        """The first message to `address` after the first `since` that carries a six-digit code, or None at the
        deadline (loop time)."""
        address = address.lower()
        loop = asyncio.get_running_loop()
        while True:
            for mail in self.mails[address][since:]:
                if mail.code:
                    return mail
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            event = self.events.setdefault(address, asyncio.Event())
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return None


# --- the run's shared state --------------------------------------------------------------------------------------
@dataclass
class Run:
    """One mode's run: the server, the clock, the mailbox and every count the measures need."""

    mode: str                      # fcfs | lottery | draw
    client: httpx.AsyncClient
    mailbox: Mailbox
    procedure: str
    permit: bool                   # send the foreign-national number and permit expiry (renewals)
    seed: int
    loop_t0: float                 # loop time of the start
    wall_t0: float                 # the same instant, Unix time
    stop_looking: float            # loop time after which nobody looks or asks any more
    deadline: float                # loop time at which every actor stops (confirmations included)
    tally: Counter = field(default_factory=Counter)           # (who, kind, status) → answers
    attempts: Counter = field(default_factory=Counter)        # (who, kind) → attempts as the measures define them
    per_actor: Counter = field(default_factory=Counter)       # (mailbox, kind) → attempts
    events: list = field(default_factory=list)                # (seconds since start, who, kind, status)
    server_errors: list = field(default_factory=list)
    pow_seconds: Counter = field(default_factory=Counter)     # who → seconds spent solving
    pow_solved: Counter = field(default_factory=Counter)
    blocked_until: dict = field(default_factory=dict)         # bots' /24 → loop time of the end of a 429

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def looking(self) -> bool:
        return self.now() < self.stop_looking

    def loop_time_of(self, iso: str) -> float:
        return self.loop_t0 + (datetime.fromisoformat(iso).timestamp() - self.wall_t0)

    async def sleep_until(self, loop_time: float) -> None:
        delay = loop_time - self.now()
        if delay > 0:
            await asyncio.sleep(delay)

    async def call(self, who: str, kind: str, method: str, path: str, *, address: str, agent: str, language: str,
                   body: dict | None = None, altcha: str | None = None, token: str | None = None,
                   mailbox: str | None = None) -> httpx.Response | None:
        headers = {"X-Forwarded-For": address, "User-Agent": agent, "Accept-Language": language}
        if altcha:
            headers["Altcha"] = altcha
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = await self.client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as error:
            self.tally[(who, kind, "transport-error")] += 1
            self.server_errors.append(f"{method} {path}: {type(error).__name__} {error}")
            return None
        status = response.status_code
        self.tally[(who, kind, status)] += 1
        if kind in ("hold", "ticket", "request"):
            self.events.append((round(self.now() - self.loop_t0, 2), who, kind, status))
            # An attempt is a submission the service considered: a refusal by the limits (429) or the proof of
            # work (403) records nothing and is counted apart.
            counted = status == 202 if kind != "hold" else status not in (403, 429) and status < 500
            if counted:
                self.attempts[(who, kind)] += 1
                if mailbox:
                    self.per_actor[(mailbox.lower(), kind)] += 1
        if status >= 500:
            self.server_errors.append(f"{method} {path}: {status} {response.text[:200]}")
        return response

    async def challenge(self, who: str, address: str, agent: str) -> str | None:
        response = await self.call(who, "challenge", "GET", f"{API}/challenge", address=address, agent=agent,
                                   language="fr")
        if response is None or response.status_code != 200:
            return None
        started = time.perf_counter()
        header = solve(response.json())
        self.pow_seconds[who] += time.perf_counter() - started
        self.pow_solved[who] += 1
        return header

    async def open_windows(self, who: str, address: str, agent: str, language: str) -> dict | None:
        """The procedure as `GET /api/v1/procedures` shows it: its open `lottery` or draw `window`."""
        response = await self.call(who, "look", "GET", f"{API}/procedures", address=address, agent=agent,
                                   language=language)
        if response is None or response.status_code != 200:
            return None
        return next((p for p in response.json() if p["id"] == self.procedure), None)

    async def free_slots(self, who: str, address: str, agent: str, language: str) -> list[tuple[int, int]]:
        """Released slots with free seats, earliest first, as (slot id, seats)."""
        today = datetime.fromtimestamp(self.wall_t0).date()
        path = f"{API}/procedures/{self.procedure}/availability?from={today.isoformat()}&to=" + \
            (today.fromordinal(today.toordinal() + 61)).isoformat()
        response = await self.call(who, "look", "GET", path, address=address, agent=agent, language=language)
        if response is None or response.status_code != 200:
            return []
        return [(slot["id"], slot["remaining"]) for day in response.json()["days"] for slot in day["slots"]
                if slot["remaining"] > 0]


# --- genuine people -----------------------------------------------------------------------------------------------
@dataclass
class PersonState:
    served: bool = False
    busy: bool = False                 # a hold, a ticket or a request in progress
    lotteries: set = field(default_factory=set)
    requested: bool = False


class Person:
    """Someone who needs the appointment and asks for it themselves: looks every `period` seconds (30–120 s),
    takes 10–30 s to fill the form, pays the proof of work when sending it, reads their email 10–60 s after it
    arrives, always from their own address."""

    who = "people"

    def __init__(self, run: Run, applicant: Applicant):
        self.run = run
        self.a = applicant
        self.rng = random.Random(f"{run.seed}:person:{applicant.index}")
        self.state = PersonState()

    @property
    def mailbox_address(self) -> str:
        return self.a.email

    def call(self, kind: str, method: str, path: str, **kw):
        return self.run.call(self.who, kind, method, path, address=self.a.address, agent=self.a.user_agent,
                             language=self.a.language, mailbox=self.a.email, **kw)

    def applicant(self) -> dict:
        return self.a.identity.applicant(self.a.email, self.run.permit)

    async def live(self) -> None:
        run = self.run
        await asyncio.sleep(self.rng.uniform(0, self.a.period))
        while run.looking() and not self.state.served and not self.state.requested:
            if not self.state.busy:
                await self.look()
            await asyncio.sleep(self.a.period * self.rng.uniform(0.9, 1.1))

    async def look(self) -> None:
        run = self.run
        procedure = await run.open_windows(self.who, self.a.address, self.a.user_agent, self.a.language)
        if procedure is None:
            return
        if run.mode == "draw":
            if procedure.get("window"):
                await self.request()
            return
        free = await run.free_slots(self.who, self.a.address, self.a.user_agent, self.a.language)
        if free:
            await self.book(free)
        elif run.mode == "lottery" and not self.state.requested:
            # No seat to book now: a ticket, which stands for every later lottery until drawn.
            await self.ticket()

    async def fill_form(self) -> None:
        await asyncio.sleep(self.rng.uniform(10, 30))

    async def read_mail(self) -> None:
        await asyncio.sleep(self.rng.uniform(10, 60))

    async def book(self, free: list[tuple[int, int]]) -> None:
        """First come, first served: pick one of the first times shown, fill the form, send it; if the seat went
        meanwhile, reload and pick another (the form keeps what was typed), at most three sends per look."""
        run, state = self.run, self.state
        state.busy = True
        try:
            slot = self.rng.choice(free[:10])[0]
            await self.fill_form()
            for _ in range(3):
                if not run.looking():
                    return
                altcha = await run.challenge(self.who, self.a.address, self.a.user_agent)
                if altcha is None:
                    return
                mark = run.mailbox.mark(self.a.email)
                response = await self.call("hold", "POST", f"{API}/appointments", altcha=altcha,
                                           body={"procedure": run.procedure, "slotId": slot,
                                                 "applicant": self.applicant()})
                if response is None or response.status_code in (403, 429) or response.status_code >= 500:
                    return
                if response.status_code == 202:
                    await self.confirm_hold(response.json()["id"], mark)
                    return
                free = await run.free_slots(self.who, self.a.address, self.a.user_agent, self.a.language)
                if not free:
                    return
                slot = self.rng.choice(free[:10])[0]
                await asyncio.sleep(self.rng.uniform(3, 8))
        finally:
            state.busy = False

    async def confirm_hold(self, appointment: str, mark: int) -> None:
        mail = await self.run.mailbox.code(self.a.email, mark, self.run.deadline)
        if mail is None:
            return
        await self.read_mail()
        response = await self.call("confirm", "POST", f"{API}/appointments/{appointment}/confirm",
                                   body={"code": mail.code})
        if response is not None and response.status_code == 200:
            self.state.served = True

    async def ticket(self) -> None:
        """A ticket for the procedure's lotteries, given at once; it stands until drawn, and a winner gets a code."""
        run, state = self.run, self.state
        state.busy = True
        try:
            await self.fill_form()
            altcha = await run.challenge(self.who, self.a.address, self.a.user_agent)
            if altcha is None:
                return
            mark = run.mailbox.mark(self.a.email)
            response = await self.call("ticket", "POST", f"{API}/requests", altcha=altcha,
                                       body={"procedure": run.procedure, "applicant": self.applicant()})
            if response is None or response.status_code != 202:
                return
            body = response.json()
            state.requested = True
            await follow_ticket(self, body["number"], body["manageToken"], (body.get("lottery") or {}).get("closesAt"),
                                mark)
        finally:
            state.busy = False

    async def request(self) -> None:
        """A draw: the request, then the emailed code, before the window's published close."""
        run, state = self.run, self.state
        state.busy = True
        try:
            await self.fill_form()
            altcha = await run.challenge(self.who, self.a.address, self.a.user_agent)
            if altcha is None:
                return
            mark = run.mailbox.mark(self.a.email)
            response = await self.call("request", "POST", f"{API}/requests", altcha=altcha,
                                       body={"procedure": run.procedure, "applicant": self.applicant()})
            if response is None or response.status_code != 202:
                return
            number = response.json()["number"]
            mail = await run.mailbox.code(self.a.email, mark, run.deadline)
            if mail is None:
                return
            await self.read_mail()
            confirmed = await self.call("request-confirm", "POST", f"{API}/requests/{number}/confirm",
                                        body={"code": mail.code})
            if confirmed is not None and confirmed.status_code == 200:
                state.requested = True
        finally:
            state.busy = False


async def follow_ticket(actor, number: str, token: str, closes_at: str | None, mark: int) -> None:
    """The ticket's status (`GET /api/v1/requests/{number}`, as the emailed link shows it) until a lottery draws
    it: the winner reads the emailed code and confirms the hold. A ticket not drawn stays `waiting` for the next."""
    run = actor.run
    if closes_at:
        await run.sleep_until(run.loop_time_of(closes_at) + 5)
    while run.now() < run.deadline:
        response = await actor.call("status", "GET", f"{API}/requests/{number}", token=token)
        status = response.json().get("status") if response is not None and response.status_code == 200 else None
        if status == "waiting" or status is None:
            await asyncio.sleep(2)
            continue
        if status != "allocated":
            await actor.read_mail()                # the "no seat this time" email
            return
        mail = await run.mailbox.code(actor.mailbox_address, mark, run.deadline)
        if mail is None:
            return
        await actor.read_mail()
        appointment = response.json()["appointmentId"]
        confirmed = await actor.call("confirm", "POST", f"{API}/appointments/{appointment}/confirm",
                                     body={"code": mail.code})
        if confirmed is not None and confirmed.status_code == 200:
            actor.state.served = True
        return



# --- scalpers' bots -----------------------------------------------------------------------------------------------
@dataclass
class ClientState:
    applicant: Applicant
    served: bool = False
    busy: bool = False
    lotteries: set = field(default_factory=set)
    requested: bool = False


class ProofPool:
    """Bots pay the proof of work ahead of time: solved challenges wait in a queue (a challenge lives ten minutes),
    so that paying it costs no time when seats appear."""

    def __init__(self, bot: "OperationBots", size: int):
        self.bot = bot
        self.size = size
        self.ready: list[tuple[float, str]] = []

    async def keep_full(self) -> None:
        run = self.bot.run
        while run.now() < run.deadline:
            self.ready = [(t, h) for t, h in self.ready if run.now() - t < 480]
            if len(self.ready) < self.size:
                header = await run.challenge("bots", self.bot.address(), self.bot.op.user_agent)
                if header:
                    self.ready.append((run.now(), header))
                await asyncio.sleep(0)
            else:
                await asyncio.sleep(0.5)

    async def take(self) -> str | None:
        if self.ready:
            return self.ready.pop(0)[1]
        return await self.bot.run.challenge("bots", self.bot.address(), self.bot.op.user_agent)


class OperationBots:
    """A scalper operation: bots that poll every 1–2 s, pay the proof of work, and book, enter lotteries or file
    draw requests in their clients' exact names, with a mailbox the scalper opened for each client (codes are read
    at once), from fresh addresses on the operation's few /24 networks. A 429 puts that network aside for its
    Retry-After."""

    who = "bots"

    def __init__(self, run: Run, op: Operation):
        self.run = run
        self.op = op
        self.rng = random.Random(f"{run.seed}:operation:{op.index}")
        self.clients = [ClientState(c) for c in op.clients]
        self.pool = ProofPool(self, size=min(len(self.clients), 120))
        self.tasks: set[asyncio.Task] = set()

    def address(self) -> str:
        now = self.run.now()
        open_networks = [n for n in self.op.networks if self.run.blocked_until.get(n, 0) <= now]
        return bot_address(self.rng, self.rng.choice(open_networks or self.op.networks))

    def spawn(self, client: ClientState, coroutine) -> None:
        """Starts a client's hold, ticket or request; the client is busy until it ends."""
        client.busy = True
        task = asyncio.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def live(self) -> None:
        run = self.run
        if not self.clients:
            return
        filler = asyncio.create_task(self.pool.keep_full())
        try:
            while run.looking() and not all(c.served or c.requested for c in self.clients):
                await self.poll()
                await asyncio.sleep(self.rng.uniform(1, 2))
            while self.tasks and run.now() < run.deadline:
                await asyncio.sleep(0.5)
        finally:
            filler.cancel()
            for task in list(self.tasks):
                task.cancel()

    def blocked(self) -> bool:
        """Every network of the operation is waiting out a 429."""
        now = self.run.now()
        return all(self.run.blocked_until.get(n, 0) > now for n in self.op.networks)

    async def poll(self) -> None:
        run = self.run
        address = self.address()
        procedure = await run.open_windows(self.who, address, self.op.user_agent, "fr")
        if procedure is None:
            return
        idle = [] if self.blocked() else [c for c in self.clients if not (c.served or c.busy or c.requested)]
        if run.mode == "draw":
            if procedure.get("window"):
                for client in idle:
                    self.spawn(client, self.request(client))
            return
        if run.mode == "lottery":
            # Every client gets a ticket at once, which stands until drawn: the same as the client's own free one.
            for client in idle:
                self.spawn(client, self.ticket(client))
            idle = []
        free = await run.free_slots(self.who, address, self.op.user_agent, "fr")
        seats = [slot for slot, remaining in free for _ in range(remaining)]
        self.rng.shuffle(seats)
        for client, slot in zip(idle, seats):
            self.spawn(client, self.hold(client, slot))

    def post(self, kind: str, path: str, client: ClientState, altcha: str | None, body: dict, address: str):
        return self.run.call(self.who, kind, "POST", path, address=address, agent=self.op.user_agent,
                             language="fr", altcha=altcha, body=body, mailbox=client.applicant.scalper_email)

    def refused(self, response: httpx.Response | None, address: str) -> bool:
        if response is not None and response.status_code == 429:
            wait = float(response.headers.get("Retry-After", "60"))
            network = address.rsplit(".", 1)[0]
            self.run.blocked_until[network] = self.run.now() + wait
        return response is None or response.status_code in (403, 429) or response.status_code >= 500

    def applicant(self, client: ClientState) -> dict:
        return client.applicant.identity.applicant(client.applicant.scalper_email, self.run.permit)

    async def hold(self, client: ClientState, slot: int) -> None:
        run = self.run
        try:
            altcha = await self.pool.take()
            address = self.address()
            mark = run.mailbox.mark(client.applicant.scalper_email)
            response = await self.post("hold", f"{API}/appointments", client, altcha,
                                       {"procedure": run.procedure, "slotId": slot, "applicant": self.applicant(client)},
                                       address)
            if self.refused(response, address) or response.status_code != 202:
                return
            mail = await run.mailbox.code(client.applicant.scalper_email, mark, run.deadline)
            if mail is None:
                return
            confirmed = await run.call(self.who, "confirm", "POST", f"{API}/appointments/{response.json()['id']}/confirm",
                                       address=self.address(), agent=self.op.user_agent, language="fr",
                                       body={"code": mail.code})
            if confirmed is not None and confirmed.status_code == 200:
                client.served = True
        finally:
            client.busy = False

    async def ticket(self, client: ClientState) -> None:
        run = self.run
        try:
            altcha = await self.pool.take()
            address = self.address()
            mark = run.mailbox.mark(client.applicant.scalper_email)
            response = await self.post("ticket", f"{API}/requests", client, altcha,
                                       {"procedure": run.procedure, "applicant": self.applicant(client)}, address)
            if self.refused(response, address) or response.status_code != 202:
                return
            body = response.json()
            client.requested = True
            await follow_ticket(BotTicket(self, client), body["number"], body["manageToken"],
                                (body.get("lottery") or {}).get("closesAt"), mark)
        finally:
            client.busy = False

    async def request(self, client: ClientState) -> None:
        run = self.run
        try:
            altcha = await self.pool.take()
            address = self.address()
            mark = run.mailbox.mark(client.applicant.scalper_email)
            response = await self.post("request", f"{API}/requests", client, altcha,
                                       {"procedure": run.procedure, "applicant": self.applicant(client)}, address)
            if self.refused(response, address) or response.status_code != 202:
                return
            number = response.json()["number"]
            mail = await run.mailbox.code(client.applicant.scalper_email, mark, run.deadline)
            if mail is None:
                return
            confirmed = await run.call(self.who, "request-confirm", "POST", f"{API}/requests/{number}/confirm",
                                       address=self.address(), agent=self.op.user_agent, language="fr",
                                       body={"code": mail.code})
            if confirmed is not None and confirmed.status_code == 200:
                client.requested = True
        finally:
            client.busy = False


class BotTicket:
    """What `follow_ticket` needs of a bot's ticket: the bot reads its mail at once."""

    def __init__(self, bot: OperationBots, client: ClientState):
        self.run = bot.run
        self.bot = bot
        self.state = client
        self.mailbox_address = client.applicant.scalper_email

    def call(self, kind: str, method: str, path: str, **kw):
        return self.run.call("bots", kind, method, path, address=self.bot.address(), agent=self.bot.op.user_agent,
                             language="fr", **kw)

    async def read_mail(self) -> None:
        return None
