"""Time a check through each Python path against the fundrules program on the same rows.

    python3 examples/generate_roster.py --rows 1000000 --seed 7 --out /tmp/r1m.csv
    PYTHONPATH=build/python python3 tests/python/bench_check.py /tmp/r1m.csv build/fundrules
    PYTHONPATH=build/python python3 tests/python/bench_check.py /tmp/r1m.csv build/fundrules 2

Prints wall and CPU seconds of each stage: the program on the CSV file, and in this process the
CSV path, a pandas DataFrame (read with dtype=str) and a pyarrow Table. Reading the file into
pandas is timed apart: it is the caller's, not the check's. CPU time is the fairer figure on a
shared machine; the check itself runs on one thread in every case. With a number of rounds as
third argument, it alternates the program and check(DataFrame) that many times instead, so that
both see the same load on a busy machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import fundrules

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules" / "cn" / "hefei" / "2017-liangjie.yaml"


def timed(label: str, work: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    print(f"{label:<28} wall {time.perf_counter() - wall:7.2f} s   cpu {time.process_time() - cpu:7.2f} s",
          flush=True)
    return result


def program(cli: str, roster: str) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run([cli, "check", "--rules", str(RULES), roster, "--format", "json"],
                   stdout=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{'program (CSV)':<28} wall {time.perf_counter() - wall:7.2f} s   cpu {cpu:7.2f} s",
          flush=True)


def alternate(rules: fundrules.Ruleset, roster: str, cli: str, rounds: int) -> None:
    import pandas as pd

    frame = timed("pandas.read_csv (not check)",
                  lambda: pd.read_csv(roster, dtype=str, encoding="utf-8-sig"))
    for _ in range(rounds):
        program(cli, roster)
        timed("check(DataFrame)", lambda: rules.check(frame))


def main() -> None:
    roster, cli = sys.argv[1], sys.argv[2]
    rules = fundrules.load(RULES)
    if len(sys.argv) > 3:
        alternate(rules, roster, cli, int(sys.argv[3]))
        return
    import pandas as pd
    import pyarrow as pa

    program(cli, roster)
    by_csv = timed("check(path)", lambda: rules.check(roster))
    frame = timed("pandas.read_csv (not check)",
                  lambda: pd.read_csv(roster, dtype=str, encoding="utf-8-sig"))
    by_frame = timed("check(DataFrame)", lambda: rules.check(frame))
    table = timed("pa.Table.from_pandas", lambda: pa.Table.from_pandas(frame, preserve_index=False))
    by_table = timed("check(pyarrow.Table)", lambda: rules.check(table))
    found = {r.summary["with_violations"] for r in (by_csv, by_frame, by_table)}
    print("rows with violations:", found)


if __name__ == "__main__":
    main()
