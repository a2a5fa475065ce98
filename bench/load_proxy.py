"""A prefecture-scale day in one command (issue 19): app servers on one PostgreSQL behind nginx.

Starts a throwaway PostgreSQL cluster (Debian's server binaries), then for each scenario a fresh
database, N ``streamlit run app.py`` servers on it and Debian's nginx with deploy/nginx.conf as
shipped (made runnable here: plain HTTP on a free port, the servers' ports, and a response header
naming the chosen server so the figures can be split per server). bench/load_ws.py's clients then
enter through the proxy like browsers (``/`` for the sticky cookie, then the WebSocket) and report
page loads and edit reruns (p50/p95/max per server and overall), errors and lost edits.

    python bench/load_proxy.py                      # everything below (about 8 minutes)
    python bench/load_proxy.py --only edits         # 60 / 200 / 400 participants on 2 servers
    python bench/load_proxy.py --only edits --participants 400   # one size
    python bench/load_proxy.py --only joins         # 60 joining within 20 s and within 5 s, 1 and 2 servers

Scenarios and targets:
- edits: 2 servers, 60 / 200 / 400 participants, think 10 s, 60 s measured after everyone joined:
  edit-rerun p95 ≤ 300 ms, 0 errors, 0 lost edits;
- joins: 60 participants opening their sheet within 20 s (p95 ≤ 300 ms) and within 5 s, everyone
  scanning the QR code (p95 ≤ 1 s), on 1 server and on 2 servers.

Each server is started fresh and opened once before the scenario (as the facilitator does when
creating the workshop); that first page load of the process is reported, not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_ws as L

ROOT = L.ROOT
CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Debian's /etc/nginx/nginx.conf allows 768 connections per worker; a proxied WebSocket holds two
# (browser and app server), so that is ~380 participants. The bench uses what the README asks for.
WORKER_CONNECTIONS = 4096


@dataclass(frozen=True)
class Scenario:
    name: str
    servers: int
    participants: int
    ramp: float  # all participants open the page within this many seconds
    duration: float  # measured seconds of editing after everyone joined
    target_p95: float  # ms, edit reruns
    target_load_p95: float = 0.0  # ms, page loads (0: not a target of this scenario)


EDIT_RAMPS = {60: 20.0, 200: 40.0, 400: 60.0}  # participants -> seconds over which they join


def scenarios(args: argparse.Namespace) -> dict[str, list[Scenario]]:
    edits = [
        Scenario(
            f"edits {n} / 2 servers", 2, n, args.ramp or EDIT_RAMPS.get(n, max(2.0, n / 6.0)), args.duration, 300.0
        )
        for n in args.participants
    ]
    joins = [
        Scenario(f"joins 60 in {ramp:g} s / {k} server{'s' if k > 1 else ''}", k, 60, ramp, 10.0, 300.0, target)
        for ramp, target in ((20.0, 300.0), (5.0, 1000.0))
        for k in (1, 2)
    ]
    return {"edits": edits, "joins": joins}


# --- PostgreSQL -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Postgres:
    url: str  # superuser, database postgres
    data: Path  # the cluster's data directory

    def cpu_s(self) -> float:
        """CPU seconds used so far by the server and all its backends (for sizing PostgreSQL)."""
        root = int((self.data / "postmaster.pid").read_text().split()[0])
        total = L.cpu_s(root)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the backend ended meanwhile
            if int(fields[1]) == root:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total


@contextmanager
def postgres() -> Iterator[Postgres]:
    """A throwaway cluster (as tests/postgres.py starts one)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise SystemExit("PostgreSQL のサーバーが必要です（apt-get install -y postgresql）。")
    bindir = found[-1].parent
    data = Path(tempfile.mkdtemp(prefix="worksheets-bench-pg-"))
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(data, "postgres")
    port = L.free_port()
    subprocess.run(
        [*run_as, str(bindir / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U", "worksheets", "-E", "UTF8",
         "--locale=C", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    # Durable as in production (fsync on): the store's commits are part of what is measured.
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(
        [*run_as, str(bindir / "pg_ctl"), "-D", str(data / "db"), "-o", options, "-l", str(data / "log"), "-w", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield Postgres(f"postgresql://worksheets@127.0.0.1:{port}/postgres", data / "db")
    finally:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data / "db"), "-m", "fast", "stop"], check=False)
        shutil.rmtree(data, ignore_errors=True)


def database_mb(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return float(row[0]) / 1e6 if row else float("nan")


def fresh_database(server_url: str) -> str:
    import psycopg

    name = "bench_" + os.urandom(5).hex()
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


# --- nginx ------------------------------------------------------------------------------------


def runnable_config(port: int, upstreams: list[int], tmp: Path) -> str:
    """deploy/nginx.conf as shipped, with only what a bench on one box needs changed: plain HTTP on a
    free port (no certificate), these servers' ports, and a header naming the server nginx chose."""
    conf = CONF.read_text(encoding="utf-8")
    conf = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", conf, flags=re.S)  # the redirect-only server
    if "listen 443 ssl http2;" not in conf:
        raise SystemExit("deploy/nginx.conf: the HTTPS server block was not found")
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    conf = re.sub(r"\n\s*ssl_certificate(_key)? [^;]+;", "", conf)
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
    conf = re.sub(r"(    server 127\.0\.0\.1:850\d;\n)+", servers + "\n", conf)
    conf = conf.replace(
        "    add_header X-Content-Type-Options",
        f"    add_header {L.UPSTREAM_HEADER} $upstream_addr always;\n    add_header X-Content-Type-Options",
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nworker_rlimit_nofile {2 * WORKER_CONNECTIONS};\n"
        f"events {{ worker_connections {WORKER_CONNECTIONS}; }}\nhttp {{\n{temp}\n    access_log off;\n{conf}\n}}\n"
    )


@contextmanager
def nginx(upstreams: list[int]) -> Iterator[str]:
    if not Path(NGINX).exists():
        raise SystemExit("nginx が必要です（apt-get install -y nginx-light）。")
    tmp = Path(tempfile.mkdtemp(prefix="worksheets-bench-nginx-"))
    port = L.free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(runnable_config(port, upstreams, tmp), encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise SystemExit(check.stderr)
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"])
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


# --- one scenario -----------------------------------------------------------------------------


class CpuSampler:
    """CPU seconds of each process (or a callable) every 0.5 s, in a thread, for --trace."""

    def __init__(self, sources: dict[str, Any]) -> None:
        self.sources, self.samples = sources, []  # (monotonic s, {name: cpu s})
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _read(self) -> dict[str, float]:
        out = {}
        for name, src in self.sources.items():
            try:
                out[name] = src() if callable(src) else L.cpu_s(src)
            except (OSError, ValueError):
                continue
        return out

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.samples.append((time.monotonic(), self._read()))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def write_trace(path: Path, sc: Scenario, st: L.Stats, sampler: CpuSampler) -> None:
    """JSON lines: every measured rerun (kind, server, latency) and the CPU samples, times in monotonic s."""
    with path.open("a") as out:
        out.write(json.dumps({"scenario": sc.name}) + "\n")
        for t, kind, server, latency in st.trace:
            out.write(
                json.dumps({"t": round(t, 3), "kind": kind, "server": server, "ms": round(latency * 1000, 1)}) + "\n"
            )
        for t, cpu in sampler.samples:
            out.write(json.dumps({"t": round(t, 3), "cpu": {k: round(v, 3) for k, v in cpu.items()}}) + "\n")
    print(f"trace           {len(st.trace)} reruns and {len(sampler.samples)} CPU samples appended to {path}")


@contextmanager
def app_servers(db: str, count: int) -> Iterator[list[tuple[int, subprocess.Popen[bytes]]]]:
    started: list[tuple[int, subprocess.Popen[bytes]]] = []
    try:
        for _ in range(count):
            port = L.free_port()
            started.append((port, L.start_server(db, port)))
        yield started
    finally:
        for _, proc in started:
            proc.terminate()
        for _, proc in started:
            proc.wait(timeout=30)


async def warm_up(url: str, page: str) -> float:
    """The facilitator's first look at a freshly started server: one page load (the process's imports)."""
    stats = L.Stats()
    client = L.Client(url, page, "", stats, "warm-up")
    await client.connect()
    try:
        return await client.rerun()
    finally:
        await client.close()


def run_scenario(pg: Postgres, sc: Scenario, args: argparse.Namespace) -> dict[str, Any]:
    print(f"\n=== {sc.name}: {sc.participants} participants within {sc.ramp:g} s, {sc.servers} server(s) via nginx")
    db = fresh_database(pg.url)
    L.DraftStore(db)  # the schema, before the servers start
    with app_servers(db, sc.servers) as started, nginx([port for port, _ in started]) as proxy:
        warm = [asyncio.run(warm_up(f"http://127.0.0.1:{port}", args.sheet)) for port, _ in started]
        print("first page load of each fresh server (not counted): " + ", ".join(L.ms(w) for w in warm))
        labels = {f"127.0.0.1:{port}": f"server {i + 1}" for i, (port, _) in enumerate(started)}
        entry = L.Entry([f"http://127.0.0.1:{port}" for port, _ in started], labels, proxy)
        load_args = L.parser().parse_args(
            ["--participants", str(sc.participants), "--think", str(args.think), "--duration", str(sc.duration),
             "--ramp", str(sc.ramp), "--sheet", args.sheet, "--target-p95", str(sc.target_p95),
             "--target-load-p95", str(sc.target_load_p95)]
            + (["--verbose"] if args.verbose else [])
        )  # fmt: skip
        pids = {f"server {i + 1}": proc.pid for i, (_, proc) in enumerate(started)}
        pg_cpu = pg.cpu_s()
        sampler = CpuSampler({**pids, "PostgreSQL": pg.cpu_s, "client": os.getpid()}) if args.trace else None
        result = asyncio.run(L.run(load_args, db, entry, pids))
        result["pg_cpu"] = pg.cpu_s() - pg_cpu
        if sampler is not None:
            sampler.stop()
            write_trace(Path(args.trace), sc, result["stats"], sampler)
    result["db_mb"] = database_mb(db)
    st: L.Stats = result["stats"]
    runs = len(st.edits) + len(st.auto) + len(st.dashboard) + len(st.loads)
    print(
        f"PostgreSQL      CPU {result['pg_cpu']:.1f} s over the run ({result['pg_cpu'] / max(runs, 1) * 1000:.1f} ms per "
        f"page run), database {result['db_mb']:.1f} MB"
    )
    result["scenario"] = sc
    result["think"] = args.think
    return result


def summary(results: list[dict[str, Any]]) -> bool:
    print("\n=== summary (through nginx; latencies: p50 / p95 / max in ms)")
    print(
        f"{'scenario':<28} {'page load':>18} {'edit rerun':>18}  per-server edit p95   err lost  "
        "CPU s: servers / PG / client  target"
    )
    all_ok = True
    for r in results:
        sc: Scenario = r["scenario"]
        st: L.Stats = r["stats"]

        def trio(v: list[float]) -> str:
            return "/".join(f"{x * 1000:.0f}" for x in (L.pct(v, 0.5), L.pct(v, 0.95), max(v, default=float("nan"))))

        per = " ".join(f"{L.pct(v, 0.95) * 1000:.0f}" for _, v in sorted(st.edits_by_server.items()))
        if sc.target_load_p95:
            verdict = f"load p95 ≤ {sc.target_load_p95:g}: {'met' if r['load_ok'] else 'NOT met'}"
            ok = r["load_ok"]
        else:
            verdict = f"edit p95 ≤ {sc.target_p95:g}, 0/0: {'met' if r['edit_ok'] else 'NOT met'}"
            ok = r["edit_ok"]
        all_ok = all_ok and ok
        cpu = f"{sum(r['cpu'].values()):.0f} / {r['pg_cpu']:.0f} / {r['client_cpu']:.0f} in {r['wall']:.0f} s"
        print(
            f"{sc.name:<28} {trio(st.loads):>18} {trio(st.edits):>18}  {per:<20} {len(st.errors):4d} "
            f"{r['lost']:4d}  {cpu:<28} {verdict}"
        )
    sizing(results)
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average now {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return all_ok


def sizing(results: list[dict[str, Any]]) -> None:
    """What a larger day needs, from CPU counted (not from latencies, which a shared box distorts):
    CPU per page run of the app servers and of PostgreSQL, the page runs one participant causes per
    second, and from them the participants one core carries at 70 % busy (queueing stays short)."""
    print("\n=== sizing (CPU seconds counted per process; all page runs of the scenario incl. joins)")
    for r in results:
        sc: Scenario = r["scenario"]
        if sc.target_load_p95:
            continue
        st: L.Stats = r["stats"]
        runs = len(st.loads) + len(st.edits) + len(st.auto) + len(st.dashboard)
        app_ms = sum(r["cpu"].values()) / max(runs, 1) * 1000
        pg_ms = r["pg_cpu"] / max(runs, 1) * 1000
        rate = (len(st.edits) + len(st.auto)) / max(sc.duration * sc.participants, 1e-9)  # runs per participant-s
        expected = 1 / max(float(r["think"]), 1e-9)  # edits per participant-s asked for
        saturated = len(st.edits) < 0.8 * expected * sc.duration * sc.participants
        per_core = 0.7 / max(rate * app_ms / 1000, 1e-9)
        pg_per_core = 0.7 / max(rate * pg_ms / 1000, 1e-9)
        print(
            f"{sc.name:<28} app {app_ms:5.1f} ms CPU per page run, PostgreSQL {pg_ms:4.1f} ms; "
            f"{rate:.3f} runs per participant per s -> ~{per_core:.0f} participants per app-server core, "
            f"~{pg_per_core:.0f} per PostgreSQL core (70 % busy)"
            + ("  [SATURATED: fewer edits served than asked for; use the other rows]" if saturated else "")
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("edits", "joins"), help="run one group of scenarios")
    parser.add_argument("--participants", type=int, nargs="+", default=[60, 200, 400], help="edits: participant counts")
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="edits: seconds over which everyone joins (default by size)"
    )
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds of editing (edits)")
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between one participant's edits")
    parser.add_argument("--sheet", default="issue_sheet", choices=L.W.WORKSHOP_SHEETS)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--trace", help="append each rerun's latency and per-process CPU every 0.5 s (JSON lines)")
    args = parser.parse_args()
    groups = scenarios(args)
    chosen = [sc for name, group in groups.items() if args.only in (None, name) for sc in group]
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with postgres() as pg:
        results = [run_scenario(pg, sc, args) for sc in chosen]
    return 0 if summary(results) else 1


if __name__ == "__main__":
    sys.exit(main())
