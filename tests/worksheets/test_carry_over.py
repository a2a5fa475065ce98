"""The carry-over workflow on a real store, without Streamlit: read the source, confirm what would be
overwritten, apply (into the sheet or as a new one), record the link, notice and take later changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worksheets import carry_over, cases
from worksheets.carry_over import Pending
from worksheets.document import Document, create_draft, document_from_draft, save_draft
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.issue_sheet import IssueSheet
from worksheets.sheets.lean_canvas import LeanCanvas
from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap
from worksheets.spec import with_value
from worksheets.store import Draft, DraftStore

WS = "workspace-" + "a" * 16


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "d.sqlite3")


def _canvas(store: DraftStore, **fields: str) -> Draft:
    return create_draft(store, WS, Document("lean_canvas", LeanCanvas(**fields)))


def _edit(store: DraftStore, draft: Draft, path: str, value: str) -> Draft:
    doc = document_from_draft(draft)
    return save_draft(store, draft.id, Document(doc.sheet_type, with_value(doc.sheet, path, value)), draft.version)


def test_read_source_takes_the_carried_values_and_the_version(store: DraftStore) -> None:
    canvas = _canvas(store, municipality="磐田市", problem="課題A", kpi="参加者数")
    canvas = _edit(store, canvas, "theme", "健康アプリ")
    pending = carry_over.read_source(store, "canvas_to_paper", canvas.id)
    assert pending is not None
    assert (pending.carry_id, pending.source_id, pending.source_version) == ("canvas_to_paper", canvas.id, 2)
    assert pending.values["why"] == "課題A"
    assert pending.values["theme"] == "健康アプリ"
    assert pending.carry.label == "キャンバスから作成"


def test_read_source_refuses_a_missing_draft_or_one_of_another_type(store: DraftStore) -> None:
    issue = create_draft(store, WS, Document("issue_sheet", IssueSheet(theme="歯科健診")))
    assert carry_over.read_source(store, "canvas_to_paper", "x" * 22) is None
    assert carry_over.read_source(store, "canvas_to_paper", issue.id) is None  # not a canvas


def test_pending_names_what_it_would_overwrite_and_applies_either_way(store: DraftStore) -> None:
    pending = carry_over.read_source(store, "canvas_to_paper", _canvas(store, problem="新しい課題", kpi="参加者数").id)
    assert pending is not None
    paper = DiscussionPaper(why="自分で書いた背景", what="参加者数")
    assert pending.overwrites(paper) == ["why"]  # the same text is no overwrite; empty fields are none either
    assert pending.overwritten_labels(paper) == ["現状・課題とその背景"]
    kept = pending.applied(paper, overwrite=False)
    assert isinstance(kept, DiscussionPaper)  # typed as the target: no cast needed
    assert (kept.why, kept.what) == ("自分で書いた背景", "参加者数")
    assert pending.applied(paper, overwrite=True).why == "新しい課題"


def test_as_new_document_is_a_sheet_of_the_target_type(store: DraftStore) -> None:
    pending = carry_over.read_source(store, "canvas_to_paper", _canvas(store, theme="健康アプリ", problem="課題A").id)
    assert pending is not None
    doc = pending.as_new_document()
    assert doc.sheet_type == "discussion_paper"
    assert isinstance(doc.sheet, DiscussionPaper)
    assert (doc.sheet.theme, doc.sheet.why) == ("健康アプリ", "課題A")


def test_record_link_keeps_the_snapshot_and_joins_the_source_case(store: DraftStore) -> None:
    canvas = _canvas(store, theme="健康アプリ", problem="課題A")
    case = cases.create(store, WS, "健康アプリ案件")
    cases.add_sheet(store, case, canvas.id)
    pending = carry_over.read_source(store, "canvas_to_paper", canvas.id)
    assert pending is not None
    paper = create_draft(store, WS, pending.as_new_document())
    carry_over.record_link(store, paper.id, pending)
    [link] = store.links(paper.id)
    assert (link.source, link.carry, link.source_version) == (canvas.id, "canvas_to_paper", 1)
    assert json.loads(link.snapshot) == pending.values
    assert cases.case_of(store, paper.id) == case.id


def test_a_group_target_gets_the_carried_items_added(store: DraftStore) -> None:
    canvas = _canvas(store, beneficiaries="子育て世帯\n高齢者")
    pending = carry_over.read_source(store, "canvas_to_sanpo", canvas.id)
    assert pending is not None
    assert pending.overwrites(SanpoYoshiMap()) == []  # a group is added to, never replaced
    names = [s.name for s in pending.applied(SanpoYoshiMap(), overwrite=False).stakeholders if s.name]
    assert names == ["子育て世帯", "高齢者"]


def _linked_paper(store: DraftStore) -> tuple[Draft, Draft]:
    canvas = _canvas(store, theme="健康アプリ", problem="課題A", kpi="参加者数")
    pending = carry_over.read_source(store, "canvas_to_paper", canvas.id)
    assert pending is not None
    paper = create_draft(store, WS, pending.as_new_document())
    carry_over.record_link(store, paper.id, pending)
    return canvas, paper


def test_changed_sources_report_only_later_edits_of_carried_fields(store: DraftStore) -> None:
    canvas, paper = _linked_paper(store)
    target = document_from_draft(paper).sheet
    assert carry_over.changed_sources(store, paper.id, target) == []  # the source has not been saved since
    canvas = _edit(store, canvas, "channels", "広報誌")  # saved, but not a field the paper takes
    assert carry_over.changed_sources(store, paper.id, target) == []
    canvas = _edit(store, canvas, "problem", "課題A（改訂）")
    [found] = carry_over.changed_sources(store, paper.id, target)
    assert (found.carry.id, found.source.id, found.source.version) == ("canvas_to_paper", canvas.id, 3)
    assert [(c.path, c.label, c.old, c.new) for c in found.changes] == [
        ("why", "現状・課題とその背景", "課題A", "課題A（改訂）")
    ]


def test_take_changes_replaces_only_the_changed_fields_and_relinks(store: DraftStore) -> None:
    canvas, paper = _linked_paper(store)
    own = with_value(document_from_draft(paper).sheet, "what", "自分で書いた効果")  # the user's edit since
    paper = save_draft(store, paper.id, Document("discussion_paper", own), paper.version)
    canvas = _edit(store, canvas, "problem", "課題A（改訂）")

    found = carry_over.take_changes(store, paper.id, own, "canvas_to_paper", canvas.id)
    assert found is not None
    sheet, pending = found
    assert isinstance(sheet, DiscussionPaper)
    assert sheet.why == "課題A（改訂）"  # the source's change, replacing the carried text
    assert sheet.what == "自分で書いた効果"  # the user's own edit of an unchanged carried field stays
    assert pending.source_version == canvas.version

    paper = save_draft(store, paper.id, Document("discussion_paper", sheet), paper.version)
    carry_over.record_link(store, paper.id, pending)
    assert carry_over.changed_sources(store, paper.id, sheet) == []  # taken: no notice any more


def test_take_changes_without_the_link_or_the_source_does_nothing(store: DraftStore) -> None:
    canvas, paper = _linked_paper(store)
    target = document_from_draft(paper).sheet
    assert carry_over.take_changes(store, paper.id, target, "issue_sheet_to_paper", canvas.id) is None  # no such link
    store.delete(canvas.id)
    assert carry_over.take_changes(store, paper.id, target, "canvas_to_paper", canvas.id) is None


def test_pending_is_plain_data() -> None:
    pending = Pending("canvas_to_paper", "s" * 22, 3, {"why": "課題"})
    assert pending == Pending("canvas_to_paper", "s" * 22, 3, {"why": "課題"})
    assert pending.carry.target_type == "discussion_paper"
