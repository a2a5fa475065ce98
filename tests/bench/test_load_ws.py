"""The workshop load script still speaks Streamlit's protocol: a short run with two participants
edits, gets its reruns back, and loses nothing (the full 60-person run is a benchmark, not a test)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_load_script_runs_and_reports_its_figures() -> None:
    args = ["--participants", "2", "--think", "0.5", "--duration", "4", "--ramp", "1", "--target-p95", "5000"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_ws.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    edits = re.search(r"edit reruns\s+n=\s*(\d+)\s+p50 (\d+) ms\s+p95 (\d+) ms", out)
    assert edits is not None, out
    assert int(edits.group(1)) >= 4  # both participants edited several times
    assert re.search(r"dashboard\s+n=\s*\d+", out)
    assert re.search(r"^errors\s+0$", out, re.M), out
    assert re.search(r"^lost edits\s+0 of (\d+) edits", out, re.M), out
    assert int(re.search(r"^lost edits\s+0 of (\d+)", out, re.M).group(1)) >= 4  # type: ignore[union-attr]
    assert re.search(r"server RSS\s+start \d+ MB, max \d+ MB", out)


def test_load_script_spreads_participants_over_two_servers_on_one_postgresql(postgres_url: str) -> None:
    args = ["--participants", "4", "--think", "0.5", "--duration", "12", "--ramp", "2", "--target-p95", "5000",
            "--servers", "2", "--db", postgres_url]  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_ws.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "servers      2 on store postgresql://" in out
    per_server = re.findall(r"server (\d)\s+n=\s*(\d+)\s+p50 \d+ ms\s+p95 \d+ ms", out)
    assert [s for s, _ in per_server] == ["1", "2"], out
    assert all(int(n) >= 2 for _, n in per_server), out  # both servers served edits
    assert re.search(r"^errors\s+0$", out, re.M), out
    assert re.search(r"^lost edits\s+0 of ([4-9]|\d\d+) edits", out, re.M), out
