"""Rendered files kept in the store, so a rebuild of the workshop bundle renders only what changed.

An entry is keyed by a SHA-256 of everything its bytes depend on: the exact stored content of
every draft in it (not just its id and version: whatever changes the text changes the key), the
page headers and titles, and the renderer itself (the source of the ``worksheets`` package, the
reportlab version and the font file) and today's date. So a participant's later edit can never be served from an
old entry: it is a different key, rendered afresh.

The entries live in the store's database (table ``render_cache``), never only in one process's
memory: with several app servers on one PostgreSQL, a bundle built on server B reuses what server
A rendered and holds A's latest edits. The table is bounded: at most
``WORKSHEETS_RENDER_CACHE_MB`` (default 256) MB of entries, the least recently used dropped first;
entries unused for longer than the store's retention period, or of a workshop no longer stored,
are dropped too. A cache that cannot be read or written is only a slower build, never a failed one.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading
import time
import weakref
import zlib
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from pathlib import Path

from worksheets.db import Database

ENV_LIMIT = "WORKSHEETS_RENDER_CACHE_MB"
DEFAULT_LIMIT_MB = 256
TRIM_EVERY = 16  # puts between two size checks (a check sums the table)
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS render_cache (
        key TEXT PRIMARY KEY,
        workshop TEXT NOT NULL,
        data TEXT NOT NULL,
        size INTEGER NOT NULL,
        used_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS render_cache_used ON render_cache (used_at)",
)
_log = logging.getLogger(__name__)
_READY: weakref.WeakSet[Database] = weakref.WeakSet()  # databases whose table exists
_READY_LOCK = threading.Lock()
_PUTS = 0


def limit_bytes() -> int:
    raw = os.environ.get(ENV_LIMIT, "").strip()
    mb = int(raw) if raw.isdigit() else DEFAULT_LIMIT_MB
    return mb * 1_000_000


@cache
def renderer_version() -> str:
    """A digest of what draws the files: this package's source, reportlab, the font file."""
    import reportlab

    from worksheets.formats.fonts import font_path

    digest = hashlib.sha256(f"reportlab {reportlab.Version}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    font = font_path().stat()
    digest.update(f"font {font.st_size} {font.st_mtime_ns}".encode())
    return digest.hexdigest()


def key(kind: str, *parts: object) -> str:
    """The key of one entry: ``kind`` and ``parts`` (strings, numbers, nested tuples/lists)."""
    digest = hashlib.sha256(renderer_version().encode())
    digest.update(kind.encode())
    digest.update(date.today().isoformat().encode())  # a sheet may print today's date (the timeline's 「今日」)
    _feed(digest, parts)
    return digest.hexdigest()


def _feed(digest: hashlib._Hash, value: object) -> None:
    if isinstance(value, (tuple, list)):
        digest.update(b"[%d" % len(value))
        for item in value:
            _feed(digest, item)
        digest.update(b"]")
        return
    text = value if isinstance(value, str) else repr(value)
    raw = text.encode("utf-8", "surrogatepass")
    digest.update(b"%d:" % len(raw))  # length-prefixed: ("ab", "c") and ("a", "bc") differ
    digest.update(raw)


def _ready(db: Database) -> None:
    with _READY_LOCK:
        if db in _READY:
            return
    db.schema(SCHEMA)
    with _READY_LOCK:
        _READY.add(db)


def get_many(db: Database, keys: Sequence[str]) -> dict[str, bytes]:
    """The stored bytes of those ``keys`` that are cached (marked as used now)."""
    if not keys:
        return {}
    try:
        _ready(db)
        marks = ",".join("?" for _ in keys)
        with db.tx() as tx:
            rows = tx.execute(f"SELECT key, data FROM render_cache WHERE key IN ({marks})", tuple(keys)).fetchall()
            found = {r["key"]: zlib.decompress(base64.b64decode(r["data"])) for r in rows}
            if found:
                hits = ",".join("?" for _ in found)
                tx.execute(f"UPDATE render_cache SET used_at = ? WHERE key IN ({hits})", (time.time(), *found))
        return found
    except Exception:  # a cache that cannot be read is a slower build, not a failed one
        _log.warning("render cache: read failed", exc_info=True)
        return {}


def put(db: Database, entries: Iterable[tuple[str, bytes]], workshop: str) -> None:
    """Keep these (key, bytes); trims the table now and then."""
    global _PUTS
    packed = [(k, base64.b64encode(zlib.compress(data, 1)).decode("ascii")) for k, data in entries]
    rows = [(k, workshop, text, len(text), time.time()) for k, text in packed]
    if not rows:
        return
    try:
        _ready(db)
        with db.tx() as tx:
            for row in rows:
                tx.execute(
                    "INSERT INTO render_cache (key, workshop, data, size, used_at) VALUES (?,?,?,?,?)"
                    " ON CONFLICT (key) DO UPDATE SET used_at = excluded.used_at",
                    row,
                )
        _PUTS += len(rows)
        if _PUTS >= TRIM_EVERY:
            _PUTS = 0
            trim(db)
    except Exception:
        _log.warning("render cache: write failed", exc_info=True)


def trim(db: Database, max_bytes: int | None = None, now: float | None = None) -> int:
    """Drop entries of workshops no longer stored, entries unused for longer than the retention
    period, then the least recently used until the rest fit in ``max_bytes``. Returns how many."""
    from worksheets.store import retention_days

    max_bytes = limit_bytes() if max_bytes is None else max_bytes
    cutoff = (now or time.time()) - retention_days() * 86400
    _ready(db)
    with db.tx() as tx:
        dropped = tx.execute(
            "DELETE FROM render_cache WHERE used_at < ? OR workshop NOT IN (SELECT id FROM workshops)", (cutoff,)
        ).rowcount
        rows = tx.execute("SELECT key, size FROM render_cache ORDER BY used_at DESC, key").fetchall()
        total, old = 0, []
        for r in rows:
            total += int(r["size"])
            if total > max_bytes:
                old.append(r["key"])
        for start in range(0, len(old), 500):
            chunk = old[start : start + 500]
            tx.execute(f"DELETE FROM render_cache WHERE key IN ({','.join('?' for _ in chunk)})", tuple(chunk))
    return int(max(dropped, 0)) + len(old)


def stored_bytes(db: Database) -> int:
    """The sum of the cached files' sizes (for tests and the bench)."""
    _ready(db)
    rows = db.read("SELECT COALESCE(SUM(size), 0) AS n FROM render_cache")
    return int(rows[0]["n"])
