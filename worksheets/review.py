"""Review links: the counterpart reads one sheet and comments on its fields, without an account.

A review link is its own capability (a random id, not the draft's id): it grants reading exactly one
draft and adding comments to it, nothing else — never the edit link, other drafts of the workspace
or anything of another 案件. The author (who holds the draft's link) answers, resolves, applies a
suggested text as a new version, and revokes the link at any time. Comment text is untrusted:
lengths are capped here and the pages show it as plain text.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from worksheets.db import Tx
from worksheets.document import document_from_draft, stored_data
from worksheets.errors import InputError
from worksheets.history import flatten, label
from worksheets.spec import Kind, SheetModel, entry, with_value
from worksheets.text import split_lines

if TYPE_CHECKING:
    from worksheets.store import Draft, DraftStore

NAME_MAX = 40
BODY_MAX = 2000
SUGGESTION_MAX = 4000
ANSWER_MAX = 2000
COMMENTS_PER_LINK = 300  # a link cannot flood the author's page

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS reviews (
        id TEXT PRIMARY KEY,
        draft TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        revoked_at DOUBLE PRECISION NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX IF NOT EXISTS reviews_draft ON reviews (draft)",
    """CREATE TABLE IF NOT EXISTS comments (
        id TEXT PRIMARY KEY,
        review TEXT NOT NULL,
        draft TEXT NOT NULL,
        path TEXT NOT NULL,
        version INTEGER NOT NULL,
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        suggestion TEXT NOT NULL DEFAULT '',
        answer TEXT NOT NULL DEFAULT '',
        resolved_at DOUBLE PRECISION NOT NULL DEFAULT 0,
        applied_version INTEGER NOT NULL DEFAULT 0,
        created_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS comments_draft ON comments (draft, created_at)",
    # A link for a whole 案件 (its own table: no migration of existing stores).
    """CREATE TABLE IF NOT EXISTS case_reviews (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        revoked_at DOUBLE PRECISION NOT NULL DEFAULT 0
    )""",
)

REVOKED = "この確認用リンクは、作成者によって無効にされました。引き続き確認が必要な場合は、作成者に新しいリンクを依頼してください。"
UNKNOWN = "この確認用リンクは見つかりません。URL が正しいか、作成者に確かめてください（保存期間を過ぎたシートのリンクは使えません）。"


class ReviewClosed(InputError):
    """The link is unknown or revoked (the message says which, in Japanese)."""


@dataclass(frozen=True)
class Review:
    id: str
    draft: str
    created_at: float
    revoked_at: float

    @property
    def active(self) -> bool:
        return not self.revoked_at


@dataclass(frozen=True)
class Comment:
    id: str
    review: str
    draft: str
    path: str
    version: int
    author: str
    body: str
    suggestion: str
    answer: str
    resolved_at: float
    applied_version: int
    created_at: float

    @property
    def resolved(self) -> bool:
        return bool(self.resolved_at)


def purge(db: Tx, draft_id: str | None = None) -> None:
    """Links and comments go with their draft."""
    if draft_id is not None:
        db.execute("DELETE FROM reviews WHERE draft = ?", (draft_id,))
        db.execute("DELETE FROM comments WHERE draft = ?", (draft_id,))
    else:
        db.execute("DELETE FROM reviews WHERE draft NOT IN (SELECT id FROM drafts)")
        db.execute("DELETE FROM comments WHERE draft NOT IN (SELECT id FROM drafts)")


def clean(text: object, limit: int, *, one_line: bool = False) -> str:
    """Untrusted text: control characters removed (line breaks kept unless ``one_line``), capped."""
    value = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(c for c in value if c == "\n" or unicodedata.category(c)[0] != "C")
    if one_line:
        kept = " ".join(kept.split())
    return kept.strip()[:limit]


# -- the author's side (holds the draft id) ---------------------------------------------------


def create(store: DraftStore, draft_id: str) -> Review:
    from worksheets.store import new_id

    if store.get(draft_id) is None:
        raise KeyError(draft_id)
    review = Review(new_id(), draft_id, time.time(), 0)
    with store.db.tx() as db:
        db.execute(
            "INSERT INTO reviews (id, draft, created_at, revoked_at) VALUES (?,?,?,?)",
            (review.id, draft_id, review.created_at, 0),
        )
    return review


def links(store: DraftStore, draft_id: str) -> list[Review]:
    return [
        Review(**r) for r in store.db.read("SELECT * FROM reviews WHERE draft = ? ORDER BY created_at", (draft_id,))
    ]


def revoke(store: DraftStore, draft_id: str, review_id: str) -> bool:
    with store.db.tx() as db:
        n = db.execute(
            "UPDATE reviews SET revoked_at = ? WHERE id = ? AND draft = ? AND revoked_at = 0",
            (time.time(), review_id, draft_id),
        )
        return bool(n.rowcount)


def comments(store: DraftStore, draft_id: str) -> list[Comment]:
    rows = store.db.read("SELECT * FROM comments WHERE draft = ? ORDER BY created_at", (draft_id,))
    return [Comment(**r) for r in rows]


def open_counts(store: DraftStore, draft_id: str) -> dict[str, tuple[int, int]]:
    """Per field path: (all comments, unresolved ones)."""
    return count_by_path(comments(store, draft_id))


def count_by_path(found: Iterable[Comment]) -> dict[str, tuple[int, int]]:
    """Per field path of these comments: (all, unresolved). (A page that shows the comments counts
    them from the same read: one query less on every page run.)"""
    counts: dict[str, tuple[int, int]] = {}
    for c in found:
        n, unresolved = counts.get(c.path, (0, 0))
        counts[c.path] = (n + 1, unresolved + (not c.resolved))
    return counts


def answer(store: DraftStore, draft_id: str, comment_id: str, text: str) -> bool:
    with store.db.tx() as db:
        n = db.execute(
            "UPDATE comments SET answer = ? WHERE id = ? AND draft = ?", (clean(text, ANSWER_MAX), comment_id, draft_id)
        )
        return bool(n.rowcount)


def resolve(store: DraftStore, draft_id: str, comment_id: str, resolved: bool = True) -> bool:
    with store.db.tx() as db:
        n = db.execute(
            "UPDATE comments SET resolved_at = ? WHERE id = ? AND draft = ?",
            (time.time() if resolved else 0, comment_id, draft_id),
        )
        return bool(n.rowcount)


def comment(store: DraftStore, draft_id: str, comment_id: str) -> Comment | None:
    rows = store.db.read("SELECT * FROM comments WHERE id = ? AND draft = ?", (comment_id, draft_id))
    return Comment(**rows[0]) if rows else None


def with_suggestion(sheet: SheetModel, found: Comment) -> SheetModel:
    """The sheet with the comment's suggested text in its field (validated like typed input)."""
    kind = entry(sheet, found.path).spec.kind
    value: Any = split_lines(found.suggestion) if kind is Kind.LINES else found.suggestion
    if kind.is_number or kind in (Kind.DATE, Kind.CHOICE):
        raise InputError("この項目には提案の文章をそのまま反映できません。内容を見て手で入力してください。")
    try:
        return with_value(sheet, found.path, value)
    except ValidationError:
        raise InputError("提案の文章がこの項目の形式（文字数や行数）に合わないため、反映できません。") from None


def mark_applied(store: DraftStore, draft_id: str, comment_id: str, version: int) -> None:
    with store.db.tx() as db:
        db.execute(
            "UPDATE comments SET applied_version = ?, resolved_at = ? WHERE id = ? AND draft = ?",
            (version, time.time(), comment_id, draft_id),
        )


def apply(store: DraftStore, draft_id: str, comment_id: str, expected_version: int) -> Draft:
    """Apply a suggested text as a new version of the draft and mark the comment resolved."""
    draft = store.get(draft_id)
    found = comment(store, draft_id, comment_id)
    if draft is None or found is None or not found.suggestion:
        raise KeyError(comment_id)
    new = with_suggestion(document_from_draft(draft).sheet, found)
    saved = store.save(draft_id, stored_data(new), draft.title, expected_version)
    mark_applied(store, draft_id, comment_id, saved.version)
    return saved


# -- the reviewer's side (holds only the review id) -------------------------------------------


def get(store: DraftStore, review_id: str) -> Review | None:
    from worksheets.store import is_valid_id

    if not is_valid_id(review_id):
        return None
    rows = store.db.read("SELECT * FROM reviews WHERE id = ?", (review_id,))
    return Review(**rows[0]) if rows else None


def open_review(store: DraftStore, review_id: str) -> tuple[Review, Draft]:
    """The link and the one draft it grants; :class:`ReviewClosed` when unknown or revoked."""
    review = get(store, review_id)
    if review is None:
        raise ReviewClosed(UNKNOWN)
    if not review.active:
        raise ReviewClosed(REVOKED)
    draft = store.get(review.draft)
    if draft is None:
        raise ReviewClosed(UNKNOWN)
    return review, draft


def fields(draft: Draft) -> dict[str, str]:
    """The draft's commentable fields: {path: label}, in the sheet's order."""
    return {p: label(draft.sheet_type, p) for p in flatten(json.loads(draft.data))}


def add_comment(store: DraftStore, review_id: str, path: str, author: str, body: str, suggestion: str = "") -> Comment:
    review, draft = open_review(store, review_id)
    return _insert_comment(store, review.id, draft, path, author, body, suggestion)


def _insert_comment(
    store: DraftStore, link_id: str, draft: Draft, path: str, author: str, body: str, suggestion: str
) -> Comment:
    from worksheets.store import new_id

    if path not in fields(draft):
        raise InputError("コメントする項目を選んでください。")
    name, text = clean(author, NAME_MAX, one_line=True), clean(body, BODY_MAX)
    proposal = clean(suggestion, SUGGESTION_MAX)
    if not name:
        raise InputError("お名前（所属）を入力してください。")
    if not text and not proposal:
        raise InputError("コメントか提案する文章を入力してください。")
    count = store.db.read("SELECT COUNT(*) AS n FROM comments WHERE review = ?", (link_id,))[0]["n"]
    if int(count) >= COMMENTS_PER_LINK:
        raise InputError(f"このリンクからのコメントは{COMMENTS_PER_LINK}件までです。作成者に連絡してください。")
    found = Comment(new_id(), link_id, draft.id, path, draft.version, name, text, proposal, "", 0, 0, time.time())
    with store.db.tx() as db:
        db.execute(
            "INSERT INTO comments (id, review, draft, path, version, author, body, suggestion, answer, resolved_at,"
            " applied_version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                found.id,
                found.review,
                found.draft,
                found.path,
                found.version,
                found.author,
                found.body,
                found.suggestion,
                "",
                0,
                0,
                found.created_at,
            ),
        )
    return found


def review_comments(store: DraftStore, review_id: str) -> list[Comment]:
    """What the reviewer sees: the comments of this link only (with the author's answers)."""
    review, _ = open_review(store, review_id)
    rows = store.db.read("SELECT * FROM comments WHERE review = ? ORDER BY created_at", (review.id,))
    return [Comment(**r) for r in rows]


# -- a review link for a whole 案件 -------------------------------------------------------------


def create_for_case(store: DraftStore, case_id: str) -> Review:
    """A link that reads every sheet of one 案件 (as it is when opened) and comments on them."""
    from worksheets.store import new_id

    link = Review(new_id(), case_id, time.time(), 0)  # ``draft`` holds the 案件 id here
    with store.db.tx() as db:
        db.execute(
            "INSERT INTO case_reviews (id, case_id, created_at, revoked_at) VALUES (?,?,?,?)",
            (link.id, case_id, link.created_at, 0),
        )
    return link


def case_links(store: DraftStore, case_id: str) -> list[Review]:
    rows = store.db.read(
        "SELECT id, case_id AS draft, created_at, revoked_at FROM case_reviews WHERE case_id = ? ORDER BY created_at",
        (case_id,),
    )
    return [Review(**r) for r in rows]


def revoke_case_link(store: DraftStore, case_id: str, review_id: str) -> bool:
    with store.db.tx() as db:
        n = db.execute(
            "UPDATE case_reviews SET revoked_at = ? WHERE id = ? AND case_id = ? AND revoked_at = 0",
            (time.time(), review_id, case_id),
        )
        return bool(n.rowcount)


def open_case_review(store: DraftStore, review_id: str) -> tuple[Review, list[Draft]] | None:
    """A 案件 link and the sheets it grants now (None when the id is not a 案件 link)."""
    from worksheets.store import Draft, is_valid_id

    if not is_valid_id(review_id):
        return None
    rows = store.db.read(
        "SELECT id, case_id AS draft, created_at, revoked_at FROM case_reviews WHERE id = ?", (review_id,)
    )
    if not rows:
        return None
    link = Review(**rows[0])
    if not link.active:
        raise ReviewClosed(REVOKED)
    drafts = store.db.read(
        "SELECT d.* FROM drafts d JOIN case_sheets c ON c.draft = d.id WHERE c.case_id = ? ORDER BY d.created_at",
        (link.draft,),
    )
    return link, [Draft(**r) for r in drafts]


def add_case_comment(
    store: DraftStore, review_id: str, draft_id: str, path: str, author: str, body: str, suggestion: str = ""
) -> Comment:
    """A comment through a 案件 link on one of the 案件's sheets (any other draft is refused)."""
    opened = open_case_review(store, review_id)
    if opened is None:
        raise ReviewClosed(UNKNOWN)
    link, drafts = opened
    draft = next((d for d in drafts if d.id == draft_id), None)
    if draft is None:
        raise InputError("コメントするシートを選んでください。")
    return _insert_comment(store, link.id, draft, path, author, body, suggestion)
