"""In a real browser: typing survives reload and a new browser context on the same URL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, Server, open_page, wait_idle
from tests.worksheets.formats.pdftext import pages_text


def test_typing_survives_reload_and_a_new_browser(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/issue_sheet")
    page.get_by_role("textbox", name="テーマ", exact=True).click()
    page.keyboard.type("歯科健診の受診促進")
    page.get_by_role("textbox", name="【ありたい姿】").click()
    page.keyboard.type("誰もが歯の大切さを知っている")  # no blur, no Ctrl+Enter: the user just stops typing
    page.wait_for_timeout(2500)
    url = page.url
    assert "draft=" in url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "issue_sheet.png"), full_page=True)

    page.reload()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="テーマ", exact=True)).to_have_value("歯科健診の受診促進")
    expect(page.get_by_role("textbox", name="【ありたい姿】")).to_have_value("誰もが歯の大切さを知っている")
    context.close()

    context, page = open_page(browser, url)  # tab closed, URL opened again in a fresh browser
    expect(page.get_by_role("textbox", name="【ありたい姿】")).to_have_value("誰もが歯の大切さを知っている")
    context.close()


def test_fukuoka_sample_and_pdf_download(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/issue_detail")
    page.get_by_role("button", name="記載例（実践ガイド 図表18）：福岡市を読み込む").click()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="課題", exact=True)).to_have_value(re.compile("外出困難な重度障がい者等"))
    page.screenshot(path=str(ARTIFACTS / "issue_detail.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="PDF（A4横）をダウンロード").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert "外出困難な重度障がい者等" in pages_text(data)[0]
    context.close()


def test_pages_load_nothing_from_outside_this_server(server: Server, browser: Any) -> None:
    """自治体 networks are often closed: every request must go to the app's own host."""
    context = browser.new_context(viewport={"width": 1400, "height": 2600})  # tall: the app scrolls inside
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith((server.url, "data:", "blob:")) else None
    )
    for path in (
        "/",
        "/issue_sheet",
        "/issue_detail",
        "/lean_canvas",
        "/discussion_paper",
        "/sanpo_yoshi",
        "/timeline_plan",
        "/budget_calendar",
    ):
        page.goto(server.url + path)
        wait_idle(page)
        page.wait_for_timeout(500)
        name = path.strip("/") or "home"
        page.screenshot(path=str(ARTIFACTS / f"page_{name}.png"))
    context.close()
    assert outside == []
