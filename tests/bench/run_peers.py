#!/usr/bin/env python3
"""The peer benchmark: fundrules against the other ways to check a payment list, on the same
generated rosters and the same rules (rules/cn/hefei/2017-liangjie.yaml).

    python3 tests/bench/run_peers.py --rows 10000,100000,1000000

For each size it generates a roster with examples/generate_roster.py (kept in a cache folder),
runs every contender as its own process, checks that all of them found the same violations on
the same rows -- the same set of (row, check) pairs -- and that those include every violation
the generator planted, and only then prints rows per second, peak memory and the time as a
multiple of the hand-written C++ program's. Any disagreement fails the run (exit 1) and shows
the pairs in dispute. --agreement-only checks agreement and prints no table (the CTest test).

The C++ programs come from a build folder (--build, default build/); the Python contenders
need pandas, pandera, zen-engine and the fundrules package, and the record-only memory figures
PyYAML (pip install .[bench] brings them all); a contender whose package is missing is skipped
with a message.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE / "peers"))

from common import CHECKS, DUPLICATE  # noqa: E402


@dataclass
class Run:
    """One contender's result on one roster."""
    name: str
    seconds: float  # the time compared: see `timed`
    peak_kb: int
    pairs: set[tuple[int, str]]
    timed: str  # what `seconds` covers
    info: dict[str, object] = field(default_factory=dict)
    extrapolated_from: int = 0  # rows actually run, when the time is extrapolated
    cpu: float = 0.0  # CPU seconds (all threads) of what `seconds` covers


def fail(message: str) -> None:
    print(f"run_peers: {message}", file=sys.stderr)
    sys.exit(1)


def measured(argv: list[str], what: str) -> tuple[float, int, str, float]:
    """Runs `argv` under a small helper that waits for it and reports its own child's peak
    memory and CPU seconds (getrusage of children counts only that one child there); returns
    wall seconds, peak KiB, output and CPU seconds."""
    helper = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "child = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "sys.stdout.write(child.stdout + child.stderr)\n"
        "print('@@%d %.6f %d %.6f' % (child.returncode, seconds, usage.ru_maxrss,\n"
        "                             usage.ru_utime + usage.ru_stime))\n"
    )
    out = subprocess.run([sys.executable, "-c", helper, *argv], capture_output=True, text=True,
                         cwd=ROOT)
    if out.returncode != 0:
        fail(f"{what}: the measuring helper failed:\n{out.stderr.strip()}")
    *lines, last = out.stdout.rstrip("\n").split("\n")
    code, seconds, peak, cpu = last[2:].split()
    text = "\n".join(lines)
    if int(code) not in (0, 1):
        fail(f"{what} failed (exit {code}):\n{text.strip()}")
    return float(seconds), int(peak), text, float(cpu)


def json_line(text: str, what: str) -> dict[str, object]:
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    fail(f"{what} printed no result line:\n{text.strip()}")
    return {}


def read_pairs(path: Path) -> set[tuple[int, str]]:
    pairs = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            row, check = line.rstrip("\n").split(",", 1)
            pairs.add((int(row), check))
    return pairs


def read_report_pairs(path: Path) -> set[tuple[int, str]]:
    """(row, rule) pairs from a `fundrules check --format csv` report: a group violation lists
    its rows joined by ';'."""
    pairs = set()
    with open(path, encoding="utf-8-sig", newline="") as f:
        for record in csv.DictReader(f):
            for row in filter(None, record["rows"].split(";")):
                pairs.add((int(row), record["rule"]))
    return pairs


# ---------------------------------------------------------------------------------------------
# Rosters


def roster(cache: Path, rows: int, seed: int) -> tuple[Path, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    data = cache / f"roster-{rows}-{seed}.csv"
    manifest = cache / f"roster-{rows}-{seed}-planted.csv"
    if not (data.exists() and manifest.exists()):
        print(f"generating a roster of {rows:,} rows (seed {seed}) in {cache} ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "examples" / "generate_roster.py"),
                        "--rows", str(rows), "--seed", str(seed), "--out", str(data) + ".tmp",
                        "--manifest", str(manifest)], check=True, cwd=ROOT)
        os.replace(str(data) + ".tmp", data)
    return data, manifest


def planted(manifest: Path) -> set[tuple[int, str]]:
    with open(manifest, encoding="utf-8", newline="") as f:
        return {(int(r["row"]), r["rule"]) for r in csv.DictReader(f)}


def head_of(data: Path, rows: int, out: Path) -> int:
    """The first `rows` rows of `data`, extended to the end of the household they cut, so
    that household minimums come out the same. Returns the rows written."""
    with open(data, encoding="utf-8-sig", newline="") as f, \
            open(out, "w", encoding="utf-8-sig", newline="") as o:
        reader, writer = csv.reader(f), csv.writer(o, lineterminator="\r\n")
        header = next(reader)
        writer.writerow(header)
        household = header.index("户号")
        written, last = 0, None
        for record in reader:
            if written >= rows and record[household] != last:
                break
            writer.writerow(record)
            written, last = written + 1, record[household]
    return written


# ---------------------------------------------------------------------------------------------
# Contenders


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.rules = str(Path(args.rules).resolve())
        self.duplicates = True  # whether the ruleset has a duplicate-recipient rule

    def out(self, name: str) -> Path:
        return self.work / (name.replace(" ", "_").replace("/", "_") + ".txt")

    def fundrules_cli(self, data: Path, threads: int) -> Run:
        name = f"fundrules check, {threads} thread{'s' if threads > 1 else ''}"
        out = self.out(name)
        seconds, peak, _, cpu = measured([self.args.fundrules, "check", "--rules", self.rules,
                                          "--format", "csv", "--threads", str(threads), "-o",
                                          str(out), str(data)], name)
        return Run(name, seconds, peak, read_report_pairs(out), "whole process, from the CSV",
                   cpu=cpu)

    def record_only(self, data: Path) -> tuple[int, int]:
        """Peak KiB and violations reported of `fundrules check` on one thread with the record
        rules alone: the ruleset without its group rules, summaries and forms. The CLI keeps
        the violations past a few MiB in a temporary file (--temp-dir) until it writes the
        report, so the peak should not grow with the rows."""
        rules = self.work / "record-only.yaml"
        if not rules.exists():
            write_record_only(Path(self.rules), rules)
        out = self.work / "record-only.json"
        _, peak, _, _ = measured([self.args.fundrules, "check", "--rules", str(rules), "--format",
                                  "json", "--threads", "1", "-o", str(out), str(data)],
                                 "fundrules check, record rules only")
        with out.open(encoding="utf-8") as f:
            kept = len(json.load(f)["violations"])
        return peak, kept

    def api(self, data: Path) -> Run:
        name = "C++ API, in-memory table"
        out = self.out(name)
        _, peak, text, _ = measured([self.args.api_bench, "--rules", self.rules, "--csv",
                                     str(data), "--out", str(out)], name)
        info = json_line(text, name)
        return Run(name, float(info["seconds"]), peak, read_pairs(out),
                   "check() on a Table already in memory", info, cpu=float(info["cpu_seconds"]))

    def handwritten(self, data: Path) -> Run:
        name = "hand-written C++"
        out = self.out(name)
        argv = [self.args.handwritten, str(data), str(out)]
        if not self.duplicates:
            argv.append("--no-duplicates")  # no work the ruleset does not ask for
        seconds, peak, text, cpu = measured(argv, name)
        return Run(name, seconds, peak, read_pairs(out), "whole process, from the CSV",
                   json_line(text, name), cpu=cpu)

    def python(self, contender: str, label: str, data: Path, timed: str) -> Run:
        out = self.out(label)
        _, peak, text, _ = measured([sys.executable, str(HERE / "peers" / "run_one.py"),
                                     contender, str(data), str(out), self.rules], label)
        info = json_line(text, label)
        return Run(label, float(info["seconds"]), peak, read_pairs(out), timed, info,
                   cpu=float(info["cpu_seconds"]))


PYTHON_CONTENDERS = [
    # name for run_one.py, label, packages needed, what the time covers
    ("fundrules-pandas", "fundrules (Python), pandas DataFrame", ["fundrules", "pandas", "pyarrow"],
     "check() on a DataFrame in memory"),
    ("fundrules-arrow", "fundrules (Python), pyarrow Table", ["fundrules", "pandas", "pyarrow"],
     "check() on a Table in memory"),
    ("pandas", "hand-written pandas", ["pandas", "numpy"],
     "the checks on a DataFrame in memory"),
    ("pandera", "pandera schema", ["pandera", "pandas"],
     "validate(lazy=True) on a DataFrame in memory"),
    ("zen", "zen-engine, per row", ["zen"], "decisions on records in memory"),
]


def missing_packages(packages: list[str]) -> list[str]:
    return [p for p in packages if find_spec(p) is None]


# ---------------------------------------------------------------------------------------------
# Agreement


def compared_checks(args: argparse.Namespace) -> tuple[dict[str, str], list[str]]:
    """The ruleset's rules that every contender implements, mapped to their common check
    names, and the rules no contender implements (left out of the comparison, loudly)."""
    listing = subprocess.run([args.api_bench, "--rules", args.rules, "--list-rules"],
                             capture_output=True, text=True, check=True).stdout
    mapping, unknown = {}, []
    for line in listing.splitlines():
        rule, scope, group_by = line.split("\t")
        if rule in CHECKS:
            mapping[rule] = rule
        elif scope == "group" and group_by == "id_number":
            mapping[rule] = DUPLICATE  # recipients listed twice, whatever the rule is called
        else:
            unknown.append(rule)
    return mapping, unknown


def agree(runs: list[Run], reference: Run, expected: set[tuple[int, str]], size: str) -> None:
    problems = []
    for run in runs:
        if run.pairs == reference.pairs:
            continue
        missing = sorted(reference.pairs - run.pairs)
        extra = sorted(run.pairs - reference.pairs)
        problems.append(f"  {run.name} disagrees with {reference.name}: "
                        f"{len(missing)} (row, check) pairs missing, e.g. {missing[:5]}; "
                        f"{len(extra)} extra, e.g. {extra[:5]}")
    not_found = sorted(expected - reference.pairs)
    if not_found:
        problems.append(f"  {len(not_found)} planted violations found by no contender, "
                        f"e.g. {not_found[:5]}")
    if problems:
        fail(f"the contenders do not agree on the {size} roster:\n" + "\n".join(problems))


# ---------------------------------------------------------------------------------------------
# The table


def print_table(size: int, runs: list[Run], base: Run, load: str) -> None:
    """Wall time, and CPU time (user + system, all threads): on a shared machine the CPU time
    is the steadier figure, and the ratio to the hand-written program is taken on it."""
    print(f"\n{size:,} rows   (load average {load})")
    print(f"{'contender':38} {'wall s':>8} {'CPU s':>8} {'rows/CPU s':>11} {'× hand (CPU)':>12}"
          f" {'peak MiB':>8}  time covers")
    for run in runs:
        rate = size / run.cpu if run.cpu > 0 else float("inf")
        note = run.timed
        if run.extrapolated_from:
            note += f"; run on {run.extrapolated_from:,} rows, times scaled to {size:,}"
        load_s = run.info.get("load_seconds")
        if isinstance(load_s, float):
            note += f" (loading it took {load_s:.2f} s more)"
        print(f"{run.name:38} {run.seconds:8.3f} {run.cpu:8.3f} {rate:11,.0f} "
              f"{run.cpu / base.cpu:12.1f} {run.peak_kb / 1024:8.0f}  {note}")
    api = next((r for r in runs if r.name.startswith("C++ API")), None)
    if api is not None:
        print(f"C++ API: loading and compiling the ruleset {api.info['load_ms']:.2f} ms wall "
              f"(median), {api.info['load_cpu_ms']:.2f} ms CPU (mean); one record "
              f"{api.info['record_us']:.2f} µs wall (median of {api.info['records']}), "
              f"{api.info['record_cpu_us']:.2f} µs CPU (mean) through check(); "
              f"{api.info['prepared_record_us']:.2f} µs wall (median), "
              f"{api.info['prepared_record_cpu_us']:.2f} µs CPU (mean) through a RecordChecker")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000",
                        help="roster sizes, comma-separated (default 10000,100000)")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--rules", default=str(ROOT / "rules/cn/hefei/2017-liangjie.yaml"))
    parser.add_argument("--build", default=str(ROOT / "build"),
                        help="the CMake build folder with the programs (default build/)")
    parser.add_argument("--fundrules", help="the fundrules program (default BUILD/fundrules)")
    parser.add_argument("--api-bench", help="default BUILD/tests/api_bench")
    parser.add_argument("--handwritten", help="default BUILD/tests/handwritten_check")
    parser.add_argument("--cache", default=os.environ.get("FUNDRULES_BENCH_CACHE"),
                        help="folder for generated rosters (default BUILD/bench-rosters)")
    parser.add_argument("--skip", default="", help="contenders to leave out, comma-separated: "
                        "cli, api, fundrules-pandas, fundrules-arrow, pandas, pandera, zen")
    parser.add_argument("--zen-max-rows", type=int, default=20000,
                        help="above this size zen-engine runs on the first rows only and its "
                             "time is scaled up (default 20000)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each contender that takes under 10 s; the fastest counts")
    parser.add_argument("--agreement-only", action="store_true",
                        help="check that the contenders agree; print no timings")
    args = parser.parse_args(argv)
    build = Path(args.build)
    args.fundrules = args.fundrules or str(build / "fundrules")
    args.api_bench = args.api_bench or str(build / "tests" / "api_bench")
    args.handwritten = args.handwritten or str(build / "tests" / "handwritten_check")
    args.cache = Path(args.cache or build / "bench-rosters")
    args.skip = set(filter(None, args.skip.split(",")))
    for program in (args.fundrules, args.api_bench, args.handwritten):
        if not os.access(program, os.X_OK):
            parser.error(f"{program} is not built (cmake --build BUILD --target fundrules_cli "
                         "api_bench handwritten_check)")
    return args


def print_python_record(data: Path, rules: str) -> None:
    """One record at a time through the Python package (tests/python/bench_record.py), which
    checks that both ways find the same violations before it prints."""
    script = HERE.parent / "python" / "bench_record.py"
    done = subprocess.run([sys.executable, str(script), str(data), "2000", rules], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        fail(f"bench_record.py failed:\n{done.stderr}")
    info = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"Python: one record {info['python_record_us']:.2f} µs (median of {info['records']}) "
          f"through check([record]); {info['python_prepared_record_us']:.2f} µs (median), "
          f"{info['python_prepared_record_mean_us']:.2f} µs (mean) through a RecordChecker")


def write_record_only(source: Path, target: Path) -> None:
    """`source` with only its record rules: no group rules (`group_by`), summaries or forms.
    The basis and references stay, so rules and messages read exactly as in the original."""
    import yaml  # PyYAML, from the bench extra (pip install .[bench])

    with source.open(encoding="utf-8") as f:
        ruleset = yaml.safe_load(f)
    if "extends" in ruleset:
        fail(f"{source}: a ruleset that extends another cannot be cut down to its record rules")
    ruleset["id"] = f"{ruleset['id']}.record-only"
    ruleset["rules"] = [rule for rule in ruleset.get("rules", []) if "group_by" not in rule]
    # Parameters only the group rules read would draw "not used by any rule" warnings.
    kept = json.dumps(ruleset["rules"], ensure_ascii=False, default=str)
    ruleset["params"] = {name: param for name, param in ruleset.get("params", {}).items()
                         if f"params.{name}" in kept}
    for key in ("summaries", "forms"):
        ruleset.pop(key, None)
    with target.open("w", encoding="utf-8") as f:
        yaml.safe_dump(ruleset, f, allow_unicode=True, sort_keys=False)


def best_of(repeat: int, run_once) -> Run:  # type: ignore[no-untyped-def]
    best = run_once()
    for _ in range(repeat - 1):
        if best.seconds >= 10:
            break
        again = run_once()
        if again.pairs != best.pairs:
            fail(f"{best.name} found different violations on a second run")
        if again.seconds < best.seconds:
            again.peak_kb = max(again.peak_kb, best.peak_kb)
            best = again
    return best


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.rows.split(",")]
    mapping, unknown = compared_checks(args)
    if unknown:
        print(f"WARNING: rules that no contender implements, left out of the comparison: "
              f"{', '.join(unknown)}", file=sys.stderr)
    compared = set(mapping.values())
    skipped = []
    python = []
    for contender, label, packages, timed in PYTHON_CONTENDERS:
        if contender in args.skip:
            continue
        lacking = missing_packages(packages)
        if lacking:
            skipped.append(f"{label} (no {', '.join(lacking)} for {sys.executable})")
        else:
            python.append((contender, label, timed))
    for line in skipped:
        print(f"skipped: {line}")

    def common(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
        """Pairs in common check names, of the checks compared."""
        named = {(row, mapping.get(check, check)) for row, check in pairs}
        return {(row, check) for row, check in named if check in compared}

    memory: list[tuple[int, int, int]] = []  # (rows, distinct keys, fundrules check peak KiB)
    # (rows, peak KiB, violations kept) of the check with record rules only
    record_memory: list[tuple[int, int, int]] = []  # rows, peak KiB, violations reported
    record_memory_skipped = False
    with tempfile.TemporaryDirectory(prefix="fundrules-peers-") as tmp:
        bench = Bench(args, Path(tmp))
        bench.duplicates = DUPLICATE in compared
        for size in sizes:
            data, manifest = roster(args.cache, size, args.seed)
            repeat = 1 if args.agreement_only else max(args.repeat, 1)
            runs = [best_of(repeat, lambda: bench.handwritten(data))]
            if "cli" not in args.skip:
                runs.append(best_of(repeat, lambda: bench.fundrules_cli(data, 1)))
                runs.append(best_of(repeat, lambda: bench.fundrules_cli(data, 2)))
            if "api" not in args.skip:
                runs.append(best_of(repeat, lambda: bench.api(data)))
            sampled: list[Run] = []
            for contender, label, timed in python:
                if contender == "zen" and size > args.zen_max_rows:
                    head = Path(tmp) / f"head-{size}.csv"
                    ran = head_of(data, args.zen_max_rows, head)
                    run = bench.python(contender, label, head, timed)
                    reference = bench.handwritten(head)
                    reference.name = f"hand-written C++ on the first {ran:,} rows"
                    for r in (run, reference):
                        r.pairs = common(r.pairs)
                    agree([run], reference, set(), f"first {ran:,} rows of the {size:,}-row")
                    run.seconds *= size / ran
                    run.cpu *= size / ran
                    run.extrapolated_from = ran
                    sampled.append(run)
                else:
                    runs.append(best_of(repeat, lambda: bench.python(contender, label, data,
                                                                      timed)))
            for run in runs:
                run.pairs = common(run.pairs)
            agree(runs, runs[0], common(planted(manifest)), f"{size:,}-row")
            runs.extend(sampled)
            print(f"{size:,} rows: {len(runs)} contenders agree on {len(runs[0].pairs):,} "
                  f"(row, check) pairs over {len(compared)} checks", flush=True)
            if not args.agreement_only:
                load = " ".join(f"{x:.2f}" for x in os.getloadavg())
                print_table(size, runs, runs[0], load)
                if any(c.startswith("fundrules-") for c, _, _ in python):
                    print_python_record(data, args.rules)
            cli = next((r for r in runs if r.name.startswith("fundrules check, 1")), None)
            if cli is not None:
                keys = int(runs[0].info["households"])  # type: ignore[arg-type]
                if DUPLICATE in compared:
                    keys += int(runs[0].info["recipients"])  # type: ignore[arg-type]
                memory.append((size, keys, cli.peak_kb))
                if len(sizes) > 1 and not args.agreement_only:
                    if find_spec("yaml") is None:
                        if not record_memory_skipped:
                            print("record-only memory figures skipped: PyYAML is missing "
                                  "(pip install .[bench])", flush=True)
                        record_memory_skipped = True
                    else:
                        record_memory.append((size, *bench.record_only(data)))
    if len(memory) > 1 and not args.agreement_only:
        (small, small_keys, small_kb), (big, big_keys, big_kb) = memory[0], memory[-1]
        per_key = (big_kb - small_kb) * 1024 / max(big_keys - small_keys, 1)
        print(f"\nfundrules check, 1 thread: peak memory {small_kb / 1024:.0f} MiB at {small:,} rows, "
              f"{big_kb / 1024:.0f} MiB at {big:,} rows; {per_key:.0f} bytes per further distinct "
              f"key ({big_keys - small_keys:,} more households{' and ID numbers' if DUPLICATE in compared else ''})")
    if len(record_memory) > 1:
        (small, small_kb, small_kept), (big, big_kb, big_kept) = record_memory[0], record_memory[-1]
        print(f"fundrules check, record rules only, 1 thread: peak memory {small_kb / 1024:.1f} MiB "
              f"at {small:,} rows ({small_kept:,} violations), {big_kb / 1024:.1f} MiB at "
              f"{big:,} rows ({big_kept:,} violations, spilled to disk past 4 MiB); "
              f"{(big_kb - small_kb) * 1024 / max(big - small, 1):.1f} bytes per further row, "
              f"{(big_kb - small_kb) * 1024 / max(big_kept - small_kept, 1):.0f} per further "
              f"violation")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
