"""A host in another language, through the C API with ctypes only (as C# or Java would do
with P/Invoke or JNA): load a ruleset, check a roster, read the report, print it canonically.
It also checks the roster as a host feeding records in batches would (an incremental check,
and two parts checked apart and merged), and as GB18030 bytes, and insists on the same result.

usage: python3 ctypes_consumer.py LIBFUNDRULES_C RULESET.yaml ROSTER.csv
"""

import csv
import ctypes
import json
import os
import sys
import tempfile

FR_OK = 0
FR_ERROR_RULESET = 2
COUNTS = ["rows", "clean", "with_violations", "unreadable", "errors", "warnings"]


def bind(lib: ctypes.CDLL) -> None:
    """Declares the signatures used here; ctypes would otherwise assume int everywhere."""
    p = ctypes.c_void_p
    sigs = {
        "fr_version": (ctypes.c_char_p, []),
        "fr_last_error_message": (ctypes.c_char_p, []),
        "fr_last_error_diagnostic_count": (ctypes.c_size_t, []),
        "fr_last_error_diagnostic_line": (ctypes.c_int, [ctypes.c_size_t]),
        "fr_last_error_diagnostic_column": (ctypes.c_int, [ctypes.c_size_t]),
        "fr_ruleset_load_file": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(p)]),
        "fr_ruleset_load_string": (
            ctypes.c_int,
            [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.POINTER(p)],
        ),
        "fr_ruleset_free": (None, [p]),
        "fr_session_new": (ctypes.c_int, [p, ctypes.POINTER(p)]),
        "fr_session_free": (None, [p]),
        "fr_session_last_error": (ctypes.c_char_p, [p]),
        "fr_session_set_as_of": (ctypes.c_int, [p, ctypes.c_char_p]),
        "fr_session_set_language": (ctypes.c_int, [p, ctypes.c_char_p]),
        "fr_session_check_csv": (ctypes.c_int, [p, ctypes.c_char_p, ctypes.POINTER(p)]),
        "fr_session_check_json": (
            ctypes.c_int,
            [p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(p)],
        ),
        "fr_session_set_encoding": (ctypes.c_int, [p, ctypes.c_char_p]),
        "fr_session_check_csv_data": (
            ctypes.c_int,
            [p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(p)],
        ),
        "fr_check_new": (ctypes.c_int, [p, ctypes.POINTER(p)]),
        "fr_check_free": (None, [p]),
        "fr_check_last_error": (ctypes.c_char_p, [p]),
        "fr_check_set_first_row": (ctypes.c_int, [p, ctypes.c_int64]),
        "fr_check_add_json": (ctypes.c_int, [p, ctypes.c_char_p, ctypes.c_size_t]),
        "fr_check_add_csv": (ctypes.c_int, [p, ctypes.c_char_p]),
        "fr_check_row_count": (ctypes.c_int64, [p]),
        "fr_check_merge": (ctypes.c_int, [p, p]),
        "fr_check_finish": (ctypes.c_int, [p, ctypes.POINTER(p)]),
        "fr_report_free": (None, [p]),
        "fr_report_ok": (ctypes.c_int, [p]),
        "fr_report_count": (ctypes.c_int64, [p, ctypes.c_int]),
        "fr_report_json": (ctypes.c_char_p, [p]),
        "fr_report_violation_count": (ctypes.c_size_t, [p]),
        "fr_violation_rule_id": (ctypes.c_char_p, [p, ctypes.c_size_t]),
        "fr_violation_severity": (ctypes.c_int, [p, ctypes.c_size_t]),
        "fr_violation_row_count": (ctypes.c_size_t, [p, ctypes.c_size_t]),
        "fr_violation_row": (ctypes.c_int64, [p, ctypes.c_size_t, ctypes.c_size_t]),
    }
    for name, (restype, argtypes) in sigs.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


def check_bad_ruleset(lib: ctypes.CDLL) -> None:
    """A broken ruleset must fail with a status and located diagnostics, not crash."""
    handle = ctypes.c_void_p()
    text = "fundrules: 1\nid: broken\nrules: [\n".encode()
    status = lib.fr_ruleset_load_string(text, len(text), b"broken.yaml", ctypes.byref(handle))
    if status != FR_ERROR_RULESET or handle.value is not None:
        sys.exit(f"a broken ruleset gave status {status}")
    if lib.fr_last_error_diagnostic_count() < 1 or lib.fr_last_error_diagnostic_line(0) < 1:
        sys.exit("a broken ruleset gave no located diagnostic")
    if b"broken.yaml" not in lib.fr_last_error_message():
        sys.exit("the error message does not name the file")


def canonical(lib: ctypes.CDLL, report: ctypes.c_void_p) -> list:
    """The report as the lines every consumer test prints."""
    counts = [lib.fr_report_count(report, i) for i in range(len(COUNTS))]
    lines = [
        f"ok={lib.fr_report_ok(report)} "
        + " ".join(f"{name}={value}" for name, value in zip(COUNTS, counts))
    ]
    for i in range(lib.fr_report_violation_count(report)):
        severity = "warning" if lib.fr_violation_severity(report, i) == 1 else "error"
        rows = [
            str(lib.fr_violation_row(report, i, j))
            for j in range(lib.fr_violation_row_count(report, i))
        ]
        lines.append(" ".join([lib.fr_violation_rule_id(report, i).decode(), severity, *rows]))
    return lines


def finished(lib: ctypes.CDLL, check: ctypes.c_void_p) -> list:
    """Finishes a check and returns its canonical lines, freeing what it made."""
    report = ctypes.c_void_p()
    try:
        if lib.fr_check_finish(check, ctypes.byref(report)) != FR_OK:
            sys.exit(lib.fr_check_last_error(check).decode())
        return canonical(lib, report)
    finally:
        lib.fr_report_free(report)


def check_in_batches(lib: ctypes.CDLL, session: ctypes.c_void_p, roster_path: str) -> list:
    """The roster's records as JSON in two parts, each checked apart, then merged."""
    with open(roster_path, encoding="utf-8-sig", newline="") as f:
        records = list(csv.DictReader(f))
    half = len(records) // 2
    checks = [ctypes.c_void_p(), ctypes.c_void_p()]
    try:
        for k, part in enumerate([records[:half], records[half:]]):
            if lib.fr_check_new(session, ctypes.byref(checks[k])) != FR_OK:
                sys.exit(lib.fr_last_error_message().decode())
            if lib.fr_check_set_first_row(checks[k], 1 + (half if k else 0)) != FR_OK:
                sys.exit(lib.fr_check_last_error(checks[k]).decode())
            text = json.dumps(part, ensure_ascii=False).encode()
            if lib.fr_check_add_json(checks[k], text, len(text)) != FR_OK:
                sys.exit(lib.fr_check_last_error(checks[k]).decode())
        if lib.fr_check_merge(checks[0], checks[1]) != FR_OK:
            sys.exit(lib.fr_check_last_error(checks[0]).decode())
        if lib.fr_check_row_count(checks[0]) != len(records):
            sys.exit("the merged check lost count of its rows")
        return finished(lib, checks[0])
    finally:
        for check in checks:
            lib.fr_check_free(check)


def check_gb18030(lib: ctypes.CDLL, session: ctypes.c_void_p, roster_path: str) -> list:
    """The roster as Excel on a Chinese system saves it, as bytes and as a file."""
    with open(roster_path, encoding="utf-8-sig") as f:
        data = f.read().encode("gb18030")
    report = ctypes.c_void_p()
    try:
        status = lib.fr_session_check_csv_data(session, data, len(data), ctypes.byref(report))
        if status != FR_OK:
            sys.exit(lib.fr_session_last_error(session).decode())
        from_bytes = canonical(lib, report)
    finally:
        lib.fr_report_free(report)
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "roster_gb18030.csv")
        with open(path, "wb") as f:
            f.write(data)
        check = ctypes.c_void_p()
        try:
            if lib.fr_check_new(session, ctypes.byref(check)) != FR_OK:
                sys.exit(lib.fr_last_error_message().decode())
            if lib.fr_check_add_csv(check, path.encode()) != FR_OK:
                sys.exit(lib.fr_check_last_error(check).decode())
            from_file = finished(lib, check)
        finally:
            lib.fr_check_free(check)
    if from_bytes != from_file:
        sys.exit("GB18030 bytes and the same file gave different results")
    return from_file


def main() -> None:
    library, ruleset_path, roster_path = sys.argv[1:4]
    lib = ctypes.CDLL(library)
    bind(lib)
    check_bad_ruleset(lib)

    ruleset = ctypes.c_void_p()
    if lib.fr_ruleset_load_file(ruleset_path.encode(), ctypes.byref(ruleset)) != FR_OK:
        sys.exit(lib.fr_last_error_message().decode())
    session = ctypes.c_void_p()
    report = ctypes.c_void_p()
    try:
        if lib.fr_session_new(ruleset, ctypes.byref(session)) != FR_OK:
            sys.exit(lib.fr_last_error_message().decode())
        lib.fr_session_set_as_of(session, b"2024-01-20")
        if lib.fr_session_set_language(session, b"fr") == FR_OK:
            sys.exit("an unknown language was accepted")
        if b"fr" not in lib.fr_session_last_error(session):
            sys.exit("the session's last error does not say what was wrong")
        if lib.fr_session_check_csv(session, roster_path.encode(), ctypes.byref(report)) != FR_OK:
            sys.exit(lib.fr_session_last_error(session).decode())

        document = json.loads(lib.fr_report_json(report).decode())
        if document["schema"] != "fundrules.report/1":
            sys.exit(f"unexpected report schema {document['schema']!r}")
        if document["summary"]["rows"] != lib.fr_report_count(report, 0) or document[
            "ok"
        ] != bool(lib.fr_report_ok(report)):
            sys.exit("the JSON report and the accessors disagree")
        lines = canonical(lib, report)
        if check_in_batches(lib, session, roster_path) != lines:
            sys.exit("the roster checked in two merged parts gave another result")
        if lib.fr_session_set_encoding(session, b"auto") != FR_OK:
            sys.exit(lib.fr_session_last_error(session).decode())
        if check_gb18030(lib, session, roster_path) != lines:
            sys.exit("the roster in GB18030 gave another result")
        print("\n".join(lines))
    finally:
        lib.fr_report_free(report)
        lib.fr_session_free(session)
        lib.fr_ruleset_free(ruleset)


if __name__ == "__main__":
    main()
