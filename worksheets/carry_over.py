"""The carry-over workflow on the draft store: read a source draft, apply a carry, record the link, and
find what changed in the source since.

:mod:`worksheets.links` declares what each carry takes (``CARRIES``) and how carried values are applied
and compared; this module runs those steps against a :class:`~worksheets.store.DraftStore` and plain
values. The page (``components/links.py``) only draws the panel and the notice, keeps a carry that waits
for the user's confirmation in the session, and saves the open sheet through ``components/state.py``.

A page's order is: :func:`read_source` → (ask when :meth:`Pending.overwrites` is not empty) →
:meth:`Pending.applied` or :meth:`Pending.as_new_document` → save → :func:`record_link`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from worksheets import cases
from worksheets.document import Document, document_from_draft, new_document
from worksheets.links import Carry, Change, apply, changes, get_carry, overwrites
from worksheets.spec import M, SheetModel, entry

if TYPE_CHECKING:
    from worksheets.store import Draft, DraftStore


@dataclass(frozen=True)
class Pending:
    """A carry read from its source draft and not applied yet: what it would write, from which version."""

    carry_id: str
    source_id: str
    source_version: int
    values: dict[str, Any]  # target path -> the value carried

    @property
    def carry(self) -> Carry:
        return get_carry(self.carry_id)

    def overwrites(self, target: SheetModel) -> list[str]:
        """Target paths whose own, different text the carry would replace (the user confirms these first)."""
        return overwrites(target, self.values)

    def overwritten_labels(self, target: SheetModel) -> list[str]:
        return [entry(target, p).label for p in self.overwrites(target)]

    def applied(self, target: M, *, overwrite: bool) -> M:
        """The target filled in; without ``overwrite`` the fields that hold other text are left alone."""
        return apply(target, self.values, overwrite=overwrite)

    def as_new_document(self) -> Document:
        """A new sheet of the carry's target type holding the carried values."""
        empty = new_document(self.carry.target_type)
        return Document(empty.sheet_type, self.applied(empty.sheet, overwrite=True))


def read_source(store: DraftStore, carry_id: str, source_id: str) -> Pending | None:
    """What the carry takes from the draft ``source_id`` now; ``None`` when that draft is gone or is
    not of the carry's source type."""
    carry = get_carry(carry_id)
    draft = store.get(source_id)
    if draft is None or draft.sheet_type != carry.source_type:
        return None
    return Pending(carry_id, source_id, draft.version, carry.values(document_from_draft(draft).sheet))


def record_link(store: DraftStore, target_id: str, pending: Pending) -> None:
    """Remember that the saved draft ``target_id`` took ``pending``'s values from that source version
    (the snapshot later changes are compared with); a sheet made from another joins its 案件 (issue 17)."""
    store.link(
        target_id,
        pending.source_id,
        pending.carry_id,
        pending.source_version,
        json.dumps(pending.values, ensure_ascii=False),
    )
    cases.join_source(store, target_id, pending.source_id)


def _snapshot(store: DraftStore, target_id: str, carry_id: str) -> dict[str, Any] | None:
    link = next((k for k in store.links(target_id) if k.carry == carry_id), None)
    if link is None:
        return None
    snapshot: dict[str, Any] = json.loads(link.snapshot)
    return snapshot


def take_changes(
    store: DraftStore, target_id: str, target: M, carry_id: str, source_id: str
) -> tuple[M, Pending] | None:
    """The target with only the fields the source changed since the link replaced by their new values
    (the user asked for them, so they overwrite), and the link to record once it is saved; ``None`` when
    the source or the link is gone."""
    pending = read_source(store, carry_id, source_id)
    snapshot = _snapshot(store, target_id, carry_id)
    if pending is None or snapshot is None:
        return None
    changed = {c.path: c.new for c in changes(target, snapshot, pending.values)}
    return apply(target, changed, overwrite=True), pending


@dataclass(frozen=True)
class SourceChange:
    """A linked source saved since the carry, with the carried fields that now differ."""

    carry: Carry
    source: Draft
    changes: list[Change]


def changed_sources(store: DraftStore, target_id: str, target: SheetModel) -> list[SourceChange]:
    """For each link of ``target_id``: the source's later edits to the carried fields (sources that have not
    been saved since, or whose edits do not touch what was carried, are left out)."""
    out: list[SourceChange] = []
    for link in store.links(target_id):
        carry = get_carry(link.carry)
        draft = store.get(link.source)
        if draft is None or draft.version == link.source_version:
            continue
        diff = changes(target, json.loads(link.snapshot), carry.values(document_from_draft(draft).sheet))
        if diff:
            out.append(SourceChange(carry, draft, diff))
    return out
