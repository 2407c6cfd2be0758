"""A host in another language, through the C API with ctypes only (as C# or Java would do
with P/Invoke or JNA): load a ruleset, check a roster, read the report, print it canonically.

usage: python3 ctypes_consumer.py LIBFUNDRULES_C RULESET.yaml ROSTER.csv
"""

import ctypes
import json
import sys

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
        counts = [lib.fr_report_count(report, i) for i in range(len(COUNTS))]
        if document["schema"] != "fundrules.report/1":
            sys.exit(f"unexpected report schema {document['schema']!r}")
        if document["summary"]["rows"] != counts[0] or document["ok"] != bool(
            lib.fr_report_ok(report)
        ):
            sys.exit("the JSON report and the accessors disagree")
        line = f"ok={lib.fr_report_ok(report)} " + " ".join(
            f"{name}={value}" for name, value in zip(COUNTS, counts)
        )
        print(line)
        for i in range(lib.fr_report_violation_count(report)):
            severity = "warning" if lib.fr_violation_severity(report, i) == 1 else "error"
            rows = [
                str(lib.fr_violation_row(report, i, j))
                for j in range(lib.fr_violation_row_count(report, i))
            ]
            rule = lib.fr_violation_rule_id(report, i).decode()
            print(" ".join([rule, severity, *rows]))
    finally:
        lib.fr_report_free(report)
        lib.fr_session_free(session)
        lib.fr_ruleset_free(ruleset)


if __name__ == "__main__":
    main()
