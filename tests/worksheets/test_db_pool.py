"""PostgreSQL connections come from a bounded pool (issue 19), on a real server: many threads
(Streamlit's script threads, a fresh one per rerun) share a few connections."""

from __future__ import annotations

import json
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
