"""Canvas and paper: JSON and Excel round trips with generated Japanese text."""

from __future__ import annotations

from hypothesis import given, settings

from tests.worksheets.formats.strategies import discussion_papers, lean_canvases
from worksheets.document import Document
from worksheets.formats import json_format, xlsx_format
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.lean_canvas import LeanCanvas


@settings(max_examples=30, deadline=None)
@given(lean_canvases)
def test_lean_canvas_round_trips(sheet: LeanCanvas) -> None:
    doc = Document("lean_canvas", sheet)
    assert json_format.import_(json_format.export(doc)) == doc
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc


@settings(max_examples=30, deadline=None)
@given(discussion_papers)
def test_discussion_paper_round_trips(sheet: DiscussionPaper) -> None:
    doc = Document("discussion_paper", sheet)
    assert json_format.import_(json_format.export(doc)) == doc
    assert xlsx_format.import_(xlsx_format.export(doc)) == doc
