"""A participant's first page load does not import the export libraries (openpyxl, reportlab): they
load on the download click. The download buttons still name the right media types."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from worksheets import formats

SCRIPT = """
import os, sys, tempfile
os.environ["WORKSHEETS_DB"] = tempfile.mkdtemp() + "/d.sqlite3"
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.switch_page("app_pages/issue_sheet.py")
at.run()
assert not at.exception, [e.value for e in at.exception]
assert len(at.get("download_button")) == 3
print(sorted({m.split(".")[0] for m in sys.modules} & {"openpyxl", "reportlab"}))
"""


def test_an_empty_sheet_page_loads_without_openpyxl_or_reportlab() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "app.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_media_types_match_the_format_modules() -> None:
    for ext, media_type in formats.MEDIA_TYPES.items():
        assert formats.FORMATS[ext].media_type == media_type
    assert set(formats.MEDIA_TYPES) == set(formats.FORMATS)
