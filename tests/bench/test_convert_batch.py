"""The batch-conversion bench still runs and prints its figures (a short run: 3 sheets)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_convert_bench_prints_batch_and_per_file_times() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "convert_batch.py"), "--sheets", "3"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"batch CLI\s+\d+\.\d+ s\s+\(one process, pool; 3 PDFs\)", done.stdout), done.stdout
    assert re.search(r"per-file CLI\s+\d+\.\d+ s .* ratio \d+\.\d×", done.stdout), done.stdout
    assert "LibreOffice" in done.stdout
