"""issue 19: every rerun waited ~40 ms for nothing. Streamlit 1.67 binds its listening socket with
``proto=0``; asyncio turns Nagle's algorithm off only for sockets whose ``proto`` is IPPROTO_TCP, so
the WebSocket connections kept it, and a rerun's second small message waited for the browser's
delayed ACK (a 9 ms rerun answered after ~50 ms in bench/load_ws.py). components/server_tuning
turns TCP_NODELAY on for the connections of the running server, as asyncio means to."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import gc
import importlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.web.server.starlette import starlette_server

from components import server_tuning


@pytest.fixture
def untuned(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Undo the process-wide patch after each test (other tests run in this process)."""
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", server_tuning.ASYNCIO_SET_NODELAY)
    monkeypatch.setattr(AppSession, "_call_soon_on_event_loop", AppSession._call_soon_on_event_loop)
    monkeypatch.setattr(server_tuning, "_applied", False)
    monkeypatch.setattr(ScriptRunner, "_run_script", _unslotted(ScriptRunner._run_script))
    for name in server_tuning.WIDGET_MODULES:
        module = importlib.import_module(f"streamlit.elements.widgets.{name}")
        monkeypatch.setattr(module, "get_session_state", _unpatched(module.get_session_state))
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def _unslotted(fn: Any) -> Any:
    """ScriptRunner._run_script as Streamlit ships it, under a slot limit this process may have applied."""
    return getattr(fn, "_worksheets_original", fn)


def _unpatched(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Streamlit's own get_session_state, under a patch this process may already have applied."""
    from streamlit.runtime.state import session_state_proxy

    return session_state_proxy.get_session_state if getattr(fn, "_worksheets_lazy", False) else fn


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


# -- one wake-up of the event loop for many script-thread events ------------------------------------


class _Session:
    """What ``_batched_call_soon`` needs of an AppSession: its event loop (counting the wake-ups)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.wakeups = 0
        outer = self

        class Counting:
            def call_soon_threadsafe(self, callback: Callable[[], None]) -> None:
                outer.wakeups += 1
                loop.call_soon_threadsafe(callback)

            def is_closed(self) -> bool:
                return loop.is_closed()

        self._event_loop: Any = Counting()

    def call_soon(self, callback: Callable[[], None]) -> None:
        server_tuning._batched_call_soon(self, callback)


def test_tune_server_batches_the_sessions_event_loop_calls(untuned: None) -> None:
    server_tuning.tune_server()
    assert AppSession._call_soon_on_event_loop is server_tuning._batched_call_soon


def test_a_runs_events_arrive_in_order_with_few_wake_ups() -> None:
    """A run's 500 messages from the script thread: all delivered, in order, on the loop's thread, and
    the loop woken far fewer times than once per message (Streamlit's own way: 500 wake-ups)."""

    async def scenario() -> tuple[list[int], set[int], int]:
        loop = asyncio.get_running_loop()
        session = _Session(loop)
        seen: list[int] = []
        threads: set[int] = set()
        done = asyncio.Event()

        def script_thread() -> None:
            for n in range(500):
                session.call_soon(lambda n=n: (seen.append(n), threads.add(threading.get_ident())))
            session.call_soon(lambda: loop.call_soon(done.set))

        worker = threading.Thread(target=script_thread)
        worker.start()
        await asyncio.wait_for(done.wait(), 10)
        worker.join()
        return seen, threads, session.wakeups

    seen, threads, wakeups = asyncio.run(scenario())
    assert seen == list(range(500))
    assert threads == {threading.get_ident()}  # run on the event loop's thread (here: this one)
    assert 1 <= wakeups < 100


def test_events_queued_during_a_drain_wait_for_the_next_turn_of_the_loop() -> None:
    """A long run must not keep the loop from other sessions: what arrives while a batch is being
    delivered goes after the loop's other ready callbacks."""

    async def scenario() -> list[str]:
        loop = asyncio.get_running_loop()
        session = _Session(loop)
        order: list[str] = []

        def first() -> None:
            order.append("first")
            loop.call_soon(lambda: order.append("another session"))
            session.call_soon(lambda: order.append("queued meanwhile"))

        session.call_soon(first)
        for _ in range(5):
            await asyncio.sleep(0)
        return order

    assert asyncio.run(scenario()) == ["first", "another session", "queued meanwhile"]


def test_a_failing_event_is_logged_and_the_rest_still_run(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> list[int]:
        session = _Session(asyncio.get_running_loop())
        seen: list[int] = []
        session.call_soon(lambda: seen.append(1))
        session.call_soon(lambda: 1 / 0)  # type: ignore[func-returns-value]
        session.call_soon(lambda: seen.append(3))
        for _ in range(3):
            await asyncio.sleep(0)
        return seen

    assert asyncio.run(scenario()) == [1, 3]
    assert "event-loop callback failed" in caplog.text


def test_events_after_the_loop_closed_are_dropped_quietly() -> None:
    loop = asyncio.new_event_loop()
    session = _Session(loop)
    loop.close()
    session.call_soon(lambda: None)  # shutdown: no RuntimeError, as in Streamlit
    session.call_soon(lambda: None)
    assert session.wakeups == 2  # nothing left marked as scheduled: each call tried again


def test_the_servers_own_objects_are_left_out_of_full_collections(untuned: None) -> None:
    """Full collections paused every session for 170–245 ms under load: what exists at the first
    page run is frozen (never scanned again) and collections are rarer."""
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    assert gc.get_freeze_count() == 0
    server_tuning.tune_server()
    assert gc.get_freeze_count() > 10_000  # the imported modules' objects
    assert gc.get_threshold() == server_tuning.GC_THRESHOLDS


def _widgets_script() -> None:
    import streamlit as st

    from components import server_tuning

    if st.session_state.get("patch"):
        server_tuning.lazy_widget_state()
    st.session_state.setdefault("none_text", None)
    st.session_state.setdefault("none_number", None)
    st.session_state.setdefault("none_choice", None)
    st.text_input("空のまま", key="none_text")
    st.number_input("数", key="none_number", value=5)
    st.selectbox("選択", ["a", "b"], key="none_choice")
    for i in range(10):
        st.text_area(f"欄{i}", key=f"area{i}")
    st.date_input("日付", key="day", value=None)


@pytest.mark.parametrize("patch", [False, True])
def test_widgets_keep_a_none_value_with_or_without_the_lazy_state(untuned: None, patch: bool) -> None:
    """The only question the widgets ask of the filtered state: does my key hold None? The answer
    (an empty widget) is the same with the lazy view, before and after a value is typed."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_widgets_script)
    at.session_state["patch"] = patch
    at.run()
    assert not at.exception
    assert at.text_input(key="none_text").value is None
    assert at.number_input(key="none_number").value is None  # the key's None wins over value=5
    assert at.selectbox(key="none_choice").value is None
    at.text_input(key="none_text").input("入力").run()
    at.text_area(key="area3").input("三").run()
    assert at.text_input(key="none_text").value == "入力"
    assert at.text_area(key="area3").value == "三"
    assert at.session_state["area3"] == "三"


def test_the_widgets_no_longer_build_the_whole_session_state(untuned: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.runtime.state.session_state import SessionState
    from streamlit.testing.v1 import AppTest

    built: list[int] = []
    real = SessionState.filtered_state

    def counting(self: SessionState) -> dict[str, Any]:
        built.append(1)
        return real.fget(self)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(SessionState, "filtered_state", property(counting))
    counts = {}
    for patch in (False, True):
        at = AppTest.from_function(_widgets_script)
        at.session_state["patch"] = patch
        at.run()  # the first run applies the patch (when asked) before any widget
        built.clear()
        at.run()
        assert not at.exception
        counts[patch] = len(built)
    assert counts[False] >= 13  # once per keyed text input, number input, select box and text area
    assert counts[True] == 0


def test_the_lazy_state_answers_as_the_filtered_state_does(untuned: None) -> None:
    from streamlit.runtime.state.session_state import SessionState

    state = SessionState()
    state["plain"] = 1
    state["none"] = None
    state["$$internal"] = 2
    view = server_tuning._OneKeyState(state)
    real = state.filtered_state
    for key in ["plain", "none", "$$internal", "absent", ""]:
        assert (key in view) == (key in real), key
        if key in real:
            assert view[key] == real[key]
        else:
            with pytest.raises(KeyError):
                view[key]
    assert dict(view) == real
    assert len(view) == len(real)


def _overlap(slots: int, threads: int = 4) -> int:
    """The most script runs seen running at once, with ``slots`` slots and ``threads`` sessions."""
    running, most = [0], [0]
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def fake_run(self: Any, rerun_data: Any) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    ScriptRunner._run_script = fake_run  # type: ignore[method-assign]
    assert server_tuning.limit_concurrent_runs(slots) == slots
    patched = ScriptRunner._run_script

    def session() -> None:
        start.wait(timeout=10)
        for _ in range(3):
            patched(None, None)

    workers = [threading.Thread(target=session) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert not any(w.is_alive() for w in workers)
    return most[0]


@pytest.mark.parametrize("slots", [1, 2, 3])
def test_no_more_script_runs_at_once_than_there_are_slots(untuned: None, slots: int) -> None:
    assert _overlap(slots) == slots


def test_a_run_inside_a_run_on_the_same_thread_does_not_wait_for_itself(untuned: None) -> None:
    calls: list[int] = []

    def fake_run(self: Any, depth: int) -> None:
        calls.append(depth)
        if depth < 2:
            ScriptRunner._run_script(self, depth + 1)  # type: ignore[arg-type]

    ScriptRunner._run_script = fake_run  # type: ignore[method-assign]
    server_tuning.limit_concurrent_runs(1)
    done = threading.Thread(target=ScriptRunner._run_script, args=(None, 0))
    done.start()
    done.join(timeout=5)
    assert not done.is_alive()
    assert calls == [0, 1, 2]


@pytest.mark.parametrize(("env", "expected"), [({}, 1), ({"WORKSHEETS_SCRIPT_SLOTS": "4"}, 4),
                                               ({"WORKSHEETS_SCRIPT_SLOTS": "0"}, 0), ({"WORKSHEETS_SCRIPT_SLOTS": "x"}, 1)])
def test_the_number_of_slots_comes_from_the_environment(env: dict[str, str], expected: int) -> None:
    assert server_tuning.script_slots(env) == expected


def test_zero_slots_leaves_streamlit_as_it_is(untuned: None) -> None:
    before = ScriptRunner._run_script
    assert server_tuning.limit_concurrent_runs(0) == 0
    assert ScriptRunner._run_script is before
