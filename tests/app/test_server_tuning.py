"""issue 19: every rerun waited ~40 ms for nothing. Streamlit 1.67 binds its listening socket with
``proto=0``; asyncio turns Nagle's algorithm off only for sockets whose ``proto`` is IPPROTO_TCP, so
the WebSocket connections kept it, and a rerun's second small message waited for the browser's
delayed ACK (a 9 ms rerun answered after ~50 ms in bench/load_ws.py). components/server_tuning
turns TCP_NODELAY on for the connections of the running server, as asyncio means to."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import socket

import pytest
from streamlit.web.server.starlette import starlette_server

from components import server_tuning


@pytest.fixture
def untuned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo the process-wide patch after each test (other tests run in this process)."""
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", server_tuning.ASYNCIO_SET_NODELAY)
    monkeypatch.setattr(server_tuning, "_applied", False)


def _nodelay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


async def _accepted_nodelay(listener: socket.socket, tune_after_listen: bool) -> bool:
    """Serve on Streamlit's kind of listening socket, connect once; TCP_NODELAY of the accepted side."""
    accepted: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            accepted.set_result(bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    if tune_after_listen:
        server_tuning.tune_server()
    port = listener.getsockname()[1]
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await asyncio.wait_for(accepted, 10)
    finally:
        writer.close()
        server.close()


def test_streamlits_listening_socket_is_what_asyncio_skips(untuned: None) -> None:
    listener = starlette_server._bind_socket("127.0.0.1", 0, 16)
    assert listener.proto == 0  # the cause: asyncio's check wants IPPROTO_TCP
    assert asyncio.run(_accepted_nodelay(listener, tune_after_listen=False)) is False


def test_connections_accepted_after_tuning_have_nodelay(untuned: None) -> None:
    listener = starlette_server._bind_socket("127.0.0.1", 0, 16)
    assert asyncio.run(_accepted_nodelay(listener, tune_after_listen=True)) is True


def test_connections_open_before_the_first_page_run_are_tuned_too(untuned: None) -> None:
    listener = starlette_server._bind_socket("127.0.0.1", 0, 16)
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()  # accepted before the app's first run (the first browser)
    try:
        assert not _nodelay(conn)
        server_tuning.tune_server()
        assert _nodelay(conn)
        server_tuning.tune_server()  # idempotent
        assert _nodelay(conn)
    finally:
        for s in (conn, client, listener):
            s.close()
