"""Runs one Python contender of the peer benchmark in this process:

    run_one.py NAME ROSTER.csv OUT.csv [RULESET.yaml]

NAME is pandas, pandera, zen, fundrules-pandas or fundrules-arrow. Loading the roster into the
contender's own form is timed apart from the check; see common.py for what is written."""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import read_frame, report, write_violations  # noqa: E402


def main(argv: list[str]) -> int:
    name, roster, out = argv[:3]
    rules = argv[3] if len(argv) > 3 else "rules/cn/hefei/2017-liangjie.yaml"
    extra: dict[str, object] = {}
    if name != "zen":
        import pandas  # noqa: F401  (imported before the clock starts)
    if name in ("pandas", "pandera"):
        check = __import__(f"{name}_check").violations
        start = time.perf_counter()
        data = read_frame(roster)
    elif name == "zen":
        import zen_check

        check = zen_check.violations
        start = time.perf_counter()
        data = zen_check.records(roster)
    elif name in ("fundrules-pandas", "fundrules-arrow"):
        import fundrules

        from fundrules_python import pairs

        ruleset = fundrules.load(rules)
        start = time.perf_counter()
        data = read_frame(roster)
        if name == "fundrules-arrow":
            import pyarrow as pa

            data = pa.Table.from_pandas(data, preserve_index=False)

        def check(frame):  # type: ignore[no-untyped-def]
            return pairs(ruleset.check(frame))
    else:
        print(f"run_one.py: unknown contender {name}", file=sys.stderr)
        return 2
    loaded = time.perf_counter()
    found = check(data)
    done = time.perf_counter()
    extra["violations"] = write_violations(out, found)
    report(done - loaded, loaded - start, **extra)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
