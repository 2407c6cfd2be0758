"""盘龙区总工会 2024 送温暖: frontline workers visited at 元旦春节 and at 中秋国庆."""

from __future__ import annotations

import datetime as dt
import random

from . import common
from .common import Plant

# 五华, 盘龙, 官渡, 西山, 呈贡 and the counties people move in from (GB/T 2260).
AREAS = ["530102", "530103", "530103", "530111", "530112", "530114", "530124", "530381",
         "532301", "530402"]
HEADER = ["姓名", "身份证号", "对象类别", "发放活动", "金额", "发放方式", "银行卡号", "联系电话",
          "签领人", "发放日期"]
# The ways lists spell the frontline groups of the plan (all are the category 一线职工).
FRONTLINE = ["一线职工", "一线职工", "环卫工人", "坚守岗位职工", "新就业形态劳动者"]
BORN = (dt.date(1964, 1, 1), dt.date(2000, 12, 31))
NEW_YEAR = (dt.date(2024, 1, 15), dt.date(2024, 1, 31))
MID_AUTUMN = (dt.date(2024, 9, 15), dt.date(2024, 10, 15))
NEW_YEAR_PEOPLE, MID_AUTUMN_PEOPLE, BOTH = 503, 202, 60

INTRO = """\
The list holds both campaigns of the year, told apart by the 发放活动 column: 503 frontline
workers visited at 元旦春节 (plan: 500, budget 25万) and 202 at 中秋国庆 (plan: 200, budget 10万),
60 of them in both, each paid 300 to 500元. The totals stay within both budgets and the
headcounts meet the plan, so the batch rules (budgets, headcounts, 700 人次) pass."""


def visit(rng: random.Random, person: common.Person, campaign: str,
          window: tuple[dt.date, dt.date]) -> dict[str, str]:
    by_card = rng.random() < 0.7
    return {
        "姓名": person.name, "身份证号": person.id_number, "对象类别": rng.choice(FRONTLINE),
        "发放活动": campaign, "金额": common.money(rng.choice((300, 400, 500, 500))),
        "发放方式": "银行卡" if by_card else "实名制签领",
        "银行卡号": person.bank_card if by_card else "", "联系电话": person.phone,
        "签领人": "" if by_card else person.name,
        "发放日期": common.day_between(rng, *window).isoformat(),
    }


def build() -> common.ExampleList:
    rng = random.Random(2024)
    example = common.ExampleList(
        title="盘龙区 2024 送温暖", ruleset="rules/cn/panlong/2024-songnuan.yaml", intro=INTRO,
        header=HEADER, rows=[], plants=[], notes=[])
    new_year = [common.Person(rng, AREAS, None, *BORN) for _ in range(NEW_YEAR_PEOPLE)]
    mid_autumn = rng.sample(new_year, BOTH) + [common.Person(rng, AREAS, None, *BORN)
                                              for _ in range(MID_AUTUMN_PEOPLE - BOTH)]
    for person in new_year:
        example.add(visit(rng, person, "元旦春节", NEW_YEAR))
    first_mid_autumn = len(example.rows) + 1
    for person in mid_autumn:
        example.add(visit(rng, person, "中秋国庆", MID_AUTUMN))
    last_mid_autumn = len(example.rows)
    plant(example, rng, first_mid_autumn)
    example.notes = [
        ("1–503", "元旦春节 visits paid between 2024-01-15 and 2024-01-31, by card or signed for "
                  "in person; the category is spelt 一线职工, 环卫工人, 坚守岗位职工 or 新就业形态劳动者"),
        (f"{first_mid_autumn}–{last_mid_autumn}",
         "中秋国庆 visits between 2024-09-15 and 2024-10-15; the first 60 are people also visited "
         "at 元旦春节, which the 500元 cap allows (it is per person and campaign)"),
    ]
    return example


def plant(example: common.ExampleList, rng: random.Random, first_mid_autumn: int) -> None:
    rows = example.rows
    new_year = list(range(1, first_mid_autumn))
    by_card = [r for r in new_year if rows[r - 1]["发放方式"] == "银行卡"]
    in_cash = [r for r in new_year if rows[r - 1]["发放方式"] == "实名制签领"]
    picks = iter(rng.sample(by_card, 8))
    cash_picks = iter(rng.sample(in_cash, 2))
    mid = rng.choice(range(first_mid_autumn + BOTH, len(rows) + 1))

    def change(row: int, rule: str, what: str, **values: str) -> None:
        rows[row - 1].update(values)
        example.plants.append(Plant([row], rule, what))

    change(next(picks), "panlong.eligible.frontline",
           "a 困难劳模 on a list that pays frontline workers only (四.3)", 对象类别="困难劳模")
    change(next(picks), "panlong.frontline.cap", "800.00 to one worker, above 500元 a person (六)",
           金额="800.00")
    change(next(picks), "panlong.new_year.window",
           "a 元旦春节 visit paid 2024-02-06, after January (七.1)", 发放日期="2024-02-06")
    change(mid, "panlong.mid_autumn.window",
           "a 中秋国庆 visit paid 2024-10-20, after mid-October (七.2)", 发放日期="2024-10-20")
    change(next(picks), "panlong.project.window",
           "paid 2024-01-08: within January (七.1) but before the project's mid-January start "
           "(四.1), a warning", 发放日期="2024-01-08")
    change(next(picks), "panlong.paid_on.missing", "no 发放日期 (七)", 发放日期="")
    row = next(picks)
    change(row, "national.realname.id_valid", "the ID number's check character was changed (实名制)",
           身份证号=common.bad_id(rows[row - 1]["身份证号"], rng))
    row = next(picks)
    change(row, "national.bank_card.valid", "the card's last digit was changed: it fails Luhn",
           银行卡号=common.bad_card(rows[row - 1]["银行卡号"], rng))
    change(next(picks), "national.bank_card.number", "paid by 银行卡 with no card number",
           银行卡号="")
    row = next(cash_picks)
    change(row, "national.realname.signer_is_recipient", "signed for by someone else: 代签代领",
           签领人=common.other_signer(rows[row - 1]["姓名"], rng, AREAS))
    change(next(cash_picks), "national.realname.signer_missing", "paid in cash with no 签领人",
           签领人="")

    # One worker paid twice in one campaign: two rows that together pass the cap.
    twice = rng.choice([r for r in new_year if not any(r in p.rows for p in example.plants)
                        and rows[r - 1]["金额"] == "500.00"])
    second = dict(rows[twice - 1], 金额="300.00", 发放日期="2024-01-30")
    rows[twice - 1]["金额"] = "300.00"
    example.plants.append(Plant([twice, example.add(second)], "panlong.frontline.cap",
                                "one worker on two 元旦春节 rows of 300.00: 600.00 together (六)"))
    example.plants.sort(key=lambda p: p.rows)
