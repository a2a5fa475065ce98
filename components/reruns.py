"""What an edit redraws: the sheet page's parts as keyed fragments, and the fewest of them an edit reruns.

A committed text field already shows what the user typed. Rerunning the whole sheet body for it (about
30 widgets, the meter, the review panel, the download buttons) was most of a participant's server time
at a workshop. After a saved text edit only the status line must change (its version number); the meter
and the 用語チェック change only when the field became empty or filled or its 図表8 terms changed, the
download buttons only when their file names or the font warnings changed, the history list only while
it is shown. The commit callback asks Streamlit for exactly those parts (keyed fragment reruns). Anything
unusual (a validation message, a failed save, another tab's fields merged in, a conflict, a choice or
number widget) reruns the whole body as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit import config
from streamlit.errors import StreamlitAPIException

from components.drafts import RECENT
from components.state import OpenSheet, commit, current
from worksheets.jargon import find_terms
from worksheets.registry import SHEETS
from worksheets.spec import Kind, SheetModel, entry, is_filled

BODY = "body"
STATUS = "status"  # the 保存済み line (the version), the paper's 【タイトル】, a conflict
METER = "meter"  # the completeness meter and the 用語チェック
REVIEWS = "reviews"
AFTER = "after"  # the page's own part under the form (the map, the timeline, the methods …)
HISTORY = "history"
DOWNLOADS = "downloads"
REVIEWS_EVERY_S = 60.0  # while the user types, new comments from the counterpart appear at least this often


def key(sheet_type: str, part: str) -> str:
    return f"sheet.{sheet_type}.{part}"


def fragment(sheet_type: str, part: str, draw: Callable[..., None], *args: Any) -> None:
    """Draw ``draw(*args)`` as the keyed fragment ``part`` of the sheet page. ``args`` are kept by Streamlit
    for the fragment's own reruns: pass ids and functions, never the OpenSheet (it is replaced on reload)."""
    st.fragment(key=key(sheet_type, part))(draw)(*args)


def drawn(sheet_type: str, part: str) -> None:
    """Note when a part was drawn (the review panel is refreshed by edits at most every REVIEWS_EVERY_S)."""
    st.session_state[f"drawn.{key(sheet_type, part)}"] = time.monotonic()


def _text(value: Any) -> str:
    return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def _is_text(sheet: SheetModel, path: str) -> bool:
    """A field whose widget shows exactly what was typed (no choices to refresh, no number to clamp)."""
    spec = entry(sheet, path).spec
    return spec.kind in (Kind.LONG, Kind.SHORT, Kind.LINES) and not spec.choices


@dataclass(frozen=True)
class Before:
    """The open sheet as the commit callback found it."""

    sheet: SheetModel
    error: str | None
    unsaved: str | None
    merges: int
    file_names: tuple[str, ...]

    @classmethod
    def of(cls, cur: OpenSheet, path: str) -> Before:
        return cls(cur.sheet, cur.errors.get(path), cur.unsaved, cur.merges, file_names(cur))


def file_names(cur: OpenSheet) -> tuple[str, ...]:
    from components.save_load import download_kinds, file_name

    return tuple(file_name(cur, ext) for ext, _ in download_kinds(cur.sheet_type))


@dataclass(frozen=True)
class Page:
    """What the page shows besides the form."""

    after_form: bool  # the page draws its own part under the form from the whole sheet
    history_shown: bool
    reviews_due: bool


def parts_to_redraw(cur: OpenSheet, path: str, before: Before, page: Page) -> list[str] | None:
    """The parts an edit of ``path`` changed; ``None`` for the whole body."""
    if (
        cur.conflict is not None
        or cur.merges != before.merges  # another tab's fields came in: their widgets must show them
        or cur.unsaved != before.unsaved
        or cur.errors.get(path) != before.error  # a message under the field appears or goes
        or not _is_text(cur.sheet, path)
    ):
        return None
    old, new = _text(entry(before.sheet, path).value), _text(entry(cur.sheet, path).value)
    parts = [STATUS]
    if is_filled(old) != is_filled(new) or (
        SHEETS[cur.sheet_type].jargon_check and [t.term for t in find_terms(old)] != [t.term for t in find_terms(new)]
    ):
        parts.append(METER)
    if page.reviews_due:
        parts.append(REVIEWS)
    if page.after_form:
        parts.append(AFTER)
    if page.history_shown:
        parts.append(HISTORY)
    if file_names(cur) != before.file_names or _glyphs_changed(cur.sheet_type, old, new):
        parts.append(DOWNLOADS)
    return parts


def _glyphs_changed(sheet_type: str, old: str, new: str) -> bool:
    """Whether the PDF font warnings under the download buttons change (sheets printed by the generic PDF)."""
    if SHEETS[sheet_type].pdf is not None or old == new:
        return False
    from worksheets.formats.fonts import missing_glyphs

    return missing_glyphs(old) != missing_glyphs(new)


def targeted() -> bool:
    """Keyed fragment reruns, except under AppTest: it renders each run from scratch, so a run of a few
    fragments would leave it a page of only those (the real browser keeps the rest)."""
    return not config.get_option("global.appTest")


def rerun(sheet_type: str, parts: list[str], also: tuple[str, ...] = ()) -> None:
    """From a callback: rerun only these parts of the sheet page (and the fragments keyed ``also``) instead of
    the widget's own fragment. Returns only when that cannot be done (the default rerun follows)."""
    if not targeted():
        return
    try:
        st.rerun([*(key(sheet_type, p) for p in parts), *also])
    except StreamlitAPIException:  # a part this session has not drawn (yet)
        return


def commit_field(sheet_type: str, path: str) -> None:
    """on_change of every sheet field: validate and autosave (components.state.commit), then redraw only
    what the edit changed."""
    cur = current(sheet_type)
    before = Before.of(cur, path)
    commit(sheet_type, path)
    shown = st.session_state.get(f"drawn.{key(sheet_type, REVIEWS)}")
    page = Page(
        after_form=bool(st.session_state.get(f"after.{sheet_type}")),
        history_shown=bool(st.session_state.get(f"hist.show.{sheet_type}")),
        reviews_due=shown is None or time.monotonic() - float(shown) > REVIEWS_EVERY_S,
    )
    parts = parts_to_redraw(cur, path, before, page)
    if parts is None:  # the widget's own fragment, the body, reruns (Streamlit's default)
        return
    if not cur.created:
        rerun(sheet_type, parts)
        return
    # The first save created the draft: it joins 最近の下書き, and the review and history panels open up.
    # Without these reruns the body runs the whole page again (see sheet_page._sheet_body).
    cur.created = False
    rerun(sheet_type, [*parts, *(p for p in (REVIEWS, HISTORY) if p not in parts)], also=(RECENT,))
    cur.created = True  # rerun() returned: not possible here, so the full run it is


def redraw_body(sheet_type: str, action: Callable[..., None], *args: Any) -> None:
    """A callback inside one part that changes the whole sheet (a conflict settled, a version restored, a
    suggestion applied): rerun the whole body, not only that part.

    The fields it changed are set again by the body's run (``apply_pending``): a value a callback puts into a
    widget's state does not reach the browser when the callback asks for a keyed rerun (Streamlit 1.67 folds
    it into the old state before that run, so the widget is not told its value changed)."""
    prefix = f"f.{sheet_type}."
    shown = {k: st.session_state[k] for k in st.session_state if str(k).startswith(prefix)}
    action(sheet_type, *args)
    changed = {
        k: st.session_state[k]
        for k in st.session_state
        if str(k).startswith(prefix) and (k not in shown or shown[k] != st.session_state[k])
    }
    st.session_state[_PENDING + sheet_type] = changed
    rerun(sheet_type, [BODY])


_PENDING = "reruns.pending."


def apply_pending(sheet_type: str) -> None:
    """At the top of the body's run: set again the fields a redraw_body callback changed."""
    for k, v in st.session_state.pop(_PENDING + sheet_type, {}).items():
        st.session_state[k] = v
