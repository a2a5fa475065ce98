"""In a real browser: a facilitator runs a workshop, a participant joins by its link, and the
dashboard shows the participant's typing without anyone reloading it."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS, Server, open_page, wait_idle


def test_facilitator_and_participant(server: Server, browser: Any) -> None:
    admin_ctx, admin = open_page(browser, server.url + "/workshop_admin", height=1600)
    admin.get_by_role("textbox", name="ワークショップ名").fill("ブラウザ試験ワークショップ")
    admin.get_by_role("button", name="作成する").click()
    wait_idle(admin)
    expect(admin.get_by_text("この一度だけ表示します")).to_be_visible()
    join_link = admin.locator("[data-testid=stCode]", has_text="/workshop?code=").inner_text().strip()
    code = join_link.rsplit("=", 1)[1]
    expect(admin.get_by_role("img")).not_to_have_count(0)  # the QR code
    admin.get_by_role("textbox", name="ステップ名").fill("④課題")
    admin.get_by_role("button", name="タイマー開始").click()
    wait_idle(admin)

    who_ctx, who = open_page(browser, join_link.replace("http://localhost:8501", server.url))
    who.get_by_role("textbox", name="表示名").fill("山田（〇〇市）")
    who.get_by_label("チーム").click()
    who.get_by_role("option", name="2班").click()
    who.get_by_role("button", name="参加する").click()
    wait_idle(who)
    expect(who.get_by_text("このワークショップで記入するシート")).to_be_visible()
    expect(who.get_by_text("タイマー：④課題").filter(visible=True)).to_be_visible()
    expect(who.get_by_text(re.compile(r"残り \d+分\d{2}秒")).filter(visible=True)).to_be_visible()  # counting down in the browser
    assert "ws=" in who.url
    who.locator("[data-testid=stMain]").get_by_role("link", name="課題整理シート").click()
    wait_idle(who)
    who.get_by_role("textbox", name="テーマ", exact=True).fill("歯科健診の受診促進")
    who.keyboard.press("Tab")
    wait_idle(who)

    # The facilitator's dashboard refreshes itself: no click, no reload.
    # (the table is drawn on a canvas; its accessible grid cells carry the same text)
    expect(admin.locator("[role=gridcell]", has_text="山田（〇〇市）")).to_have_count(1, timeout=15_000)
    metrics = admin.locator("[data-testid=stMetricValue]")
    expect(metrics.nth(0)).to_have_text("1人")
    expect(metrics.nth(1)).to_have_text("1 / 1")  # one participant × one sheet, started
    expect(admin.get_by_text(code).first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    admin.screenshot(path=str(ARTIFACTS / "workshop_admin.png"), full_page=True)
    who.screenshot(path=str(ARTIFACTS / "workshop_participant.png"), full_page=True)

    admin.get_by_role("button", name="一括ダウンロードを作成する").click()  # built in the background
    ready = admin.get_by_role("button", name=re.compile("一括ダウンロード（ZIP"))
    expect(ready).to_be_visible(timeout=30_000)  # the page polls and offers it when built
    with admin.expect_download() as info:
        ready.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert "pdf/2班.pdf" in archive.namelist()
    team_pages = [p.extract_text() for p in PdfReader(io.BytesIO(archive.read("pdf/2班.pdf"))).pages]
    assert "歯科健診の受診促進" in "".join(team_pages)
    assert all("参加者：山田（〇〇市）（2班）" in text for text in team_pages)  # every page header
    who_ctx.close()
    admin_ctx.close()


def _workshops_named(server: Server, name: str) -> int:
    with sqlite3.connect(server.db) as db:
        return int(db.execute("SELECT COUNT(*) FROM workshops WHERE name = ?", (name,)).fetchone()[0])


def test_enter_in_the_workshop_name_does_not_create_the_workshop(server: Server, browser: Any) -> None:
    """Issue 13 #3: the name + Enter created the workshop with the defaults; only the button may."""
    ctx, page = open_page(browser, server.url + "/workshop_admin")
    box = page.get_by_role("textbox", name="ワークショップ名")
    box.fill("エンターでは作らない会")
    box.press("Enter")
    wait_idle(page)
    page.wait_for_timeout(1500)  # past any idle commit of the page's scripts
    wait_idle(page)
    assert "w=" not in page.url
    expect(page.get_by_text("この一度だけ表示します")).to_have_count(0)
    assert _workshops_named(server, "エンターでは作らない会") == 0
    expect(box).to_have_value("エンターでは作らない会")  # nothing typed is lost
    page.get_by_role("button", name="作成する").click()
    wait_idle(page)
    expect(page.get_by_text("この一度だけ表示します")).to_be_visible()
    assert _workshops_named(server, "エンターでは作らない会") == 1
    ctx.close()
