"""issue 13 #19: the project installs (requirements.txt has `-e .[test]`) with a `worksheets` command that works
from any folder, and `python -m worksheets` keeps working. issue 15: runtime dependencies apart from the test
tools (the `test` extra), both pinned the same in pyproject.toml and requirements.txt; CI runs ruff, mypy, pytest."""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
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


REQUIREMENTS = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
RUNTIME = PYPROJECT["project"]["dependencies"]
EXTRAS = PYPROJECT["project"]["optional-dependencies"]
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _section(heading: str) -> set[str]:
    """The requirement lines of requirements.txt from the comment line starting with ``heading`` up to
    the next such section (comments and the project line left out)."""
    start = next(i for i, x in enumerate(REQUIREMENTS) if x.startswith(heading))
    ends = [i for i, x in enumerate(REQUIREMENTS) if i > start and x.startswith(("# Runtime", "# Tests"))]
    lines = REQUIREMENTS[start : min(ends, default=len(REQUIREMENTS))]
    return {x.strip() for x in lines if x.strip() and not x.startswith(("#", "-e"))}


def _name(requirement: str) -> str:
    """The distribution name of ``pkg[extra]==1.0`` (normalised as pip does)."""
    return re.split(r"[\[=<>~!; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_runtime_pins_are_the_same_in_pyproject_and_requirements() -> None:
    assert _section("# Runtime") == set(RUNTIME)


def test_test_tool_pins_are_the_test_extra() -> None:
    assert _section("# Tests") == set(EXTRAS["test"])
    assert set(EXTRAS) == {"test"}  # one extra, installed by requirements.txt below


def test_requirements_txt_installs_everything_with_exact_pins() -> None:
    """`pip install -r requirements.txt` is THE set-up: the project (its command), its runtime
    dependencies and its test tools, every one pinned to one version."""
    wanted = [x.strip() for x in REQUIREMENTS if x.strip() and not x.startswith("#")]
    assert wanted[-1] == "-e .[test]"  # the project itself, editable, with its test extra
    assert set(wanted[:-1]) == set(RUNTIME) | set(EXTRAS["test"])  # nothing listed twice or outside pyproject
    assert len(wanted[:-1]) == len(set(wanted[:-1]))
    for requirement in [*RUNTIME, *EXTRAS["test"]]:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+(\[[a-z,]+\])?==[0-9][0-9A-Za-z.]*", requirement), requirement
    assert not {_name(r) for r in RUNTIME} & {_name(r) for r in EXTRAS["test"]}


def _third_party_imports(paths: list[Path]) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    ours = {"worksheets", "components", "app_pages", "tests", "bench", "app"} | {p.stem for p in paths}
    return {m for m in found if m not in sys.stdlib_module_names and m not in ours}


def _distributions(modules: set[str]) -> set[str]:
    owners = metadata.packages_distributions()
    return {d.lower().replace("_", "-") for m in modules for d in owners.get(m, [m])}


def test_the_app_imports_runtime_dependencies_only() -> None:
    """A test tool imported by the app would be missing on a server set up without the test extra."""
    app = [ROOT / "app.py", *(p for d in ("worksheets", "components", "app_pages") for p in (ROOT / d).rglob("*.py"))]
    used = _distributions(_third_party_imports(app))
    assert used <= {_name(r) for r in RUNTIME}
    assert not used & {_name(r) for r in EXTRAS["test"]}


def test_every_test_tool_is_used_by_the_tests_the_bench_or_ci() -> None:
    code = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    imported = _distributions(_third_party_imports(code))
    for requirement in EXTRAS["test"]:
        name = _name(requirement)
        assert name in imported or re.search(rf"^{name} ", CI, re.M), f"{name} is used by nothing"


def test_ci_installs_from_requirements_only_then_runs_ruff_mypy_and_pytest() -> None:
    installs = [line.strip() for line in CI.splitlines() if re.search(r"\bpip install\b", line)]
    assert installs == ["python -m pip install --quiet --upgrade pip", "pip install --quiet -r requirements.txt"]
    commands = [line.split("#")[0].strip() for line in CI.splitlines()]
    steps = [c for c in commands if re.match(r"(ruff|mypy|python -m pytest)\b", c)]
    assert steps == ["ruff check .", "mypy", "python -m pytest"]
    assert PYPROJECT["tool"]["mypy"]["strict"] is True
    assert PYPROJECT["tool"]["mypy"]["files"] == ["worksheets", "components"]
    # ignore_missing_imports only for named third-party packages, never globally or for our own code
    assert "ignore_missing_imports" not in PYPROJECT["tool"]["mypy"]
    for override in PYPROJECT["tool"]["mypy"].get("overrides", []):
        if override.get("ignore_missing_imports"):
            modules = {m.split(".")[0] for m in override["module"]}
            assert modules <= {_name(r).replace("-", "_") for r in RUNTIME}, modules


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

