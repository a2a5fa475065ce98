"""Issue 18 sheets (対話チェックシート, 庁内調整シート, 予算化準備シート, 事前リサーチ): carry-over from each
source field, the guide's wording, the samples, the printed one-page briefing. (Their round trips:
formats/test_round_trip_every_sheet.py.)"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import load_sample
from tests.test_guide_fidelity import _norm, _seed, guide, quotes_guide
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets.document import Document
from worksheets.formats import pdf_format
from worksheets.links import apply, carries_into, get_carry
from worksheets.registry import SHEETS
from worksheets.sheets import budget_prep, dialogue_check, internal_coordination, prior_research
from worksheets.sheets.dialogue_check import DialogueCheck
from worksheets.sheets.internal_coordination import InternalCoordination
from worksheets.sheets.issue_sheet import IssueItem, IssueSheet
from worksheets.sheets.lean_canvas import LeanCanvas
from worksheets.sheets.prior_research import PriorResearch
from worksheets.sheets.sanpo_yoshi import SanpoYoshiMap
from worksheets.sheets.timeline_plan import TimelinePlan
from worksheets.spec import missing_minimum

NEW = ("dialogue_check", "internal_coordination", "budget_prep", "prior_research")


# ── JSON / Excel round trips with generated Japanese text ──────────────────────────────────────


# ── carry-over: each source field lands where listed ────────────────────────────────────────────


def test_dialogue_check_takes_canvas_viii_into_viewpoint_3() -> None:
    canvas = load_sample("lean_canvas_iwata.json").sheet
    assert isinstance(canvas, LeanCanvas)
    sheet = apply(DialogueCheck(), get_carry("canvas_to_dialogue").values(canvas), overwrite=False)
    assert isinstance(sheet, DialogueCheck)
    assert sheet.v3_note == canvas.advantage  # Ⅷ → 観点③
    assert sheet.partner == canvas.company
    assert sheet.municipality == "磐田市"
    assert sheet.theme == canvas.theme
    assert sheet.v1_note == sheet.v5_note == ""  # nothing else is touched


def test_dialogue_check_takes_the_maps_public_resources_into_viewpoint_5() -> None:
    sanpo = SanpoYoshiMap(public_resources=["地域におけるネットワーク力や広報力", "公園などの公共空間やデータなどのさまざまな資源"])
    sheet = apply(DialogueCheck(), get_carry("sanpo_to_dialogue").values(sanpo), overwrite=False)
    assert sheet.v5_note == "・地域におけるネットワーク力や広報力\n・公園などの公共空間やデータなどのさまざまな資源"  # type: ignore[attr-defined]
    sample = load_sample("sanpo_yoshi_iwata.json").sheet
    assert get_carry("sanpo_to_dialogue").values(sample) == {"v5_note": "・（例示）地域におけるネットワーク力や広報力"}


def test_dialogue_check_takes_the_timelines_procurement_method_into_viewpoint_4_only_when_chosen() -> None:
    carry = get_carry("timeline_to_dialogue")
    plan = TimelinePlan(procurement="企画競争（プロポーザル）")
    sheet = apply(DialogueCheck(), carry.values(plan), overwrite=False)
    assert sheet.v4_note == "調達の方法（タイムライン）：企画競争（プロポーザル）"  # type: ignore[attr-defined]
    untouched = apply(DialogueCheck(v4_note="メモ"), carry.values(TimelinePlan()), overwrite=True)
    assert untouched.v4_note == "メモ"  # type: ignore[attr-defined]  # 未定 carries nothing


def test_internal_coordination_takes_the_issue_sheets_situation_and_gap_and_canvas_viii() -> None:
    issue = load_sample("issue_sheet_kasumigaura.json").sheet
    assert isinstance(issue, IssueSheet)
    sheet = apply(InternalCoordination(), get_carry("issue_sheet_to_coordination").values(issue), overwrite=False)
    assert isinstance(sheet, InternalCoordination)
    assert sheet.current == f"{issue.past_work}\n{issue.situation}"  # ②現状
    assert sheet.gap.startswith(issue.gap)  # ③ギャップ
    assert f"・{issue.issues[0].title}" in sheet.gap  # ④課題
    assert sheet.project == issue.theme
    assert sheet.lead == f"{issue.municipality} {issue.department}"
    canvas = load_sample("lean_canvas_iwata.json").sheet
    sheet = apply(sheet, get_carry("canvas_to_coordination").values(canvas), overwrite=False)
    assert sheet.difference == canvas.advantage  # type: ignore[attr-defined]  # Ⅷ → 何が違うのか
    assert sheet.partner == canvas.company  # type: ignore[attr-defined]


def test_internal_coordination_gap_from_an_issue_sheet_without_a_gap() -> None:
    issue = IssueSheet(issues=[IssueItem(title="課題A"), IssueItem(title="")])
    values = get_carry("issue_sheet_to_coordination").values(issue)
    assert values["gap"] == "・課題A"
    assert values["current"] == ""


def test_prior_research_goes_into_canvas_i() -> None:
    research = load_sample("prior_research_iwata.json").sheet
    assert isinstance(research, PriorResearch)
    canvas = apply(LeanCanvas(), get_carry("research_to_canvas").values(research), overwrite=False)
    assert canvas.problem == research.field_issues  # type: ignore[attr-defined]  # 現場で発生している課題 → Ⅰ
    assert canvas.municipality == research.municipality  # type: ignore[attr-defined]
    assert "research_to_canvas" in [c.id for c in carries_into("lean_canvas")]


def test_every_carry_into_the_new_sheets_names_real_fields() -> None:
    for sheet_type in (*NEW, "lean_canvas"):
        target = SHEETS[sheet_type].model()
        for carry in carries_into(sheet_type):
            source = SHEETS[carry.source_type].model()
            for path in carry.values(source):
                assert path in target.model_dump(), (carry.id, path)


# ── the guide's wording ─────────────────────────────────────────────────────────────────────────


def test_the_six_viewpoints_are_the_guides_headings_with_its_explanations() -> None:
    for label, explanation in zip(dialogue_check.LABELS, dialogue_check.EXPLANATIONS, strict=True):
        assert f"|{_norm(label)}|" in guide()  # a heading line of the guide, whole
        for paragraph in explanation.split("\n"):
            assert _norm(paragraph) in guide()
    assert len(dialogue_check.LABELS) == 6


def test_the_advice_on_viewpoints_4_to_6_is_on_the_page_and_the_print() -> None:
    for quote in dialogue_check.ADVICE_QUOTES:
        assert quotes_guide(quote)
    assert "自然なやり取りの中で感触を確かめていく" in SHEETS["dialogue_check"].description
    text = squash("".join(pages_text(pdf_format.export(Document("dialogue_check", DialogueCheck())))))
    assert squash("一度に決まるものではなく") in text
    assert squash("なるべく自然なやり取りの中で感触を確かめていくとよいでしょう") in text


def test_the_four_patterns_and_their_benefits_and_risks_are_the_guides() -> None:
    assert len(internal_coordination.PATTERNS) == 4
    for heading, text in internal_coordination.PATTERNS.items():
        assert f"|{_norm(heading)}|" in guide()
        assert _norm(text) in guide()
    assert "「やらされ感」" in internal_coordination.PATTERNS["パターン① 首長の意思決定により方針決裁を得る"]
    assert quotes_guide("これまでとどう違うのか、何が違うのか")


def test_the_six_items_to_collect_are_the_guides_list() -> None:
    block = _norm("予算化に向け他都市から収集すると良い事項")
    start = guide().index(block)
    listed = re.findall(r"\|-・([^|]+)", guide()[start : start + 400])
    assert [_norm(i) for i in budget_prep.ITEM_LABELS] == listed


def test_prior_research_lists_figure_20s_sources_and_the_guides_urls() -> None:
    for area in prior_research.AREAS:
        assert f"|✓{_norm(area)}|" in guide()
    for _, _name, url in prior_research.SOURCES:
        if url:
            assert f"<{url}>" in _seed("001")  # the guide's 【参考 URL】
    for name in ("公約(マニフェスト)", "所信表明", "総合計画", "分野別マスタープラン", "記者会見", "プレスリリース・SNS"):
        assert name in [_norm(n) for _, n, _ in prior_research.SOURCES]
    assert len(PriorResearch().sources) == len(prior_research.SOURCES)


# ── samples and prints ──────────────────────────────────────────────────────────────────────────

SAMPLES = {
    "dialogue_check": "dialogue_check_iwata.json",
    "internal_coordination": "internal_coordination_iwata.json",
    "budget_prep": "budget_prep_seminar.json",
    "prior_research": "prior_research_iwata.json",
}


@pytest.mark.parametrize("sheet_type", NEW)
def test_each_sheet_has_a_sample_from_the_seminar_report_naming_its_source(sheet_type: str) -> None:
    spec = SHEETS[sheet_type]
    assert list(spec.samples.values()) == [SAMPLES[sheet_type]]
    doc = load_sample(SAMPLES[sheet_type])
    assert doc.sheet.source.startswith("参考事例（セミナー報告より作成）")  # type: ignore[attr-defined]
    assert "（例示）" not in doc.sheet.model_dump_json()  # nothing illustrative: only the report's facts


def test_samples_quote_only_the_report() -> None:
    report = _norm(_seed("004"))
    for name in SAMPLES.values():
        sheet = load_sample(name).sheet
        for quote in re.findall(r"「([^「」]+)」", sheet.model_dump_json(exclude={"source"})):
            assert _norm(quote) in report, (name, quote)


def test_the_iwata_dialogue_sample_matches_what_the_canvas_would_carry() -> None:
    sample = load_sample("dialogue_check_iwata.json").sheet
    canvas = load_sample("lean_canvas_iwata.json").sheet
    assert sample.v3_note == canvas.advantage  # type: ignore[attr-defined]
    assert sample.v2_status == "確認済み"  # type: ignore[attr-defined]
    assert sample.v1_status == "未確認"  # type: ignore[attr-defined]
    assert sample.v1_note == ""  # type: ignore[attr-defined]


def test_internal_coordination_prints_as_a_one_page_briefing_with_the_chosen_patterns_risk() -> None:
    sheet = load_sample("internal_coordination_iwata.json").sheet
    chosen = sheet.model_copy(update={"pattern": "パターン① 首長の意思決定により方針決裁を得る"})
    pages = pages_text(pdf_format.export(Document("internal_coordination", chosen)))
    assert len(pages) == 1
    text = squash(pages[0])
    assert squash("庁内調整シート（庁内説明用）") in text
    assert squash("やらされ感") in text
    assert squash("財政課") in text
    unchosen = squash("".join(pages_text(pdf_format.export(Document("internal_coordination", sheet)))))
    assert squash("やらされ感") not in unchosen


def test_budget_prep_prints_every_reference_and_the_payment_rule() -> None:
    doc = load_sample("budget_prep_seminar.json")
    text = squash("".join(pages_text(pdf_format.export(doc))))
    assert squash("磐田市健康福祉部健康増進課") in text
    assert squash("かすみがうら市保健福祉部健康増進課") in text
    assert squash("事業者選定プロセスがあった場合は、評価項目や評価委員構成") in text
    assert squash("基本的には事業の完了後一括払い") in text


def test_minimum_sets_are_the_apps_and_name_the_missing_fields() -> None:
    empty = DialogueCheck()
    assert [e.spec.label for e in missing_minimum(empty)][:2] == ["連携先候補（スタートアップ）", dialogue_check.LABELS[0]]
    assert SHEETS["dialogue_check"].minimum_note.startswith("本アプリ")


# ── command line ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("sheet_type", NEW)
def test_cli_validates_and_describes_each_new_type(sheet_type: str, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import SAMPLES as SAMPLE_DIR
    from worksheets.cli import main

    assert main(["validate", str(SAMPLE_DIR / SAMPLES[sheet_type])]) == 0
    assert f"（{sheet_type}）" in capsys.readouterr().out
    assert main(["schema", sheet_type]) == 0
    schema = capsys.readouterr().out
    assert SHEETS[sheet_type].title in schema


def test_cli_names_the_viewpoint_of_a_bad_status(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from worksheets.cli import main

    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version":1,"sheet_type":"dialogue_check","data":{"v4_status":"たぶん"}}', encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "観点④の状況" in capsys.readouterr().err


# ── workshops ───────────────────────────────────────────────────────────────────────────────────


def test_a_workshop_can_use_the_new_sheets() -> None:
    from worksheets.workshop import WORKSHOP_SHEETS, setup_from_form

    setup = setup_from_form("予算化に向けた勉強会", date(2026, 11, 24), ["budget_prep", "dialogue_check", "issue_sheet"], "1班")
    assert setup.sheets == ["issue_sheet", "dialogue_check", "budget_prep"]  # guide order
    assert set(NEW) <= set(WORKSHOP_SHEETS)
