from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from tests.worksheets.formats.strategies import issue_details, issue_sheets
from worksheets import formats
from worksheets.document import Document
from worksheets.errors import InputError
from worksheets.formats import json_format
from worksheets.formats.limits import MAX_UPLOAD_BYTES
from worksheets.sheets.issue_detail import IssueDetail
from worksheets.sheets.issue_sheet import IssueSheet


@settings(max_examples=60, deadline=None)
@given(issue_sheets)
def test_issue_sheet_round_trips(sheet: IssueSheet) -> None:
    doc = Document("issue_sheet", sheet)
    assert json_format.import_(json_format.export(doc)) == doc


@settings(max_examples=30, deadline=None)
@given(issue_details)
def test_issue_detail_round_trips(sheet: IssueDetail) -> None:
    doc = Document("issue_detail", sheet)
    assert json_format.import_(json_format.export(doc)) == doc


def test_export_carries_version_and_sheet_type_and_readable_japanese(fukuoka: Document) -> None:
    raw = json_format.export(fukuoka)
    obj = json.loads(raw)
    assert obj["schema_version"] == 1
    assert obj["sheet_type"] == "issue_detail"
    assert "福岡市" in raw.decode("utf-8")


def _envelope(**data: object) -> dict[str, object]:
    return {"schema_version": 1, "sheet_type": "issue_sheet", "data": data}


def test_utf8_bom_is_accepted() -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(_envelope(theme="テーマ"), ensure_ascii=False).encode()
    assert json_format.import_(raw).sheet.theme == "テーマ"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (json.dumps(_envelope(theme="市"), ensure_ascii=False).encode("cp932"), "Shift_JIS"),
        (b'{"schema_version": 1, "schema_version": 1, "sheet_type": "issue_sheet", "data": {}}', "2回"),
        (json.dumps({"schema_version": 9, "sheet_type": "issue_sheet", "data": {}}).encode(), "schema_version 9"),
        (json.dumps({"schema_version": 1, "sheet_type": "canvas", "data": {}}).encode(), "不明"),
        (json.dumps({**_envelope(), "extra": 1}).encode(), "様式にない"),
        (json.dumps(_envelope(owner="x")).encode(), "様式にありません"),
        (b'{"schema_version": 1, "sheet_type": "issue_sheet", "data": {"years": NaN}}', "NaN"),
        (b'{"schema_version": 1, "sheet_type": "issue_sheet", "data": {"theme": "\\ud800"}}', "サロゲート"),
        (b"[" * 100_000 + b"]" * 100_000, "入れ子"),
        (b'{"schema_version": 1,', "書き方に誤り"),
        (json.dumps(_envelope(ideal="あ" * 6000), ensure_ascii=False).encode(), "文字数が多すぎます"),
        (json.dumps(_envelope(issues=[{}] * 100_000)).encode(), "項目が多すぎます"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "画像"),
        (b"", "空"),
    ],
)
def test_bad_json_gets_a_japanese_message(raw: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        formats.load("upload.json", raw)


def test_size_limit_is_checked_in_code() -> None:
    raw = json.dumps(_envelope(ideal="a" * (MAX_UPLOAD_BYTES + 10))).encode()
    with pytest.raises(InputError, match="大きすぎます"):
        formats.load("big.json", raw)


def test_errors_name_the_field_in_the_guides_words() -> None:
    raw = json.dumps(_envelope(issues=[{"shortage": 5}])).encode()
    with pytest.raises(InputError, match="課題1 ⑤不足"):
        formats.load("x.json", raw)


def test_wrong_extension_is_refused() -> None:
    with pytest.raises(InputError, match=r"\.json と \.xlsx"):
        formats.load("x.csv", b"a,b")


@pytest.mark.parametrize("version", ['"1"', "1.0", '"one"'])
def test_schema_version_as_text_says_it_must_be_a_number(version: str) -> None:
    """issue 12 (low): 「"1"」 was reported as missing."""
    raw = f'{{"schema_version": {version}, "sheet_type": "issue_sheet", "data": {{}}}}'.encode()
    with pytest.raises(InputError, match="数値") as err:
        json_format.import_(raw)
    assert "がありません" not in str(err.value)


def test_missing_schema_version_is_still_reported_as_missing() -> None:
    with pytest.raises(InputError, match="ありません"):
        json_format.import_(b'{"sheet_type": "issue_sheet", "data": {}}')


def test_japanese_is_written_literally_as_utf8() -> None:
    """issue 13 #18: a file opened in a text editor is readable (no \\u escapes)."""
    doc = Document("issue_detail", IssueDetail(issue="外出困難な高齢者", reference="①髙𠮷"))
    raw = json_format.export(doc)
    assert "外出困難な高齢者".encode() in raw
    assert "①髙𠮷".encode() in raw
    assert b"\\u" not in raw
    raw.decode("utf-8", errors="strict")
