"""File formats, one module each (tablib style): ``export(doc) -> bytes``, ``import_(bytes) -> doc``."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from types import ModuleType
from typing import TYPE_CHECKING, ClassVar

from worksheets.errors import InputError
from worksheets.formats.limits import check_size, sniff

if TYPE_CHECKING:
    from worksheets.document import Document


class _LazyFormats(Mapping[str, ModuleType]):
    """Extension -> format module, imported on first use (so ``worksheets validate x.json`` does not
    pay for reportlab and openpyxl)."""

    _MODULES: ClassVar[dict[str, str]] = {".json": "json_format", ".xlsx": "xlsx_format", ".pdf": "pdf_format"}

    def __getitem__(self, ext: str) -> ModuleType:
        return importlib.import_module(f"worksheets.formats.{self._MODULES[ext]}")

    def __iter__(self) -> Iterator[str]:
        return iter(self._MODULES)

    def __len__(self) -> int:
        return len(self._MODULES)


FORMATS: Mapping[str, ModuleType] = _LazyFormats()
# Each module's ``media_type``, known without importing the module: a sheet page offers all three
# downloads on its first run and must not pay for openpyxl and reportlab before anyone clicks.
MEDIA_TYPES: Mapping[str, str] = {
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
}
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
