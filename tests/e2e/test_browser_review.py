"""issue 17 in a real browser, two browser contexts (two people): the author edits and names a
version and makes a review link; the counterpart comments on two fields and suggests a text; the
author sees, applies and resolves; the link is revoked and then refused."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, wait_idle


def _type(page: Any, name: str, text: str, *, area: bool = False) -> None:
    box = page.get_by_role("textbox", name=name, exact=True)
    box.click()
    box.fill(text)
    page.keyboard.press("Control+Enter" if area else "Enter")
    wait_idle(page)


def _choose(page: Any, label: str, option: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.scroll_into_view_if_needed()
    box.click()
    if not page.get_by_role("option").count():  # the first click may only focus it
        box.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def _comment(reader: Any, field: str, body: str, suggestion: str = "") -> None:
    _choose(reader, "項目", field)
    reader.get_by_role("textbox", name="お名前（所属・課）").fill("〇〇市 企画課 山田")
    reader.get_by_role("textbox", name="コメント", exact=True).fill(body)
    if suggestion:
        reader.get_by_role("textbox", name=re.compile("提案する文章")).fill(suggestion)
    reader.get_by_role("button", name="コメントを送る").click()
    wait_idle(reader)
    expect(reader.get_by_text(f"「{field}」へのコメントを送りました。")).to_be_visible()


def test_author_and_counterpart_in_two_contexts(server: Server, browser: Any) -> None:
    author_ctx, author = open_page(browser, server.url + "/issue_sheet")
    _type(author, "テーマ", "外国人市民への情報提供")
    author.wait_for_url(re.compile("draft="))
    _type(author, "自治体名", "〇〇市")
    # name the newest version (version 2, the default choice) in the history panel
    author.get_by_text("版の履歴（比較・復元・名前付け）").click()
    author.get_by_text("履歴を表示する").click()
    wait_idle(author)
    author.get_by_role("textbox", name="版の名前（例：第2回面談で提示）").fill("第2回面談で提示")
    author.get_by_role("button", name="名前を付ける").click()
    wait_idle(author)
    expect(author.get_by_text(re.compile("名前「第2回面談で提示」を付けました"))).to_be_visible()
    # make the review link
    author.get_by_text("確認用リンクとコメント").first.click()
    author.get_by_role("button", name="確認用リンクを作る").click()
    wait_idle(author)
    link = author.locator("code").filter(has_text="?review=").first.inner_text().strip()
    review_id = link.split("?review=", 1)[1]
    assert "draft=" not in link

    reader_ctx, reader = open_page(browser, server.url + "/?review=" + review_id)
    expect(reader.get_by_text("外国人市民への情報提供")).to_be_visible()
    expect(reader.get_by_text("最近の下書き")).to_have_count(0)  # no author navigation or drafts
    _comment(reader, "テーマ", "「市民」より「住民」では？", "外国人住民への情報提供")
    _comment(reader, "自治体名", "部署名も入れてください")

    author.reload()
    wait_idle(author)
    expect(author.get_by_text(re.compile("相手方からのコメント：テーマ 1件（未解決1件）、自治体名 1件（未解決1件）"))).to_be_visible()
    author.get_by_text(re.compile("確認用リンクとコメント")).first.click()
    author.get_by_role("button", name="提案を反映（新しい版）").click()
    wait_idle(author)
    expect(author.get_by_role("textbox", name="テーマ", exact=True)).to_have_value("外国人住民への情報提供")
    author.get_by_role("button", name="解決済みにする").first.click()
    wait_idle(author)
    author.get_by_role("button", name=re.compile("このリンクを無効にする")).click()
    wait_idle(author)

    reader.reload()
    wait_idle(reader)
    expect(reader.get_by_text(re.compile("この確認用リンクは、作成者によって無効にされました"))).to_be_visible()
    expect(reader.get_by_text("外国人住民への情報提供")).to_have_count(0)
    reader_ctx.close()
    author_ctx.close()
