from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from worksheets.store import Conflict, DraftStore, is_valid_id, new_id


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "d.sqlite3")


def test_create_save_and_read_back_survives_a_new_store_object(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    first = DraftStore(path)
    draft = first.create("ws-aaaaaaaaaaaaaaaa", "issue_sheet", '{"theme": ""}')
    saved = first.save(draft.id, '{"theme": "テーマ"}', "テーマ", expected_version=1)
    assert saved.version == 2
    again = DraftStore(path).get(draft.id)  # as after a server restart
    assert again is not None
    assert again.data == '{"theme": "テーマ"}'
    assert again.version == 2
    assert again.title == "テーマ"


def test_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHEETS_DB", str(tmp_path / "x" / "y.sqlite3"))
    assert DraftStore().path == tmp_path / "x" / "y.sqlite3"
    assert (tmp_path / "x" / "y.sqlite3").exists()


def test_ids_are_random_and_forged_ids_find_nothing(store: DraftStore) -> None:
    ids = {new_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(is_valid_id(i) and len(i) >= 22 for i in ids)
    store.create("w" * 22, "issue_sheet", "{}")
    for forged in ["", "abc", "' OR 1=1 --", "../../etc/passwd", "a" * 22, None]:
        assert store.get(forged) is None  # type: ignore[arg-type]


def test_stale_save_is_a_conflict_not_a_silent_overwrite(store: DraftStore) -> None:
    draft = store.create("w" * 22, "issue_sheet", "{}")
    store.save(draft.id, '{"a": "tab 1"}', "", expected_version=1)
    with pytest.raises(Conflict) as err:
        store.save(draft.id, '{"a": "tab 2"}', "", expected_version=1)
    assert err.value.current.data == '{"a": "tab 1"}'
    assert store.get(draft.id).data == '{"a": "tab 1"}'  # type: ignore[union-attr]
    forced = store.save(draft.id, '{"a": "tab 2"}', "", expected_version=1, force=True)
    assert forced.version == 3


def test_recent_lists_only_the_workspaces_own_drafts(store: DraftStore) -> None:
    mine, other = "m" * 22, "o" * 22
    a = store.create(mine, "issue_sheet", "{}", "A")
    store.create(other, "issue_sheet", "{}", "secret")
    b = store.create(mine, "issue_detail", "{}", "B")
    store.save(a.id, "{}", "A2", expected_version=1)
    assert [d.id for d in store.recent(mine)] == [a.id, b.id]
    assert [d.id for d in store.recent(mine, "issue_detail")] == [b.id]
    assert "secret" not in [d.title for d in store.recent(mine)]


def test_drafts_are_kept_at_least_30_days(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHEETS_RETENTION_DAYS", "1")  # too short: the floor of 30 days applies
    draft = store.create("w" * 22, "issue_sheet", "{}")
    now = time.time()
    assert store.purge(now + 29 * 86400) == 0
    assert store.get(draft.id) is not None
    assert store.purge(now + 31 * 86400) == 1
    assert store.get(draft.id) is None


def test_concurrent_writers_lose_no_update(store: DraftStore) -> None:
    drafts = [store.create("w" * 22, "issue_sheet", "{}") for _ in range(20)]
    errors: list[BaseException] = []

    def edit(draft_id: str) -> None:
        try:
            version = 1
            for i in range(25):
                version = store.save(draft_id, f'{{"n": {i}}}', "", expected_version=version).version
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(d.id,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for d in drafts:
        final = store.get(d.id)
        assert final is not None
        assert final.version == 26
        assert final.data == '{"n": 24}'


def test_merge_takes_each_side_s_own_changes_and_reports_only_fields_both_changed() -> None:
    from worksheets.store import merge, take

    base = {"theme": "", "ideal": "", "issues": [{"title": "a", "lack": ""}, {"title": "b", "lack": ""}]}
    mine = {"theme": "", "ideal": "私の", "issues": [{"title": "a", "lack": "不足"}, {"title": "B2", "lack": ""}]}
    theirs = {"theme": "テーマ", "ideal": "", "issues": [{"title": "a", "lack": ""}, {"title": "B3", "lack": ""}]}
    merged, conflicts = merge(base, mine, theirs)
    assert conflicts == [("issues", 1, "title")]
    assert merged == {
        "theme": "テーマ",
        "ideal": "私の",
        "issues": [{"title": "a", "lack": "不足"}, {"title": "B2", "lack": ""}],
    }
    assert take(merged, conflicts[0], theirs)["issues"][1]["title"] == "B3"  # type: ignore[index]
    assert merge(base, mine, mine) == (mine, [])
    grown = {**theirs, "issues": [*theirs["issues"], {"title": "c", "lack": ""}]}  # an item added: the list is one field
    assert merge(base, mine, grown)[1] == [("issues",)]
