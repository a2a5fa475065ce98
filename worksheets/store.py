"""The draft store: every committed change of every sheet, durable across restarts.

SQLite in WAL mode with short transactions. A draft has an opaque random id (the capability:
whoever has the URL can open it), its sheet type, the JSON of the model, times and a version
counter. Saving names the version the edit started from; if someone else saved in between, the
save is refused with :class:`Conflict` instead of silently overwriting.

Drafts are grouped by a *workspace* id (also random, also in the URL), which is what
「最近の下書き」 lists: a user sees the drafts of their own workspace link, never everyone's.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "runtime" / "drafts.sqlite3"
ENV_PATH = "WORKSHEETS_DB"
ENV_RETENTION = "WORKSHEETS_RETENTION_DAYS"
MIN_RETENTION_DAYS = 30
DEFAULT_RETENTION_DAYS = 90

_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    sheet_type TEXT NOT NULL,
    data TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_workspace ON drafts (workspace, updated_at);
CREATE INDEX IF NOT EXISTS drafts_updated ON drafts (updated_at);
CREATE TABLE IF NOT EXISTS links (
    target TEXT NOT NULL,
    source TEXT NOT NULL,
    carry TEXT NOT NULL,
    source_version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    PRIMARY KEY (target, carry)
);
"""


class Conflict(Exception):
    """The draft changed since this edit started (another tab or device saved it)."""

    def __init__(self, current: Draft) -> None:
        super().__init__(f"draft {current.id} is at version {current.version}")
        self.current = current


@dataclass(frozen=True)
class Draft:
    id: str
    workspace: str
    sheet_type: str
    data: str  # JSON of the model
    title: str
    version: int
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Link:
    target: str
    source: str
    carry: str
    source_version: int
    snapshot: str  # JSON of the values carried over at that version


def new_id() -> str:
    return secrets.token_urlsafe(16)


def is_valid_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def configured_path() -> Path:
    """``$WORKSHEETS_DB``, or ``data/runtime/drafts.sqlite3`` beside the app."""
    return Path(os.environ.get(ENV_PATH) or DEFAULT_PATH)


def retention_days() -> int:
    try:
        days = int(os.environ.get(ENV_RETENTION, DEFAULT_RETENTION_DAYS))
    except ValueError:
        days = DEFAULT_RETENTION_DAYS
    return max(days, MIN_RETENTION_DAYS)


class DraftStore:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else configured_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._conn().executescript(_SCHEMA)
        self.purge()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def create(self, workspace: str, sheet_type: str, data: str, title: str = "") -> Draft:
        now = time.time()
        draft = Draft(new_id(), workspace, sheet_type, data, title, 1, now, now)
        with self._tx() as db:
            db.execute(
                "INSERT INTO drafts VALUES (?,?,?,?,?,?,?,?)",
                (draft.id, workspace, sheet_type, data, title, 1, now, now),
            )
        return draft

    def get(self, draft_id: str) -> Draft | None:
        if not is_valid_id(draft_id):
            return None
        row = self._conn().execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return Draft(**dict(row)) if row else None

    def save(self, draft_id: str, data: str, title: str, expected_version: int, *, force: bool = False) -> Draft:
        """Store new content; raises :class:`Conflict` if the stored version moved on."""
        now = time.time()
        with self._tx() as db:
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise KeyError(draft_id)
            current = Draft(**dict(row))
            if current.version != expected_version and not force:
                raise Conflict(current)
            version = current.version + 1
            db.execute(
                "UPDATE drafts SET data = ?, title = ?, version = ?, updated_at = ? WHERE id = ?",
                (data, title, version, now, draft_id),
            )
        return Draft(draft_id, current.workspace, current.sheet_type, data, title, version, current.created_at, now)

    def recent(self, workspace: str, sheet_type: str | None = None, limit: int = 20) -> list[Draft]:
        sql = "SELECT * FROM drafts WHERE workspace = ?"
        args: list[object] = [workspace]
        if sheet_type is not None:
            sql += " AND sheet_type = ?"
            args.append(sheet_type)
        rows = self._conn().execute(sql + " ORDER BY updated_at DESC LIMIT ?", (*args, limit)).fetchall()
        return [Draft(**dict(r)) for r in rows]

    def link(self, target: str, source: str, carry: str, source_version: int, snapshot: str) -> None:
        """Remember that ``target`` took values from ``source`` (one link per kind of carry-over)."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO links VALUES (?,?,?,?,?)", (target, source, carry, source_version, snapshot)
            )

    def links(self, target: str) -> list[Link]:
        rows = self._conn().execute("SELECT * FROM links WHERE target = ? ORDER BY carry", (target,)).fetchall()
        return [Link(**dict(r)) for r in rows]

    def delete(self, draft_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            db.execute("DELETE FROM links WHERE target = ? OR source = ?", (draft_id, draft_id))

    def purge(self, now: float | None = None) -> int:
        """Delete drafts untouched for longer than the retention period (never under 30 days)."""
        cutoff = (now or time.time()) - retention_days() * 86400
        with self._tx() as db:
            n = db.execute("DELETE FROM drafts WHERE updated_at < ?", (cutoff,)).rowcount
            db.execute("DELETE FROM links WHERE target NOT IN (SELECT id FROM drafts)")
            return int(n)
