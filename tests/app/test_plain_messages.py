"""issue 12 #6: text that came from a file is shown as plain text in messages, never as Markdown.

A JSON key or sheet_type such as ``[link](http://…)``, ``:red[…]`` or ``![](http://…)`` used to become
a clickable link, red text, or an image fetched from another server.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.app.helpers import open_page, texts

EVIL = "http://evil.example/x.png"
PAYLOADS = {
    "data_key": {"schema_version": 1, "sheet_type": "issue_sheet", "data": {f"[クリック]({EVIL})": "x"}},
    "top_key": {"schema_version": 1, "sheet_type": "issue_sheet", "data": {}, f"![]({EVIL})": 1},
    "sheet_type": {"schema_version": 1, "sheet_type": f":red[赤字] ![]({EVIL}) [リンク]({EVIL})", "data": {}},
}
# Markdown (CommonMark + Streamlit's directives) needs one of these characters unescaped to make a link,
# an image, a colour (:red[…]), an icon (:material/…:), maths ($) or an autolink (http://).
ACTIVE = re.compile(r"(?<!\\)[\[\]()!:$<>*_`]")


@pytest.mark.parametrize("case", list(PAYLOADS))
def test_upload_error_shows_file_text_as_plain_text(case: str) -> None:
    at = open_page("issue_sheet")
    raw = json.dumps(PAYLOADS[case], ensure_ascii=False).encode()
    at.file_uploader[0].set_value(("evil.json", raw, "application/json")).run()
    at.button(key="import.issue_sheet").click().run()
    assert not at.exception
    bodies = [str(e.value) for e in at.error]
    assert bodies, "no error shown"
    for body in bodies:
        assert "http://" not in body  # an unescaped URL would autolink
        assert not ACTIVE.findall(body), body
    assert "evil.example" in texts(at)  # the user still sees what the file said, literally


@pytest.mark.parametrize("case", ["malformed_sheet_xml", "malformed_workbook_xml", "huge_comment_in_sheet"])
def test_broken_xlsx_upload_gets_the_japanese_message_not_a_crash(case: str) -> None:
    """issue 12 #4/#5: malformed XML replaced the page with Streamlit's English error; a giant comment hung it."""
    from tests.worksheets.formats.test_hostile import XLSX_CASES

    at = open_page("issue_sheet")
    at.file_uploader[0].set_value(("broken.xlsx", XLSX_CASES[case][0](), "application/octet-stream")).run()
    at.button(key="import.issue_sheet").click().run()
    assert not at.exception
    shown = texts(at)
    assert "読み込めませんでした（今のシートはそのままです）" in shown
    assert "壊れています" in shown or "複雑すぎます" in shown


def test_an_unexpected_reader_failure_is_still_a_japanese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from worksheets import formats

    def broken(name: str, data: bytes) -> None:
        raise KeyError("internal")

    monkeypatch.setattr(formats, "load", broken)
    at = open_page("issue_sheet")
    at.file_uploader[0].set_value(("x.json", b"{}", "application/json")).run()
    at.button(key="import.issue_sheet").click().run()
    assert not at.exception
    assert "予期しない問題" in texts(at)
