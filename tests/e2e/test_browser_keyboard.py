"""issue 16 #3: a sheet can be filled, exported and re-imported with the keyboard alone (Tab, typing, Enter,
Space), in a sensible order, with a visible focus; what was typed reaches the saved draft. Only ``keyboard.press`` / ``keyboard.type`` act on
the page; ``evaluate`` only reads where the focus is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, open_page, stored_drafts, url_param, wait_idle, wait_stored

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  let scrolled = window.scrollY;  // Streamlit scrolls inside its own containers, not the window
  for (let p = el.parentElement; p; p = p.parentElement) scrolled += p.scrollTop;
  return {name: el.getAttribute('aria-label') || el.innerText || '', tag: el.tagName.toLowerCase(),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1,
          y: Math.round(el.getBoundingClientRect().top + scrolled)};
}"""


def tab_to(
    page: Any, name: str, limit: int = 400, tags: tuple[str, ...] = ("input", "textarea"), suffix: bool = False
) -> list[dict[str, Any]]:
    """Press Tab until the control named ``name`` has the focus; the focus stops visited on the way."""
    seen: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        seen.append(focused)
        said = focused["name"].strip()
        if (said == name or (suffix and said.endswith(name))) and focused["tag"] in tags:
            assert focused["outline"], f"no visible focus on {name}"
            return seen
    raise AssertionError(f"Tab never reached {name!r}; visited: {[s['name'][:20] for s in seen][-40:]}")


def _type_and_leave(page: Any, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # leaving the field commits it
    wait_idle(page)


def _data_of(server: Server, page: Any) -> dict[str, Any]:
    draft = url_param(page, "draft")
    return next(d for d in stored_drafts(server) if d["id"] == draft)["data"]  # type: ignore[return-value]


def test_issue_sheet_filled_with_the_keyboard_only(server: Server, browser: Any) -> None:
    context, page = open_page(browser, f"{server.url}/issue_sheet")
    try:
        page.wait_for_timeout(1200)
        wait_idle(page)
        tab_to(page, "テーマ")
        _type_and_leave(page, "キーボードだけで書いたテーマ")
        wait_stored(server, page, "キーボードだけで書いたテーマ")
        page.keyboard.press("Shift+Tab")  # back into the same field, then on in document order
        order = tab_to(page, "④課題")
        ys = [s["y"] for s in order]
        assert ys == sorted(ys), "; ".join(f"{s['name'][:12]}@{s['y']}" for s in order)
        _type_and_leave(page, "受診率の低い世代に届く案内")
        wait_stored(server, page, "受診率の低い世代に届く案内")
        data = _data_of(server, page)
        assert data["theme"] == "キーボードだけで書いたテーマ"
        assert data["issues"][0]["title"] == "受診率の低い世代に届く案内"  # 課題1, the first ④課題 box

        # Export with the keyboard: Tab to the download button, Enter.
        tab_to(page, "JSONをダウンロード", tags=("button",))
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        assert "キーボードだけで書いたテーマ" in json.dumps(saved, ensure_ascii=False)

        # Re-import with the keyboard: the uploader's button opens the system's file dialog (outside the page,
        # answered by Playwright), then Tab to 読み込む and Enter.
        tab_to(page, "ファイルを選ぶ", tags=("button",), suffix=True)  # after the icon's ligature name
        with page.expect_file_chooser(timeout=10_000) as chooser:
            page.keyboard.press("Space")  # (Streamlit's uploader button ignores Enter; Space works)
        raw = Path(info.value.path()).read_bytes()
        chooser.value.set_files(files=[{"name": info.value.suggested_filename, "mimeType": "application/json", "buffer": raw}])
        expect(page.get_by_test_id("stFileChipName")).to_have_count(1)
        wait_idle(page)
        before = url_param(page, "draft")
        tab_to(page, "読み込む", tags=("button",))
        page.keyboard.press("Enter")
        wait_idle(page)
        page.wait_for_timeout(500)
        wait_idle(page)
        assert url_param(page, "draft") != before  # opened as a new draft
        assert _data_of(server, page)["theme"] == "キーボードだけで書いたテーマ"
    finally:
        context.close()


def test_lean_canvas_filled_with_the_keyboard_only(server: Server, browser: Any) -> None:
    context, page = open_page(browser, f"{server.url}/lean_canvas")
    try:
        page.wait_for_timeout(1200)
        wait_idle(page)
        tab_to(page, "Ⅰ 社会・地域が抱える課題")
        _type_and_leave(page, "働く世代の健康無関心")
        wait_stored(server, page, "働く世代の健康無関心")
        tab_to(page, "Ⅱ 受益者の属性・特徴")
        page.keyboard.type("市内の事業所の従業員")
        page.keyboard.press("Enter")  # a new line in the box, not a submit
        page.keyboard.type("その家族")
        page.keyboard.press("Tab")
        wait_idle(page)
        wait_stored(server, page, "市内の事業所の従業員\nその家族")
        data = _data_of(server, page)
        assert data["problem"] == "働く世代の健康無関心"
    finally:
        context.close()
