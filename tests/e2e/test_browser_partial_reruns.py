"""In a real browser: an edit reruns only the parts of the sheet page it changed (components.reruns).

What the user must still see after each kind of edit: the saved version, the new draft in 最近の下書き, the
meter and the 用語チェック when they change, a message under a refused field, and every other field as it
was. The WebSocket frames the page receives show how much of the page the server sent again.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, saved_version, wait_idle, wait_saved


class Frames:
    """Counts the messages the server sends to the page (one WebSocket frame per message)."""

    def __init__(self, page: Any) -> None:
        self.count = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._seen))

    def _seen(self, _payload: object) -> None:
        self.count += 1

    def during(self, page: Any, action: Any) -> int:
        before = self.count
        action()
        wait_idle(page)
        page.wait_for_timeout(300)
        return self.count - before


def _type(page: Any, name: str, text: str) -> None:
    box = page.get_by_role("textbox", name=name, exact=True)
    box.click()
    page.keyboard.press("End")
    page.keyboard.type(text)
    box.press("Control+Enter" if box.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")


def test_edits_rerun_only_what_they_change(server: Server, browser: Any) -> None:
    context, page = open_page(browser, server.url + "/issue_sheet")
    frames = Frames(page)
    page.reload()  # the listener sees the page's own WebSocket from its start
    wait_idle(page)
    empty = page.get_by_text(re.compile("^まだ空欄の部分："))  # the meter's list of parts with nothing in them
    expect(empty).to_contain_text("テーマ・担当")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("まだありません。")

    # The first save creates the draft: it appears in 最近の下書き without a reload, the URL names it.
    _type(page, "テーマ", "歯科健診の受診促進")
    wait_saved(page)
    expect(sidebar.get_by_role("link", name=re.compile("課題整理シート：歯科健診の受診促進"))).to_be_visible()
    assert "draft=" in page.url
    expect(empty).not_to_contain_text("テーマ・担当")

    # Typing on in a filled field: only the status line comes back (a handful of messages).
    _type(page, "【ありたい姿】", "誰もが歯の大切さを知っている")
    wait_saved(page, 1)
    expect(empty).not_to_contain_text("①ありたい姿")
    version = saved_version(page)
    small = frames.during(page, lambda: _type(page, "【ありたい姿】", "まち"))
    wait_saved(page, version)
    expect(page.get_by_role("textbox", name="テーマ", exact=True)).to_have_value("歯科健診の受診促進")
    expect(page.get_by_role("textbox", name="【ありたい姿】", exact=True)).to_have_value(
        "誰もが歯の大切さを知っているまち"
    )
    expect(empty).not_to_contain_text("①ありたい姿")

    # A 図表8 term typed into a filled field: the 用語チェック follows at once.
    _type(page, "【状態】", "受診率が低い")
    wait_saved(page, version + 1)
    expect(page.get_by_text("用語チェック（0件）")).to_be_visible()
    _type(page, "【状態】", "。パブコメでも意見が少ない")
    expect(page.get_by_text("用語チェック（1件）")).to_be_visible()
    expect(page.get_by_text(re.compile("「パブリックコメント」"))).to_be_visible()

    # A number field reruns the whole sheet body: many more messages than a text edit.
    years = page.get_by_role("spinbutton", name="〇年後")
    version = saved_version(page)
    whole = frames.during(page, lambda: (years.fill("10"), years.press("Enter")))
    wait_saved(page, version)
    assert small * 5 < whole, (small, whole)
    assert small <= 20, small

    # A refused field shows its message (the body reruns), and the message goes once it is fixed.
    lines = page.get_by_role("textbox", name="⑥強み", exact=True).first
    lines.click()
    lines.fill("\n".join(f"強み{i}" for i in range(60)))
    lines.press("Control+Enter")
    wait_idle(page)
    expect(page.get_by_text(re.compile("50行まで"))).to_be_visible()
    lines.fill("地域の歯科医師会との関係")
    lines.press("Control+Enter")
    wait_idle(page)
    expect(page.get_by_text(re.compile("50行まで"))).to_have_count(0)

    # Nothing typed was lost on the way: a reload shows every field as saved.
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="【ありたい姿】", exact=True)).to_have_value(
        "誰もが歯の大切さを知っているまち"
    )
    expect(page.get_by_role("textbox", name="【状態】", exact=True)).to_have_value(
        "受診率が低い。パブコメでも意見が少ない"
    )
    expect(page.get_by_role("textbox", name="⑥強み", exact=True).first).to_have_value("地域の歯科医師会との関係")
    context.close()


def test_buttons_that_change_the_whole_sheet_show_it_in_every_field(server: Server, browser: Any) -> None:
    """A version restored or a conflict settled changes fields from a button inside one part of the page: the
    fields must show the new text (they did not, at first, with the keyed rerun)."""
    context, page = open_page(browser, server.url + "/issue_sheet")
    ideal = page.get_by_role("textbox", name="【ありたい姿】", exact=True)
    _type(page, "【ありたい姿】", "最初の姿")
    wait_saved(page)
    ideal.fill("書き直した姿")
    ideal.press("Control+Enter")
    wait_saved(page, 1)

    page.get_by_text("版の履歴（比較・復元・名前付け）").click()
    page.get_by_text("履歴を表示する").click()
    wait_idle(page)
    restore = page.get_by_role("button", name=re.compile("この版に戻す"))
    picker = page.get_by_label("対象の版", exact=True)
    first = page.get_by_role("option", name=re.compile("^第1版"))
    # The list opens below the picker and closes when the page scrolls or shifts (reaching an option lower down,
    # the history still laying out): bring the picker up, and open the list again until the choice took.
    picker.evaluate("e => e.scrollIntoView({block: 'center'})")
    for _ in range(5):
        picker.click()
        try:
            first.click(timeout=3000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
        wait_idle(page)
        if restore.is_enabled():
            break
    restore.click()
    wait_idle(page)
    expect(ideal).to_have_value("最初の姿")
    expect(page.get_by_text(re.compile("第1版の内容を、新しい版（第3版）として保存しました"))).to_be_visible()

    second = context.new_page()
    second.goto(page.url)
    wait_idle(second)
    ideal.fill("タブ1の姿")
    ideal.press("Control+Enter")
    wait_saved(page, 3)
    other = second.get_by_role("textbox", name="【ありたい姿】", exact=True)
    other.fill("タブ2の姿")
    other.press("Control+Enter")
    expect(second.get_by_text("別のタブまたは別の端末で更新されています")).to_be_visible()
    second.get_by_role("button", name="保存済みの最新版を読み込む（自分の入力は破棄）").click()
    wait_idle(second)
    expect(other).to_have_value("タブ1の姿")
    expect(second.get_by_text("保存済みの最新版を読み込みました。")).to_be_visible()
    context.close()
