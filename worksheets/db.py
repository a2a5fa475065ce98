"""The two databases the store can live in: an embedded SQLite file (default) or a PostgreSQL server.

The store writes portable SQL with ``?`` placeholders and ``ON CONFLICT`` upserts; each backend
gives a per-thread connection and a short transaction. SQLite runs in WAL mode with
``BEGIN IMMEDIATE`` (one writer at a time, readers never blocked); PostgreSQL runs each
transaction at READ COMMITTED and the store's writes are single conditional statements, so
concurrent writers never lose an update on either backend.

``WORKSHEETS_DB`` selects it: a file path, or a ``postgresql://user:pass@host:port/db`` URL
that several app servers can share.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Tx(Protocol):
    def execute(self, sql: str, args: Sequence[object] = ()) -> Cursor: ...


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def redact(location: str) -> str:
    """The location without a password, for messages and logs."""
    if is_postgres_url(location) and "@" in location:
        scheme, rest = location.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return location


class Database:
    """A per-thread connection and short transactions; subclasses know their dialect."""

    kind = ""

    def __init__(self) -> None:
        self._local = threading.local()

    def schema(self, statements: Sequence[str]) -> None:
        with self.tx() as db:
            for sql in statements:
                db.execute(sql)

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        raise NotImplementedError
        yield

    def read(self, sql: str, args: Sequence[object] = ()) -> list[dict[str, Any]]:
        with self.tx() as db:
            return [dict(r) for r in db.execute(sql, args).fetchall()]


class SqliteDatabase(Database):
    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=True)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn  # type: ignore[misc]
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class _PgTx:
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, args: Sequence[object] = ()) -> Cursor:
        cur = self._conn.cursor()
        cur.execute(sql.replace("?", "%s"), tuple(args))
        return cur  # type: ignore[no-any-return]


class PostgresDatabase(Database):
    kind = "postgresql"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def _conn(self) -> Any:
        import psycopg
        from psycopg.rows import dict_row

        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.url, row_factory=dict_row, autocommit=True, connect_timeout=10)
            self._local.conn = conn
        return conn

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        import psycopg

        try:
            conn = self._conn()
            ctx = conn.transaction()
            ctx.__enter__()
        except psycopg.OperationalError:  # a dropped connection: reconnect once
            self._local.conn = None
            conn = self._conn()
            ctx = conn.transaction()
            ctx.__enter__()
        try:
            yield _PgTx(conn)
        except BaseException as exc:
            ctx.__exit__(type(exc), exc, exc.__traceback__)
            raise
        ctx.__exit__(None, None, None)


def connect(location: str) -> Database:
    if is_postgres_url(location):
        return PostgresDatabase(location)
    return SqliteDatabase(Path(location))
