"""Process-wide fixes for the Streamlit server this app runs in (applied once, from app.py).

TCP_NODELAY: asyncio disables Nagle's algorithm only on sockets whose ``proto`` is IPPROTO_TCP, and
Streamlit 1.67 creates its listening socket with ``proto=0`` (starlette_server._bind_socket), so the
accepted WebSocket connections keep Nagle on. A rerun's messages are small writes in a row: the second
waits for the browser's delayed ACK, 40 ms on Linux, on every rerun of every participant (measured
with bench/load_ws.py: a 9 ms rerun answered after 50 ms; 7 ms with this). Connections accepted
later get TCP_NODELAY as asyncio intends; the ones already open when the first page runs are set here.

Event-loop wake-ups: each element a script run draws reaches the event loop through its own
``call_soon_threadsafe``; :func:`coalesce_wakeups` makes one wake-up carry a session's queued events.
Both patch private hooks: each is guarded (does nothing when the hook is gone) and tested.

Script runs: :func:`limit_concurrent_runs` lets one session's script run at a time (the others wait
their turn) instead of all of them sharing the GIL.

Widget state look-ups: :func:`lazy_widget_state` answers a widget's question about its own key
without building the whole session state first.

Garbage collection: :func:`tune_gc` keeps the collector from scanning the server's own modules on
every full collection, and collects less often.
"""

from __future__ import annotations

import asyncio
import asyncio.base_events
import contextlib
import gc
import logging
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

log = logging.getLogger(__name__)

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
    coalesce_wakeups()
    lazy_widget_state()
    limit_concurrent_runs()
    _nodelay_everywhere()
    tune_gc()  # last: frozen objects are no longer listed by gc.get_objects(), which finds the sockets


def _nodelay_everywhere() -> None:
    if ASYNCIO_SET_NODELAY is None:  # a Python whose asyncio no longer has the hook: nothing to fix here
        return
    asyncio.base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]
    # The sockets that exist already: the listening one (Linux hands its TCP_NODELAY to every
    # connection it accepts) and the connections accepted before this first run.
    for obj in gc.get_objects():
        if isinstance(obj, socket.socket) and obj.fileno() >= 0:
            _set_nodelay(obj)


class _Batch:
    """One session's events from its script thread, waiting for the event loop."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: deque[Callable[[], None]] = deque()
        self.scheduled = False  # a drain is queued on the event loop (or running)

    def drain(self) -> None:
        """Run the events queued so far, in order; events queued meanwhile get the next turn of the
        loop (a long script run must not keep the loop from the other sessions' sockets)."""
        with self.lock:
            batch = list(self.pending)
            self.pending.clear()
        for callback in batch:
            try:
                callback()
            except Exception:  # as the event loop treats a failing callback: log it, run the rest
                log.exception("event-loop callback failed")
        with self.lock:
            if not self.pending:
                self.scheduled = False
                return
        asyncio.get_running_loop().call_soon(self.drain)


def _batched_call_soon(self: Any, callback: Callable[[], None]) -> None:
    """``AppSession._call_soon_on_event_loop``, batched (see :func:`coalesce_wakeups`)."""
    state: _Batch | None = self.__dict__.get("_worksheets_batch")
    if state is None:
        state = self.__dict__.setdefault("_worksheets_batch", _Batch())
    with state.lock:
        state.pending.append(callback)
        if state.scheduled:
            return
        state.scheduled = True
    try:
        self._event_loop.call_soon_threadsafe(state.drain)
    except RuntimeError:  # the loop is closed (shutdown, test teardown): drop, as Streamlit does
        with state.lock:
            state.pending.clear()
            state.scheduled = False
        if not self._event_loop.is_closed():
            raise


def coalesce_wakeups() -> bool:
    """Streamlit hands every message of a run (each element, each widget) from the script thread to
    the event loop with its own ``call_soon_threadsafe``: a write to the loop's wake-up socket per
    element, and a GIL hand-over each time. Under load (py-spy, 100 participants on one server) that
    was a fifth of all samples. Batched per session, one wake-up carries all events queued until the
    loop gets to them, still in order: measured with bench/load_ws.py (100 participants, think 3 s,
    one server), edit p50 69–101 → 41–51 ms, p95 1.0–1.5 → 0.5–1.2 s, server CPU −13 %.
    Returns False (and changes nothing) if this Streamlit has no such method."""
    from streamlit.runtime.app_session import AppSession

    if not callable(getattr(AppSession, "_call_soon_on_event_loop", None)):
        return False
    AppSession._call_soon_on_event_loop = _batched_call_soon  # type: ignore[method-assign]
    return True


# Streamlit's keyed input widgets each ask ``get_session_state().filtered_state`` whether their own key
# holds None: a dict of the whole session state, every value presented, built once per widget.
WIDGET_MODULES = ("text_widgets", "number_input", "selectbox", "radio", "slider", "time_widgets")


class _OneKeyState(Mapping[str, Any]):
    """``filtered_state`` for a widget's question about its own key: ``key in state`` and
    ``state[key]`` read that one entry; anything that iterates gets the real dict."""

    def __init__(self, state: Any) -> None:
        self._state = state

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and not key.startswith(STREAMLIT_INTERNAL_KEY_PREFIX) and key in self._state

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise KeyError(key)
        return self._state[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._state.filtered_state)

    def __len__(self) -> int:
        return len(self._state.filtered_state)


class _StateView:
    """The session state as the widget modules see it: the same object, but ``filtered_state`` is
    a :class:`_OneKeyState` (everything else is passed through)."""

    def __init__(self, state: Any) -> None:
        self._state = state

    @property
    def filtered_state(self) -> _OneKeyState:
        return _OneKeyState(self._state)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)


def lazy_widget_state() -> list[str]:
    """Each keyed text, number, select, radio, slider and date/time widget built the whole filtered
    session state (every key, every value presented) to learn whether its own key holds None: half
    of a text area's time on a filled 課題整理シート (py-spy, AppTest), a cost that grows with every
    field. Patched in the widget modules' own namespace only; returns the modules patched."""
    import importlib

    patched = []
    for name in WIDGET_MODULES:
        try:
            module = importlib.import_module(f"streamlit.elements.widgets.{name}")
        except ImportError:
            continue
        original = getattr(module, "get_session_state", None)
        if not callable(original) or getattr(original, "_worksheets_lazy", False):
            continue

        def view(original: Callable[[], Any] = original) -> _StateView:
            return _StateView(original())

        view._worksheets_lazy = True  # type: ignore[attr-defined]
        module.get_session_state = view  # type: ignore[attr-defined]
        patched.append(name)
    return patched


SCRIPT_SLOTS_ENV = "WORKSHEETS_SCRIPT_SLOTS"
DEFAULT_SCRIPT_SLOTS = 1
_held = threading.local()


def script_slots(env: Mapping[str, str] | None = None) -> int:
    """How many script runs may execute at once (``WORKSHEETS_SCRIPT_SLOTS``; 0: no limit)."""
    import os

    raw = (os.environ if env is None else env).get(SCRIPT_SLOTS_ENV, "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_SCRIPT_SLOTS


def limit_concurrent_runs(slots: int | None = None) -> int:
    """Every session's page run is a thread, and they all take turns on the GIL every few
    milliseconds: with many participants each run took many times its own CPU time, the store's
    write lock was held across those turns, and the waiting writers backed off further. One run
    at a time (the others wait for a slot, holding nothing) finishes each in its own CPU time.
    bench/load_ws.py, one server, 100 participants, think 3 s, two runs each: edit p95
    1,037 / 674 ms and max 2.8 / 2.3 s without a limit, 285 / 305 ms and max 0.9 / 1.0 s with one
    slot (701 / 814 ms with two), p50 and CPU unchanged. Nothing a run waits for is held by another
    run (bundles and pre-renders are threads of their own), so a slot is always given back.
    Returns the number of slots (0: unchanged)."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    n = script_slots() if slots is None else slots
    original = getattr(ScriptRunner, "_run_script", None)
    if n <= 0 or not callable(original) or getattr(original, "_worksheets_slots", None) is not None:
        return 0
    gate = threading.BoundedSemaphore(n)

    def run_script(self: Any, rerun_data: Any) -> None:
        if getattr(_held, "slot", False):  # already inside a run on this thread: never wait for itself
            original(self, rerun_data)
            return
        with gate:
            _held.slot = True
            try:
                original(self, rerun_data)
            finally:
                _held.slot = False

    run_script._worksheets_slots = n  # type: ignore[attr-defined]
    run_script._worksheets_original = original  # type: ignore[attr-defined]  # for tests that undo it
    ScriptRunner._run_script = run_script  # type: ignore[method-assign]
    return n


GC_THRESHOLDS = (5000, 20, 20)  # Python's default is (700, 10, 10)


def tune_gc() -> None:
    """A full collection stops every session (it holds the GIL) and scans every object: with 220
    participants on one server, 16 full collections in 114 s took 170–245 ms each — the long tail of
    the edit latency. Freezing what exists at the first page run (Streamlit, pandas, reportlab, the
    app's modules: never garbage) takes it out of every later scan, and the higher thresholds make
    collections rarer. bench/load_ws.py, 220 participants, think 10 s, one server: edit p95 827 →
    199 ms, max 3.8 → 0.5 s, server CPU −14 %; longest pause 56 ms."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
