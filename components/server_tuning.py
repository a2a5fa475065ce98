"""Process-wide fixes for the Streamlit server this app runs in (applied once, from app.py).

TCP_NODELAY: asyncio disables Nagle's algorithm only on sockets whose ``proto`` is IPPROTO_TCP, and
Streamlit 1.67 creates its listening socket with ``proto=0`` (starlette_server._bind_socket), so the
accepted WebSocket connections keep Nagle on. A rerun's messages are small writes in a row: the second
waits for the browser's delayed ACK, 40 ms on Linux, on every rerun of every participant (measured
with bench/load_ws.py: a 9 ms rerun answered after 50 ms; 7 ms with this). Connections accepted
later get TCP_NODELAY as asyncio intends; the ones already open when the first page runs are set here.
"""

from __future__ import annotations

import asyncio.base_events
import contextlib
import gc
import socket
from typing import Any

_applied = False
ASYNCIO_SET_NODELAY: Any = getattr(asyncio.base_events, "_set_nodelay", None)  # asyncio's own, as imported


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        with contextlib.suppress(OSError):  # not a TCP socket after all, or closed: nothing to tune
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def tune_server() -> None:
    """Idempotent: the first call patches asyncio and the server's listening sockets."""
    global _applied
    if _applied:
        return
    _applied = True
    if ASYNCIO_SET_NODELAY is None:  # a Python whose asyncio no longer has the hook: nothing to fix here
        return
    asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]
    # The sockets that exist already: the listening one (Linux hands its TCP_NODELAY to every
    # connection it accepts) and the connections accepted before this first run.
    for obj in gc.get_objects():
        if isinstance(obj, socket.socket) and obj.fileno() >= 0:
            _set_nodelay(obj)
