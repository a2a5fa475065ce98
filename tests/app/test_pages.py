from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from components.save_load import exporter, file_name
from tests.app.helpers import PAGES, key, open_page, texts, url_params
from tests.conftest import SAMPLES, load_sample
from tests.worksheets.formats.pdftext import pages_text
from worksheets.formats import xlsx_format
from worksheets.store import DraftStore


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders(page: str) -> None:
    at = open_page(page)
    assert at.title
    assert len(at.sidebar.get("page_link")) >= len(PAGES)


def test_home_explains_the_flow_and_who_uses_which_sheet() -> None:
    text = texts(open_page("home"))
    for word in (
        "課題整理",
        "リーンキャンバス",
        "ディスカッションペーパー",
        "三方よし",
        "タイムライン",
        "自治体職員",
        "スタートアップ",
        "ファシリテーター",
    ):
        assert word in text


def test_typing_is_autosaved_and_a_fresh_session_restores_it() -> None:
    at = open_page("issue_sheet")
    assert set(url_params(at)) == {"ws"}  # a visit alone creates no draft
    at.text_input(key=key("issue_sheet", "theme")).input("歯科健診の受診促進").run()
    params = url_params(at)
    assert set(params) == {"ws", "draft"}
    at.number_input(key=key("issue_sheet", "years")).set_value(5).run()
    at.text_area(key=key("issue_sheet", "ideal")).input("一行目\n二行目").run()
    at.text_area(key=key("issue_sheet", "issues.1.strengths")).input("調整力\n\n広報").run()
    assert not at.exception

    stored = DraftStore().get(params["draft"])
    assert stored is not None
    data = json.loads(stored.data)
    assert data["theme"] == "歯科健診の受診促進"
    assert data["issues"][1]["strengths"] == ["調整力", "広報"]

    again = open_page("issue_sheet", params)  # reload / new tab / restarted server: same URL
    assert again.text_input(key=key("issue_sheet", "theme")).value == "歯科健診の受診促進"
    assert again.number_input(key=key("issue_sheet", "years")).value == 5
    assert again.text_area(key=key("issue_sheet", "ideal")).value == "一行目\n二行目"
    assert again.text_area(key=key("issue_sheet", "issues.1.strengths")).value == "調整力\n広報"


def test_workspace_link_without_draft_reopens_the_latest_draft() -> None:
    at = open_page("issue_sheet")
    at.text_input(key=key("issue_sheet", "theme")).input("続きから").run()
    params = url_params(at)
    again = open_page("issue_sheet", {"ws": params["ws"]})
    assert url_params(again)["draft"] == params["draft"]
    assert again.text_input(key=key("issue_sheet", "theme")).value == "続きから"


def test_unknown_or_forged_draft_shows_neutral_not_found() -> None:
    owner = open_page("issue_sheet")
    owner.text_input(key=key("issue_sheet", "theme")).input("他人の下書き").run()
    for forged in ["AAAAAAAAAAAAAAAAAAAAAA", "x", "<script>"]:
        at = open_page("issue_sheet", {"draft": forged})
        assert "下書きが見つかりません" in texts(at)
        assert not at.text_input  # no form, nobody's content
        assert "他人の下書き" not in texts(at)


def test_recent_drafts_lists_only_this_workspace() -> None:
    mine = open_page("issue_sheet")
    mine.text_input(key=key("issue_sheet", "theme")).input("私のテーマ").run()
    other = open_page("issue_sheet")
    other.text_input(key=key("issue_sheet", "theme")).input("よそのテーマ").run()
    labels = [link.label for link in open_page("home", {"ws": url_params(mine)["ws"]}).sidebar.get("page_link")]
    assert any("私のテーマ" in label for label in labels)
    assert not any("よそのテーマ" in label for label in labels)


def test_markdown_in_titles_is_shown_as_text_in_the_sidebar() -> None:
    at = open_page("issue_sheet")
    at.text_input(key=key("issue_sheet", "theme")).input("![x](http://evil.jp) **太字**").run()
    labels = [link.label for link in open_page("home", {"ws": url_params(at)["ws"]}).sidebar.get("page_link")]
    label = next(lb for lb in labels if "evil" in lb)
    assert r"\!\[x\]\(http" in label
    assert r"\*\*太字\*\*" in label


def test_completeness_meter_follows_the_input() -> None:
    at = open_page("issue_sheet")
    assert "まだ空欄の部分：テーマ・担当、①ありたい姿" in texts(at)
    at.text_area(key=key("issue_sheet", "ideal")).input("ありたい姿").run()
    at.number_input(key=key("issue_sheet", "years")).set_value(10).run()
    text = texts(at)
    assert ":green[:material/check_circle:] ①ありたい姿" in text
    assert "まだ空欄の部分：テーマ・担当、②現状" in text


def test_issue_frames_can_be_added_and_removed() -> None:
    at = open_page("issue_sheet")
    titles = [t for t in at.text_area if t.key.endswith(".title")]
    assert len(titles) == 3
    at.text_area(key=key("issue_sheet", "issues.2.title")).input("三つ目").run()
    at.button(key="add.issue_sheet.issues").click().run()
    assert len([t for t in at.text_area if t.key.endswith(".title")]) == 4
    at.button(key="del.issue_sheet.issues.0").click().run()
    remaining = [t.value for t in at.text_area if t.key.endswith(".title")]
    assert remaining == ["", "三つ目", ""]
    stored = json.loads(DraftStore().get(url_params(at)["draft"]).data)  # type: ignore[union-attr]
    assert [i["title"] for i in stored["issues"]] == ["", "三つ目", ""]


def test_fukuoka_example_loads_into_the_detail_sheet() -> None:
    at = open_page("issue_detail")
    at.text_input(key=key("issue_detail", "issue")).input("先に入力").run()
    first = url_params(at)["draft"]
    at.button(key="sample.issue_detail.issue_detail_fukuoka.json").click().run()
    sample = json.loads((SAMPLES / "issue_detail_fukuoka.json").read_text(encoding="utf-8"))["data"]
    for name, value in sample.items():
        widget = (
            at.text_input(key=key("issue_detail", name))
            if name in ("issue", "organization")
            else at.text_area(key=key("issue_detail", name))
        )
        assert widget.value == value
    assert url_params(at)["draft"] != first  # a new draft: nothing typed before is overwritten
    assert DraftStore().get(first) is not None


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", bytes(20_000_000))
    return buf.getvalue()


def test_bad_upload_gets_japanese_message_and_leaves_the_sheet_untouched() -> None:
    at = open_page("issue_sheet")
    at.text_input(key=key("issue_sheet", "theme")).input("そのまま").run()
    before = url_params(at)
    bad = [
        ("broken.json", b"{not json", "書き方に誤り"),
        ("v9.json", b'{"schema_version": 9, "sheet_type": "issue_sheet", "data": {}}', "schema_version 9"),
        ("big.json", b"{" + b" " * (2 * 1024 * 1024 + 10) + b"}", "大きすぎます"),
        ("img.json", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "画像"),
        ("broken.xlsx", b"PK\x03\x04garbage", "壊れています"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "パスワード"),
        ("bomb.xlsx", _bomb(), "圧縮"),
        ("empty.json", b"", "空"),
    ]
    for name, data, message in bad:
        at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
        at.button(key="import.issue_sheet").click().run()
        assert not at.exception
        assert message in texts(at), name
        assert "今のシートはそのまま" in texts(at)
        assert at.text_input(key=key("issue_sheet", "theme")).value == "そのまま"
        assert url_params(at) == before


def test_excel_upload_opens_as_a_new_draft() -> None:
    at = open_page("issue_sheet")
    at.text_input(key=key("issue_sheet", "theme")).input("先に入力").run()
    first = url_params(at)["draft"]
    data = xlsx_format.export(load_sample("issue_sheet_kasumigaura.json"))
    at.file_uploader[0].set_value(("kasumi.xlsx", data, "application/octet-stream")).run()
    at.button(key="import.issue_sheet").click().run()
    assert "読み込みました" in texts(at)
    assert at.text_input(key=key("issue_sheet", "municipality")).value == "かすみがうら市"
    assert url_params(at)["draft"] != first


def test_a_detail_file_uploaded_on_the_issue_sheet_page_is_redirected() -> None:
    at = open_page("issue_sheet")
    data = (SAMPLES / "issue_detail_fukuoka.json").read_bytes()
    at.file_uploader[0].set_value(("f.json", data, "application/json")).run()
    at.button(key="import.issue_sheet").click().run()
    assert "課題整理シート［詳細版］" in texts(at)
    assert "そのページで読み込んでください" in texts(at)


def test_downloads_offer_json_excel_and_pdf_of_the_current_sheet() -> None:
    at = open_page("issue_detail")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["JSONをダウンロード", "Excelをダウンロード", "PDF（A4横）をダウンロード"]
    at.text_input(key=key("issue_detail", "issue")).input("移動の課題").run()
    cur = at.session_state["open.issue_detail"]
    assert file_name(cur, ".pdf") == f"課題整理シート_詳細版_移動の課題_{date.today():%Y-%m-%d}.pdf"
    assert json.loads(exporter(cur, ".json")())["data"]["issue"] == "移動の課題"
    assert xlsx_format.import_(exporter(cur, ".xlsx")()).sheet.issue == "移動の課題"  # type: ignore[attr-defined]
    assert "移動の課題" in pages_text(exporter(cur, ".pdf")())[0]


def test_second_writer_on_the_same_draft_is_warned_and_chooses() -> None:
    tab1 = open_page("issue_sheet")
    tab1.text_input(key=key("issue_sheet", "municipality")).input("〇〇市").run()
    params = url_params(tab1)
    tab2 = open_page("issue_sheet", params)
    tab1.text_input(key=key("issue_sheet", "theme")).input("タブ1").run()
    tab2.text_input(key=key("issue_sheet", "theme")).input("タブ2").run()
    text = texts(tab2)
    assert "別のタブまたは別の端末で更新されています" in text
    assert "タブ1" in [t.value for t in tab2.get("text")]  # both texts of the conflicting field are shown
    assert "タブ2" in [t.value for t in tab2.get("text")]
    assert json.loads(DraftStore().get(params["draft"]).data)["theme"] == "タブ1"  # type: ignore[union-attr]
    tab2.button(key="mine.issue_sheet").click().run()
    assert json.loads(DraftStore().get(params["draft"]).data)["theme"] == "タブ2"  # type: ignore[union-attr]
    assert "あなたの入力で保存しました" in texts(tab2)


def test_two_tabs_editing_different_fields_keep_both_edits() -> None:
    """issue12 #8: tab 2's save must not erase tab 1's テーマ; only fields both changed conflict."""
    tab1 = open_page("issue_sheet")
    tab1.text_input(key=key("issue_sheet", "municipality")).input("〇〇市").run()
    params = url_params(tab1)
    tab2 = open_page("issue_sheet", params)
    tab1.text_input(key=key("issue_sheet", "theme")).input("タブ1のテーマ").run()
    tab2.text_area(key=key("issue_sheet", "ideal")).input("タブ2のありたい姿").run()
    assert "別のタブまたは別の端末で更新されています" not in texts(tab2)
    stored = json.loads(DraftStore().get(params["draft"]).data)  # type: ignore[union-attr]
    assert stored["theme"] == "タブ1のテーマ"
    assert stored["ideal"] == "タブ2のありたい姿"
    assert stored["municipality"] == "〇〇市"
    assert tab2.text_input(key=key("issue_sheet", "theme")).value == "タブ1のテーマ"  # tab 2 now shows tab 1's edit
    tab2.text_input(key=key("issue_sheet", "theme")).input("タブ2のテーマ").run()  # and goes on from the merged version
    stored = json.loads(DraftStore().get(params["draft"]).data)  # type: ignore[union-attr]
    assert (stored["theme"], stored["ideal"]) == ("タブ2のテーマ", "タブ2のありたい姿")


def test_excel_download_content_matches_the_sheet() -> None:
    at = open_page("issue_sheet")
    at.text_input(key=key("issue_sheet", "theme")).input("=1+1").run()
    doc = load_sample("issue_sheet_kasumigaura.json")
    wb = load_workbook(io.BytesIO(xlsx_format.export(doc)))
    assert wb.sheetnames[0] == "課題整理シート1／2"


def _rows(db: object) -> int:
    import sqlite3

    with sqlite3.connect(str(db)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0])


def test_visiting_every_page_creates_no_draft() -> None:
    """issue12 Low / issue13 #15: anonymous loads stored a 「（無題）」 draft per visit."""
    ws = "visitor-workspace-0001"
    for page in PAGES:
        open_page(page, {"ws": ws})
    assert _rows(os.environ["WORKSHEETS_DB"]) == 0


def test_recent_drafts_list_the_draft_right_after_the_first_edit() -> None:
    at = open_page("issue_sheet")
    assert "まだありません。" in [c.value for c in at.sidebar.caption]
    at.text_input(key=key("issue_sheet", "theme")).input("最初の入力").run()
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert any("最初の入力" in label for label in labels), labels
    assert "まだありません。" not in [c.value for c in at.sidebar.caption]
    assert at.text_input(key=key("issue_sheet", "theme")).value == "最初の入力"


def test_a_long_list_field_holds_its_full_limit_and_an_over_long_paste_is_refused() -> None:
    """issue13 #2: ⑥強み was capped at 50 characters in total (LIST_MAX items passed as max_chars)."""
    at = open_page("issue_sheet")
    path = "issues.0.strengths"
    assert at.text_area(key=key("issue_sheet", path)).proto.max_chars == 0  # no silent browser cap
    long_text = "地域の医療機関と歯科医師会との長年の連携実績があり、健診結果の共有や受診勧奨の仕組みを持っている（69字）"
    at.text_area(key=key("issue_sheet", path)).input(long_text + "\n広報").run()
    stored = json.loads(DraftStore().get(url_params(at)["draft"]).data)  # type: ignore[union-attr]
    assert stored["issues"][0]["strengths"] == [long_text, "広報"]

    too_many = "\n".join(f"項目{i}" for i in range(60))
    at.text_area(key=key("issue_sheet", path)).input(too_many).run()
    assert "50行まで" in texts(at)
    assert "入力は画面に残っています" in texts(at)
    assert at.text_area(key=key("issue_sheet", path)).value == too_many  # not dropped
    stored = json.loads(DraftStore().get(url_params(at)["draft"]).data)  # type: ignore[union-attr]
    assert stored["issues"][0]["strengths"] == [long_text, "広報"]  # the last good value stays saved


def test_a_failing_store_shows_japanese_next_to_the_field_and_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """issue12 #3: a read-only store gave Streamlit's English error page and a stale 保存済み."""
    import sqlite3

    at = open_page("issue_sheet")
    at.text_input(key=key("issue_sheet", "theme")).input("保存できる").run()
    draft_id = url_params(at)["draft"]
    real_save = DraftStore.save

    def broken(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(DraftStore, "save", broken)
    at.text_area(key=key("issue_sheet", "ideal")).input("書けないときの入力").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "保存できませんでした（入力は画面に残っています）" in errors
    assert not any("自動保存済み" in c.value for c in at.caption)
    assert at.text_area(key=key("issue_sheet", "ideal")).value == "書けないときの入力"

    monkeypatch.setattr(DraftStore, "save", real_save)
    at.text_input(key=key("issue_sheet", "theme")).input("直った").run()  # the next edit retries the whole sheet
    assert "保存できませんでした（入力は画面に残っています）" not in [e.value for e in at.error]
    assert any("自動保存済み" in c.value for c in at.caption)
    stored = json.loads(DraftStore().get(draft_id).data)  # type: ignore[union-attr]
    assert (stored["theme"], stored["ideal"]) == ("直った", "書けないときの入力")


def test_a_corrupted_database_gives_a_japanese_page_and_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    from pathlib import Path

    Path(os.environ["WORKSHEETS_DB"]).write_bytes(b"this is not a database" * 100)
    at = open_page("issue_sheet")
    assert "下書きの保存先に接続できない" in texts(at)
    assert not at.text_input  # no form to type into and lose
    assert any("cannot be opened" in r.getMessage() for r in caplog.records)


def test_clear_cache_from_a_client_keeps_the_store() -> None:
    """issue12 Low: the store sat in st.cache_resource, which any client's clear_cache message empties."""
    import streamlit as st

    from components.state import store

    first = store()
    st.cache_resource.clear()
    assert store() is first


def test_page_scripts_hold_no_angle_brackets() -> None:
    """A tag-like "<word" inside the script (e.g. a comment naming a placeholder in angle brackets) made
    st.html drop the whole script: autosave would silently not run."""
    import re

    from components.autosave import _scripts

    assert not re.search(r"<[A-Za-z/!]", _scripts())


def test_a_malformed_workspace_id_is_replaced_visibly_and_then_kept() -> None:
    """issue13 #16: a page opened with a bad ?ws= came back with a new id without a word."""
    at = open_page("issue_sheet", {"ws": "short"})
    ws = url_params(at)["ws"]
    assert ws != "short"
    assert any("ワークスペース ID" in w.value for w in at.sidebar.warning)
    at.text_input(key=key("issue_sheet", "theme")).input("続ける").run()
    assert url_params(at)["ws"] == ws  # the same workspace from then on
    assert not at.sidebar.warning


def test_a_new_draft_that_cannot_be_stored_is_said_in_japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    at = open_page("issue_detail")
    at.text_input(key=key("issue_detail", "issue")).input("今の下書き").run()

    def broken(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(DraftStore, "create", broken)
    at.button(key="sample.issue_detail.issue_detail_fukuoka.json").click().run()
    assert not at.exception
    assert "新しい下書きを保存できませんでした" in texts(at)
    assert at.text_input(key=key("issue_detail", "issue")).value == "今の下書き"  # the open draft stays


def test_a_store_that_fails_in_the_workshop_lookup_gives_the_japanese_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The participant box (the first thing every page asks the store) met a failing store unguarded: Streamlit's
    English error instead of the Japanese 「下書きの保存先に接続できない」 page."""
    import sqlite3

    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from worksheets import workshop

    def down(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(workshop, "participant_workshop", down)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.switch_page(PAGES["issue_sheet"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "下書きの保存先に接続できない" in texts(at)
