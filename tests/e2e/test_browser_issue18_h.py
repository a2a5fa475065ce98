"""In a real browser: the home page's stage table leads to the new sheets; the 事業概要資料 PDF has the text
on page 1 and the 三方よし diagram on page 2."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, wait_idle
from tests.worksheets.formats.pdftext import pages_text, squash


def test_home_stage_link_opens_the_procurement_nav_with_its_notice(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/")
    expect(page.get_by_text("④ 連携方法の検討 段階")).to_be_visible()
    expect(page.get_by_text("4. 調整・意思決定")).to_be_visible()
    page.locator("[data-testid=stMain]").get_by_role("link", name="調達方法ナビ").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="調達方法ナビ")).to_be_visible()
    expect(page.get_by_text(re.compile("法的な助言ではありません")).first).to_be_visible()
    expect(page.get_by_text(re.compile("企画競争（コンペ方式・プロポーザル方式）")).first).to_be_visible()
    context.close()


def test_summary_pdf_download_has_text_then_diagram(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/project_summary")
    page.get_by_role("button", name=re.compile("磐田市")).click()  # the 磐田 sample
    wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="PDF（A4横・図と表）をダウンロード").click()
    assert info.value.suggested_filename.endswith(".pdf")
    pages = [squash(p) for p in pages_text(Path(info.value.path()).read_bytes())]
    assert squash("事業目的") in pages[0]
    assert squash("図は本アプリによる整理です") in pages[1]
    assert squash("行政（自治体）よし") in pages[1]
    context.close()
