"""Batch conversion for the command line: many files (or folders) into one output folder, in one
process with a pool of worker processes (one per core), a progress bar on a terminal and a summary
of the files that could not be converted. A bad file never stops the batch.

``worksheets convert a.json b.xlsx sheets/ -o out/`` → ``out/a.pdf``, ``out/b.pdf``, ``out/<each sheet>.pdf``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from worksheets import formats
from worksheets.errors import InputError

TARGETS = tuple(formats.FORMATS)
SOURCES = formats.READABLE
LABELS = {ext.removeprefix("."): formats.info(ext).title for ext in TARGETS}
_BAR = 30


@dataclass(frozen=True)
class Result:
    source: str
    output: str
    error: str | None = None
    warnings: tuple[str, ...] = field(default=())


def convert_file(source: str, output: str) -> Result:
    """Convert one file; every failure becomes a Japanese message in :attr:`Result.error`."""
    try:
        from worksheets import formats
        from worksheets.formats import pdf_format
        from worksheets.formats.limits import MAX_UPLOAD_BYTES

        src = Path(source)
        if not src.is_file():
            raise InputError(f"ファイル「{source}」が見つかりません。")
        with src.open("rb") as fh:
            data = fh.read(MAX_UPLOAD_BYTES + 1)
        doc = formats.load(src.name, data)
        out = formats.export(doc, output)
        warnings = tuple(pdf_format.warnings(doc)) if output.lower().endswith(".pdf") else ()
        tmp = Path(output + ".tmp")
        tmp.write_bytes(out)
        tmp.replace(output)  # never a half-written file under the final name
        return Result(source, output, None, warnings)
    except InputError as exc:
        return Result(source, output, str(exc))
    except OSError as exc:
        return Result(source, output, f"ファイルを読み書きできません（{exc.strerror or exc}）。")
    except Exception as exc:  # a defect in one file must not stop the batch
        return Result(source, output, f"予期しない問題で変換できませんでした（{type(exc).__name__}）。")


def collect(inputs: Iterable[str]) -> tuple[list[Path], list[Result]]:
    """The files to convert (folders: every .json/.xlsx inside, sorted) and the inputs that are
    already known to fail (missing, unsupported type)."""
    files: list[Path] = []
    bad: list[Result] = []
    seen: set[Path] = set()
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCES)
        elif p.is_file():
            if p.suffix.lower() not in SOURCES:
                bad.append(Result(item, "", formats.NOT_READABLE))
                continue
            found = [p]
        else:
            bad.append(Result(item, "", f"ファイル「{item}」が見つかりません。"))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, bad


def output_names(files: Sequence[Path], outdir: Path, to: str) -> list[Path]:
    """``<stem>.<to>`` in ``outdir``, unique case-insensitively (``a.json`` and ``a.xlsx`` →
    ``a.pdf`` and ``a_2.pdf``)."""
    used: set[str] = set()
    out: list[Path] = []
    for f in files:
        name, n = f"{f.stem}.{to}", 2
        while name.casefold() in used or (outdir / name).resolve() == f.resolve():
            name, n = f"{f.stem}_{n}.{to}", n + 1
        used.add(name.casefold())
        out.append(outdir / name)
    return out


class Progress:
    """A one-line progress bar on a terminal (nothing when stderr is a file or a pipe)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream
        self.live = stream.isatty()

    def step(self, result: Result) -> None:
        self.done += 1
        self.failed += result.error is not None
        if self.live:
            filled = _BAR * self.done // max(self.total, 1)
            failed = f"　失敗 {self.failed}件" if self.failed else ""
            line = f"\r変換中 [{'#' * filled}{'-' * (_BAR - filled)}] {self.done}/{self.total}{failed}"
            self.stream.write(line)
            self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()


def _import_openpyxl_without_numpy() -> None:
    """openpyxl imports numpy (≈80 ms, a twelfth of a 40-sheet batch) only to accept numpy's
    number types in cells; a conversion hands it none. So the batch imports it with numpy hidden,
    unless this process has loaded either already (then nothing changes)."""
    if "numpy" in sys.modules or "openpyxl" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


def _warm(outputs: Sequence[str]) -> None:
    """Import the formats and register the font once in the parent, so forked workers start warm
    (openpyxl only when some file becomes Excel: reading .xlsx does not need it)."""
    if any(o.lower().endswith(".xlsx") for o in outputs):
        _import_openpyxl_without_numpy()
    from worksheets.formats import json_format, pdf_format, xlsx_format  # noqa: F401
    from worksheets.formats.fonts import register

    register()


def convert_all(
    jobs: Sequence[tuple[str, str]], workers: int, progress: Progress | None = None
) -> list[Result]:
    """Convert every (source, output) pair; in-process for one file or one worker, else a pool."""
    results: list[Result] = []
    if workers <= 1 or len(jobs) <= 1:
        for source, output in jobs:
            results.append(convert_file(source, output))
            if progress:
                progress.step(results[-1])
        return results
    _warm([output for _, output in jobs])
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pending = dict.fromkeys(jobs)
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
            futures = {pool.submit(convert_file, s, o): (s, o) for s, o in jobs}
            for future in as_completed(futures):
                result = future.result()
                pending.pop(futures[future], None)
                results.append(result)
                if progress:
                    progress.step(result)
    except BrokenProcessPool:  # a worker died (out of memory, killed): report the rest, do not hang
        for source, output in pending:
            results.append(Result(source, output, "変換用のプロセスが異常終了したため変換できませんでした。"))
            if progress:
                progress.step(results[-1])
    return results


def run(inputs: Sequence[str], outdir: Path, to: str = "pdf", jobs: int | None = None,
        out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The ``convert IN [IN …] -o OUTDIR`` command: exit 0 when every file converted, else 1."""
    out = out or sys.stdout
    err = err or sys.stderr
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"出力先「{outdir}」はフォルダーではありません。複数のファイルはフォルダーへ変換します。")
    files, bad = collect(inputs)
    if not files and not bad:
        raise InputError("変換する .json / .xlsx のファイルが見つかりません。")
    outdir.mkdir(parents=True, exist_ok=True)
    pairs = [(str(f), str(o)) for f, o in zip(files, output_names(files, outdir, to), strict=True)]
    workers = jobs if jobs and jobs > 0 else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                            else os.cpu_count() or 1)
    progress = Progress(len(pairs), err)
    results = convert_all(pairs, workers, progress)
    progress.close()
    failed = bad + [r for r in results if r.error]
    converted = len(results) - sum(1 for r in results if r.error)
    for r in sorted(results, key=lambda r: r.source):
        for warning in r.warnings:
            print(f"注意: {r.source}: {warning}", file=err)
    total = len(results) + len(bad)
    print(f"{total}件中{converted}件を{LABELS[to]}に変換しました（出力先: {outdir}）。", file=out)
    if failed:
        print(f"変換できなかったファイル（{len(failed)}件）:", file=err)
        for r in sorted(failed, key=lambda r: r.source):
            print(f"  {r.source}: {r.error}", file=err)
        return 1
    return 0
