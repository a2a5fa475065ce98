"""PostgreSQL connections come from a bounded pool (issue 19), on a real server: many threads
(Streamlit's script threads, a fresh one per rerun) share a few connections."""

from __future__ import annotations

import json
import select
import threading
import time

import psycopg
import pytest

from worksheets.db import PoolSettings, PostgresDatabase
from worksheets.store import DraftStore


def _connections(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def test_many_threads_share_a_bounded_number_of_connections(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKSHEETS_DB_POOL_MAX", "3")
    monkeypatch.setenv("WORKSHEETS_DB_POOL_MIN", "0")
    monkeypatch.setenv("WORKSHEETS_DB_POOL_TIMEOUT", "120")  # a loaded CI box: wait, do not time out
    store = DraftStore(postgres_url)
    errors: list[BaseException] = []
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(_connections(postgres_url))
            time.sleep(0.02)

    def rerun(n: int) -> None:  # one short-lived thread per "rerun", as Streamlit runs them
        try:
            draft = store.create(f"participant-{n:04d}-xxxxxxxx", "issue_sheet", json.dumps({"n": n}))
            for edit in range(1, 6):
                store.save(draft.id, json.dumps({"n": n, "edit": edit}), "", edit)
        except BaseException as exc:
            errors.append(exc)

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=rerun, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    assert errors == []
    for n in range(40):
        [draft] = store.recent(f"participant-{n:04d}-xxxxxxxx")
        assert json.loads(draft.data) == {"n": n, "edit": 5}
    assert max(seen) <= 3  # 40 threads, never more than the pool's 3 connections
    assert _connections(postgres_url) <= 3  # and no connection left behind per finished thread
    assert max(seen) >= 1


def test_a_full_pool_makes_the_caller_wait_then_time_out(postgres_url: str) -> None:
    from psycopg_pool import PoolTimeout

    db = PostgresDatabase(postgres_url, PoolSettings(max_size=1, timeout=0.5))
    with db.tx() as held:
        held.execute("SELECT 1")
        start = time.perf_counter()
        with pytest.raises(PoolTimeout), db.tx():
            pass
        assert 0.4 <= time.perf_counter() - start < 5
    with db.tx() as again:  # released: usable again
        assert again.execute("SELECT 2 AS v").fetchone()["v"] == 2


def test_a_connection_killed_by_the_server_is_replaced(postgres_url: str) -> None:
    db = PostgresDatabase(postgres_url, PoolSettings(max_size=1))
    pid = db.read("SELECT pg_backend_pid() AS pid")[0]["pid"]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    time.sleep(0.2)
    assert db.read("SELECT pg_backend_pid() AS pid")[0]["pid"] != pid


def test_pool_settings_from_the_environment() -> None:
    env = {
        "WORKSHEETS_DB_POOL_MIN": "2",
        "WORKSHEETS_DB_POOL_MAX": "20",
        "WORKSHEETS_DB_POOL_TIMEOUT": "2.5",
        "WORKSHEETS_DB_POOL_MAX_IDLE": "60",
        "WORKSHEETS_DB_CONNECT_TIMEOUT": "3",
    }
    assert PoolSettings.from_env(env) == PoolSettings(2, 20, 2.5, 60.0, 3)
    assert PoolSettings.from_env({}) == PoolSettings()
    with pytest.raises(ValueError, match="WORKSHEETS_DB_POOL_MAX の値「many」は数値ではありません"):
        PoolSettings.from_env({"WORKSHEETS_DB_POOL_MAX": "many"})
    with pytest.raises(ValueError, match="WORKSHEETS_DB_POOL_MIN 以上"):
        PoolSettings.from_env({"WORKSHEETS_DB_POOL_MIN": "5", "WORKSHEETS_DB_POOL_MAX": "2"})
    with pytest.raises(ValueError, match="0 以上"):
        PoolSettings.from_env({"WORKSHEETS_DB_POOL_TIMEOUT": "-1"})


def test_connections_the_server_dropped_are_replaced_not_handed_out(postgres_url: str) -> None:
    """A restarted or restarting PostgreSQL closes every pooled connection. The next page must get a
    live one (the pool checks a connection before handing it out), not fail once per dead connection."""
    store = DraftStore(postgres_url)
    draft = store.create("participant-dropped-xxxx", "issue_sheet", '{"n": 1}')
    held = [store.db.pool.getconn() for _ in range(3)]  # three idle connections in the pool …
    for conn in held:
        store.db.pool.putconn(conn)
    with psycopg.connect(postgres_url, autocommit=True) as admin:  # … all closed by the server
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    deadline = time.monotonic() + 10  # the termination notices reach the client sockets
    while time.monotonic() < deadline and not all(c.closed or select.select([c], [], [], 0)[0] for c in held):
        time.sleep(0.05)
    for edit in range(1, 6):  # each of these would have drawn a dead connection
        store.save(draft.id, json.dumps({"n": 1, "edit": edit}), "", edit)
    assert json.loads(store.get(draft.id).data) == {"n": 1, "edit": 5}  # type: ignore[union-attr]
