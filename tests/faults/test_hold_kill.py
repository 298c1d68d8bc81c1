"""Issue 13.6: `kill -9` in the middle of a flood of holds loses no hold that was answered 202. On SQLite the node is
killed while its writer commits holds in batches (one transaction, a savepoint each, one fsync; the test checks from
`/metrics` that batches of several holds were committed before the kill); on PostgreSQL while transactions are in
flight. Afterwards every hold a client was told about is in the database, every seat taken has its appointment, and
the node starts again on the same data.
"""
from __future__ import annotations

import asyncio
import random
import re
import sqlite3
import time

import httpx
import pytest

from faults import CLIENT_TIMEOUT, Load, Postgres, run_guichet, start_node, guichet_env

CLIENTS = 48
LOAD_SECONDS = 4.0


@pytest.fixture(params=["sqlite", "postgres"])
def database(request):
    if request.param == "sqlite":
        yield None
        return
    pg = Postgres.start()
    yield pg
    pg.destroy()


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_kill_9_during_a_flood_of_holds_loses_no_acknowledged_hold(database, tmp_path):
    data = tmp_path / "node"
    data.mkdir()
    url = database.url if database else None
    env = guichet_env(data, url)
    run_guichet(env, "migrate", "--yes")
    seeded = run_guichet(env, "bench-seed", "--slots", "20000").split()
    first, last = int(seeded[-2]), int(seeded[-1])
    node = start_node(data, url)
    load = Load(node.base_url, first, last)
    scraped = {}

    async def scenario():
        limits = httpx.Limits(max_connections=CLIENTS * 2, max_keepalive_connections=CLIENTS * 2)
        async with httpx.AsyncClient(limits=limits) as http:
            clients = [asyncio.create_task(load.client(http)) for _ in range(CLIENTS)]
            await asyncio.sleep(LOAD_SECONDS)
            metrics = (await http.get(node.base_url + "/metrics", timeout=10)).text
            scraped["batches"] = metric(metrics, "guichet_sqlite_write_batch_writes_count")
            scraped["writes"] = metric(metrics, "guichet_sqlite_write_batch_writes_sum")
            # the kill, with holds in flight, at a moment that owes nothing to the scrape (which reads the database
            # and so tends to be answered just after a commit)
            await asyncio.sleep(random.uniform(0.5, 1.5))
            await asyncio.to_thread(node.kill)
            killed = time.monotonic()
            await asyncio.sleep(1)
            load.running = False
            await asyncio.wait(clients, timeout=CLIENT_TIMEOUT + 5)
            return killed

    try:
        killed = asyncio.run(scenario())
    finally:
        node.kill()
    acknowledged = {r[4].lower() for r in load.results if r[2] == 202 and r[4]}
    in_flight = [r for r in load.results if r[0] < killed <= r[1] and r[2] != 202]
    print(f"\n{len(acknowledged)} holds answered 202 before the kill, {len(in_flight)} in flight at the kill; "
          f"SQLite batches before the kill: {scraped}")
    assert len(acknowledged) >= 50, "too few holds to tell anything"
    assert in_flight, "no hold was in flight when the node was killed"
    if database is None:
        assert scraped["writes"] > scraped["batches"] > 0, f"no batch of several writes before the kill: {scraped}"

    # what the database holds, read by another program
    query_held = (f"SELECT lower(CAST(a.id AS TEXT)), a.status FROM appointments a JOIN slots s ON s.id = a.slot_id "
                  f"WHERE s.id BETWEEN {first} AND {last}")
    query_taken = f"SELECT coalesce(sum(taken), 0), coalesce(max(taken - capacity), 0) FROM slots WHERE id BETWEEN {first} AND {last}"
    if database is None:
        with sqlite3.connect(data / "guichet.sqlite") as db:
            held = dict(db.execute(query_held).fetchall())
            taken, over = db.execute(query_taken).fetchone()
    else:
        held = dict(line.split("|") for line in database.psql(query_held).splitlines() if line)
        taken, over = (int(x) for x in database.psql(query_taken).split("|"))
    missing = acknowledged - held.keys()
    assert not missing, f"{len(missing)} holds answered 202 are not in the database"
    assert all(status == "pending" for status in held.values())
    assert taken == len(held), f"{taken} seats taken for {len(held)} appointments"
    assert over <= 0, "a slot holds more than its capacity"

    # the node starts again on the same data and serves
    again = start_node(data, url)
    try:
        status = httpx.get(again.base_url + "/healthz", timeout=10).status_code
    finally:
        again.stop()
    assert status == 200
