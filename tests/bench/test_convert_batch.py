"""The batch-conversion bench still runs and prints its figures (a short run: 3 sheets)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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


def test_convert_bench_compares_with_libreoffice_or_says_it_is_missing(tmp_path: Path) -> None:
    """Installed: LibreOffice's time on the same xlsx and the ratio. Not installed (a PATH without
    it): a clear line saying so and only the CLI figure — never a made-up comparison."""
    import os
    import shutil

    bench = [sys.executable, str(ROOT / "bench" / "convert_batch.py"), "--sheets", "2", "--skip-per-file"]
    hidden = {**os.environ, "PATH": str(tmp_path)}  # no libreoffice / soffice on it
    done = subprocess.run(bench, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False, env=hidden)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"batch CLI\s+\d+\.\d+ s", done.stdout)
    assert "LibreOffice     NOT INSTALLED: no comparison" in done.stdout
    assert "ratio" not in done.stdout
    if shutil.which("libreoffice") or shutil.which("soffice"):
        done = subprocess.run(bench, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert re.search(r"LibreOffice\s+\d+\.\d+ s\s+\(.*--convert-to pdf --outdir, 2 PDFs\)", done.stdout), done.stdout
        assert re.search(r"ratio\s+\d+\.\d× \(LibreOffice / batch CLI; target ≥ 5×: (met|NOT met)\)", done.stdout)
