"""調達方法ナビ・実証計画シート・事業概要資料 on the spine: carry-over per field, the timeline feed, the summary's A4 PDF with the 三方よし diagram, the CLI, workshops and the stage table. (Their round trips: formats/test_round_trip_every_sheet.py.)"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import SAMPLES, load_sample
from tests.test_guide_fidelity import LINE_REF, _norm, guide
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets.cli import main
from worksheets.document import Document
from worksheets.formats import pdf_format
from worksheets.links import apply, changes, get_carry
from worksheets.registry import SHEETS
from worksheets.sheets.discussion_paper import DiscussionPaper, ScheduleRow
from worksheets.sheets.lean_canvas import LeanCanvas
from worksheets.sheets.pilot_plan import PilotPlan
from worksheets.sheets.procurement_nav import EXIT_CHOICES, ProcurementNav
from worksheets.sheets.project_summary import ProjectSummary
from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.stages import available, editions
from worksheets.timeline import PROCUREMENT_ROW
from worksheets.timeline_resolve import resolve
from worksheets.workshop import WORKSHOP_SHEETS

NEW = ("procurement_nav", "pilot_plan", "project_summary")
EXIT_1, EXIT_2, EXIT_3 = EXIT_CHOICES[1:4]


# ── carry-over, one test per carried field ────────────────────────────────────────────────────


PAPER = DiscussionPaper(
    municipality="〇〇市",
    theme="見守りの実証",
    why="高齢者の見守りが足りない",
    how="センサーで異変を知らせる",
    what="3か月の実証で通報の早さを確かめる",
    whom="一人暮らしの高齢者",
    budget="実証の費用は事業者が負担",
    team_municipality="福祉課が対象者を紹介",
    team_startup="機器の設置と運用",
    schedule_start_month=10,
    schedule=[ScheduleRow(task="機器の設置", start=1, end=1), ScheduleRow(task="実証", start=2, end=4), ScheduleRow()],
    where="市内の団地",
)
CANVAS = LeanCanvas(
    theme="見守りサービス",
    company="株式会社サンプル",
    municipality="〇〇市",
    problem="Ⅰの課題",
    beneficiaries="Ⅱの受益者",
    value="Ⅲの価値",
    activities="Ⅳの活動",
    kpi="Ⅸの指標",
)
MAP = SanpoYoshiMap(
    project="見守りの実証",
    exit=EXIT_3,
    society_benefits="安心して暮らせる",
    private_benefits="実証の成果",
    public_benefits="見守りの負担が減る",
)

PAPER_TO_PILOT = {
    "project": "見守りの実証",
    "municipality": "〇〇市",
    "why": PAPER.why,
    "how": PAPER.how,
    "what": PAPER.what,
    "whom": PAPER.whom,
    "budget": PAPER.budget,
    "when": "・機器の設置（10月）\n・実証（11月～1月）",
    "who": "自治体：福祉課が対象者を紹介\nスタートアップ：機器の設置と運用",
    "where": PAPER.where,
}
CANVAS_TO_SUMMARY = {
    "project": "見守りサービス",
    "municipality": "〇〇市",
    "company": "株式会社サンプル",
    "purpose": "Ⅰの課題",
    "overview": "Ⅲの価値\nⅣの活動",
    "target": "Ⅱの受益者",
    "goals": "Ⅸの指標",
}
PAPER_TO_SUMMARY = {
    "project": "見守りの実証",
    "municipality": "〇〇市",
    "purpose": PAPER.why,
    "overview": f"{PAPER.how}\n{PAPER.what}",
    "target": PAPER.whom,
    "budget": PAPER.budget,
}
MAP_TO_SUMMARY = {
    "project": "見守りの実証",
    "exit": EXIT_3,
    "society": "安心して暮らせる",
    "private": "実証の成果",
    "public": "見守りの負担が減る",
}
CASES = [
    *(("paper_to_pilot", PAPER, PilotPlan(), p, v) for p, v in PAPER_TO_PILOT.items()),
    *(("canvas_to_summary", CANVAS, ProjectSummary(), p, v) for p, v in CANVAS_TO_SUMMARY.items()),
    *(("paper_to_summary", PAPER, ProjectSummary(), p, v) for p, v in PAPER_TO_SUMMARY.items()),
    *(("sanpo_to_summary", MAP, ProjectSummary(), p, v) for p, v in MAP_TO_SUMMARY.items()),
]


@pytest.mark.parametrize(
    ("carry_id", "source", "target", "path", "expected"), CASES, ids=[f"{c[0]}.{c[3]}" for c in CASES]
)
def test_each_carried_field(carry_id: str, source: Any, target: Any, path: str, expected: Any) -> None:
    carry = get_carry(carry_id)
    assert [p for p, _ in carry.rules].count(path) == 1
    values = carry.values(source)
    assert values[path] == expected
    filled = apply(target, values, overwrite=False)
    assert getattr(filled, path) == expected
    # a later change in the source shows up as a change of exactly this field
    changed = carry.values(source.model_copy(update={}))
    assert changes(filled, values, changed) == []


def test_every_carry_rule_of_the_new_sheets_is_tested() -> None:
    tested = (
        {(c[0], c[3]) for c in CASES}
        | {
            ("procurement_to_timeline", p)
            for p in ("project", "municipality", "exit", "procurement", "procurement_months")
        }
        | {("timeline_to_pilot", "request_deadline")}
    )
    for carry_id in (
        "paper_to_pilot",
        "canvas_to_summary",
        "paper_to_summary",
        "sanpo_to_summary",
        "procurement_to_timeline",
        "timeline_to_pilot",
    ):
        for path, _ in get_carry(carry_id).rules:
            assert (carry_id, path) in tested, (carry_id, path)


def test_summary_stays_editable_after_carry_over_and_a_source_change_is_detected() -> None:
    carry = get_carry("canvas_to_summary")
    values = carry.values(CANVAS)
    summary = apply(ProjectSummary(), values, overwrite=False).model_copy(update={"purpose": "自分で書き直した目的"})
    assert summary.purpose == "自分で書き直した目的"
    later = carry.values(CANVAS.model_copy(update={"problem": "Ⅰを更新"}))
    assert [c.path for c in changes(summary, values, later)] == ["purpose"]
    # without overwrite, the edited text is kept
    assert apply(summary, later, overwrite=False).purpose == "自分で書き直した目的"


NAV = ProcurementNav(
    project="見守りの導入",
    municipality="〇〇市",
    exit=EXIT_1,
    spec_definable="定義が難しい",
    chosen="企画競争（コンペ方式・プロポーザル方式）",
)


def test_procurement_nav_feeds_method_exit_and_duration_into_the_timeline() -> None:
    values = get_carry("procurement_to_timeline").values(NAV)
    assert values == {
        "project": "見守りの導入",
        "municipality": "〇〇市",
        "exit": EXIT_1,
        "procurement": "企画競争（プロポーザル）",
        "procurement_months": 3,
    }
    plan = apply(TimelinePlan(), values, overwrite=False)
    assert isinstance(plan, TimelinePlan)
    assert (plan.procurement, plan.procurement_months, plan.exit) == ("企画競争（プロポーザル）", 3, EXIT_1)


def test_a_method_the_timeline_has_no_choice_for_still_feeds_its_duration() -> None:
    nav = NAV.model_copy(update={"chosen": "共同調達", "duration_months": 6})
    values = get_carry("procurement_to_timeline").values(nav)
    assert values["procurement"] == ""  # left as it is
    assert values["procurement_months"] == 6
    plan = apply(TimelinePlan(procurement="価格競争（一般競争入札）"), values, overwrite=True)
    assert isinstance(plan, TimelinePlan)
    assert plan.procurement == "価格競争（一般競争入札）"
    assert plan.procurement_months == 6


def test_the_timeline_draws_the_procurement_from_april_of_the_target_year() -> None:
    plan = TimelinePlan(project="見守り", first_contact=date(2026, 6, 1), procurement_months=4)
    shown = resolve(plan, date(2026, 6, 1))
    bars = [b for b in shown.chart.bars if b.row == PROCUREMENT_ROW]
    assert shown.verdict.target_fiscal_year == 2027
    assert [(b.start, b.end) for b in bars] == [(date(2027, 4, 1), date(2027, 7, 31))]
    assert "4か月" in bars[0].label
    assert PROCUREMENT_ROW in shown.chart.rows
    # no duration and no 企画競争: no bar
    none = resolve(TimelinePlan(first_contact=date(2026, 6, 1)), date(2026, 6, 1))
    assert not [b for b in none.chart.bars if b.row == PROCUREMENT_ROW]
    # 企画競争 without a duration: the calendar's 3 months
    proposal = resolve(
        TimelinePlan(first_contact=date(2026, 6, 1), procurement="企画競争（プロポーザル）"), date(2026, 6, 1)
    )
    assert [b.end for b in proposal.chart.bars if b.row == PROCUREMENT_ROW] == [date(2027, 6, 30)]


def test_timeline_pdf_shows_the_procurement_bar() -> None:
    plan = TimelinePlan(project="見守り", first_contact=date.today(), procurement_months=4)
    text = squash("".join(pages_text(pdf_format.export(Document("timeline_plan", plan)))))
    assert squash(PROCUREMENT_ROW) in text


def test_the_timeline_feeds_the_budget_request_deadline_into_the_pilot_plan() -> None:
    plan = TimelinePlan(project="見守り", first_contact=date(2030, 6, 1))
    values = get_carry("timeline_to_pilot").values(plan)
    assert values == {"request_deadline": "2030-10-31"}  # the general calendar's 予算要求の締切 for 令和13年度
    pilot = apply(PilotPlan(), values, overwrite=False)
    assert isinstance(pilot, PilotPlan)
    assert pilot.request_deadline == date(2030, 10, 31)
    assert get_carry("timeline_to_pilot").values(TimelinePlan(needs_budget="不要")) == {"request_deadline": ""}


# ── the summary's PDF: A4, the text, then the 三方よし diagram ──────────────────────────────────


def test_summary_sample_prints_on_a4_with_the_sanpo_diagram_after_the_text() -> None:
    doc = load_sample("project_summary_iwata.json")
    data = pdf_format.export(doc)
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    pages = pages_text(data)
    assert len(pages) == 3  # the text on one page (the guide's 1~2枚程度), the diagram, the benefits in full
    first, diagram, table = (squash(p) for p in pages)
    assert squash("事業目的") in first
    assert squash(doc.sheet.purpose.splitlines()[0]) in first  # type: ignore[attr-defined]
    assert squash("三方よし") not in first
    for side in ("行政（自治体）よし", "民間（スタートアップ）よし", "社会（地域内の利害関係者）よし"):
        assert squash(side) in diagram
    assert squash("図表24") in diagram  # the note that the drawing is the app's own
    assert squash(doc.sheet.public) in table  # type: ignore[attr-defined]
    assert squash("参考事例（セミナー報告より作成）") in table


def test_summary_pdf_draws_the_benefits_in_the_diagram() -> None:
    summary = ProjectSummary(project="見守り", exit=EXIT_3, society="安心して暮らせる", public="負担が減る")
    last = squash(pages_text(pdf_format.export(Document("project_summary", summary)))[1])
    assert squash("安心して暮らせる") in last
    assert squash("負担が減る") in last


# ── CLI, workshops, stage table ───────────────────────────────────────────────────────────────


@pytest.mark.parametrize("sheet_type", NEW)
def test_cli_validates_and_converts_the_new_types(sheet_type: str, tmp_path: Path, capsys) -> None:
    sample = next(f for f in SHEETS[sheet_type].samples.values())
    assert main(["validate", str(SAMPLES / sample)]) == 0
    xlsx, back = tmp_path / "s.xlsx", tmp_path / "s.json"
    assert main(["convert", str(SAMPLES / sample), "-o", str(xlsx)]) == 0
    assert main(["convert", str(xlsx), "-o", str(back)]) == 0
    assert json.loads(back.read_text(encoding="utf-8")) == json.loads((SAMPLES / sample).read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["schema", sheet_type]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == SHEETS[sheet_type].title
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": 1, "sheet_type": sheet_type, "data": {"nope": 1}}), encoding="utf-8")
    assert main(["validate", str(bad)]) != 0


def test_workshops_offer_the_new_sheets() -> None:
    for sheet_type in NEW:
        assert sheet_type in WORKSHOP_SHEETS


GUIDE_STAGE_NAMES = {
    "自治体編": [
        "① 課題特定・企画 段階",
        "② 連携先の探索段階",
        "③ 調整・意思決定段階",
        "④ 連携方法の検討 段階",
        "⑤ 予算化 段階",
    ],
    "スタートアップ編": [
        "1. 課題特定・企画",
        "2. 利害関係者の特定",
        "3. 連携先の探索",
        "4. 調整・意思決定",
        "5. 予算化",
    ],
}
ISSUE18_TYPES = {
    "dialogue_check",
    "internal_coordination",
    "budget_prep",
    "procurement_nav",
    "pilot_plan",
    "project_summary",
    "prior_research",
}


def test_stage_table_uses_the_guides_stage_names_verbatim() -> None:
    found = {e.name: [s.name for s in e.stages] for e in editions()}
    assert found == GUIDE_STAGE_NAMES
    text = guide()
    for names in found.values():
        for name in names:
            assert _norm(name) in text, name
    for edition in editions():
        for stage in edition.stages:
            assert stage.purpose
            assert not LINE_REF.search(stage.purpose)
            assert len(stage.purpose.splitlines()) == 1


def test_stage_table_names_only_known_sheet_types_and_places_every_sheet() -> None:
    listed = {t for e in editions() for s in e.stages for t in s.sheets}
    assert listed <= set(SHEETS) | ISSUE18_TYPES
    assert set(SHEETS) <= listed  # every registered sheet is reachable from a stage
    assert listed >= ISSUE18_TYPES
    stage = next(s for e in editions() for s in e.stages if s.name == "④ 連携方法の検討 段階")
    assert "procurement_nav" in stage.sheets
    assert "pilot_plan" in stage.sheets
    # only registered types are offered as links
    assert available(stage, {"pilot_plan": object()}) == ["pilot_plan"]


def test_stage_purposes_quote_nothing_unverified() -> None:
    for edition in editions():
        for stage in edition.stages:
            for quote in re.findall(r"「([^「」]+)」", stage.purpose):
                assert _norm(quote) in guide(), quote


def test_a_workshop_with_the_new_sheets_bundles_their_pdfs(tmp_path: Path) -> None:
    import zipfile

    from worksheets import workshop as W
    from worksheets import workshop_bundle as B
    from worksheets.store import DraftStore

    W.JOIN_THROTTLE.reset()
    store = DraftStore(tmp_path / "ws.sqlite3")
    setup = W.setup_from_form("調達と実証の検討会", date(2026, 11, 24), list(NEW), "1班")
    assert setup.sheets == list(NEW)
    workshop, _ = W.create(store, setup)
    _, person = W.join(store, workshop.code, "山田", "1班")
    for sheet_type in NEW:
        data = json.loads((SAMPLES / next(iter(SHEETS[sheet_type].samples.values()))).read_text(encoding="utf-8"))
        store.create(person.id, sheet_type, json.dumps(data["data"], ensure_ascii=False))
    archive = zipfile.ZipFile(io.BytesIO(B.build(store, workshop)))
    outline = [o.title for o in PdfReader(io.BytesIO(archive.read("pdf/1班.pdf"))).outline]
    assert outline == [f"山田 {SHEETS[t].title}" for t in NEW]


def test_a_map_with_an_unknown_exit_text_still_carries_into_the_summary() -> None:
    odd = MAP.model_copy(update={"exit": "<b>その他</b>"})
    values = get_carry("sanpo_to_summary").values(odd)
    assert values["exit"] == ""
    summary = apply(ProjectSummary(), values, overwrite=True)  # no validation error
    assert summary.exit == ""  # type: ignore[attr-defined]
    assert summary.society == "安心して暮らせる"  # type: ignore[attr-defined]
    assert ProjectSummary.model_fields["exit"].annotation is not str  # the summary accepts only the guide's exits
