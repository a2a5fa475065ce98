"""Real browser, real server: restart mid-edit, two tabs, hostile text on every page, every download."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, saved_version, wait_idle, wait_saved, wait_stored
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets.formats import xlsx_format

XSS = "<img src=x onerror=alert(1)>"
SHEET_PAGES = (
    "issue_sheet",
    "issue_detail",
    "lean_canvas",
    "discussion_paper",
    "sanpo_yoshi",
    "timeline_plan",
    "budget_calendar",
)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "drafts.sqlite3")
    srv.start()
    yield srv
    srv.stop()


def test_server_killed_mid_edit_loses_at_most_the_last_two_seconds(own_server: Server, browser: Any) -> None:
    context, page = open_page(browser, own_server.url + "/issue_sheet")
    box = page.get_by_role("textbox", name="【ありたい姿】")
    box.click()
    page.keyboard.type("前半の入力。")
    page.wait_for_timeout(2500)  # a pause: autosaved
    page.keyboard.type("後半")
    page.wait_for_timeout(200)
    url = page.url
    own_server.stop()  # SIGTERM while the last words may still be in flight
    context.close()
    with sqlite3.connect(own_server.db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    own_server.start()
    context, page = open_page(browser, url)
    expect(page.get_by_role("textbox", name="【ありたい姿】")).to_have_value(re.compile(r"^前半の入力。(後半)?$"))
    context.close()


def test_second_tab_on_the_same_draft_is_warned(server: Server, browser: Any) -> None:
    context, first = open_page(browser, server.url + "/issue_detail")
    first.get_by_role("textbox", name="課題", exact=True).fill("最初の課題")  # the first edit creates the draft
    first.keyboard.press("Tab")
    wait_saved(first)
    second = context.new_page()
    second.goto(first.url)
    wait_idle(second)
    first.get_by_role("textbox", name="課題", exact=True).fill("タブ1の課題")
    first.keyboard.press("Tab")
    wait_saved(first, after=1)
    second.get_by_role("textbox", name="課題", exact=True).fill("タブ2の課題")
    second.keyboard.press("Tab")
    expect(second.get_by_text("別のタブまたは別の端末で更新されています")).to_be_visible()
    expect(second.get_by_role("button", name="自分の入力で上書き保存")).to_be_visible()
    expect(second.get_by_role("textbox", name="課題", exact=True)).to_have_value("タブ2の課題")  # not thrown away
    context.close()


@pytest.mark.parametrize("sheet", SHEET_PAGES)
def test_markup_in_a_field_shows_as_text_and_opens_no_dialog(server: Server, browser: Any, sheet: str) -> None:
    context, page = open_page(browser, server.url + f"/{sheet}")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    before = saved_version(page)
    # The first one-line field of the sheet, named by its label: on a loaded machine the page may
    # still be drawing when it is first looked up, so the same field is found again by name after the reload.
    label = page.locator("[data-testid=stMain] [data-testid=stTextInputField]").first.get_attribute("aria-label")
    assert label
    field = page.locator("[data-testid=stMain]").get_by_role("textbox", name=label, exact=True)
    field.click()
    field.fill(XSS)
    page.keyboard.press("Tab")
    wait_saved(page, after=before)
    wait_stored(server, page, XSS)
    page.reload()
    wait_idle(page)
    field = page.locator("[data-testid=stMain]").get_by_role("textbox", name=label, exact=True)
    expect(field).to_have_value(XSS, timeout=15_000)
    assert page.locator("img[src='x']").count() == 0
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_text(re.compile(re.escape(XSS[:20])))).to_be_visible()
    page.wait_for_timeout(300)
    assert dialogs == []
    context.close()


def _download(page: Any, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return Path(info.value.path()).read_bytes()


def test_every_download_parses(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/issue_sheet")
    page.get_by_role("button", name="参考事例（セミナー報告より作成）：かすみがうら市の歯科健診を読み込む").click()
    wait_idle(page)
    before = saved_version(page)
    theme = page.get_by_role("textbox", name="テーマ", exact=True)
    theme.fill(f"{XSS} テーマ")
    page.keyboard.press("Tab")
    wait_saved(page, after=before)
    data = json.loads(_download(page, "JSONをダウンロード"))
    assert data["schema_version"] == 1
    assert data["data"]["theme"] == f"{XSS} テーマ"
    xlsx = _download(page, "Excelをダウンロード")
    assert load_workbook(io.BytesIO(xlsx)).sheetnames[0] == "課題整理シート1／2"
    assert xlsx_format.import_(xlsx).sheet.theme == f"{XSS} テーマ"  # type: ignore[attr-defined]
    pdf = _download(page, "PDF（A4横）をダウンロード")
    assert squash(XSS) in squash(pages_text(pdf)[0])  # printed literally
    context.close()

    context, page = open_page(browser, server.url + "/timeline_plan")
    pdf = _download(page, "タイムラインの PDF（A4横）")
    assert "タイムライン" in pages_text(pdf)[0]
    ics = Calendar.from_ical(_download(page, "期限をカレンダーに追加（.ics）"))
    assert list(ics.walk("VEVENT"))
    context.close()
