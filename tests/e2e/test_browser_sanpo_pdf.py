"""In a real browser: the 三方よしマップ page downloads its PDF with the diagram and the diagram's note."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, wait_idle
from tests.worksheets.formats.pdftext import pages_text, squash


def test_map_pdf_download(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/sanpo_yoshi")
    page.get_by_role("button", name=re.compile("磐田市")).click()  # the 磐田市 sample
    wait_idle(page)
    expect(page.get_by_text(re.compile("図は本アプリによる整理です"))).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="PDF（A4横・図と表）をダウンロード").click()
    assert info.value.suggested_filename.endswith(".pdf")
    data = Path(info.value.path()).read_bytes()
    pages = [squash(p) for p in pages_text(data)]
    assert squash("図は本アプリによる整理です") in pages[0]
    for label in ("行政（自治体）よし", "枠組み・実証フィールド", "試験・調査への参加・フィードバック"):
        assert squash(label) in pages[0], label
    assert squash("健康管理アプリによる働く世代の健康づくり") in pages[0]
    context.close()
