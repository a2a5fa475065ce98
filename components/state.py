"""The only module that touches ``st.session_state`` and ``st.query_params`` for sheets.

The draft store is the truth. The session holds, per sheet type, the open draft id, the version
the user's edits start from and the validated model. Every committed widget change is validated
and written to the store at once (autosave), so reload, a new tab or a server restart loses
nothing that was committed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import streamlit as st
from pydantic import ValidationError

from worksheets.document import Document, document_from_stored, new_document
from worksheets.errors import InputError, describe
from worksheets.registry import SHEETS
from worksheets.spec import Kind, SheetModel, entries, is_filled, spec_at, with_value
from worksheets.store import Conflict, Draft, DraftStore, configured_location, is_valid_id, new_id
from worksheets.text import join_lines, split_lines


@st.cache_resource
def _store(path: str) -> DraftStore:
    return DraftStore(path)


def store() -> DraftStore:
    """The process-wide draft store (one per configured path)."""
    return _store(configured_location())


@dataclass
class OpenSheet:
    sheet_type: str
    draft_id: str
    version: int
    doc: Document
    conflict: Draft | None = None  # set when another tab/device saved first
    errors: dict[str, str] = field(default_factory=dict)  # path -> message
    notice: str = ""  # one-shot success message
    generation: int = 0  # bumped when the model is replaced, to reset widgets

    @property
    def sheet(self) -> SheetModel:
        return self.doc.sheet


def _session_key(sheet_type: str) -> str:
    return f"open.{sheet_type}"


def widget_key(sheet_type: str, path: str) -> str:
    return f"f.{sheet_type}.{path}"


def workspace_id() -> str:
    """The workspace id from the URL (or this session), created on first visit."""
    ws = st.query_params.get("ws")
    if not is_valid_id(ws):
        ws = st.session_state.get("ws") or new_id()
    if st.session_state.get("ws") not in (None, ws):  # another workspace link (e.g. after joining a workshop)
        for key in [k for k in st.session_state if str(k).startswith("open.")]:
            del st.session_state[key]
    st.session_state["ws"] = ws
    if st.query_params.get("ws") != ws:
        st.query_params["ws"] = ws
    return str(ws)


def draft_title(doc: Document) -> str:
    """A short name for lists: the sheet's own title if it has one (the paper's 【タイトル】),
    else the first filled one-line field (テーマ, 課題 …)."""
    own = getattr(doc.sheet, "title", None)
    if isinstance(own, str) and any(is_filled(e.value) for e in entries(doc.sheet) if e.spec.kind is Kind.SHORT):
        return own
    for e in entries(doc.sheet):
        if e.spec.kind is Kind.SHORT and is_filled(e.value):
            return str(e.value)
    return ""


def _widget_value(kind: Kind, value: Any, choices: tuple[str, ...] = ()) -> Any:
    if kind is Kind.LINES:
        return list(value) if choices else join_lines(list(value))
    if kind is Kind.SHORT and choices:  # a selectbox that also accepts new text: empty is None
        return value or None
    if kind.is_number or kind in (Kind.DATE, Kind.CHOICE):
        return value
    return str(value or "")


def _seed(cur: OpenSheet, force: bool) -> None:
    for e in entries(cur.sheet):
        key = widget_key(cur.sheet_type, e.path)
        if force or key not in st.session_state:
            st.session_state[key] = _widget_value(e.spec.kind, e.value, e.spec.choices)


def doc_from_draft(draft: Draft) -> Document:
    return document_from_stored(draft.sheet_type, draft.data)


def _load(sheet_type: str, draft: Draft) -> OpenSheet:
    doc = doc_from_draft(draft)
    previous = st.session_state.get(_session_key(sheet_type))
    cur = OpenSheet(sheet_type, draft.id, draft.version, doc, generation=(previous.generation + 1) if previous else 0)
    st.session_state[_session_key(sheet_type)] = cur
    _seed(cur, force=True)
    if st.query_params.get("draft") != draft.id:
        st.query_params["draft"] = draft.id
    return cur


def current(sheet_type: str) -> OpenSheet:
    cur = st.session_state[_session_key(sheet_type)]
    assert isinstance(cur, OpenSheet)
    return cur


def open_sheet(sheet_type: str) -> OpenSheet | None:
    """The draft this page shows; ``None`` when the URL names a draft that does not exist.

    Runs on every full page run (not on fragment reruns) and re-seeds every widget from the model:
    the model holds everything committed, while a reloaded page may re-attach to this session
    with a frontend that has no widget values at all.

    Order: the ``draft`` in the URL; else the draft this session had open; else the newest
    draft of this sheet in the workspace; else a new empty draft.
    """
    ws = workspace_id()
    cur: OpenSheet | None = st.session_state.get(_session_key(sheet_type))
    wanted = st.query_params.get("draft")
    if wanted:
        if cur is not None and cur.draft_id == wanted:
            _seed(cur, force=True)
            return cur
        draft = store().get(wanted)
        if draft is None:
            return None
        if draft.sheet_type == sheet_type:
            return _load(sheet_type, draft)
    if cur is not None:
        st.query_params["draft"] = cur.draft_id
        _seed(cur, force=True)
        return cur
    recent = store().recent(ws, sheet_type, limit=1)
    draft = recent[0] if recent else _create(ws, new_document(sheet_type))
    return _load(sheet_type, draft)


def _create(ws: str, doc: Document) -> Draft:
    return store().create(
        ws, doc.sheet_type, json.dumps(doc.sheet.model_dump(mode="json"), ensure_ascii=False), draft_title(doc)
    )


def start_new(sheet_type: str, doc: Document | None = None, notice: str = "") -> OpenSheet:
    """Open a new draft (empty, a sample or an upload); the old one stays in 最近の下書き."""
    draft = _create(workspace_id(), doc or new_document(sheet_type))
    cur = _load(sheet_type, draft)
    cur.notice = notice
    return cur


def save_sheet(cur: OpenSheet, sheet: SheetModel, *, reseed: bool = False) -> None:
    """Replace the open sheet's model (from a callback) and autosave it."""
    _save(cur, sheet)
    if reseed:
        _seed(cur, force=True)


def _save(cur: OpenSheet, sheet: SheetModel, *, force: bool = False) -> None:
    cur.doc = Document(cur.sheet_type, sheet)
    data = json.dumps(sheet.model_dump(mode="json"), ensure_ascii=False)
    try:
        saved = store().save(cur.draft_id, data, draft_title(cur.doc), cur.version, force=force)
    except Conflict as exc:
        cur.conflict = exc.current  # keep the user's edit in the session; never overwrite silently
        return
    cur.version = saved.version
    cur.conflict = None


def commit(sheet_type: str, path: str) -> None:
    """on_change callback: validate the widget's value into the model and autosave."""
    cur = current(sheet_type)
    spec = spec_at(type(cur.sheet), path)
    assert spec is not None
    raw = st.session_state.get(widget_key(sheet_type, path))
    value: Any = raw
    if spec.kind is Kind.LINES:
        value = [str(v) for v in raw or []] if spec.choices else split_lines(raw or "")
    elif spec.kind is Kind.SHORT and spec.choices:
        value = raw or ""
    try:
        sheet = with_value(cur.sheet, path, value)
    except ValidationError as exc:
        cur.errors[path] = describe(exc, type(cur.sheet))
        return
    cur.errors.pop(path, None)
    _save(cur, sheet, force=False)


def replace_items(sheet_type: str, group: str, items: list[Any]) -> None:
    """Add or remove frames of a group (課題1..N) and re-seed the widgets."""
    cur = current(sheet_type)
    data = cur.sheet.model_dump()
    data[group] = items
    try:
        sheet = type(cur.sheet).model_validate(data)
    except ValidationError as exc:
        cur.errors[group] = describe(exc, type(cur.sheet))
        return
    _save(cur, sheet)
    _seed(cur, force=True)


def resolve_conflict(sheet_type: str, keep_mine: bool) -> None:
    cur = current(sheet_type)
    if keep_mine:
        _save(cur, cur.sheet, force=True)
        cur.notice = "あなたの入力で上書き保存しました。"
        return
    draft = store().get(cur.draft_id)
    if draft is not None:
        _load(sheet_type, draft).notice = "保存済みの最新版を読み込みました。"


def import_upload(sheet_type: str, doc: Document) -> None:
    if doc.sheet_type != sheet_type:
        raise InputError(f"このファイルは「{SHEETS[doc.sheet_type].title}」です。そのページで読み込んでください。")
    start_new(
        sheet_type, doc, "読み込みました。新しい下書きとして開いています（元の下書きは「最近の下書き」にあります）。"
    )


def draft_choices(sheet_type: str, limit: int = 50) -> dict[str, str]:
    """This workspace's drafts of one sheet type as {draft id: 「title（updated）」}, newest first."""
    drafts = store().recent(workspace_id(), sheet_type, limit=limit)
    return {d.id: f"{d.title or '（無題）'}（{updated_label(d.updated_at)}）" for d in drafts}


def updated_label(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")
