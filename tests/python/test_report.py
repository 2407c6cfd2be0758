"""The Report: summary, violations as a DataFrame, the written forms, HTML, masking."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import fundrules
from conftest import HEFEI_ROSTER, VALID_ID
from test_check import ROWS, RULES

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def report() -> fundrules.Report:
    return RULES.check(ROWS)


def test_summary_accounts_for_every_row(report: fundrules.Report) -> None:
    s = report.summary
    assert s["rows"] == s["clean"] + s["with_violations"] + s["unreadable"]
    assert s["ruleset_id"] == "test.small"
    assert s["ruleset_sha256"] == RULES.sha256
    assert s["fundrules_version"] == fundrules.__version__
    assert s["as_of"] == fundrules.parse_date("2017-01-15")


def test_violations_frame_has_one_row_per_violation_and_row(report: fundrules.Report) -> None:
    frame = report.violations
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == sum(len(v["rows"]) or 1 for v in report.violation_list())
    assert {"rule_id", "severity", "row", "message_zh", "message_en", "values", "clause"} <= set(
        frame.columns
    )
    cap = frame[frame["rule_id"] == "frontline.cap"].iloc[0]
    assert cap["row"] == 2 and cap["severity"] == "error" and cap["clause"] == "二(二)"
    assert frame["row"].dtype == "Int64"


def test_personal_data_is_masked_unless_asked(report: fundrules.Report) -> None:
    bad_id = "110105194912310021"
    masked = report.violations
    id_rows = masked[masked["rule_id"] == "id_number.valid"]
    assert bad_id not in id_rows["values"].iloc[0]
    assert "110105" in id_rows["values"].iloc[0]
    shown = report.violations_frame(show_personal_data=True)
    assert bad_id in shown[shown["rule_id"] == "id_number.valid"]["values"].iloc[0]
    for text in (report.to_text(), report.to_json(), report.to_csv(), report._repr_html_()):
        assert bad_id not in text
    assert bad_id in report.to_json(show_personal_data=True)


def test_written_forms(report: fundrules.Report) -> None:
    document = report.to_dict()
    assert document == json.loads(report.to_json())
    assert "frontline.cap" in report.to_text()
    assert "frontline.cap" in report.to_text(language="en")
    header, *lines = report.to_csv().splitlines()
    assert "rule" in header
    assert len(lines) >= len(report.violation_list())
    with pytest.raises(fundrules.InvalidValueError):
        report.to_text(language="fr")


def test_html_shows_summary_rules_and_rows(report: fundrules.Report) -> None:
    page = report._repr_html_()
    assert "frontline.cap" in page and "amount.positive" in page
    assert "650.50" in page
    assert "<table>" in page
    assert "李四" not in page  # names are personal data too


def test_repr_says_how_it_went(report: fundrules.Report) -> None:
    assert "failed" in repr(report) and "3 rows" in repr(report)
    clean = RULES.check([ROWS[0]])
    assert clean.ok and "ok" in repr(clean) and clean.violations.empty


def test_python_report_equals_the_cli_json(hefei_rules: fundrules.Ruleset, cli: Path) -> None:
    done = subprocess.run(
        [str(cli), "check", "--rules", hefei_rules.source_file, str(HEFEI_ROSTER),
         "--format", "json"],
        capture_output=True, check=False, text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    from_python = hefei_rules.check(HEFEI_ROSTER)
    assert json.loads(done.stdout) == from_python.to_dict()
    assert done.returncode == (0 if from_python.ok else 1)
    assert VALID_ID not in done.stdout
