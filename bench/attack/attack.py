#!/usr/bin/env python3
"""bench/attack: scripted scalper bots against simulated people, on a real guichet server, per allocation mode.

    bench/attack/run.sh [fcfs|lottery|draw|all] [--seed N] [--minutes M] [options]   (see --help)

What it does, for each mode, on a fresh data folder and a fresh server process (loopback only, a free port):

1. `guichet migrate --yes` and `guichet demo` load the demo prefecture into SQLite; then this script edits that
   database *before* the server starts, using only what the product itself reads:
   - no seat on offer and none booked: every slot back to `planned` (the demo releases 40 % at once);
   - releases: all `releases` rows deleted, and a performed marker row for this week and next week of every
     release-mode procedure, so that the server's planner (`ReleaseService.planWeeks`, at boot) draws no instant of
     its own. For `fcfs` and `lottery`, the benchmarked procedure (first-application) gets a `release_policies` row
     with `lotteryMinutes` 0 (plain first come) or `--lottery-minutes` (default 2) and `seatsPerRelease`, and
     `releases` rows due at instants drawn from the seed. First come: four, one uniform in each quarter of the
     mode's minutes. Lottery: three, two of them at least a lottery apart (as in production, where releases are
     hours apart and a lottery half an hour) and the third inside one of those lotteries, which it joins as the
     product makes it; with the default three minutes, two lotteries. Nothing outside the database knows the
     instants: actors only see seats or a lottery appear.
   - draws: the draw procedure (renewal) gets two `draw_windows` rows, the first open now and closing after
     `--minutes`, the second from that close to one minute later, each with a fresh 32-byte seed from Python's
     `secrets` and its commitment SHA-256(seed), as `DrawService.makeWindow` makes them, and a day range of seats
     trimmed (surplus slots `closed`) to exactly half the mode's seats each. Actors are told the draw time: it is
     the open window's `closesAt` in `GET /api/v1/procedures`.
   - if the procedure's counters have too few planned seats for the mode, their slots' capacity is raised.
2. `guichet serve` runs with MAIL_URL=file://… (each email an .eml file that actors read), GUICHET_TRUSTED_PROXY=
   127.0.0.1 (so the X-Forwarded-For each actor sends is its address for the submission limits and suspicion
   signals), the proof of work on (`--pow`, the challenge's maxnumber; lowered from the 100,000 default so that
   thousands of Python solves fit in minutes; bots and people pay the same) and the submission limits at their
   production values (30 per address and 300 per /24 in ten minutes). The server performs due releases and draws
   by itself (every five seconds, Sources/App/Jobs/BackgroundJobs.swift): this script never calls it for that.
3. The actors run (bench/attack/actors.py): people who look every 30–120 s, fill the form in 10–30 s and read
   their email 10–60 s after it arrives, each from a /24 of their own; the clients of a few scalper operations do
   nothing themselves, their operation's bots poll every 1–2 s, pay the proof of work ahead of time, and book, enter
   lotteries or file requests in the clients' exact names with mailboxes opened in their names, from a few /24s.
4. At the end the server is stopped and the measures are read from the database: confirmed appointments and whose
   they are (by their email address), tickets, the published draw documents (checked with `guichet verify-draw`
   while the server still runs), plus what the actors counted (holds tried, refusals). The advantage ratio compares
   seats per attempt event by event (each release, lottery or draw), as docs/fairness.md does: pooled totals would
   credit the bots with being present at more events (every lottery) as if each event had favoured them; that
   presence shows in the paid-for share instead, and the pooled ratio is printed beside.

`--seed` fixes the people, the release instants and every actor's choices and delays. The server's randomness
(draw seeds' use, codes, request numbers) is cryptographic and cannot be seeded, and the machine's timing varies,
so two runs with one seed are alike, not identical. `--seeds 11,12,13` runs each mode once per seed (each with its own
people) and adds a table of the pooled figures: the ratio over every event of every seed, the shares over every
seat, so that one seed's noise does not decide a target. Exit status: 0 when the harness worked, whether or not the
targets were met (the table says so); 1 when it failed (server not starting, no seat ever allocated, …).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import os
import random
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

import stats
from actors import HarnessError, Mailbox, OperationBots, Person, Run
from population import Population, make_population

PARIS = ZoneInfo("Europe/Paris")
MODES = ("fcfs", "lottery", "draw")
RELEASE_PROCEDURE = "first-application"     # preferred; else the first release-mode procedure in service
DRAW_PROCEDURE = "renewal"                  # preferred; else the first draw-mode procedure in service
RELEASES = {"fcfs": 4, "lottery": 3}
CONFIRM_GRACE = 75      # seconds after the last chance to ask: emails read 10–60 s after they arrive, then confirmed
# After a lottery's draw its winners' codes wait in the outbox behind every "not this time" email, then people read
# them 10-60 s later; the product gives a winner the hold's 15 minutes. Cutting the run 75 s after the draw cut off up
# to a quarter of the people's confirmations (never the bots', who read at once), which counted as seats the bots won
# (seed 13: people confirmed 105 of 187 seats won at the last lottery, bots 58 of 63). A run still ends as soon as
# every actor is idle.
LOTTERY_CONFIRM_GRACE = 300
DRAW_GAP = 30           # seconds between the two draws of the draw mode
START_MARGIN = 8        # seconds from writing the database to the start: the server boots meanwhile
ATTEMPT_DEFINITIONS = {
    "fcfs": "a hold tried: POST /api/v1/appointments answered (202, or 409/422 when the seat went or was not free), "
            "429 and 403 refusals apart",
    "lottery": "a ticket drawn in one lottery (tickets stand from lottery to lottery: one per lottery it took part "
               "in), plus any hold tried on seats a lottery left",
    "draw": "a confirmed request taking part in one draw (from the published draw documents; a request waiting at "
            "both draws counts twice)",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the server ------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One `guichet serve` on loopback. Its pid is written to PIDFILE so that run.sh's trap can stop it if this
    script is killed before it does."""

    def __init__(self, binary: str, data: Path, env: dict, log_path: Path, pidfile: Path):
        self.binary, self.data, self.env, self.log_path, self.pidfile = binary, data, env, log_path, pidfile
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = dict(self.env, GUICHET_BASE_URL=self.url)
        log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        log_file.close()
        self.pidfile.write_text(str(self.process.pid))

    async def wait_healthy(self, seconds: float = 120) -> None:
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise HarnessError(f"guichet serve exited with {self.process.returncode} (log: {self.log_path})")
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.25)
        raise HarnessError(f"GET /healthz did not answer 200 within {seconds:.0f} s (log: {self.log_path})")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.pidfile.unlink(missing_ok=True)
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.pidfile.unlink(missing_ok=True)


def run_command(binary: str, args: list[str], env: dict, log_path: Path) -> str:
    with open(log_path, "ab") as log_file:
        done = subprocess.run([binary, *args], env=env, stdout=subprocess.PIPE, stderr=log_file, timeout=600)
    output = done.stdout.decode(errors="replace")
    with open(log_path, "a") as log_file:
        log_file.write(output)
    if done.returncode != 0:
        raise HarnessError(f"guichet {' '.join(args)} exited with {done.returncode} (log: {log_path})")
    return output


# --- the database before the start ------------------------------------------------------------------------------
def paris_date(unix: float) -> date:
    return datetime.fromtimestamp(unix, PARIS).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def pick_procedure(db: sqlite3.Connection, mode: str, preferred: str) -> str:
    rows = [r[0] for r in db.execute(
        "SELECT id FROM procedures WHERE mode = ? AND retired_at IS NULL ORDER BY position", (mode,))]
    if not rows:
        raise HarnessError(f"the demo data has no {mode}-mode procedure")
    return preferred if preferred in rows else rows[0]


def counters_of(db: sqlite3.Connection, procedure: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT counter_id FROM counter_procedures WHERE procedure_id = ? ORDER BY counter_id", (procedure,))]


def stratified_offsets(rng: random.Random, count: int, first: float, last: float) -> list[float]:
    """`count` instants in [first, last], one uniform in each of `count` equal parts: random, yet spread."""
    width = (last - first) / count
    return [round(first + width * (i + rng.random()), 1) for i in range(count)]


def lottery_offsets(rng: random.Random, count: int, first: float, last: float, lottery: float) -> list[float]:
    """Release instants for the lottery mode: as many as fit in [first, last] at least a lottery (+ 5 s) apart,
    uniform over all such placements (sorted uniforms in the slack, then the gaps added), as in production where
    releases are hours apart and a lottery lasts half an hour; the remaining releases fall inside one of those
    lotteries, uniformly, and join it, as the product makes a release join an open lottery."""
    gap = lottery + 5
    openers = max(1, min(count, 1 + int((last - first) // gap)))
    slack = (last - first) - (openers - 1) * gap
    starts = [first + u + i * gap for i, u in enumerate(sorted(rng.uniform(0, slack) for _ in range(openers)))]
    joiners = []
    for _ in range(count - openers):
        opened = rng.choice(starts)
        joiners.append(opened + rng.uniform(10, lottery - 15))
    return sorted(round(x, 1) for x in starts + joiners)


def ensure_planned_seats(db: sqlite3.Connection, counters: list[str], after: float, needed: int) -> int:
    """Raises the capacity of the counters' future slots if they hold fewer planned seats than needed. Returns the
    capacity used (unchanged when it was enough)."""
    marks = ",".join("?" * len(counters))
    slots, capacity = db.execute(
        f"SELECT count(*), coalesce(max(capacity), 1) FROM slots WHERE counter_id IN ({marks}) AND closed = 0 "
        "AND starts_at > ?", (*counters, after)).fetchone()
    if slots * capacity >= needed * 1.1:
        return capacity
    if slots == 0:
        raise HarnessError("no slot ahead at the procedure's counters")
    capacity = math.ceil(needed * 1.1 / slots)
    db.execute(f"UPDATE slots SET capacity = ? WHERE counter_id IN ({marks}) AND taken = 0", (capacity, *counters))
    db.execute(f"UPDATE counters SET seats_per_slot = ? WHERE id IN ({marks})", (capacity, *counters))
    return capacity


def prepare_database(path: Path, mode: str, plan: dict) -> dict:
    """Edits the demo database for one mode (see the module's docstring). Returns what was set up."""
    db = sqlite3.connect(path, timeout=30)
    now, start = plan["seeded_at"], plan["start"]
    try:
        if db.execute("SELECT count(*) FROM appointments").fetchone()[0]:
            raise HarnessError("the fresh database already holds appointments")
        db.execute("UPDATE slots SET released = 0, released_at = NULL, lottery_window_id = NULL WHERE taken = 0")
        db.execute("DELETE FROM releases")
        monday = monday_of(paris_date(now))
        release_procedures = [r[0] for r in db.execute("SELECT id FROM release_policies")]
        for procedure in release_procedures:
            for week in (monday, monday + timedelta(days=7)):
                db.execute("INSERT INTO releases (procedure_id, week_start, due_at, performed_at, seats_released) "
                           "VALUES (?, ?, ?, ?, 0)", (procedure, f"{week.isoformat()}", now, now))
        setup: dict = {}
        if mode in ("fcfs", "lottery"):
            procedure = pick_procedure(db, "release", RELEASE_PROCEDURE)
            policy = json.loads(db.execute("SELECT policy FROM release_policies WHERE id = ?",
                                           (procedure,)).fetchone()[0])
            policy["lotteryMinutes"] = 0 if mode == "fcfs" else plan["lottery_minutes"]
            policy["seatsPerRelease"] = plan["seats_per_release"]
            policy["minimumLeadHours"] = 24
            db.execute("UPDATE release_policies SET policy = ? WHERE id = ?",
                       (json.dumps(policy, sort_keys=True, separators=(",", ":")), procedure))
            # The planner sees this week as planned (these rows) and next week as done (the marker above).
            db.execute("DELETE FROM releases WHERE procedure_id = ?", (procedure,))
            db.execute("INSERT INTO releases (procedure_id, week_start, due_at, performed_at, seats_released) "
                       "VALUES (?, ?, ?, ?, 0)", (procedure, (monday + timedelta(days=7)).isoformat(), now, now))
            for offset in plan["release_offsets"]:
                db.execute("INSERT INTO releases (procedure_id, week_start, due_at, performed_at, seats_released) "
                           "VALUES (?, ?, ?, NULL, 0)", (procedure, monday.isoformat(), start + offset))
            counters = counters_of(db, procedure)
            capacity = ensure_planned_seats(db, counters, start + plan["stop_looking"] + 24 * 3600 + 600,
                                            plan["seats"])
            setup = {"procedure": procedure, "policy": policy, "counters": counters, "slot_capacity": capacity}
        else:
            procedure = pick_procedure(db, "draw", DRAW_PROCEDURE)
            counters = counters_of(db, procedure)
            db.execute("DELETE FROM draw_windows WHERE procedure_id = ?", (procedure,))
            # Seats for the draws: whole days from the day after the last draw + 24 h (DrawPolicy.minimumLead).
            first_day = paris_date(start + plan["draws"][-1] + 24 * 3600) + timedelta(days=1)
            ensure_planned_seats(db, counters, datetime.combine(first_day, datetime.min.time(), PARIS).timestamp(),
                                 plan["seats"])
            windows = []
            opens = now
            day = first_day
            for index, (closes_offset, seats) in enumerate(zip(plan["draws"], plan["draw_seats"])):
                day_from, day, kept = trim_seat_days(db, counters, day, seats)
                seed = secrets.token_bytes(32)
                closes = start + closes_offset
                window_id = f"{procedure}-{datetime.fromtimestamp(opens, PARIS):%Y-%m-%d-%H%M%S}-bench{index + 1}"
                db.execute(
                    "INSERT INTO draw_windows (id, procedure_id, opens_at, closes_at, seats_from, seats_through, "
                    "commitment, seed, status, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', 'draw')",
                    (window_id, procedure, opens, closes, day_from.isoformat(), day.isoformat(),
                     hashlib.sha256(seed).hexdigest(), seed.hex()))
                windows.append({"id": window_id, "closes_offset": closes_offset, "seats_from": day_from.isoformat(),
                                "seats_through": day.isoformat(), "seats": kept})
                opens = closes
                day = day + timedelta(days=1)
            setup = {"procedure": procedure, "counters": counters, "windows": windows}
        db.commit()
        return setup
    finally:
        db.close()


def trim_seat_days(db: sqlite3.Connection, counters: list[str], first_day: date, seats: int):
    """From `first_day`, the fewest whole days whose open slots hold `seats` planned seats; the latest slots of the
    last day beyond that are closed. Returns (first day, last day, seats kept)."""
    marks = ",".join("?" * len(counters))
    day, kept = first_day, 0
    for _ in range(120):
        begin = datetime.combine(day, datetime.min.time(), PARIS).timestamp()
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), PARIS).timestamp()
        rows = db.execute(f"SELECT id, capacity FROM slots WHERE counter_id IN ({marks}) AND closed = 0 "
                          "AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, id",
                          (*counters, begin, end)).fetchall()
        for slot, capacity in rows:
            if kept >= seats:
                db.execute("UPDATE slots SET closed = 1 WHERE id = ?", (slot,))
            elif kept + capacity > seats:
                db.execute("UPDATE slots SET capacity = ? WHERE id = ?", (seats - kept, slot))
                kept = seats
            else:
                kept += capacity
        if kept >= seats:
            return first_day, day, kept
        day += timedelta(days=1)
    raise HarnessError(f"not enough planned seats for a draw of {seats}")


def make_plan(mode: str, args, rng: random.Random, seeded_at: float) -> dict:
    minutes = args.minutes * 60
    seats = round(args.seats_share * args.applicants)
    plan = {"mode": mode, "seeded_at": seeded_at, "start": seeded_at + START_MARGIN, "minutes": args.minutes}
    if mode in RELEASES:
        count = RELEASES[mode]
        per_release = max(1, round(seats / count))
        plan.update(seats=per_release * count, seats_per_release=per_release, lottery_minutes=args.lottery_minutes)
        if mode == "fcfs":
            plan["release_offsets"] = stratified_offsets(rng, count, 15, minutes - 30)
            plan["stop_looking"] = minutes
        else:
            # Half a minute more than the other modes, so that two lotteries fit in the default three minutes.
            plan["release_offsets"] = lottery_offsets(rng, count, 15, minutes + 30, args.lottery_minutes * 60)
            # The last lottery closes lotteryMinutes after the last release (or it joined an earlier one).
            plan["stop_looking"] = max(plan["release_offsets"]) + args.lottery_minutes * 60 + 6
        plan["deadline"] = plan["stop_looking"] + (CONFIRM_GRACE if mode == "fcfs" else LOTTERY_CONFIRM_GRACE)
    else:
        plan.update(seats=seats, draws=[minutes, minutes + DRAW_GAP], draw_seats=[seats // 2, seats - seats // 2])
        plan["stop_looking"] = minutes + DRAW_GAP
        plan["deadline"] = plan["stop_looking"] + 25      # the draw runs within 5 s; the emails follow
    return plan


# --- one mode ------------------------------------------------------------------------------------------------------
async def run_mode(mode: str, args, population: Population, out: Path) -> dict:
    rng = random.Random(f"{args.seed}:plan:{mode}")
    folder = out / mode
    data = folder / "data"
    if folder.exists():
        shutil.rmtree(folder)
    data.mkdir(parents=True)
    mail = data / "mail"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUICHET_", "MAIL_", "DATABASE_"))}
    env.update(GUICHET_DATA=str(data), MAIL_URL=f"file://{mail}", GUICHET_TRUSTED_PROXY="127.0.0.1",
               GUICHET_PROOF_OF_WORK=str(args.pow), GUICHET_SUBMISSION_LIMIT="30,300",
               LOG_LEVEL=os.environ.get("LOG_LEVEL", "notice"))
    server_log = folder / "server.log"
    run_command(args.bin, ["migrate", "--yes"], env, server_log)
    run_command(args.bin, ["demo"], env, server_log)
    plan = make_plan(mode, args, rng, time.time())
    setup = prepare_database(data / "guichet.sqlite", mode, plan)
    server = Server(args.bin, data, env, server_log, out / "server.pid")
    log(f"{mode}: {setup['procedure']}, {plan['seats']} seats; server on {server.url}")
    server.start()
    try:
        await server.wait_healthy()
        boot_late = time.time() - plan["start"]
        if boot_late > 0:
            log(f"{mode}: the server took {boot_late:.1f} s longer to start than the margin; the start is late")
        run = await act(mode, args, population, plan, setup, server.url, mail)
        verified = verify_draws(args.bin, server.url, data / "guichet.sqlite", setup["procedure"], folder, env)
    finally:
        server.stop()
    result = measure(mode, data / "guichet.sqlite", run, population, plan, setup)
    result["draws_verified"] = verified
    result["server_log_errors"] = count_errors(server_log)
    if not args.keep_mail:
        shutil.rmtree(mail, ignore_errors=True)
    return result


async def act(mode: str, args, population: Population, plan: dict, setup: dict, url: str, mail: Path) -> Run:
    loop = asyncio.get_running_loop()
    delay = plan["start"] - time.time()
    if delay > 0:
        await asyncio.sleep(delay)
    wall_t0, loop_t0 = time.time(), loop.time()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=url, limits=limits,
                                 timeout=httpx.Timeout(30, pool=120)) as client:
        mailbox = Mailbox(str(mail))
        run = Run(mode=mode, client=client, mailbox=mailbox, procedure=setup["procedure"], permit=mode == "draw",
                  seed=args.seed, loop_t0=loop_t0, wall_t0=wall_t0, stop_looking=loop_t0 + plan["stop_looking"],
                  deadline=loop_t0 + plan["deadline"])
        reader = asyncio.create_task(mailbox.run())
        actors = [Person(run, a) for a in population.people] + \
                 [OperationBots(run, op) for op in population.operations]
        tasks = [asyncio.create_task(actor.live()) for actor in actors]
        progress = asyncio.create_task(report_progress(run, plan))
        settle = asyncio.create_task(settled(run, plan, setup, actors))
        try:
            waiting = {settle, *tasks}
            while waiting and settle in waiting and loop.time() < run.deadline:
                done, waiting = await asyncio.wait(waiting, timeout=run.deadline - loop.time(),
                                                   return_when=asyncio.FIRST_COMPLETED)
                failed = [t for t in done if t.exception() is not None]
                if failed:
                    raise HarnessError(f"an actor failed: {failed[0].exception()!r}") from failed[0].exception()
            run.ended_early = settle.done()
        finally:
            for task in (settle, progress, reader, *tasks):
                task.cancel()
            await asyncio.gather(settle, progress, reader, *tasks, return_exceptions=True)
    return run


async def settled(run: Run, plan: dict, setup: dict, actors: list) -> None:
    """Returns once nothing more can happen, so that a mode need not wait for its deadline: past the last chance to
    ask (first come: the mode's minutes; lottery: the last release, then no lottery open; draw: the last window
    drawn) and every actor idle (no hold, ticket or request still being filled in, followed or confirmed)."""
    def idle() -> bool:
        for actor in actors:
            if isinstance(actor, Person) and actor.state.busy:
                return False
            if isinstance(actor, OperationBots) and (actor.tasks or any(c.busy for c in actor.clients)):
                return False
        return True

    after = plan["stop_looking"] if run.mode != "lottery" else max(plan["release_offsets"]) + 6
    while True:
        await asyncio.sleep(2)
        if run.now() < run.loop_t0 + after or not idle():
            continue
        if run.mode == "lottery":
            procedure = await run.open_windows("harness", "127.0.0.1", "bench/attack", "en")
            if procedure is None or procedure.get("lottery"):
                continue
        if run.mode == "draw":
            last = setup["windows"][-1]["id"]
            response = await run.call("harness", "watch", "GET", f"/api/v1/draws/{last}", address="127.0.0.1",
                                      agent="bench/attack", language="en")
            if response is None or response.status_code != 200 or response.json().get("seed") is None:
                continue
        return


async def report_progress(run: Run, plan: dict) -> None:
    while True:
        await asyncio.sleep(30)
        elapsed = run.now() - run.loop_t0
        attempts = ", ".join(f"{who} {kind} {n}" for (who, kind), n in sorted(run.attempts.items()))
        log(f"{run.mode}: {elapsed:.0f}/{plan['deadline']:.0f} s, mails {run.mailbox.count}, attempts: "
            f"{attempts or 'none yet'}")


def verify_draws(binary: str, url: str, db_path: Path, procedure: str, folder: Path, env: dict) -> dict:
    """`guichet verify-draw` on every published draw document of the procedure, while the server runs. The command
    boots the application, so it gets a data folder of its own (else it would make ./data)."""
    env = dict(env, GUICHET_DATA=str(folder / "verify-data"), LOG_LEVEL="error")
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        ids = [r[0] for r in db.execute("SELECT id FROM draw_windows WHERE procedure_id = ? AND status = 'drawn'",
                                        (procedure,))]
    finally:
        db.close()
    results = {}
    with open(folder / "verify-draw.log", "w") as log_file:
        for window in ids:
            done = subprocess.run([binary, "verify-draw", f"{url}/api/v1/draws/{window}"], stdout=log_file,
                                  stderr=subprocess.STDOUT, timeout=120, env=env)
            results[window] = done.returncode == 0
    return results


def count_errors(path: Path) -> int:
    with open(path, errors="replace") as handle:
        return sum(1 for line in handle if "[ ERROR ]" in line or "[ CRITICAL ]" in line)


# --- measures -------------------------------------------------------------------------------------------------------
def measure(mode: str, db_path: Path, run: Run, population: Population, plan: dict, setup: dict) -> dict:
    owner: dict[str, tuple[str, int]] = {}
    network: dict[str, str] = {}
    for a in population.applicants:
        if a.is_client:
            owner[a.scalper_email.lower()] = ("bots", a.index)
            network[a.scalper_email.lower()] = "bots"
        else:
            owner[a.email.lower()] = ("people", a.index)
            network[a.email.lower()] = a.network
    bot_networks = {n for op in population.operations for n in op.networks}
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    db.row_factory = sqlite3.Row
    procedure = setup["procedure"]
    t0 = run.wall_t0

    def who(address: str) -> str:
        return owner.get(address.lower(), ("unknown", -1))[0]

    appointments = db.execute("SELECT a.id, a.email, a.status, a.channel, a.created_at, a.slot_id, s.released_at "
                              "FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE a.procedure_id = ?",
                              (procedure,)).fetchall()
    seats = Counter(who(r["email"]) for r in appointments if r["status"] == "confirmed")
    pending = Counter(who(r["email"]) for r in appointments if r["status"] == "pending")
    requests = db.execute("SELECT id, number, email, status, window_id, confirmed_at, appointment_id FROM requests "
                          "WHERE procedure_id = ?", (procedure,)).fetchall()
    by_number = {r["number"]: who(r["email"]) for r in requests}
    appointment_of = {r["number"]: r["appointment_id"] for r in requests}
    windows = db.execute("SELECT id, kind, opens_at, closes_at, status, drawn_at, document FROM draw_windows "
                         "WHERE procedure_id = ? ORDER BY closes_at", (procedure,)).fetchall()
    confirmed_ids = {str(r["id"]).lower() for r in appointments if r["status"] == "confirmed"}
    events = []
    strata: list[dict] = []        # per release, lottery or draw: attempts and seats of each side
    participations: Counter = Counter()
    for window in windows:
        document = json.loads(window["document"]) if window["document"] else {}
        inputs = Counter(by_number.get(r["number"], "unknown") for r in document.get("requests", []))
        won = Counter(by_number.get(a["requestNumber"], "unknown") for a in document.get("allocations", []))
        tickets = Counter(who(r["email"]) for r in requests if r["window_id"] == window["id"])
        events.append({
            "window": window["id"], "kind": window["kind"], "status": window["status"],
            "opens": round(window["opens_at"] - t0, 1), "closes": round(window["closes_at"] - t0, 1),
            "drawn": round(window["drawn_at"] - t0, 1) if window["drawn_at"] else None,
            "seats_offered": len(document.get("seats", [])), "inputs": dict(inputs), "allocated": dict(won),
            "tickets": dict(tickets),
        })
        if window["kind"] == "draw" and window["drawn_at"]:
            participations.update(inputs)
            strata.append({"event": window["id"], "attempts": dict(inputs), "seats": dict(won)})
        if window["kind"] == "release-lottery" and window["drawn_at"]:
            # Tickets stand from lottery to lottery: a lottery's attempts are the tickets its document drew, its
            # seats those of its winners who confirmed.
            participations.update(inputs)
            seated = Counter(by_number.get(a["requestNumber"], "unknown") for a in document.get("allocations", [])
                             if str(appointment_of.get(a["requestNumber"]) or "").lower() in confirmed_ids)
            strata.append({"event": window["id"], "attempts": dict(inputs), "seats": dict(seated)})
    releases = [dict(due=round(r[0] - t0, 1), performed=round(r[1] - t0, 1), performed_unix=r[1], seats=r[2],
                     lottery=r[3], speed=speed_of(db, r[1], procedure, who, t0) if r[1] else None)
                for r in db.execute("SELECT due_at, performed_at, seats_released, window_id FROM releases "
                                    "WHERE procedure_id = ? AND performed_at IS NOT NULL AND seats_released > 0 "
                                    "ORDER BY due_at", (procedure,))]
    signals = db.execute("SELECT b.network, a.email FROM booking_signals b JOIN appointments a "
                         "ON b.subject_type = 'appointment' AND lower(b.subject_id) = lower(a.id) "
                         "WHERE a.procedure_id = ? UNION ALL SELECT b.network, r.email FROM booking_signals b "
                         "JOIN requests r ON b.subject_type = 'request' AND lower(b.subject_id) = lower(r.id) "
                         "WHERE r.procedure_id = ?", (procedure, procedure)).fetchall()
    db.close()

    right_network = sum(1 for s in signals if s["network"] and (
        network.get(s["email"].lower()) == "bots" and s["network"].rsplit(".", 1)[0] in bot_networks
        or s["network"].rsplit(".", 1)[0] == network.get(s["email"].lower())))
    tickets = Counter(who(r["email"]) for r in requests if r["window_id"])
    if mode in ("fcfs", "lottery"):
        strata += hold_strata(mode, run, releases, appointments, who)
    if mode == "fcfs":
        attempts = {w: run.attempts[(w, "hold")] for w in ("bots", "people")}
    elif mode == "lottery":
        attempts = {w: participations[w] + run.attempts[(w, "hold")] for w in ("bots", "people")}
    else:
        attempts = {w: participations[w] for w in ("bots", "people")}
    total = sum(seats.values())
    clients, applicants = len(population.clients), len(population.applicants)
    ratio = stats.advantage_ratio_by_event([(s["seats"].get("bots", 0), s["attempts"].get("bots", 0),
                                             s["seats"].get("people", 0), s["attempts"].get("people", 0))
                                            for s in strata])
    pooled = stats.advantage_ratio(seats["bots"], attempts["bots"], seats["people"], attempts["people"])
    paid = stats.wilson(seats["bots"], total)
    client_share = clients / applicants
    targets = mode != "fcfs"
    return {
        "mode": mode, "procedure": procedure, "setup": setup,
        "plan": {k: v for k, v in plan.items() if k not in ("seeded_at", "start")},
        "started_at": datetime.fromtimestamp(t0, PARIS).isoformat(timespec="seconds"),
        "ended": "settled" if getattr(run, "ended_early", False) else "deadline",
        "seats": total, "seats_by": dict(seats), "pending_holds_at_end": dict(pending),
        "attempt_definition": ATTEMPT_DEFINITIONS[mode], "attempts": attempts,
        "genuine_share": stats.share(seats["people"], total), "paid_for_share": paid.as_dict(),
        "clients_share": client_share, "advantage_ratio": ratio.as_dict(),
        "advantage_ratio_pooled": pooled.as_dict(), "events": strata,
        "targets": {
            "advantage_ratio_at_most_1.1": stats.verdict(ratio, 1.1) if targets else "no target",
            "paid_for_share_at_most_clients_share": stats.verdict(paid, client_share) if targets else "no target",
        },
        "served": {"people": seats["people"], "people_total": applicants - clients,
                   "clients": seats["bots"], "clients_total": clients},
        "releases": releases, "windows": events,
        "tickets_db": dict(tickets), "tickets_actors": {w: run.attempts[(w, "ticket")] for w in ("bots", "people")},
        "answers": {f"{w} {k} {s}": n for (w, k, s), n in sorted(run.tally.items(), key=str)},
        "proof_of_work": {w: {"solved": run.pow_solved[w], "seconds": round(run.pow_seconds[w], 1)}
                          for w in ("bots", "people")},
        "mails_read": run.mailbox.count,
        "signals_on_actor_network": f"{right_network}/{len(signals)}",
        "server_errors": run.server_errors[:50], "server_error_count": len(run.server_errors),
        "submissions": run.events,
    }


def hold_strata(mode: str, run: Run, releases: list[dict], appointments, who) -> list[dict]:
    """Holds tried, as events for the ratio: first come, each release with the holds tried from its instant to the
    next one's and the seats it released that were confirmed; after lotteries, one event for every hold tried on
    the seats they left (usually none)."""
    holds = [(t, w) for t, w, kind, status in run.events
             if kind == "hold" and status not in (403, 429) and status < 500]
    if mode == "lottery":
        seats = Counter(who(r["email"]) for r in appointments if r["status"] == "confirmed" and r["channel"] == "online")
        tried = Counter(w for _, w in holds)
        return [{"event": "holds after lotteries", "attempts": dict(tried), "seats": dict(seats)}] if tried else []
    strata = []
    starts = [r["performed"] for r in releases]
    for index, release in enumerate(releases):
        end = starts[index + 1] if index + 1 < len(starts) else float("inf")
        begin = release["performed"] if index else float("-inf")
        tried = Counter(w for t, w in holds if begin <= t < end)
        performed = release["performed_unix"]
        seats = Counter(who(r["email"]) for r in appointments if r["status"] == "confirmed"
                        and r["released_at"] is not None and abs(r["released_at"] - performed) < 0.01)
        strata.append({"event": f"release at {release['performed']} s", "attempts": dict(tried), "seats": dict(seats)})
    return strata


def speed_of(db: sqlite3.Connection, performed: float, procedure: str, who, t0: float) -> dict:
    """How a release's seats went: holds on the slots it released, seconds from the release to the last one."""
    rows = db.execute("SELECT a.created_at, a.email FROM appointments a JOIN slots s ON s.id = a.slot_id "
                      "WHERE a.procedure_id = ? AND abs(s.released_at - ?) < 0.001 ORDER BY a.created_at",
                      (procedure, performed)).fetchall()
    if not rows:
        return {"holds": 0}
    return {"holds": len(rows), "last_after_s": round(rows[-1][0] - performed, 1),
            "bots_share": round(sum(1 for r in rows if who(r[1]) == "bots") / len(rows), 3)}


# --- report ----------------------------------------------------------------------------------------------------------
def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def ratio_text(r: dict) -> str:
    if r["value"] is None:
        return "n/a"
    prefix = "≥ " if r["floor"] else ""
    return f"{prefix}{r['value']:.2f} [{r['low']:.2f}, {r['high']:.2f}]"


def share_text(r: dict) -> str:
    if r["value"] is None:
        return "n/a"
    return f"{100 * r['value']:.1f} % [{100 * r['low']:.1f}, {100 * r['high']:.1f}]"


def table(results: list[dict], header: str) -> str:
    lines = [header, *summary(results)]
    for r in results:
        lines.append(details(r))
    return "\n".join(lines)


def summary(results: list[dict]) -> list[str]:
    """The figures' table, the targets and what an attempt is: one row per mode (or per mode pooled over seeds)."""
    lines = []
    columns = ("mode", "seats", "attempts bots/people", "genuine", "advantage ratio [95% CI]",
               "paid-for share [95% CI]", "clients", "target met? ratio / paid-for")
    rows = [columns]
    for r in results:
        t = r["targets"]
        target = "no target (plain first come)" if r["mode"] == "fcfs" else \
            f"{t['advantage_ratio_at_most_1.1']} / {t['paid_for_share_at_most_clients_share']}"
        rows.append((r.get("label", r["mode"]), str(r["seats"]), f"{r['attempts']['bots']} / {r['attempts']['people']}",
                     percent(r["genuine_share"]), ratio_text(r["advantage_ratio"]), share_text(r["paid_for_share"]),
                     percent(r["clients_share"]), target))
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    lines.append("")
    lines.append("Targets: advantage ratio ≤ 1.1 and paid-for share ≤ the clients' share of applicants, in every mode "
                 "but plain first come.")
    lines.append(stats.VERDICT_LEGEND + ".")
    lines.append("Advantage ratio: (seats per attempt of bot identities) / (seats per attempt of people), compared "
                 "event by event (each release, lottery or draw; Mantel–Haenszel, Greenland–Robins 95 % interval) "
                 "as docs/fairness.md does; the ratio of the pooled totals is in the details and the JSON. Shares: "
                 "Wilson 95 % interval. Genuine share: seats to people who paid nobody. An attempt is:")
    for mode, definition in dict((r["mode"], r["attempt_definition"]) for r in results).items():
        lines.append(f"  {mode}: {definition}")
    return lines


def pooled(mode: str, results: list[dict]) -> dict:
    """One mode's runs under several seeds as one: each seed's events are strata of the same Mantel–Haenszel ratio
    (an event's odds are compared only within it, so seeds of different sizes do not mix), the shares are taken over
    every seat and every applicant of the runs."""
    seats, attempts = Counter(), Counter()
    events, clients, applicants = [], 0, 0
    for r in results:
        seats.update(r["seats_by"])
        attempts.update(r["attempts"])
        events += [{**e, "event": f"seed {r['seed']}, {e['event']}"} for e in r["events"]]
        clients += r["served"]["clients_total"]
        applicants += r["served"]["clients_total"] + r["served"]["people_total"]
    total = sum(seats.values())
    ratio = stats.advantage_ratio_by_event([(e["seats"].get("bots", 0), e["attempts"].get("bots", 0),
                                             e["seats"].get("people", 0), e["attempts"].get("people", 0))
                                            for e in events])
    paid = stats.wilson(seats["bots"], total)
    client_share = clients / applicants
    targets = mode != "fcfs"
    return {
        "mode": f"{mode} (seeds {', '.join(str(r['seed']) for r in results)})", "seeds": [r["seed"] for r in results],
        "seats": total, "seats_by": dict(seats), "attempts": {w: attempts[w] for w in ("bots", "people")},
        "attempt_definition": results[0]["attempt_definition"], "genuine_share": stats.share(seats["people"], total),
        "paid_for_share": paid.as_dict(), "clients_share": client_share, "advantage_ratio": ratio.as_dict(),
        "advantage_ratio_pooled": stats.advantage_ratio(seats["bots"], attempts["bots"], seats["people"],
                                                        attempts["people"]).as_dict(),
        "targets": {
            "advantage_ratio_at_most_1.1": stats.verdict(ratio, 1.1) if targets else "no target",
            "paid_for_share_at_most_clients_share": stats.verdict(paid, client_share) if targets else "no target",
        },
        "events": events,
    }


def details(r: dict) -> str:
    parts = [f"{r.get('label', r['mode'])}: people served {r['served']['people']}/{r['served']['people_total']}, clients served "
             f"{r['served']['clients']}/{r['served']['clients_total']}; ratio of the pooled totals "
             f"{ratio_text(r['advantage_ratio_pooled'])}"]
    for event in r["events"]:
        a, s = event["attempts"], event["seats"]
        parts.append(f"{event['event']}: bots {s.get('bots', 0)} seats / {a.get('bots', 0)} attempts, people "
                     f"{s.get('people', 0)} / {a.get('people', 0)}")
    if r["mode"] == "fcfs":
        speeds = [f"{x['seats']} seats at {x['performed']} s, all held {x['speed'].get('last_after_s', '—')} s later, "
                  f"{percent(x['speed'].get('bots_share'))} by bots" for x in r["releases"]]
        parts.append("releases: " + "; ".join(speeds))
    else:
        if r["mode"] == "lottery":
            parts.append("releases at " + ", ".join(f"{x['performed']} s ({x['seats']} seats)" for x in r["releases"]))
        for w in (w for w in r["windows"] if w["drawn"] is not None):
            held = f", {w['held_out']} held out as near-duplicates" if w.get("held_out") else ""
            parts.append(f"{w['kind']} {w['window']} drawn at {w['drawn']} s: {w['seats_offered']} seats, entries "
                         f"{w['inputs']}, allocated {w['allocated']}{held}")
    refusals = {k: v for k, v in r["answers"].items() if k.endswith((" 429", " 403")) or "error" in k}
    if refusals:
        parts.append(f"refusals: {refusals}")
    if r["server_error_count"] or r["server_log_errors"]:
        parts.append(f"server errors: {r['server_error_count']} answers, {r['server_log_errors']} log lines")
    if r["draws_verified"]:
        ok = sum(r["draws_verified"].values())
        parts.append(f"draw documents verified by guichet verify-draw: {ok}/{len(r['draws_verified'])}")
    parts.append(f"booking signals on the actor's own network: {r['signals_on_actor_network']}")
    return "\n    ".join(parts)


# --- main -------------------------------------------------------------------------------------------------------------
def parse(argv: list[str]):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", default="all", choices=[*MODES, "all"])
    parser.add_argument("--seed", type=int, default=2026,
                        help="fixes the people, the release instants and every actor's choices (default 2026)")
    parser.add_argument("--seeds", type=lambda text: [int(x) for x in text.split(",")], default=None,
                        help="run every mode once per seed (comma-separated, e.g. 11,12,13) and pool the figures")
    parser.add_argument("--minutes", type=float, default=3.0,
                        help="each mode's minutes of releases or of draw window (default 3; the lottery mode's "
                             "releases get half a minute more, so that two lotteries fit, and its last lottery "
                             "runs past them; every mode then ends once nothing more can happen, about a minute "
                             "of emailed codes and confirmations later)")
    parser.add_argument("--applicants", type=int, default=1500, help="genuine applicants, clients included")
    parser.add_argument("--client-share", type=float, default=0.22, help="share of applicants who paid a scalper")
    parser.add_argument("--operations", type=int, default=4, help="scalper operations")
    parser.add_argument("--bot-networks", type=int, default=5, help="/24 networks the operations' bots use in all")
    parser.add_argument("--seats-share", type=float, default=0.25,
                        help="seats per mode as a share of applicants (scarce: default 0.25)")
    parser.add_argument("--lottery-minutes", type=int, default=2, help="the lottery's minutes after a release")
    parser.add_argument("--pow", type=int, default=20000,
                        help="the proof of work's maxnumber (default 20000, a fifth of production's 100000, so that "
                             "Python's thousands of solves stay light; the server takes 1000 to 10000000)")
    parser.add_argument("--bin", default=os.environ.get("GUICHET_BIN"), help="the guichet binary (GUICHET_BIN)")
    parser.add_argument("--out", default=None, help="output folder (default artifacts/attack/<UTC time>)")
    parser.add_argument("--keep-mail", action="store_true", help="keep the .eml files (thousands per mode)")
    args = parser.parse_args(argv)
    if not args.bin:
        parser.error("--bin or GUICHET_BIN is required (run.sh builds one)")
    if args.minutes < 2:
        parser.error("--minutes must be at least 2")
    return args


async def main(argv: list[str]) -> int:
    args = parse(argv)
    # SIGTERM (run.sh's trap) cancels the run, so that the server is stopped on the way out.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    root = Path(__file__).resolve().parents[2]
    out = Path(args.out) if args.out else root / "artifacts" / "attack" / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    out.mkdir(parents=True, exist_ok=True)
    modes = MODES if args.mode == "all" else (args.mode,)
    seeds = args.seeds or [args.seed]
    started = time.time()
    results = []
    for seed in seeds:
        run_args = argparse.Namespace(**{**vars(args), "seed": seed})
        seed_out = out / f"seed-{seed}" if args.seeds else out
        population = make_population(random.Random(f"{seed}:population"), args.applicants, args.client_share,
                                     args.operations, args.bot_networks, datetime.now(PARIS).date())
        log(f"seed {seed}: {len(population.people)} people, {len(population.clients)} clients of "
            f"{len(population.operations)} operations on {args.bot_networks} /24s; modes {', '.join(modes)}; "
            f"out {seed_out}")
        for mode in modes:
            mode_started = time.time()
            result = await run_mode(mode, run_args, population, seed_out)
            result["seed"] = seed
            if args.seeds:
                result["label"] = f"{mode}, seed {seed}"
            result["wall_seconds"] = round(time.time() - mode_started, 1)
            results.append(result)
            if result["seats"] == 0:
                raise HarnessError(f"{mode}: no seat was allocated at all (see {seed_out / mode / 'server.log'})")
            log(f"{mode}, seed {seed}: done in {result['wall_seconds']:.0f} s: {result['seats']} seats, ratio "
                f"{ratio_text(result['advantage_ratio'])}, paid-for {share_text(result['paid_for_share'])}")
    header = (f"bench/attack {args.mode}: seed{'s' if args.seeds else ''} {', '.join(map(str, seeds))}, "
              f"{args.minutes:g} min, {args.applicants} applicants ({round(args.applicants * args.client_share)} "
              f"clients of {args.operations} scalpers on {args.bot_networks} /24s), "
              f"proof of work maxnumber {args.pow}, limits 30/300 per 10 min, {os.cpu_count()} cores, "
              f"{time.time() - started:.0f} s in all")
    text = table(results, header)
    pools = [pooled(mode, [r for r in results if r["mode"] == mode]) for mode in modes] if args.seeds else []
    if pools:
        text += "\n\nPooled over the seeds:\n" + "\n".join(summary(pools))
    parameters = {k: v for k, v in vars(args).items()}
    (out / "attack.json").write_text(json.dumps(
        {"parameters": parameters, "seconds": round(time.time() - started, 1),
         "note": "The server's randomness is cryptographic: one seed gives alike runs, not identical ones.",
         "modes": results, "pooled": pools}, indent=1, ensure_ascii=False, default=str))
    (out / "attack.txt").write_text(text + "\n")
    print(text)
    print(f"\nJSON and logs: {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main(sys.argv[1:])))
    except HarnessError as error:
        print(f"attack.py: harness failure: {error}", file=sys.stderr)
        sys.exit(1)
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("attack.py: interrupted", file=sys.stderr)
        sys.exit(130)
