"""Every committed version of a draft: listing by editing session, field-by-field comparison,
restore (as the newest version) and names (「第2回面談で提示」).

The store writes one ``versions`` row in the same transaction as each save (:func:`record`), so a
version exists exactly when the save committed. Rows hold the model's JSON compressed (zlib,
base64 so it stays TEXT on both backends): a save costs one INSERT whatever the history's length.
History rows go with their draft (delete and the retention purge).
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from worksheets.db import Tx
from worksheets.errors import label_for
from worksheets.links import Piece, as_text, char_diff
from worksheets.registry import SHEETS

if TYPE_CHECKING:
    from worksheets.store import Draft, DraftStore

SESSION_GAP = 30 * 60  # saves further apart than this start a new editing session
NAME_MAX = 60

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS versions (
        draft TEXT NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        saved_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (draft, version)
    )""",
)


def pack(data: str) -> str:
    return base64.b64encode(zlib.compress(data.encode("utf-8"), 6)).decode("ascii")


def unpack(packed: str) -> str:
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def record(db: Tx, draft_id: str, version: int, data: str, title: str, saved_at: float) -> None:
    """Keep one committed version (called by the store inside the save's own transaction)."""
    db.execute(
        "INSERT INTO versions (draft, version, data, title, name, saved_at) VALUES (?,?,?,?,?,?)"
        " ON CONFLICT (draft, version) DO NOTHING",
        (draft_id, version, pack(data), title, "", saved_at),
    )


def purge(db: Tx, draft_id: str | None = None) -> None:
    """Drop the history of one deleted draft, or of every draft no longer stored."""
    if draft_id is not None:
        db.execute("DELETE FROM versions WHERE draft = ?", (draft_id,))
    else:
        db.execute("DELETE FROM versions WHERE draft NOT IN (SELECT id FROM drafts)")


@dataclass(frozen=True)
class Version:
    draft: str
    version: int
    title: str
    name: str
    saved_at: float


def versions(store: DraftStore, draft_id: str, limit: int = 200) -> list[Version]:
    """The newest ``limit`` versions, newest first (without their content)."""
    rows = store.db.read(
        "SELECT draft, version, title, name, saved_at FROM versions WHERE draft = ? ORDER BY version DESC LIMIT ?",
        (draft_id, limit),
    )
    return [Version(**r) for r in rows]


def named(store: DraftStore, draft_id: str) -> list[Version]:
    rows = store.db.read(
        "SELECT draft, version, title, name, saved_at FROM versions WHERE draft = ? AND name <> ''"
        " ORDER BY version DESC",
        (draft_id,),
    )
    return [Version(**r) for r in rows]


def content(store: DraftStore, draft_id: str, version: int) -> dict[str, Any] | None:
    rows = store.db.read("SELECT data FROM versions WHERE draft = ? AND version = ?", (draft_id, version))
    return json.loads(unpack(rows[0]["data"])) if rows else None


def contents(store: DraftStore, draft_id: str, versions_: list[int]) -> dict[int, dict[str, Any]]:
    if not versions_:
        return {}
    marks = ",".join("?" for _ in versions_)
    rows = store.db.read(
        f"SELECT version, data FROM versions WHERE draft = ? AND version IN ({marks})", (draft_id, *versions_)
    )
    return {int(r["version"]): json.loads(unpack(r["data"])) for r in rows}


def set_name(store: DraftStore, draft_id: str, version: int, name: str) -> bool:
    """Name a version (an empty name removes it). False when there is no such version."""
    name = " ".join(name.split())[:NAME_MAX]
    with store.db.tx() as db:
        n = db.execute("UPDATE versions SET name = ? WHERE draft = ? AND version = ?", (name, draft_id, version))
        return bool(n.rowcount)


def restore(store: DraftStore, draft_id: str, version: int, expected_version: int) -> Draft:
    """Write ``version``'s content as the newest version; nothing is deleted.

    Raises :class:`~worksheets.store.Conflict` if the draft moved on from ``expected_version``, and
    ``KeyError`` if that version is not kept.
    """
    rows = store.db.read("SELECT data, title FROM versions WHERE draft = ? AND version = ?", (draft_id, version))
    if not rows:
        raise KeyError(version)
    return store.save(draft_id, unpack(rows[0]["data"]), rows[0]["title"], expected_version)


def size(store: DraftStore, draft_id: str) -> tuple[int, int]:
    """(number of versions, stored bytes of their content) — for the bench."""
    rows = store.db.read("SELECT data FROM versions WHERE draft = ?", (draft_id,))
    return len(rows), sum(len(r["data"]) for r in rows)


# -- comparing ---------------------------------------------------------------------------------


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted paths of a model's JSON to their leaf values (lists of plain values stay one field)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, sub in value.items():
            out.update(flatten(sub, f"{prefix}{key}."))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for index, sub in enumerate(value):
            out.update(flatten(sub, f"{prefix}{index}."))
        return out
    return {prefix[:-1]: value}


def label(sheet_type: str, path: str) -> str:
    parts: tuple[Any, ...] = tuple(int(p) if p.isdigit() else p for p in path.split("."))
    return label_for(SHEETS[sheet_type].model, parts)


@dataclass(frozen=True)
class FieldChange:
    path: str
    label: str
    old: Any
    new: Any

    @property
    def pieces(self) -> list[Piece]:
        return char_diff(self.old, self.new, context=10_000)  # the whole text: nothing hidden in a comparison


def compare(sheet_type: str, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Fields whose value differs between two versions, in the sheet's order (``new``'s, then removed ones)."""
    a, b = flatten(old), flatten(new)
    paths = list(b) + [p for p in a if p not in b]
    return [
        FieldChange(p, label(sheet_type, p), a.get(p), b.get(p))
        for p in paths
        if as_text(a.get(p)) != as_text(b.get(p))
    ]


@dataclass(frozen=True)
class Entry:
    version: Version
    changed: list[str]  # labels of the fields this version changed


@dataclass(frozen=True)
class Session:
    start: float
    end: float
    entries: list[Entry]  # newest first


def sessions(store: DraftStore, draft: Draft, limit: int = 60) -> list[Session]:
    """The newest ``limit`` versions grouped by editing session (gaps over 30 minutes), each with the
    fields it changed compared with the version before it."""
    listed = versions(store, draft.id, limit + 1)
    data = contents(store, draft.id, [v.version for v in listed])
    out: list[Session] = []
    for index, v in enumerate(listed[:limit]):
        before = listed[index + 1] if index + 1 < len(listed) else None
        if before is not None and before.version in data and v.version in data:
            changed = [c.label for c in compare(draft.sheet_type, data[before.version], data[v.version])]
        else:
            changed = []
        entry = Entry(v, changed)
        if out and out[-1].start - v.saved_at <= SESSION_GAP:
            last = out[-1]
            out[-1] = Session(v.saved_at, last.end, [*last.entries, entry])
        else:
            out.append(Session(v.saved_at, v.saved_at, [entry]))
    return out
