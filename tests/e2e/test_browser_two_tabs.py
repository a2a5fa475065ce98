"""In a real browser: two tabs opened on the same empty sheet (same ?ws=, no draft yet) end up in one draft."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Server, stored_drafts, url_param, wait_idle, wait_stored


def test_two_tabs_on_one_empty_sheet_type_into_one_draft(server: Server, browser: Any) -> None:
    """Failed on the old code: the second tab's first edit made a second draft, so each tab held half."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    try:
        tab1 = context.new_page()
        tab1.goto(server.url + "/issue_sheet")
        wait_idle(tab1)
        ws = url_param(tab1, "ws")
        assert ws
        tab2 = context.new_page()  # the same link opened in a second tab before anything was typed
        tab2.goto(f"{server.url}/issue_sheet?ws={ws}")
        wait_idle(tab2)
        assert url_param(tab2, "draft") is None

        tab1.bring_to_front()
        tab1.get_by_role("textbox", name="テーマ", exact=True).click()
        tab1.keyboard.type("タブ1のテーマ")
        tab1.keyboard.press("Tab")
        wait_stored(server, tab1, "タブ1のテーマ")

        tab2.bring_to_front()
        tab2.get_by_role("textbox", name="【ありたい姿】").click()
        tab2.keyboard.type("タブ2のありたい姿")
        tab2.keyboard.press("Tab")
        wait_stored(server, tab2, "タブ2のありたい姿")
        wait_idle(tab2)

        drafts = [d for d in stored_drafts(server) if d["workspace"] == ws and d["sheet_type"] == "issue_sheet"]
        assert len(drafts) == 1
        data: Any = drafts[0]["data"]
        assert (data["theme"], data["ideal"]) == ("タブ1のテーマ", "タブ2のありたい姿")
        assert url_param(tab2, "draft") == url_param(tab1, "draft") == drafts[0]["id"]
        expect(tab2.get_by_role("textbox", name="テーマ", exact=True)).to_have_value("タブ1のテーマ")
        expect(tab2.get_by_text("別のタブで先に保存された同じシートの下書きに", exact=False)).to_be_visible()
    finally:
        context.close()
