"""Lean canvas (図表21) and discussion paper (図表22): spec, model, layout and PDF."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.conftest import load_sample
from tests.worksheets.formats.pdftext import pages_text, squash
from tests.worksheets.formats.test_pdf import assert_every_filled_field_printed
from worksheets.document import Document
from worksheets.fiscal import month_label
from worksheets.formats import pdf_format
from worksheets.layout import Role
from worksheets.registry import SHEETS
from worksheets.sheets.discussion_paper import DiscussionPaper, ScheduleRow
from worksheets.sheets.lean_canvas import LeanCanvas
from worksheets.spec import FieldSpec, completeness, declared, missing_minimum, with_value

CANVAS_BLOCKS = {
    "problem": "Ⅰ 社会・地域が抱える課題",
    "beneficiaries": "Ⅱ 受益者の属性・特徴",
    "value": "Ⅲ 課題解決のために提供できる価値",
    "activities": "Ⅳ 価値で課題解決するために必要な活動・機能・手段",
    "channels": "Ⅴ 受益者への提供方法",
    "costs": "Ⅵ コスト構造 (価値提供のためにかかるコストの種類・金額)",
    "revenue": "Ⅶ 収益の流れ (価値提供のコストをどこから調達・どこで回収するか)",
    "advantage": "Ⅷ 既存の取組と比較した優位性",
    "kpi": "Ⅸ 主要な効果指標 (KPI)",
}


def test_canvas_has_the_nine_blocks_with_the_guides_headings() -> None:
    specs = dict(declared(LeanCanvas))
    assert {n: specs[n].label for n in CANVAS_BLOCKS} == CANVAS_BLOCKS


def test_canvas_minimum_is_blocks_one_two_three_and_eight_with_their_guidance() -> None:
    specs = {n: s for n, s in declared(LeanCanvas) if isinstance(s, FieldSpec)}
    assert sorted(n for n, s in specs.items() if s.minimum) == ["advantage", "beneficiaries", "problem", "value"]
    assert specs["problem"].hint.startswith("現場で発生する具体的な課題は何か？")
    assert "「本当に、社会・地域はこの課題に困っているのか？」" in specs["problem"].hint
    assert specs["beneficiaries"].hint.startswith("課題を抱えている人はどんな人か？")
    assert "ペルソナ" in specs["beneficiaries"].hint
    assert specs["value"].hint.startswith("課題に対して自社は何ができるのか？")
    assert specs["advantage"].hint.startswith("従来の取組より良い点は何か？")
    assert all(not specs[n].hint for n in ("activities", "channels", "costs", "revenue"))
    assert specs["kpi"].hint.startswith("ヒント：")  # the guide gives no Ⅸ guidance; the app's hint says so


def test_canvas_says_which_minimum_blocks_are_missing() -> None:
    sheet = with_value(LeanCanvas(), "problem", "課題")
    sheet = with_value(sheet, "advantage", "優位性")
    assert [e.label for e in missing_minimum(sheet)] == ["Ⅱ 受益者の属性・特徴", "Ⅲ 課題解決のために提供できる価値"]


def test_canvas_grid_follows_figure_21() -> None:
    page = SHEETS["lean_canvas"].layout(LeanCanvas())[0]
    where = {c.path: c for c in page.cells if c.path}
    # Ⅰ | Ⅳ/Ⅸ | Ⅲ | Ⅷ/Ⅴ | Ⅱ across; Ⅵ and Ⅶ share the bottom row
    assert [where[n].col for n in ("problem", "activities", "value", "advantage", "beneficiaries")] == [0, 2, 4, 6, 8]
    assert where["kpi"].col == where["activities"].col
    assert where["kpi"].row > where["activities"].row
    assert where["channels"].col == where["advantage"].col
    assert where["problem"].rowspan == 3
    assert where["costs"].row == where["revenue"].row > where["kpi"].row
    assert where["costs"].colspan == where["revenue"].colspan == 5


def test_canvas_pdf_is_one_page_with_every_block() -> None:
    doc = load_sample("lean_canvas_iwata.json")
    data = pdf_format.export(doc)
    pages = pages_text(data)
    assert len(pages) == 1
    assert_every_filled_field_printed(doc, data)
    for label in CANVAS_BLOCKS.values():
        assert squash(label) in squash(pages[0])


def test_paper_title_is_built_from_municipality_and_theme() -> None:
    assert DiscussionPaper().title == "〇〇市区町村における△△について"
    assert DiscussionPaper(municipality="磐田市", theme="健康づくり").title == "磐田市における健康づくりについて"


def test_paper_six_w_two_h_check() -> None:
    parts = {p.part: p.state for p in completeness(DiscussionPaper())}
    assert list(parts) == ["タイトル", "Why", "How", "What", "Whom", "How much", "Who", "When", "Where"]
    assert set(parts.values()) == {"empty"}  # the start month is a setting, not an answer
    sheet = with_value(DiscussionPaper(), "why", "背景")
    sheet = with_value(sheet, "schedule.0.task", "準備")
    parts = {p.part: p.state for p in completeness(sheet)}
    assert parts["Why"] == "done"
    assert parts["When"] == "partial"


def test_schedule_months_and_labels() -> None:
    assert ScheduleRow(start=2, end=4).months() == range(2, 5)
    assert ScheduleRow(start=5, end=3).months() == range(3, 6)
    assert ScheduleRow(start=6).months() == range(6, 7)
    assert ScheduleRow().months() == range(0)
    assert [month_label(11, c) for c in (1, 2, 3)] == ["11月", "12月", "1月"]
    with pytest.raises(ValidationError):
        ScheduleRow(start=9)


def test_paper_pdf_has_two_pages_every_block_and_the_bar_grid() -> None:
    doc = load_sample("discussion_paper_iwata.json")
    data = pdf_format.export(doc)
    pages = [squash(p) for p in pages_text(data)]
    assert len(pages) == 2
    assert_every_filled_field_printed(doc, data)
    assert squash("【タイトル】磐田市における健康管理アプリを活用した働く世代の健康づくりについて") in pages[0]
    for heading in (
        "現状・課題とその背景",
        "課題に対する解決アプローチと基本的な考え方",
        "官民連携で取り組む内容とその効果",
    ):
        assert squash(heading) in pages[0]
    for heading in ("必要となる予算", "体制と役割", "スケジュール", "4月", "11月", "実施事項A", "実施場所"):
        assert squash(heading) in pages[1]
    layout = SHEETS["discussion_paper"].layout(doc.sheet)[1]
    bars = [c for c in layout.cells if c.role is Role.BAR]
    assert len(bars) == 2 + 3 + 3  # months 1-2, 3-5, 6-8


def test_paper_layout_bars_follow_the_rows() -> None:
    sheet = DiscussionPaper(schedule=[ScheduleRow(task="A", start=2, end=3), ScheduleRow(task="B")])
    page = SHEETS["discussion_paper"].layout(Document("discussion_paper", sheet).sheet)[1]
    rows = sorted({c.row for c in page.cells if c.role is Role.BAR})
    assert len(rows) == 1
    assert sorted(c.col for c in page.cells if c.role is Role.BAR) == [6, 7]
