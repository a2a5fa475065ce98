"""File formats, one module each (tablib style): ``export(doc) -> bytes``, ``import_(bytes) -> doc``.

The formats are declared once, in :data:`INFOS` below (title, extensions, media type, whether the
format reads files back), the way tablib registers its formats. Each module takes its own
``title`` / ``extensions`` / ``media_type`` from there (:func:`declared`), and everything that lists
formats (:data:`FORMATS` / :data:`READABLE`, the page's download buttons and uploader, the command
line's batch conversion) reads them from here too. The modules are imported only when used (so
``worksheets validate x.json`` does not pay for reportlab and openpyxl).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from worksheets.errors import InputError
from worksheets.formats.limits import check_size, sniff

if TYPE_CHECKING:
    from worksheets.document import Document

@runtime_checkable
class Format(Protocol):
    """A format module (``worksheets.formats.*_format``)."""

    title: str
    extensions: tuple[str, ...]
    media_type: str

    def export(self, doc: Document) -> bytes: ...


@runtime_checkable
class ReadableFormat(Format, Protocol):
    """A format module that also reads files back."""

    def import_(self, data: bytes) -> Document: ...


@dataclass(frozen=True)
class FormatInfo:
    """A format module's declaration, known without importing the module."""

    module: str  # worksheets.formats.<module>
    title: str
    extensions: tuple[str, ...]
    media_type: str
    readable: bool  # the module also defines ``import_``


# The formats, in the order the page offers their downloads.
INFOS: tuple[FormatInfo, ...] = (
    FormatInfo("json_format", "JSON", (".json",), "application/json", readable=True),
    FormatInfo(
        "xlsx_format",
        "Excel",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        readable=True,
    ),
    FormatInfo("pdf_format", "PDF", (".pdf",), "application/pdf", readable=False),
)
MODULES: tuple[str, ...] = tuple(i.module for i in INFOS)


def declared(module_name: str) -> tuple[str, tuple[str, ...], str]:
    """A format module's own ``title, extensions, media_type = declared(__name__)``."""
    found = next(i for i in INFOS if i.module == module_name.rpartition(".")[2])
    return found.title, found.extensions, found.media_type


_BY_EXT: dict[str, FormatInfo] = {ext: info for info in INFOS for ext in info.extensions}
READABLE: tuple[str, ...] = tuple(ext for info in INFOS if info.readable for ext in info.extensions)
NOT_READABLE = f"読み込めるのは {' と '.join(READABLE)} のファイルです。"


class _LazyFormats(Mapping[str, Format]):
    """Extension -> format module, imported on first use."""

    def __getitem__(self, ext: str) -> Format:
        return cast(Format, importlib.import_module(f"{__name__}.{_BY_EXT[ext].module}"))

    def __iter__(self) -> Iterator[str]:
        return iter(_BY_EXT)

    def __len__(self) -> int:
        return len(_BY_EXT)


FORMATS: Mapping[str, Format] = _LazyFormats()
# Each module's ``media_type``, known without importing the module: a sheet page offers all three
# downloads on its first run and must not pay for openpyxl and reportlab before anyone clicks.
MEDIA_TYPES: Mapping[str, str] = {ext: i.media_type for i in INFOS for ext in i.extensions}


def info(ext: str) -> FormatInfo:
    return _BY_EXT[ext]


def _listed(exts: tuple[str, ...] | list[str]) -> str:
    return " / ".join(exts)


def format_for(filename: str) -> Format:
    ext = PurePath(filename).suffix.lower()
    if ext not in FORMATS:
        raise InputError(
            f"拡張子「{ext or '（なし）'}」には対応していません。{_listed(list(FORMATS))} を指定してください。"
        )
    return FORMATS[ext]


def readable_format(ext: str) -> ReadableFormat:
    return cast(ReadableFormat, FORMATS[ext])


def export(doc: Document, filename: str) -> bytes:
    return format_for(filename).export(doc)


def load(filename: str, data: bytes) -> Document:
    """Read an untrusted upload; every failure is an :class:`InputError` in Japanese."""
    ext = PurePath(filename).suffix.lower()
    if ext not in READABLE:
        raise InputError(NOT_READABLE)
    check_size(data)
    kind = sniff(data)
    if ext == ".json" and kind == "xlsx":
        raise InputError("拡張子は .json ですが、中身は Excel ファイルです。拡張子を確かめてください。")
    if ext == ".xlsx" and kind == "json":
        raise InputError("拡張子は .xlsx ですが、中身は JSON です。拡張子を確かめてください。")
    return readable_format(ext).import_(data)
