"""The stored form of a draft: one writer (stored_data), its inverse, the list title, create and save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import load_sample
from worksheets.document import (
    Document,
    create_draft,
    document_from_draft,
    document_from_stored,
    draft_title,
    new_document,
    save_draft,
    sheet_data,
    stored_data,
)
from worksheets.errors import InputError
from worksheets.registry import SHEETS
from worksheets.sheets.discussion_paper import DiscussionPaper
from worksheets.sheets.lean_canvas import LeanCanvas
from worksheets.store import Conflict, DraftStore

SAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("data", "samples").glob("*.json"))


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "d.sqlite3")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_round_trips_through_the_stored_form(sample: Path) -> None:
    doc = load_sample(sample.name)
    text = stored_data(doc.sheet)
    assert json.loads(text) == sheet_data(doc.sheet) == doc.to_dict()["data"]  # the file's data is the stored data
    assert document_from_stored(doc.sheet_type, text) == doc


def test_every_registered_sheet_type_round_trips_its_default_sheet() -> None:
    for sheet_type in SHEETS:
        doc = new_document(sheet_type)
        assert document_from_stored(sheet_type, stored_data(doc.sheet)) == doc


def test_stored_json_keeps_japanese_as_text() -> None:
    text = stored_data(LeanCanvas(municipality="磐田市"))
    assert "磐田市" in text
    assert "\\u" not in text


def test_stored_data_that_no_longer_validates_is_an_input_error() -> None:
    with pytest.raises(InputError):
        document_from_stored("lean_canvas", json.dumps({"theme": ["一覧ではない"]}))


def test_draft_title_is_the_first_filled_one_line_field() -> None:
    assert draft_title(new_document("lean_canvas")) == ""
    canvas = LeanCanvas(problem="長い課題の説明", theme="  ", municipality="磐田市")
    assert draft_title(Document("lean_canvas", canvas)) == "磐田市"


def test_draft_title_of_a_paper_is_its_own_title_once_something_is_filled() -> None:
    assert draft_title(new_document("discussion_paper")) == ""  # the 〇〇 placeholder alone names nothing
    paper = DiscussionPaper(theme="健康アプリ")
    assert draft_title(Document("discussion_paper", paper)) == "〇〇市区町村における健康アプリについて"
    paper = DiscussionPaper(municipality="磐田市", theme="健康アプリ")
    assert draft_title(Document("discussion_paper", paper)) == "磐田市における健康アプリについて"


def test_create_and_save_write_the_stored_form_and_the_title(store: DraftStore) -> None:
    doc = Document("lean_canvas", LeanCanvas(theme="健康アプリ"))
    draft = create_draft(store, "ws-" + "a" * 20, doc)
    assert (draft.version, draft.title, draft.data) == (1, "健康アプリ", stored_data(doc.sheet))
    assert document_from_draft(draft) == doc

    edited = Document("lean_canvas", LeanCanvas(theme="健康アプリの普及"))
    saved = save_draft(store, draft.id, edited, expected_version=1)
    assert (saved.version, saved.title) == (2, "健康アプリの普及")
    again = store.get(draft.id)
    assert again is not None
    assert document_from_draft(again) == edited

    with pytest.raises(Conflict):  # another tab saved version 2 first
        save_draft(store, draft.id, doc, expected_version=1)
