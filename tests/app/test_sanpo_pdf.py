"""The 三方よしマップ page offers its PDF (issue 13 #9) and says its diagram is the app's own (issue 14 #8)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.app.helpers import key, open_page, texts
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets.reference import exit_for

EXIT = "② 自治体“を介して”広める（共同プロモーション等）"


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """The data callables of the page's deferred downloads, by file name (what a click would get)."""
    seen: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def record(self: MediaFileManager, data_callable: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        file_name = kwargs.get("file_name", args[2] if len(args) > 2 else None)
        seen[str(file_name)] = data_callable
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def test_map_page_offers_a_pdf_with_the_diagram_and_its_labels(deferred: dict[str, Callable[[], Any]]) -> None:
    at = open_page("sanpo_yoshi")
    at.text_input(key=key("sanpo_yoshi", "project")).input("見守りアプリの共同プロモーション").run()
    at.selectbox(key=key("sanpo_yoshi", "exit")).set_value(EXIT).run()
    at.text_area(key=key("sanpo_yoshi", "public_benefits")).input("自治体の負担を抑えて課題を解決").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "PDF（A4横・図と表）をダウンロード" in labels
    pdf_names = [name for name in deferred if name.endswith(".pdf")]
    assert pdf_names, deferred.keys()
    data = deferred[pdf_names[-1]]()
    assert data.startswith(b"%PDF")
    pages = [squash(p) for p in pages_text(data)]
    diagram = pages[0]
    for word in ("行政（自治体）よし", "民間（スタートアップ）よし", "社会（地域内の利害関係者）よし", "三方よし"):
        assert squash(word) in diagram, word
    exit_info = exit_for(EXIT)
    assert exit_info is not None
    for _source, _target, label, _basis in exit_info["flows"]:  # every arrow's label
        assert squash(label) in diagram, label
    assert squash("自治体の負担を抑えて課題を解決") in diagram
    assert squash("図は本アプリによる整理です") in diagram
    assert squash("見守りアプリの共同プロモーション") in "".join(pages)


def test_map_page_says_the_diagram_is_the_apps_own() -> None:
    at = open_page("sanpo_yoshi")
    assert "図は本アプリによる整理です" in texts(at)
