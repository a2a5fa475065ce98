"""The open sheet's state: the one place that loads, seeds, validates and saves a sheet's draft.

Other components read widget values from ``st.session_state`` and keep their own small UI state
there (open panels, upload keys, a carry waiting for confirmation), but every change to the open
sheet's model goes through this module. The stored form of a draft (its JSON and title) is written
and read by :mod:`worksheets.document`.

The draft store is the truth. The session holds, per sheet type, the open draft id, the version
the user's edits start from and the validated model. Every committed widget change is validated
and written to the store at once (autosave), so reload, a new tab or a server restart loses
nothing that was committed.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import streamlit as st
from pydantic import ValidationError

from worksheets.db import redact
from worksheets.document import (
    Document,
    create_draft,
    document_from_draft,
    new_document,
    save_draft,
    sheet_data,
)
from worksheets.errors import InputError, describe, label_for
from worksheets.registry import SHEETS
from worksheets.spec import Kind, SheetModel, entries, spec_at, with_value
from worksheets.store import Conflict, Draft, DraftStore, configured_location, is_valid_id, merge, new_id, take
from worksheets.text import LINE_MAX, LIST_MAX, join_lines, split_lines

log = logging.getLogger("worksheets.store")

SAVE_FAILED = "保存できませんでした（入力は画面に残っています）"
STORE_DOWN = (
    "下書きの保存先に接続できないため、いまはこのページを開けません。"
    "しばらくしてからページを再読み込みしてください。続く場合は管理者に連絡してください。"
)

# The store lives in a plain module-level singleton, not in st.cache_resource: any client can send
# Streamlit's clear_cache message, which empties every cache_resource (and would drop the store).
_stores: dict[str, DraftStore] = {}
_stores_lock = threading.Lock()


def store() -> DraftStore:
    """The process-wide draft store (one per configured location)."""
    location = configured_location()
    found = _stores.get(location)
    if found is not None:
        return found
    with _stores_lock:
        if location not in _stores:
            try:
                _stores[location] = DraftStore(location)
            except Exception as exc:  # e.g. a corrupted SQLite file: tell the operator, show users a Japanese page
                log.exception("the draft store at %s cannot be opened (corrupted or unreachable?)", redact(location))
                store_unavailable(exc)
                raise
        return _stores[location]


def store_unavailable(exc: BaseException) -> None:
    """Stop the page with a Japanese message (and a log line for the operator) when the store fails."""
    log.error("draft store failure: %s: %s", type(exc).__name__, exc)
    st.error(STORE_DOWN)
    st.stop()


@dataclass
class OpenSheet:
    sheet_type: str
    draft_id: str  # "" until the first edit creates the draft (a visit alone stores nothing)
    version: int
    doc: Document
    base: dict[str, Any] = field(default_factory=dict)  # the stored model at ``version`` (for merging)
    conflict: Draft | None = None  # set when another tab/device saved first
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (label, mine, theirs)
    errors: dict[str, str] = field(default_factory=dict)  # path -> message
    notice: str = ""  # one-shot success message
    generation: int = 0  # bumped when the model is replaced, to reset widgets
    unsaved: str | None = None  # the field path whose save failed ("" for the whole sheet); None when saved
    created: bool = False  # the draft was just created: the page reruns once so 最近の下書き shows it
    opened_at: float = 0.0  # when this page loaded its empty sheet (no draft yet): see _save
    merges: int = 0  # how many times another tab's save was merged in (other fields may have changed)

    @property
    def sheet(self) -> SheetModel:
        return self.doc.sheet


def _session_key(sheet_type: str) -> str:
    return f"open.{sheet_type}"


def widget_key(sheet_type: str, path: str) -> str:
    return f"f.{sheet_type}.{path}"


def workspace_id() -> str:
    """The workspace id: the URL's, else this session's, else a new one, which goes into the URL at once.

    The session remembers it, so a rerun whose request lost the query string (a page switch, the
    browser's back button, a reconnect) keeps the same workspace instead of making a new one.
    """
    given = st.query_params.get("ws")
    kept = st.session_state.get("ws")
    ws: str = given if given is not None and is_valid_id(given) else (str(kept) if kept else new_id())
    if given and not is_valid_id(given):
        st.session_state["ws.invalid"] = True  # said once in the sidebar, never silently replaced
    if st.session_state.get("ws") not in (None, ws):  # another workspace link (e.g. after joining a workshop)
        for key in [k for k in st.session_state if str(k).startswith("open.")]:
            del st.session_state[key]
    st.session_state["ws"] = ws
    if given != ws:
        st.query_params["ws"] = ws
    return ws


def _widget_value(kind: Kind, value: Any, choices: tuple[str, ...] = ()) -> Any:
    if kind is Kind.LINES:
        return list(value) if choices else join_lines(list(value))
    if kind is Kind.SHORT and choices:  # a selectbox that also accepts new text: empty is None
        return value or None
    if kind.is_number or kind in (Kind.DATE, Kind.CHOICE):
        return value
    return str(value or "")


def _seed(cur: OpenSheet, force: bool, *, changed_only: bool = False) -> None:
    for e in entries(cur.sheet):
        key = widget_key(cur.sheet_type, e.path)
        if e.path in cur.errors and key in st.session_state:
            continue  # refused input stays in the widget for the user to shorten or fix
        if force or key not in st.session_state:
            value = _widget_value(e.spec.kind, e.value, e.spec.choices)
            if changed_only and key in st.session_state and st.session_state[key] == value:
                continue
            st.session_state[key] = value


def _load(sheet_type: str, draft: Draft | None, opened_at: float = 0.0) -> OpenSheet:
    doc = document_from_draft(draft) if draft is not None else new_document(sheet_type)
    previous = st.session_state.get(_session_key(sheet_type))
    cur = OpenSheet(
        sheet_type,
        draft.id if draft is not None else "",
        draft.version if draft is not None else 0,
        doc,
        base=sheet_data(doc.sheet),
        generation=(previous.generation + 1) if previous else 0,
        opened_at=opened_at if draft is None else 0.0,
    )
    st.session_state[_session_key(sheet_type)] = cur
    _seed(cur, force=True)
    if draft is not None and st.query_params.get("draft") != draft.id:
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
    if cur is not None and cur.created:  # the rerun after the first save: widgets already hold the values
        cur.created = False
        return cur
    wanted = st.query_params.get("draft")
    try:
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
            if cur.draft_id:
                st.query_params["draft"] = cur.draft_id
            _seed(cur, force=True)
            return cur
        opened_at = time.time()  # before the query: a draft another tab creates after it is found by _save
        recent = store().recent(ws, sheet_type, limit=1)
    except Exception as exc:  # the store is down or unreadable: a Japanese page, not a traceback
        store_unavailable(exc)
        raise
    return _load(sheet_type, recent[0] if recent else None, opened_at)  # no draft yet: created on the first edit


def start_new(sheet_type: str, doc: Document | None = None, notice: str = "") -> OpenSheet:
    """Open a new draft (empty, a sample or an upload); the old one stays in 最近の下書き."""
    try:
        draft = create_draft(store(), workspace_id(), doc or new_document(sheet_type))
    except Exception as exc:
        log.error("draft store failure: %s: %s", type(exc).__name__, exc)
        cur = current(sheet_type)
        cur.errors["_new"] = "新しい下書きを保存できませんでした。しばらくしてからもう一度お試しください。"
        return cur
    cur = _load(sheet_type, draft)
    cur.notice = notice
    cur.created = True
    return cur


def save_sheet(cur: OpenSheet, sheet: SheetModel, *, reseed: bool = False) -> None:
    """Replace the open sheet's model (from a callback) and autosave it."""
    _save(cur, sheet)
    if reseed:
        _seed(cur, force=True)


def _save(cur: OpenSheet, sheet: SheetModel, *, where: str = "", attempts: int = 3) -> None:
    """Store ``sheet`` as the open draft's next version; the session keeps it whatever happens.

    Creates the draft on the first edit, unless another tab opened on the same empty sheet (same
    workspace and sheet type) created one since this page loaded: then the edit joins that draft,
    merged from the empty sheet like any other tab's save, so two tabs never leave two drafts. A
    draft created before this page loaded is never joined (the user did not open it here).
    If another tab saved in between, the two edits are merged field by field from the common base;
    only fields both changed become a conflict to resolve.
    A store failure is recorded (shown next to the field) and the next edit retries the whole sheet.
    """
    cur.doc = Document(cur.sheet_type, sheet)
    mine = sheet_data(sheet)
    try:
        if not cur.draft_id:
            ws = str(st.session_state.get("ws") or workspace_id())
            other = store().first_created_since(ws, cur.sheet_type, cur.opened_at) if cur.opened_at else None
            if other is None:
                draft = create_draft(store(), ws, cur.doc)
                cur.draft_id, cur.version, cur.base, cur.unsaved, cur.created = draft.id, 1, mine, None, True
                st.query_params["draft"] = draft.id
                return
            cur.draft_id, cur.created = other.id, True  # cur.base is the empty sheet this page loaded
            cur.notice = "別のタブで先に保存された同じシートの下書きに、この入力をまとめて保存しました。"
            st.query_params["draft"] = other.id
            raise Conflict(other)  # merged below like any other tab's save
        saved = save_draft(store(), cur.draft_id, cur.doc, cur.version)
    except Conflict as exc:
        _merge(cur, mine, exc.current, where=where, attempts=attempts)
        return
    except Exception as exc:  # read-only file, full disk, PostgreSQL down …: keep the input, say so, retry later
        log.error("draft %s not saved: %s: %s", cur.draft_id or "(new)", type(exc).__name__, exc)
        cur.unsaved = where
        return
    cur.version, cur.base, cur.unsaved = saved.version, mine, None
    cur.conflict, cur.conflicts = None, []


def _merge(cur: OpenSheet, mine: dict[str, Any], theirs_draft: Draft, *, where: str, attempts: int) -> None:
    theirs = sheet_data(document_from_draft(theirs_draft).sheet)
    merged, paths = merge(cur.base, mine, theirs)
    model = type(cur.sheet)
    cur.merges += 1
    if paths:  # both changed the same field: keep the user's edit in the session and ask
        cur.conflict = theirs_draft
        cur.conflicts = [(label_for(model, p), _as_text(_at(mine, p)), _as_text(_at(theirs, p))) for p in paths]
        cur.doc = Document(cur.sheet_type, model.model_validate(merged))
        _seed(cur, force=True, changed_only=True)  # the other tab's other fields appear; the user's text stays
        return
    cur.base, cur.version = theirs, theirs_draft.version
    sheet = model.model_validate(merged)
    cur.doc = Document(cur.sheet_type, sheet)
    _seed(cur, force=True, changed_only=True)  # show the other tab's fields; leave the ones being typed alone
    if attempts > 0:
        _save(cur, sheet, where=where, attempts=attempts - 1)
    else:  # other saves kept winning the race: say it is not saved; the next edit tries again
        cur.unsaved = where


def _at(value: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(_as_text(v) for v in value.values() if v not in (None, "", []))
    return "" if value is None else str(value)


def commit(sheet_type: str, path: str) -> None:
    """on_change callback: validate the widget's value into the model and autosave."""
    cur = current(sheet_type)
    spec = spec_at(type(cur.sheet), path)
    assert spec is not None
    raw = st.session_state.get(widget_key(sheet_type, path))
    value: Any = raw
    if spec.kind is Kind.LINES:
        value = [str(v) for v in raw or []] if spec.choices else split_lines(raw or "")
        too_long = [i + 1 for i, line in enumerate(value) if len(line) > LINE_MAX]
        if len(value) > LIST_MAX or too_long:
            where = f"{too_long[0]}行目が{LINE_MAX}文字を超えています" if too_long else f"{len(value)}行あります"
            cur.errors[path] = (
                f"「{spec.label}」は{LIST_MAX}行まで、1行{LINE_MAX}文字までです（{where}）。"
                "この入力はまだ保存されていません。入力は画面に残っていますので、短くしてください。"
            )
            return
    elif spec.kind is Kind.SHORT and spec.choices:
        value = raw or ""
    try:
        sheet = with_value(cur.sheet, path, value)
    except ValidationError as exc:
        cur.errors[path] = describe(exc, type(cur.sheet)) + "入力は画面に残っています（まだ保存されていません）。"
        return
    cur.errors.pop(path, None)
    _save(cur, sheet, where=path)


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
    _save(cur, sheet, where=group)
    _seed(cur, force=True)


def resolve_conflict(sheet_type: str, keep_mine: bool) -> None:
    """Settle the fields both tabs changed: the user's text or the stored one. Fields only one side
    changed keep that side's change either way."""
    cur = current(sheet_type)
    try:
        draft = store().get(cur.draft_id)
    except Exception as exc:
        log.error("draft store failure: %s: %s", type(exc).__name__, exc)
        cur.unsaved = ""
        return
    if draft is None:
        return
    theirs = sheet_data(document_from_draft(draft).sheet)
    mine = sheet_data(cur.sheet)
    merged, paths = merge(cur.base, mine, theirs)
    if not keep_mine:
        for p in paths:
            merged = take(merged, p, theirs)
    cur.base, cur.version = theirs, draft.version
    cur.conflict, cur.conflicts = None, []
    sheet = type(cur.sheet).model_validate(merged)
    cur.doc = Document(sheet_type, sheet)
    _seed(cur, force=True, changed_only=True)
    if merged != theirs:
        _save(cur, sheet)
    cur.notice = "あなたの入力で保存しました。" if keep_mine else "保存済みの最新版を読み込みました。"


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
