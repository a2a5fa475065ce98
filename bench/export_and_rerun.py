"""Prints, in one run: PDF export time of the 福岡市 sample, LibreOffice's time to turn the app's
own xlsx of it into a PDF (and the ratio), Excel export/import time, and the sheet page's rerun time.

    python bench/export_and_rerun.py [--repeat 20]

LibreOffice is needed only here (Debian: apt-get install -y libreoffice-calc-nogui); without it the
LibreOffice line says so and the other figures are still printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worksheets.document import document_from_dict  # noqa: E402
from worksheets.formats import pdf_format, xlsx_format  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def libreoffice_seconds(xlsx: bytes) -> float | None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sample.xlsx"
        src.write_bytes(xlsx)
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        subprocess.run(
            [office, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
            timeout=300,
        )  # warm-up: first start builds a profile
        start = time.perf_counter()
        subprocess.run(
            [office, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        elapsed = time.perf_counter() - start
        assert (Path(tmp) / "sample.pdf").stat().st_size > 0
        return elapsed


def rerun_seconds(repeat: int) -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    os.environ.setdefault("WORKSHEETS_DB", str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/issue_sheet.py")
    at.run()
    assert not at.exception
    return timed(at.run, repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sample = json.loads((ROOT / "data/samples/issue_detail_fukuoka.json").read_text(encoding="utf-8"))
    doc = document_from_dict(sample)
    pdf_format.export(doc)  # font registration happens once per process
    pdf_med, pdf_max = timed(lambda: pdf_format.export(doc), args.repeat)
    xlsx = xlsx_format.export(doc)
    xw_med, _ = timed(lambda: xlsx_format.export(doc), args.repeat)
    xr_med, _ = timed(lambda: xlsx_format.import_(xlsx), args.repeat)
    print(f"PDF export (福岡市 sample, app/reportlab): median {pdf_med * 1000:.1f} ms, max {pdf_max * 1000:.1f} ms")
    print(f"Excel export: median {xw_med * 1000:.1f} ms; Excel import: median {xr_med * 1000:.1f} ms")
    lo = libreoffice_seconds(xlsx)
    if lo is None:
        print("LibreOffice xlsx->pdf: not installed (apt-get install -y libreoffice-calc-nogui)")
    else:
        print(
            f"LibreOffice xlsx->pdf (app's own xlsx, warm profile): {lo * 1000:.0f} ms; "
            f"ratio LibreOffice / app PDF = {lo / pdf_med:.0f}x"
        )
    rr_med, rr_max = rerun_seconds(args.repeat)
    print(f"課題整理シート page rerun (AppTest): median {rr_med * 1000:.1f} ms, max {rr_max * 1000:.1f} ms")


if __name__ == "__main__":
    main()
