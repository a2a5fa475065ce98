"""The field spec: declared once, verbatim guide wording, read by every renderer."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES, load_sample
from worksheets.layout import Role
from worksheets.registry import SHEETS
from worksheets.sheets.issue_sheet import IssueItem, IssueSheet
from worksheets.spec import (
    FieldSpec,
    GroupSpec,
    Kind,
    completeness,
    declared,
    entries,
    entry,
    missing_minimum,
    spec_at,
    with_value,
)

# Verbatim from the guide (S1 L826-856; DOMAIN.md §1.1-1.3).
GUIDE_WORDING = {
    "issue_sheet": {
        "past_work": ("【これまでの取組】", "・実施内容、実施状況、対象者、人数等具体的に記載ください。"),
        "situation": ("【状態】", "・問題が起きている原因は何か 等"),
        "if_continued": (
            "【取組を継続した場合】",
            "・現に起きている問題は解決されるのか、また、新たな問題が発生するのか記載ください。",
        ),
        "gap": ("【ギャップ】", "・ありたい姿と現状のギャップを記載ください。"),
        "ideal": ("【ありたい姿】", "※現在の延長線で考えるのではなく、ゼロベースで検討し、記載ください。"),
    },
    "issue_detail": {
        "who_troubled": ("a.誰がどのように困っているのか", ""),
        "background": ("b. 課題募集の背景", ""),
        "indicator": ("c.改善したい指標・達成したい成果", ""),
        "provider_role": ("a. 事業者の役割", ""),
        "proposal_example": ("b. 希望する提案の例示", ""),
        "municipality_role": ("a. 自治体の役割", ""),
        "support": ("b. 自治体から提供できる支援内容", ""),
    },
}


@pytest.mark.parametrize("sheet_type", list(SHEETS))
def test_every_field_declares_exactly_one_spec(sheet_type: str) -> None:
    model = SHEETS[sheet_type].model
    names = [name for name, _ in declared(model)]
    assert names == list(model.model_fields)


@pytest.mark.parametrize(("sheet_type", "name"), [(s, n) for s, d in GUIDE_WORDING.items() for n in d])
def test_labels_and_hints_are_the_guides_words(sheet_type: str, name: str) -> None:
    spec = dict(declared(SHEETS[sheet_type].model))[name]
    label, hint_line = GUIDE_WORDING[sheet_type][name]
    assert isinstance(spec, FieldSpec)
    assert spec.label == label
    assert hint_line in spec.hint


def test_issue_group_shows_three_frames_and_per_issue_shortage_and_strengths() -> None:
    sheet = IssueSheet()
    assert len(sheet.issues) == 3
    group = dict(declared(IssueSheet))["issues"]
    assert isinstance(group, GroupSpec)
    assert [group.item_title(i) for i in range(3)] == ["課題1", "課題2", "課題3"]
    sub = dict(declared(IssueItem))
    assert [s.label for s in sub.values()] == ["④課題", "⑤不足", "⑥強み"]
    assert sub["strengths"].kind is Kind.LINES


@pytest.mark.parametrize("sheet_type", list(SHEETS))
def test_layout_places_every_field_once_without_overlap(sheet_type: str) -> None:
    spec = SHEETS[sheet_type]
    sheet = spec.model()
    pages = spec.layout(sheet)
    linked = [c.path for p in pages for c in p.cells if c.path]
    assert sorted(linked) == sorted(e.path for e in entries(sheet))
    for page in pages:
        taken: set[tuple[int, int]] = set()
        for cell in page.cells:
            area = {
                (r, c)
                for r in range(cell.row, cell.row + cell.rowspan)
                for c in range(cell.col, cell.col + cell.colspan)
            }
            assert not area & taken, (page.name, cell)
            assert all(c < len(page.col_widths) for _, c in area)
            taken |= area


def test_layout_follows_figure_16_headings() -> None:
    pages = SHEETS["issue_sheet"].layout(IssueSheet())
    headings = [c.text for c in pages[0].cells if c.role is Role.HEADING]
    assert headings[:3] == ["②現状", "③ギャップ", "①ありたい姿："]
    assert headings[3].startswith("④課題（ありたい姿と現状とのギャップを埋めるために取り組むべきこと）")
    assert [c.text for c in pages[1].cells if c.role is Role.HEADING] == ["④課題", "⑤不足", "⑥強み"]


def test_more_issues_add_rows_of_three_frames() -> None:
    sheet = IssueSheet(issues=[IssueItem(title=f"課題{i}") for i in range(5)])
    page = SHEETS["issue_sheet"].layout(sheet)[0]
    prompts = [c for c in page.cells if c.role is Role.PROMPT and c.heading.startswith("課題")]
    assert [c.heading for c in prompts] == [f"課題{i}" for i in range(1, 6)]
    assert prompts[3].row == prompts[0].row + 2


def test_completeness_reports_empty_parts_in_order() -> None:
    sheet = IssueSheet()
    parts = completeness(sheet)
    assert [p.part for p in parts] == ["テーマ・担当", "①ありたい姿", "②現状", "③ギャップ", "④課題", "⑤不足", "⑥強み"]
    assert all(p.state == "empty" for p in parts)
    sheet = with_value(sheet, "ideal", "誰もが…")
    sheet = with_value(sheet, "years", 10)
    sheet = with_value(sheet, "past_work", "広報誌")
    states = {p.part: p.state for p in completeness(sheet)}
    assert states["①ありたい姿"] == "done"
    assert states["②現状"] == "partial"
    assert states["③ギャップ"] == "empty"


def test_unused_extra_frames_do_not_count_against_completeness() -> None:
    sheet = with_value(IssueSheet(), "issues.0.title", "課題A")
    sheet = with_value(sheet, "issues.0.shortage", "人手")
    sheet = with_value(sheet, "issues.0.strengths", ["調整力"])
    states = {p.part: p.state for p in completeness(sheet)}
    assert states["④課題"] == states["⑤不足"] == states["⑥強み"] == "done"
    sheet = with_value(sheet, "issues.1.title", "課題B")
    assert {p.part: p.state for p in completeness(sheet)}["⑤不足"] == "partial"


def test_missing_minimum_names_fields() -> None:
    missing = [e.label for e in missing_minimum(IssueSheet())]
    assert missing == ["テーマ", "【ありたい姿】", "【状態】", "課題1 ④課題"]


def test_spec_at_resolves_group_paths() -> None:
    assert spec_at(IssueSheet, "issues.4.shortage").label == "⑤不足"  # type: ignore[union-attr]
    assert spec_at(IssueSheet, "issues.x.shortage") is None
    assert spec_at(IssueSheet, "nope") is None
    assert spec_at(IssueSheet, "issues") is None


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_entry_finds_each_field_as_entries_lists_it(name: str) -> None:
    # entry() resolves a path directly (it is called once per printed cell); it must agree with the walk
    sheet = load_sample(name).sheet
    listed = list(entries(sheet))
    assert listed
    for e in listed:
        assert entry(sheet, e.path) == e


@pytest.mark.parametrize(
    "path", ["issues", "issues.x.title", "issues.01.title", "issues.-1.title", "issues.99.title", "issues.0",
             "issues.0.nope", "theme.title", "nope", ""],
)
def test_entry_refuses_a_path_entries_would_not_list(path: str) -> None:
    sheet = IssueSheet()
    assert path not in {e.path for e in entries(sheet)}
    with pytest.raises(KeyError):
        entry(sheet, path)
