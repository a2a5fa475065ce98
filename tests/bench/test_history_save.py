"""The history bench still runs and reports save time, edit-rerun time and bytes per version."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_history_bench_reports_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "history_save.py"), "--repeat", "6", "--versions", "40"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert re.search(r"store\.save with 40 versions: median [\d.]+ ms, p95 [\d.]+ ms", out), out
    assert re.search(r"edit-rerun \(AppTest, 詳細版\) with 40 versions: median [\d.]+ ms, p95 [\d.]+ ms", out), out
    sizes = re.search(r"history size: (\d+) versions, (\d+) bytes per version stored \(model JSON (\d+) bytes", out)
    assert sizes is not None, out
    assert int(sizes.group(1)) >= 40
    assert 0 < int(sizes.group(2)) < int(sizes.group(3))  # compressed: smaller than a full copy
