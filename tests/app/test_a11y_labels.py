"""issue 16 #4: a table row's cells (label hidden, the column header says it) are named with their row and
column, e.g. 「マイルストーン1：日付」, so a screen reader (and a phone, where the headers stack away) says where
each box sits; the 三方よし diagram carries alt text and its content in words."""

from __future__ import annotations

from tests.app.helpers import key, open_page


def test_table_cells_are_named_with_their_row_and_column() -> None:
    at = open_page("timeline_plan")
    assert not at.exception
    assert at.text_input(key=key("timeline_plan", "milestones.0.label")).label == "マイルストーン1：内容"
    assert at.date_input(key=key("timeline_plan", "milestones.1.day")).label == "マイルストーン2：日付"
    paper = open_page("discussion_paper")
    names = [s.label for s in paper.selectbox if s.key and ".schedule." in s.key]
    assert names[:2] == ["実施事項A：開始", "実施事項A：終了"], names


def test_the_diagram_has_alt_text_and_a_text_equivalent() -> None:
    at = open_page("sanpo_yoshi")
    images = at.get("image")
    assert images
    assert "三方よしの図" in str(images[0].proto)
    assert any(e.label == "図の内容（テキスト）" for e in at.expander)
