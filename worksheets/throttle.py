"""Attempt throttling for the workshop's join codes and facilitator keys (no Streamlit here).

A *client* is what the server can tell about who is asking: the browser session (always) and the
network address (when the server knows it). Each throttle counts attempts per session and per
address in a sliding window and refuses further attempts until the oldest one leaves the window.

The attempts live in the draft store (table ``throttle_attempts``), so every app server behind the
proxy counts the same attempts: a bot whose requests land on N servers gets the limit once, not N
times (issue 19: what is shared lives in the store). Rows name the client by a hash of its session
or address (the store keeps no raw addresses), carry wall-clock times (shared by every server) and
are bounded: attempts older than the throttle's longest window are deleted at each new attempt,
and at most ``max_clients`` attempts per throttle are kept (the oldest go first; attempts stamped
with the very same time as the last one kept stay with it). The
retention purge drops whatever a removed throttle left behind.

Without a store (a script, a unit test of the rules) the attempts are kept in this process's
memory, bounded the same way: at most ``max_clients`` keys, the least recently seen forgotten
first, and never more than ``limit`` timestamps per key. The app always passes its store.

Why per address too: a bot opens a new session for every attempt; the address is what its
attempts share. The address limit is generous because a whole room behind one Wi-Fi router
shares one address too.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from worksheets.errors import InputError

if TYPE_CHECKING:
    from worksheets.db import Tx
    from worksheets.store import DraftStore

MAX_WINDOW = 86_400.0  # no rule counts further back than a day; the purge drops anything older

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS throttle_attempts (
        throttle TEXT NOT NULL,
        client TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS throttle_attempts_client ON throttle_attempts (throttle, client, at)",
    "CREATE INDEX IF NOT EXISTS throttle_attempts_at ON throttle_attempts (throttle, at)",
)


def purge(db: Tx, now: float) -> None:
    """Drop attempts older than any rule can count (called by the store's retention purge)."""
    db.execute("DELETE FROM throttle_attempts WHERE at < ?", (now - MAX_WINDOW,))


@dataclass(frozen=True)
class Client:
    session: str
    address: str | None = None

    def scopes(self) -> list[tuple[str, str]]:
        out = [("session", self.session)]
        if self.address:
            out.append(("address", self.address))
        return out


@dataclass(frozen=True)
class Rule:
    limit: int  # attempts …
    window: float  # … per this many seconds


def _client_key(scope: str, value: str) -> str:
    """How the store names a session or an address: a hash, never the value itself."""
    return hashlib.sha256(f"{scope}\x00{value}".encode()).hexdigest()[:32]


class Throttle:
    def __init__(self, what: str, per_session: Rule, per_address: Rule, max_clients: int = 10_000) -> None:
        self.what = what  # for the message: 「参加の操作」「ファシリテーターキーの入力」; also its name in the store
        self.rules = {"session": per_session, "address": per_address}
        if max(r.window for r in self.rules.values()) > MAX_WINDOW:
            raise ValueError(f"a throttle window is at most {MAX_WINDOW:.0f} s")
        self.max_clients = max(1, max_clients)
        self._seen: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _stamps(self, client: Client, now: float, store: DraftStore | None) -> dict[str, list[float]]:
        """Per scope, this client's attempts still inside that scope's window, oldest first."""
        scopes = client.scopes()
        since = {scope: now - self.rules[scope].window for scope, _ in scopes}
        out: dict[str, list[float]] = {scope: [] for scope, _ in scopes}
        if store is not None:
            keys = {_client_key(scope, value): scope for scope, value in scopes}
            marks = ",".join("?" * len(keys))
            rows = store.db.read(
                f"SELECT client, at FROM throttle_attempts WHERE throttle = ? AND client IN ({marks}) AND at > ?"
                " ORDER BY at",
                (self.what, *keys, min(since.values())),
            )
            for row in rows:
                scope = keys[row["client"]]
                if row["at"] > since[scope]:
                    out[scope].append(float(row["at"]))
            return out
        with self._lock:
            for scope, value in scopes:
                stamps = self._seen.get((scope, value))
                if stamps is None:
                    continue
                while stamps and stamps[0] <= since[scope]:
                    stamps.popleft()
                out[scope] = list(stamps)
        return out

    def wait(self, client: Client, now: float | None = None, *, store: DraftStore | None = None) -> float:
        """Seconds until this client may try again (0: now)."""
        now = time.time() if now is None else now
        longest = 0.0
        for scope, stamps in self._stamps(client, now, store).items():
            rule = self.rules[scope]
            if len(stamps) >= rule.limit:  # free again when the limit-th newest attempt leaves the window
                longest = max(longest, stamps[-rule.limit] + rule.window - now)
        return longest

    def check(self, client: Client, now: float | None = None, *, store: DraftStore | None = None) -> None:
        """Raise a Japanese :class:`InputError` when this client has to wait."""
        left = self.wait(client, now, store=store)
        if left > 0:
            raise InputError(
                f"{self.what}が短い時間に続いたため、いったん受け付けを止めています。"
                f"約{max(1, round(left))}秒後にもう一度お試しください。"
            )

    def record(self, client: Client, now: float | None = None, *, store: DraftStore | None = None) -> None:
        now = time.time() if now is None else now
        if store is not None:
            oldest = now - max(r.window for r in self.rules.values())
            with store.db.tx() as db:
                for scope, value in client.scopes():
                    db.execute(
                        "INSERT INTO throttle_attempts (throttle, client, at) VALUES (?,?,?)",
                        (self.what, _client_key(scope, value), now),
                    )
                db.execute("DELETE FROM throttle_attempts WHERE throttle = ? AND at <= ?", (self.what, oldest))
                db.execute(  # older than the newest max_clients attempts: deleted (none when there are fewer)
                    "DELETE FROM throttle_attempts WHERE throttle = ? AND at < (SELECT at FROM throttle_attempts"
                    " WHERE throttle = ? ORDER BY at DESC LIMIT 1 OFFSET ?)",
                    (self.what, self.what, self.max_clients - 1),
                )
            return
        with self._lock:
            for key in client.scopes():
                stamps = self._seen.get(key)
                if stamps is None:
                    stamps = self._seen[key] = deque(maxlen=self.rules[key[0]].limit)
                self._seen.move_to_end(key)
                stamps.append(now)
            while len(self._seen) > self.max_clients:
                self._seen.popitem(last=False)

    def clients(self, store: DraftStore | None = None) -> int:
        """How many sessions and addresses are counted now."""
        if store is not None:
            rows = store.db.read(
                "SELECT COUNT(DISTINCT client) AS n FROM throttle_attempts WHERE throttle = ?", (self.what,)
            )
            return int(rows[0]["n"])
        return len(self._seen)

    def attempts(self, store: DraftStore) -> int:
        """How many attempts the store keeps for this throttle (for tests: the table stays bounded)."""
        rows = store.db.read("SELECT COUNT(*) AS n FROM throttle_attempts WHERE throttle = ?", (self.what,))
        return int(rows[0]["n"])

    def reset(self, store: DraftStore | None = None) -> None:
        """Forget every attempt (this process's memory; with a store, the stored ones too)."""
        with self._lock:
            self._seen.clear()
        if store is not None:
            with store.db.tx() as db:
                db.execute("DELETE FROM throttle_attempts WHERE throttle = ?", (self.what,))


def client_address(ip_address: str | None, headers: Mapping[str, str] | None) -> str | None:
    """The network address to count a client by.

    Streamlit gives the WebSocket peer's address, or None when the peer is this machine. A peer
    on this machine with an ``X-Forwarded-For`` header is the reverse proxy: its last entry is the
    address the proxy itself saw (entries before it come from the client and are not trusted).
    """
    if ip_address:
        return ip_address
    forwarded = (headers or {}).get("X-Forwarded-For", "") or (headers or {}).get("x-forwarded-for", "")
    last = forwarded.split(",")[-1].strip()
    return last or None
