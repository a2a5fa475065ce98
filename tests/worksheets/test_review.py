"""Review links on both backends: one sheet, comments per field, answers, apply, revoke, isolation."""

from __future__ import annotations

import json

import pytest

from tests.worksheets.conftest import sheet_json as _data
from worksheets import history, review
from worksheets.errors import InputError
from worksheets.store import DraftStore, new_id

WS = "r" * 22


def test_comment_answer_apply_resolve_and_revoke(store: DraftStore) -> None:
    draft = store.create(WS, "issue_sheet", _data(theme="外国人市民への情報提供", municipality="〇〇市"), "t")
    link = review.create(store, draft.id)
    assert link.id != draft.id
    _, seen = review.open_review(store, link.id)
    assert seen.id == draft.id
    assert review.fields(seen)["theme"] == "テーマ"
    first = review.add_comment(
        store, link.id, "theme", "△△課 山田", "「市民」より「住民」では？", "外国人住民への情報提供"
    )
    review.add_comment(store, link.id, "municipality", "△△課 山田", "部署名も入れてください")
    assert review.open_counts(store, draft.id) == {"theme": (1, 1), "municipality": (1, 1)}
    assert review.answer(store, draft.id, first.id, "ありがとうございます。反映します。")
    saved = review.apply(store, draft.id, first.id, expected_version=1)
    assert saved.version == 2
    assert json.loads(saved.data)["theme"] == "外国人住民への情報提供"
    assert [v.version for v in history.versions(store, draft.id)] == [2, 1]  # a new version, nothing lost
    applied = review.comment(store, draft.id, first.id)
    assert applied is not None
    assert (applied.applied_version, applied.resolved, applied.answer) == (
        2,
        True,
        "ありがとうございます。反映します。",
    )
    assert review.open_counts(store, draft.id) == {"theme": (1, 0), "municipality": (1, 1)}
    # the reviewer sees the answers on their own link's comments
    assert [c.answer for c in review.review_comments(store, link.id)] == ["ありがとうございます。反映します。", ""]
    assert review.revoke(store, draft.id, link.id)
    with pytest.raises(review.ReviewClosed, match="無効にされました"):
        review.open_review(store, link.id)
    with pytest.raises(review.ReviewClosed):
        review.add_comment(store, link.id, "theme", "x", "y")
    with pytest.raises(review.ReviewClosed, match="見つかりません"):
        review.open_review(store, new_id())


def test_a_review_link_reads_its_sheet_and_no_other(store: DraftStore) -> None:
    mine = store.create(WS, "issue_sheet", _data(theme="見せるシート"), "見せる")
    other = store.create(WS, "lean_canvas", _data("lean_canvas", theme="同じワークスペースの別シート"), "別")
    stranger = store.create("s" * 22, "issue_sheet", _data(theme="他人のシート"), "他人")
    link = review.create(store, mine.id)
    other_link = review.create(store, other.id)
    _, seen = review.open_review(store, link.id)
    assert seen.id == mine.id
    assert "同じワークスペースの別シート" not in seen.data
    assert "他人のシート" not in seen.data
    # the draft ids themselves are not review links
    for draft_id in (mine.id, other.id, stranger.id):
        with pytest.raises(review.ReviewClosed):
            review.open_review(store, draft_id)
    # comments through one link never land on or show another draft's
    review.add_comment(store, other_link.id, "theme", "A", "別シートへのコメント")
    assert review.review_comments(store, link.id) == []
    assert review.comments(store, mine.id) == []
    # a path that is not a field of this sheet is refused
    with pytest.raises(InputError):
        review.add_comment(store, link.id, "no_such_field", "A", "x")
    # the author's actions need the draft: another draft id changes nothing
    [c] = review.comments(store, other.id)
    assert not review.resolve(store, mine.id, c.id)
    assert not review.revoke(store, mine.id, other_link.id)
    assert review.open_review(store, other_link.id)[1].id == other.id


def test_comment_text_is_capped_and_cleaned(store: DraftStore) -> None:
    draft = store.create(WS, "issue_sheet", _data(theme="t"), "t")
    link = review.create(store, draft.id)
    found = review.add_comment(
        store, link.id, "theme", "名" * 100 + "\x00\n改行", "本文\x1b[31m" + "あ" * 5000, "<b>提案</b>"
    )
    assert len(found.author) == review.NAME_MAX
    assert "\x00" not in found.author
    assert "\x1b" not in found.body
    assert len(found.body) == review.BODY_MAX
    assert found.suggestion == "<b>提案</b>"  # kept literally; pages show it as plain text
    with pytest.raises(InputError, match="お名前"):
        review.add_comment(store, link.id, "theme", "  ", "本文")
    with pytest.raises(InputError, match="コメントか提案"):
        review.add_comment(store, link.id, "theme", "名前", "   ")


def test_links_and_comments_go_with_the_draft(store: DraftStore) -> None:
    draft = store.create(WS, "issue_sheet", _data(theme="t"), "t")
    link = review.create(store, draft.id)
    review.add_comment(store, link.id, "theme", "A", "B")
    store.delete(draft.id)
    assert review.get(store, link.id) is None
    assert review.comments(store, draft.id) == []


def test_a_case_link_reads_the_sheets_of_its_case_and_nothing_else(store: DraftStore) -> None:
    from worksheets import cases

    case = cases.create(store, WS, "案件")
    inside = store.create(WS, "issue_sheet", _data(theme="案件のシート"), "in")
    outside = store.create(WS, "lean_canvas", _data("lean_canvas", theme="案件外のシート"), "out")
    cases.add_sheet(store, case, inside.id)
    link = review.create_for_case(store, case.id)
    opened = review.open_case_review(store, link.id)
    assert opened is not None
    assert [d.id for d in opened[1]] == [inside.id]
    review.add_case_comment(store, link.id, inside.id, "theme", "山田", "案件リンクから")
    assert [c.body for c in review.comments(store, inside.id)] == ["案件リンクから"]
    with pytest.raises(InputError):  # a draft outside the 案件, even of the same workspace
        review.add_case_comment(store, link.id, outside.id, "theme", "山田", "x")
    with pytest.raises(review.ReviewClosed):  # a 案件 link is not a sheet link, and vice versa
        review.open_review(store, link.id)
    assert review.open_case_review(store, review.create(store, inside.id).id) is None
    cases.remove_sheet(store, case, inside.id)  # taken out of the 案件: no longer readable through it
    opened = review.open_case_review(store, link.id)
    assert opened is not None
    assert opened[1] == []
    assert review.revoke_case_link(store, case.id, link.id)
    with pytest.raises(review.ReviewClosed, match="無効にされました"):
        review.open_case_review(store, link.id)


def test_counts_from_the_comments_read_match_the_stores_counts(store: DraftStore) -> None:
    # The sheet page reads the comments once and counts them (one query less on every page run)
    draft = store.create(WS, "issue_sheet", _data(theme="テーマ", municipality="〇〇市"), "t")
    link = review.create(store, draft.id)
    for path in ("theme", "theme", "municipality"):
        review.add_comment(store, link.id, path, "△△課 山田", f"{path}への意見")
    first = review.comments(store, draft.id)[0]
    review.resolve(store, draft.id, first.id)
    counted = review.count_by_path(review.comments(store, draft.id))
    assert counted == {"theme": (2, 1), "municipality": (1, 1)}
    assert counted == review.open_counts(store, draft.id)
    assert review.count_by_path([]) == {}
