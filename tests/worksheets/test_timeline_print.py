"""Print quality of the timeline PDF in depth (issue 13 #10, #11), read back with `pdftotext -bbox-layout`:
no two words overprint, nothing near or past the paper's edge, Japanese line breaking, the verdict line
keeps its category, and a late verdict with its ways forward fits on one page."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import load_sample
from worksheets.formats.timeline_pdf import render_plan
from worksheets.sheets.budget_calendar import BudgetCalendar
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.timeline_plan import Milestone, TimelinePlan, calendar_json, paper_json

TODAY = date(2026, 11, 24)
EDGE = 5 * 72 / 25.4  # 5 mm
NS = "{http://www.w3.org/1999/xhtml}"
NO_START = set("、。，．）」』】〕〉》ー？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
NO_END = set("（「『【〔〈《")


@dataclass(frozen=True)
class Word:
    page: int
    line: int
    text: str
    box: tuple[float, float, float, float]


def read(data: bytes) -> tuple[list[Word], list[tuple[int, str]], tuple[float, float]]:
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    root = ET.fromstring(xml)
    words, lines, size = [], [], (0.0, 0.0)
    n = 0
    for pno, page in enumerate(root.iter(NS + "page"), 1):
        size = (float(page.get("width", 0)), float(page.get("height", 0)))
        for line in page.iter(NS + "line"):
            n += 1
            ws = list(line.iter(NS + "word"))
            lines.append((pno, "".join(w.text or "" for w in ws)))
            for w in ws:
                box = tuple(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
                words.append(Word(pno, n, w.text or "", box))  # type: ignore[arg-type]
    return words, lines, size


def overlaps(words: list[Word]) -> list[str]:
    out = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if a.page != b.page or a.line == b.line:
                continue
            ix = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
            iy = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            small = min((a.box[2] - a.box[0]) * (a.box[3] - a.box[1]), (b.box[2] - b.box[0]) * (b.box[3] - b.box[1]))
            if ix > 0 and iy > 0 and ix * iy > 0.25 * (small or 1):
                out.append(f"{a.text!r} / {b.text!r}")
    return out


def paper() -> DiscussionPaper:
    sheet = load_sample("discussion_paper_iwata.json").sheet
    assert isinstance(sheet, DiscussionPaper)
    return sheet


def long_paper() -> DiscussionPaper:
    p = paper()
    rows = [r.model_copy(update={"task": "（実証）" + r.task * 8}) for r in p.schedule] * 4
    return p.model_copy(update={"schedule": rows, "theme": "健康づくり" * 30})


CROWDED = [  # three milestones within a week and one at the right edge: labels used to overprint
    Milestone(label="庁内説明（部長級）", day=date(2027, 6, 1)),
    Milestone(label="庁内説明（市長）", day=date(2027, 6, 3)),
    Milestone(label="実証の開始", day=date(2027, 6, 5)),
    Milestone(label="議会への報告と次年度の予算要求の準備", day=date(2029, 3, 20)),
]

CASES = {
    "short": TimelinePlan(project="x"),
    "at_risk": TimelinePlan(project="健康アプリ", first_contact=date(2026, 9, 1), milestones=CROWDED),
    "late_with_paper": TimelinePlan(
        project="健康管理アプリを活用した働く世代の健康づくり",
        municipality="磐田市",
        first_contact=date(2026, 11, 2),
        desired_start=date(2027, 5, 1),
        procurement="企画競争（プロポーザル）",
        milestones=CROWDED,
        paper_values=paper_json(paper()),
    ),
    "long": TimelinePlan(
        project="健康管理アプリを活用した働く世代の健康づくり" * 4,
        municipality="磐田市" * 10,
        first_contact=date(2027, 1, 15),
        desired_start=date(2027, 6, 1),
        milestones=[Milestone(label="庁内説明" * 40, day=date(2027, 5, 1 + i)) for i in range(12)],
        paper_values=paper_json(long_paper()),
    ),
    "contradictory_calendar": TimelinePlan(
        project="矛盾",
        first_contact=date(2026, 8, 20),
        calendar_values=calendar_json(
            BudgetCalendar(name="B市", request_deadline="7/15", assessment_end="6/30", proposal_month=3, vote_month=2)
        ),
        paper_values=paper_json(paper()),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_no_overprint_and_nothing_near_the_edge(case: str) -> None:
    words, _, (width, height) = read(render_plan(CASES[case], TODAY))
    assert words
    assert overlaps(words) == []
    outside = [w.text for w in words if w.box[0] < EDGE or w.box[1] < EDGE or w.box[2] > width - EDGE or w.box[3] > height - EDGE]
    assert outside == []


@pytest.mark.parametrize("case", list(CASES))
def test_japanese_line_breaking(case: str) -> None:
    _, lines, _ = read(render_plan(CASES[case], TODAY))
    bad = [t for _, t in lines if len(t) > 1 and (t[0] in NO_START or t[-1] in NO_END)]
    assert bad == []


def test_crowded_milestone_labels_are_all_printed_apart() -> None:
    words, _, _ = read(render_plan(CASES["at_risk"], TODAY))
    found = [w for w in words if w.text in ("庁内説明（部長級）", "庁内説明（市長）", "実証の開始")]
    assert len(found) == 3
    assert len({w.box[1] for w in found}) == 3  # three levels, one above the other


def test_the_last_fiscal_year_label_is_inside_the_page() -> None:
    words, _, (width, _) = read(render_plan(CASES["short"], TODAY))
    last = [w for w in words if w.text.startswith("2029年度")]
    assert last
    assert all(w.box[2] <= width - EDGE for w in last)


def test_the_verdict_line_keeps_its_category() -> None:
    _, lines, _ = read(render_plan(CASES["at_risk"], TODAY))
    verdict = next(t for _, t in lines if t.startswith("判定（目安）"))
    assert verdict.startswith("判定（目安）：要注意（間に合うかは枠組み合意しだい）")


@pytest.mark.parametrize("case", ["short", "at_risk", "late_with_paper", "contradictory_calendar"])
def test_one_page(case: str) -> None:
    words, lines, _ = read(render_plan(CASES[case], TODAY))
    assert {w.page for w in words} == {1}
    if case == "late_with_paper":
        text = "".join(t for _, t in lines)
        assert "間に合わないときの選択肢" in text
        assert "ふるさと納税" in text


def test_a_long_plan_continues_with_whole_sections_not_a_few_lines() -> None:
    words, lines, _ = read(render_plan(CASES["long"], TODAY))
    pages = {w.page for w in words}
    if len(pages) > 1:  # whatever moves to page 2 is a whole block (the table with its head), not a stray tail
        second = [t for p, t in lines if p == 2]
        assert len(second) >= 8
        assert any(t.startswith("日付") or t.startswith("間に合わないときの選択肢") for t in second)


def test_calendar_contradictions_are_printed_in_plain_glyphs() -> None:
    _, lines, _ = read(render_plan(CASES["contradictory_calendar"], TODAY))
    warned = [t for _, t in lines if t.startswith("注意：カレンダーの日付が矛盾しています。")]
    assert len(warned) == 4
    assert not any("〓" in t for _, t in lines)
