"""Two tabs opened on the same empty sheet (same ?ws=, no draft yet) end up in one draft: the second tab's
first edit joins the draft the first tab created since it opened, merged field by field from the empty sheet."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.helpers import key, open_page, texts, url_params
from worksheets.store import DraftStore


def _tabs() -> tuple[str, AppTest, AppTest]:
    tab1 = open_page("issue_sheet")
    ws = url_params(tab1)["ws"]
    tab2 = open_page("issue_sheet", {"ws": ws})  # the same link in a second tab, before anything was typed
    assert "draft" not in url_params(tab1)
    assert "draft" not in url_params(tab2)
    return ws, tab1, tab2


def test_both_tabs_first_edits_end_up_in_one_draft() -> None:
    """Failed on the old code: tab 2's first edit created a second draft (2 drafts, each with one field)."""
    ws, tab1, tab2 = _tabs()
    tab1.text_input(key=key("issue_sheet", "municipality")).input("〇〇市").run()
    tab2.text_input(key=key("issue_sheet", "theme")).input("タブ2のテーマ").run()
    drafts = DraftStore().recent(ws, "issue_sheet")
    assert len(drafts) == 1
    stored = json.loads(drafts[0].data)
    assert (stored["municipality"], stored["theme"]) == ("〇〇市", "タブ2のテーマ")
    assert url_params(tab2)["draft"] == url_params(tab1)["draft"] == drafts[0].id
    assert tab2.text_input(key=key("issue_sheet", "municipality")).value == "〇〇市"
    assert "別のタブで先に保存された同じシートの下書きに" in texts(tab2)
    tab1.text_area(key=key("issue_sheet", "ideal")).input("タブ1のありたい姿").run()
    tab2.text_input(key=key("issue_sheet", "theme")).input("タブ2のテーマ（改）").run()
    stored = json.loads(DraftStore().get(drafts[0].id).data)  # type: ignore[union-attr]
    assert (stored["municipality"], stored["ideal"], stored["theme"]) == (
        "〇〇市",
        "タブ1のありたい姿",
        "タブ2のテーマ（改）",
    )
    assert len(DraftStore().recent(ws, "issue_sheet")) == 1


def test_after_joining_the_two_tabs_share_one_draft_as_today() -> None:
    ws, tab1, tab2 = _tabs()
    tab1.text_input(key=key("issue_sheet", "theme")).input("タブ1").run()
    tab2.text_input(key=key("issue_sheet", "municipality")).input("△△町").run()
    assert "別のタブまたは別の端末で更新されています" not in texts(tab2)
    assert tab2.text_input(key=key("issue_sheet", "theme")).value == "タブ1"
    drafts = DraftStore().recent(ws, "issue_sheet")
    assert len(drafts) == 1
    assert json.loads(drafts[0].data)["municipality"] == "△△町"
    tab2.text_input(key=key("issue_sheet", "theme")).input("タブ2").run()  # seen タブ1, replaced it: no conflict
    assert json.loads(DraftStore().get(drafts[0].id).data)["theme"] == "タブ2"  # type: ignore[union-attr]
    tab1.text_input(key=key("issue_sheet", "theme")).input("タブ1（改）").run()
    assert "別のタブまたは別の端末で更新されています" in texts(tab1)
    shown = [t.value for t in tab1.get("text")]  # type: ignore[union-attr]
    assert "タブ1（改）" in shown
    assert "タブ2" in shown
    tab1.button(key="mine.issue_sheet").click().run()
    stored = json.loads(DraftStore().get(drafts[0].id).data)  # type: ignore[union-attr]
    assert (stored["theme"], stored["municipality"]) == ("タブ1（改）", "△△町")
    assert len(DraftStore().recent(ws, "issue_sheet")) == 1


def test_conflicting_first_edits_ask_which_to_keep() -> None:
    ws, tab1, tab2 = _tabs()
    tab1.text_input(key=key("issue_sheet", "theme")).input("タブ1").run()
    tab2.text_input(key=key("issue_sheet", "theme")).input("タブ2").run()
    assert "別のタブまたは別の端末で更新されています" in texts(tab2)
    shown = [t.value for t in tab2.get("text")]  # type: ignore[union-attr]
    assert "タブ1" in shown
    assert "タブ2" in shown
    drafts = DraftStore().recent(ws, "issue_sheet")
    assert len(drafts) == 1
    assert json.loads(drafts[0].data)["theme"] == "タブ1"
    tab2.button(key="theirs.issue_sheet").click().run()
    assert tab2.text_input(key=key("issue_sheet", "theme")).value == "タブ1"
    assert "保存済みの最新版を読み込みました" in texts(tab2)
    assert len(DraftStore().recent(ws, "issue_sheet")) == 1


def test_a_draft_created_before_the_tab_opened_is_not_joined() -> None:
    ws, _tab1, tab2 = _tabs()
    store = DraftStore()
    older = store.create(ws, "issue_sheet", json.dumps({"theme": "前からある下書き"}, ensure_ascii=False))
    store.db.read("UPDATE drafts SET created_at = created_at - 3600 WHERE id = ?", (older.id,))  # e.g. another device's
    tab2.text_input(key=key("issue_sheet", "theme")).input("新しいテーマ").run()
    assert url_params(tab2)["draft"] != older.id
    kept = store.get(older.id)
    assert kept is not None
    assert (kept.version, kept.data) == (1, older.data)
    assert len(store.recent(ws, "issue_sheet")) == 2
    other_sheet = open_page("lean_canvas", {"ws": ws})  # another sheet type is never joined either
    other_sheet.text_area(key=key("lean_canvas", "problem")).input("課題").run()
    assert url_params(other_sheet)["draft"] not in (older.id, url_params(tab2)["draft"])
