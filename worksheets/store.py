"""The draft store: every committed change of every sheet, durable across restarts.

An embedded SQLite file (WAL mode, short transactions) by default, or a PostgreSQL server given
by URL when several app servers must share one store (see :mod:`worksheets.db`). A draft has an opaque random id (the capability:
whoever has the URL can open it), its sheet type, the JSON of the model, times and a version
counter. Saving names the version the edit started from; if someone else saved in between, the
save is refused with :class:`Conflict` instead of silently overwriting.

Drafts are grouped by a *workspace* id (also random, also in the URL), which is what
「最近の下書き」 lists: a user sees the drafts of their own workspace link, never everyone's.
A workshop participant's workspace id is their participant id, so a facilitator finds every
participant's drafts through the workshop without participants seeing each other's.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from worksheets import cases, history, review, throttle
from worksheets.db import Database, connect, is_postgres_url

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "runtime" / "drafts.sqlite3"
ENV_PATH = "WORKSHEETS_DB"
ENV_RETENTION = "WORKSHEETS_RETENTION_DAYS"
MIN_RETENTION_DAYS = 30
DEFAULT_RETENTION_DAYS = 90

_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS drafts (
        id TEXT PRIMARY KEY,
        workspace TEXT NOT NULL,
        sheet_type TEXT NOT NULL,
        data TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS drafts_workspace ON drafts (workspace, updated_at)",
    "CREATE INDEX IF NOT EXISTS drafts_updated ON drafts (updated_at)",
    """CREATE TABLE IF NOT EXISTS links (
        target TEXT NOT NULL,
        source TEXT NOT NULL,
        carry TEXT NOT NULL,
        source_version INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        PRIMARY KEY (target, carry)
    )""",
    """CREATE TABLE IF NOT EXISTS workshops (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        held_on TEXT NOT NULL,
        sheets TEXT NOT NULL,
        teams TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        timer_label TEXT NOT NULL DEFAULT '',
        timer_end DOUBLE PRECISION NOT NULL DEFAULT 0,
        created_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS participants (
        id TEXT PRIMARY KEY,
        workshop TEXT NOT NULL,
        name TEXT NOT NULL,
        team TEXT NOT NULL,
        joined_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS participants_workshop ON participants (workshop)",
    # A workshop listed here has closed joining (a separate table: no migration of existing stores).
    "CREATE TABLE IF NOT EXISTS workshop_closed (workshop TEXT PRIMARY KEY, closed_at DOUBLE PRECISION NOT NULL)",
)


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


def configured_location() -> str:
    """``$WORKSHEETS_DB`` (a file path or a ``postgresql://`` URL), or ``data/runtime/drafts.sqlite3``."""
    return os.environ.get(ENV_PATH) or str(DEFAULT_PATH)


def retention_days() -> int:
    try:
        days = int(os.environ.get(ENV_RETENTION, DEFAULT_RETENTION_DAYS))
    except ValueError:
        days = DEFAULT_RETENTION_DAYS
    return max(days, MIN_RETENTION_DAYS)


@dataclass(frozen=True)
class WorkshopRow:
    id: str
    code: str
    name: str
    held_on: str
    sheets: str  # JSON list of sheet types
    teams: str  # JSON list of team names
    key_hash: str
    timer_label: str
    timer_end: float
    created_at: float


@dataclass(frozen=True)
class Participant:
    id: str  # also the participant's workspace id: the capability in their link
    workshop: str
    name: str
    team: str
    joined_at: float


class DraftStore:
    def __init__(self, location: str | Path | None = None) -> None:
        self.location = str(location) if location else configured_location()
        self.path = None if is_postgres_url(self.location) else Path(self.location)
        self.db: Database = connect(self.location)
        self.db.schema(_SCHEMA + history.SCHEMA + review.SCHEMA + cases.SCHEMA + throttle.SCHEMA)
        self.purge()

    def create(self, workspace: str, sheet_type: str, data: str, title: str = "") -> Draft:
        now = time.time()
        draft = Draft(new_id(), workspace, sheet_type, data, title, 1, now, now)
        with self.db.tx() as db:
            db.execute(
                "INSERT INTO drafts (id, workspace, sheet_type, data, title, version, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (draft.id, workspace, sheet_type, data, title, 1, now, now),
            )
            history.record(db, draft.id, 1, data, title, now)
        return draft

    def get(self, draft_id: str) -> Draft | None:
        if not is_valid_id(draft_id):
            return None
        rows = self.db.read("SELECT * FROM drafts WHERE id = ?", (draft_id,))
        return Draft(**rows[0]) if rows else None

    def save(self, draft_id: str, data: str, title: str, expected_version: int, *, force: bool = False) -> Draft:
        """Store new content; raises :class:`Conflict` if the stored version moved on.

        One conditional UPDATE (``version = expected``) decides, so two writers racing on the same
        draft cannot both win on either backend.
        """
        now = time.time()
        sql = "UPDATE drafts SET data = ?, title = ?, version = version + 1, updated_at = ? WHERE id = ?"
        args: list[object] = [data, title, now, draft_id]
        if not force:
            sql += " AND version = ?"
            args.append(expected_version)
        with self.db.tx() as db:
            updated = db.execute(sql, args).rowcount
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if updated and row is not None:
                history.record(db, draft_id, row["version"], data, title, now)
        if row is None:
            raise KeyError(draft_id)
        if updated == 0:
            raise Conflict(Draft(**dict(row)))
        return Draft(**dict(row))

    def recent(self, workspace: str, sheet_type: str | None = None, limit: int = 20) -> list[Draft]:
        sql = "SELECT * FROM drafts WHERE workspace = ?"
        args: list[object] = [workspace]
        if sheet_type is not None:
            sql += " AND sheet_type = ?"
            args.append(sheet_type)
        return [Draft(**r) for r in self.db.read(sql + " ORDER BY updated_at DESC LIMIT ?", (*args, limit))]

    def first_created_since(self, workspace: str, sheet_type: str, since: float) -> Draft | None:
        """The workspace's earliest draft of this sheet type created at or after ``since`` (another tab's)."""
        rows = self.db.read(
            "SELECT * FROM drafts WHERE workspace = ? AND sheet_type = ? AND created_at >= ?"
            " ORDER BY created_at LIMIT 1",
            (workspace, sheet_type, since),
        )
        return Draft(**rows[0]) if rows else None

    def link(self, target: str, source: str, carry: str, source_version: int, snapshot: str) -> None:
        """Remember that ``target`` took values from ``source`` (one link per kind of carry-over)."""
        with self.db.tx() as db:
            db.execute(
                "INSERT INTO links (target, source, carry, source_version, snapshot) VALUES (?,?,?,?,?)"
                " ON CONFLICT (target, carry) DO UPDATE SET source = excluded.source,"
                " source_version = excluded.source_version, snapshot = excluded.snapshot",
                (target, source, carry, source_version, snapshot),
            )

    def links(self, target: str) -> list[Link]:
        return [Link(**r) for r in self.db.read("SELECT * FROM links WHERE target = ? ORDER BY carry", (target,))]

    def delete(self, draft_id: str) -> None:
        with self.db.tx() as db:
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            db.execute("DELETE FROM links WHERE target = ? OR source = ?", (draft_id, draft_id))
            history.purge(db, draft_id)
            review.purge(db, draft_id)
            db.execute("DELETE FROM case_sheets WHERE draft = ?", (draft_id,))

    def purge(self, now: float | None = None) -> int:
        """Delete drafts untouched for longer than the retention period (never under 30 days),
        and workshops (with their participant list) created before it; join/key attempts too old to count."""
        now = now or time.time()
        cutoff = now - retention_days() * 86400
        with self.db.maintenance() as db:
            throttle.purge(db, now)
            n = db.execute("DELETE FROM drafts WHERE updated_at < ?", (cutoff,)).rowcount
            db.execute("DELETE FROM links WHERE target NOT IN (SELECT id FROM drafts)")
            history.purge(db)
            review.purge(db)
            cases.purge(db, cutoff)
            db.execute(
                "DELETE FROM participants WHERE workshop IN (SELECT id FROM workshops WHERE created_at < ?)", (cutoff,)
            )
            db.execute("DELETE FROM workshops WHERE created_at < ?", (cutoff,))
            db.execute("DELETE FROM workshop_closed WHERE workshop NOT IN (SELECT id FROM workshops)")
            return int(n)

    # -- workshops -------------------------------------------------------------------------

    def add_workshop(self, row: WorkshopRow) -> None:
        with self.db.tx() as db:
            db.execute(
                "INSERT INTO workshops (id, code, name, held_on, sheets, teams, key_hash, timer_label, timer_end,"
                " created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    row.id,
                    row.code,
                    row.name,
                    row.held_on,
                    row.sheets,
                    row.teams,
                    row.key_hash,
                    row.timer_label,
                    row.timer_end,
                    row.created_at,
                ),
            )

    def workshop(self, workshop_id: str) -> WorkshopRow | None:
        if not is_valid_id(workshop_id):
            return None
        rows = self.db.read("SELECT * FROM workshops WHERE id = ?", (workshop_id,))
        return WorkshopRow(**rows[0]) if rows else None

    def workshop_by_code(self, code: str) -> WorkshopRow | None:
        rows = self.db.read("SELECT * FROM workshops WHERE code = ?", (code,))
        return WorkshopRow(**rows[0]) if rows else None

    def set_timer(self, workshop_id: str, label: str, end: float) -> None:
        with self.db.tx() as db:
            db.execute("UPDATE workshops SET timer_label = ?, timer_end = ? WHERE id = ?", (label, end, workshop_id))

    def add_participant(self, workshop_id: str, name: str, team: str) -> Participant:
        p = Participant(new_id(), workshop_id, name, team, time.time())
        with self.db.tx() as db:
            db.execute(
                "INSERT INTO participants (id, workshop, name, team, joined_at) VALUES (?,?,?,?,?)",
                (p.id, p.workshop, p.name, p.team, p.joined_at),
            )
        return p

    def participant(self, participant_id: str) -> Participant | None:
        if not is_valid_id(participant_id):
            return None
        rows = self.db.read("SELECT * FROM participants WHERE id = ?", (participant_id,))
        return Participant(**rows[0]) if rows else None

    def participants(self, workshop_id: str) -> list[Participant]:
        rows = self.db.read("SELECT * FROM participants WHERE workshop = ? ORDER BY team, joined_at", (workshop_id,))
        return [Participant(**r) for r in rows]

    def workshop_drafts(self, workshop_id: str) -> list[Draft]:
        """Every draft in a participant workspace of this workshop, in one query."""
        rows = self.db.read(
            "SELECT d.* FROM drafts d JOIN participants p ON d.workspace = p.id WHERE p.workshop = ?"
            " ORDER BY d.updated_at DESC",
            (workshop_id,),
        )
        return [Draft(**r) for r in rows]

    def set_code(self, workshop_id: str, code: str) -> None:
        with self.db.tx() as db:
            db.execute("UPDATE workshops SET code = ? WHERE id = ?", (code, workshop_id))

    def set_joining_closed(self, workshop_id: str, closed: bool) -> None:
        with self.db.tx() as db:
            db.execute("DELETE FROM workshop_closed WHERE workshop = ?", (workshop_id,))
            if closed:
                db.execute("INSERT INTO workshop_closed (workshop, closed_at) VALUES (?,?)", (workshop_id, time.time()))

    def joining_closed(self, workshop_id: str) -> bool:
        return bool(self.db.read("SELECT 1 FROM workshop_closed WHERE workshop = ?", (workshop_id,)))

    def remove_participant(self, workshop_id: str, participant_id: str) -> bool:
        """Take a participant off the workshop (their drafts stay in their own workspace)."""
        with self.db.tx() as db:
            n = db.execute("DELETE FROM participants WHERE id = ? AND workshop = ?", (participant_id, workshop_id))
            return bool(n.rowcount)

# -- merging two tabs' edits -------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def merge(base: object, mine: object, theirs: object, at: Path_ = ()) -> tuple[object, list[Path_]]:
    """Three-way merge of two JSON values edited from the same ``base``, field by field.

    A field only one side changed takes that side's value; a field both changed to different
    values is a conflict (its path is returned, and ``mine`` is kept in the result). Objects are
    merged key by key, and lists of objects (課題1..N) item by item while both sides kept the
    base's item count; any other list is one field.
    """
    if mine == theirs:
        return mine, []
    if mine == base:
        return theirs, []
    if theirs == base:
        return mine, []
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        out: dict[str, object] = {}
        conflicts: list[Path_] = []
        for key in {**base, **mine, **theirs}:
            value, found = merge(base.get(key), mine.get(key), theirs.get(key), (*at, key))
            out[key] = value
            conflicts += found
        return out, conflicts
    if (
        isinstance(base, list)
        and isinstance(mine, list)
        and isinstance(theirs, list)
        and len(base) == len(mine) == len(theirs)
        and all(isinstance(v, dict) for v in (*base, *mine, *theirs))
    ):
        items: list[object] = []
        conflicts = []
        for i, (b, m, t) in enumerate(zip(base, mine, theirs, strict=True)):
            value, found = merge(b, m, t, (*at, i))
            items.append(value)
            conflicts += found
        return items, conflicts
    return mine, [at]


def take(value: object, path: Path_, source: object) -> object:
    """``value`` with the part at ``path`` replaced by the same part of ``source``."""
    if not path:
        return source
    head, rest = path[0], path[1:]
    if isinstance(head, str):  # a key of an object
        assert isinstance(value, dict)
        assert isinstance(source, dict)
        obj = dict(value)
        obj[head] = take(value[head], rest, source[head])
        return obj
    assert isinstance(value, list)  # an index of a list
    assert isinstance(source, list)
    items = list(value)
    items[head] = take(value[head], rest, source[head])
    return items
