"""Issue 19: two app servers (two ``streamlit run`` processes) on one real PostgreSQL. A
participant on server A and the facilitator on server B share everything through the store: the
timer set on B counts down on A, A's typing appears on B's dashboard without a reload, and the
bundle built on B holds A's edit."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import Server, open_page, wait_idle
from worksheets import workshop as W
from worksheets.store import DraftStore


def test_participant_on_a_and_facilitator_on_b_share_progress_timer_and_bundle(
    browser: Any, postgres_url: str, tmp_path: Path
) -> None:
    server_a = Server(tmp_path / "unused_a.sqlite3", location=postgres_url)
    server_b = Server(tmp_path / "unused_b.sqlite3", location=postgres_url)
    server_a.start()
    server_b.start()
    try:
        admin_ctx, admin = open_page(browser, server_b.url + "/workshop_admin", height=1600)
        admin.get_by_role("textbox", name="ワークショップ名").fill("二台のサーバーの会")
        admin.get_by_role("button", name="作成する").click()
        wait_idle(admin)
        join_link = admin.locator("[data-testid=stCode]", has_text="/workshop?code=").inner_text().strip()
        code = join_link.rsplit("=", 1)[1]
        admin.get_by_role("textbox", name="ステップ名").fill("②現状")
        admin.get_by_role("button", name="タイマー開始").click()
        wait_idle(admin)

        who_ctx, who = open_page(browser, f"{server_a.url}/workshop?code={code}")  # the other server
        who.get_by_role("textbox", name="表示名").fill("佐藤（A市）")
        who.get_by_label("チーム").click()
        who.get_by_role("option", name="1班").click()
        who.get_by_role("button", name="参加する").click()
        wait_idle(who)
        expect(who.get_by_text("タイマー：②現状").filter(visible=True).first).to_be_visible()  # set on B, shown on A
        expect(who.get_by_text(re.compile(r"残り \d+分\d{2}秒")).filter(visible=True).first).to_be_visible()
        who.locator("[data-testid=stMain]").get_by_role("link", name="課題整理シート").click()
        wait_idle(who)
        who.get_by_role("textbox", name="テーマ", exact=True).fill("二台目で見える入力")
        who.keyboard.press("Tab")
        wait_idle(who)
        expect(who.get_by_text("自動保存済み", exact=False)).to_be_visible(timeout=15_000)

        # B's dashboard refreshes itself and shows A's participant and progress.
        expect(admin.locator("[role=gridcell]", has_text="佐藤（A市）")).to_have_count(1, timeout=20_000)
        expect(admin.locator("[data-testid=stMetricValue]").nth(1)).to_have_text("1 / 1", timeout=20_000)

        # A second team (joined straight through the store), so the bundle renders its two team PDFs
        # on worker processes started from the real server.
        store = DraftStore(postgres_url)
        _, other = W.join(store, code, "鈴木", "2班")
        store.create(other.id, "issue_sheet", json.dumps({"theme": "2班のテーマ"}, ensure_ascii=False))
        admin.get_by_role("button", name="一括ダウンロードを作成する").click()
        ready = admin.get_by_role("button", name=re.compile("一括ダウンロード（ZIP"))
        expect(ready).to_be_visible(timeout=60_000)
        with admin.expect_download() as info:
            ready.click()
        archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("pdf/1班.pdf"))).pages)
        assert "二台目で見える入力" in text  # typed on A, bundled on B
        assert "参加者：佐藤（A市）（1班）" in text
        assert "2班のテーマ" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("pdf/2班.pdf"))).pages)

        admin.get_by_role("button", name="停止").click()  # stopped on B …
        wait_idle(admin)
        who.goto(f"{server_a.url}/workshop?ws={re.search(r'ws=([^&]+)', who.url).group(1)}")  # type: ignore[union-attr]
        wait_idle(who)
        expect(who.get_by_text("タイマー：②現状").filter(visible=True)).to_have_count(0)  # … and gone on A
        who_ctx.close()
        admin_ctx.close()
    finally:
        server_a.stop()
        server_b.stop()
