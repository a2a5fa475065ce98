"""SQLite connections are reused across page runs (each Streamlit rerun is a fresh thread), and a
failed transaction never hands a connection with an open transaction to the next run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from worksheets.db import SqliteDatabase


def _in_thread(fn):  # type: ignore[no-untyped-def]
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


def test_a_later_thread_reuses_the_connection_of_an_earlier_one(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "d.sqlite3")
    db.schema(["CREATE TABLE t (x INTEGER)"])

    def conn_id() -> int:
        with db.tx() as tx:
            tx.execute("INSERT INTO t VALUES (1)")
            return id(tx)

    assert _in_thread(conn_id) == _in_thread(conn_id)
    assert db.read("SELECT count(*) AS n FROM t") == [{"n": 2}]


def test_a_failed_transaction_is_rolled_back_and_the_connection_is_clean(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "d.sqlite3")
    db.schema(["CREATE TABLE t (x INTEGER)"])

    def failing() -> None:
        with db.tx() as tx:
            tx.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing()
    assert _in_thread(lambda: db.read("SELECT count(*) AS n FROM t")) == [{"n": 0}]
    with db.tx() as tx:  # the reused connection has no transaction left open
        tx.execute("INSERT INTO t VALUES (2)")
    assert db.read("SELECT x FROM t") == [{"x": 2}]


def test_concurrent_threads_never_share_a_connection(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "d.sqlite3")
    db.schema(["CREATE TABLE t (x INTEGER)"])
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                with db.tx() as tx:
                    tx.execute("INSERT INTO t VALUES (?)", (n * 100 + i,))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.read("SELECT count(*) AS n FROM t") == [{"n": 120}]
