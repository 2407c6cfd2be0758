"""Check the bundled 合肥 2017 roster against its ruleset and print what failed and why.

    python examples/python/check_roster.py [roster.csv] [--lang en]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import fundrules

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("roster", nargs="?", default=ROOT / "examples/data/hefei-2017-roster.csv")
    parser.add_argument("--rules", default=ROOT / "rules/cn/hefei/2017-liangjie.yaml")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    args = parser.parse_args()

    rules = fundrules.load(args.rules)
    report = rules.check(args.roster)

    summary = report.summary
    print(f"{rules.title(args.lang)}")
    print(
        f"{summary['rows']} rows: {summary['clean']} clean, "
        f"{summary['with_violations']} with violations, {summary['unreadable']} unreadable"
    )
    for violation in report.violation_list():
        message = violation["message_" + args.lang]
        rows = ", ".join(str(row) for row in violation["rows"])
        print(f"  row {rows}: [{violation['rule_id']}] {message}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
