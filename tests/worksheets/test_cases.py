"""案件: grouping, carry-over membership, meetings, 「前回からの変更点」 PDF (both backends for the store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.print_check import check
from tests.worksheets.conftest import sheet_json as _data
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets import cases, history, review
from worksheets.cases import Action
from worksheets.errors import InputError
from worksheets.formats import case_pdf
from worksheets.registry import SHEETS
from worksheets.store import DraftStore

WS = "c" * 22


def test_case_groups_sheets_of_its_workspace_and_carry_over_joins(store: DraftStore) -> None:
    case = cases.create(store, WS, "〇〇市 × 株式会社△△ 外国人市民への情報提供")
    issue = store.create(WS, "issue_sheet", _data(theme="t"), "t")
    canvas = store.create(WS, "lean_canvas", _data("lean_canvas", theme="t"), "t")
    outsider = store.create("x" * 22, "issue_sheet", _data(theme="他人"), "他人")
    cases.add_sheet(store, case, issue.id)
    with pytest.raises(InputError):
        cases.add_sheet(store, case, outsider.id)
    cases.join_source(store, canvas.id, issue.id)  # the canvas was made from the issue sheet
    assert [d.id for d in cases.sheets(store, case)] == [issue.id, canvas.id]
    assert cases.get(store, case.id, "x" * 22) is None  # another workspace cannot open it
    cases.set_stage(store, case, "連携先の探索段階")
    assert cases.cases(store, WS)[0].stage == "連携先の探索段階"
    with pytest.raises(InputError):
        cases.set_stage(store, case, "でたらめ")
    store.delete(canvas.id)
    assert [d.id for d in cases.sheets(store, case)] == [issue.id]


def test_meetings_and_actions(store: DraftStore) -> None:
    case = cases.create(store, WS, "案件")
    issue = store.create(WS, "issue_sheet", _data(theme="t"), "t")
    cases.add_sheet(store, case, issue.id)
    m = cases.add_meeting(
        store,
        case,
        "2026-10-01",
        "〇〇市 企画課、株式会社△△",
        {issue.id: 1},
        {f"{issue.id}:theme": "テーマは仮"},
        [Action("見積もりを出す", "△△", "2026-10-20"), Action("", "空は捨てる")],
    )
    assert [a.text for a in m.actions] == ["見積もりを出す"]
    with pytest.raises(InputError, match="面談日"):
        cases.add_meeting(store, case, "10/1", "", {})
    with pytest.raises(InputError):
        cases.add_meeting(store, case, "2026-10-02", "", {"y" * 22: 1})
    cases.set_action_done(store, case, m.id, 0, True)
    [again] = cases.meetings(store, case)
    assert again.actions[0].done
    assert again.notes == {f"{issue.id}:theme": "テーマは仮"}
    assert cases.open_actions(store, case) == []


def test_changes_since_previous_meeting_pdf(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d.sqlite3")
    case = cases.create(store, WS, "〇〇市 × 株式会社△△")
    issue = store.create(
        WS, "issue_sheet", _data(theme="外国人市民への情報提供", municipality="〇〇市", ideal="変わらない理想の姿"), "t"
    )
    paper = store.create(WS, "discussion_paper", _data("discussion_paper", theme="変わらないペーパー"), "p")
    for d in (issue, paper):
        cases.add_sheet(store, case, d.id)
    history.set_name(store, issue.id, 1, "第1回面談で提示")
    cases.add_meeting(
        store,
        case,
        "2026-10-01",
        "企画課",
        {issue.id: 1, paper.id: 1},
        {},
        [Action("見積もりを出す", "△△", "2026-10-20")],
    )
    store.save(
        issue.id,
        _data(theme="外国人住民への情報提供 <b>太字</b>", municipality="〇〇市", ideal="変わらない理想の姿"),
        "t",
        1,
    )
    link = review.create(store, issue.id)
    review.add_comment(store, link.id, "theme", "企画課 山田", "対象は住民全体ですか？")
    pdf = case_pdf.for_case(store, case)
    text = squash("\n".join(pages_text(pdf)))
    assert squash("前回からの変更点") in text
    assert squash("外国人市民への情報提供") in text  # old
    assert squash("外国人住民への情報提供<b>太字</b>") in text  # new, literal
    assert squash("第1版「第1回面談で提示」") in text
    assert "変わらない理想の姿" not in text  # unchanged field omitted
    assert "〇〇市" not in text.replace(squash("〇〇市×株式会社△△"), "")
    assert squash("変更はありません。") in text  # the paper did not change
    assert squash("対象は住民全体ですか？") in text
    assert squash("見積もりを出す") in text
    assert squash("未完了") in text
    report = check(pdf)
    assert report.ok, report.summary()


def test_next_actions_become_timeline_milestones_and_ics_events(tmp_path: Path) -> None:
    from datetime import date

    from worksheets.timeline import to_ics
    from worksheets.timeline_resolve import resolve

    store = DraftStore(tmp_path / "d.sqlite3")
    case = cases.create(store, WS, "案件")
    plan_draft = store.create(WS, "timeline_plan", _data("timeline_plan", project="外国人向け情報提供"), "t")
    cases.add_sheet(store, case, plan_draft.id)
    cases.add_meeting(
        store, case, "2026-10-01", "", {}, {}, [Action("見積もりを出す", "△△", "2026-11-20"), Action("期限なし", "△△")]
    )
    plan = SHEETS["timeline_plan"].model.model_validate(json.loads(plan_draft.data))
    with_actions = cases.plan_with_actions(store, plan_draft.id, plan)
    assert [(m.label, m.day) for m in with_actions.milestones][-1] == ("見積もりを出す（担当：△△）", date(2026, 11, 20))
    assert len(with_actions.milestones) == len(plan.milestones) + 1
    assert cases.plan_with_actions(store, "z" * 22, plan) is plan  # not in an 案件: unchanged
    r = resolve(with_actions, date(2026, 10, 2))
    ics = to_ics(r.verdict, "外国人向け情報提供", date(2026, 10, 2), r.plan).decode("utf-8")
    assert "見積もりを出す（担当：△△）" in ics
    assert "DTSTART;VALUE=DATE:20261120" in ics
    [meeting] = cases.meetings(store, case)
    cases.set_action_done(store, case, meeting.id, 0, True)
    assert len(cases.plan_with_actions(store, plan_draft.id, plan).milestones) == len(plan.milestones)


def test_comment_markup_prints_literally_in_the_changes_pdf(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "d.sqlite3")
    case = cases.create(store, WS, "案件")
    issue = store.create(WS, "issue_sheet", _data(theme="t"), "t")
    cases.add_sheet(store, case, issue.id)
    link = review.create(store, issue.id)
    review.add_comment(
        store, link.id, "theme", "<font color=red>山田</font>", "<b>強調</b> & <br/>改行", "<a href='x'>x</a>"
    )
    text = squash("\n".join(pages_text(case_pdf.for_case(store, case))))
    assert squash("<font color=red>山田</font>") in text
    assert squash("<b>強調</b> & <br/>改行") in text
    assert squash("<a href='x'>x</a>") in text
