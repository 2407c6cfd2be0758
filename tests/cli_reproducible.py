#!/usr/bin/env python3
"""Reports are reproducible and auditable.

Checks the example roster with the built program on 1, 2 and 8 threads and with batches of 1,
3, 7 and 65536 rows, in every format and both languages, and requires byte-identical reports.
Then checks what an auditor needs in the JSON report: the SHA-256 of the input file's bytes,
the SHA-256 of the ruleset chain (for a ruleset that `extends:` a base, a digest that changes
when the base changes), the fundrules version and the as-of date.

    cli_reproducible.py FUNDRULES SOURCE_DIR WORK_DIR
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

SETTINGS = [("1", "65536"), ("2", "1"), ("8", "3"), ("2", "7"), ("8", "65536")]
FORMATS = [("text", "zh"), ("text", "en"), ("json", "zh"), ("json", "en"), ("csv", "zh")]


def run(program: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([program, *args], capture_output=True, check=False, timeout=300)


def report(program: str, rules: Path, roster: Path, *extra: str) -> dict:
    result = run(program, "check", "--rules", str(rules), str(roster), "--format", "json",
                 *extra)
    if result.returncode not in (0, 1):
        raise SystemExit(f"check failed ({result.returncode}): {result.stderr.decode()}")
    return json.loads(result.stdout)


def main() -> int:
    program, source, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rules = source / "rules" / "cn" / "hefei" / "2017-liangjie.yaml"
    roster = source / "examples" / "data" / "hefei-2017-roster.csv"
    failures: list[str] = []

    for fmt, lang in FORMATS:
        outputs = {}
        for threads, batch in SETTINGS:
            result = run(program, "check", "--rules", str(rules), str(roster), "--format", fmt,
                         "--lang", lang, "--threads", threads, "--batch-rows", batch)
            outputs[(threads, batch)] = (result.returncode, result.stdout, result.stderr)
        first = outputs[SETTINGS[0]]
        if first[0] != 1 or not first[1]:
            failures.append(f"{fmt}/{lang}: expected violations (exit 1) and a report")
        for setting, output in outputs.items():
            if output != first:
                failures.append(f"{fmt}/{lang}: --threads {setting[0]} --batch-rows {setting[1]}"
                                " gives a different report than one thread, one batch")

    summary = report(program, rules, roster)["summary"]
    if summary["input"].get("sha256") != hashlib.sha256(roster.read_bytes()).hexdigest():
        failures.append("summary.input.sha256 is not the SHA-256 of the roster's bytes")
    rules_digest = hashlib.sha256(rules.read_bytes()).hexdigest()
    if summary["ruleset"].get("sha256") != rules_digest:
        failures.append("summary.ruleset.sha256 is not the SHA-256 of the ruleset's bytes")
    if not summary.get("fundrules_version"):
        failures.append("the report does not say which fundrules made it")
    expected_version = run(program, "--version").stdout.decode().split()[-1]
    if summary.get("fundrules_version") != expected_version:
        failures.append(f"fundrules_version {summary.get('fundrules_version')!r} is not "
                        f"{expected_version!r}")
    dated = report(program, rules, roster, "--as-of", "2017-01-20")["summary"]
    if dated.get("as_of") != "2017-01-20":
        failures.append(f"--as-of 2017-01-20 reported as {dated.get('as_of')!r}")

    # A ruleset that extends a copy of the Hefei one: the digest covers the chain, so a change
    # in the base alone changes it.
    base = work / "base.yaml"
    shutil.copyfile(rules, base)
    child = work / "child.yaml"
    child.write_text("fundrules: 1\nid: test.child\ntitle: {zh: 子规则, en: Child}\n"
                     "extends: base.yaml\n", encoding="utf-8")
    first_digest = report(program, child, roster)["summary"]["ruleset"].get("sha256")
    if first_digest in (None, "", rules_digest,
                        hashlib.sha256(child.read_bytes()).hexdigest()):
        failures.append("an extending ruleset's digest does not cover both files of the chain")
    with base.open("a", encoding="utf-8") as out:
        out.write("# a change in the base only\n")
    if report(program, child, roster)["summary"]["ruleset"].get("sha256") == first_digest:
        failures.append("changing only the base ruleset leaves the chain's digest unchanged")

    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print(f"reports identical over {len(SETTINGS)} thread/batch settings in "
              f"{len(FORMATS)} formats; digests, version and as-of present")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
