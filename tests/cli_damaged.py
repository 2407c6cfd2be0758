#!/usr/bin/env python3
"""Nothing is lost: damaged copies of the example roster, checked with the built program.

Each trial (seeded, so a failure can be replayed with --seed) damages the roster in one or more
ways: cut short at a random byte, a row re-encoded in GB18030 inside a UTF-8 file, a stray
quote, a row with too few or too many cells, binary junk inside a row, a line break in the
middle of a row, a line of NUL bytes. Whatever the damage, the JSON report must account for every row,
`rows == clean + with_violations + unreadable`, and a damaged row must never hide the rows
after it: every intact row after the last damaged one is read (its line shows up as clean or
with violations, never as unreadable and never missing), and the number of rows is at least
the number of intact data lines.

    cli_damaged.py FUNDRULES SOURCE_DIR WORK_DIR [--trials N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

JUNK = [b"\x00\x01\x02\xff\xfe", b"\x89PNG\x1a\x00\x00", b"\xc3\x28\xa0\xa1", b"\xef\xbb\xbf"]


def damage_line(rng: random.Random, line: bytes) -> bytes:
    """One damaged version of a data line (without its line break)."""
    cells = line.split(b",")
    kind = rng.randrange(8)
    if kind == 0:  # a stray quote inside a cell, never closed on this line
        at = rng.randrange(len(line) + 1)
        return line[:at] + b'"' + line[at:]
    if kind == 1:  # too few cells
        return b",".join(cells[: rng.randrange(1, max(2, len(cells) - 1))])
    if kind == 2:  # too many cells
        return line + b"," * rng.randrange(1, 5) + b"extra"
    if kind == 3:  # binary junk in the middle
        at = rng.randrange(len(line) + 1)
        return line[:at] + rng.choice(JUNK) + line[at:]
    if kind == 4:  # the wrong encoding: the row in GB18030 inside a UTF-8 file
        return line.decode("utf-8").encode("gb18030")
    if kind == 5:  # a cell's text replaced by junk that cannot be a number or a date
        cells[rng.randrange(len(cells))] = b"??" + rng.choice(JUNK)
        return b",".join(cells)
    if kind == 6:  # a line break in the middle: two broken lines
        at = rng.randrange(1, len(line))
        return line[:at] + rng.choice([b"\n", b"\r\n"]) + line[at:]
    return b"\x00" * rng.randrange(1, 40)  # a line of NUL bytes


def trial(program: str, roster: Path, rules: Path, work: Path, rng: random.Random,
          number: int) -> list[str]:
    text = roster.read_bytes()
    lines = text.split(b"\n")
    header, data = lines[0], [line for line in lines[1:] if line.strip()]
    damaged_at = sorted(rng.sample(range(len(data)), rng.randrange(1, 4)))
    out = [header]
    quotes = 0
    intact_lines = []  # physical line numbers of the intact rows after the last damaged one
    line_number = 2
    for index, line in enumerate(data):
        if index in damaged_at:
            line = damage_line(rng, line.rstrip(b"\r"))
            quotes += line.count(b'"')
        elif index > damaged_at[-1]:
            intact_lines.append(line_number)
        out.append(line)
        line_number += line.count(b"\n") + 1
    body = b"\n".join(out) + b"\n"
    cut = rng.random() < 0.3
    if cut:  # cut short at a random byte after the header
        body = body[: rng.randrange(len(header) + 1, len(body))]
    path = work / f"damaged-{number}.csv"
    path.write_bytes(body)

    result = subprocess.run([program, "check", "--rules", str(rules), str(path), "--format",
                             "json", "--encoding", "utf-8"], capture_output=True, check=False,
                            timeout=120)
    where = f"trial {number} (damaged data rows {[i + 1 for i in damaged_at]}, cut={cut})"
    if result.returncode not in (0, 1):
        return [f"{where}: exit {result.returncode}: {result.stderr.decode(errors='replace')}"]
    report = json.loads(result.stdout)
    s = report["summary"]
    failures = []
    if s["rows"] != s["clean"] + s["with_violations"] + s["unreadable"]:
        failures.append(f"{where}: rows {s['rows']} != clean {s['clean']} + with violations "
                        f"{s['with_violations']} + unreadable {s['unreadable']}")
    # Intact lines after the last damaged one, and not lost to a cut: each is a row of its own.
    if not cut:
        unreadable_lines = {v.get("line") for v in report["violations"]
                            if v["rule"] == "input.unreadable"}
        for line_number in intact_lines:
            if line_number in unreadable_lines:
                failures.append(f"{where}: intact line {line_number} after the damage is "
                                "reported unreadable")
        # Two stray quotes may legitimately pair up into one quoted cell over several lines.
        if quotes <= 1 and s["rows"] < len(data) - len(damaged_at):
            failures.append(f"{where}: {s['rows']} rows reported, but {len(data)} data lines "
                            f"of which only {len(damaged_at)} were damaged")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("program")
    parser.add_argument("source", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20170115)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    rules = args.source / "rules" / "cn" / "hefei" / "2017-liangjie.yaml"
    roster = args.source / "examples" / "data" / "hefei-2017-roster.csv"
    failures = []
    for number in range(args.trials):
        rng = random.Random(args.seed * 1000 + number)
        failures += trial(args.program, roster, rules, args.work, rng, number)
    for failure in failures:
        print("FAIL:", failure)
    print(f"{args.trials} damaged rosters (seed {args.seed}): {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
