"""The two databases the store can live in: an embedded SQLite file (default) or a PostgreSQL server.

The store writes portable SQL with ``?`` placeholders and ``ON CONFLICT`` upserts; each backend
gives a connection per short transaction (SQLite: reused from a small idle list). SQLite runs in WAL mode with
``BEGIN IMMEDIATE`` (one writer at a time, readers never blocked); PostgreSQL runs each
transaction at READ COMMITTED and the store's writes are single conditional statements, so
concurrent writers never lose an update on either backend.

``WORKSHEETS_DB`` selects it: a file path, or a ``postgresql://user:pass@host:port/db`` URL
that several app servers can share.

PostgreSQL connections come from one bounded pool per server URL and process (psycopg_pool):
Streamlit runs every rerun on a fresh thread, so a connection per thread meant a new connection per
rerun. The pool is tuned by environment variables (see :class:`PoolSettings`):

- ``WORKSHEETS_DB_POOL_MIN`` (default 0): connections kept open even when idle;
- ``WORKSHEETS_DB_POOL_MAX`` (default 10): at most this many connections per app server;
- ``WORKSHEETS_DB_POOL_TIMEOUT`` (default 10 s): how long a page waits for a free connection;
- ``WORKSHEETS_DB_POOL_MAX_IDLE`` (default 300 s): an idle connection above the minimum is closed;
- ``WORKSHEETS_DB_CONNECT_TIMEOUT`` (default 10 s): opening one connection.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Tx(Protocol):
    def execute(self, sql: str, args: Sequence[Any] = (), /) -> Cursor: ...  # the values SQL takes


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
        with self.maintenance() as db:
            for sql in statements:
                db.execute(sql)

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        raise NotImplementedError
        yield

    @contextmanager
    def maintenance(self) -> Iterator[Tx]:
        """A transaction for schema changes and the retention purge, which touch many tables: one
        at a time across every server on the store (SQLite's BEGIN IMMEDIATE already serialises)."""
        with self.tx() as db:
            yield db

    def read(self, sql: str, args: Sequence[object] = ()) -> list[dict[str, Any]]:
        """One query's rows (SQLite: inside BEGIN IMMEDIATE, which also keeps the number of script
        threads running at once down; PostgreSQL overrides it with one autocommit statement)."""
        with self.tx() as db:
            return [dict(r) for r in db.execute(sql, args).fetchall()]


SQLITE_IDLE_MAX = 8  # idle SQLite connections kept open per store


class SqliteDatabase(Database):
    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._idle_lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def _open(self) -> sqlite3.Connection:
        # check_same_thread=False: a connection goes back to the idle list after each transaction and the
        # next page run (a fresh thread) takes it; one connection serves one transaction at a time.
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.row_factory = sqlite3.Row
        return conn

    def _take(self) -> sqlite3.Connection:
        """An idle connection, or a new one. Streamlit runs every rerun on a fresh thread, so a connection
        per thread meant opening one (≈5 ms) on every page run."""
        with self._idle_lock:
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _give(self, conn: sqlite3.Connection) -> None:
        with self._idle_lock:
            if len(self._idle) < SQLITE_IDLE_MAX:
                self._idle.append(conn)
                return
        conn.close()

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        conn = self._take()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._give(conn)  # no transaction was started
            raise
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")  # should this fail, the connection is dropped, not reused
            self._give(conn)
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            conn.close()  # a half-finished transaction never goes back to the idle list
            raise
        self._give(conn)


class _PgTx:
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, args: Sequence[object] = ()) -> Cursor:
        cur = self._conn.cursor()
        cur.execute(sql.replace("?", "%s"), tuple(args))
        result: Cursor = cur  # a psycopg cursor
        return result


@dataclass(frozen=True)
class PoolSettings:
    min_size: int = 0
    max_size: int = 10
    timeout: float = 10.0
    max_idle: float = 300.0
    connect_timeout: int = 10

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> PoolSettings:
        """The settings from ``WORKSHEETS_DB_POOL_*`` (bad values: a Japanese ValueError at start-up)."""
        env = os.environ if env is None else env
        default = cls()
        fields = {
            "min_size": ("WORKSHEETS_DB_POOL_MIN", int),
            "max_size": ("WORKSHEETS_DB_POOL_MAX", int),
            "timeout": ("WORKSHEETS_DB_POOL_TIMEOUT", float),
            "max_idle": ("WORKSHEETS_DB_POOL_MAX_IDLE", float),
            "connect_timeout": ("WORKSHEETS_DB_CONNECT_TIMEOUT", int),
        }
        values: dict[str, Any] = {}
        for name, (var, kind) in fields.items():
            raw = env.get(var, "").strip()
            if not raw:
                values[name] = getattr(default, name)
                continue
            try:
                values[name] = kind(raw)
            except ValueError:
                raise ValueError(f"環境変数 {var} の値「{raw}」は数値ではありません。") from None
            if values[name] < 0:
                raise ValueError(f"環境変数 {var} には 0 以上の値を指定してください（「{raw}」）。")
        settings = cls(**values)
        if settings.max_size < max(1, settings.min_size):
            raise ValueError(
                "環境変数 WORKSHEETS_DB_POOL_MAX は 1 以上で、WORKSHEETS_DB_POOL_MIN 以上にしてください。"
            )
        return settings


_POOLS: dict[tuple[str, PoolSettings], Any] = {}
_POOLS_LOCK = threading.Lock()


def close_pools() -> None:
    """Close every pool of this process (at exit: a pool collected during interpreter shutdown
    would print errors from its worker threads)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        with contextlib.suppress(Exception):  # closing at exit must never fail the exit
            pool.close(timeout=1.0)


atexit.register(close_pools)


def _check_dropped(conn: Any) -> None:
    """The pool's check before handing out a connection, without a round trip per page run.

    An idle connection has nothing to read. A server that closes it (restart, shutdown,
    ``pg_terminate_backend``) sends a notice and closes the socket, which makes it readable: only
    then is the full check (an empty query) made, and it raises for a dead connection, which the pool
    then replaces. (psycopg_pool's own ``check_connection`` made that query every time: about a fifth
    of an edit's script time.)"""
    if conn.closed or select.select([conn.fileno()], [], [], 0)[0]:
        from psycopg_pool import ConnectionPool

        ConnectionPool.check_connection(conn)


def _pool(url: str, settings: PoolSettings) -> Any:
    """One pool per server URL and settings in this process, shared by every store object."""
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    key = (url, settings)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None or pool.closed:
            pool = ConnectionPool(
                url,
                min_size=settings.min_size,
                max_size=settings.max_size,
                timeout=settings.timeout,
                max_idle=settings.max_idle,
                kwargs={"row_factory": dict_row, "autocommit": True, "connect_timeout": settings.connect_timeout},
                check=_check_dropped,  # a dropped connection is replaced, not handed out
                name="worksheets",
                open=True,
            )
            _POOLS[key] = pool
        return pool


MAINTENANCE_LOCK = 0x5753_4D41_494E  # "WSMAIN": the advisory lock key of schema changes and purges


class PostgresDatabase(Database):
    kind = "postgresql"

    def __init__(self, url: str, settings: PoolSettings | None = None) -> None:
        super().__init__()
        self.url = url
        self.settings = settings or PoolSettings.from_env()

    @property
    def pool(self) -> Any:
        return _pool(self.url, self.settings)

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        with self.pool.connection() as conn, conn.transaction():
            yield _PgTx(conn)

    def read(self, sql: str, args: Sequence[object] = ()) -> list[dict[str, Any]]:
        # One statement on an autocommit connection: one round trip instead of BEGIN, query, COMMIT.
        with self.pool.connection() as conn:
            return [dict(r) for r in _PgTx(conn).execute(sql, args).fetchall()]

    @contextmanager
    def maintenance(self) -> Iterator[Tx]:
        """Servers starting together deadlocked: one's CREATE INDEX holds a table lock and waits for a
        table the other's purge holds, which waits for the first. A transaction-scoped advisory lock
        makes them take turns (released at commit or rollback)."""
        with self.tx() as db:
            db.execute("SELECT pg_advisory_xact_lock(?)", (MAINTENANCE_LOCK,))
            yield db


def connect(location: str) -> Database:
    if is_postgres_url(location):
        return PostgresDatabase(location)
    return SqliteDatabase(Path(location))
