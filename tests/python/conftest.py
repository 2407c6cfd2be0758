"""Shared fixtures: the repository's paths, a small ruleset written for these tests, the
bundled 合肥 2017 ruleset and its example roster, and the C++ command-line program."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import fundrules

REPO = Path(__file__).resolve().parents[2]
HEFEI_RULES = REPO / "rules" / "cn" / "hefei" / "2017-liangjie.yaml"
HEFEI_ROSTER = REPO / "examples" / "data" / "hefei-2017-roster.csv"

# A ruleset small enough to reason about row by row: a cap for frontline workers, a positive
# amount, a valid ID number when there is one, a warning for a bad phone, a date window.
SMALL_RULES_YAML = """\
fundrules: 1
id: test.small
title:
  zh: 测试规则
  en: Test rules
as_of: 2017-01-15
fields:
  name:
    type: string
    required: true
    label_zh: 姓名
    personal: name
  id_number:
    type: string
    label_zh: 身份证号
    personal: id_number
  category:
    type: enum
    required: true
    label_zh: 对象类别
    values:
      frontline:
        zh: 一线职工
        en: Frontline worker
      registered_hardship:
        zh: 建档在册困难职工
        en: Registered hardship worker
  amount:
    type: money
    required: true
    label_zh: 金额
  phone:
    type: string
    label_zh: 联系电话
    personal: phone
  paid_on:
    type: date
    label_zh: 发放日期
params:
  frontline_cap:
    type: money
    value: 500
    description: cap per frontline worker
  campaign_start:
    type: date
    value: 2016-12-15
rules:
  - id: amount.positive
    check: amount > 0
    severity: error
    message:
      zh: 金额须大于0,本行为{amount}元
      en: The amount must be above zero; this row pays {amount}
  - id: frontline.cap
    when: category == "frontline"
    check: amount <= params.frontline_cap
    severity: error
    clause: "二(二)"
    message:
      zh: 一线职工每人在{params.frontline_cap}元以内,本行为{amount}元
      en: A frontline worker may receive at most {params.frontline_cap}; this row pays {amount}
  - id: id_number.valid
    when: has(id_number)
    check: is_cn_id(id_number)
    severity: error
    message:
      zh: 身份证号{id_number}无效
      en: ID number {id_number} is not valid
  - id: phone.valid
    when: has(phone)
    check: is_cn_mobile(phone)
    severity: warning
    message:
      zh: 联系电话{phone}不是有效的手机号码
      en: Phone {phone} is not a valid mobile number
  - id: window.paid_on
    when: has(paid_on)
    check: paid_on >= params.campaign_start
    severity: error
    message:
      zh: 发放日期{paid_on}早于活动开始
      en: Paid on {paid_on}, before the campaign started
"""

VALID_ID = "11010519491231002X"
VALID_PHONE = "13912345678"


@pytest.fixture(scope="session")
def small_rules() -> fundrules.Ruleset:
    return fundrules.Ruleset.from_yaml(SMALL_RULES_YAML, name="small.yaml")


@pytest.fixture(scope="session")
def hefei_rules() -> fundrules.Ruleset:
    return fundrules.load(HEFEI_RULES)


def find_cli() -> Path | None:
    """The C++ fundrules program: $FUNDRULES_CLI, else the default build, else PATH."""
    candidates = [os.environ.get("FUNDRULES_CLI", ""), str(REPO / "build" / "default" / "fundrules")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    found = shutil.which("fundrules")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli() -> Path:
    path = find_cli()
    if path is None:
        pytest.skip("the C++ fundrules program is not built (set FUNDRULES_CLI)")
    return path
