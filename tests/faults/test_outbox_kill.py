"""Issue 11, point 3: two nodes deliver one outbox through a real SMTP sink (aiosmtpd, recording every DATA it
accepts with its Message-ID); one node is killed with SIGKILL in the middle. Each message is marked sent as soon as
the relay accepted it, so at most the deliveries in flight at the kill go out twice (with the same Message-ID); the
messages the dead node had claimed are taken over by the other node within the 30-second lease.
"""
from __future__ import annotations

import email
import email.policy
import json
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from faults import Postgres, free_port, guichet_env, run_guichet, start_node

MESSAGES = 600
# A relay that takes its time: the kill lands inside deliveries.
RELAY_DELAY = 0.03


class Sink:
    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[float, str]] = []  # (arrival, Message-ID)

    async def handle_DATA(self, server, session, envelope):
        time.sleep(RELAY_DELAY)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append((time.monotonic(), message["Message-ID"]))
        return "250 OK"


@pytest.fixture
def cluster():
    pg = Postgres.start()
    yield pg
    pg.destroy()


def test_a_killed_node_loses_nothing_and_repeats_at_most_what_it_was_sending(cluster, tmp_path):
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    mail_url = f"smtp://127.0.0.1:{port}"
    try:
        env = guichet_env(tmp_path / "setup", cluster.url)
        (tmp_path / "setup").mkdir()
        run_guichet(env, "migrate", "--yes")
        cluster.psql("INSERT INTO outbox_messages (recipient, subject, body_text, created_at, attempts, next_attempt_at) "
                      f"SELECT 'person' || n || '@example.org', 'Message ' || n, 'Body ' || n, now(), 0, now() "
                      f"FROM generate_series(1, {MESSAGES}) AS n;")
        a = start_node(tmp_path / "a", cluster.url, MAIL_URL=mail_url)
        b = start_node(tmp_path / "b", cluster.url, MAIL_URL=mail_url)
        # kill A once about a third is out
        deadline = time.monotonic() + 120
        while len(sink.received) < MESSAGES // 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        a.kill()
        killed_at = time.monotonic()
        # everything arrives, the dead node's claims within the lease
        while time.monotonic() < killed_at + 90:
            unsent = int(cluster.psql("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"))
            if unsent == 0:
                break
            time.sleep(0.5)
        b.stop()
        ids = [message_id for _, message_id in sink.received]
        repeated = len(ids) - len(set(ids))
        last = max(at for at, _ in sink.received)
        report = {"messages": MESSAGES, "received": len(ids), "distinct": len(set(ids)), "repeated": repeated,
                  "all_done_after_kill_s": round(last - killed_at, 1)}
        print(json.dumps(report))
        assert unsent == 0, f"{unsent} messages never sent: {report}"
        assert len(set(ids)) == MESSAGES, report
        # at most what the dead node's two workers had in flight
        assert repeated <= 2, report
        assert last - killed_at <= 30 + 10, report
    finally:
        controller.stop()
