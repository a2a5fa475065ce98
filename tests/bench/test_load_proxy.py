"""issue 19: the one-command prefecture bench really drives the shipped nginx configuration in front
of two app servers on a real PostgreSQL: a short run spreads participants over both servers through
the proxy, reports each server's figures, and finds every answered edit in the store."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_proxy_bench_spreads_participants_over_two_servers_and_loses_nothing(tmp_path: Path) -> None:
    trace = tmp_path / "trace.jsonl"
    args = ["--only", "edits", "--participants", "12", "--ramp", "3", "--duration", "10", "--think", "1"]
    args += ["--trace", str(trace)]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_proxy.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    out = done.stdout
    assert "servers      2 on store postgresql://" in out, out + done.stderr
    assert "behind the proxy http://127.0.0.1:" in out
    loads = dict(re.findall(r"^  (server \d) load\s+n=\s*(\d+)\s+p50", out, re.M))
    assert set(loads) == {"server 1", "server 2"}, out
    edits = re.findall(r"^  (server \d)\s+n=\s*(\d+)\s+p50", out, re.M)
    assert [s for s, _ in edits] == ["server 1", "server 2"], out
    assert sum(int(n) for _, n in loads.items()) == 12  # everyone entered through the proxy
    assert all(int(n) >= 1 for _, n in edits), out  # the proxy sent participants to both servers
    assert re.search(r"^errors\s+0$", out, re.M), out
    checked = re.search(r"^lost edits\s+(\d+) of (\d+) edits", out, re.M)
    assert checked is not None, out
    assert checked.group(1) == "0", out
    assert int(checked.group(2)) >= 24, out  # 12 participants, think 1 s, 10 s: many edits checked
    assert re.search(r"^edits 12 / 2 servers\s+\d+/\d+/\d+\s+\d+/\d+/\d+", out, re.M), out  # the summary table
    rows = [json.loads(line) for line in trace.read_text().splitlines()]  # --trace: every rerun, CPU every 0.5 s
    assert rows[0] == {"scenario": "edits 12 / 2 servers"}
    reruns = [r for r in rows if "ms" in r]
    assert {r["server"] for r in reruns} == {"server 1", "server 2"}
    assert len([r for r in reruns if r["kind"] == "edit"]) == int(checked.group(2))
    cpu = [r["cpu"] for r in rows if "cpu" in r]
    assert len(cpu) >= 15
    assert {"server 1", "server 2", "PostgreSQL", "client"} <= set(cpu[-1])
    assert cpu[-1]["server 1"] > cpu[0]["server 1"]  # counted, not constant
    assert done.returncode in (0, 1)  # 1 only if this loaded test machine missed the latency target
