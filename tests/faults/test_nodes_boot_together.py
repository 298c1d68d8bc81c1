"""Issue 11, point 2: several nodes started at once on an empty database all come up; the schema is migrated and the
demo loaded once, under the migration lock (PostgreSQL's advisory lock; SQLite's file lock)."""
from __future__ import annotations

import sqlite3

import pytest

from faults import Postgres, start_node, wait_healthy

NODES = 3


@pytest.fixture
def cluster():
    pg = Postgres.start()
    yield pg
    pg.destroy()


def check_once(rows_by_table):
    assert rows_by_table["migrations"] == rows_by_table["distinct_migrations"], "a migration was recorded twice"
    assert rows_by_table["procedures"] == 6 and rows_by_table["counters"] == 7, rows_by_table


def test_three_nodes_on_an_empty_postgres_database(cluster, tmp_path):
    nodes = [start_node(tmp_path / f"node{i}", cluster.url, wait=False) for i in range(NODES)]
    try:
        for node in nodes:
            wait_healthy(node)
        assert all(node.process.poll() is None for node in nodes), [node.logs() for node in nodes]
        counts = {name: int(cluster.psql(sql)) for name, sql in {
            "migrations": "SELECT count(*) FROM _fluent_migrations",
            "distinct_migrations": "SELECT count(DISTINCT name) FROM _fluent_migrations",
            "procedures": "SELECT count(*) FROM procedures",
            "counters": "SELECT count(*) FROM counters",
        }.items()}
        check_once(counts)
    finally:
        for node in nodes:
            node.stop()


def test_three_nodes_on_one_new_sqlite_file(tmp_path):
    data = tmp_path / "shared"
    nodes = [start_node(data, None, wait=False) for _ in range(NODES)]
    try:
        for node in nodes:
            wait_healthy(node)
        assert all(node.process.poll() is None for node in nodes), [node.logs() for node in nodes]
        db = sqlite3.connect(data / "guichet.sqlite")
        counts = {
            "migrations": db.execute("SELECT count(*) FROM _fluent_migrations").fetchone()[0],
            "distinct_migrations": db.execute("SELECT count(DISTINCT name) FROM _fluent_migrations").fetchone()[0],
            "procedures": db.execute("SELECT count(*) FROM procedures").fetchone()[0],
            "counters": db.execute("SELECT count(*) FROM counters").fetchone()[0],
        }
        db.close()
        check_once(counts)
    finally:
        for node in nodes:
            node.stop()
