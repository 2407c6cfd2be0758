#!/usr/bin/env python3
"""Write the example payment lists of the bundled rulesets, with their planted violations.

For each ruleset in rules/cn/ (other than 合肥, whose list is written by hand and whose large
lists come from generate_roster.py) this writes, into examples/data/:

    <name>.csv          the list: UTF-8 with a byte order mark, Chinese headers, as Excel saves it
    <name>-planted.csv  the planted violations, one (rows, rule) a line; rows are 1-based data
                        rows joined by spaces, or `*` for a rule about the whole list
    <name>.md           the same, for people: what each planted row breaks and why
    <name>-registry.csv the register of workers on file (困难职工档案) the list is checked
                        against with --ref registry=..., for the lists that pay people on file

Names are common Chinese names, ID numbers carry correct check characters and real birth dates
in the ruleset's own region, bank cards pass the Luhn check and hardship households have one to
four members; a few rows are then changed so that each breaks exactly one rule. The output is
the same on every run (each list has its own fixed seed).

    python3 examples/generate_examples.py                 # all lists into examples/data
    python3 examples/generate_examples.py --only panlong-2024-songnuan --out-dir /tmp/x

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from example_lists import chuxiong, common, dalian, panlong, weihai  # noqa: E402

BUILDERS: dict[str, Callable[[], common.ExampleList]] = {
    "panlong-2024-songnuan": panlong.build,
    "chuxiong-2023-bangfu": chuxiong.build_bangfu,
    "chuxiong-2023-chunjie": chuxiong.build_chunjie,
    "weihai-2019-project": weihai.build,
    "dalian-2018-songnuan": dalian.build,
}


def write(example: common.ExampleList, name: str, out_dir: Path) -> None:
    with (out_dir / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=example.header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(example.rows)
    with (out_dir / f"{name}-planted.csv").open("w", encoding="utf-8", newline="") as f:
        manifest = csv.writer(f, lineterminator="\n")
        manifest.writerow(["rows", "rule"])
        for plant in example.plants:
            manifest.writerow([plant.rows_text(), plant.rule])
    if example.registry:
        with (out_dir / f"{name}-registry.csv").open("w", encoding="utf-8-sig", newline="") as f:
            register = csv.DictWriter(f, fieldnames=common.REGISTRY_HEADER, lineterminator="\r\n")
            register.writeheader()
            register.writerows(example.registry)
    (out_dir / f"{name}.md").write_text(common.markdown(example, name), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path,
                        default=Path(__file__).resolve().parent / "data",
                        help="directory to write into (default examples/data)")
    parser.add_argument("--only", action="append", choices=sorted(BUILDERS),
                        help="write only this list (repeatable)")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.only or BUILDERS:
        example = BUILDERS[name]()
        write(example, name, args.out_dir)
        print(f"{name}: {len(example.rows)} rows, {len(example.plants)} planted violations",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

