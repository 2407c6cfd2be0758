#pragma once

/*
 * The fundrules C API: load a ruleset, check payment lists against it, read the report.
 *
 * Conventions (docs/embedding.md explains them at length):
 * - Every function that can fail returns an fr_status; FR_OK is 0. Results come back through
 *   out-parameters, which are left untouched on failure.
 * - No C++ exception ever crosses this boundary; every failure is a status code.
 * - Strings in and out are UTF-8 and NUL-terminated unless a length is given.
 * - Handles are opaque. Whatever a function hands back as a new handle (fr_ruleset_load_*,
 *   fr_session_new, fr_session_check_*, fr_check_new, fr_check_finish, fr_report_merge) is
 *   owned by the caller and released with the matching fr_*_free function, which accepts NULL. A
 * `const char*` a function returns is owned by the handle it came from and stays valid until that
 * handle is freed (the last-error strings: until the next failing call on the same handle or
 * thread).
 * - Threads: an fr_ruleset is immutable and may be shared by any number of threads at once.
 *   An fr_session, an fr_check and an fr_report may be used by one thread at a time (reading an
 *   fr_report from several threads at once is safe too); checks of the parts of one list may
 *   run on different threads and be merged afterwards.
 */

#include <stddef.h>
#include <stdint.h>

/* FR_API marks the functions libfundrules_c exports. */
#if defined(_WIN32)
#if defined(FUNDRULES_C_BUILDING)
#define FR_API __declspec(dllexport)
#else
#define FR_API __declspec(dllimport)
#endif
#else
#define FR_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the C interface itself: bumped when a declaration below changes incompatibly. */
#define FR_C_API_VERSION 1

/** What a call came to. Values are stable across releases; new codes may be added. */
typedef enum fr_status {
  FR_OK = 0,
  FR_ERROR_INVALID_ARGUMENT = 1, /**< a NULL handle or pointer, an unknown option value */
  FR_ERROR_RULESET = 2,          /**< the ruleset did not load; see the diagnostics */
  FR_ERROR_DATA = 3,             /**< the input could not be read at all (missing file,
                                      malformed JSON, no header) */
  FR_ERROR_VALUE = 4,            /**< a value could not be converted (an impossible date) */
  FR_ERROR_LIMIT = 5,            /**< a stated bound was exceeded */
  FR_ERROR_OVERFLOW = 6,         /**< exact arithmetic overflowed */
  FR_ERROR_OUT_OF_MEMORY = 7,
  FR_ERROR_INTERNAL = 8 /**< anything else; the message says what */
} fr_status;

/** How bad a failed rule is: an error makes the list fail, a warning is reported only. */
typedef enum fr_severity { FR_SEVERITY_ERROR = 0, FR_SEVERITY_WARNING = 1 } fr_severity;

/** The totals of a report, for fr_report_count(). rows == clean + with_violations + unreadable. */
typedef enum fr_count {
  FR_COUNT_ROWS = 0,
  FR_COUNT_CLEAN = 1,
  FR_COUNT_WITH_VIOLATIONS = 2,
  FR_COUNT_UNREADABLE = 3,
  FR_COUNT_ERRORS = 4,   /**< error-severity violations */
  FR_COUNT_WARNINGS = 5, /**< warning-severity violations */
  FR_COUNT_VIOLATIONS = 6
} fr_count;

/** A loaded, compiled ruleset. Immutable; share it between threads freely. */
typedef struct fr_ruleset fr_ruleset;
/** Per-caller check options (language, as-of date, masking) bound to a ruleset. */
typedef struct fr_session fr_session;
/** The result of one check. */
typedef struct fr_report fr_report;
/** An incremental check: records added in several calls, then finished into a report. */
typedef struct fr_check fr_check;

/* ---- Version and errors ------------------------------------------------------------------ */

/** The library version, e.g. "0.1.0". Static storage. */
FR_API const char* fr_version(void);

/** Status of the last failing call made by this thread (FR_OK if none yet). */
FR_API fr_status fr_last_error_status(void);
/** Message of the last failing call made by this thread ("" if none). For a ruleset that did
 *  not load it lists every diagnostic, one per line, as "file:line:column: error: message". */
FR_API const char* fr_last_error_message(void);
/** Number of located diagnostics of the last failing call made by this thread. A ruleset that
 *  did not load has one per problem found; a data error has one naming the file and line. */
FR_API size_t fr_last_error_diagnostic_count(void);
/** Diagnostic `index` of the last failing call of this thread: file ("" if not known), line
 *  and column (1-based, 0 if not known), message, and severity ("error" or "warning").
 *  Out-of-range indexes give "" and 0. */
FR_API const char* fr_last_error_diagnostic_file(size_t index);
FR_API int fr_last_error_diagnostic_line(size_t index);
FR_API int fr_last_error_diagnostic_column(size_t index);
FR_API const char* fr_last_error_diagnostic_message(size_t index);
FR_API const char* fr_last_error_diagnostic_severity(size_t index);

/* ---- Rulesets ---------------------------------------------------------------------------- */

/** Loads and compiles a YAML ruleset file. `extends:` targets are searched in the file's own
 *  directory. On failure returns FR_ERROR_RULESET (with every problem as a diagnostic) or
 *  FR_ERROR_DATA (the file cannot be read). */
FR_API fr_status fr_ruleset_load_file(const char* path, fr_ruleset** out);
/** As fr_ruleset_load_file(), from `length` bytes of YAML text; `name` (may be NULL) stands for
 *  the file name in diagnostics. */
FR_API fr_status fr_ruleset_load_string(const char* yaml, size_t length, const char* name,
                                        fr_ruleset** out);
/** Releases a ruleset. Sessions and reports made from it stay valid. NULL is ignored. */
FR_API void fr_ruleset_free(fr_ruleset* ruleset);

/** The ruleset's id, title ("zh" or "en") and SHA-256 (hex); owned by the ruleset. */
FR_API const char* fr_ruleset_id(const fr_ruleset* ruleset);
FR_API const char* fr_ruleset_title(const fr_ruleset* ruleset, const char* language);
FR_API const char* fr_ruleset_sha256(const fr_ruleset* ruleset);
/** The input fields the ruleset reads, in declaration order: name and type ("bool", "int",
 *  "decimal", "string" or "date"). Out-of-range indexes give NULL. */
FR_API size_t fr_ruleset_field_count(const fr_ruleset* ruleset);
FR_API const char* fr_ruleset_field_name(const fr_ruleset* ruleset, size_t index);
FR_API const char* fr_ruleset_field_type(const fr_ruleset* ruleset, size_t index);
/** Number of rules and the id of rule `index` (NULL if out of range). */
FR_API size_t fr_ruleset_rule_count(const fr_ruleset* ruleset);
FR_API const char* fr_ruleset_rule_id(const fr_ruleset* ruleset, size_t index);

/** The reference tables the ruleset declares (a register of workers on file, an earlier
 *  payment list): how many, the name of table `index` (NULL if out of range), and whether it
 *  is optional (1), required (0) or out of range (-1). A check without a required one fails
 *  with FR_ERROR_INVALID_ARGUMENT; without an optional one, the rules reading it are skipped
 *  and the report says so. */
FR_API size_t fr_ruleset_reference_count(const fr_ruleset* ruleset);
FR_API const char* fr_ruleset_reference_name(const fr_ruleset* ruleset, size_t index);
FR_API int fr_ruleset_reference_optional(const fr_ruleset* ruleset, size_t index);

/* ---- Sessions ---------------------------------------------------------------------------- */

/** Makes a session on `ruleset` with the defaults: language "zh", the ruleset's own as-of date
 *  (else today), personal data masked, one thread. The session keeps the ruleset alive. */
FR_API fr_status fr_session_new(const fr_ruleset* ruleset, fr_session** out);
/** Releases a session. Reports made with it stay valid. NULL is ignored. */
FR_API void fr_session_free(fr_session* session);
/** Message of the last failing call on this session ("" if none). Owned by the session. */
FR_API const char* fr_session_last_error(const fr_session* session);

/** Language of messages and of the report text and JSON: "zh" or "en". */
FR_API fr_status fr_session_set_language(fr_session* session, const char* language);
/** The date that selects parameter versions and stands for "today" ("2024-01-15"; the forms
 *  "2024/1/15" and "2024年1月15日" are accepted). NULL or "" restores the default. */
FR_API fr_status fr_session_set_as_of(fr_session* session, const char* date);
/** Nonzero: ID numbers, bank cards and phones appear in full in reports; 0 (the default):
 *  they are masked. */
FR_API fr_status fr_session_set_show_personal_data(fr_session* session, int show);
/** Threads one check may use (at least 1; the default is 1, the calling thread). */
FR_API fr_status fr_session_set_threads(fr_session* session, unsigned threads);
/** Name of the input for the report summary (NULL: a default per kind of input). */
FR_API fr_status fr_session_set_input_name(fr_session* session, const char* name);

/** Checks a CSV file (UTF-8 or GB18030, detected). Unreadable rows are reported, not errors;
 *  FR_ERROR_DATA means the file could not be read at all. */
FR_API fr_status fr_session_check_csv(fr_session* session, const char* path, fr_report** out);
/** Checks records given as a JSON array of objects, one object per row:
 *  [{"name": "张三", "amount": "600.00", "paid_on": "2024-01-15"}, ...]. Keys name fields (by
 *  name, label or alias); values are strings, numbers, true/false or null, converted with the
 *  field's type exactly as a CSV cell is (numbers keep their exact digits). Row numbers in the
 *  report are the 1-based positions of the objects. Malformed JSON gives FR_ERROR_DATA with the
 *  line and column of the fault. */
FR_API fr_status fr_session_check_json(fr_session* session, const char* json, size_t length,
                                       fr_report** out);
/** Checks records given as columns of strings: `names[c]` names column c and
 *  `values[c * num_rows + r]` is its cell in row r (column-major; NULL is an empty cell).
 *  Cells are converted with the field's type exactly as CSV cells are. */
FR_API fr_status fr_session_check_columns(fr_session* session, size_t num_columns,
                                          const char* const* names, size_t num_rows,
                                          const char* const* values, fr_report** out);

/** Encoding of CSV files and CSV bytes: "auto" (the default: UTF-8, with or without BOM, when
 *  the bytes are valid UTF-8, else GB18030, as the CLI does), "utf-8" or "gb18030" (also
 *  "utf8" and "gbk"). Text given as JSON or as string columns is always UTF-8. */
FR_API fr_status fr_session_set_encoding(fr_session* session, const char* encoding);
/** Nonzero: reports made by this session keep what fr_report_merge() needs (the partial states
 *  of group and batch rules), at a memory cost that grows with the number of groups; 0 (the
 *  default): they do not. */
FR_API fr_status fr_session_set_mergeable(fr_session* session, int mergeable);
/** Checks `length` bytes of CSV text (a header, then the records) in the session's encoding,
 *  as fr_session_check_csv() checks a file. */
FR_API fr_status fr_session_check_csv_data(fr_session* session, const char* data, size_t length,
                                           fr_report** out);
/** Checks one record, given as one JSON object ({"name": "张三", "amount": "600.00", ...}),
 *  for a clerk entering one payment. The record is row 1 of a list of one row: record rules
 *  judge it as in any list, while group and batch rules (a household's total, a budget) see
 *  only this row; fr_violation_scope() tells them apart. */
FR_API fr_status fr_session_check_record_json(fr_session* session, const char* json, size_t length,
                                              fr_report** out);

/** Gives the session reference table `name` (as the ruleset declares it) from a CSV file, read
 *  in the session's encoding with the fields the ruleset declares for it. Every declared field
 *  must have a column and every row must be readable, else FR_ERROR_DATA names the file, line
 *  and column. Replaces a table given before under that name; checks started afterwards
 *  (fr_session_check_*, fr_check_new) use it, without copying its rows. An undeclared name
 *  gives FR_ERROR_INVALID_ARGUMENT, naming the declared ones. */
FR_API fr_status fr_session_add_reference_csv(fr_session* session, const char* name,
                                              const char* path);
/** As fr_session_add_reference_csv(), from columns of strings laid out as for
 *  fr_session_check_columns() (column-major, NULL for an empty cell). */
FR_API fr_status fr_session_add_reference_columns(fr_session* session, const char* name,
                                                  size_t num_columns, const char* const* names,
                                                  size_t num_rows, const char* const* values);
/** Forgets every reference table given to the session. */
FR_API fr_status fr_session_clear_references(fr_session* session);

/* ---- Incremental checks ------------------------------------------------------------------ */

/** Starts an incremental check with the session's options as they are now (later changes to
 *  the session do not affect it). Add records in input order with fr_check_add_*, then call
 *  fr_check_finish(). Record rules run as records arrive; group and batch rules keep only
 *  their running totals, so memory grows with the number of groups, not of rows. */
FR_API fr_status fr_check_new(fr_session* session, fr_check** out);
/** Releases a check, finished or not. NULL is ignored. */
FR_API void fr_check_free(fr_check* check);
/** Message of the last failing call on this check ("" if none). Owned by the check. */
FR_API const char* fr_check_last_error(const fr_check* check);
/** The row number the check's first record gets (default 1), for a part of a longer list
 *  checked on its own: its report then names the rows of the whole list. Only before the
 *  first record is added. */
FR_API fr_status fr_check_set_first_row(fr_check* check, int64_t first_row);
/** Adds records given as a JSON array of objects (as fr_session_check_json()). Their rows are
 *  numbered after the records added before. Malformed JSON gives FR_ERROR_DATA and adds
 *  nothing. */
FR_API fr_status fr_check_add_json(fr_check* check, const char* json, size_t length);
/** Adds records given as columns of strings (as fr_session_check_columns()), numbered after
 *  the records added before. Each call names its own columns. */
FR_API fr_status fr_check_add_columns(fr_check* check, size_t num_columns, const char* const* names,
                                      size_t num_rows, const char* const* values);
/** Adds the records of a CSV file (its own header line first), numbered after the records
 *  added before, in the session's encoding. */
FR_API fr_status fr_check_add_csv(fr_check* check, const char* path);
/** Number of records added so far (readable or not). */
FR_API int64_t fr_check_row_count(const fr_check* check);
/** Takes in `later`, a check on the same ruleset and as-of date whose records follow this
 *  check's (a later part of the same list, checked on another thread, say): finishing `check`
 *  then gives the report of both parts checked as one list. `later` is left finished; free it
 *  as usual. The parts must each have been numbered where they start (fr_check_set_first_row).
 *  FR_ERROR_INVALID_ARGUMENT for another ruleset or date, or a finished check. */
FR_API fr_status fr_check_merge(fr_check* check, fr_check* later);
/** Ends the check and makes its report. The check accepts no more records afterwards. */
FR_API fr_status fr_check_finish(fr_check* check, fr_report** out);

/* ---- One record at a time ---------------------------------------------------------------- */

/** Checks one record after another (a clerk's form, checked on every save): the setup of a
 *  check is done once, when the checker is made, and each check only finds the violations.
 *  They are those fr_session_check_record_json() reports for the same record, in the same
 *  order: record rules judge it as in any list, group and batch rules see it as a list of its
 *  own. One thread at a time; give each thread its own. */
typedef struct fr_record_checker fr_record_checker;

/** Makes a record checker with the session's options as they are now (as-of date, language,
 *  masking, reference tables; later changes to the session do not affect it). Fails with
 *  FR_ERROR_INVALID_ARGUMENT when a required reference table was not given. Every field of
 *  its record starts empty. */
FR_API fr_status fr_record_checker_new(fr_session* session, fr_record_checker** out);
/** Releases a record checker. NULL is ignored. */
FR_API void fr_record_checker_free(fr_record_checker* checker);
/** Message of the last failing call on this checker ("" if none). Owned by the checker. */
FR_API const char* fr_record_checker_last_error(const fr_record_checker* checker);

/** The index of the field that `name` names (field name, Chinese label or alias, as a CSV
 *  header would), for fr_record_checker_set(); -1 when it names none. Look it up once. */
FR_API int64_t fr_record_checker_field_index(const fr_record_checker* checker, const char* name);
/** Sets field `field` (an index as fr_ruleset_field_name() counts) of the record to `length`
 *  bytes of UTF-8 text, converted exactly as a CSV cell of that field is (trimmed; nothing
 *  but spaces, or NULL, leaves the field empty). A text that is no value of the field's type
 *  (an impossible date, a category not in its list) gives FR_ERROR_VALUE, naming the field
 *  and never quoting personal data, and leaves the field empty. Other fields keep their
 *  values from one check to the next until set again or cleared. */
FR_API fr_status fr_record_checker_set(fr_record_checker* checker, size_t field, const char* text,
                                       size_t length);
/** Empties every field of the record. */
FR_API fr_status fr_record_checker_clear(fr_record_checker* checker);
/** Sets the whole record from one JSON object ({"姓名": "张三", "amount": "600.00", ...}),
 *  read as fr_session_check_record_json() reads it; fields it does not name are empty. A key
 *  that names no field gives FR_ERROR_DATA and changes nothing (a value the rules would never
 *  see is reported, not dropped); malformed JSON gives FR_ERROR_DATA with its line and column;
 *  a value that does not convert gives FR_ERROR_VALUE as fr_record_checker_set() does, the
 *  other fields being set. */
FR_API fr_status fr_record_checker_set_json(fr_record_checker* checker, const char* json,
                                            size_t length);
/** Checks the record as it is set. `*violations` gets the number of violations found (0: it
 *  passes every rule); they stay readable through the accessors below until the next check.
 *  Once the checker has checked a record or two, checking one that passes allocates no
 *  memory. */
FR_API fr_status fr_record_checker_check(fr_record_checker* checker, size_t* violations);
/** Violation `index` of the last check, as the fr_violation_* accessors show a report's (the
 *  message in the session's language, personal data masked unless shown); NULL, or -1 for
 *  the severity, when out of range. Strings are owned by the checker and valid until its
 *  next check. */
FR_API const char* fr_record_checker_rule_id(const fr_record_checker* checker, size_t index);
FR_API int fr_record_checker_severity(const fr_record_checker* checker, size_t index);
FR_API const char* fr_record_checker_message(const fr_record_checker* checker, size_t index);
FR_API const char* fr_record_checker_clause(const fr_record_checker* checker, size_t index);
/** "record", "group" or "batch". */
FR_API const char* fr_record_checker_scope(const fr_record_checker* checker, size_t index);
/** For a group rule the group's key, masked as the message is; else "". */
FR_API const char* fr_record_checker_group_key(const fr_record_checker* checker, size_t index);

/* ---- Reports ----------------------------------------------------------------------------- */

/** Releases a report. NULL is ignored. */
FR_API void fr_report_free(fr_report* report);
/** 1 when the list passes: no error-severity violation and no unreadable row; else 0. */
FR_API int fr_report_ok(const fr_report* report);
/** One of the totals (-1 for a NULL report or an unknown `which`). */
FR_API int64_t fr_report_count(const fr_report* report, fr_count which);
/** The report as JSON, schema "fundrules.report/1" (the same as `fundrules check --format
 *  json`), and as text for people, in the session's language and masking. Owned by the
 *  report. NULL if the report is NULL or the text could not be made (see the thread's last
 *  error). */
FR_API const char* fr_report_json(const fr_report* report);
FR_API const char* fr_report_text(const fr_report* report);

/** Number of violations; they are ordered by first row, then by rule order. */
FR_API size_t fr_report_violation_count(const fr_report* report);
/** Fields of violation `index` (NULL, -1 or 0 when out of range). Strings are owned by the
 *  report. The message is in the session's language, personal data masked unless shown. */
FR_API const char* fr_violation_rule_id(const fr_report* report, size_t index);
/** An fr_severity value, or -1 when out of range. */
FR_API int fr_violation_severity(const fr_report* report, size_t index);
FR_API const char* fr_violation_message(const fr_report* report, size_t index);
/** The clause of the basis document the rule implements ("" if none). */
FR_API const char* fr_violation_clause(const fr_report* report, size_t index);
/** The rows concerned: 1-based data rows (the header excluded), sorted. */
FR_API size_t fr_violation_row_count(const fr_report* report, size_t index);
FR_API int64_t fr_violation_row(const fr_report* report, size_t index, size_t row_index);
/** What the violation is about: "record" (one row), "group" (the rows of one group, e.g. a
 *  household) or "batch" (the whole list); NULL when out of range. Static storage. */
FR_API const char* fr_violation_scope(const fr_report* report, size_t index);
/** For a group rule, the key of the group ("H001"; several fields joined by " / "), else "";
 *  personal data in it (a group of ID numbers) masked as in the message. Owned by the
 *  report. */
FR_API const char* fr_violation_group_key(const fr_report* report, size_t index);

/** Rules that were not run because an optional reference table they read was not given: how
 *  many, and the id of rule `index` (NULL if out of range; owned by the report). */
FR_API size_t fr_report_skipped_rule_count(const fr_report* report);
FR_API const char* fr_report_skipped_rule_id(const fr_report* report, size_t index);

/** Nonzero when the report can be merged (its session was set mergeable). */
FR_API int fr_report_mergeable(const fr_report* report);
/** The report of `count` parts of one list, in order, checked as one list: `parts` are
 *  mergeable reports of the same ruleset and as-of date, each of a check that was numbered
 *  where its part starts. Group and batch rules are judged again on the merged totals. The
 *  new report (mergeable too) uses the first part's language and masking; the parts are not
 *  changed. FR_ERROR_INVALID_ARGUMENT when a part is not mergeable or does not fit. */
FR_API fr_status fr_report_merge(const fr_report* const* parts, size_t count, fr_report** out);

#ifdef __cplusplus
}
#endif
