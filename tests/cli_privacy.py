#!/usr/bin/env python3
"""No output of the program shows personal data unless asked.

Runs the built program over the example roster in every format and language (reports to
standard output and to a file), over damaged copies that put ID numbers, bank cards and phones
where they make error messages (a money, date or enum column where they cannot be read, a row with too many cells, an
unclosed quote, invalid UTF-8, a GB18030 file), and over a ruleset whose rules convert those
fields and so fail with evaluation errors; then scans everything printed or written for any
ten characters in a row of an ID number, bank card or phone of the test data. As a control,
the same report with --show-personal-data must contain them.

    cli_privacy.py FUNDRULES SOURCE_DIR WORK_DIR
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

PERSONAL_COLUMNS = ("身份证号", "银行卡号", "联系电话")
WINDOW = 10  # a masked value shows at most the first six and last four characters

CONVERTING_RULES = """\
fundrules: 1
id: test.privacy
title: {zh: 隐私, en: Privacy}
as_of: 2017-01-15
fields:
  name: {type: string, personal: name, aliases: [姓名]}
  id_number: {type: string, personal: id_number, aliases: [身份证号]}
  bank_card: {type: string, personal: bank_card, aliases: [银行卡号]}
  phone: {type: string, personal: phone, aliases: [联系电话]}
  amount: {type: money, aliases: [金额]}
rules:
  - id: id_as_int
    check: int(id_number) > 0
    message: {zh: 身份证号不是整数, en: ID number is not an integer}
  - id: card_as_decimal
    check: decimal(bank_card + "x") > 0
    message: {zh: 银行卡号, en: bank card}
  - id: phone_as_date
    check: date(phone) > date("2000-01-01")
    message: {zh: 电话, en: phone}
  - id: id_valid
    check: is_cn_id(id_number + "0")
    message: {zh: 身份证号无效, en: invalid ID number}
  - id: card_valid
    check: is_bank_card(bank_card + "1")
    message: {zh: 银行卡号无效, en: invalid bank card}
  - id: phone_valid
    check: is_cn_mobile(phone + "9")
    message: {zh: 手机号无效, en: invalid phone}
"""


def secrets_of(roster: Path) -> set[str]:
    text = roster.read_bytes().decode("utf-8-sig")
    values = set()
    for row in csv.DictReader(io.StringIO(text)):
        for column in PERSONAL_COLUMNS:
            value = (row.get(column) or "").strip()
            if len(value) >= WINDOW:
                values.add(value)
    return values


def windows(secrets: set[str]) -> set[str]:
    return {s[i:i + WINDOW] for s in secrets for i in range(len(s) - WINDOW + 1)}


def damaged_rosters(roster: Path, work: Path) -> list[Path]:
    lines = roster.read_bytes().decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    col = {name: header.index(name) for name in header}
    first = lines[1].split(",")
    rows = [line.split(",") for line in lines[1:]]

    def write(name: str, body: list[str], encoding: str = "utf-8") -> Path:
        path = work / name
        # surrogateescape turns the \udcff below into the single invalid byte 0xFF.
        path.write_bytes(("\n".join(body) + "\n").encode(encoding, errors="surrogateescape"))
        return path

    def moved(target: str, source: str, suffix: str = "") -> list[str]:
        out = []
        for row in rows:
            row = list(row)
            row[col[target]] = (row[col[source]] or first[col[source]]) + suffix
            out.append(",".join(row))
        return [lines[0], *out]

    junk_id = list(first)
    junk_id[col["身份证号"]] = first[col["身份证号"]] + "\udcff"
    return [
        # An all-digit ID number is a valid (if huge) amount, shown as the amount it is; with
        # a suffix it is a cell that fails to convert, and its error message must mask it.
        write("id-in-amount.csv", moved("金额", "身份证号", "号")),
        write("card-in-date.csv", moved("发放日期", "银行卡号")),
        write("phone-in-category.csv", moved("对象类别", "联系电话")),
        write("id-in-income.csv", moved("月平均收入", "身份证号", "号")),
        write("too-many-cells.csv", [lines[0], lines[1] + ",extra,cells", *lines[2:]]),
        write("unclosed-quote.csv", [lines[0], '"' + lines[1], *lines[2:]]),
        write("gb18030.csv", lines, "gb18030"),
        write("bad-utf8.csv", [lines[0], ",".join(junk_id), *lines[2:]]),
    ]


def main() -> int:
    program, source, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rules = source / "rules" / "cn" / "hefei" / "2017-liangjie.yaml"
    roster = source / "examples" / "data" / "hefei-2017-roster.csv"
    secrets = secrets_of(roster) | secrets_of(source / "tests" / "data" / "csv" /
                                              "roster_utf8.csv")
    leaks = windows(secrets)
    converting = work / "converting.yaml"
    converting.write_text(CONVERTING_RULES, encoding="utf-8")

    runs: list[list[str]] = []
    for fmt in ("text", "json", "csv"):
        for lang in ("zh", "en"):
            runs.append(["check", "--rules", str(rules), str(roster), "--format", fmt,
                         "--lang", lang])
            runs.append(["check", "--rules", str(converting), str(roster), "--format", fmt,
                         "--lang", lang])
            runs.append(["check", "--rules", str(rules), str(roster), "--format", fmt,
                         "--lang", lang, "-o", str(work / f"report-{fmt}-{lang}.out")])
    for damaged in damaged_rosters(roster, work):
        for fmt in ("text", "json", "csv"):
            runs.append(["check", "--rules", str(rules), str(damaged), "--format", fmt])
        runs.append(["check", "--rules", str(rules), str(damaged), "--encoding", "utf-8"])
        runs.append(["check", "--rules", str(converting), str(damaged), "--format", "json"])

    failures = []
    for args in runs:
        result = subprocess.run([program, *args], capture_output=True, check=False, timeout=120)
        if result.returncode not in (0, 1, 2):
            failures.append(f"{' '.join(args)}: exit {result.returncode}")
        for stream, data in (("stdout", result.stdout), ("stderr", result.stderr)):
            text = data.decode("utf-8", errors="replace")
            found = sorted(w for w in leaks if w in text)
            if found:
                failures.append(f"{' '.join(args[1:])}: {stream} shows personal data "
                                f"({len(found)} pieces, e.g. {found[0][:4]}…)")
    for written in work.glob("report-*.out"):
        text = written.read_text(encoding="utf-8", errors="replace")
        if any(w in text for w in leaks):
            failures.append(f"{written.name}: the written report shows personal data")

    control = subprocess.run([program, "check", "--rules", str(rules), str(roster), "--format",
                              "json", "--show-personal-data"], capture_output=True, check=False)
    if not any(w in control.stdout.decode("utf-8") for w in leaks):
        failures.append("control: --show-personal-data shows no personal data, so this scan "
                        "cannot see a leak")

    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(runs)} runs scanned for {len(secrets)} personal values: "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
