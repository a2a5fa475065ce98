"""The 案件 file: every sheet of an 案件 with its kept versions (names included), review comments and
meetings, as one versioned JSON envelope (``kind: "case"``), and its import on another server.

Draft ids are capabilities (the edit link), so the file never contains them: sheets are keyed
``sheet1``, ``sheet2`` … and every reference (versions, comments, meetings) uses those keys. Review
links are not exported either; their comments are. Import creates new drafts (new ids) in the
importing workspace, so the same file can be imported twice without touching the first copy.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any, Literal, TypeGuard

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from worksheets import cases, history, review
from worksheets.document import SCHEMA_VERSION, document_from_data, stored_data
from worksheets.errors import InputError
from worksheets.formats.limits import sniff
from worksheets.registry import SHEETS

if TYPE_CHECKING:
    from worksheets.store import DraftStore

MAX_CASE_BYTES = 20 * 1024 * 1024
Key = Field(pattern=r"^sheet[0-9]{1,3}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SheetEntry(_Strict):
    key: str = Key
    sheet_type: str
    title: str = Field("", max_length=500)
    data: dict[str, Any]


class VersionEntry(_Strict):
    sheet: str = Key
    version: int = Field(ge=1)
    name: str = Field("", max_length=history.NAME_MAX)
    title: str = Field("", max_length=500)
    saved_at: float
    data: dict[str, Any]


class CommentEntry(_Strict):
    sheet: str = Key
    path: str = Field(max_length=200)
    version: int = Field(ge=0)
    author: str = Field(max_length=review.NAME_MAX)
    body: str = Field(max_length=review.BODY_MAX)
    suggestion: str = Field("", max_length=review.SUGGESTION_MAX)
    answer: str = Field("", max_length=review.ANSWER_MAX)
    resolved: bool = False
    applied_version: int = Field(0, ge=0)
    created_at: float


class ActionEntry(_Strict):
    text: str = Field(max_length=400)
    owner: str = Field("", max_length=80)
    due: str = Field("", pattern=r"^(\d{4}-\d{2}-\d{2})?$")
    done: bool = False


class MeetingEntry(_Strict):
    held_on: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    attendees: str = Field("", max_length=400)
    discussed: dict[str, int] = Field(default_factory=dict)  # sheet key -> version
    notes: dict[str, str] = Field(default_factory=dict)  # "sheet key:field path" (or "") -> note
    actions: list[ActionEntry] = Field(default_factory=list, max_length=100)


class CaseFile(_Strict):
    schema_version: Literal[1] = 1
    kind: Literal["case"] = "case"
    name: str = Field(min_length=1, max_length=cases.NAME_MAX)
    stage: str = Field("", max_length=40)
    sheets: list[SheetEntry] = Field(default_factory=list, max_length=50)
    versions: list[VersionEntry] = Field(default_factory=list, max_length=20_000)
    comments: list[CommentEntry] = Field(default_factory=list, max_length=5_000)
    meetings: list[MeetingEntry] = Field(default_factory=list, max_length=500)


def json_schema() -> dict[str, Any]:
    schema = CaseFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "案件（シート・版・コメント・面談記録）"
    return schema


def is_case(obj: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(obj, dict) and obj.get("kind") == "case"


def export(store: DraftStore, case: cases.Case) -> CaseFile:
    drafts = cases.sheets(store, case)
    keys = {d.id: f"sheet{i + 1}" for i, d in enumerate(drafts)}
    versions: list[VersionEntry] = []
    comments: list[CommentEntry] = []
    for d in drafts:
        kept = history.versions(store, d.id, limit=100_000)
        data = history.contents(store, d.id, [v.version for v in kept])
        versions += [
            VersionEntry(
                sheet=keys[d.id],
                version=v.version,
                name=v.name,
                title=v.title,
                saved_at=v.saved_at,
                data=data[v.version],
            )
            for v in reversed(kept)
        ]
        comments += [
            CommentEntry(
                sheet=keys[d.id],
                path=c.path,
                version=c.version,
                author=c.author,
                body=c.body,
                suggestion=c.suggestion,
                answer=c.answer,
                resolved=c.resolved,
                applied_version=c.applied_version,
                created_at=c.created_at,
            )
            for c in review.comments(store, d.id)
        ]
    meetings = []
    for m in cases.meetings(store, case):
        notes = {}
        for k, v in m.notes.items():
            draft_id, _, path = k.partition(":")
            if draft_id in keys:
                notes[f"{keys[draft_id]}:{path}"] = v
            elif not k:
                notes[""] = v
        meetings.append(
            MeetingEntry(
                held_on=m.held_on,
                attendees=m.attendees,
                discussed={keys[d]: v for d, v in m.discussed.items() if d in keys},
                notes=notes,
                actions=[ActionEntry(text=a.text, owner=a.owner, due=a.due, done=a.done) for a in m.actions],
            )
        )
    return CaseFile(
        name=case.name,
        stage=case.stage,
        sheets=[
            SheetEntry(key=keys[d.id], sheet_type=d.sheet_type, title=d.title, data=json.loads(d.data)) for d in drafts
        ],
        versions=versions,
        comments=comments,
        meetings=meetings,
    )


def dumps(store: DraftStore, case: cases.Case) -> bytes:
    return export(store, case).model_dump_json(indent=2).encode("utf-8")


def dumps_xlsx(store: DraftStore, case: cases.Case) -> bytes:
    """The same content as :func:`dumps`, as an Excel book (:mod:`worksheets.formats.case_xlsx`)."""
    from worksheets.formats import case_xlsx

    return case_xlsx.export(export(store, case).model_dump(mode="json"))


def parse(data: bytes) -> CaseFile:
    """Validate an uploaded 案件 file (untrusted, JSON or .xlsx): size, envelope, and every sheet's content."""
    if len(data) > MAX_CASE_BYTES:
        raise InputError(f"案件ファイルが大きすぎます（{MAX_CASE_BYTES // (1024 * 1024)}MB まで）。")
    if sniff(data) == "xlsx":
        from worksheets.formats import case_xlsx

        obj: object = case_xlsx.import_(data)
    else:
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise InputError(
                "案件ファイルを JSON として読めませんでした。書き出したファイルをそのまま選んでください。"
            ) from None
    if not is_case(obj):
        raise InputError('このファイルは案件ファイルではありません（kind が "case" ではありません）。')
    if obj.get("schema_version") != SCHEMA_VERSION:
        raise InputError(
            f"案件ファイルの schema_version が {obj.get('schema_version')!r} です。{SCHEMA_VERSION} のファイルを読み込めます。"
        )
    try:
        found = CaseFile.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "・".join(str(p) for p in first["loc"])
        raise InputError(
            f"案件ファイルの内容に問題があります（{where}）。書き出したファイルを編集せずに使ってください。"
        ) from None
    keys = {s.key: s for s in found.sheets}
    if len(keys) != len(found.sheets):
        raise InputError("案件ファイルに同じ key のシートが2つあります。")
    for s in found.sheets:
        if s.sheet_type not in SHEETS:
            raise InputError(f"シートの種類「{s.sheet_type}」は不明です（{s.key}）。")
        document_from_data(s.sheet_type, s.data, f"{s.key}: ")
    refs = [v.sheet for v in found.versions] + [c.sheet for c in found.comments]
    refs += [k for m in found.meetings for k in m.discussed]
    if any(r not in keys for r in refs):
        raise InputError("案件ファイルの版・コメント・面談が、ファイルにないシートを指しています。")
    for v in found.versions:
        document_from_data(keys[v.sheet].sheet_type, v.data, f"{v.sheet} 第{v.version}版: ")
    return found


def _stored(sheet_type: str, data: dict[str, Any]) -> str:
    """A sheet of the file (validated by :func:`parse`) as the draft store keeps every sheet: the model's JSON."""
    return stored_data(document_from_data(sheet_type, data).sheet)


def load(store: DraftStore, workspace: str, data: bytes) -> cases.Case:
    """Import a 案件 file as a new 案件 with new drafts in ``workspace``."""
    from worksheets.store import new_id

    found = parse(data)
    now = time.time()
    case = cases.create(store, workspace, found.name, found.stage)
    ids: dict[str, str] = {}
    with store.db.tx() as db:
        for s in found.sheets:
            draft_id = new_id()
            ids[s.key] = draft_id
            kept = sorted((v for v in found.versions if v.sheet == s.key), key=lambda v: v.version)
            current = kept[-1].version if kept else 1
            body = _stored(s.sheet_type, s.data)
            db.execute(
                "INSERT INTO drafts (id, workspace, sheet_type, data, title, version, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (draft_id, workspace, s.sheet_type, body, s.title, current, now, now),
            )
            if not kept:
                history.record(db, draft_id, 1, body, s.title, now)
            for v in kept:
                history.record(db, draft_id, v.version, _stored(s.sheet_type, v.data), v.title, v.saved_at)
                if v.name:
                    db.execute(
                        "UPDATE versions SET name = ? WHERE draft = ? AND version = ?", (v.name, draft_id, v.version)
                    )
            db.execute("INSERT INTO case_sheets (draft, case_id) VALUES (?,?)", (draft_id, case.id))
        for c in found.comments:
            db.execute(
                "INSERT INTO comments (id, review, draft, path, version, author, body, suggestion, answer, resolved_at,"
                " applied_version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    new_id(),
                    "",
                    ids[c.sheet],
                    c.path,
                    c.version,
                    review.clean(c.author, review.NAME_MAX, one_line=True),
                    review.clean(c.body, review.BODY_MAX),
                    review.clean(c.suggestion, review.SUGGESTION_MAX),
                    review.clean(c.answer, review.ANSWER_MAX),
                    c.created_at if c.resolved else 0,
                    c.applied_version,
                    c.created_at,
                ),
            )
    for m in found.meetings:
        notes: dict[str, str] = {}
        for k, note in m.notes.items():
            key, _, path = k.partition(":")
            if key in ids:
                notes[f"{ids[key]}:{path}"] = note
            elif not k:
                notes[""] = note
        cases.add_meeting(
            store,
            case,
            m.held_on,
            m.attendees,
            {ids[k]: v for k, v in m.discussed.items()},
            notes,
            [cases.Action(a.text, a.owner, a.due, a.done) for a in m.actions],
        )
    return case
