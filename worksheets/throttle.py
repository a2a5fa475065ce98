"""Attempt throttling for the workshop's join codes and facilitator keys (no Streamlit here).

A *client* is what the server can tell about who is asking: the browser session (always) and the
network address (when the server knows it). Each throttle counts attempts per session and per
address in a sliding window and refuses further attempts until the oldest one leaves the window.
The state lives in this process's memory only, bounded: at most ``max_clients`` keys, the least
recently seen forgotten first, and never more than ``limit`` timestamps per key.

Why per address too: a bot opens a new session for every attempt; the address is what its
attempts share. The address limit is generous because a whole room behind one Wi-Fi router
shares one address too.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass

from worksheets.errors import InputError


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


class Throttle:
    def __init__(self, what: str, per_session: Rule, per_address: Rule, max_clients: int = 10_000) -> None:
        self.what = what  # for the message: 「参加の操作」「ファシリテーターキーの入力」
        self.rules = {"session": per_session, "address": per_address}
        self.max_clients = max_clients
        self._seen: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, client: Client, now: float | None = None) -> float:
        """Seconds until this client may try again (0: now)."""
        now = time.monotonic() if now is None else now
        longest = 0.0
        with self._lock:
            for key in client.scopes():
                rule = self.rules[key[0]]
                stamps = self._seen.get(key)
                if stamps is None:
                    continue
                while stamps and stamps[0] <= now - rule.window:
                    stamps.popleft()
                if len(stamps) >= rule.limit:
                    longest = max(longest, stamps[0] + rule.window - now)
        return longest

    def check(self, client: Client, now: float | None = None) -> None:
        """Raise a Japanese :class:`InputError` when this client has to wait."""
        left = self.wait(client, now)
        if left > 0:
            raise InputError(
                f"{self.what}が短い時間に続いたため、いったん受け付けを止めています。"
                f"約{max(1, round(left))}秒後にもう一度お試しください。"
            )

    def record(self, client: Client, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in client.scopes():
                stamps = self._seen.get(key)
                if stamps is None:
                    stamps = self._seen[key] = deque(maxlen=self.rules[key[0]].limit)
                self._seen.move_to_end(key)
                stamps.append(now)
            while len(self._seen) > self.max_clients:
                self._seen.popitem(last=False)

    def clients(self) -> int:
        return len(self._seen)

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


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
