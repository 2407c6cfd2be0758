"""Check a payment list built in pandas, with exact money, and total the amounts paid per
category among the rows that passed.

    python examples/python/dataframe_check.py
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd

import fundrules

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    rules = fundrules.load(ROOT / "rules/cn/hefei/2017-liangjie.yaml")
    # Money as decimal.Decimal (or text such as "1,500.00"), never float: pandas keeps
    # Decimal objects as they are and fundrules reads them exactly.
    roster = pd.DataFrame(
        {
            "姓名": ["王建国", "张伟", "刘芳"],
            "身份证号": ["11010519491231002X", "440524188001010014", None],
            "对象类别": ["建档在册困难职工", "一线职工", "一线职工"],
            "户号": ["H001", "H002", "H003"],
            "金额": [Decimal("600.00"), Decimal("500.00"), Decimal("650.00")],
            "发放方式": ["银行卡", "实名制签领", "实名制签领"],
            "银行卡号": ["6225881414207430", None, None],
            "联系电话": ["13912345678", "13812345678", None],
            "签领人": [None, "张伟", "李明"],
            "发放日期": [datetime.date(2016, 12, 20)] * 3,
        }
    )
    report = rules.check(roster, input_name="roster built in pandas")
    print(repr(report))

    violations = report.violations
    print(violations[["row", "rule_id", "message_en"]].to_string(index=False))

    failed_rows = set(violations["row"].dropna().astype(int))
    passed = roster[[i + 1 not in failed_rows for i in range(len(roster))]]
    totals: dict[str, Decimal] = {}
    for category, amount in zip(passed["对象类别"], passed["金额"]):
        totals[category] = totals.get(category, Decimal(0)) + amount
    for category, total in totals.items():
        print(f"{category}: {fundrules.format_money(total)}")


if __name__ == "__main__":
    main()
