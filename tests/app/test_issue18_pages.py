"""The issue 18 pages under AppTest: form with autosave, the guide's advice, samples, carry-over buttons."""

from __future__ import annotations

import json

from tests.app.helpers import key, open_page, texts, url_params
from tests.conftest import load_sample
from worksheets.store import DraftStore


def _saved(at) -> dict:  # type: ignore[no-untyped-def]
    draft = DraftStore().get(url_params(at)["draft"])
    assert draft is not None
    return json.loads(draft.data)


def test_dialogue_check_page_shows_the_six_viewpoints_and_the_advice_and_autosaves() -> None:
    at = open_page("dialogue_check")
    text = texts(at)
    assert "一度に決まるものではなく" in text  # the guide's advice on ④–⑥ is part of the page
    assert "自然なやり取りの中で感触を確かめていく" in text
    area = at.text_area(key=key("dialogue_check", "v1_note"))
    assert area.label == "観点① 他都市導入実績"
    assert "公共的な団体、金融機関、大企業、地元企業" in text  # the guide's explanation, shown with the box
    assert at.selectbox(key=key("dialogue_check", "v1_status")).options == ["未確認", "確認中", "確認済み"]
    area.input("隣の市で導入済み").run()
    at.selectbox(key=key("dialogue_check", "v1_status")).set_value("確認済み").run()
    data = _saved(at)
    assert data["v1_note"] == "隣の市で導入済み"
    assert data["v1_status"] == "確認済み"


def test_dialogue_check_takes_viewpoint_3_from_the_canvas() -> None:
    canvas = open_page("lean_canvas")
    canvas.text_input(key=key("lean_canvas", "company")).input("株式会社テスト").run()
    canvas.text_area(key=key("lean_canvas", "advantage")).input("従来の紙の案内より安価").run()
    at = open_page("dialogue_check", {"ws": url_params(canvas)["ws"]})
    at.button(key="carry.new.dialogue_check.canvas_to_dialogue").click().run()
    assert not at.exception
    assert at.text_area(key=key("dialogue_check", "v3_note")).value == "従来の紙の案内より安価"
    assert at.text_input(key=key("dialogue_check", "partner")).value == "株式会社テスト"


def test_internal_coordination_takes_the_issue_sheets_situation() -> None:
    issue = open_page("issue_sheet")
    issue.text_area(key=key("issue_sheet", "situation")).input("無関心層に届きにくい").run()
    issue.text_area(key=key("issue_sheet", "gap")).input("受診率が上がらない").run()
    at = open_page("internal_coordination", {"ws": url_params(issue)["ws"]})
    at.button(key="carry.in.internal_coordination.issue_sheet_to_coordination").click().run()
    assert not at.exception
    assert at.text_area(key=key("internal_coordination", "current")).value == "無関心層に届きにくい"
    assert at.text_area(key=key("internal_coordination", "gap")).value == "受診率が上がらない"


def test_internal_coordination_offers_the_four_patterns_with_their_risks() -> None:
    at = open_page("internal_coordination")
    box = at.selectbox(key=key("internal_coordination", "pattern"))
    assert len(box.options) == 5  # unset and パターン①–④
    assert "「やらされ感」" in texts(at)  # the guide's benefits and risks, shown with the choice
    box.set_value("パターン③ 関係部署の事務方に個別にあたり連携の役割分担を探る").run()
    assert _saved(at)["pattern"].startswith("パターン③")
    at.text_input(key=key("internal_coordination", "departments.0.name")).input("財政課").run()
    assert _saved(at)["departments"][0]["name"] == "財政課"


def test_budget_prep_sample_loads_both_reference_cities() -> None:
    at = open_page("budget_prep")
    at.button(key="sample.budget_prep.budget_prep_seminar.json").click().run()
    assert not at.exception
    assert at.text_input(key=key("budget_prep", "references.1.municipality")).value.startswith("かすみがうら市")
    assert at.text_area(key=key("budget_prep", "references.0.request_hardship")).label == "予算要求で苦労したこと"
    assert at.selectbox(key=key("budget_prep", "payment")).options[1:4] == ["完了後一括払い", "概算払い", "分割払い"]


def test_prior_research_page_lists_the_sources_and_feeds_canvas_i() -> None:
    at = open_page("prior_research")
    assert at.text_input(key=key("prior_research", "sources.0.name")).value == "白書やレポート"
    assert at.text_input(key=key("prior_research", "sources.11.url")).value == "https://resas.go.jp/"
    at.button(key="sample.prior_research.prior_research_iwata.json").click().run()
    canvas = open_page("lean_canvas", {"ws": url_params(at)["ws"]})
    canvas.button(key="carry.in.lean_canvas.research_to_canvas").click().run()
    assert not canvas.exception
    expected = load_sample("prior_research_iwata.json").sheet.field_issues  # type: ignore[attr-defined]
    assert canvas.text_area(key=key("lean_canvas", "problem")).value == expected
