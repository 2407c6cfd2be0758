#!/usr/bin/env python3
"""Generate a realistic payment list (发放名单) for the 合肥 2017 两节送温暖 ruleset.

Rows come in households of one to four; ID numbers carry correct check characters and real
birth dates, bank cards pass the Luhn check, names are common Chinese names, and a few percent
of rows carry a planted violation of one rule each (a few percent of households fall short of
their per-household minimum, listed at each row of the household). The output is the same for the same --seed,
so a list can be regenerated instead of stored.

    python3 examples/generate_roster.py --rows 100000 --out /tmp/roster.csv
    python3 examples/generate_roster.py --rows 500 --seed 7 --out r.csv --manifest r-planted.csv

The manifest lists every planted violation as (row, rule): rows are 1-based data rows, header
excluded, as fundrules reports them; a household's shortfall is listed at each of its rows. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from typing import Callable

HEADER = ["姓名", "身份证号", "对象类别", "户号", "金额", "发放方式", "银行卡号", "联系电话",
          "困难原因", "签领人", "发放日期", "月平均收入", "劳模级别"]

CATEGORY_LABELS = {
    "registered_hardship": "建档在册困难职工",
    "unregistered_hardship": "非建档困难职工",
    "hardship_model_worker": "困难劳模",
    "frontline": "一线职工",
    "migrant_worker": "困难农民工",
    "student": "困难职工子女",
    "retired_model_worker": "退休劳模",
}
PAYMENT_LABELS = {"bank_card": "银行卡", "signed_cash": "实名制签领"}
LEVEL_LABELS = {"national": "全国", "provincial": "省部级", "municipal": "市级", "county": "县级"}

# Districts and counties of 合肥 (GB/T 2260 codes).
HEFEI_AREAS = ["340102", "340103", "340104", "340111", "340121", "340122", "340123", "340124",
               "340181"]
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
            "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷"
            "侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN_MALE = ("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文海峰东"
              "兵庆祥发成康荣新春")
GIVEN_FEMALE = ("芳娜敏静丽艳娟霞秀英华玲梅琳燕红萍雪琴云莲洁兰凤翠珍慧颖婷倩晶月桂香")
HARDSHIP_REASONS = ["因病致困", "子女上学负担重", "企业关停下岗", "企业改制待岗", "家庭成员重病",
                    "本人残疾", "意外事故致困", "房屋火灾受损", "单亲抚养子女", "企业亏损停产"]
# Issuer prefixes of cards common in 合肥, with their lengths.
CARD_PREFIXES = [("622848", 19), ("621700", 19), ("622202", 19), ("622588", 16),
                 ("621226", 19), ("623668", 19), ("622260", 19), ("621799", 19)]
PHONE_PREFIXES = ["130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                  "153", "155", "156", "157", "158", "159", "176", "177", "180", "181", "182",
                  "183", "185", "186", "187", "188", "189", "199"]

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

CAMPAIGN_START = dt.date(2016, 12, 15)
SHEET_DEADLINE = dt.date(2017, 2, 5)
CITY_AVG_MONTHLY_WAGE = 5000  # the ruleset's placeholder figure


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled: the digit next to the check digit, then every other one
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


class Person:
    """An invented person: name, ID number (born in one of `areas`), bank card and phone."""

    def __init__(self, rng: random.Random, surname: str | None = None,
                 areas: list[str] = HEFEI_AREAS) -> None:
        self.male = rng.random() < 0.55
        given = GIVEN_MALE if self.male else GIVEN_FEMALE
        self.name = (surname or rng.choice(SURNAMES)) + "".join(
            rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
        birth = dt.date(1952, 1, 1) + dt.timedelta(days=rng.randrange(365 * 46))
        seq = rng.randrange(0, 500) * 2 + (1 if self.male else 0)
        first17 = f"{rng.choice(areas)}{birth:%Y%m%d}{seq:03d}"
        self.id_number = first17 + id_check_char(first17)
        prefix, length = rng.choice(CARD_PREFIXES)
        body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
        self.bank_card = body + luhn_check_digit(body)
        self.phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def money(amount: int) -> str:
    return f"{amount:.2f}" if amount < 1000 else f"{amount:,.2f}"


def paid_on(rng: random.Random) -> str:
    days = (SHEET_DEADLINE - CAMPAIGN_START).days
    return (CAMPAIGN_START + dt.timedelta(days=rng.randrange(days + 1))).isoformat()


def split_amount(rng: random.Random, total: int, parts: int) -> list[int]:
    """Splits a household's total into `parts` multiples of 50 that add up to it."""
    units = total // 50
    cuts = sorted(rng.sample(range(1, units), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, units]
    return [(b - a) * 50 for a, b in zip(bounds, bounds[1:])]


def household_rows(rng: random.Random, household_id: str, max_size: int) -> list[dict[str, str]]:
    """The rows of one household, at most `max_size` of them (the end of the list must not cut
    a household short of its minimum)."""
    category = rng.choices(["registered_hardship", "unregistered_hardship",
                            "hardship_model_worker", "frontline"], [35, 20, 8, 37])[0]
    size = min(max_size, rng.choices([1, 2, 3, 4], [55, 25, 13, 7])[0])
    head = Person(rng)
    people = [head] + [Person(rng, head.name[0] if rng.random() < 0.6 else None)
                       for _ in range(size - 1)]
    if category == "frontline":
        amounts = [rng.choice((200, 300, 300, 400, 500, 500)) for _ in people]
    else:
        minimum = 900 if category == "hardship_model_worker" else 600
        total = rng.choice((minimum, minimum, minimum + 200, minimum + 400, 2 * minimum))
        amounts = split_amount(rng, total, min(size, total // 50))
        people = people[:len(amounts)]
    rows = []
    for person, amount in zip(people, amounts):
        by_card = category in ("registered_hardship", "hardship_model_worker") or (
            rng.random() < 0.5)
        row = dict.fromkeys(HEADER, "")
        row.update({
            "姓名": person.name, "身份证号": person.id_number,
            "对象类别": CATEGORY_LABELS[category], "户号": household_id, "金额": money(amount),
            "发放方式": PAYMENT_LABELS["bank_card" if by_card else "signed_cash"],
            "联系电话": person.phone, "发放日期": paid_on(rng),
        })
        if by_card:
            row["银行卡号"] = person.bank_card
        else:
            row["签领人"] = person.name
        if category in ("registered_hardship", "unregistered_hardship"):
            row["困难原因"] = rng.choice(HARDSHIP_REASONS)
        if category == "hardship_model_worker":
            row["劳模级别"] = LEVEL_LABELS[rng.choice(["national", "provincial", "municipal",
                                                      "municipal"])]
            row["月平均收入"] = money(rng.randrange(1500, CITY_AVG_MONTHLY_WAGE, 10))
        rows.append(row)
    return rows


def _bad_id(row: dict[str, str], rng: random.Random) -> None:
    good = row["身份证号"]
    row["身份证号"] = good[:17] + rng.choice([c for c in ID_CHECK if c != good[17]])


def _bad_card(row: dict[str, str], rng: random.Random) -> None:
    card = row["银行卡号"]
    row["银行卡号"] = card[:-1] + str((int(card[-1]) + rng.randrange(1, 10)) % 10)


def _other_signer(row: dict[str, str], rng: random.Random) -> None:
    row["签领人"] = Person(rng, row["姓名"][0]).name
    if row["签领人"] == row["姓名"]:
        row["签领人"] += "代"


def _late(row: dict[str, str], rng: random.Random) -> None:
    row["发放日期"] = (SHEET_DEADLINE + dt.timedelta(days=rng.randrange(1, 40))).isoformat()


def _ineligible(row: dict[str, str], rng: random.Random) -> None:
    row["对象类别"] = CATEGORY_LABELS[rng.choice(["migrant_worker", "student",
                                                 "retired_model_worker"])]


# Each planted violation: the rule it breaks, which rows it fits, and how it changes a row so
# that exactly that one rule fails.
Plant = tuple[str, Callable[[dict[str, str]], bool], Callable[[dict[str, str], random.Random], None]]


def _is(category: str, method: str | None = None) -> Callable[[dict[str, str]], bool]:
    return lambda r: (r["对象类别"] == CATEGORY_LABELS[category]
                      and (method is None or r["发放方式"] == PAYMENT_LABELS[method]))


def _set(column: str, value: str) -> Callable[[dict[str, str], random.Random], None]:
    def apply(row: dict[str, str], _rng: random.Random) -> None:
        row[column] = value
    return apply


PLANTS: list[Plant] = [
    ("eligible.category", _is("frontline", "bank_card"), _ineligible),
    ("model_worker.level", _is("hardship_model_worker"), _set("劳模级别", LEVEL_LABELS["county"])),
    ("model_worker.income_missing", _is("hardship_model_worker"), _set("月平均收入", "")),
    ("model_worker.income", _is("hardship_model_worker"), _set("月平均收入", "5,600.00")),
    ("amount.positive", _is("frontline"), _set("金额", "0.00")),
    ("frontline.cap", _is("frontline"), _set("金额", "800.00")),
    ("payment.bank_card_missing", _is("unregistered_hardship", "bank_card"), _set("银行卡号", "")),
    ("payment.bank_card_invalid", _is("registered_hardship"), _bad_card),
    ("sheet.id_number", _is("frontline", "signed_cash"), _set("身份证号", "")),
    ("sheet.phone", _is("unregistered_hardship", "signed_cash"), _set("联系电话", "")),
    ("sheet.hardship_reason", _is("unregistered_hardship", "signed_cash"), _set("困难原因", "")),
    ("sheet.signer_missing", _is("frontline", "signed_cash"), _set("签领人", "")),
    ("sheet.signer_is_recipient", _is("unregistered_hardship", "signed_cash"), _other_signer),
    ("window.paid_on_missing", lambda r: True, _set("发放日期", "")),
    ("window.paid_on", lambda r: True, _late),
    ("id_number.valid", _is("registered_hardship"), _bad_id),
    ("phone.valid", lambda r: True,
     lambda r, rng: r.__setitem__("联系电话", f"0551-6{rng.randrange(10**6, 10**7)}")),
]


def plant_registered_cash(row: dict[str, str], rng: random.Random) -> None:
    """A registered hardship worker paid in cash: a full, correct signature-sheet row."""
    row["发放方式"] = PAYMENT_LABELS["signed_cash"]
    row["银行卡号"] = ""
    row["签领人"] = row["姓名"]


PLANTS.append(("payment.bank_card_required", _is("registered_hardship"), plant_registered_cash))


HOUSEHOLD_MINIMUMS = {
    CATEGORY_LABELS["registered_hardship"]: ("hardship.household_min", 600),
    CATEGORY_LABELS["unregistered_hardship"]: ("hardship.household_min", 600),
    CATEGORY_LABELS["hardship_model_worker"]: ("model_worker.household_min", 900),
}


def plant_household_shortfall(rows: list[dict[str, str]], rng: random.Random) -> str | None:
    """Lowers one row of a hardship or model-worker household so that the household's total
    falls below its minimum while every amount stays positive; returns the rule it breaks."""
    rule_and_minimum = HOUSEHOLD_MINIMUMS.get(rows[0]["对象类别"])
    if rule_and_minimum is None:
        return None
    rule, minimum = rule_and_minimum
    amounts = [int(float(r["金额"].replace(",", ""))) for r in rows]
    index = max(range(len(rows)), key=lambda i: amounts[i])
    cut = sum(amounts) - minimum + rng.choice((50, 100, 200))
    if cut >= amounts[index]:
        return None
    rows[index]["金额"] = money(amounts[index] - cut)
    return rule


def generate(rows: int, seed: int, rate: float) -> tuple[list[dict[str, str]], list[tuple[int, str]]]:
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    planted: list[tuple[int, str]] = []
    household = 0
    while len(out) < rows:
        household += 1
        members = household_rows(rng, f"HF2017-{household:06d}", rows - len(out))
        # A household-level violation concerns every row of the household.
        if rng.random() < rate:
            rule = plant_household_shortfall(members, rng)
            if rule is not None:
                planted.extend((len(out) + 1 + i, rule) for i in range(len(members)))
        for row in members:
            if rng.random() < rate:
                fitting = [p for p in PLANTS if p[1](row)]
                rule, _, apply = rng.choice(fitting)
                apply(row, rng)
                planted.append((len(out) + 1, rule))
            out.append(row)
    return out, planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="data rows to write")
    parser.add_argument("--seed", type=int, default=2017, help="random seed (same seed, same list)")
    parser.add_argument("--violation-rate", type=float, default=0.03,
                        help="share of rows with a planted violation (default 0.03)")
    parser.add_argument("--out", default="-", help="CSV file to write (UTF-8 with BOM); - for stdout")
    parser.add_argument("--manifest", help="also write the planted violations here (row,rule)")
    args = parser.parse_args(argv)
    if args.rows < 0 or not 0 <= args.violation_rate <= 1:
        parser.error("--rows must be >= 0 and --violation-rate within 0..1")

    rows, planted = generate(args.rows, args.seed, args.violation_rate)
    stream = (open(args.out, "w", encoding="utf-8-sig", newline="") if args.out != "-"
              else sys.stdout)
    try:
        writer = csv.DictWriter(stream, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if stream is not sys.stdout:
            stream.close()
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8", newline="") as f:
            manifest = csv.writer(f)
            manifest.writerow(["row", "rule"])
            manifest.writerows(planted)
    print(f"wrote {len(rows)} rows, {len(planted)} planted violations", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
