"""The 案件 page: create, add a sheet, set the stage, record a meeting, print 「前回からの変更点」."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from components.state import store
from tests.app.helpers import key, open_page, texts, url_params
from tests.conftest import ROOT
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets import case_file, cases


def _case_page(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params.update(query)
    at.switch_page("app_pages/case.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_case_page_flow() -> None:
    sheet = open_page("issue_sheet")
    sheet.text_input(key=key("issue_sheet", "theme")).input("外国人市民への情報提供").run()
    params = url_params(sheet)
    at = _case_page({"ws": params["ws"]})
    assert "まだ案件がありません" in texts(at)
    at.text_input(key="case.new.name").input("〇〇市 × 株式会社△△")
    at.button(key="case.new.go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [case] = cases.cases(store(), params["ws"])
    at = _case_page({"ws": params["ws"], "case": case.id})
    at.selectbox(key="case.add").set_value(params["draft"])
    at.button(key="case.add.go").click().run()
    assert [d.id for d in cases.sheets(store(), case)] == [params["draft"]]
    at.selectbox(key="case.stage").set_value("自治体編：連携先の探索段階").run()
    assert cases.cases(store(), params["ws"])[0].stage == "連携先の探索段階"
    assert "積極的にスタートアップに会いに行く" in texts(at)  # the guide's words for the stage, with its section
    assert "（実践ガイド 第3章 自治体編（2）官民連携に向けた各プロセスとそのポイント「② 連携先の探索段階」）" in texts(at)
    at.selectbox(key="case.stage").set_value("スタートアップ編：利害関係者の特定").run()
    assert cases.cases(store(), params["ws"])[0].stage == "利害関係者の特定"
    assert "官民連携を自治体に対して打診する準備を整えます。" in texts(at)
    assert "「2. 利害関係者の特定」" in texts(at)
    at.selectbox(key="case.stage").set_value("自治体編：連携先の探索段階").run()
    at.text_input(key="case.m.who").input("〇〇市 企画課")
    at.selectbox(key=f"case.m.v.{params['draft']}").set_value(1)
    at.text_area(key="case.m.actions").input("見積もりを出す／△△／2026-12-01")
    at.selectbox(key="case.m.place").set_value(f"{params['draft']}:theme")
    at.text_area(key="case.m.fieldnote").input("対象を住民全体に広げる案")
    at.button(key="case.m.go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [meeting] = cases.meetings(store(), case)
    assert meeting.discussed == {params["draft"]: 1}
    assert [(a.text, a.owner, a.due) for a in meeting.actions] == [("見積もりを出す", "△△", "2026-12-01")]
    assert meeting.notes == {f"{params['draft']}:theme": "対象を住民全体に広げる案"}
    assert "メモ（課題整理シート：テーマ）：対象を住民全体に広げる案" in [str(t.value) for t in at.text]
    sheet = open_page("issue_sheet", params)
    sheet.text_input(key=key("issue_sheet", "theme")).input("外国人住民への情報提供").run()
    at = _case_page({"ws": params["ws"], "case": case.id})
    assert "見積もりを出す" in "\n".join(str(t.value) for t in at.text)
    at.button(key="case.pdf").click().run()
    pdf = at.session_state["case.pdf.data"]
    text = squash("\n".join(pages_text(pdf)))
    assert squash("外国人市民への情報提供") in text
    assert squash("外国人住民への情報提供") in text
    at.button(key="case.xlsx").click().run()  # the Excel 案件 file: the same content as the JSON one
    assert not at.exception, [e.value for e in at.exception]
    book = at.session_state[f"case.xlsx.{case.id}"]
    [case] = cases.cases(store(), params["ws"])  # as stored now (its stage was set above)
    assert case_file.parse(book) == case_file.export(store(), case)
    assert "案件ファイル（Excel）をダウンロード" in str(at.get("download_button"))


def test_a_sheet_made_by_carry_over_joins_the_case_of_its_source() -> None:
    canvas = open_page("lean_canvas")
    canvas.text_area(key=key("lean_canvas", "problem")).input("窓口が混む").run()
    params = url_params(canvas)
    case = cases.create(store(), params["ws"], "案件")
    cases.add_sheet(store(), case, params["draft"])
    paper = open_page("discussion_paper", {"ws": params["ws"]})
    paper.button(key="carry.new.discussion_paper.canvas_to_paper").click().run()
    made = url_params(paper)["draft"]
    assert made != params["draft"]
    assert [d.id for d in cases.sheets(store(), case)] == [params["draft"], made]


def test_case_page_shows_the_next_deadlines_of_its_timeline() -> None:
    plan = open_page("timeline_plan")
    plan.text_input(key=key("timeline_plan", "project")).input("外国人向け情報提供").run()
    params = url_params(plan)
    case = cases.create(store(), params["ws"], "案件")
    cases.add_sheet(store(), case, params["draft"])
    at = _case_page({"ws": params["ws"], "case": case.id})
    assert "次の期限（タイムラインから・目安）" in [str(h.value) for h in at.subheader]
    shown = [str(t.value) for t in at.text]
    assert any(re.match(r"\d{4}-\d{2}-\d{2}　", line) for line in shown), shown


def test_case_review_link_shows_the_case_sheets_and_takes_comments() -> None:
    from worksheets import review

    sheet = open_page("issue_sheet")
    sheet.text_input(key=key("issue_sheet", "theme")).input("案件のテーマ").run()
    params = url_params(sheet)
    other = open_page("lean_canvas", {"ws": params["ws"]})
    other.text_area(key=key("lean_canvas", "problem")).input("案件外の課題").run()
    case = cases.create(store(), params["ws"], "案件")
    cases.add_sheet(store(), case, params["draft"])
    at = _case_page({"ws": params["ws"], "case": case.id})
    at.button(key="case.review.create").click().run()
    [link] = review.case_links(store(), case.id)
    reader = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    reader.query_params["review"] = link.id
    reader.run()
    shown = "\n".join(str(t.value) for t in reader.text)
    assert "案件のテーマ" in shown
    assert "案件外の課題" not in shown
    reader.selectbox(key="review.path").set_value(f"{params['draft']}|theme")
    reader.text_input(key="review.name").input("山田")
    reader.text_area[0].input("案件リンクからのコメント")
    reader.button[-1].click().run()
    assert "「課題整理シート：テーマ」へのコメントを送りました。" in texts(reader)
    assert [c.body for c in review.comments(store(), params["draft"])] == ["案件リンクからのコメント"]
    at = _case_page({"ws": params["ws"], "case": case.id})
    at.button(key=f"case.review.revoke.{link.id}").click().run()
    reader.run()
    assert "この確認用リンクは、作成者によって無効にされました" in texts(reader)
