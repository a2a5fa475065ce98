"""In a real browser: when the store stops accepting writes mid-typing, the page says so in Japanese next
to the field, keeps the input, and shows 保存済み again only after a save the server confirmed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, url_param

FAILED = "保存できませんでした（入力は画面に残っています）"


def _set_read_only(admin_url: str, name: str, read_only: bool) -> None:
    """Make the database refuse writes (or accept them again) and drop the app's open connections."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        setting = "SET default_transaction_read_only = on" if read_only else "RESET default_transaction_read_only"
        conn.execute(f"ALTER DATABASE {name} {setting}")
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )


def _stored(url: str, draft_id: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT data FROM drafts WHERE id = %s", (draft_id,)).fetchone()
    assert row is not None
    return json.loads(row[0])  # type: ignore[no-any-return]


def test_a_read_only_store_mid_typing_is_said_in_japanese_and_saving_resumes(
    browser: Any, postgres_server: str, postgres_url: str, tmp_path: Path
) -> None:
    """issue12 #3: the page showed Streamlit's English error page with a stale 「✔ 自動保存済み（第2版）」."""
    name = postgres_url.rsplit("/", 1)[1]
    srv = Server(tmp_path / "unused.sqlite3", location=postgres_url)
    srv.start()
    try:
        context, page = open_page(browser, srv.url + "/issue_sheet")
        page.get_by_role("textbox", name="テーマ", exact=True).click()
        page.keyboard.type("保存できる")
        expect(page.get_by_text("自動保存済み（第1版）", exact=False)).to_be_visible(timeout=15_000)
        draft_id = url_param(page, "draft")
        assert draft_id

        _set_read_only(postgres_server, name, True)
        page.get_by_role("textbox", name="【ありたい姿】").click()
        page.keyboard.type("書けない間の入力")
        expect(page.get_by_text(FAILED).first).to_be_visible(timeout=15_000)
        expect(page.get_by_text("自動保存済み", exact=False)).to_have_count(0)
        expect(page.get_by_text("This app has encountered an error", exact=False)).to_have_count(0)
        expect(page.get_by_role("textbox", name="【ありたい姿】")).to_have_value("書けない間の入力")
        assert _stored(postgres_url, draft_id)["ideal"] == ""

        _set_read_only(postgres_server, name, False)
        page.get_by_role("textbox", name="【これまでの取組】").click()
        page.keyboard.type("直った後の入力")
        expect(page.get_by_text("自動保存済み（第2版）", exact=False)).to_be_visible(timeout=15_000)
        expect(page.get_by_text(FAILED)).to_have_count(0)
        stored = _stored(postgres_url, draft_id)
        assert (stored["ideal"], stored["past_work"]) == ("書けない間の入力", "直った後の入力")
        context.close()
    finally:
        srv.stop()
