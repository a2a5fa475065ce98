"""issue 13 #17 / issue 12 #11: no English from Streamlit's own widgets on any page, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, wait_idle

pytestmark = pytest.mark.browser

PAGES = (
    "",
    "issue_sheet",
    "issue_detail",
    "lean_canvas",
    "discussion_paper",
    "sanpo_yoshi",
    "timeline_plan",
    "budget_calendar",
    "workshop",
    "workshop_admin",
)
ENGLISH = re.compile(
    r"Drag and drop|Browse files|\bUpload\b|per file|Press (Ctrl|⌘)?\+?Enter|to apply|Select all|\bAdd: |"
    r"No results|yyyy/mm/dd|File must be|Choose (an )?options?|files are not allowed|Skip to main content",
)  # case-sensitive: the uploader's icon is the ligature "upload" (an icon, not a word)


def _english_labels(page: Any) -> list[str]:
    """What a screen reader or a tooltip says in English: aria-label, title and data-title with a word of 3+ letters
    and nothing in Japanese (「保存した JSON / Excel を読み込む」 is fine)."""
    found = page.eval_on_selector_all(
        "[aria-label],[title],[data-title]",
        "els => els.flatMap(e => ['aria-label', 'title', 'data-title'].map(a => e.getAttribute(a)).filter(Boolean))",
    )
    return [label for label in found if re.fullmatch(r"[\x00-\x7f]*[A-Za-z]{3,}[\x00-\x7f]*", label)]


def _visible_english(page: Any) -> list[str]:
    text = page.locator("body").inner_text()
    placeholders = page.eval_on_selector_all("[placeholder]", "els => els.map(e => e.getAttribute('placeholder'))")
    return [m.group(0) for m in ENGLISH.finditer(text + "\n" + "\n".join(p or "" for p in placeholders))]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_speaks_japanese_in_streamlit_widgets(server: Server, browser: Any, path: str) -> None:
    context, page = open_page(browser, f"{server.url}/{path}")
    try:
        page.wait_for_timeout(1500)  # the sheet body is a fragment that can arrive after the first idle
        wait_idle(page)
        assert _visible_english(page) == []
        uploader = page.locator("[data-testid=stFileUploader]")
        if uploader.count():
            expect(uploader.first).to_contain_text("ファイルを選ぶ")
            expect(uploader.first).to_contain_text("1ファイル 2")
        area = page.locator("[data-testid=stTextArea] textarea")
        if area.count():
            area.first.click()
            area.first.press_sequentially("あ")
            page.wait_for_timeout(200)  # Streamlit hides the hint in narrow columns (the canvas)
            hints = page.locator("[data-testid=InputInstructions]")
            if path == "issue_sheet":
                expect(hints.first).to_contain_text(re.compile(r"Ctrl\+Enter で(確定|送信)"), timeout=2_000)
            for i in range(hints.count()):  # a form that submits only by its button (workshop_admin) shows none
                shown = hints.nth(i).inner_text().strip()
                assert shown == "" or re.search(r"Ctrl\+Enter で(確定|送信)", shown), shown
            assert _visible_english(page) == []
            page.keyboard.press("Tab")
            wait_idle(page)
            page.wait_for_timeout(1000)  # a sheet's first edit creates its draft and runs the page once more
            wait_idle(page)
        fields = page.locator("[data-testid=stDateInputField]")
        if path == "timeline_plan":
            fields.first.wait_for(timeout=10_000)
        for i in range(fields.count()):
            shown = fields.nth(i).inner_text()
            assert not re.search(r"yyyy|mm|dd", shown, re.IGNORECASE), shown
            if "年" in shown:
                assert re.sub(r"\s", "", shown) in ("年/月/日",) or re.search(r"\d{4}", shown), shown
        assert _english_labels(page) == []  # the chart's toolbar on the timeline too
        if path == "timeline_plan":  # the calendar pop-up: month names and weekday headers
            page.locator("[data-testid=stDateInputCalendarButton]").first.click()
            calendar = page.locator("[data-testid=stDateInputCalendar]")
            calendar.wait_for(timeout=5_000)
            page.wait_for_timeout(300)
            assert _english_labels(page) == []  # 「2026年11月25日（水）」, not "Wednesday, November 25, 2026"
            expect(calendar.get_by_label(re.compile(r"^今日、\d{4}年\d{1,2}月\d{1,2}日（[日月火水木金土]）"))).to_have_count(1)
            shown = calendar.inner_text()
            assert not re.search(r"January|February|March|April|June|July|August|September|October|November|December", shown), shown
            headers = calendar.locator("th").all_inner_texts()
            assert headers[:7] == list("日月火水木金土"), headers
            page.keyboard.press("Escape")
            wait_idle(page)
        for i in range(page.locator("[data-testid=stMultiSelect]").count()):
            box = page.locator("[data-testid=stMultiSelect]").nth(i)
            # Scrolled to first, as a user would: a click in the same instant as Playwright's own scroll opens
            # the list and the scroll closes it again (BaseWeb closes its pop-up on scroll; plain Streamlit too).
            box.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            box.locator("input").click()
            expect(page.locator("[role=listbox]").first).to_be_visible(timeout=3_000)
            assert _visible_english(page) == []
            if path == "sanpo_yoshi" and i == 0:
                assert "すべて選択" in page.locator("[role=listbox]").first.inner_text()
            box.locator("input").press_sequentially("zzq")
            page.wait_for_timeout(300)  # well before the 1 s idle commit
            listing = page.locator("[role=listbox]").first.inner_text()
            assert "該当する項目はありません" in listing or "「zzq」を追加" in listing, listing
            assert _visible_english(page) == []
            box.locator("input").press("Escape")
            for _ in range(3):
                box.locator("input").press("Backspace")
            wait_idle(page)
    finally:
        context.close()


def test_too_large_upload_is_refused_in_japanese(server: Server, browser: Any, tmp_path: Any) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"{" + b" " * (3 * 1024 * 1024) + b"}")
    context, page = open_page(browser, f"{server.url}/issue_sheet")
    try:
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(big))
        expect(page.get_by_text(re.compile("ファイルが大きすぎます"))).to_be_visible(timeout=10_000)
        assert _visible_english(page) == []
    finally:
        context.close()


def test_connection_loss_is_announced_in_japanese(tmp_path: Any, browser: Any) -> None:
    """During a server restart the status corner said 「Connecting」 in English."""
    own = Server(tmp_path / "drafts.sqlite3")
    own.start()
    context, page = open_page(browser, f"{own.url}/issue_sheet")
    try:
        own.stop()
        status = page.locator("[data-testid=stStatusWidget]")
        expect(status).to_contain_text(re.compile("接続中|サーバーに接続できません|エラー"), timeout=20_000)
        page.wait_for_timeout(500)
        assert not re.search(r"Connecting|Connection error|Unable to connect|not responding", page.locator("body").inner_text())
    finally:
        context.close()
        own.stop()
