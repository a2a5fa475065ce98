"""issue 13 #19: the project installs (requirements.txt has `-e .`) with a `worksheets` command that works
from any folder, and `python -m worksheets` keeps working."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_console_script_entry_point_resolves_to_the_cli() -> None:
    target = PYPROJECT["project"]["scripts"]["worksheets"]
    module, func = target.split(":")
    main = getattr(importlib.import_module(module), func)
    assert callable(main)
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0


def test_setuptools_packages_are_exactly_the_worksheets_packages() -> None:
    declared = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "worksheets").rglob("__init__.py")
    }
    assert declared == found  # a new subpackage must be listed; tests/ and data/ never are


def test_runtime_pins_are_the_same_in_pyproject_and_requirements() -> None:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    start, end = lines.index("# Runtime"), next(i for i, x in enumerate(lines) if x.startswith("# Tests"))
    runtime = {x.strip() for x in lines[start:end] if x.strip() and not x.startswith("#")}
    assert runtime == set(PYPROJECT["project"]["dependencies"])
    assert "-e ." in lines  # `pip install -r requirements.txt` installs the project and its command


def _site_with_the_project(tmp_path: Path) -> Path | None:
    """Where the installed project lives: the environment itself (after the README's set-up), else an
    editable install made now into a scratch folder (never into the shared environment)."""
    try:
        metadata.distribution("kanmin-worksheets")
    except metadata.PackageNotFoundError:
        target = tmp_path / "site"
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), "-e", str(ROOT)],
            check=True,
            capture_output=True,
            timeout=300,
            cwd=tmp_path,
        )
        for leftover in ROOT.glob("*.egg-info"):
            shutil.rmtree(leftover)  # the build's scratch metadata, not part of the clone
        return target
    return None


def _run_elsewhere(tmp_path: Path, site: Path | None, code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    prelude = f"import site; site.addsitedir({str(site)!r}); " if site else ""
    return subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )


def test_worksheets_command_and_module_run_from_another_folder(tmp_path: Path) -> None:
    site = _site_with_the_project(tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    sample = SAMPLES / "issue_detail_fukuoka.json"
    script = (site / "bin" / "worksheets") if site else Path(sys.executable).with_name("worksheets")
    assert script.is_file()
    run_script = (
        f"import runpy, sys; sys.argv = ['worksheets', 'convert', {str(sample)!r}, '-o', 'out.xlsx']; "
        f"runpy.run_path({str(script)!r}, run_name='__main__')"
    )
    result = _run_elsewhere(work, site, run_script)
    assert result.returncode == 0, result.stderr
    assert (work / "out.xlsx").read_bytes().startswith(b"PK")
    run_module = (
        "import runpy, sys; sys.argv = ['worksheets', 'convert', 'out.xlsx', '-o', 'back.json']; "
        "runpy.run_module('worksheets', run_name='__main__', alter_sys=True)"
    )
    result = _run_elsewhere(work, site, run_module)
    assert result.returncode == 0, result.stderr
    assert json.loads((work / "back.json").read_text(encoding="utf-8")) == json.loads(sample.read_text("utf-8"))

