"""The facilitator's bundle: one ZIP with every team's sheets as PDF, one Excel workbook with
every answer (one row per participant and sheet, for 集計) and the JSON files.

Layout of the ZIP::

    pdf/<チーム>.pdf                     every member's sheets, member by member, drawn into one
                                         reportlab canvas (one embedded font subset per team); each
                                         page's header names the member (「参加者：山田（1班）」)
    集計.xlsx                            「一覧」 (participant × sheet) and one worksheet per sheet type
    json/<チーム>/<表示名>_<シート>.json  the same files the sheet pages download
    作成できなかった項目.txt              only when some item failed: which, and why (Japanese)

Each item is built on its own: one that fails (a draft that no longer reads, say) is listed in
the report and every other item is still delivered. File and folder names are made safe
(no separators, control or reserved characters, no Windows device names such as CON) and then
made unique case-insensitively, so 「A/B」「A_B」「a:b」 become three files, not one.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import pickle
import re
import sys
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from worksheets import render_cache
from worksheets.document import document_from_stored
from worksheets.errors import InputError
from worksheets.formats import json_format, pdf_format
from worksheets.formats.fonts import printable, register
from worksheets.formats.pdf_format import shared_canvas
from worksheets.formats.xlsx_format import put_text
from worksheets.store import DraftStore
from worksheets.text import clean_name
from worksheets.workshop import Progress, Workshop, answers, display_names, progress, sheet_title

SUMMARY_SHEET = "一覧"
SUMMARY_HEADER = ("チーム", "表示名", "シート", "記入率（%）", "最低限の項目", "未記入の最低限項目", "最終更新")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_HEAD_FILL = PatternFill("solid", fgColor="44546A")
_WRAP = Alignment(wrap_text=True, vertical="top")
REPORT_NAME = "作成できなかった項目.txt"
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
ENV_WORKERS = "WORKSHEETS_BUNDLE_WORKERS"
ENV_NICE = "WORKSHEETS_BUNDLE_NICE"
DEFAULT_NICE = 10
ENV_PRERENDER = "WORKSHEETS_BUNDLE_PRERENDER_S"
DEFAULT_PRERENDER_S = 60
HEADER_SIZE = 8  # pt; the header line sits in the top margin, mirroring the footer
_log = logging.getLogger(__name__)


def safe_name(text: str, limit: int = 40) -> str:
    """A file or folder name from user text: no path separators, control or reserved characters,
    no Windows device name (CON, NUL, COM1 … also with an extension)."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", clean_name(text))).strip(" .")
    cleaned = cleaned[:limit].rstrip(" .") or "_"
    if cleaned.split(".")[0].rstrip(" ").upper() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned


def unique_names(items: Iterable[tuple[str, str]], limit: int = 40) -> dict[str, str]:
    """key -> a safe name, unique case-insensitively among these (a numbered suffix when two
    names become the same once made safe: 「A/B」 and 「A_B」 → 「A_B」「A_B_2」)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for key, text in items:
        if key in out:
            continue
        base = safe_name(text, limit)
        name, n = base, 2
        while name.casefold() in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name.casefold())
        out[key] = name
    return out


@dataclass
class Bundle:
    data: bytes
    problems: list[str] = field(default_factory=list)  # Japanese, one per item left out


def _stamp(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else ""


def _minimum_text(row: Progress) -> str:
    if row.minimum_done is None:
        return "未着手"
    return "そろった" if row.minimum_done else "未記入あり"


def _header(ws: object, values: list[str]) -> None:
    ws.append(values)  # type: ignore[attr-defined]
    for cell in ws[1]:  # type: ignore[index]
        cell.font = _HEAD_FONT
        cell.fill = _HEAD_FILL
        cell.alignment = _WRAP
    ws.freeze_panes = "C2"  # type: ignore[attr-defined]


def workbook(workshop: Workshop, rows: list[Progress]) -> bytes:
    """「一覧」: one row per participant and sheet; then per sheet type one row per participant
    with every answer in its own column (group items expanded: 課題1, 課題2 …)."""
    names = display_names(list({r.participant.id: r.participant for r in rows}.values()))
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    _header(summary, list(SUMMARY_HEADER))
    for row in rows:
        summary.append([None, None, sheet_title(row.sheet_type), row.percent, _minimum_text(row), None, None])
        r = summary.max_row
        put_text(summary.cell(row=r, column=1), clean_name(row.participant.team))
        put_text(summary.cell(row=r, column=2), names.get(row.participant.id, clean_name(row.participant.name)))
        put_text(summary.cell(row=r, column=6), "、".join(row.missing))
        put_text(summary.cell(row=r, column=7), _stamp(row.updated_at))
    for sheet_type in workshop.sheets:
        ws = wb.create_sheet(safe_name(sheet_title(sheet_type), 31))
        these = [r for r in rows if r.sheet_type == sheet_type]
        filled = {r.participant.id: answers(r.draft) for r in these if r.draft is not None and not r.error}
        labels: list[str] = []
        for pairs in filled.values():
            for label, _ in pairs:
                if label not in labels:
                    labels.append(label)
        _header(ws, ["チーム", "表示名", *labels])
        for n, r in enumerate(these, start=2):
            values = dict(filled.get(r.participant.id, []))
            put_text(ws.cell(row=n, column=1), clean_name(r.participant.team))
            put_text(ws.cell(row=n, column=2), names.get(r.participant.id, clean_name(r.participant.name)))
            for i, label in enumerate(labels, start=3):
                cell = ws.cell(row=n, column=i)
                put_text(cell, values.get(label, ""))
                cell.alignment = _WRAP  # one shared style object: building one per cell cost ≈ 0.1 s
        for i in range(1, len(labels) + 3):
            ws.column_dimensions[get_column_letter(i)].width = 14 if i <= 2 else 30
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    summary.column_dimensions["A"].width = 14
    summary.column_dimensions["B"].width = 14
    summary.column_dimensions["C"].width = 26
    summary.column_dimensions["F"].width = 40
    summary.column_dimensions["G"].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class _TeamCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types: its Canvas is Any
    """One team's PDF: every member's sheets drawn onto this one canvas (so the PDF embeds one
    font subset, not one per sheet), each page headed with the member's name, one outline entry
    per sheet. The sheets' own ``save`` calls are ignored; :meth:`finish` writes the file."""

    def __init__(self, buf: io.BytesIO, title: str) -> None:
        font = register()
        super().__init__(buf, invariant=1, initialFontName=font)
        self._team_title = title
        self.header = ""
        self._outline: str | None = None
        self._entries = 0

    def start(self, header: str, outline: str) -> None:
        self.header, self._outline = header, outline

    def showPage(self) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setFont(register(), HEADER_SIZE)
        self.drawRightString(width - 10 * mm, height - 6 * mm, printable(self.header))
        self.restoreState()
        if self._outline is not None:
            key = f"sheet{self._entries}"
            self.bookmarkPage(key)
            self.addOutlineEntry(self._outline, key, level=0)
            self._entries += 1
            self._outline = None
        super().showPage()

    def save(self) -> None:
        """Ignored: a sheet finishing its document must not close the team's PDF."""

    def finish(self) -> None:
        self.setTitle(self._team_title)
        self.setAuthor("官民連携ワークシート")
        self.showOutline()
        super().save()


def team_pdf(title: str, parts: list[tuple[str, str, object]]) -> tuple[bytes, list[int]]:
    """One PDF of ``parts`` (header text, outline title, Document), drawn on one canvas.
    Returns the bytes and the indexes of the parts that failed (left out)."""
    failed: list[int] = []
    while True:
        buf = io.BytesIO()
        canvas = _TeamCanvas(buf, title)
        broke: int | None = None
        with shared_canvas(canvas):
            for i, (header, outline, doc) in enumerate(parts):
                if i in failed:
                    continue
                canvas.start(header, outline)
                try:
                    pdf_format.export(doc)  # type: ignore[arg-type]
                except Exception:
                    broke = i
                    break
        if broke is None:
            canvas.finish()
            return buf.getvalue(), failed
        failed.append(broke)  # start again without it: its half-drawn pages must not stay


def _failed(problems: list[str], what: str, exc: Exception) -> None:
    _log.exception("workshop bundle: %s", what)
    reason = str(exc) if isinstance(exc, InputError) else "作成中にエラーが起きました。"
    problems.append(f"{what}：{reason.splitlines()[0] if reason else ''}")


def _workers() -> int:
    """``WORKSHEETS_BUNDLE_WORKERS`` (default: the cores this process may use)."""
    raw = os.environ.get(ENV_WORKERS, "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _nice() -> int:
    """How much lower the worker processes' priority is than the app server's
    (``WORKSHEETS_BUNDLE_NICE``, default 10): on a busy box the participants' reruns get the
    cores first and the bundle takes what is left."""
    raw = os.environ.get(ENV_NICE, "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_NICE


_POOL: ProcessPoolExecutor | None = None
_POOL_SIZE = 0
_POOL_LOCK = threading.Lock()


def _lower_priority(increment: int) -> None:
    """A worker's first step, before any heavy import: run below the app server (where ``os.nice`` exists)."""
    if hasattr(os, "nice"):
        os.nice(increment)


def _render_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for the team PDFs, started once and reused (``forkserver``: a Streamlit
    server is multi-threaded, so it is never forked itself). Rendering there keeps the CPU work off
    the app server's interpreter: participants' reruns are not slowed by the GIL."""
    global _POOL, _POOL_SIZE
    with _POOL_LOCK:
        if _POOL is None or workers != _POOL_SIZE:
            if _POOL is not None:
                _POOL.shutdown(wait=False)
            context = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
            _POOL = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_lower_priority, initargs=(_nice(),)
            )
            _POOL_SIZE = workers
        return _POOL


def _drop_pool() -> None:
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None:
            _POOL.shutdown(wait=False, cancel_futures=True)
        _POOL = None


TeamResult = tuple[bytes, list[int]] | Exception


def _one(title: str, parts: list[tuple[str, str, object]]) -> TeamResult:
    try:
        return team_pdf(title, parts)
    except Exception as exc:
        return exc


Jobs = dict[str, tuple[str, list[tuple[str, str, object]]]]


def start_render(jobs: Jobs, workers: int) -> Callable[[], dict[str, TeamResult]]:
    """Start rendering folder -> (title, parts) with :func:`team_pdf` and return the call that
    waits for the results, so the caller can do its own work meanwhile. In worker processes when
    there is more than one worker (the pool keeps ``workers`` processes, even for one team: one
    that shrank and grew again would start new processes each time); in this thread otherwise, or
    when the workers cannot be used (then the same work is simply done here)."""
    if workers > 1 and jobs:
        try:
            pool = _render_pool(workers)
            futures = {folder: pool.submit(_one, title, parts) for folder, (title, parts) in jobs.items()}
        except (BrokenProcessPool, OSError, pickle.PicklingError, RuntimeError):
            _log.warning("workshop bundle: worker processes unavailable, rendering in this thread", exc_info=True)
            _drop_pool()
        else:

            def collect() -> dict[str, TeamResult]:
                try:
                    return {folder: future.result() for folder, future in futures.items()}
                except (BrokenProcessPool, OSError, pickle.PicklingError):
                    _log.warning("workshop bundle: a worker process failed, rendering in this thread", exc_info=True)
                    _drop_pool()
                    return {folder: _one(title, parts) for folder, (title, parts) in jobs.items()}

            return collect
    return lambda: {folder: _one(title, parts) for folder, (title, parts) in jobs.items()}


def _side_files(workshop: Workshop, rows: list[Progress] | None,
                documents: list[tuple[str, str, object]]) -> tuple[list[tuple[str, bytes | Exception]], bytes | Exception | None]:
    """The JSON files (name -> bytes, or the exception that stopped one) and the 集計 workbook
    (``None`` when not asked for). Run in a worker process next to the team PDFs: this is CPU work
    that would otherwise hold the app server's interpreter while participants edit."""
    files: list[tuple[str, bytes | Exception]] = []
    for _, name, doc in documents:
        try:
            files.append((name, json_format.export(doc)))  # type: ignore[arg-type]
        except Exception as exc:
            files.append((name, exc))
    summary: bytes | Exception | None = None
    if rows is not None:
        try:
            summary = workbook(workshop, rows)
        except Exception as exc:
            summary = exc
    return files, summary


def start_side_files(workshop: Workshop, rows: list[Progress] | None, documents: list[tuple[str, str, object]],
                     workers: int) -> Callable[[], tuple[list[tuple[str, bytes | Exception]], bytes | Exception | None]]:
    """:func:`_side_files` in a worker process when there are workers (else here, when collected)."""
    if workers > 1:
        try:
            future = _render_pool(workers).submit(_side_files, workshop, rows, documents)
        except (BrokenProcessPool, OSError, pickle.PicklingError, RuntimeError):
            _log.warning("workshop bundle: worker processes unavailable, JSON and Excel in this thread", exc_info=True)
        else:

            def collect() -> tuple[list[tuple[str, bytes | Exception]], bytes | Exception | None]:
                try:
                    return future.result()
                except (BrokenProcessPool, OSError, pickle.PicklingError):
                    return _side_files(workshop, rows, documents)

            return collect
    return lambda: _side_files(workshop, rows, documents)


def render_teams(jobs: Jobs, workers: int) -> dict[str, TeamResult]:
    """:func:`start_render` and wait for it."""
    return start_render(jobs, workers)()


def build_bundle(store: DraftStore, workshop: Workshop, workers: int | None = None, use_cache: bool = True) -> Bundle:
    """The ZIP, item by item; what could not be made is listed in :attr:`Bundle.problems` and
    in the ZIP's 「作成できなかった項目.txt」. Team PDFs are rendered on ``workers`` processes
    (default ``WORKSHEETS_BUNDLE_WORKERS`` or the number of cores); a team PDF whose every sheet,
    header and title are unchanged since it was last rendered (on any app server sharing the
    store) comes from :mod:`worksheets.render_cache` instead, and so does an unchanged 集計.xlsx.
    A pre-render of this workshop running in this process is waited for first (it renders what this
    build would, and the build then takes its results from the cache)."""
    with _BUILDS_LOCK:
        running = _PRERENDERING.get(workshop.id)
    if running is not None:
        running.wait(PRERENDER_WAIT_S)
    return _counted_build(store, workshop, workers, use_cache)


def _counted_build(store: DraftStore, workshop: Workshop, workers: int | None, use_cache: bool) -> Bundle:
    global _BUILDS
    with _BUILDS_LOCK:
        _BUILDS += 1
    try:
        return _build_bundle(store, workshop, workers, use_cache)
    finally:
        with _BUILDS_LOCK:
            _BUILDS -= 1


def _build_bundle(store: DraftStore, workshop: Workshop, workers: int | None, use_cache: bool) -> Bundle:
    rows = progress(store, workshop)
    people = list({r.participant.id: r.participant for r in rows}.values())
    names = display_names(people)
    teams = unique_names((t, t) for t in [*workshop.teams, *(p.team for p in people)])
    stems: dict[str, str] = {}
    for team in teams:
        stems.update(unique_names(((p.id, p.name) for p in people if p.team == team), 30))
    problems: list[str] = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        team_parts: dict[str, list[tuple[str, tuple[str, str, object]]]] = {}
        team_keys: dict[str, list[tuple[str, str, str, str]]] = {}
        documents: list[tuple[str, str, object]] = []
        for row in rows:
            person = row.participant
            who = f"{names[person.id]}（{clean_name(person.team)}）の「{sheet_title(row.sheet_type)}」"
            if row.draft is None:
                continue
            if row.error:
                problems.append(f"{who}：{row.error.splitlines()[0]}")
                continue
            if not row.started:
                continue
            try:
                doc = document_from_stored(row.sheet_type, row.draft.data)
                folder = teams[person.team]
                stem = f"{stems[person.id]}_{safe_name(sheet_title(row.sheet_type))}"
            except Exception as exc:  # one item must not take the whole bundle down
                _failed(problems, who, exc)
                continue
            documents.append((who, f"json/{folder}/{stem}.json", doc))
            header = f"参加者：{names[person.id]}（{clean_name(person.team)}）"
            outline = f"{names[person.id]} {sheet_title(row.sheet_type)}"
            team_parts.setdefault(folder, []).append((who, (header, outline, doc)))
            team_keys.setdefault(folder, []).append((header, outline, row.sheet_type, row.draft.data))
        jobs = {folder: (f"{workshop.name}：{folder}", [part for _, part in items]) for folder, items in team_parts.items()}
        keys = {folder: render_cache.key("team-pdf", title, team_keys[folder]) for folder, (title, _) in jobs.items()}
        cached = render_cache.get_many(store.db, list(keys.values())) if use_cache else {}
        rendered: dict[str, TeamResult] = {f: (cached[keys[f]], []) for f in jobs if keys[f] in cached}
        try:
            collect = start_render({f: job for f, job in jobs.items() if f not in rendered},
                                   _workers() if workers is None else workers)
        except Exception as exc:
            _failed(problems, "チームごとのPDF", exc)
            collect = dict
        # the JSON files and the 集計 workbook: in a worker too, alongside the team PDFs
        summary_key = render_cache.key("summary-xlsx", list(workshop.sheets), [repr(r) for r in rows])
        summary = render_cache.get_many(store.db, [summary_key]).get(summary_key) if use_cache else None
        n_workers = _workers() if workers is None else workers
        side = start_side_files(workshop, None if summary is not None else rows, documents, n_workers)
        files, made = side()
        for (who, _, _), (name, data) in zip(documents, files, strict=True):
            if isinstance(data, Exception):
                _failed(problems, f"{who}のJSON", data)
            else:
                zf.writestr(name, data)
        if isinstance(made, Exception):
            _failed(problems, "集計用Excel（集計.xlsx）", made)
        elif made is not None:
            summary = made
            if use_cache:
                render_cache.put(store.db, [(summary_key, made)], workshop.id)
        try:
            fresh = collect()
        except Exception as exc:
            _failed(problems, "チームごとのPDF", exc)
            fresh = {}
        if use_cache:  # only whole team PDFs: one that left a sheet out is rendered again next time
            render_cache.put(store.db, [(keys[f], r[0]) for f, r in fresh.items()
                                        if not isinstance(r, Exception) and not r[1]], workshop.id)
        rendered.update(fresh)
        for folder in [f for f in jobs if f in rendered]:
            result = rendered[folder]
            if isinstance(result, Exception):
                _failed(problems, f"チーム「{folder}」のPDF", result)
                continue
            pdf, left_out = result
            for i in left_out:
                problems.append(f"{team_parts[folder][i][0]}のPDF：作成中にエラーが起きました。")
                _log.error("workshop bundle: PDF of %s failed", team_parts[folder][i][0])
            zf.writestr(f"pdf/{folder}.pdf", pdf, compresslevel=1)  # mostly compressed already: the quick level
        if summary is not None:
            zf.writestr("集計.xlsx", summary)
        if problems:
            report = "次の項目は一括ダウンロードに入っていません（ほかの項目はすべて入っています）。\n\n"
            zf.writestr(REPORT_NAME, report + "\n".join(f"・{p}" for p in problems) + "\n")
    return Bundle(buf.getvalue(), problems)


_BUILDS = 0  # bundles being built in this process (a pre-render waits for none to run)
_BUILDS_LOCK = threading.Lock()
_PRERENDERED: dict[str, float] = {}  # workshop id -> when its last pre-render started (monotonic)
_PRERENDERING: dict[str, threading.Event] = {}  # workshop id -> set when its running pre-render ends
PRERENDER_WAIT_S = 120.0


def _prerender_every() -> float:
    raw = os.environ.get(ENV_PRERENDER, "").strip()
    try:
        return float(raw) if raw else DEFAULT_PRERENDER_S
    except ValueError:
        return DEFAULT_PRERENDER_S


def prerender_soon(store: DraftStore, workshop: Workshop) -> bool:
    """Render what changed into the cache, on a background thread, so the facilitator's click on
    「一括ダウンロードを作成する」 finds most team PDFs ready. Cheap to call on every dashboard
    refresh: at most once per ``WORKSHEETS_BUNDLE_PRERENDER_S`` seconds (default 60; 0 turns it
    off) per workshop and process, never while a bundle is being built here, and the rendering
    runs in the niced worker processes. Returns whether a pre-render was started."""
    every = _prerender_every()
    if every <= 0:
        return False
    now = time.monotonic()
    with _BUILDS_LOCK:
        if _BUILDS or now - _PRERENDERED.get(workshop.id, -every) < every:
            return False
        _PRERENDERED[workshop.id] = now
        done = _PRERENDERING[workshop.id] = threading.Event()
        for old in sorted(_PRERENDERED, key=_PRERENDERED.__getitem__)[:-64]:  # bounded: the 64 latest
            del _PRERENDERED[old]

    def work() -> None:
        try:
            _counted_build(store, workshop, None, True)
        except Exception:  # a pre-render only saves time later; the real build reports problems
            _log.warning("workshop bundle: pre-render failed", exc_info=True)
        finally:
            with _BUILDS_LOCK:
                _PRERENDERING.pop(workshop.id, None)
            done.set()

    threading.Thread(target=work, name=f"bundle-prerender-{workshop.id}", daemon=True).start()
    return True


def build(store: DraftStore, workshop: Workshop) -> bytes:
    return build_bundle(store, workshop).data


def file_name(workshop: Workshop) -> str:
    return f"workshop_{workshop.held_on.isoformat()}_{safe_name(workshop.name, 30)}.zip"
