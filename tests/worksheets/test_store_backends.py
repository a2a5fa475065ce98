"""The store on both backends: the embedded SQLite file and a real PostgreSQL server.

Concurrency is tested with real threads, each with its own connection, as Streamlit's script
threads have: many writers, nothing lost; racing writers on one draft, no lost update.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from worksheets.db import PostgresDatabase, SqliteDatabase, redact
from worksheets.store import Conflict, DraftStore, WorkshopRow, new_id

WS = "w" * 22


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "d.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


def test_backend_is_chosen_by_the_location(location: str) -> None:
    store = DraftStore(location)
    expected = PostgresDatabase if location.startswith("postgresql://") else SqliteDatabase
    assert isinstance(store.db, expected)


def test_round_trip_conflict_and_restart(location: str) -> None:
    first = DraftStore(location)
    draft = first.create(WS, "issue_sheet", '{"theme": ""}')
    saved = first.save(draft.id, '{"theme": "テーマ\\n改行"}', "テーマ", expected_version=1)
    assert saved.version == 2
    with pytest.raises(Conflict) as err:
        first.save(draft.id, '{"theme": "古い版から"}', "", expected_version=1)
    assert err.value.current.version == 2
    with pytest.raises(KeyError):
        first.save(new_id(), "{}", "", expected_version=1)
    again = DraftStore(location).get(draft.id)  # a new process / another app server
    assert again is not None
    assert json.loads(again.data) == {"theme": "テーマ\n改行"}
    assert (again.version, again.title, again.workspace) == (2, "テーマ", WS)


def test_recent_links_and_purge(location: str) -> None:
    store = DraftStore(location)
    mine = store.create(WS, "issue_sheet", "{}", "A")
    store.create("o" * 22, "issue_sheet", "{}", "他人の")
    target = store.create(WS, "lean_canvas", "{}", "B")
    assert [d.title for d in store.recent(WS)] == ["B", "A"]
    store.link(target.id, mine.id, "issue_to_canvas", 1, '{"x": 1}')
    store.link(target.id, mine.id, "issue_to_canvas", 2, '{"x": 2}')  # one link per carry: replaced
    [link] = store.links(target.id)
    assert (link.source_version, link.snapshot) == (2, '{"x": 2}')
    assert store.purge(now=time.time() + 400 * 86400) == 3
    assert store.recent(WS) == []
    assert store.links(target.id) == []


def test_workshop_rows(location: str) -> None:
    store = DraftStore(location)
    row = WorkshopRow(new_id(), "ABC234", "WS", "2026-11-24", '["issue_sheet"]', '["1班"]', "h", "", 0.0, time.time())
    store.add_workshop(row)
    assert store.workshop(row.id) == row
    assert store.workshop_by_code("ABC234") == row
    store.set_timer(row.id, "④課題", 123.5)
    assert store.workshop(row.id).timer_end == 123.5  # type: ignore[union-attr]
    a = store.add_participant(row.id, "山田", "1班")
    b = store.add_participant(row.id, "佐藤", "1班")
    store.create(a.id, "issue_sheet", "{}", "山田の")
    store.create(b.id, "issue_sheet", "{}", "佐藤の")
    store.create(WS, "issue_sheet", "{}", "参加者ではない人の")
    assert {p.name for p in store.participants(row.id)} == {"山田", "佐藤"}
    assert sorted(d.title for d in store.workshop_drafts(row.id)) == ["佐藤の", "山田の"]
    assert [d.title for d in store.recent(a.id)] == ["山田の"]  # a participant sees only their own


def test_sixty_writers_lose_nothing(location: str) -> None:
    """60 threads (one per participant), each creating a draft and saving it 10 times."""
    store = DraftStore(location)
    errors: list[BaseException] = []

    def participant(n: int) -> None:
        try:
            ws = f"participant-{n:04d}-xxxxxxxx"
            draft = store.create(ws, "issue_sheet", json.dumps({"n": n, "edit": 0}))
            version = draft.version
            for edit in range(1, 11):
                version = store.save(draft.id, json.dumps({"n": n, "edit": edit}), f"p{n}", version).version
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for n in range(60):
        [draft] = store.recent(f"participant-{n:04d}-xxxxxxxx")
        assert json.loads(draft.data) == {"n": n, "edit": 10}
        assert draft.version == 11


def test_racing_writers_on_one_draft_never_lose_an_update(location: str) -> None:
    """Eight threads increment one counter with read-modify-write; a stale write is refused
    (Conflict) and retried, so the final count is exactly the number of increments."""
    store = DraftStore(location)
    draft = store.create(WS, "issue_sheet", json.dumps({"count": 0}))
    conflicts = 0
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        nonlocal conflicts
        for round_ in range(25):
            while True:
                current = store.get(draft.id)
                assert current is not None
                value = json.loads(current.data)["count"] + 1
                if round_ == 0 and current.version == 1:
                    start.wait(timeout=30)  # all eight read version 1, then all try to write it
                try:
                    store.save(draft.id, json.dumps({"count": value}), "", current.version)
                    break
                except Conflict:
                    with lock:
                        conflicts += 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = store.get(draft.id)
    assert final is not None
    assert json.loads(final.data)["count"] == 200
    assert final.version == 201
    assert conflicts >= 7  # the first round's race really happened, and was caught


def test_two_app_servers_share_one_postgresql_store(postgres_url: str) -> None:
    server_a, server_b = DraftStore(postgres_url), DraftStore(postgres_url)
    draft = server_a.create(WS, "issue_sheet", "{}")
    server_b.save(draft.id, '{"theme": "Bで編集"}', "", 1)
    with pytest.raises(Conflict):
        server_a.save(draft.id, '{"theme": "Aの古い編集"}', "", 1)
    assert server_a.get(draft.id).data == '{"theme": "Bで編集"}'  # type: ignore[union-attr]


def test_url_passwords_are_not_shown() -> None:
    assert redact("postgresql://app:s3cret@db.example:5432/ws") == "postgresql://app:***@db.example:5432/ws"
    assert redact("/srv/data/drafts.sqlite3") == "/srv/data/drafts.sqlite3"


def test_app_servers_starting_together_do_not_deadlock(location: str) -> None:
    """Several servers (re)started at once each create the schema and purge old drafts. On PostgreSQL,
    CREATE INDEX locks its table while another server's purge holds that table and waits for the one
    the index creator holds: one of them died with ``deadlock detected`` and showed users the
    store-down page (seen in the two-server load test). Start-ups must take turns."""
    DraftStore(location)  # the schema exists: as when a deployment restarts its servers
    errors: list[BaseException] = []
    for _ in range(4):
        barrier = threading.Barrier(6)

        def start(barrier: threading.Barrier) -> None:
            barrier.wait()
            try:
                DraftStore(location).create(WS, "issue_sheet", "{}")
            except BaseException as exc:  # every failure is the finding
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(barrier,)) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


def test_a_read_on_postgresql_does_not_wait_for_another_sessions_open_write(postgres_url: str) -> None:
    # A read is one statement on an autocommit connection (one round trip, no transaction): it
    # returns while another session's write is open and sees only what was committed. (SQLite reads
    # keep BEGIN IMMEDIATE: reads outside the write lock let more script threads run at once, and
    # the edit p95 of bench/load_ws.py got worse: 369-2517 ms against 253-948 ms, 5 runs each.)
    store = DraftStore(postgres_url)
    draft = store.create(WS, "issue_sheet", '{"theme": "前"}', "前")
    in_write, read_done = threading.Event(), threading.Event()
    waited: list[bool] = []

    def writer() -> None:
        with store.db.tx() as tx:
            tx.execute("UPDATE drafts SET title = ? WHERE id = ?", ("書きかけ", draft.id))
            in_write.set()
            waited.append(read_done.wait(timeout=8))  # hold the write open until the read is back

    thread = threading.Thread(target=writer)
    thread.start()
    assert in_write.wait(timeout=10)
    start = time.perf_counter()
    rows = store.db.read("SELECT title FROM drafts WHERE id = ?", (draft.id,))
    elapsed = time.perf_counter() - start
    read_done.set()
    thread.join(timeout=15)
    assert waited == [True]  # the read returned while the write was still open
    assert elapsed < 5
    assert [r["title"] for r in rows] == ["前"]  # not the uncommitted title
    assert store.get(draft.id).title == "書きかけ"  # committed afterwards
