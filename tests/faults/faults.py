"""Real processes for the fault tests (issue 11): a throwaway PostgreSQL cluster from scripts/postgres.sh that the
tests stop and start, the built `guichet` binary as one or several nodes, SMTP sinks. Nothing is mocked: the tests
kill and restart processes and compare what clients were told with what the database holds.

Environment: GUICHET_BIN (default <repo>/.build/debug/guichet).
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
GUICHET_BIN = Path(os.environ.get("GUICHET_BIN") or REPO / ".build" / "debug" / "guichet")
POSTGRES_SH = REPO / "scripts" / "postgres.sh"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Postgres:
    """A cluster in `directory`, on `port`; `url` is its DATABASE_URL."""
    directory: Path
    port: int
    url: str

    @staticmethod
    def start(directory: Path | None = None, port: int | None = None) -> "Postgres":
        directory = directory or Path(tempfile.mkdtemp(prefix="guichet-faults-pg-"))
        port = port or free_port()
        out = subprocess.run(["bash", str(POSTGRES_SH), "start", str(directory), str(port)], capture_output=True,
                             text=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError(f"postgres.sh start failed:\n{out.stdout}\n{out.stderr}")
        return Postgres(directory, port, out.stdout.strip().splitlines()[-1])

    def stop(self) -> None:
        """A fast shutdown, as an operator's restart does: sessions are terminated, clients see their connection close."""
        subprocess.run(["bash", str(POSTGRES_SH), "stop", str(self.directory)], capture_output=True, timeout=120)

    def restart_after(self, outage: float) -> None:
        self.stop()
        time.sleep(outage)
        out = subprocess.run(["bash", str(POSTGRES_SH), "start", str(self.directory), str(self.port)],
                             capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError(f"postgres.sh start failed:\n{out.stdout}\n{out.stderr}")

    def reset(self) -> None:
        subprocess.run(["bash", str(POSTGRES_SH), "reset", str(self.directory)], check=True, capture_output=True,
                       timeout=120)

    def psql(self, sql: str) -> str:
        """Runs SQL as the `guichet` user and returns the unaligned output."""
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        out = subprocess.run([str(bin_dir / "psql"), "-X", "-At", "-v", "ON_ERROR_STOP=1", self.url], input=sql,
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr}")
        return out.stdout.strip()

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()


@dataclass
class Node:
    """One `guichet serve` process."""
    port: int
    data_dir: Path
    process: subprocess.Popen
    log_path: Path
    env: dict = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self, limit: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(30)

    def stop(self) -> None:
        """SIGTERM, as a supervisor stops a node. The node leaves within GUICHET_SHUTDOWN_LIMIT (20 s) whatever it
        waits on; a watchdog exit (status 1) is reported with the stage it was stuck in, not failed: what the fault
        tests check is what clients were told against what the database holds."""
        started = time.monotonic()
        self.kill(signal.SIGTERM)
        if self.process.returncode not in (0, None):
            print(f"\nnode on port {self.port} left with status {self.process.returncode} after "
                  f"{time.monotonic() - started:.1f} s:\n{self.logs(1500)}")


def guichet_env(data_dir: Path, database_url: str | None, **extra: str) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    # Every node of a database signs with one key (a node with another refuses to start): one key per test run.
    env.update(GUICHET_SIGNING_KEY=SIGNING_KEY)
    env.update(GUICHET_DATA=str(data_dir), LOG_LEVEL="notice", GUICHET_PROOF_OF_WORK="off",
               GUICHET_SUBMISSION_LIMIT="off", MAIL_URL=f"file://{data_dir}/mail")
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def run_guichet(env: dict, *arguments: str, timeout: float = 300) -> str:
    out = subprocess.run([str(GUICHET_BIN), *arguments], capture_output=True, text=True, env=env,
                         cwd=env["GUICHET_DATA"], timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"guichet {' '.join(arguments)} failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return out.stdout


def start_node(data_dir: Path, database_url: str | None, *, wait: bool = True, port: int | None = None,
               **extra: str) -> Node:
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    env = guichet_env(data_dir, database_url, **extra)
    log_path = data_dir / f"serve-{port}.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen([str(GUICHET_BIN), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                   cwd=str(data_dir), env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    node = Node(port, data_dir, process, log_path, env)
    if wait:
        wait_healthy(node)
    return node


def wait_healthy(node: Node, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            raise RuntimeError(f"guichet serve exited ({node.process.returncode}):\n{node.logs()}")
        try:
            with urllib.request.urlopen(node.base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"guichet serve did not become healthy within {timeout} s:\n{node.logs()}")


def get_json(url: str, timeout: float = 10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, json.load(response)


# What a client waits for an answer before counting the request as unanswered: well above the node's deadline.
CLIENT_TIMEOUT = 30.0


class Load:
    """Clients (one task each) holding one seat after another, each for a new person on a new slot."""

    def __init__(self, base_url: str, first_slot: int, last_slot: int):
        self.base_url = base_url
        self.next_slot = first_slot
        self.last_slot = last_slot
        self.results: list[tuple[float, float, int | None, str | None, str | None]] = []  # start, end, status, code, id
        self.running = True
        self.serial = 0

    def take(self) -> tuple[int, int]:
        slot = self.next_slot
        self.next_slot += 1
        self.serial += 1
        return slot, self.serial

    async def client(self, http: httpx.AsyncClient):
        while self.running and self.next_slot <= self.last_slot:
            slot, serial = self.take()
            letters = "".join(chr(ord("a") + int(d)) for d in f"{serial:07d}")
            body = {"procedure": "bench", "slotId": slot, "applicant": {
                "familyName": "Faultson " + letters.capitalize(), "givenNames": "Restart",
                "birthDate": "1980-01-01", "nationality": "FRA", "email": f"restart.{letters}@example.org"}}
            start = time.monotonic()
            status = code = ident = None
            try:
                response = await http.post(self.base_url + "/api/v1/appointments", json=body, timeout=CLIENT_TIMEOUT)
                status = response.status_code
                data = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
                code = (data.get("error") or {}).get("code")
                ident = data.get("id")
                if status == 503:
                    assert response.headers.get("retry-after"), "a 503 without Retry-After"
                    await asyncio.sleep(0.5)
            except httpx.TimeoutException:
                status, code = None, "unanswered"
            except httpx.HTTPError as error:
                status, code = None, type(error).__name__
                await asyncio.sleep(0.5)
            self.results.append((start, time.monotonic(), status, code, ident))

    def rate(self, since: float, until: float) -> float:
        done = [r for r in self.results if since <= r[1] < until and r[2] == 202]
        return len(done) / max(0.001, until - since)
