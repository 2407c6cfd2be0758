"""Reference tables: ruleset.check(data, refs={name: table}) reads a register from a path, a
DataFrame, an Arrow table or records, and finds what the fundrules program finds with --ref."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import fundrules
from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
RULES = GOLDEN / "refs.yaml"
ROSTER = GOLDEN / "refs-roster.csv"
REGISTRY = GOLDEN / "refs-registry.csv"
EARLIER = GOLDEN / "refs-earlier.csv"


@pytest.fixture(scope="module")
def rules() -> fundrules.Ruleset:
    return fundrules.load(RULES)


def records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def findings(report: fundrules.Report) -> list[tuple[str, list[int]]]:
    return [(v["rule_id"], v["rows"]) for v in report.violation_list()]


def test_ruleset_lists_its_reference_tables(rules: fundrules.Ruleset) -> None:
    by_name = {r.name: r for r in rules.references}
    assert set(by_name) == {"registry", "earlier"}
    assert by_name["registry"].key == "id_number"
    assert by_name["registry"].optional is False
    assert by_name["earlier"].optional is True
    assert by_name["registry"].fields == ("id_number", "filed_on")
    assert by_name["registry"].rules == ("registry.filed_before",)
    assert by_name["registry"].title_en == "Register of hardship workers on file"


def test_paths_give_the_programs_report(rules: fundrules.Ruleset, cli: Path) -> None:
    report = rules.check(ROSTER, refs={"registry": REGISTRY, "earlier": EARLIER})
    done = subprocess.run(
        [str(cli), "check", "--rules", str(RULES), "--ref", f"registry={REGISTRY}",
         "--ref", f"earlier={EARLIER}", "--format", "json", str(ROSTER)],
        capture_output=True, check=False,
    )
    assert done.returncode == 1
    assert report.to_json() == done.stdout.decode("utf-8")


def test_every_kind_of_table_finds_the_same(rules: fundrules.Ruleset) -> None:
    pandas = pytest.importorskip("pandas")
    pyarrow = pytest.importorskip("pyarrow")
    by_path = rules.check(ROSTER, refs={"registry": REGISTRY, "earlier": EARLIER})
    # 李四 was filed after being paid and was paid in the earlier list; row 3 is not on file.
    assert findings(by_path) == [
        ("registry.filed_before", [2]),
        ("earlier.not_paid", [2]),
        ("registry.filed_before", [3]),
    ]
    frames = {
        "registry": pandas.read_csv(REGISTRY, dtype=str),
        "earlier": pandas.read_csv(EARLIER, dtype=str),
    }
    tables = {name: pyarrow.Table.from_pandas(f, preserve_index=False) for name, f in frames.items()}
    dicts: dict[str, Any] = {"registry": records(REGISTRY), "earlier": records(EARLIER)}
    for refs in (frames, tables, dicts):
        assert findings(rules.check(ROSTER, refs=refs)) == findings(by_path)


def test_a_missing_optional_table_skips_its_rules_and_says_so(rules: fundrules.Ruleset) -> None:
    report = rules.check(ROSTER, refs={"registry": records(REGISTRY)})
    assert {v["rule_id"] for v in report.violation_list()} == {"registry.filed_before"}
    skipped = report.skipped_rules
    assert [(s.rule_id, s.reference) for s in skipped] == [("earlier.not_paid", "earlier")]
    assert skipped[0].reason_en and skipped[0].reason_zh
    assert report.summary["skipped_rules"][0]["rule_id"] == "earlier.not_paid"
    assert json.loads(report.to_json())["summary"]["skipped_rules"]
    assert "Rules not run" in report._repr_html_()


def test_a_missing_required_table_is_an_error(rules: fundrules.Ruleset) -> None:
    with pytest.raises(fundrules.Error, match="registry"):
        rules.check(ROSTER)
    with pytest.raises(fundrules.Error, match="registry"):
        rules.check(ROSTER, refs={"earlier": EARLIER})


def test_an_undeclared_table_is_named(rules: fundrules.Ruleset) -> None:
    with pytest.raises(fundrules.Error, match="regstry.*it declares: registry, earlier"):
        rules.check(ROSTER, refs={"regstry": REGISTRY})
    with pytest.raises(fundrules.Error, match="regstry"):
        rules.check(ROSTER, refs={"regstry": records(REGISTRY)})


def test_a_table_with_an_unreadable_row_is_refused_whole(rules: fundrules.Ruleset) -> None:
    bad = [{"身份证号": "11010519491231002X", "建档日期": "2016-02-30"}]
    with pytest.raises(fundrules.DataError, match="registry.*row 1"):
        rules.check(ROSTER, refs={"registry": bad})
    pyarrow = pytest.importorskip("pyarrow")
    table = pyarrow.table({"身份证号": ["11010519491231002X"], "建档日期": ["2016-02-30"]})
    with pytest.raises(fundrules.DataError, match="registry.*row 1"):
        rules.check(ROSTER, refs={"registry": table})


def test_a_table_row_without_its_key_is_refused(rules: fundrules.Ruleset) -> None:
    keyless = [{"身份证号": None, "建档日期": "2016-05-01"}]
    with pytest.raises(fundrules.DataError, match="no id_number"):
        rules.check(ROSTER, refs={"registry": keyless})


def test_refs_must_be_a_mapping(rules: fundrules.Ruleset) -> None:
    with pytest.raises(TypeError, match="dict"):
        rules.check(ROSTER, refs=[REGISTRY])  # type: ignore[arg-type]
