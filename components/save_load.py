"""Save / load panel: downloads (JSON, Excel, PDF), upload, samples, a new draft."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from components.safe import plain
from components.state import OpenSheet, current, import_upload, start_new
from worksheets import formats
from worksheets.document import Document, document_from_dict, draft_title
from worksheets.errors import InputError
from worksheets.filenames import download_name
from worksheets.formats.limits import MAX_UPLOAD_BYTES
from worksheets.registry import SHEETS
from worksheets.spec import entries

_log = logging.getLogger(__name__)
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
def file_name(cur: OpenSheet, ext: str) -> str:
    return download_name(SHEETS[cur.sheet_type].title, draft_title(cur.doc), date.today(), ext)


def exporter(cur: OpenSheet, ext: str) -> Callable[[], bytes]:
    # The format module (openpyxl, reportlab) is imported on the click, not on the page's first run.
    return lambda: formats.FORMATS[ext].export(cur.doc)  # cur.doc is updated in place on every save


def _has_text(doc: Document) -> bool:
    """Whether any field holds a character pdf_format.warnings would look at (an empty sheet has none)."""
    for e in entries(doc.sheet):
        text = "\n".join(e.value) if isinstance(e.value, list) else str(e.value or "")
        if text.strip("\n\t"):
            return True
    return False


def download_kinds(sheet_type: str) -> list[tuple[str, str]]:
    """(extension, button label) for each format module; sheets with their own PDF (the timeline, the
    map) offer it themselves."""
    own_pdf = SHEETS[sheet_type].pdf is not None
    return [
        (ext, f"{info.title}（A4横）" if ext == ".pdf" else info.title)
        for info in formats.INFOS
        for ext in info.extensions
        if not (ext == ".pdf" and own_pdf)
    ]


def upload_types() -> list[str]:
    """The uploader's ``type=[...]``: the readable formats' extensions without the dot."""
    return [ext.removeprefix(".") for info in formats.INFOS if info.readable for ext in info.extensions]


def render_downloads(cur: OpenSheet) -> None:
    kinds = download_kinds(cur.sheet_type)
    cols = st.columns(len(kinds))
    for col, (ext, label) in zip(cols, kinds, strict=True):
        col.download_button(
            f"{label}をダウンロード",
            data=exporter(cur, ext),
            file_name=file_name(cur, ext),
            mime=formats.MEDIA_TYPES[ext],
            key=f"dl.{cur.sheet_type}{ext}",
            on_click="ignore",
            width="stretch",
        )
    if SHEETS[cur.sheet_type].pdf is None and _has_text(cur.doc):
        from worksheets.formats import pdf_format  # reportlab and the font's glyph table: only once there is text

        for warning in pdf_format.warnings(cur.doc):
            st.warning(plain(warning))


def _do_import(sheet_type: str, key: str) -> None:
    upload = st.session_state.get(key)
    cur = current(sheet_type)
    if upload is None:
        cur.errors["_upload"] = "ファイルを選んでから「読み込む」を押してください。"
        return
    try:
        doc = formats.load(upload.name, upload.getvalue())
        import_upload(sheet_type, doc)
    except InputError as exc:
        cur.errors["_upload"] = f"読み込めませんでした（今のシートはそのままです）。\n{exc}"
    except Exception:  # a defect must not replace the page with Streamlit's English error: log it, say so in Japanese
        _log.exception("upload of %r failed unexpectedly", upload.name[:100])
        cur.errors["_upload"] = (
            "読み込めませんでした（今のシートはそのままです）。\n"
            "ファイルの読み込み中に予期しない問題が起きました。このアプリで保存したファイルか確かめてください。"
        )


def _new_draft(sheet_type: str) -> None:
    start_new(sheet_type, None, "新しい下書きを作成しました。")


def _load_sample(sheet_type: str, file: str, label: str) -> None:
    raw = json.loads((SAMPLES / file).read_text(encoding="utf-8"))
    start_new(
        sheet_type, document_from_dict(raw), f"{label.removesuffix('を読み込む')}を新しい下書きとして開きました。"
    )


def render_upload(cur: OpenSheet) -> None:
    key = f"upload.{cur.sheet_type}.{cur.generation}"
    limit_mb = MAX_UPLOAD_BYTES // 1024 // 1024
    st.file_uploader(
        f"保存した {' / '.join(i.title for i in formats.INFOS if i.readable)} を読み込む（{limit_mb} MB まで）",
        type=upload_types(),
        key=key,
        max_upload_size=limit_mb,
    )
    st.button("読み込む", key=f"import.{cur.sheet_type}", on_click=_do_import, args=(cur.sheet_type, key))
    if "_upload" in cur.errors:
        st.error(plain(cur.errors.pop("_upload")))


def render_starts(cur: OpenSheet) -> None:
    spec = SHEETS[cur.sheet_type]
    cols = st.columns(len(spec.samples) + 1)
    cols[0].button(
        "新しい下書き",
        key=f"new.{cur.sheet_type}",
        on_click=_new_draft,
        args=(cur.sheet_type,),
        width="stretch",
    )
    for col, (label, file) in zip(cols[1:], spec.samples.items(), strict=True):
        col.button(
            label,
            key=f"sample.{cur.sheet_type}.{file}",
            on_click=_load_sample,
            args=(cur.sheet_type, file, label),
            width="stretch",
        )
