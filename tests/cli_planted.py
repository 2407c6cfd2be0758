#!/usr/bin/env python3
"""End-to-end check of `fundrules check` against a generated roster with planted violations.

examples/generate_roster.py writes a 合肥 roster and a manifest of the (row, rule) pairs it
planted. This script checks the roster with the built program and asserts that the report
holds exactly those pairs, for every rule the ruleset declares: nothing planted is missed and
nothing else is reported. It runs the check twice, on one thread and on several threads with
small batches, and requires the two JSON reports to be identical.

    cli_planted.py FUNDRULES SOURCE_DIR WORK_DIR [--rows N] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
from pathlib import Path


def declared_rules(ruleset: Path) -> set[str]:
    # Rule ids as declared at the start of a rule entry; commented-out rules do not count.
    pattern = re.compile(r"^\s*-\s+id:\s*([A-Za-z0-9_.-]+)\s*$")
    in_rules = False
    ids = set()
    for line in ruleset.read_text(encoding="utf-8").splitlines():
        if re.match(r"^rules:\s*$", line):
            in_rules = True
            continue
        if in_rules and re.match(r"^[A-Za-z_]", line):
            in_rules = False
        match = pattern.match(line) if in_rules else None
        if match:
            ids.add(match.group(1))
    return ids


def run_check(program: str, source: Path, roster: Path, *extra: str) -> dict:
    result = subprocess.run(
        [program, "check", "--rules", str(source / "rules/cn/hefei/2017-liangjie.yaml"),
         "--format", "json", *extra, str(roster)],
        capture_output=True, check=False)
    if result.returncode not in (0, 1):
        sys.exit(f"fundrules exited {result.returncode}: {result.stderr.decode()}")
    return json.loads(result.stdout.decode("utf-8")), result.stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("program")
    parser.add_argument("source", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    roster = args.work / "planted-roster.csv"
    manifest = args.work / "planted-manifest.csv"
    subprocess.run([sys.executable, str(args.source / "examples/generate_roster.py"),
                    "--rows", str(args.rows), "--seed", str(args.seed), "--out", str(roster),
                    "--manifest", str(manifest)], check=True)

    rules = declared_rules(args.source / "rules/cn/hefei/2017-liangjie.yaml")
    with manifest.open(encoding="utf-8") as f:
        planted = {(int(row["row"]), row["rule"]) for row in csv.DictReader(f)
                   if row["rule"] in rules}

    report, raw = run_check(args.program, args.source, roster)
    reported = {(row, v["rule"]) for v in report["violations"] for row in v["rows"]}
    missed = sorted(planted - reported)
    extra = sorted(reported - planted)
    summary = report["summary"]
    failures = []
    if missed:
        failures.append(f"{len(missed)} planted violations not reported, e.g. {missed[:5]}")
    if extra:
        failures.append(f"{len(extra)} violations reported but not planted, e.g. {extra[:5]}")
    if summary["rows"] != args.rows:
        failures.append(f"summary counts {summary['rows']} rows, the roster has {args.rows}")
    if summary["rows"] != summary["clean"] + summary["with_violations"] + summary["unreadable"]:
        failures.append(f"row accounting does not add up: {summary}")

    _, raw_threads = run_check(args.program, args.source, roster, "--threads", "3",
                               "--batch-rows", "777")
    if raw_threads != raw:
        failures.append("the report differs with --threads 3 --batch-rows 777")

    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{len(planted)} planted violations of {len(rules)} rules, {len(reported)} reported")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
