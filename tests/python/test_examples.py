"""The Python examples run, and they, the package and these tests type-check under mypy --strict
with the package's stubs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import fundrules
from conftest import REPO

EXAMPLES = REPO / "examples" / "python"


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(EXAMPLES / script), *args], capture_output=True,
                          text=True, check=False, cwd=REPO)


def test_check_roster_explains_the_planted_violations() -> None:
    done = run("check_roster.py", "--lang", "en")
    assert done.returncode == 1, done.stderr  # the bundled roster has planted violations
    assert "rows:" in done.stdout and "frontline.cap" in done.stdout
    assert "11010519491231002X" not in done.stdout


def test_dataframe_check_totals_exactly() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    done = run("dataframe_check.py")
    assert done.returncode == 0, done.stderr
    assert "frontline.cap" in done.stdout
    assert "建档在册困难职工: 600.00" in done.stdout


def test_examples_package_and_tests_pass_mypy_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api")
    monkeypatch.chdir(REPO)  # the configuration names its files from the repository root
    stdout, stderr, status = api.run(["--config-file", str(REPO / "pyproject.toml")])
    assert status == 0, stdout + stderr


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("```python\n") + len("```python\n")
    code = readme[start : readme.index("```", start)]
    assert len(code.strip().splitlines()) <= 6  # import, a blank line and the five lines
    monkeypatch.chdir(REPO)  # the example names its files from the repository root
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102
    report = scope["report"]
    assert isinstance(report, fundrules.Report)
    assert report.summary["with_violations"] > 0
