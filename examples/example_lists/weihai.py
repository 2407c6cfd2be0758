"""威海市总工会 2019: relief, 金秋助学, 送温暖, model-worker aid and retired model workers' allowance."""

from __future__ import annotations

import datetime as dt
import random

from . import common
from .common import Plant

# 环翠, 文登, 荣成, 乳山 (GB/T 2260).
AREAS = ["371002", "371002", "371003", "371082", "371083"]
HEADER = ["姓名", "身份证号", "对象类别", "户号", "资助类型", "金额", "个人自付医疗费用", "劳模级别",
          "原单位情况", "发放方式", "银行卡号", "特殊情况说明", "联系电话", "困难原因", "申请表",
          "收入证明", "支出证明", "单位工会核实", "公示日期", "签领人", "发放日期"]
LEVELS = ["全国", "省部级", "市级", "市级"]
ALLOWANCE = {"全国": "3,000.00", "省部级": "2,000.00", "市级": "1,000.00"}  # the placeholders
EMPLOYERS = ["破产", "倒闭", "无主管单位", "财政拨款机关事业单位"]
SPECIAL_CASES = ["本人无银行卡", "银行卡冻结", "高龄行动不便,家属陪同领取"]

INTRO = """\
A year of the project's payments to persons: medical and temporary relief through the year to
hardship households (one to four members on the list, each with application, proofs, the
workplace union's verification and a posting date), 金秋助学 in August, 送温暖 visits in
December to hardship households and frontline workers, aid to model workers of the three
levels (posted, then paid within the set time) and the honorary allowance of retired model
workers at the ruleset's placeholder standards. Cash is paid only where a special case is
written down. The list stays far below the 181万 of the project."""


def _row(**values: str) -> dict[str, str]:
    row = dict.fromkeys(HEADER, "")
    row.update(values)
    return row


def _card_or_cash(person: common.Person, rng: random.Random, cash_share: float) -> dict[str, str]:
    if rng.random() < cash_share:
        return {"发放方式": "实名制签领", "签领人": person.name,
                "特殊情况说明": rng.choice(SPECIAL_CASES)}
    return {"发放方式": "银行卡", "银行卡号": person.bank_card}


def _relief(example: common.ExampleList, rng: random.Random, household: int) -> None:
    size = rng.choices([1, 2, 3, 4], [60, 25, 10, 5])[0]
    registered = rng.random() < 0.8
    paid = common.day_between(rng, dt.date(2019, 2, 1), dt.date(2019, 11, 30))
    posted = paid - dt.timedelta(days=rng.randrange(7, 21))
    for i, person in enumerate(common.household(rng, AREAS, size)):
        amount = rng.randrange(2000, 8001, 500)
        medical = i > 0 or rng.random() < 0.6
        example.add(_row(
            姓名=person.name, 身份证号=person.id_number,
            对象类别="建档在册困难职工" if registered else "非建档困难职工", 户号=f"WH{household:04d}",
            资助类型="医疗救助" if medical else "临时救助", 金额=common.money(amount),
            个人自付医疗费用=common.money(amount + rng.randrange(500, 5001, 100)) if medical else "",
            联系电话=person.phone, 困难原因=rng.choice(common.HARDSHIP_REASONS), 申请表="是",
            收入证明="是", 支出证明="是", 单位工会核实="是", 公示日期=posted.isoformat(),
            发放日期=paid.isoformat(), **_card_or_cash(person, rng, 0 if registered else 0.2)))


def build() -> common.ExampleList:
    rng = random.Random(2019)
    example = common.ExampleList(
        title="威海市 2019 送温暖资金、困难劳模、退休劳模津贴",
        ruleset="rules/cn/weihai/2019-project.yaml", intro=INTRO, header=HEADER, rows=[],
        plants=[], notes=[])
    household = 0
    while len(example.rows) < 60:
        household += 1
        _relief(example, rng, household)
    relief_end = len(example.rows)
    for _ in range(50):
        household += 1
        person = common.Person(rng, AREAS, None, dt.date(2000, 9, 1), dt.date(2001, 8, 31))
        example.add(_row(姓名=person.name, 身份证号=person.id_number, 对象类别="困难职工子女",
                         户号=f"WH{household:04d}", 资助类型="助学",
                         金额=common.money(rng.randrange(3000, 5001, 1000)), 联系电话=person.phone,
                         困难原因=rng.choice(common.HARDSHIP_REASONS), 发放方式="银行卡",
                         银行卡号=person.bank_card,
                         发放日期=common.day_between(rng, dt.date(2019, 8, 10),
                                                 dt.date(2019, 8, 31)).isoformat()))
    for i in range(120):
        household += 1
        person = common.Person(rng, AREAS)
        category = "一线职工" if i >= 80 else rng.choice(["建档在册困难职工", "非建档困难职工"])
        cash = 0.0 if category == "建档在册困难职工" else 0.15
        example.add(_row(姓名=person.name, 身份证号=person.id_number, 对象类别=category,
                         户号=f"WH{household:04d}", 资助类型="节日慰问",
                         金额=common.money(500 if category == "一线职工" else 1000),
                         联系电话=person.phone,
                         困难原因="" if category == "一线职工" else rng.choice(common.HARDSHIP_REASONS),
                         发放日期=common.day_between(rng, dt.date(2019, 12, 5),
                                                 dt.date(2019, 12, 28)).isoformat(),
                         **_card_or_cash(person, rng, cash)))
    for _ in range(25):
        household += 1
        person = common.Person(rng, AREAS, None, dt.date(1950, 1, 1), dt.date(1975, 12, 31))
        posted = common.day_between(rng, dt.date(2019, 4, 1), dt.date(2019, 10, 31))
        example.add(_row(姓名=person.name, 身份证号=person.id_number, 对象类别="困难劳模",
                         户号=f"WH{household:04d}", 资助类型="劳模补助",
                         金额=common.money(rng.randrange(3000, 10001, 1000)),
                         劳模级别=rng.choice(LEVELS), 联系电话=person.phone,
                         困难原因=rng.choice(common.HARDSHIP_REASONS), 公示日期=posted.isoformat(),
                         发放日期=(posted + dt.timedelta(days=rng.randrange(8, 31))).isoformat(),
                         发放方式="银行卡", 银行卡号=person.bank_card))
    for _ in range(30):
        household += 1
        person = common.Person(rng, AREAS, None, dt.date(1938, 1, 1), dt.date(1958, 12, 31))
        level = rng.choice(LEVELS)
        example.add(_row(姓名=person.name, 身份证号=person.id_number, 对象类别="退休劳模",
                         户号=f"WH{household:04d}", 资助类型="荣誉津贴", 金额=ALLOWANCE[level],
                         劳模级别=level, 原单位情况=rng.choice(EMPLOYERS), 联系电话=person.phone,
                         发放日期=common.day_between(rng, dt.date(2019, 3, 1),
                                                 dt.date(2019, 3, 20)).isoformat(),
                         **_card_or_cash(person, rng, 0.1)))
    plant(example, rng, relief_end)
    example.notes = [
        (f"1–{relief_end}", "medical (with 个人自付医疗费用) and temporary relief, February to "
                            "November, posted 7 to 20 days before payment"),
        (f"{relief_end + 1}–{relief_end + 50}", "金秋助学, paid in August"),
        (f"{relief_end + 51}–{relief_end + 170}", "送温暖 in December: 80 hardship households "
                                                  "(1,000元), then 40 frontline workers (500元)"),
        (f"{relief_end + 171}–{relief_end + 195}", "model workers, paid 8 to 30 days after posting"),
        (f"{relief_end + 196}–{relief_end + 225}", "retired model workers' allowance, at the "
                                                   "placeholder standard of their level"),
    ]
    return example


def plant(example: common.ExampleList, rng: random.Random, relief_end: int) -> None:
    rows = example.rows

    def free(test: str, value: str) -> list[int]:
        taken = {r for p in example.plants for r in p.rows}
        return [i + 1 for i, r in enumerate(rows) if r[test] == value and i + 1 not in taken]

    def change(row: int, rule: str, what: str, **values: str) -> None:
        rows[row - 1].update(values)
        example.plants.append(Plant([row], rule, what))

    def later(row: int, days: int) -> str:
        return (dt.date.fromisoformat(rows[row - 1]["公示日期"]) + dt.timedelta(days=days)).isoformat()

    relief = [r for r in free("单位工会核实", "是") if r <= relief_end]
    picks = iter(rng.sample(relief, 6))
    row = next(picks)
    change(row, "weihai.posting.before_payment", "paid 2 days after posting, before the 公示期 "
           "(placeholder 5 days) ran out (措施2)", 发放日期=later(row, 2))
    change(next(picks), "weihai.relief.documents", "no proof of the expenses causing hardship: "
           "支出证明 否 (措施1)", 支出证明="否")
    change(next(picks), "weihai.relief.verified", "not verified by the workplace union (措施2)",
           单位工会核实="否")
    row = next(picks)
    change(row, "weihai.window", "relief posted in December and paid 2020-01-06, after the "
           "project year (总金额)", 公示日期="2019-12-20", 发放日期="2020-01-06")
    row = next(picks)
    change(row, "national.realname.id_valid", "the ID number's check character was changed",
           身份证号=common.bad_id(rows[row - 1]["身份证号"], rng))
    medical = [r for r in free("资助类型", "医疗救助") if r <= relief_end]
    change(rng.choice(medical), "national.medical.out_of_pocket_missing",
           "medical relief with no 个人自付医疗费用 (医疗救助)", 个人自付医疗费用="")
    change(rng.choice(free("资助类型", "助学")), "weihai.schedule.jinqiu",
           "金秋助学 paid 2019-09-12, after August (计划一)", 发放日期="2019-09-12")
    holiday = free("资助类型", "节日慰问")
    change(rng.choice(holiday[:80]), "weihai.schedule.holiday",
           "送温暖 paid 2019-11-25, before December (计划一)", 发放日期="2019-11-25")
    row = rng.choice([r for r in holiday[80:] if rows[r - 1]["发放方式"] == "银行卡"])
    change(row, "weihai.payment.bank_card", "paid in cash with no special case written (措施4)",
           发放方式="实名制签领", 银行卡号="", 签领人=rows[row - 1]["姓名"])
    models = iter(rng.sample(free("资助类型", "劳模补助"), 3))
    change(next(models), "weihai.posting.missing", "a model worker paid with no 公示日期 (计划二)",
           公示日期="")
    row = next(models)
    change(row, "weihai.model_worker.paid_in_time", "paid 60 days after posting: beyond the "
           "posting period and the (placeholder) 30 days (计划二)", 发放日期=later(row, 60))
    change(next(models), "weihai.model_worker.level", "a 县级 model worker (目标二)", 劳模级别="县级")
    retired = iter(rng.sample(free("资助类型", "荣誉津贴"), 2))
    change(next(retired), "weihai.retired.employer", "a retired model worker whose employer is "
           "none of the four kinds (概况四)", 原单位情况="其他")
    row = next(retired)
    change(row, "weihai.retired.allowance", "a 市级 allowance of 1,200.00, above the (placeholder) "
           "standard 1,000.00 (概况四)", 劳模级别="市级", 金额="1,200.00")
    common.build_registry(example, rng, {"建档在册困难职工", "困难劳模"}, AREAS,
                          dt.date(2015, 1, 1))
    on_file = iter(rng.sample(common.free_rows(example, lambda r: r["对象类别"] == "困难劳模"), 2))
    common.not_on_file(example, next(on_file), "weihai.model_worker.on_file",
                       "a model worker who is not in the register: 先建档、后帮扶 (计划二)")
    common.filed_after_payment(example, next(on_file), "weihai.model_worker.filed_before_paid",
                               "a model worker put on file ten days after being paid (计划二)")
    common.filed_after_payment(example, rng.choice(common.free_rows(
        example, lambda r: r["对象类别"] == "建档在册困难职工")), "national.on_file.before_paid",
        "put on file ten days after being paid (先建档后帮扶)")
    example.plants.sort(key=lambda p: p.rows)
