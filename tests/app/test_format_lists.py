"""issue 15: the page's download row and uploader list the formats the format modules declare."""

from __future__ import annotations

import dataclasses

import pytest

from tests.app.helpers import open_page
from worksheets import formats


def test_uploader_and_downloads_follow_the_format_modules() -> None:
    at = open_page("issue_sheet")
    assert list(at.file_uploader[0].proto.type) == list(formats.READABLE)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == ["JSONをダウンロード", "Excelをダウンロード", "PDF（A4横）をダウンロード"]


def test_changing_a_module_declaration_changes_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """One place to change: a format that is no longer readable leaves the uploader, a new title the button."""
    changed = {"xlsx_format": {"readable": False}, "pdf_format": {"title": "ピーディーエフ"}}
    infos = tuple(dataclasses.replace(i, **changed.get(i.module, {})) for i in formats.INFOS)
    monkeypatch.setattr(formats, "INFOS", infos)
    at = open_page("issue_sheet")
    assert list(at.file_uploader[0].proto.type) == [".json"]
    assert at.file_uploader[0].proto.label.startswith("保存した JSON を読み込む")
    assert "ピーディーエフ（A4横）をダウンロード" in [b.proto.label for b in at.get("download_button")]
