"""Batch conversion, whole process, side by side in one run: N sheets (xlsx made by the app from
the bundled samples) → PDF with ``worksheets convert DIR -o OUT`` (one process, a pool on every
core), against one ``worksheets convert`` process per file, and against
``libreoffice --headless --convert-to pdf --outdir`` of the same xlsx when LibreOffice is installed
(it is never installed by CI; the line then says so).

    python bench/convert_batch.py [--sheets 40] [--skip-per-file] [--repeat 3]

LibreOffice runs with a fresh profile of its own in a temporary folder (never the user's), first
once on one file to create that profile (not timed: a real user's LibreOffice has one), then on all
N files in one ``--convert-to pdf --outdir`` call, as the issue measured it. Each figure is the
best of ``--repeat`` runs. Target (issue 19): the batch CLI ≥ 5× faster than LibreOffice.
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


def seconds(cmd: list[str], timeout: float | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=timeout)
    return time.perf_counter() - start


def libreoffice(office: str, files: list[Path], tmp: Path, repeat: int) -> tuple[float, int]:
    """Best time of ``office --headless --convert-to pdf --outdir`` over all files, and how many
    PDFs it wrote."""
    profile = f"-env:UserInstallation=file://{tmp / 'lo-profile'}"
    base = [office, profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir"]
    subprocess.run([*base, str(tmp / "lo-warm"), str(files[0])], check=True, capture_output=True, timeout=300)
    best = float("inf")
    for n in range(repeat):
        out = tmp / f"lo-{n}"
        best = min(best, seconds([*base, str(out), *map(str, files)], timeout=600))
    return best, len(list(out.glob("*.pdf")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=40)
    parser.add_argument("--skip-per-file", action="store_true", help="do not time one process per file")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs (batch CLI and LibreOffice)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "in"
        src.mkdir()
        files = prepare(src, args.sheets)
        batch = min(seconds([*CLI, "convert", str(src), "-o", str(tmp / f"batch-{n}")]) for n in range(args.repeat))
        made = len(list((tmp / "batch-0").glob("*.pdf")))
        print(f"sheets          {args.sheets} xlsx → PDF on {cores} cores, load average {os.getloadavg()[0]:.1f}")
        print(f"batch CLI       {batch:.2f} s  (one process, pool; {made} PDFs)")
        if not args.skip_per_file:
            per = tmp / "per"
            per.mkdir()
            start = time.perf_counter()
            for f in files:
                subprocess.run([*CLI, "convert", str(f), "-o", str(per / (f.stem + ".pdf"))], cwd=ROOT, check=True,
                               capture_output=True)  # fmt: skip
            one_each = time.perf_counter() - start
            print(f"per-file CLI    {one_each:.2f} s  (one process per file)  ratio {one_each / batch:.1f}×")
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if not office:
            print("LibreOffice     NOT INSTALLED: no comparison, only the CLI figure above "
                  "(apt-get install -y --no-install-recommends libreoffice-calc-nogui)")  # fmt: skip
            return 0 if made == args.sheets else 1
        try:
            lo, lo_made = libreoffice(office, files, tmp, args.repeat)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            print(f"LibreOffice     FAILED ({type(exc).__name__}): no comparison")
            return 1
        ratio = lo / batch
        print(f"LibreOffice     {lo:.2f} s  ({office} --headless --convert-to pdf --outdir, {lo_made} PDFs)")
        print(f"ratio           {ratio:.1f}× (LibreOffice / batch CLI; target ≥ 5×: {'met' if ratio >= 5 else 'NOT met'})")
    return 0 if made == args.sheets and lo_made == args.sheets else 1


if __name__ == "__main__":
    sys.exit(main())
