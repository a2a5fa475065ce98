"""The saved forms of a sheet: the file envelope and the draft the store keeps.

A file (JSON and Excel) carries ``{"schema_version", "sheet_type", "data"}``, so it says which sheet
it is and which version of the field spec wrote it. The draft store keeps the sheet type, the JSON of
``data`` (:func:`stored_data`, read back by :func:`document_from_stored`) and a title for lists
(:func:`draft_title`); this module is the one place that writes and reads that form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from worksheets.errors import InputError, describe
from worksheets.registry import SHEETS
from worksheets.spec import Kind, SheetModel, entries, is_filled

if TYPE_CHECKING:
    from worksheets.store import Draft, DraftStore

SCHEMA_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})


@dataclass(frozen=True)
class Document:
    sheet_type: str
    sheet: SheetModel

    @property
    def title(self) -> str:
        return SHEETS[self.sheet_type].title

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "sheet_type": self.sheet_type,
            "data": sheet_data(self.sheet),
        }


def sheet_data(sheet: SheetModel) -> dict[str, Any]:
    """The sheet's values as plain JSON types: a file's ``data`` and the stored draft's content."""
    data: dict[str, Any] = sheet.model_dump(mode="json")
    return data


def stored_data(sheet: SheetModel) -> str:
    """The JSON the draft store keeps for a sheet (:func:`document_from_stored` reads it back)."""
    return json.dumps(sheet_data(sheet), ensure_ascii=False)


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


def create_draft(store: DraftStore, workspace: str, doc: Document) -> Draft:
    """Store ``doc`` as a new draft (version 1) of ``workspace``."""
    return store.create(workspace, doc.sheet_type, stored_data(doc.sheet), draft_title(doc))


def save_draft(store: DraftStore, draft_id: str, doc: Document, expected_version: int) -> Draft:
    """Store ``doc`` as the draft's next version (:class:`~worksheets.store.Conflict` if another save came first)."""
    return store.save(draft_id, stored_data(doc.sheet), draft_title(doc), expected_version)


CASE_NOT_SHEET = "これは案件ファイルです（シート1枚のファイルではありません）。「案件」の画面で読み込んでください。"


def new_document(sheet_type: str) -> Document:
    return Document(sheet_type, SHEETS[sheet_type].model())


def check_envelope(schema_version: object, sheet_type: object) -> str:
    """Validate the version and sheet type; return the sheet type."""
    if isinstance(schema_version, str | float) and not isinstance(schema_version, bool):
        shown = str(schema_version)[:20]
        raise InputError(f"schema_version は数値（例: 1）で指定してください。「{shown}」は文字列などで、数値ではありません。")
    if isinstance(schema_version, bool) or not isinstance(schema_version, int):
        raise InputError(
            "schema_version（様式のバージョン）がありません。このアプリで保存したファイルを選んでください。"
        )
    if schema_version not in SUPPORTED_VERSIONS:
        raise InputError(
            f"schema_version {schema_version} には対応していません（対応: "
            f"{', '.join(map(str, sorted(SUPPORTED_VERSIONS)))}）。アプリを更新するか、対応するバージョンで保存し直してください。"
        )
    if not isinstance(sheet_type, str) or sheet_type not in SHEETS:
        known = "、".join(f"{k}（{s.title}）" for k, s in SHEETS.items())
        raise InputError(f"シートの種類「{sheet_type}」は不明です。対応している種類: {known}")
    return sheet_type


def document_from_dict(obj: object, where: str = "") -> Document:
    """Validate an untrusted, already-parsed mapping into a :class:`Document`."""
    if not isinstance(obj, dict):
        raise InputError("ファイルの形式が正しくありません（最上位がオブジェクトではありません）。")
    if obj.get("kind") == "case":
        raise InputError(CASE_NOT_SHEET)
    extra = set(obj) - {"schema_version", "sheet_type", "data"}
    if extra:
        raise InputError(f"様式にない項目があります: {', '.join(sorted(map(str, extra)))[:200]}")
    sheet_type = check_envelope(obj.get("schema_version"), obj.get("sheet_type"))
    return document_from_data(sheet_type, obj.get("data"), where)


def document_from_stored(sheet_type: str, data_json: str) -> Document:
    """A draft as the store keeps it (its sheet type and the JSON of its model)."""
    return document_from_data(sheet_type, json.loads(data_json))


def document_from_draft(draft: Draft) -> Document:
    return document_from_stored(draft.sheet_type, draft.data)


def document_from_data(sheet_type: str, data: object, where: str = "") -> Document:
    model = SHEETS[sheet_type].model
    if not isinstance(data, dict):
        raise InputError("data（シートの内容）がありません。")
    try:
        return Document(sheet_type, model.model_validate(data))
    except ValidationError as exc:
        raise InputError("内容に問題があります。\n" + describe(exc, model, where)) from None
