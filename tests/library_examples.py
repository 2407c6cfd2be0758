#!/usr/bin/env python3
"""The bundled rulesets against their example lists, end to end through `fundrules check`.

For every list examples/generate_examples.py writes, this script:
- regenerates it into WORK_DIR and requires the committed files in examples/data to be the
  same bytes (the lists are deterministic, and a stale list or manifest is a defect);
- checks the committed list with the built program and requires the ruleset to load without
  a single warning, and the report to hold exactly the planted (rows, rule) pairs of
  `<name>-planted.csv`: nothing planted is missed and nothing else is reported;
- checks it again on two threads in small batches and requires the same report;
- for a list that comes with a register of workers on file (`<name>-registry.csv`), checks it
  once more without the register and requires the rules that read it to be listed as not run,
  and the report to hold exactly the planted violations of the other rules; a list without a
  register must be checked with no rule left unrun.
- where a filled-in statistics form `<name>-form-<form id>.csv` sits beside the list, requires
  `fundrules form check` to pass on it, and every row `fundrules form fill` fills from the
  list to hold the same figure in it (so the example form cannot drift from its list).

    library_examples.py FUNDRULES SOURCE_DIR WORK_DIR
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path


def planted(manifest: Path) -> set[tuple[str, str]]:
    with manifest.open(encoding="utf-8") as f:
        return {(row["rows"], row["rule"]) for row in csv.DictReader(f)}


def run_check(program: str, ruleset: Path, data: Path, *extra: str,
              with_registry: bool = True) -> tuple[bytes, str]:
    registry = data.with_name(data.stem + "-registry.csv")
    refs = ["--ref", f"registry={registry}"] if registry.exists() and with_registry else []
    result = subprocess.run([program, "check", "--rules", str(ruleset), "--format", "json", *refs,
                             *extra, str(data)], capture_output=True, check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{data.name}: fundrules exited {result.returncode}: "
                         f"{result.stderr.decode()}")
    return result.stdout, result.stderr.decode("utf-8")


def reported(raw: bytes) -> set[tuple[str, str]]:
    report = json.loads(raw.decode("utf-8"))
    found: set[tuple[str, str]] = set()
    for violation in report["violations"]:
        rows = "*" if violation["scope"] == "batch" else " ".join(map(str, violation["rows"]))
        found.add((rows, violation["rule"]))
    return found


def skipped(raw: bytes) -> set[str]:
    report = json.loads(raw.decode("utf-8"))
    return {entry["rule"] for entry in report["summary"].get("skipped_rules", [])}


def form_rows(text: str) -> dict[str, str]:
    """The code -> value column of a form CSV as `form fill` writes it."""
    rows = csv.reader(text.lstrip("\ufeff").splitlines())
    next(rows)
    return {row[0]: row[3] for row in rows if row}


def check_form_example(program: str, ruleset: Path, data: Path, form: Path) -> list[str]:
    form_id = form.stem.split("-form-", 1)[1]
    failures = []
    checked = subprocess.run([program, "form", "check", str(ruleset), "--form", form_id,
                              "--lang", "en", str(form)], capture_output=True, check=False)
    if checked.returncode != 0:
        failures.append(f"{form.name}: form check exits {checked.returncode}:\n"
                        f"{checked.stdout.decode()}{checked.stderr.decode()}")
    filled = subprocess.run([program, "form", "fill", str(ruleset), "--form", form_id, str(data)],
                            capture_output=True, check=False)
    if filled.returncode != 0:
        return failures + [f"{data.name}: form fill exits {filled.returncode}: "
                           f"{filled.stderr.decode()}"]
    example = form_rows(form.read_text(encoding="utf-8-sig"))
    for code, value in form_rows(filled.stdout.decode("utf-8")).items():
        if value and example.get(code) != value:
            failures.append(f"{form.name}: row {code} holds {example.get(code)!r}, "
                            f"but form fill computes {value!r} from {data.name}")
    return failures


def main() -> int:
    program, source, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    for stale in work.glob("*"):  # a file left from an earlier run must not pass for a new one
        stale.unlink()
    sys.path.insert(0, str(source / "examples"))
    import generate_examples  # the list of examples and their rulesets

    subprocess.run([sys.executable, str(source / "examples/generate_examples.py"),
                    "--out-dir", str(work)], check=True)
    failures = []
    for name in generate_examples.BUILDERS:
        for suffix in (".csv", "-planted.csv", ".md", "-registry.csv"):
            committed = source / "examples/data" / (name + suffix)
            fresh = work / (name + suffix)
            if committed.exists() != fresh.exists() or (
                    fresh.exists() and committed.read_bytes() != fresh.read_bytes()):
                failures.append(f"examples/data/{name}{suffix} is not what the generator writes; "
                                "run python3 examples/generate_examples.py")
        example = generate_examples.BUILDERS[name]()
        expected = planted(source / "examples/data" / f"{name}-planted.csv")
        data = source / "examples/data" / f"{name}.csv"
        raw, warnings = run_check(program, source / example.ruleset, data)
        found = reported(raw)
        # Group and batch rules fold across batches and threads: the report must not change.
        if run_check(program, source / example.ruleset, data, "--threads", "2",
                     "--batch-rows", "97")[0] != raw:
            failures.append(f"{name}: the report differs with --threads 2 --batch-rows 97")
        if warnings.strip():
            failures.append(f"{example.ruleset} loads with warnings:\n{warnings}")
        if missed := sorted(expected - found):
            failures.append(f"{name}: planted but not reported: {missed}")
        if extra := sorted(found - expected):
            failures.append(f"{name}: reported but not planted: {extra}")
        if not_run := sorted(skipped(raw)):
            failures.append(f"{name}: rules not run: {not_run}")
        if example.registry:
            # Without the register the rules reading it are skipped, and said to be; the rest
            # of the report stays as it was.
            bare, _ = run_check(program, source / example.ruleset, data, with_registry=False)
            not_run = skipped(bare)
            on_file = {rule for _, rule in expected if rule in not_run}
            if not on_file:
                failures.append(f"{name}: no planted violation of a rule reading the register")
            if reported(bare) != {(rows, rule) for rows, rule in expected if rule not in not_run}:
                failures.append(f"{name}: without the register, the report is not the planted "
                                f"violations of the other rules (skipped: {sorted(not_run)})")
        for form in sorted((source / "examples/data").glob(f"{name}-form-*.csv")):
            failures += check_form_example(program, source / example.ruleset, data, form)
            print(f"{name}: example form {form.name} checked")
        print(f"{name}: {len(expected)} planted, {len(found)} reported")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
