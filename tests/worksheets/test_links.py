"""Carry-over between sheets: fields land where listed, nothing overwritten unasked, changes detected."""

from __future__ import annotations

from tests.conftest import load_sample
from worksheets.links import Piece, apply, changes, char_diff, get_carry, overwrites
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.issue_sheet import IssueSheet
from worksheets.sheets.lean_canvas import LeanCanvas
from worksheets.spec import with_value


def test_canvas_to_paper_fields_land_where_listed() -> None:
    canvas = load_sample("lean_canvas_iwata.json").sheet
    assert isinstance(canvas, LeanCanvas)
    paper = apply(DiscussionPaper(), get_carry("canvas_to_paper").values(canvas), overwrite=False)
    assert isinstance(paper, DiscussionPaper)
    assert paper.why == canvas.problem  # Ⅰ → 現状・課題
    assert paper.how == f"{canvas.value}\n{canvas.activities}"  # Ⅲ, Ⅳ → 解決アプローチ
    assert paper.whom == canvas.beneficiaries  # Ⅱ → 誰に対して
    assert paper.what == canvas.kpi  # Ⅸ → 効果
    assert paper.budget == f"{canvas.costs}\n{canvas.revenue}"  # Ⅵ, Ⅶ → 予算
    assert paper.municipality == "磐田市"


def test_issue_sheet_to_canvas_and_paper() -> None:
    issue = load_sample("issue_sheet_kasumigaura.json").sheet
    assert isinstance(issue, IssueSheet)
    canvas = apply(LeanCanvas(), get_carry("issue_sheet_to_canvas").values(issue), overwrite=False)
    assert canvas.problem == "\n".join(f"・{i.title}" for i in issue.issues[:2])
    assert canvas.beneficiaries == issue.situation
    assert canvas.municipality == "かすみがうら市"
    paper = apply(DiscussionPaper(), get_carry("issue_sheet_to_paper").values(issue), overwrite=False)
    assert issue.situation in paper.why
    assert f"・{issue.issues[0].title}" in paper.why
    assert paper.municipality == "かすみがうら市"


def test_nothing_is_overwritten_without_confirmation() -> None:
    canvas = LeanCanvas(problem="新しい課題", kpi="参加者数")
    values = get_carry("canvas_to_paper").values(canvas)
    paper = DiscussionPaper(why="自分で書いた背景", what="参加者数")
    assert overwrites(paper, values) == ["why"]  # same text is no overwrite; empty fields are none either
    kept = apply(paper, values, overwrite=False)
    assert kept.why == "自分で書いた背景"
    assert apply(paper, values, overwrite=True).why == "新しい課題"


def test_a_changed_source_is_detected_field_by_field() -> None:
    carry = get_carry("canvas_to_paper")
    canvas = LeanCanvas(problem="課題A", beneficiaries="住民")
    snapshot = carry.values(canvas)
    paper = apply(DiscussionPaper(), snapshot, overwrite=False)
    assert changes(paper, snapshot, carry.values(canvas)) == []
    edited = with_value(canvas, "problem", "課題A（改訂）")
    found = changes(paper, snapshot, carry.values(edited))
    assert [(c.path, c.label, c.old, c.new) for c in found] == [
        ("why", "現状・課題とその背景", "課題A", "課題A（改訂）")
    ]


def test_char_diff_shows_the_changed_characters_with_context() -> None:
    """issue 13 #14: 200人 → 300人 at the end of a long text is shown as the change itself."""
    before = "市内の働く世代の生活習慣病リスクを下げるため、健康アプリの利用者を増やす。初年度の目標は利用者200人"
    after = before.replace("200人", "300人")
    pieces = char_diff(before, after)
    assert [p for p in pieces if p.kind != "same"] == [Piece("del", "2"), Piece("ins", "3")]
    first = pieces[0].text
    assert first.startswith("…")
    assert len(first) <= 13
    assert first.endswith("利用者")
    assert pieces[-1] == Piece("same", "00人")


def test_char_diff_of_lists_and_empty_values() -> None:
    assert char_diff(["A", "B"], ["A", "C"]) == [Piece("same", "A\n"), Piece("del", "B"), Piece("ins", "C")]
    assert char_diff(None, "新") == [Piece("ins", "新")]
    long_same = "あ" * 100
    middle = char_diff("x" + long_same + "y", "z" + long_same + "w")
    assert middle[2] == Piece("same", "あ" * 12 + "…" + "あ" * 12)


# issue 15: the map's 「リーンキャンバスから取り込む」 was a second carry path in components/sanpo_panel.py;
# it is now a Carry like every other, so the panel, the change notice and the 案件 link all cover it.


def test_canvas_beneficiaries_become_society_stakeholders() -> None:
    from worksheets.links import carries_into
    from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap, Stakeholder

    assert [c.id for c in carries_into("sanpo_yoshi")] == ["canvas_to_sanpo"]
    canvas = LeanCanvas(beneficiaries="・市内の事業所で働く従業員\n\n- 健康無関心層")
    values = get_carry("canvas_to_sanpo").values(canvas)
    mine = Stakeholder(name="高齢者", side="社会", gain="見守り")
    sanpo = SanpoYoshiMap(stakeholders=[mine, Stakeholder()])  # the blank second row is dropped
    assert overwrites(sanpo, values) == []  # added to the group, never replacing what is there
    result = apply(sanpo, values, overwrite=False)
    assert [(s.name, s.side, s.beneficiary) for s in result.stakeholders] == [
        ("高齢者", "社会", "直接"),
        ("市内の事業所で働く従業員", "社会", "直接"),
        ("健康無関心層", "社会", "直接"),
    ]
    assert result.stakeholders[0].gain == "見守り"
    again = apply(result, values, overwrite=True)  # taking the same lines again adds nothing twice
    assert len(again.stakeholders) == 3


def test_canvas_to_sanpo_respects_the_group_maximum_and_reports_changes() -> None:
    from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap

    lines = "\n".join(f"関係者{i}" for i in range(40))
    values = get_carry("canvas_to_sanpo").values(LeanCanvas(beneficiaries=lines))
    assert len(apply(SanpoYoshiMap(), values, overwrite=False).stakeholders) == 30
    old = get_carry("canvas_to_sanpo").values(LeanCanvas(beneficiaries="従業員"))
    new = get_carry("canvas_to_sanpo").values(LeanCanvas(beneficiaries="従業員\n家族"))
    (change,) = changes(SanpoYoshiMap(), old, new)
    assert change.label == "利害関係者"
    assert "家族" in "".join(p.text for p in char_diff(change.old, change.new) if p.kind == "ins")
