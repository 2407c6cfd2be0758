"""What every Python contender of the peer benchmark shares: the roster's columns, the codes
behind its labels, the common names of the checks, and how a contender reports.

A contender is run as its own process (so that its peak memory is its own) by
``run_one.py NAME CSV OUT``: it loads the CSV, checks it, writes the violations it found to OUT
as ``row,check`` lines (1-based data rows, header excluded) and prints one JSON line with the
seconds its check took and, apart, the seconds the load took.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable

# The roster's headers and the ruleset's field names.
FIELDS = {
    "姓名": "name", "身份证号": "id_number", "对象类别": "category", "户号": "household_id",
    "金额": "amount", "发放方式": "payment_method", "银行卡号": "bank_card", "联系电话": "phone",
    "困难原因": "hardship_reason", "签领人": "signer", "发放日期": "paid_on",
    "月平均收入": "monthly_income", "劳模级别": "model_worker_level",
}

# Labels and aliases of the enumerated fields, as the ruleset declares them, to their codes.
CATEGORY_CODES = {
    "registered_hardship": ["建档在册困难职工", "建档在册的困难职工", "建档困难职工", "档案内困难职工",
                            "在档困难职工"],
    "unregistered_hardship": ["非建档困难职工", "非建档在册困难职工", "不符合建档条件的困难职工",
                              "产能过剩困难职工", "意外灾害困难职工"],
    "hardship_model_worker": ["困难劳模", "困难劳动模范"],
    "frontline": ["一线职工", "坚守一线职工", "一线农民工", "环卫工人"],
    "migrant_worker": ["困难农民工", "困难劳务派遣工"],
    "student": ["困难职工子女", "金秋助学"],
    "retired_model_worker": ["退休劳模"],
}
PAYMENT_CODES = {
    "bank_card": ["银行卡", "银行卡发放", "打卡", "银行转账"],
    "signed_cash": ["实名制签领", "实名制", "实名制发放", "现金签领", "签领"],
}
LEVEL_CODES = {
    "national": ["全国", "全国劳模", "全国劳动模范", "全国级"],
    "provincial": ["省部级", "省级", "部级", "省(部)级", "省部级劳模"],
    "municipal": ["市级", "市级劳模", "市劳模"],
    "county": ["县级", "县区级", "区级", "县级劳模"],
}


def code_map(codes: dict[str, list[str]]) -> dict[str, str]:
    """label or alias or code -> code."""
    out = {code: code for code in codes}
    for code, labels in codes.items():
        out.update((label, code) for label in labels)
    return out


CATEGORY = code_map(CATEGORY_CODES)
PAYMENT = code_map(PAYMENT_CODES)
LEVEL = code_map(LEVEL_CODES)

ELIGIBLE = ("registered_hardship", "unregistered_hardship", "hardship_model_worker", "frontline")
HARDSHIP = ("registered_hardship", "unregistered_hardship")
TOP_LEVELS = ("national", "provincial", "municipal")

# The ruleset's parameters (rules/cn/hefei/2017-liangjie.yaml), in cents and dates.
AS_OF = dt.date(2017, 1, 15)
CAMPAIGN_START = dt.date(2016, 12, 15)
SHEET_DEADLINE = dt.date(2017, 2, 5)
FRONTLINE_CAP = 500_00
HARDSHIP_HOUSEHOLD_MIN = 600_00
MODEL_WORKER_HOUSEHOLD_MIN = 900_00
CITY_AVG_MONTHLY_WAGE = 5000_00

# The common names of the checks: the hefei ruleset's rule ids, and one the contenders all
# implement for recipients listed twice (same id_number), compared once the ruleset has it.
DUPLICATE = "duplicate.id_number"
CHECKS = (
    "eligible.category", "model_worker.level", "model_worker.income_missing",
    "model_worker.income", "amount.positive", "frontline.cap", "payment.bank_card_required",
    "payment.bank_card_missing", "payment.bank_card_invalid", "sheet.id_number", "sheet.phone",
    "sheet.hardship_reason", "sheet.signer_missing", "sheet.signer_is_recipient",
    "window.paid_on_missing", "window.paid_on", "id_number.valid", "phone.valid",
    "hardship.household_min", "model_worker.household_min", DUPLICATE,
)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def read_frame(path: str):  # -> pandas.DataFrame
    """The CSV as an analyst loads it: every cell text (IDs and cards keep their digits), an
    empty cell the empty string."""
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def write_violations(path: str, pairs: Iterable[tuple[int, str]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for row, check in pairs:
            out.write(f"{row},{check}\n")
            count += 1
    return count


def report(check_seconds: float, load_seconds: float, **extra: object) -> None:
    print(json.dumps({"seconds": check_seconds, "load_seconds": load_seconds, **extra}))
    sys.stdout.flush()
