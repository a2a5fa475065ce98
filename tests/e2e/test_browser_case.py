"""issue 17 in a real browser: an 案件 made from two sheets, a meeting recorded with a next action,
and that action shown on the 案件's timeline (its text equivalent and its .ics)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, wait_idle


def _type(page: Any, name: str, text: str) -> None:
    box = page.get_by_role("textbox", name=name, exact=True)
    box.click()
    box.fill(text)
    page.keyboard.press("Enter")
    wait_idle(page)


def _query(page: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _add_sheet(page: Any, option: str) -> None:
    box = page.get_by_label("このワークスペースの下書きを追加", exact=True)
    box.click()
    if not page.get_by_role("option").count():  # the first click may only focus it
        box.click()
    page.get_by_role("option", name=option).click()
    wait_idle(page)
    page.get_by_role("button", name="追加する").click()
    wait_idle(page)


def test_case_from_two_sheets_with_a_meeting_whose_action_reaches_the_timeline(server: Server, browser: Any) -> None:
    ctx, sheet = open_page(browser, server.url + "/issue_sheet")
    _type(sheet, "テーマ", "外国人市民への情報提供")
    sheet.wait_for_url(re.compile("draft="))
    ws = _query(sheet)["ws"]
    sheet.goto(f"{server.url}/timeline_plan?ws={ws}")
    wait_idle(sheet)
    _type(sheet, "提案・事業名", "多言語案内の実証")
    sheet.wait_for_url(re.compile("draft="))
    plan = _query(sheet)["draft"]

    page = ctx.new_page()
    page.goto(f"{server.url}/case?ws={ws}")
    wait_idle(page)
    expect(page.get_by_text("まだ案件がありません")).to_be_visible()
    page.get_by_role("textbox", name="新しい案件の名前").fill("〇〇市 × 株式会社△△ 外国人市民への情報提供")
    page.get_by_role("button", name="案件を作る").click()
    wait_idle(page)
    _add_sheet(page, "課題整理シート：外国人市民への情報提供")
    _add_sheet(page, "タイムライン：多言語案内の実証")
    expect(page.get_by_role("link", name=re.compile("^課題整理シート：外国人市民への情報提供（記入済み"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^タイムライン：多言語案内の実証（記入済み"))).to_be_visible()

    due = (date.today() + timedelta(days=45)).isoformat()
    page.get_by_text("面談を記録する").first.click()
    page.get_by_role("textbox", name="出席者（団体・課など）").fill("〇〇市 企画課、△△")
    page.get_by_role("textbox", name=re.compile("^次のアクション")).fill(f"見積もり提出／△△／{due}")
    page.get_by_role("button", name="面談を記録する").click()
    wait_idle(page)
    expect(page.get_by_text(f"{date.today().isoformat()} の面談", exact=True)).to_be_visible()
    today = date.today().isoformat()  # and among the 案件's next dated deadlines
    expect(page.get_by_text(f"{due}　見積もり提出（担当：△△、{today} の面談で決定）")).to_be_visible()
    expect(page.get_by_text(f"見積もり提出（担当：△△、期限：{due}）")).to_be_visible()

    page.goto(f"{server.url}/timeline_plan?ws={ws}&draft={plan}")
    wait_idle(page)
    page.get_by_text("図の内容（テキスト）").click()
    expect(page.get_by_text(re.compile(rf"{due}\s+見積もり提出（担当：△△）"))).to_be_visible()
    with page.expect_download() as got:
        page.get_by_role("button", name="期限をカレンダーに追加（.ics）").click()
    ics = Path(got.value.path()).read_text(encoding="utf-8")
    assert "見積もり提出（担当：△△）" in ics.replace("\r\n ", "")
    assert f"DTSTART;VALUE=DATE:{due.replace('-', '')}" in ics
    ctx.close()
