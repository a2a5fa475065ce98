"""worksheets/ is the domain: it must never import streamlit (DEVELOPERS.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_worksheets_never_imports_streamlit() -> None:
    offenders = []
    for path in (ROOT / "worksheets").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_pages_are_thin() -> None:
    for path in (ROOT / "app_pages").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 60, path.name
