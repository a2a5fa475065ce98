"""issue 15: the accepted file extensions are declared once, in worksheets.formats.INFOS (each module takes
its own title, extensions and media type from there).

Before, ``.json`` / ``.xlsx`` / ``.pdf`` were also written out in formats/__init__.py, the page's
download row, its uploader and the command line's batch conversion, and the modules' own
``extensions`` / ``title`` attributes were never read.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from worksheets import batch, cli, formats


def test_every_format_module_is_listed() -> None:
    here = Path(formats.__file__).parent
    assert sorted(p.stem for p in here.glob("*_format.py")) == sorted(formats.MODULES)


def test_the_declarations_match_what_each_module_can_do() -> None:
    for info in formats.INFOS:
        module = importlib.import_module(f"worksheets.formats.{info.module}")
        assert (info.title, info.extensions, info.media_type) == (
            module.title,
            module.extensions,
            module.media_type,
        )
        assert info.readable == hasattr(module, "import_")
        assert isinstance(module, formats.Format)
        assert isinstance(module, formats.ReadableFormat) == info.readable


def test_formats_and_readable_come_from_the_modules() -> None:
    assert list(formats.FORMATS) == [e for i in formats.INFOS for e in i.extensions] == [".json", ".xlsx", ".pdf"]
    assert formats.READABLE == (".json", ".xlsx")
    for ext in formats.FORMATS:
        assert ext in formats.FORMATS[ext].extensions
    for ext in formats.READABLE:
        assert isinstance(formats.FORMATS[ext], formats.ReadableFormat)


def test_command_line_uses_the_same_lists() -> None:
    assert batch.SOURCES == formats.READABLE
    assert set(batch.TARGETS) == set(formats.FORMATS)
    assert batch.LABELS == {"json": "JSON", "xlsx": "Excel", "pdf": "PDF"}
    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    convert = sub.choices["convert"]
    to = next(a for a in convert._actions if a.dest == "to")
    assert list(to.choices or []) == [e.removeprefix(".") for e in formats.FORMATS]


def test_unreadable_message_names_the_readable_extensions() -> None:
    assert formats.NOT_READABLE == "読み込めるのは .json と .xlsx のファイルです。"
