"""Report.summaries: the ruleset's declared summaries as data frames, exact, masked, and the
same figures as the JSON report and as a computation of their own over the roster."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import fundrules
from conftest import HEFEI_ROSTER, VALID_ID

pd = pytest.importorskip("pandas")

# Two key fields, a personal key, a whole-list summary, an empty key and a figure that fails
# on one row (a division by zero), on rows small enough to count by hand.
SUMMARY_RULES = """\
fundrules: 1
id: test.summaries
title: {zh: 汇总测试, en: Summary test}
as_of: 2017-01-15
fields:
  id_number: {type: string, personal: id_number, aliases: [身份证号]}
  category:
    type: enum
    aliases: [对象类别]
    values:
      frontline: {zh: 一线职工, en: Frontline worker}
      registered_hardship: {zh: 建档在册困难职工, en: Registered hardship worker}
  household_id: {type: string, aliases: [户号]}
  method: {type: string, aliases: [发放方式]}
  amount: {type: money, aliases: [金额]}
  divisor: {type: int}
rules:
  - id: amount.positive
    check: amount > 0
    message: {zh: 金额须大于0, en: The amount must be above zero}
summaries:
  - id: whole
    title: {zh: 全部, en: Whole list}
    columns:
      - {id: people, label: {zh: 人数, en: People}, value: count(), unit: 人}
      - {id: amount, label: {zh: 金额, en: Amount}, value: sum(amount), unit: 元}
      - {id: wan, label: {zh: 金额, en: Amount}, value: sum(amount) / 10000, unit: 万元}
  - id: by_category_method
    title: {zh: 按类别和方式, en: By category and method}
    group_by: [category, method]
    columns:
      - {id: households, label: {zh: 户数, en: Households}, value: count_distinct(household_id), unit: 户}
      - {id: amount, label: {zh: 金额, en: Amount}, value: sum(amount), unit: 元}
  - id: by_person
    title: {zh: 按身份证, en: By person}
    group_by: [id_number]
    columns:
      - {id: amount, label: {zh: 金额, en: Amount}, value: sum(amount), unit: 元}
  - id: ratio
    title: {zh: 比值, en: Ratio}
    group_by: [category]
    columns:
      - {id: share, label: {zh: 比值, en: Share}, value: sum(amount / divisor)}
"""

OTHER_ID = "440524188001010014"
ROWS: list[dict[str, Any]] = [
    {"id_number": VALID_ID, "category": "frontline", "household_id": "H1", "method": "card",
     "amount": Decimal("0.10"), "divisor": 1},
    {"id_number": VALID_ID, "category": "frontline", "household_id": "H1", "method": "cash",
     "amount": Decimal("0.20"), "divisor": 2},
    {"id_number": OTHER_ID, "category": "registered_hardship", "household_id": "H2",
     "method": "card", "amount": Decimal("600.00"), "divisor": 0},
    {"id_number": None, "category": None, "household_id": "H1", "method": "card",
     "amount": Decimal("1500.05"), "divisor": 5},
]


@pytest.fixture(scope="module")
def report() -> fundrules.Report:
    rules = fundrules.Ruleset.from_yaml(SUMMARY_RULES, name="summaries.yaml")
    return rules.check(ROWS)


def test_one_frame_per_summary_in_ruleset_order(report: fundrules.Report) -> None:
    assert list(report.summaries) == ["whole", "by_category_method", "by_person", "ratio"]
    assert all(isinstance(f, pd.DataFrame) for f in report.summaries.values())


def test_money_is_exact_decimal(report: fundrules.Report) -> None:
    whole = report.summaries["whole"]
    assert list(whole.index) == ["total"]
    line = whole.loc["total"]
    assert line["people"] == 4
    # 0.10 + 0.20 is 0.3 exactly, not 0.30000000000000004.
    assert line["amount"] == Decimal("2100.35") and isinstance(line["amount"], Decimal)
    assert str(line["amount"]) == "2100.35"
    assert line["wan"] == Decimal("2100.35") / 10000
    assert whole["people"].dtype == "Int64" and whole["amount"].dtype == object
    assert whole.attrs["units"] == {"people": "人", "amount": "元", "wan": "万元"}
    assert whole.attrs["rows"] == [4]


def test_groups_keys_and_total(report: fundrules.Report) -> None:
    frame = report.summaries["by_category_method"]
    assert frame.index.names == ["category", "method"]
    keys = list(frame.index)
    # The row without a category makes a line of its own (pandas spells its key NaN).
    assert pd.isna(keys[3][0]) and keys[3][1] == "card"
    assert keys[:3] + keys[4:] == [
        ("frontline", "card"), ("frontline", "cash"), ("registered_hardship", "card"),
        ("total", ""),
    ]
    assert frame.loc[("frontline", "cash"), "amount"] == Decimal("0.20")
    # Household H1 is paid under three keys: once in the total, not three times.
    assert frame["households"].tolist() == [1, 1, 1, 1, 2]
    assert frame.loc[("total", ""), "amount"] == sum(r["amount"] for r in ROWS)
    assert frame.attrs["title_en"] == "By category and method"
    assert frame.attrs["labels_zh"]["households"] == "户数"


def test_personal_keys_are_masked_unless_asked(report: fundrules.Report) -> None:
    masked = report.summaries["by_person"]
    keys = [k for k in masked.index if k not in ("total", None)]
    assert len(keys) == 2 and not {VALID_ID, OTHER_ID} & set(keys)
    assert all(k.startswith(("110105", "440524")) for k in keys)
    shown = report.summary_frames(show_personal_data=True)["by_person"]
    assert shown.loc[VALID_ID, "amount"] == Decimal("0.30")
    assert shown.loc[OTHER_ID, "amount"] == Decimal("600.00")


def test_rows_that_cannot_be_counted_are_named(report: fundrules.Report) -> None:
    ratio = report.summaries["ratio"]
    assert any("row 3" in p for p in ratio.attrs["problems"])
    # The row divided by zero is left out of every line and of the total.
    assert ratio.loc["total", "share"] == Decimal("0.10") + Decimal("0.20") / 2 + Decimal(
        "1500.05") / 5


def test_a_figure_that_fails_names_its_group_masked() -> None:
    rules = fundrules.Ruleset.from_yaml(SUMMARY_RULES.replace(
        "value: sum(amount / divisor)", "value: sum(amount) / sum(divisor)").replace(
        "group_by: [category]\n    columns:\n      - {id: share",
        "group_by: [id_number]\n    columns:\n      - {id: share"))
    report = rules.check([{**ROWS[2], "divisor": 0}])
    problems = report.summaries["ratio"].attrs["problems"]
    assert problems and all("division by zero" in p for p in problems)
    assert any(p.startswith("share of 440524") for p in problems)
    for text in (" ".join(problems), report.to_json(), report.to_text()):
        assert OTHER_ID not in text


def test_frames_agree_with_the_json_report(report: fundrules.Report) -> None:
    document = report.to_dict()
    for table in document["summaries"]:
        frame = report.summaries[table["id"]]
        lines = table["rows"] if table["group_by"] else []
        lines += [table["total"]] if table["total"] else table["rows"][:1]
        assert len(frame) == len(lines)
        for (_, figures), line in zip(frame.iterrows(), lines):
            for column, value in line["values"].items():
                got = figures[column]
                if value is None:
                    assert got is None or got is pd.NA
                else:
                    assert str(got) == str(value)


def test_hefei_by_category_matches_a_count_of_the_roster(
    hefei_rules: fundrules.Ruleset,
) -> None:
    frame = hefei_rules.check(HEFEI_ROSTER).summaries["by_category"]
    roster = pd.read_csv(HEFEI_ROSTER, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    roster["category"] = roster["对象类别"].map(lambda t: hefei_rules.code_of("category", t))
    roster["amount"] = roster["金额"].map(fundrules.parse_money)
    for category, rows in roster.groupby("category"):
        line = frame.loc[category]
        assert line["people"] == len(rows)
        assert line["households"] == rows["户号"].nunique()
        assert line["amount"] == sum(rows["amount"], Decimal(0))
    assert frame.loc["total", "amount"] == sum(roster["amount"], Decimal(0))
    assert frame.loc["total", "households"] == roster["户号"].nunique()


def test_html_and_csv_show_the_summaries(report: fundrules.Report) -> None:
    page = report._repr_html_()
    assert "按类别和方式" in page and "户数（户）" in page and "合计" in page
    assert "1,500.05" in page or "1500.05" in page
    assert VALID_ID not in page and OTHER_ID not in page
    text = report.summaries_to_csv(language="en")
    assert "By category and method" in text and VALID_ID not in text
    assert VALID_ID in report.summaries_to_csv(show_personal_data=True)
    assert VALID_ID not in json.dumps(report.to_dict(), ensure_ascii=False)


def test_a_ruleset_without_summaries_gives_none() -> None:
    from conftest import SMALL_RULES_YAML

    rules = fundrules.Ruleset.from_yaml(SMALL_RULES_YAML)
    assert rules.check([]).summaries == {}
