"""楚雄州总工会 2023: the year's hardship-aid list (项目一) and the Spring Festival visits (项目二)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Callable

from . import common
from .common import Plant

# 楚雄市 and the counties of the prefecture (GB/T 2260).
AREAS = ["532301", "532301", "532322", "532323", "532324", "532325", "532326", "532327",
         "532328", "532329", "532331"]
STUDENTS_BORN = (dt.date(2003, 9, 1), dt.date(2005, 8, 31))
LEVELS = ["全国", "省部级", "市级", "市级", "市级"]

BANGFU_HEADER = ["姓名", "身份证号", "对象类别", "户号", "资助类型", "金额", "发放方式", "银行卡号",
                 "联系电话", "困难原因", "劳模级别", "个人自付医疗费用", "资金来源", "公示日期",
                 "审批日期", "签领人", "发放日期"]
BANGFU_INTRO = """\
A year's list of the prefecture's hardship aid: 450 人次 of hardship workers (households of one
to four people on the list; the head gets living aid, other members medical aid against their
out-of-pocket costs), 60 model workers, 38 金秋助学 students and 200 frontline visits at the
Spring Festival. Aid to the three groups comes to over 300万; the first rows, up to 10万, are
paid from the prefecture budget and the rest from the provincial union. Aid is approved each
month, publicly posted one to two weeks before and paid within 25 days.

Two of the findings are about the whole list: the aid of two months was never publicly posted,
which brings 公示度 below 90%, and only 38 students applied against a plan of 40 (a warning)."""

CHUNJIE_HEADER = ["姓名", "身份证号", "对象类别", "户号", "金额", "发放方式", "银行卡号", "联系电话",
                  "困难原因", "资金来源", "签领人", "发放日期"]
CHUNJIE_INTRO = """\
The Spring Festival visits: 235 households of workers in hardship through disaster, illness
or accident (1,600元 each), 10 of model workers (2,000元) and 234 of workers on duty over the
festival (800 or 1,000元), paid between 2022-12-20 and 2023-01-21 (the ruleset's placeholder
window). Each row is one household's visit. The prefecture budget pays the first rows and the
union's own funds the rest; one finding is about the whole list: a few self-raised rows were
booked to the prefecture budget, which takes it past 50万."""

CHUNJIE_REASONS = ["因病致困", "家庭成员重病", "意外事故致困", "房屋火灾受损", "洪涝灾害受损",
                   "地震灾害受损", "因灾房屋倒塌"]


def _row(header: list[str], **values: str) -> dict[str, str]:
    row = dict.fromkeys(header, "")
    row.update(values)
    return row


def _approval(rng: random.Random) -> tuple[str, str, str]:
    """Posting, approval and payment dates of one monthly batch of aid."""
    month = rng.randrange(2, 12)
    approved = dt.date(2023, month, rng.randrange(1, 11))
    posted = approved - dt.timedelta(days=rng.randrange(7, 15))
    paid = approved + dt.timedelta(days=rng.randrange(3, 26))
    return posted.isoformat(), approved.isoformat(), paid.isoformat()


def _paid(person: common.Person, rng: random.Random, cash_share: float) -> dict[str, str]:
    if rng.random() < cash_share:
        return {"发放方式": "实名制签领", "签领人": person.name}
    return {"发放方式": "银行卡", "银行卡号": person.bank_card}


def bangfu_rows(rng: random.Random, example: common.ExampleList) -> None:
    header = BANGFU_HEADER
    household = 0
    hardship = 0
    while hardship < 450:
        household += 1
        size = min(450 - hardship, rng.choices([1, 2, 3, 4], [70, 20, 7, 3])[0])
        registered = rng.random() < 0.85
        category = "建档在册困难职工" if registered else "非建档困难职工"
        posted, approved, paid = _approval(rng)
        for i, person in enumerate(common.household(rng, AREAS, size)):
            values = {"姓名": person.name, "身份证号": person.id_number, "对象类别": category,
                      "户号": f"CX{household:04d}", "联系电话": person.phone,
                      "困难原因": rng.choice(common.HARDSHIP_REASONS), "公示日期": posted,
                      "审批日期": approved, "发放日期": paid}
            if i == 0:
                values.update(资助类型="生活救助", 金额=common.money(rng.randrange(4000, 8001, 500)))
            else:
                amount = rng.randrange(3000, 7001, 500)
                values.update(资助类型="医疗救助", 金额=common.money(amount),
                              个人自付医疗费用=common.money(amount + rng.randrange(0, 3001, 100)))
            values.update(_paid(person, rng, 0 if registered else 0.4))
            example.add(_row(header, **values))
            hardship += 1
    for _ in range(60):
        household += 1
        person = common.Person(rng, AREAS, None, dt.date(1950, 1, 1), dt.date(1975, 12, 31))
        posted, approved, paid = _approval(rng)
        example.add(_row(header, 姓名=person.name, 身份证号=person.id_number, 对象类别="困难劳模",
                         户号=f"CX{household:04d}", 资助类型="劳模补助",
                         金额=common.money(rng.randrange(6000, 10001, 500)), 联系电话=person.phone,
                         劳模级别=rng.choice(LEVELS), 公示日期=posted, 审批日期=approved,
                         发放日期=paid, 发放方式="银行卡", 银行卡号=person.bank_card))
    for _ in range(38):
        household += 1
        person = common.Person(rng, AREAS, None, *STUDENTS_BORN)
        august = dt.date(2023, 8, rng.randrange(10, 21))
        example.add(_row(header, 姓名=person.name, 身份证号=person.id_number,
                         对象类别="困难职工子女", 户号=f"CX{household:04d}", 资助类型="助学",
                         金额=common.money(rng.randrange(3000, 5001, 500)), 联系电话=person.phone,
                         困难原因=rng.choice(common.HARDSHIP_REASONS),
                         公示日期=(august - dt.timedelta(days=10)).isoformat(),
                         审批日期=august.isoformat(),
                         发放日期=(august + dt.timedelta(days=rng.randrange(5, 16))).isoformat(),
                         发放方式="银行卡", 银行卡号=person.bank_card))
    for _ in range(200):
        household += 1
        person = common.Person(rng, AREAS)
        example.add(_row(header, 姓名=person.name, 身份证号=person.id_number, 对象类别="一线职工",
                         户号=f"CX{household:04d}", 资助类型="节日慰问", 金额="500.00",
                         联系电话=person.phone,
                         发放日期=common.day_between(rng, dt.date(2023, 1, 5),
                                                 dt.date(2023, 1, 20)).isoformat(),
                         **_paid(person, rng, 0.5)))
    # The prefecture budget pays the first rows, up to 10万; the provincial union the rest.
    budget = 100_000
    for row in example.rows:
        amount = int(float(row["金额"].replace(",", "")))
        row["资金来源"] = "州财政" if amount <= budget else "省总工会"
        budget -= amount if amount <= budget else 0


def build_bangfu() -> common.ExampleList:
    rng = random.Random(2301)
    example = common.ExampleList(
        title="楚雄州 2023 困难职工帮扶救助", ruleset="rules/cn/chuxiong/2023-bangfu.yaml",
        intro=BANGFU_INTRO, header=BANGFU_HEADER, rows=[], plants=[], notes=[])
    bangfu_rows(rng, example)
    rows = example.rows

    def where(test: Callable[[dict[str, str]], bool]) -> list[int]:
        """The rows that pass `test` and carry no planted violation yet."""
        taken = {r for p in example.plants for r in p.rows}
        return [i + 1 for i, r in enumerate(rows) if i + 1 not in taken and test(r)]

    def change(row: int, rule: str, what: str, **values: str) -> None:
        rows[row - 1].update(values)
        example.plants.append(Plant([row], rule, what))

    frontline = where(lambda r: r["对象类别"] == "一线职工")
    change(rng.choice(frontline), "chuxiong.window",
           "a Spring Festival visit paid 2024-01-03, after the project year (四)",
           发放日期="2024-01-03")
    row = rng.choice(where(lambda r: r["对象类别"] == "一线职工"))
    change(row, "national.realname.id_valid", "the ID number's check character was changed",
           身份证号=common.bad_id(rows[row - 1]["身份证号"], rng))
    row = rng.choice(where(lambda r: r["对象类别"] == "一线职工" and r["签领人"] != ""))
    change(row, "national.realname.signer_is_recipient", "signed for by someone else: 代签代领",
           签领人=common.other_signer(rows[row - 1]["姓名"], rng, AREAS))
    row = rng.choice(where(lambda r: r["资助类型"] == "医疗救助"))
    paid = int(float(rows[row - 1]["金额"].replace(",", "")))
    change(row, "national.medical.out_of_pocket",
           f"medical aid of {paid}.00 against out-of-pocket costs of {paid - 800}.00 (医疗救助)",
           个人自付医疗费用=common.money(paid - 800))
    row = rng.choice(where(lambda r: r["对象类别"] == "建档在册困难职工" and r["资助类型"] == "生活救助"))
    change(row, "national.bank_card.valid", "the card's last digit was changed: it fails Luhn",
           银行卡号=common.bad_card(rows[row - 1]["银行卡号"], rng))
    row = rng.choice(where(lambda r: r["对象类别"] == "建档在册困难职工" and r["资助类型"] == "生活救助"))
    change(row, "national.bank_card.on_file",
           "a registered hardship worker paid in cash against a complete signature (银行卡发放)",
           发放方式="实名制签领", 银行卡号="", 签领人=rows[row - 1]["姓名"])

    # A household whose second member gets living aid too: 12 months of 低保 exceeded.
    free = set(where(lambda r: True))
    pairs = [r for r in where(lambda r: r["资助类型"] == "医疗救助")
             if rows[r - 2]["户号"] == rows[r - 1]["户号"] and rows[r - 2]["资助类型"] == "生活救助"
             and r - 1 in free]
    second = rng.choice(pairs)
    rows[second - 2]["金额"] = "6,000.00"
    rows[second - 1].update(资助类型="生活救助", 金额="5,000.00", 个人自付医疗费用="")
    example.plants.append(Plant([second - 1, second], "national.living.household_cap",
                                f"household {rows[second - 1]['户号']}: living aid 6,000.00 + "
                                "5,000.00, above 12 × the 低保 placeholder 800 (生活救助)"))
    # A student paid twice in the school year.
    student = rng.choice(where(lambda r: r["对象类别"] == "困难职工子女"))
    repeat = dict(rows[student - 1], 金额="1,000.00", 发放日期="2023-09-20")
    example.plants.append(Plant([student, example.add(repeat)], "national.school.once_a_year",
                                "a student on a second 助学 row in the same school year"))
    # An ineligible group, on a row of its own.
    person = common.Person(rng, AREAS, None, dt.date(1950, 1, 1), dt.date(1962, 12, 31))
    posted, approved, paid_on = _approval(rng)
    extra = example.add(_row(BANGFU_HEADER, 姓名=person.name, 身份证号=person.id_number,
                             对象类别="退休劳模", 户号="CX9001", 资助类型="荣誉津贴", 金额="2,000.00",
                             联系电话=person.phone, 劳模级别="省部级", 资金来源="省总工会",
                             公示日期=posted, 审批日期=approved, 发放日期=paid_on,
                             发放方式="银行卡", 银行卡号=person.bank_card))
    example.plants.append(Plant([extra], "chuxiong.eligible.category",
                                "a retired model worker's allowance, not aid of this project (四)"))
    # The aid approved in a month or two was never publicly posted: 公示度 falls below 90%.
    groups = ("建档在册困难职工", "非建档困难职工", "困难劳模", "困难职工子女")
    counted = [r for r in rows if r["对象类别"] in groups]
    months = sorted({r["审批日期"][:7] for r in counted})
    unposted: list[str] = []
    for month in rng.sample(months, len(months)):
        if (len(counted) - sum(not r["公示日期"] for r in counted)) * 100 < 90 * len(counted):
            break
        unposted.append(month)
        for row_dict in counted:
            if row_dict["审批日期"][:7] == month:
                row_dict["公示日期"] = ""
    posted_rows = sum(bool(r["公示日期"]) for r in counted)
    example.plants.append(Plant([], "chuxiong.rate.publicity",
                                f"the aid approved in {' and '.join(sorted(unposted))} has no "
                                f"公示日期: {posted_rows} of {len(counted)} rows posted, below 90% "
                                "(八.1(2))"))
    example.plants.append(Plant([], "chuxiong.plan.students",
                                "38 students (39 rows) against a plan of 40 人次, a warning (四)"))
    _on_file(example, rng)
    example.plants.sort(key=lambda p: p.rows or [0])
    _check_totals(rows)
    example.notes = [("1–450", "hardship workers: 户号 groups of one to four rows; the head's "
                      "生活救助 and the members' 医疗救助 with their 个人自付医疗费用"),
                     ("451–510", "model workers of 全国, 省部级 and 市级 level"),
                     ("511–548", "金秋助学 students, born 2003–2005, approved in August"),
                     ("549–748", "frontline visits at the 2023 Spring Festival, 500元 each")]
    return example


def _on_file(example: common.ExampleList, rng: random.Random) -> None:
    """The register of workers on file, with one registered worker missing from it and one
    filed only after being paid."""
    common.build_registry(example, rng, {"建档在册困难职工"}, AREAS, dt.date(2016, 1, 1))
    on_file = iter(rng.sample(common.free_rows(example, lambda r: r["对象类别"] == "建档在册困难职工"),
                              2))
    common.not_on_file(example, next(on_file), "national.on_file.registered",
                       "a registered hardship worker who is not in the register (先建档后帮扶)")
    common.filed_after_payment(example, next(on_file), "national.on_file.before_paid",
                               "put on file ten days after being paid (先建档后帮扶)")


def _check_totals(rows: list[dict[str, str]]) -> None:
    """The list must meet the quantity indicators, or it would fail rules nobody planted."""
    aid = sum(float(r["金额"].replace(",", "")) for r in rows
              if r["对象类别"] in ("建档在册困难职工", "非建档困难职工", "困难劳模", "困难职工子女"))
    assert aid >= 3_000_000 and len(rows) >= 700, (aid, len(rows))


def build_chunjie() -> common.ExampleList:
    rng = random.Random(2302)
    example = common.ExampleList(
        title="楚雄州 2023 春节送温暖", ruleset="rules/cn/chuxiong/2023-chunjie.yaml",
        intro=CHUNJIE_INTRO, header=CHUNJIE_HEADER, rows=[], plants=[], notes=[])
    window = (dt.date(2022, 12, 20), dt.date(2023, 1, 21))
    groups = [(235, ("非建档困难职工", "意外致困职工", "建档在册困难职工"), (1600,)),
              (10, ("困难劳模",), (2000,)), (234, ("坚守岗位职工", "一线职工"), (800, 1000, 1000))]
    household = 0
    for count, categories, amounts in groups:
        for _ in range(count):
            household += 1
            person = common.Person(rng, AREAS)
            category = rng.choice(categories)
            cash = 0 if category in ("建档在册困难职工", "困难劳模") else 0.3
            example.add(_row(CHUNJIE_HEADER, 姓名=person.name, 身份证号=person.id_number,
                             对象类别=category, 户号=f"CJ{household:04d}",
                             金额=common.money(rng.choice(amounts)), 联系电话=person.phone,
                             困难原因=rng.choice(CHUNJIE_REASONS) if count == 235 else "",
                             发放日期=common.day_between(rng, *window).isoformat(),
                             **_paid(person, rng, cash)))
    rows = example.rows

    def change(row: int, rule: str, what: str, **values: str) -> None:
        rows[row - 1].update(values)
        example.plants.append(Plant([row], rule, what))

    picks = iter(rng.sample(range(1, 236), 3))
    change(next(picks), "chuxiong.chunjie.hardship_reason", "a hardship household with no 困难原因",
           困难原因="")
    change(next(picks), "chuxiong.chunjie.window",
           "paid 2023-02-03, after the (placeholder) window ending 2023-01-21", 发放日期="2023-02-03")
    row = next(picks)
    change(row, "national.realname.id_valid", "the ID number's check character was changed",
           身份证号=common.bad_id(rows[row - 1]["身份证号"], rng))
    in_cash = [i + 1 for i, r in enumerate(rows[:235]) if r["对象类别"] != "建档在册困难职工"
               and r["签领人"] and not any(i + 1 in p.rows for p in example.plants)]
    row = rng.choice(in_cash)
    change(row, "national.bank_card.on_file",
           "a registered hardship worker paid in cash (银行卡发放)", 对象类别="建档在册困难职工")

    # Two workers of one household, both on duty, both visited.
    first = rng.randrange(246, 480)
    spouse = common.Person(rng, AREAS)
    example.plants.append(Plant(
        [first, example.add(dict(rows[first - 1], 姓名=spouse.name, 身份证号=spouse.id_number,
                                 联系电话=spouse.phone, 金额="800.00", 发放方式="银行卡",
                                 银行卡号=spouse.bank_card, 签领人=""))],
        "chuxiong.chunjie.once_per_household",
        f"household {rows[first - 1]['户号']} visited twice (husband and wife), a warning"))
    person = common.Person(rng, AREAS)
    example.plants.append(Plant([example.add(_row(
        CHUNJIE_HEADER, 姓名=person.name, 身份证号=person.id_number, 对象类别="一线职工",
        金额="800.00", 联系电话=person.phone, 发放日期="2023-01-20", 发放方式="银行卡",
        银行卡号=person.bank_card))], "chuxiong.chunjie.household_id", "a visit with no 户号"))
    person = common.Person(rng, AREAS, None, *STUDENTS_BORN)
    example.plants.append(Plant([example.add(_row(
        CHUNJIE_HEADER, 姓名=person.name, 身份证号=person.id_number, 对象类别="困难职工子女",
        户号="CJ9001", 金额="800.00", 联系电话=person.phone, 发放日期="2023-01-15",
        发放方式="银行卡", 银行卡号=person.bank_card))], "chuxiong.chunjie.eligible",
        "a student: not one of the three groups the visits are for"))

    # The prefecture budget pays the first rows up to 50万, and a few more are booked to it by
    # mistake: 50万 exceeded.
    budget = 500_000
    for row_dict in rows:
        amount = int(float(row_dict["金额"].replace(",", "")))
        row_dict["资金来源"] = "州财政" if amount <= budget else "自筹"
        budget -= amount if amount <= budget else 0
    self_raised = [r for r in rows if r["资金来源"] == "自筹"]
    for row_dict in self_raised[:3]:
        row_dict["资金来源"] = "州财政"
    example.plants.append(Plant([], "chuxiong.chunjie.prefecture_budget",
                                "three self-raised visits booked to the prefecture budget, which "
                                "then pays more than 50万 (四)"))
    _on_file(example, rng)
    example.plants.sort(key=lambda p: p.rows or [0])
    total = sum(float(r["金额"].replace(",", "")) for r in rows)
    assert 500_000 <= total <= 630_400, total
    example.notes = [("1–235", "hardship households, spelt 非建档困难职工, 意外致困职工 or "
                      "建档在册困难职工 (the last always paid by card)"),
                     ("236–245", "model workers' households"),
                     ("246–479", "households of workers on duty, spelt 坚守岗位职工 or 一线职工")]
    return example
