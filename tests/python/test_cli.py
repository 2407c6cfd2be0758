"""python -m fundrules is the fundrules program: same output, same exit statuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import fundrules
from conftest import HEFEI_ROSTER, HEFEI_RULES
from fundrules.__main__ import main

RULES = str(HEFEI_RULES)
ROSTER = str(HEFEI_ROSTER)

COMMANDS = [
    ["check", "--rules", RULES, ROSTER],
    ["check", "--rules", RULES, ROSTER, "--format", "json", "--lang", "en"],
    ["check", "--rules", RULES, ROSTER, "--format", "csv", "--as-of", "2017-01-20"],
    ["check", "--rules", RULES, ROSTER, "--format", "json", "--show-personal-data"],
    ["check", "--rules", RULES, "no-such-roster.csv"],
    ["check", "--rules", "no-such-rules.yaml", ROSTER],
    ["check", ROSTER],
    ["check", "--rules", RULES, ROSTER, "--format", "xml"],
    ["eval", "--json", '600 <= 650.50 && "银行卡" in ["银行卡", "实名制签领"]'],
    ["eval", "1 + 2 * 3"],
    ["eval", "1 / 0"],
    ["eval", "1 +"],
    ["test", str(HEFEI_RULES.parent)],
    ["test", "no-such-tests.yaml"],
    ["help", "test"],
    ["--version"],
    ["--help"],
    ["help", "check"],
    ["bogus"],
    [],
]


def run_python(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "fundrules", *args], capture_output=True,
                          check=False)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[-60:] or "(none)")
def test_same_output_and_status_as_the_program(cli: Path, args: list[str]) -> None:
    ours = run_python(args)
    theirs = subprocess.run([str(cli), *args], capture_output=True, check=False)
    assert (ours.returncode, ours.stdout, ours.stderr) == (
        theirs.returncode, theirs.stdout, theirs.stderr
    )


def test_exit_statuses_mean_what_the_program_documents() -> None:
    assert run_python(["check", "--rules", RULES, ROSTER]).returncode == 1  # planted violations
    assert run_python(["check", "--rules", RULES, "absent.csv"]).returncode == 2
    assert run_python(["eval", "1 + 1"]).returncode == 0
    assert run_python(["eval", "1 / 0"]).returncode == 1


def test_check_prints_the_same_report_as_the_api() -> None:
    done = run_python(["check", "--rules", RULES, ROSTER, "--format", "json"])
    report = fundrules.load(RULES).check(ROSTER)
    assert done.stdout.decode("utf-8") == report.to_json()


def test_main_takes_an_argument_list(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["--version"]) == 0
    assert capsysbinary.readouterr().out == f"fundrules {fundrules.__version__}\n".encode()
    assert main(["eval", "--json", "2 * 3"]) == 0
    assert b"6" in capsysbinary.readouterr().out
