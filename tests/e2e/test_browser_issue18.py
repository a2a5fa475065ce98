"""In a real browser: the issue 18 sheets keep what is typed, and a sample prints as an A4 PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, Server, open_page, wait_idle
from tests.worksheets.formats.pdftext import pages_text, squash


def test_dialogue_check_notes_survive_reload(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/dialogue_check")
    page.get_by_role("textbox", name="観点① 他都市導入実績").click()
    page.keyboard.type("近隣の市で導入実績あり")  # no blur: the user just stops typing
    page.wait_for_timeout(2500)
    assert "draft=" in page.url
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="観点① 他都市導入実績")).to_have_value("近隣の市で導入実績あり")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dialogue_check.png"), full_page=True)
    context.close()


def test_internal_coordination_sample_prints_one_page(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/internal_coordination")
    page.get_by_role("button", name=re.compile("参考事例（セミナー報告より作成）：磐田市の庁内体制")).click()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="担当課", exact=True)).to_have_value(re.compile("健康増進課"))
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("PDF")).first.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    pages = pages_text(data)
    assert len(pages) == 1
    assert squash("庁内調整シート（庁内説明用）") in squash(pages[0])
    context.close()
