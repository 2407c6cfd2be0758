"""Time one record at a time through the Python package, as a form checking every save does.

    PYTHONPATH=build/python python3 tests/python/bench_record.py ROSTER.csv [RECORDS [RULESET]]

Checks RECORDS rows of the roster (default 2000, spread over it), each given as a dict of its
non-empty cells keyed by the CSV headers, against RULESET (default the 合肥 one), two ways: ``rules.check([record])`` (a whole check
per record) and a prepared ``rules.record_checker()`` (set up once). Both must find the same
violations; prints one JSON line with the median and mean microseconds per record of each.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import fundrules

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules" / "cn" / "hefei" / "2017-liangjie.yaml"


def sample(roster: str, count: int) -> list[dict[str, Any]]:
    with open(roster, encoding="utf-8-sig", newline="") as f:
        rows = [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(f)]
    step = max(1, len(rows) // count)
    return rows[::step][:count]


def main() -> None:
    roster = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rules = fundrules.load(sys.argv[3] if len(sys.argv) > 3 else RULES)
    records = sample(roster, count)
    plain: list[float] = []
    plain_ids = []
    for record in records:
        start = time.perf_counter()
        report = rules.check([record])
        plain.append(time.perf_counter() - start)
        plain_ids.append(tuple(v["rule_id"] for v in report.violation_list()))
    checker = rules.record_checker()
    prepared: list[float] = []
    prepared_ids = []
    for record in records:
        start = time.perf_counter()
        result = checker.check(record)
        prepared.append(time.perf_counter() - start)
        prepared_ids.append(result.rule_ids)
    if plain_ids != prepared_ids:
        sys.exit("bench_record: record_checker() and check() found different violations")
    print(json.dumps({
        "records": len(records),
        "violations": sum(len(ids) for ids in plain_ids),
        "python_record_us": round(statistics.median(plain) * 1e6, 3),
        "python_record_mean_us": round(statistics.fmean(plain) * 1e6, 3),
        "python_prepared_record_us": round(statistics.median(prepared) * 1e6, 3),
        "python_prepared_record_mean_us": round(statistics.fmean(prepared) * 1e6, 3),
    }))


if __name__ == "__main__":
    main()
