"""Batch conversion, whole process, side by side in one run: N sheets (xlsx made by the app from
the bundled samples) → PDF with ``worksheets convert DIR -o OUT`` (one process, a pool on every
core), against one ``worksheets convert`` process per file, and against
``libreoffice --headless --convert-to pdf --outdir`` of the same xlsx when LibreOffice is installed
(it is never installed by CI; the line then says so).

    python bench/convert_batch.py [--sheets 40] [--skip-per-file]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "worksheets"]


def prepare(folder: Path, n: int) -> list[Path]:
    samples = sorted((ROOT / "data" / "samples").glob("*.json"))
    out = []
    for i, sample in enumerate(islice(cycle(samples), n)):
        dest = folder / f"{i:02d}_{sample.stem}.xlsx"
        subprocess.run([*CLI, "convert", str(sample), "-o", str(dest)], cwd=ROOT, check=True, capture_output=True)
        out.append(dest)
    return out


def seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=40)
    parser.add_argument("--skip-per-file", action="store_true", help="do not time one process per file")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        files = prepare(src, args.sheets)
        batch = seconds([*CLI, "convert", str(src), "-o", str(Path(tmp) / "batch")])
        made = len(list((Path(tmp) / "batch").glob("*.pdf")))
        print(f"sheets          {args.sheets} xlsx → PDF on {cores} cores")
        print(f"batch CLI       {batch:.2f} s  (one process, pool; {made} PDFs)")
        if not args.skip_per_file:
            per = Path(tmp) / "per"
            per.mkdir()
            start = time.perf_counter()
            for f in files:
                subprocess.run([*CLI, "convert", str(f), "-o", str(per / (f.stem + ".pdf"))], cwd=ROOT, check=True,
                               capture_output=True)  # fmt: skip
            one_each = time.perf_counter() - start
            print(f"per-file CLI    {one_each:.2f} s  (one process per file)  ratio {one_each / batch:.1f}×")
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if office:
            lo = seconds([office, "--headless", "--convert-to", "pdf", "--outdir", str(Path(tmp) / "lo"), *map(str, files)])
            print(f"LibreOffice     {lo:.2f} s  ratio {lo / batch:.1f}× (target ≥ 5×)")
        else:
            print("LibreOffice     not installed (apt-get install -y libreoffice-calc-nogui to compare)")
    return 0 if made == args.sheets else 1


if __name__ == "__main__":
    sys.exit(main())
