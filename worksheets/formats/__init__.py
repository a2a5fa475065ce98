"""File formats, one module each (tablib style): ``export(doc) -> bytes``, ``import_(bytes) -> doc``.

Each format module declares, once, its ``title``, ``extensions`` and ``media_type``; a module that
defines ``import_`` can be read back. Everything that lists formats (this package's
:data:`FORMATS` / :data:`READABLE`, the page's download buttons and uploader, the command line's
batch conversion) reads them from here. The modules are imported only when used (so
``worksheets validate x.json`` does not pay for reportlab and openpyxl): their declarations are
read from the module source as literals.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from worksheets.errors import InputError
from worksheets.formats.limits import check_size, sniff

if TYPE_CHECKING:
    from worksheets.document import Document

# The format modules, in the order the page offers their downloads.
MODULES = ("json_format", "xlsx_format", "pdf_format")


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
    """A format module's declarations, read without importing it."""

    module: str
    title: str
    extensions: tuple[str, ...]
    media_type: str
    readable: bool


def _declared(module: str) -> FormatInfo:
    tree = ast.parse((Path(__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    values: dict[str, object] = {}
    functions: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("title", "extensions", "media_type"):
                values[node.targets[0].id] = ast.literal_eval(node.value)
        elif isinstance(node, ast.FunctionDef):
            functions.add(node.name)
    return FormatInfo(
        module,
        cast(str, values["title"]),
        tuple(cast(tuple[str, ...], values["extensions"])),
        cast(str, values["media_type"]),
        "import_" in functions,
    )


INFOS: tuple[FormatInfo, ...] = tuple(_declared(m) for m in MODULES)
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
