"""File formats, one module each (tablib style): ``export(doc) -> bytes``, ``import_(bytes) -> doc``."""

from __future__ import annotations

from pathlib import PurePath
from types import ModuleType

from worksheets.document import Document
from worksheets.errors import InputError
from worksheets.formats import json_format, pdf_format, xlsx_format
from worksheets.formats.limits import check_size, sniff

FORMATS: dict[str, ModuleType] = {".json": json_format, ".xlsx": xlsx_format, ".pdf": pdf_format}
READABLE = (".json", ".xlsx")


def format_for(filename: str) -> ModuleType:
    ext = PurePath(filename).suffix.lower()
    if ext not in FORMATS:
        raise InputError(
            f"拡張子「{ext or '（なし）'}」には対応していません。.json / .xlsx / .pdf を指定してください。"
        )
    return FORMATS[ext]


def export(doc: Document, filename: str) -> bytes:
    return format_for(filename).export(doc)  # type: ignore[no-any-return]


def load(filename: str, data: bytes) -> Document:
    """Read an untrusted upload; every failure is an :class:`InputError` in Japanese."""
    ext = PurePath(filename).suffix.lower()
    if ext not in READABLE:
        raise InputError("読み込めるのは .json と .xlsx のファイルです。")
    check_size(data)
    kind = sniff(data)
    if ext == ".json" and kind == "xlsx":
        raise InputError("拡張子は .json ですが、中身は Excel ファイルです。拡張子を確かめてください。")
    if ext == ".xlsx" and kind == "json":
        raise InputError("拡張子は .xlsx ですが、中身は JSON です。拡張子を確かめてください。")
    return FORMATS[ext].import_(data)  # type: ignore[no-any-return]
