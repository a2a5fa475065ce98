"""Which parts of the sheet page an edit reruns (components.reruns.parts_to_redraw).

Every part left out is one the browser keeps as it was: each case below is an edit after which that part
would show something stale if the decision were wrong, or a case that must fall back to the whole body.
"""

from __future__ import annotations

from typing import Any

import pytest

from components import reruns
from components.reruns import AFTER, DOWNLOADS, HISTORY, METER, REVIEWS, STATUS, Before, Page
from components.state import OpenSheet
from worksheets.document import Document
from worksheets.registry import SHEETS
from worksheets.spec import with_value
from worksheets.store import Draft

PLAIN = Page(after_form=False, history_shown=False, reviews_due=False)


def _open(sheet_type: str, **values: Any) -> OpenSheet:
    sheet = SHEETS[sheet_type].model()
    for path, value in values.items():
        sheet = with_value(sheet, path.replace("__", "."), value)
    return OpenSheet(sheet_type, "d1", 3, Document(sheet_type, sheet))


def _edit(cur: OpenSheet, path: str, value: Any, page: Page = PLAIN) -> list[str] | None:
    """What commit() does to the open sheet on a saved edit, then the decision."""
    before = Before.of(cur, path)
    cur.doc = Document(cur.sheet_type, with_value(cur.sheet, path, value))
    cur.version += 1
    return reruns.parts_to_redraw(cur, path, before, page)


def test_typing_on_in_a_filled_field_reruns_only_the_status_line() -> None:
    cur = _open("issue_sheet", ideal="誰もが歯の大切さを知っている")
    assert _edit(cur, "ideal", "誰もが歯の大切さを知っている状態") == [STATUS]


@pytest.mark.parametrize(("before", "after"), [("", "保育の場"), ("保育の場", ""), ("保育の場", "   ")])
def test_a_field_becoming_filled_or_empty_reruns_the_meter(before: str, after: str) -> None:
    cur = _open("issue_sheet", situation=before)
    assert _edit(cur, "situation", after) == [STATUS, METER]


def test_a_glossary_term_typed_or_removed_reruns_the_meter_with_the_jargon_check() -> None:
    cur = _open("issue_sheet", situation="住民の声を聞く")
    assert _edit(cur, "situation", "住民の声をパブコメで聞く") == [STATUS, METER]
    assert _edit(cur, "situation", "住民の声をパブコメで広く聞く") == [STATUS]  # the same term, still there
    assert _edit(cur, "situation", "住民の声を広く聞く") == [STATUS, METER]


def test_a_glossary_term_on_a_sheet_without_the_check_does_not_rerun_the_meter() -> None:
    assert not SHEETS["budget_prep"].jargon_check
    cur = _open("budget_prep", advantage="担当課と相談")
    assert _edit(cur, "advantage", "担当課とパブコメを相談") == [STATUS]


def test_a_new_title_reruns_the_download_buttons_their_file_names_follow_it() -> None:
    cur = _open("issue_sheet", theme="歯科健診")
    assert DOWNLOADS in (_edit(cur, "theme", "歯科健診の受診促進") or [])
    assert DOWNLOADS not in (_edit(cur, "person", "山田") or [])  # not the first one-line field: same names


def test_a_character_the_pdf_font_lacks_reruns_the_download_warnings() -> None:
    cur = _open("issue_sheet", situation="吉田さんの声")
    assert _edit(cur, "situation", "𠮷田さんの声") == [STATUS, DOWNLOADS]
    assert _edit(cur, "situation", "吉田さんの声") == [STATUS, DOWNLOADS]  # and the warning goes again


def test_sheets_with_their_own_pdf_show_no_font_warning_row() -> None:
    assert SHEETS["sanpo_yoshi"].pdf is not None
    cur = _open("sanpo_yoshi", society_roles="吉田さんの声")
    assert _edit(cur, "society_roles", "𠮷田さんの声") == [STATUS]


def test_the_page_parts_are_added_as_the_page_shows_them() -> None:
    cur = _open("issue_sheet", ideal="あ")
    page = Page(after_form=True, history_shown=True, reviews_due=True)
    assert _edit(cur, "ideal", "あい", page) == [STATUS, REVIEWS, AFTER, HISTORY]


def test_a_validation_message_appearing_or_going_reruns_the_whole_body() -> None:
    cur = _open("issue_sheet", ideal="あ")
    before = Before.of(cur, "ideal")
    cur.errors["ideal"] = "長すぎます"
    assert reruns.parts_to_redraw(cur, "ideal", before, PLAIN) is None
    before = Before.of(cur, "ideal")
    del cur.errors["ideal"]
    assert reruns.parts_to_redraw(cur, "ideal", before, PLAIN) is None


def test_a_failed_or_recovered_save_reruns_the_whole_body() -> None:
    cur = _open("issue_sheet", ideal="あ")
    before = Before.of(cur, "ideal")
    cur.unsaved = "ideal"
    assert reruns.parts_to_redraw(cur, "ideal", before, PLAIN) is None
    before = Before.of(cur, "situation")
    cur.unsaved = None  # the message under 【ありたい姿】 must go
    assert reruns.parts_to_redraw(cur, "situation", before, PLAIN) is None


def test_another_tabs_fields_merged_in_or_a_conflict_rerun_the_whole_body() -> None:
    cur = _open("issue_sheet", ideal="あ")
    before = Before.of(cur, "ideal")
    cur.merges += 1
    assert reruns.parts_to_redraw(cur, "ideal", before, PLAIN) is None
    cur = _open("issue_sheet", ideal="あ")
    before = Before.of(cur, "ideal")
    cur.conflict = Draft("d1", "w", "issue_sheet", "{}", "", 5, 0.0, 0.0)
    assert reruns.parts_to_redraw(cur, "ideal", before, PLAIN) is None


@pytest.mark.parametrize(
    ("sheet_type", "path", "value"),
    [
        ("issue_sheet", "years", 10),  # a number widget (clamped, formatted)
        ("budget_prep", "payment", None),  # a choice
        ("sanpo_yoshi", "public_resources", ["人材"]),  # a list with 図表30's suggestions (a multiselect)
        ("sanpo_yoshi", "stakeholders.0.name", "住民"),  # a one-line field with suggestions (a selectbox)
    ],
)
def test_widgets_other_than_plain_text_rerun_the_whole_body(sheet_type: str, path: str, value: Any) -> None:
    from worksheets.spec import entry

    cur = _open(sheet_type)
    spec = entry(cur.sheet, path).spec
    assert _edit(cur, path, spec.choices[-1] if value is None else value) is None


def test_a_group_item_field_is_decided_like_any_other() -> None:
    cur = _open("issue_sheet")
    assert _edit(cur, "issues.0.title", "保育の場が足りない") == [STATUS, METER]
    assert _edit(cur, "issues.0.title", "保育の場が足りない地域がある") == [STATUS]
