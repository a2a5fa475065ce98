"""Version history on both backends: every committed save kept, sessions, compare, restore, names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worksheets import history
from worksheets.registry import SHEETS
from worksheets.store import Conflict, DraftStore

WS = "h" * 22


def _data(**fields: object) -> str:
    model = SHEETS["issue_sheet"].model.model_validate(fields)
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False)


def test_every_committed_save_is_kept_and_a_refused_one_is_not(store: DraftStore) -> None:
    draft = store.create(WS, "issue_sheet", _data(theme="A"), "A")
    store.save(draft.id, _data(theme="AB"), "AB", 1)
    store.save(draft.id, _data(theme="ABC"), "ABC", 2)
    with pytest.raises(Conflict):
        store.save(draft.id, _data(theme="古い版から"), "x", 1)
    listed = history.versions(store, draft.id)
    assert [v.version for v in listed] == [3, 2, 1]
    assert [v.title for v in listed] == ["ABC", "AB", "A"]
    assert history.content(store, draft.id, 2)["theme"] == "AB"  # type: ignore[index]
    count, stored = history.size(store, draft.id)
    assert count == 3
    assert stored > 0


def test_restore_becomes_the_newest_version_and_deletes_nothing(store: DraftStore) -> None:
    draft = store.create(WS, "issue_sheet", _data(theme="最初のテーマ"), "最初")
    store.save(draft.id, _data(theme="書き換えたテーマ"), "書き換え", 1)
    restored = history.restore(store, draft.id, 1, expected_version=2)
    assert restored.version == 3
    assert json.loads(restored.data)["theme"] == "最初のテーマ"
    assert [v.version for v in history.versions(store, draft.id)] == [3, 2, 1]
    assert history.content(store, draft.id, 2)["theme"] == "書き換えたテーマ"  # type: ignore[index]
    with pytest.raises(Conflict):  # another tab saved meanwhile: refused, not overwritten
        history.restore(store, draft.id, 2, expected_version=2)
    with pytest.raises(KeyError):
        history.restore(store, draft.id, 99, expected_version=3)


def test_named_versions(store: DraftStore) -> None:
    draft = store.create(WS, "issue_sheet", _data(theme="A"), "A")
    store.save(draft.id, _data(theme="B"), "B", 1)
    store.save(draft.id, _data(theme="C"), "C", 2)
    assert history.set_name(store, draft.id, 2, "  第2回面談で提示  ")
    assert not history.set_name(store, draft.id, 42, "ない版")
    assert [(v.version, v.name) for v in history.named(store, draft.id)] == [(2, "第2回面談で提示")]
    history.set_name(store, draft.id, 2, "")
    assert history.named(store, draft.id) == []


def test_history_goes_with_the_draft(store: DraftStore) -> None:
    draft = store.create(WS, "issue_sheet", _data(theme="A"), "A")
    keep = store.create(WS, "issue_sheet", _data(theme="K"), "K")
    store.save(draft.id, _data(theme="B"), "B", 1)
    store.delete(draft.id)
    assert history.versions(store, draft.id) == []
    assert len(history.versions(store, keep.id)) == 1
    store.purge(now=keep.updated_at + 10_000 * 86400)  # beyond any retention
    assert history.versions(store, keep.id) == []


def test_sessions_group_by_gap_and_name_changed_fields(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d.sqlite3")
    draft = store.create(WS, "issue_sheet", _data(theme="A"), "A")
    store.save(draft.id, _data(theme="A", municipality="〇〇市"), "A", 1)
    store.save(draft.id, _data(theme="A2", municipality="〇〇市"), "A2", 2)
    # move the first version two hours back: a separate editing session
    with store.db.tx() as db:
        db.execute("UPDATE versions SET saved_at = saved_at - 7200 WHERE draft = ? AND version = 1", (draft.id,))
    got = history.sessions(store, store.get(draft.id))  # type: ignore[arg-type]
    assert [[e.version.version for e in s.entries] for s in got] == [[3, 2], [1]]
    assert got[0].entries[0].changed == ["テーマ"]
    assert got[0].entries[1].changed == ["自治体名"]


def test_compare_names_fields_and_marks_characters() -> None:
    old = json.loads(_data(theme="外国人市民への情報提供", issues=[{"title": "窓口が混む"}]))
    new = json.loads(_data(theme="外国人住民への情報提供", issues=[{"title": "窓口が混む"}]))
    [change] = history.compare("issue_sheet", old, new)
    assert change.label == "テーマ"
    assert [(p.kind, p.text) for p in change.pieces] == [
        ("same", "外国人"),
        ("del", "市"),
        ("ins", "住"),
        ("same", "民への情報提供"),
    ]
    changed_item = json.loads(_data(theme="外国人住民への情報提供", issues=[{"title": "窓口が混雑"}]))
    assert [c.label for c in history.compare("issue_sheet", new, changed_item)] == ["課題1 ④課題"]
