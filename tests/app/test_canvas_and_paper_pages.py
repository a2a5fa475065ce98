from __future__ import annotations

import json
import sqlite3

import pytest

from tests.app.helpers import key, open_page, texts, url_params
from worksheets.document import document_from_draft, stored_data
from worksheets.store import DraftStore


def test_canvas_page_shows_the_grid_and_the_missing_minimum_blocks() -> None:
    at = open_page("lean_canvas")
    text = texts(at)
    assert "自治体と接点を持つ前の最低限（Ⅰ・Ⅱ・Ⅲ・Ⅷ）で未記入：Ⅰ 社会・地域が抱える課題、Ⅱ 受益者の属性・特徴" in text
    assert "現場で発生する具体的な課題は何か？" in text  # the guide's question with block Ⅰ
    at.text_area(key=key("lean_canvas", "problem")).input("課題").run()
    at.text_area(key=key("lean_canvas", "beneficiaries")).input("住民").run()
    at.text_area(key=key("lean_canvas", "value")).input("価値").run()
    assert "未記入：Ⅷ 既存の取組と比較した優位性" in texts(at)
    # the figure's grid: Ⅰ, Ⅳ/Ⅸ, Ⅲ, Ⅷ/Ⅴ, Ⅱ side by side in five columns of one row
    grid = [c for c in at.columns if c.get("text_area")]
    keys = [[w.key.rsplit(".", 1)[1] for w in c.get("text_area")] for c in grid[:5]]
    assert keys == [["problem"], ["activities", "kpi"], ["value"], ["advantage", "channels"], ["beneficiaries"]]


def test_canvas_sample_and_jargon_hints() -> None:
    at = open_page("lean_canvas")
    at.button(key="sample.lean_canvas.lean_canvas_iwata.json").click().run()
    assert at.text_input(key=key("lean_canvas", "municipality")).value == "磐田市"
    at.text_area(key=key("lean_canvas", "value")).input("全国にスケールする。原課と連携する。").run()
    text = texts(at)
    assert "「スケール(する)」（スタートアップ語） → 言い換え例：(事業を)拡大する" in text
    assert "「原課」（自治体語） → 言い換え例：担当課、担当部署" in text


def test_paper_page_six_w_two_h_and_schedule_table() -> None:
    at = open_page("discussion_paper")
    assert "6W2H チェック：0 / 9 部分が記入済み" in texts(at)
    at.text_area(key=key("discussion_paper", "why")).input("背景").run()
    at.text_input(key=key("discussion_paper", "schedule.0.task")).input("準備").run()
    at.selectbox(key=key("discussion_paper", "schedule.0.start")).set_value(2).run()
    at.selectbox(key=key("discussion_paper", "schedule.0.end")).set_value(4).run()
    assert "6W2H チェック：2 / 9 部分が記入済み" in texts(at)  # Why, and When (the one row is complete)
    data = json.loads(DraftStore().get(url_params(at)["draft"]).data)  # type: ignore[union-attr]
    assert data["schedule"][0] == {"task": "準備", "start": 2, "end": 4}
    options = at.selectbox(key=key("discussion_paper", "schedule.0.start")).options
    assert options[1] == "4月（1か月目）"
    at.number_input(key=key("discussion_paper", "schedule_start_month")).set_value(11).run()
    assert at.selectbox(key=key("discussion_paper", "schedule.0.start")).options[3] == "1月（3か月目）"


def _fill_canvas() -> dict[str, str]:
    canvas = open_page("lean_canvas")
    canvas.text_input(key=key("lean_canvas", "municipality")).input("磐田市").run()
    canvas.text_area(key=key("lean_canvas", "problem")).input("働く世代の生活習慣病リスク").run()
    canvas.text_area(key=key("lean_canvas", "beneficiaries")).input("市内の従業員").run()
    return url_params(canvas)


def test_create_paper_from_canvas_then_detect_and_take_a_change() -> None:
    params = _fill_canvas()
    paper = open_page("discussion_paper", {"ws": params["ws"]})
    paper.button(key="carry.new.discussion_paper.canvas_to_paper").click().run()
    assert paper.text_area(key=key("discussion_paper", "why")).value == "働く世代の生活習慣病リスク"
    assert paper.text_area(key=key("discussion_paper", "whom")).value == "市内の従業員"
    assert paper.text_input(key=key("discussion_paper", "municipality")).value == "磐田市"
    paper_params = url_params(paper)

    canvas = open_page("lean_canvas", params)  # the source changes later
    canvas.text_area(key=key("lean_canvas", "problem")).input("働く世代の生活習慣病リスク（高血糖）").run()

    paper = open_page("discussion_paper", paper_params)
    text = texts(paper)
    assert "更新されています" in text
    assert "現状・課題とその背景" in text
    assert "（高血糖）" in text
    assert paper.text_area(key=key("discussion_paper", "why")).value == "働く世代の生活習慣病リスク"
    paper.button(key="take.discussion_paper.canvas_to_paper").click().run()
    assert paper.text_area(key=key("discussion_paper", "why")).value == "働く世代の生活習慣病リスク（高血糖）"
    assert "更新されています" not in texts(open_page("discussion_paper", paper_params))


def test_carry_into_an_existing_paper_asks_before_overwriting() -> None:
    params = _fill_canvas()
    paper = open_page("discussion_paper", {"ws": params["ws"]})
    paper.text_area(key=key("discussion_paper", "why")).input("自分で書いた背景").run()
    paper.button(key="carry.in.discussion_paper.canvas_to_paper").click().run()
    assert "次の項目にはすでに入力があります" in texts(paper)
    assert paper.text_area(key=key("discussion_paper", "why")).value == "自分で書いた背景"
    paper.button(key="carry.blank.discussion_paper").click().run()  # only the empty ones
    assert paper.text_area(key=key("discussion_paper", "why")).value == "自分で書いた背景"
    assert paper.text_area(key=key("discussion_paper", "whom")).value == "市内の従業員"
    paper.button(key="carry.in.discussion_paper.canvas_to_paper").click().run()
    paper.button(key="carry.yes.discussion_paper").click().run()
    assert paper.text_area(key=key("discussion_paper", "why")).value == "働く世代の生活習慣病リスク"


def test_canvas_from_issue_sheet() -> None:
    issue = open_page("issue_sheet")
    issue.text_input(key=key("issue_sheet", "municipality")).input("かすみがうら市").run()
    issue.text_area(key=key("issue_sheet", "issues.0.title")).input("無関心層に届く案内").run()
    canvas = open_page("lean_canvas", {"ws": url_params(issue)["ws"]})
    canvas.button(key="carry.in.lean_canvas.issue_sheet_to_canvas").click().run()
    assert canvas.text_area(key=key("lean_canvas", "problem")).value == "・無関心層に届く案内"
    assert canvas.text_input(key=key("lean_canvas", "municipality")).value == "かすみがうら市"


def test_a_new_sheet_that_cannot_be_stored_links_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """「新しいシートとして」 when the store refuses the new draft: the open paper must not be linked to the
    canvas instead (it would get the canvas's change notices and join its 案件)."""
    params = _fill_canvas()
    paper = open_page("discussion_paper", {"ws": params["ws"]})
    paper.text_area(key=key("discussion_paper", "why")).input("自分で書いた背景").run()
    paper_id = url_params(paper)["draft"]

    def broken(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(DraftStore, "create", broken)
    paper.button(key="carry.new.discussion_paper.canvas_to_paper").click().run()
    assert not paper.exception
    assert "新しい下書きを保存できませんでした" in texts(paper)
    assert paper.text_area(key=key("discussion_paper", "why")).value == "自分で書いた背景"
    assert DraftStore().links(paper_id) == []


def test_the_page_stores_drafts_in_the_one_stored_form() -> None:
    """Created by a carry, then edited: the store holds exactly what worksheets.document.stored_data writes."""
    params = _fill_canvas()
    paper = open_page("discussion_paper", {"ws": params["ws"]})
    paper.button(key="carry.new.discussion_paper.canvas_to_paper").click().run()
    created = DraftStore().get(url_params(paper)["draft"])
    assert created is not None
    assert created.data == stored_data(document_from_draft(created).sheet)
    paper.text_area(key=key("discussion_paper", "how")).input("健康アプリ「歩こう磐田」").run()
    edited = DraftStore().get(created.id)
    assert edited is not None
    assert edited.version == 2
    assert edited.data == stored_data(document_from_draft(edited).sheet)
    assert "歩こう磐田" in edited.data  # Japanese kept as text
