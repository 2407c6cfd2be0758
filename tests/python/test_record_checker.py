"""Ruleset.record_checker: one record at a time must find what check() finds on a list of that
one record, take money exactly, and refuse what it cannot read."""

from __future__ import annotations

import csv
import datetime
import warnings
from decimal import Decimal
from typing import Any

import pytest

import fundrules
from conftest import HEFEI_ROSTER, HEFEI_RULES, REPO

REGISTRY = REPO / "examples" / "data" / "hefei-2017-registry.csv"
EARLIER = REPO / "examples" / "data" / "hefei-2017-earlier.csv"


def roster_records() -> list[dict[str, Any]]:
    with open(HEFEI_ROSTER, encoding="utf-8-sig", newline="") as f:
        return [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(f)]


@pytest.fixture(scope="module")
def hefei() -> fundrules.Ruleset:
    return fundrules.load(HEFEI_RULES)


def test_every_row_gives_what_check_gives_on_it(hefei: fundrules.Ruleset) -> None:
    refs = {"registry": REGISTRY, "earlier": EARLIER}
    checker = hefei.record_checker(refs=refs)
    records = roster_records()
    assert len(records) == 42
    failing = 0
    for record in records:
        expected = hefei.check([record], refs=refs)
        result = checker.check(record)
        for show in (False, True):
            assert result.violation_list(show_personal_data=show) == expected.violation_list(
                show_personal_data=show
            ), record
        assert result.ok == expected.ok
        assert len(result) == len(expected.violation_list())
        assert result.rule_ids == tuple(v["rule_id"] for v in expected.violation_list())
        failing += len(result) > 0
    assert 0 < failing < len(records)


def test_group_rules_see_the_record_alone(hefei: fundrules.Ruleset) -> None:
    checker = hefei.record_checker()
    # A registered hardship worker's household of one row paid 400: below the 600 minimum.
    record = {
        "姓名": "李秀英",
        "身份证号": "34018119650702030X",
        "对象类别": "建档在册困难职工",
        "户号": "H002",
        "金额": Decimal("400.00"),
        "发放方式": "银行卡",
        "银行卡号": "6222605386270283357",
        "发放日期": datetime.date(2016, 12, 22),
    }
    result = checker.check(record)
    assert result.rule_ids == ("hardship.household_min",)
    assert not result.ok
    (violation,) = result.violation_list()
    assert violation["scope"] == "group"
    assert violation["rows"] == [1]
    assert violation["group_key"] == "H002"
    # The same household reaching 600 passes; nothing is carried over from the last record.
    assert len(checker.check({**record, "金额": "600.00"})) == 0
    assert checker.check(record).rule_ids == ("hardship.household_min",)


def test_money_is_exact_and_floats_warn(hefei: fundrules.Ruleset) -> None:
    checker = hefei.record_checker(as_of="2017-01-15")
    base = {"姓名": "张三", "对象类别": "一线职工", "户号": "H9", "发放方式": "银行卡",
            "银行卡号": "6222026385855716063", "发放日期": "2017-01-10"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cap = checker.check({**base, "金额": Decimal("500.01")})
        exact = checker.check({**base, "金额": "500.00"})
    assert "frontline.cap" in cap.rule_ids
    assert "frontline.cap" not in exact.rule_ids
    with pytest.warns(fundrules.FloatMoneyWarning):
        floated = checker.check({**base, "金额": 500.01})
    assert floated.rule_ids == cap.rule_ids


def test_what_cannot_be_read_is_refused(hefei: fundrules.Ruleset) -> None:
    checker = hefei.record_checker()
    with pytest.raises(fundrules.InvalidValueError, match="备注"):
        checker.check({"姓名": "张三", "备注": "x"})
    with pytest.raises(ValueError, match="both name field name"):
        checker.check({"姓名": "张三", "name": "李四"})
    with pytest.raises(fundrules.InvalidValueError, match="paid_on") as caught:
        checker.check({"姓名": "张三", "发放日期": "2017-02-30", "金额": "六百"})
    assert "amount" in str(caught.value)
    with pytest.raises(TypeError, match="mapping"):
        checker.check([("姓名", "张三")])  # type: ignore[arg-type]
    # Still usable afterwards.
    assert "amount.positive" in checker.check({"姓名": "张三", "金额": -1}).rule_ids


def test_personal_data_is_masked_unless_asked(hefei: fundrules.Ruleset) -> None:
    checker = hefei.record_checker()
    result = checker.check({"姓名": "张三", "身份证号": "34012419620314287Y", "金额": "100"})
    assert "id_number.valid" in result.rule_ids
    masked = str(result.violation_list())
    assert "34012419620314287Y" not in masked
    assert "34012419620314287Y" in str(result.violation_list(show_personal_data=True))


REQUIRED_YAML = """\
fundrules: 1
id: test.required
title: {zh: 必需的参照表, en: A required reference}
as_of: 2017-01-15
fields:
  id_number: {type: string, label_zh: 身份证号}
references:
  registry:
    title: {zh: 档案, en: Register}
    key: id_number
    fields:
      id_number: {type: string, label_zh: 身份证号}
rules:
  - id: on_file
    check: id_number in refs.registry
    message: {zh: 不在档, en: not on file}
"""


def test_a_required_reference_must_be_given() -> None:
    rules = fundrules.Ruleset.from_yaml(REQUIRED_YAML, name="required.yaml")
    with pytest.raises(fundrules.Error, match="registry"):
        rules.record_checker()
    checker = rules.record_checker(refs={"registry": [{"身份证号": "34012419620314287X"}]})
    assert len(checker.check({"身份证号": "34012419620314287X"})) == 0
    assert checker.check({"身份证号": "340181196507020300"}).rule_ids == ("on_file",)
