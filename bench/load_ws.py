"""Workshop load: N participants editing their sheets over Streamlit's own WebSocket protocol.

Starts ``streamlit run app.py`` on a free port with a fresh store, creates a workshop and N
participants, and gives each one a WebSocket client that behaves like the browser: it opens the
participant's sheet page, then every think time T (uniform 0.5–1.5 × T) types into one field and
sends the same ``rerun_script`` message the browser sends (with the field's fragment id, so a
fragment rerun where the browser would do one), and answers the page's own auto-reruns (the
timer banner every 15 s). One facilitator client unlocks the dashboard with the key and lets it
refresh itself every 5 s. Latency is measured from sending a rerun to ``script_finished``.

At the end it checks the store: every participant's last edit of every field it typed into must be
there (no lost update). Through a reverse proxy (``--proxy``, see bench/load_proxy.py, which starts
PostgreSQL, the app servers and nginx in one command) each participant first loads ``/`` like a
browser, keeps the sticky-session cookie for its WebSocket, and is counted under the server the
proxy chose (the bench's nginx names it in a response header).

    python bench/load_ws.py --participants 60 --think 10 --duration 60
    python bench/load_ws.py --participants 60 --ramp 5 --duration 3 --target-load-p95 1000   # 60 arriving within 5 s
    python bench/load_ws.py --servers 2 --db postgresql://… --participants 400   # several servers, one store
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worksheets import workshop as W  # noqa: E402
from worksheets.db import redact  # noqa: E402
from worksheets.store import DraftStore  # noqa: E402

RUN_TIMEOUT_S = 30.0
VERBOSE = "--verbose" in sys.argv
UPSTREAM_HEADER = "X-Worksheets-Upstream"  # added by bench/load_proxy.py's nginx only: the chosen server


@dataclass
class Stats:
    loads: list[float] = field(default_factory=list)  # first run of the page (opening it)
    opens: list[float] = field(default_factory=list)  # connecting plus the first run
    load_at: list[tuple[float, float]] = field(default_factory=list)  # (arrival offset s, load s), for --verbose
    edits: list[float] = field(default_factory=list)
    auto: list[float] = field(default_factory=list)
    dashboard: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    last_text: dict[str, dict[str, str]] = field(default_factory=dict)  # participant -> field -> last marker
    edits_by_server: dict[str, list[float]] = field(default_factory=dict)  # server -> edit latencies
    loads_by_server: dict[str, list[float]] = field(default_factory=dict)  # server -> page-load latencies
    trace: list[tuple[float, str, str, float]] = field(default_factory=list)  # (monotonic s, kind, server, latency s)


@dataclass
class Widget:
    id: str
    kind: str
    fragment_id: str
    value: str


class Client:
    """One browser tab, speaking the protocol: ClientState in, ForwardMsgs out."""

    def __init__(self, url: str, page: str, query: str, stats: Stats, name: str, cookie: str = "") -> None:
        self.url, self.page, self.query, self.stats, self.name = url, page, query, stats, name
        self.cookie = cookie  # the proxy's sticky-session cookie, sent with the WebSocket upgrade
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.auto: dict[str, float] = {}  # fragment id -> interval (s)
        self.form_field = ""  # a text input inside a form (the facilitator key)
        self.submit = ""  # that form's submit button
        self.ws: websockets.ClientConnection | None = None
        self.verbose = False
        self.alerts: list[str] = []  # what the page said (an error page explains a page without fields)

    async def connect(self) -> None:
        host = self.url.split("//", 1)[1]
        self.ws = await websockets.connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self.url),
            max_size=None,
            open_timeout=30,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
        )

    async def rerun(
        self, values: dict[str, str] | None = None, fragment: str = "", auto: bool = False, trigger: str = ""
    ) -> float:
        """Send one rerun and wait for its ``script_finished``; returns the latency in seconds."""
        assert self.ws is not None
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        if not self.page_hash:
            cs.page_name = self.page
        cs.fragment_id = fragment
        cs.is_auto_rerun = auto
        for wid, text in (values or {}).items():  # what the user typed stays in the field, as in the browser
            if wid in self.widgets:
                self.widgets[wid].value = text
        strings = {w.id: w.value for w in self.widgets.values()} | (values or {})
        for wid, text in strings.items():
            state = cs.widget_states.widgets.add()
            state.id = wid
            state.string_value = text
        if trigger:
            state = cs.widget_states.widgets.add()
            state.id = trigger
            state.trigger_value = True
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)  # type: ignore[arg-type]
            kind = fwd.WhichOneof("type")
            if kind == "navigation":  # the page this run showed (st.navigation); later reruns name it
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.auto[fwd.auto_rerun.fragment_id] = fwd.auto_rerun.interval
            elif kind == "delta":
                self._element(fwd)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
                    return time.perf_counter() - start
                if status != "FINISHED_EARLY_FOR_RERUN":
                    raise RuntimeError(f"{self.name}: script finished with {status}")

    def _element(self, fwd: ForwardMsg) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "alert":
            self.alerts.append(element.alert.body[:150])
            if self.verbose:
                print(f"  {self.name} alert: {element.alert.body[:150]}")
        if kind == "exception":
            self.stats.errors.append(f"{self.name}: {element.exception.message[:200]}")
        elif kind in ("text_input", "text_area"):
            proto = getattr(element, kind)
            if proto.form_id:
                self.form_field = proto.id
            elif not proto.disabled:
                if proto.id in self.widgets:
                    self.widgets[proto.id].fragment_id = delta.fragment_id
                else:
                    value = proto.value if proto.HasField("value") else proto.default
                    self.widgets[proto.id] = Widget(proto.id, kind, delta.fragment_id, value)
        elif kind == "button" and element.button.is_form_submitter:
            self.submit = element.button.id

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


@dataclass(frozen=True)
class Entry:
    """Where clients connect: the servers directly (participant n on server n mod N), or a proxy that
    picks the server. ``labels`` names each server (host:port -> "server 1")."""

    urls: list[str]
    labels: dict[str, str]
    proxy: str = ""

    def label(self, url: str) -> str:
        return self.labels.get(url.split("//", 1)[-1], url)


def enter_via_proxy(proxy: str) -> tuple[str, str]:
    """Load the app's page through the proxy like a browser: the sticky-session cookie it sets and
    the server it chose (host:port)."""
    with urllib.request.urlopen(proxy + "/", timeout=30) as resp:
        found = re.search(r"worksheets_route=([0-9a-f]{32})", resp.headers.get("Set-Cookie", ""))
        if found is None:
            raise RuntimeError("the proxy set no worksheets_route cookie")
        return f"worksheets_route={found.group(1)}", resp.headers.get(UPSTREAM_HEADER, "?")


@dataclass(frozen=True)
class Plan:
    think: float
    connect_at: float  # monotonic time this participant opens the page (the ramp)
    t0: float  # the first participant's arrival
    measure_from: float  # everyone is connected: edits start, latencies count
    until: float


async def participant(entry: Entry, pid: str, sheet: str, plan: Plan, stats: Stats, n: int) -> None:
    rng = random.Random(n)
    think, until = plan.think, plan.until
    client: Client | None = None
    try:
        await asyncio.sleep(max(0.0, plan.connect_at - time.monotonic()))
        arrived = time.monotonic()
        if entry.proxy:
            cookie, upstream = await asyncio.to_thread(enter_via_proxy, entry.proxy)
            url, server = entry.proxy, entry.labels.get(upstream, upstream)
        else:
            cookie, url = "", entry.urls[n % len(entry.urls)]
            server = entry.label(url)
        client = Client(url, sheet, f"ws={pid}", stats, f"participant {n}", cookie)
        client.verbose = VERBOSE
        await client.connect()
        load = await client.rerun()  # sending the first rerun to its script_finished
        stats.loads.append(load)
        stats.loads_by_server.setdefault(server, []).append(load)
        stats.opens.append(time.monotonic() - arrived)  # the WebSocket handshake too
        stats.load_at.append((arrived - plan.t0, load))
        texts = list(client.widgets.values())
        if not texts:
            raise RuntimeError(f"no text fields on the page; it said: {client.alerts}")
        next_auto = {fid: time.monotonic() + iv for fid, iv in client.auto.items()}
        next_edit = plan.measure_from + rng.uniform(0.0, think)  # participants do not start in step
        edit = 0
        while True:
            now = time.monotonic()
            due_auto = min(next_auto.items(), key=lambda kv: kv[1], default=None)
            if due_auto is not None and due_auto[1] <= next_edit:
                await asyncio.sleep(max(0.0, due_auto[1] - now))
                if time.monotonic() >= until:
                    break
                latency = await client.rerun(fragment=due_auto[0], auto=True)
                if time.monotonic() >= plan.measure_from:
                    stats.auto.append(latency)
                    stats.trace.append((time.monotonic(), "auto", server, latency))
                next_auto[due_auto[0]] = time.monotonic() + client.auto.get(due_auto[0], 15.0)
                continue
            await asyncio.sleep(max(0.0, next_edit - now))
            if time.monotonic() >= until:
                break
            edit += 1
            widget = texts[edit % len(texts)]
            marker = f"入力{n}-{edit}"
            text = f"{widget.value}\n{marker}"[-900:] if widget.kind == "text_area" else marker
            latency = await client.rerun({widget.id: text}, fragment=widget.fragment_id)
            stats.edits.append(latency)
            stats.trace.append((time.monotonic(), "edit", server, latency))
            stats.edits_by_server.setdefault(server, []).append(latency)
            stats.last_text.setdefault(pid, {})[widget.id] = marker  # sent and answered: must be stored
            next_edit = time.monotonic() + rng.uniform(0.5 * think, 1.5 * think)
    except Exception as exc:
        stats.errors.append(f"participant {n}: {type(exc).__name__}: {exc}")
    finally:
        if client is not None:
            await client.close()


async def facilitator(entry: Entry, workshop_id: str, key: str, until: float, stats: Stats) -> None:
    cookie = ""
    try:
        if entry.proxy:
            cookie = (await asyncio.to_thread(enter_via_proxy, entry.proxy))[0]
        client = Client(
            entry.proxy or entry.urls[-1], "workshop_admin", f"w={workshop_id}", stats, "facilitator", cookie
        )
    except Exception as exc:
        stats.errors.append(f"facilitator: {type(exc).__name__}: {exc}")
        return
    try:
        await client.connect()
        await client.rerun()
        if not client.form_field or not client.submit:
            raise RuntimeError(f"the facilitator key form is missing; the page said: {client.alerts}")
        await client.rerun({client.form_field: key}, trigger=client.submit)
        if not client.auto:
            raise RuntimeError("the dashboard did not start refreshing itself (facilitator key refused?)")
        fragment, interval = next(iter(client.auto.items()))
        while time.monotonic() + interval < until:
            await asyncio.sleep(interval)
            stats.dashboard.append(await client.rerun(fragment=fragment, auto=True))
    except Exception as exc:
        stats.errors.append(f"facilitator: {type(exc).__name__}: {exc}")
    finally:
        await client.close()


def cpu_s(pid: int) -> float:
    """User plus system CPU seconds the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def sample_rss(pids: list[int], until: float, out: list[float]) -> None:
    while time.monotonic() < until:
        out.append(max(rss_mb(pid) for pid in pids))
        await asyncio.sleep(1.0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, log: Path | None = None) -> subprocess.Popen[bytes]:
    """``streamlit run app.py`` on ``port``; its output goes to ``log`` (shown when a run has errors)."""
    env = {**os.environ, "WORKSHEETS_DB": db}
    out = log.open("wb") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )  # fmt: skip
    if not isinstance(out, int):
        out.close()  # the server has its own copy of the file
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("streamlit did not start")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(x: float) -> str:
    return f"{x * 1000:.0f} ms"


def prepare(store: DraftStore, args: argparse.Namespace) -> tuple[list[tuple[W.Workshop, str]], list[Any]]:
    """N participants written straight into the store, in as few workshops as the per-workshop limit
    (W.MAX_PARTICIPANTS) allows (400 on a prefecture day: two workshops), each with a running timer."""
    teams = "\n".join(f"{i}班" for i in range(1, 11))
    count = max(1, -(-args.participants // W.MAX_PARTICIPANTS))
    workshops = []
    for i in range(count):
        name = "負荷試験" if count == 1 else f"負荷試験{i + 1}"
        workshop, key = W.create(store, W.setup_from_form(name, date.today(), [args.sheet], teams))
        W.start_timer(store, workshop, 60, "負荷試験")
        workshops.append((workshop, key))
    people = [
        W.join(store, workshops[n % count][0].code, f"参加者{n}", f"{n // count % 10 + 1}班")[1]
        for n in range(args.participants)
    ]
    return workshops, people


def lost_edits(store: DraftStore, people: list[Any], stats: Stats, sheet: str, verbose: bool) -> tuple[int, int]:
    """(edits missing from the store, edits checked): every field's last answered edit of every participant."""
    lost = checked = 0
    for person in people:
        sent = stats.last_text.get(person.id, {})
        drafts = store.recent(person.id, sheet, limit=1) if sent else []
        for marker in sent.values():
            checked += 1
            if not drafts or marker not in drafts[0].data:
                lost += 1
                if verbose:
                    print(f"  lost: {marker!r} of participant {person.id[:6]}")
    return lost, checked


def line(name: str, values: list[float], extra: str = "") -> str:
    return (
        f"{name:<16}n={len(values):5d}  p50 {ms(pct(values, 0.5))}  p95 {ms(pct(values, 0.95))}  "
        f"max {ms(max(values, default=float('nan')))}{extra}"
    )


async def run(args: argparse.Namespace, db: str, entry: Entry, servers: dict[str, int]) -> dict[str, Any]:
    """Drive the load against running servers (``servers``: label -> pid) and print the figures.
    Returns them too (bench/load_proxy.py tabulates several runs)."""
    store = DraftStore(db)
    workshops, people = prepare(store, args)
    stats = Stats()
    rss: list[float] = []
    pids = list(servers.values())
    rss_start = max(rss_mb(pid) for pid in pids)
    cpu_start = {label: cpu_s(pid) for label, pid in servers.items()}
    client_cpu = time.process_time()
    t0 = time.monotonic()
    measure_from = t0 + args.ramp + 2.0
    until = measure_from + args.duration
    tasks = [sample_rss(pids, until, rss)]
    if args.facilitator:
        tasks += [facilitator(entry, workshop.id, key, until, stats) for workshop, key in workshops]
    for n, person in enumerate(people):
        plan = Plan(args.think, t0 + args.ramp * n / max(1, args.participants), t0, measure_from, until)
        tasks.append(participant(entry, person.id, args.sheet, plan, stats, n))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - measure_from
    wall = time.monotonic() - t0
    cpu_used = {label: cpu_s(pid) - cpu_start[label] for label, pid in servers.items()}
    client_cpu = time.process_time() - client_cpu
    rss_end = max(rss_mb(pid) for pid in pids)
    lost, checked = lost_edits(store, people, stats, args.sheet, args.verbose)

    runs = len(stats.edits) + len(stats.auto) + len(stats.dashboard)
    via = f" behind the proxy {entry.proxy}" if entry.proxy else ""
    print(f"servers      {len(servers)} on store {redact(db)}{via}")
    print(
        f"participants {args.participants} in {len(workshops)} workshop(s), think {args.think:g} s, "
        f"duration {args.duration:g} s, page {args.sheet}"
    )
    print(
        line(
            "page loads",
            stats.loads,
            f"  ({args.participants} arriving within {args.ramp:g} s, before the measured window)",
        )
    )
    print(
        line(
            "  with connect",
            stats.opens,
            "  (" + ("page through the proxy, " if entry.proxy else "") + "WebSocket handshake too)",
        )
    )
    if len(servers) > 1:
        for label in servers:
            print(line(f"  {label} load", stats.loads_by_server.get(label, [])))
    if args.verbose:
        for at, load in sorted(stats.load_at):
            print(f"  arrived +{at:5.2f} s  load {ms(load)}")
    print(line("edit reruns", stats.edits))
    if len(servers) > 1:
        for label in servers:
            print(line(f"  {label}", stats.edits_by_server.get(label, [])))
    print(f"auto reruns     n={len(stats.auto):5d}  p50 {ms(pct(stats.auto, 0.5))}  p95 {ms(pct(stats.auto, 0.95))}")
    print(
        f"dashboard       n={len(stats.dashboard):5d}  p50 {ms(pct(stats.dashboard, 0.5))}  "
        f"p95 {ms(pct(stats.dashboard, 0.95))}"
    )
    print(f"throughput      {runs / max(elapsed, 1e-9):.1f} reruns/s")
    print(f"errors          {len(stats.errors)}")
    for err in stats.errors[:10]:
        print(f"  {err}")
    print(
        f"lost edits      {lost} of {checked} edits missing from the store (each participant's last edit of each field)"
    )
    cpu = ", ".join(f"{label} {used:.1f} s" for label, used in cpu_used.items())
    load_avg = os.getloadavg()
    print(
        f"server CPU      {cpu} over {wall:.0f} s; load client {client_cpu:.1f} s "
        f"({os.cpu_count()} cores, load average {load_avg[0]:.1f} {load_avg[1]:.1f} {load_avg[2]:.1f})"
    )
    print(f"server RSS      start {rss_start:.0f} MB, max {max(rss, default=rss_start):.0f} MB, end {rss_end:.0f} MB")
    edit_ok = not stats.errors and lost == 0 and pct(stats.edits, 0.95) <= args.target_p95 / 1000
    print(f"target          p95 ≤ {args.target_p95:g} ms, 0 errors, 0 lost edits: {'met' if edit_ok else 'NOT met'}")
    load_ok = True
    if args.target_load_p95:
        load_ok = pct(stats.loads, 0.95) <= args.target_load_p95 / 1000 and not stats.errors
        print(f"load target     page-load p95 ≤ {args.target_load_p95:g} ms: {'met' if load_ok else 'NOT met'}")
    return {
        "stats": stats, "lost": lost, "checked": checked, "ok": edit_ok and load_ok, "load_ok": load_ok,
        "edit_ok": edit_ok, "cpu": cpu_used, "client_cpu": client_cpu, "wall": wall, "load_average": load_avg,
    }  # fmt: skip


async def main(args: argparse.Namespace) -> int:
    tmp = tempfile.mkdtemp(prefix="worksheets-load-")
    db = args.db or str(Path(tmp) / "drafts.sqlite3")
    DraftStore(db)  # creates the schema before the servers start
    procs, urls = [], []
    logs = [Path(tmp) / f"server{i + 1}.log" for i in range(args.servers)]
    for log in logs:  # several app servers on one store: participants spread over them
        port = free_port()
        procs.append(start_server(db, port, log))
        urls.append(f"http://127.0.0.1:{port}")
    labels = {u.split("//", 1)[1]: f"server {i + 1}" for i, u in enumerate(urls)}
    try:
        result = await run(args, db, Entry(urls, labels), {f"server {i + 1}": p.pid for i, p in enumerate(procs)})
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
    if result["stats"].errors:  # the servers' own account of what went wrong
        for i, log in enumerate(logs):
            lines = log.read_text(errors="replace").splitlines()
            tail = [x for x in lines if "missing ScriptRunContext" not in x][-60:]
            print(f"server {i + 1} log (last {len(tail)} lines):", *tail, sep="\n  ")
    return 0 if result["ok"] else 1


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between one participant's edits")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--sheet", default="issue_sheet", choices=W.WORKSHOP_SHEETS)
    parser.add_argument(
        "--ramp",
        type=float,
        default=20.0,
        help="seconds over which participants open the page, before the measured window (an arrival burst: "
        "--participants 60 --ramp 5 is 60 participants within 5 s)",
    )
    parser.add_argument("--target-load-p95", type=float, default=0.0, help="ms; also require this page-load p95")
    parser.add_argument("--target-p95", type=float, default=300.0, help="ms")
    parser.add_argument("--no-facilitator", dest="facilitator", action="store_false")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--servers", type=int, default=1, help="app servers sharing the store (use a postgresql:// --db)"
    )
    parser.add_argument("--db", help="a store location (file path or postgresql:// URL); default a fresh file")
    return parser


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parser().parse_args())))
