"""大连市总工会 2018 元旦春节送温暖: relief to households on file, visits, sanitation workers and
the fare home of migrant workers who are union members."""

from __future__ import annotations

import datetime as dt
import random

from . import common
from .common import Plant

# 大连's districts and counties (GB/T 2260), and the home counties of migrant workers.
DALIAN = ["210202", "210203", "210204", "210211", "210212", "210213", "210214", "210281",
          "210283"]
HOMES = ["412728", "511322", "341221", "231182", "220581", "150421", "622424"]
HEADER = ["姓名", "身份证号", "对象类别", "户号", "活动项目", "金额", "发放方式", "银行卡号",
          "联系电话", "签领人", "发放日期", "劳模级别", "是否工会会员", "是否被拖欠工资"]
CAMPAIGN = (dt.date(2017, 12, 21), dt.date(2018, 2, 16))
HARDSHIP, MODEL_WORKERS, FRONTLINE, SANITATION, FARES = 60, 8, 40, 30, 20

INTRO = """\
A district union's list for the campaign: relief money (帮扶救助) to 60 households of hardship
workers on the city union's file (one or two members paid) and 8 model workers in hardship,
visits (走访慰问) to 40 frontline workers on duty, 30 sanitation workers (真情暖环卫), and the fare
home (路费补助) for 20 migrant workers who are union members and whose wages are owed. Every
row is paid between 2017-12-21 and the Spring Festival, 2018-02-16. `fundrules form fill` fills
the rows of 附件1 that follow from it (2A, 2C–2F, 4A–4D, 6C) and leaves the rest blank;
`dalian-2018-songnuan-form-songnuan_2018.csv` is that form with the blank rows filled in by
hand, as a district union would send it, and `fundrules form check` passes it."""


def row(rng: random.Random, person: common.Person, category: str, household: str, action: str,
        amount: int, by_card: bool = True) -> dict[str, str]:
    return {
        "姓名": person.name, "身份证号": person.id_number, "对象类别": category,
        "户号": household, "活动项目": action, "金额": common.money(amount),
        "发放方式": "银行卡" if by_card else "实名制签领",
        "银行卡号": person.bank_card if by_card else "", "联系电话": person.phone,
        "签领人": "" if by_card else person.name,
        "发放日期": common.day_between(rng, *CAMPAIGN).isoformat(),
        "劳模级别": "", "是否工会会员": "", "是否被拖欠工资": "",
    }


def build() -> common.ExampleList:
    rng = random.Random(2018)
    example = common.ExampleList(
        title="大连市 2018 元旦春节送温暖", ruleset="rules/cn/dalian/2018-songnuan.yaml",
        intro=INTRO, header=HEADER, rows=[], plants=[], notes=[])
    for h in range(1, HARDSHIP + 1):
        members = common.household(rng, DALIAN, rng.choice((1, 1, 2)))
        for member in members:
            example.add(row(rng, member, "建档在册困难职工", f"DL{h:03d}", "帮扶救助",
                            rng.choice((800, 1000, 1000, 1200)) // len(members)))
    hardship_rows = len(example.rows)
    for m in range(1, MODEL_WORKERS + 1):
        person = common.Person(rng, DALIAN, None, dt.date(1950, 1, 1), dt.date(1975, 12, 31))
        r = row(rng, person, "困难劳模", f"DM{m:03d}", "帮扶救助", rng.choice((1500, 2000)))
        r["劳模级别"] = rng.choice(("市级", "省部级", "全国"))
        example.add(r)
    for _ in range(FRONTLINE):
        person = common.Person(rng, DALIAN)
        example.add(row(rng, person, "一线职工", "", "走访慰问", rng.choice((300, 500)),
                        by_card=rng.random() < 0.5))
    for _ in range(SANITATION):
        person = common.Person(rng, DALIAN)
        example.add(row(rng, person, "环卫工人", "", "真情暖环卫", 300, by_card=rng.random() < 0.5))
    first_fare = len(example.rows) + 1
    for f in range(1, FARES + 1):
        person = common.Person(rng, HOMES, None, dt.date(1965, 1, 1), dt.date(1998, 12, 31))
        r = row(rng, person, "困难农民工", f"DF{f:03d}", "路费补助", rng.choice((400, 600, 800)))
        r["是否工会会员"] = "是"
        r["是否被拖欠工资"] = "是"
        r["发放日期"] = common.day_between(rng, dt.date(2018, 1, 20), dt.date(2018, 2, 10)).isoformat()
        example.add(r)
    plant(example, rng, hardship_rows, first_fare)
    example.notes = [
        (f"1–{hardship_rows}", "relief money to hardship households on file, by bank card; a "
                               "household of two is paid on two rows under one 户号"),
        (f"{first_fare}–{len(example.rows)}",
         "the fare home, each to a union member whose wages are owed, paid between 2018-01-20 "
         "and 2018-02-10"),
    ]
    return example


def plant(example: common.ExampleList, rng: random.Random, hardship_rows: int,
          first_fare: int) -> None:
    rows = example.rows
    hardship = iter(rng.sample(range(1, hardship_rows + 1), 4))
    visits = [r for r in range(1, len(rows) + 1) if rows[r - 1]["活动项目"] == "走访慰问"]
    visit_picks = iter(rng.sample(visits, 3))
    fares = iter(rng.sample(range(first_fare, len(rows) + 1), 4))

    def change(r: int, rule: str, what: str, **values: str) -> None:
        rows[r - 1].update(values)
        example.plants.append(Plant([r], rule, what))

    change(next(hardship), "dalian.window", "paid 2017-12-18, before late December (一)",
           发放日期="2017-12-18")
    change(next(hardship), "dalian.relief.on_file",
           "relief money to a hardship worker not on file (二1)", 对象类别="非建档困难职工")
    r = next(hardship)
    change(r, "national.bank_card.valid", "the card's last digit was changed: it fails Luhn",
           银行卡号=common.bad_card(rows[r - 1]["银行卡号"], rng))
    change(next(hardship), "dalian.household.missing",
           "a hardship worker with no 户号: the form counts households (附件1 2C)", 户号="")
    change(next(visit_picks), "dalian.window", "a visit paid 2018-02-20, after the Spring "
           "Festival (一)", 发放日期="2018-02-20")
    change(next(visit_picks), "dalian.action.missing", "no 活动项目 (二)", 活动项目="")
    r = next(visit_picks)
    if rows[r - 1]["发放方式"] == "实名制签领":
        change(r, "national.realname.signer_is_recipient", "signed for by someone else: 代签代领",
               签领人=common.other_signer(rows[r - 1]["姓名"], rng, DALIAN))
    else:
        change(r, "national.realname.id_valid",
               "the ID number's check character was changed (实名制)",
               身份证号=common.bad_id(rows[r - 1]["身份证号"], rng))
    r = next(fares)
    example.plants.append(Plant([r], "dalian.fare.union_member",
                                "the fare home to a worker who is not a union member (二5)"))
    example.plants.append(Plant([r], "national.migrant.union_member",
                                "the same row: the national rule says so too (农民工)"))
    rows[r - 1]["是否工会会员"] = "否"
    change(next(fares), "dalian.fare.wage_arrears",
           "the fare home to a worker whose wages are not owed (二5)", 是否被拖欠工资="否")
    change(next(fares), "dalian.fare.cap",
           "1,500.00 for the fare, above the placeholder cap of 1,000元 (二5, a warning)",
           金额="1,500.00")
    change(next(fares), "dalian.fare.migrant", "the fare home paid to a frontline worker (二5)",
           对象类别="一线职工", 户号="")
    common.build_registry(example, rng, {"建档在册困难职工"}, DALIAN, dt.date(2015, 1, 1))
    on_file = iter(rng.sample(common.free_rows(
        example, lambda r: r["对象类别"] == "建档在册困难职工"), 2))
    common.not_on_file(example, next(on_file), "national.on_file.registered",
                       "a registered hardship worker who is not in the register (先建档后帮扶)")
    common.filed_after_payment(example, next(on_file), "national.on_file.before_paid",
                               "put on file ten days after being paid (先建档后帮扶)")
    example.plants.sort(key=lambda p: (p.rows, p.rule))
