"""No output of the Python API shows personal data unless asked.

Runs the public API over the example roster, and over damaged copies of it that put ID
numbers, bank cards and phones where they make unreadable rows and error messages, given as a
CSV path, a pandas DataFrame and records; with the 合肥 ruleset and with one whose rules fail
with evaluation errors on those fields. Every written form is scanned (the violations and
summaries data frames, to_json, to_csv, to_text, summaries_to_csv, _repr_html_, repr, warnings
and the messages of exceptions raised by bad rows) for any ten characters in a row of an ID
number, bank card or phone of the test data, the scan the program's outputs get
(tests/cli_privacy.py, whose data and damage this reuses). As a control, the same outputs with
``show_personal_data=True`` must show them.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pytest

import fundrules
from conftest import HEFEI_ROSTER, HEFEI_RULES, REPO

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


def _cli_privacy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_privacy", REPO / "tests" / "cli_privacy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


AUDIT = _cli_privacy()
SECRETS: set[str] = AUDIT.secrets_of(HEFEI_ROSTER) | AUDIT.secrets_of(
    REPO / "tests" / "data" / "csv" / "roster_utf8.csv"
)
LEAKS: set[str] = AUDIT.windows(SECRETS)


def leaked(text: str) -> list[str]:
    return sorted(w for w in LEAKS if w in text)


class Outputs:
    """Everything the API gave, by where it came from."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, text: str) -> None:
        self.texts.append((where, text))

    def report(self, where: str, report: fundrules.Report, *, shown: bool = False) -> None:
        for language in ("zh", "en"):
            options: dict[str, Any] = {"language": language, "show_personal_data": shown}
            self.add(f"{where} to_json {language}", report.to_json(**options))
            self.add(f"{where} to_csv {language}", report.to_csv(**options))
            self.add(f"{where} to_text {language}", report.to_text(**options))
            self.add(f"{where} summaries_to_csv {language}", report.summaries_to_csv(**options))
        frame = report.violations_frame(show_personal_data=shown)
        self.add(f"{where} violations", frame.to_csv())
        self.add(f"{where} violation_list", repr(report.violation_list(show_personal_data=shown)))
        for name, summary in report.summary_frames(show_personal_data=shown).items():
            self.add(f"{where} summaries[{name}]", summary.to_csv() + repr(summary.attrs))
        self.add(f"{where} summary", repr(report.summary))
        if not shown:
            self.add(f"{where} _repr_html_", report._repr_html_())
            self.add(f"{where} repr", repr(report))

    def raised(self, where: str, work: Callable[[], Any]) -> None:
        """Runs work that must fail, keeping its message (and its causes')."""
        with pytest.raises((fundrules.Error, TypeError, ValueError)) as caught:
            work()
        error: BaseException | None = caught.value
        while error is not None:
            self.add(f"{where} exception", f"{type(error).__name__}: {error}")
            error = error.__cause__ or error.__context__

    def leaks(self) -> list[str]:
        found = []
        for where, text in self.texts:
            pieces = leaked(text)
            if pieces:
                found.append(f"{where}: {len(pieces)} pieces, e.g. {pieces[0][:4]}…")
        return found


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        return [{k: v for k, v in row.items() if k is not None} for row in csv.DictReader(f)]


def check_every_way(
    out: Outputs, rules: fundrules.Ruleset, path: Path, *, shown: bool = False
) -> None:
    """The list as a path, a DataFrame and records, where each can be read; a list that cannot
    be checked at all gives an error whose message is scanned instead."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        inputs: list[tuple[str, Any]] = [("path", path)]
        try:
            inputs.append(
                ("DataFrame", pd.read_csv(path, dtype=str, encoding="utf-8-sig",
                                          keep_default_na=False))
            )
        except (UnicodeDecodeError, pd.errors.ParserError):
            pass  # pandas cannot read it; the path covers it
        inputs.append(("records", read_rows(path)))
        for way, data in inputs:
            where = f"{path.name} {way}"
            try:
                report = rules.check(data)
            except fundrules.Error as error:
                out.add(f"{where} exception", f"{type(error).__name__}: {error}")
            else:
                out.report(where, report, shown=shown)
    for warning in caught:
        out.add(f"{path.name} warning", str(warning.message))


@pytest.fixture(scope="module")
def converting(tmp_path_factory: pytest.TempPathFactory) -> fundrules.Ruleset:
    path = tmp_path_factory.mktemp("rules") / "converting.yaml"
    path.write_text(AUDIT.CONVERTING_RULES, encoding="utf-8")
    return fundrules.load(path)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    paths: list[Path] = AUDIT.damaged_rosters(HEFEI_ROSTER, tmp_path_factory.mktemp("damaged"))
    return paths


def test_the_scan_has_personal_values_to_look_for() -> None:
    assert len(SECRETS) >= 30
    assert "34012419620314287X" in SECRETS  # the roster's first ID number


def test_reports_show_no_personal_data(
    hefei_rules: fundrules.Ruleset, converting: fundrules.Ruleset
) -> None:
    out = Outputs()
    for rules in (hefei_rules, converting):
        check_every_way(out, rules, HEFEI_ROSTER)
    assert len(out.texts) > 40
    assert out.leaks() == []


def test_damaged_lists_show_no_personal_data(
    hefei_rules: fundrules.Ruleset, converting: fundrules.Ruleset, damaged: list[Path]
) -> None:
    out = Outputs()
    for path in damaged:
        check_every_way(out, hefei_rules, path)
        out.report(f"{path.name} converting", converting.check(path))
    unreadable = [t for w, t in out.texts if "input.unreadable" in t]
    assert unreadable, "no damaged row was unreadable: the damage did not reach the messages"
    assert out.leaks() == []


def test_errors_from_bad_rows_show_no_personal_data(
    hefei_rules: fundrules.Ruleset, tmp_path: Path
) -> None:
    roster = read_rows(HEFEI_ROSTER)
    card = roster[0]["银行卡号"]
    id_number = roster[0]["身份证号"]
    phone = roster[0]["联系电话"]
    # A register whose dates are ID numbers, cards and phones: it cannot be read at all.
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "身份证号,姓名,建档日期\n"
        f"{id_number},王建国,{card}\n{roster[1]['身份证号']},李秀英,{phone}\n",
        encoding="utf-8",
    )
    register_rows = read_rows(registry)
    out = Outputs()
    out.raised("refs path", lambda: hefei_rules.check(HEFEI_ROSTER, refs={"registry": registry}))
    out.raised("refs records",
               lambda: hefei_rules.check(HEFEI_ROSTER, refs={"registry": register_rows}))
    out.raised("refs DataFrame", lambda: hefei_rules.check(
        HEFEI_ROSTER, refs={"registry": pd.DataFrame(register_rows)}))
    # Rows that are not records, and cells no field can hold: unreadable rows, named.
    for where, rows in (("row not a dict", [[id_number, card, phone], (id_number,)]),
                        ("cell of no type", [{"身份证号": {id_number}, "银行卡号": [card]}])):
        report = hefei_rules.check(rows)
        assert report.summary["unreadable"] == len(rows)
        out.report(where, report)
    assert any("the record is a list, not a mapping" in text for _, text in out.texts)
    assert len(out.texts) >= 5
    assert out.leaks() == []


def test_python_m_fundrules_shows_no_personal_data() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fundrules", "check", "--rules", str(HEFEI_RULES),
         str(HEFEI_ROSTER), "--format", "json"],
        capture_output=True, check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    text = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert '"summary"' in text and leaked(text) == []


def test_showing_personal_data_is_asked_for_and_then_shown(
    hefei_rules: fundrules.Ruleset, converting: fundrules.Ruleset
) -> None:
    """The control: the scan would see a leak, and asking is how personal data is shown."""
    out = Outputs()
    check_every_way(out, hefei_rules, HEFEI_ROSTER, shown=True)
    check_every_way(out, converting, HEFEI_ROSTER, shown=True)
    showing = {where for where, text in out.texts if leaked(text)}
    for way in ("path", "DataFrame", "records"):
        for output in ("to_json zh", "to_csv en", "to_text zh", "violations"):
            assert f"hefei-2017-roster.csv {way} {output}" in showing, (way, output)
