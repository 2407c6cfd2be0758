/* A C host of the fundrules C API. It checks the roster five ways (CSV file, JSON records,
 * string columns, an incremental check fed in two calls, and two parts checked apart and
 * merged), insists that all give the same result, and prints the result in the canonical form
 * every consumer test compares with one expected file. */
#include <fundrules/fundrules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char* what) {
  fprintf(stderr, "%s: %s\n", what, fr_last_error_message());
  return 1;
}

static void print_canonical(const fr_report* report) {
  size_t i;
  size_t j;
  printf(
      "ok=%d rows=%lld clean=%lld with_violations=%lld unreadable=%lld errors=%lld "
      "warnings=%lld\n",
      fr_report_ok(report), (long long)fr_report_count(report, FR_COUNT_ROWS),
      (long long)fr_report_count(report, FR_COUNT_CLEAN),
      (long long)fr_report_count(report, FR_COUNT_WITH_VIOLATIONS),
      (long long)fr_report_count(report, FR_COUNT_UNREADABLE),
      (long long)fr_report_count(report, FR_COUNT_ERRORS),
      (long long)fr_report_count(report, FR_COUNT_WARNINGS));
  for (i = 0; i < fr_report_violation_count(report); ++i) {
    printf("%s %s", fr_violation_rule_id(report, i),
           fr_violation_severity(report, i) == FR_SEVERITY_WARNING ? "warning" : "error");
    for (j = 0; j < fr_violation_row_count(report, i); ++j) {
      printf(" %lld", (long long)fr_violation_row(report, i, j));
    }
    printf("\n");
  }
}

/* The same six rows as the CSV file, as a host holding them in memory would pass them. */
static const char* const kJson =
    "[{\"姓名\":\"张三\",\"身份证号\":\"11010519491231002X\",\"对象类别\":\"一线职工\","
    "\"金额\":500,\"发放日期\":\"2024-01-15\"},"
    "{\"姓名\":\"李四\",\"身份证号\":\"440524188001010014\",\"对象类别\":\"一线职工\","
    "\"金额\":\"800元\",\"发放日期\":\"2024-01-16\"},"
    "{\"姓名\":\"王五\",\"身份证号\":\"11010519491231002X\",\"对象类别\":\"建档在册的困难职工\","
    "\"金额\":600.00,\"发放日期\":\"2024-02-05\"},"
    "{\"姓名\":\"赵六\",\"身份证号\":\"440524188001010014\",\"对象类别\":\"registered_hardship\","
    "\"金额\":\"1,000\",\"发放日期\":\"2024-01-10\"},"
    "{\"姓名\":\"钱七\",\"身份证号\":\"11010519491231002X\",\"对象类别\":\"一线职工\","
    "\"金额\":\"abc\",\"发放日期\":\"2024-01-10\"},"
    "{\"姓名\":\"孙八\",\"身份证号\":\"440524188001010014\",\"对象类别\":\"建档在册的困难职工\","
    "\"金额\":500,\"发放日期\":\"2024/1/12\"}]";

/* The first three rows alone, for the incremental check. */
static const char* const kJsonFirst =
    "[{\"姓名\":\"张三\",\"身份证号\":\"11010519491231002X\",\"对象类别\":\"一线职工\","
    "\"金额\":500,\"发放日期\":\"2024-01-15\"},"
    "{\"姓名\":\"李四\",\"身份证号\":\"440524188001010014\",\"对象类别\":\"一线职工\","
    "\"金额\":\"800元\",\"发放日期\":\"2024-01-16\"},"
    "{\"姓名\":\"王五\",\"身份证号\":\"11010519491231002X\",\"对象类别\":\"建档在册的困难职工\","
    "\"金额\":600.00,\"发放日期\":\"2024-02-05\"}]";

/* The last three rows as columns. */
static const char* const kValuesLast[] = {"赵六",
                                          "钱七",
                                          "孙八",
                                          "440524188001010014",
                                          "11010519491231002X",
                                          "440524188001010014",
                                          "registered_hardship",
                                          "一线职工",
                                          "建档在册的困难职工",
                                          "1,000",
                                          "abc",
                                          "500",
                                          "2024-01-10",
                                          "2024-01-10",
                                          "2024/1/12"};

static const char* const kNames[] = {"name", "id_number", "category", "amount", "paid_on"};
/* Column-major: all names, then all ID numbers, ... */
static const char* const kValues[] = {"张三",
                                      "李四",
                                      "王五",
                                      "赵六",
                                      "钱七",
                                      "孙八",
                                      "11010519491231002X",
                                      "440524188001010014",
                                      "11010519491231002X",
                                      "440524188001010014",
                                      "11010519491231002X",
                                      "440524188001010014",
                                      "一线职工",
                                      "一线职工",
                                      "建档在册的困难职工",
                                      "registered_hardship",
                                      "一线职工",
                                      "建档在册的困难职工",
                                      "500",
                                      "800元",
                                      "600.00",
                                      "1,000",
                                      "abc",
                                      "500",
                                      "2024-01-15",
                                      "2024-01-16",
                                      "2024-02-05",
                                      "2024-01-10",
                                      "2024-01-10",
                                      "2024/1/12"};

/* True when two reports have the same totals and the same violations on the same rows. */
static int same_result(const fr_report* a, const fr_report* b) {
  size_t i;
  size_t j;
  int which;
  for (which = FR_COUNT_ROWS; which <= FR_COUNT_VIOLATIONS; ++which) {
    if (fr_report_count(a, (fr_count)which) != fr_report_count(b, (fr_count)which)) {
      return 0;
    }
  }
  for (i = 0; i < fr_report_violation_count(a); ++i) {
    if (strcmp(fr_violation_rule_id(a, i), fr_violation_rule_id(b, i)) != 0 ||
        fr_violation_row_count(a, i) != fr_violation_row_count(b, i)) {
      return 0;
    }
    for (j = 0; j < fr_violation_row_count(a, i); ++j) {
      if (fr_violation_row(a, i, j) != fr_violation_row(b, i, j)) {
        return 0;
      }
    }
  }
  return 1;
}

/* Rows 1-3 as JSON, then rows 4-6 as columns: one check fed in two calls, or (`merged`) two
 * checks of the two parts, the second told where its rows start, merged before finishing. */
static fr_status check_in_parts(fr_session* session, int merged, fr_report** out) {
  fr_check* first = NULL;
  fr_check* second = NULL;
  fr_check* rest = NULL;
  fr_status status = fr_check_new(session, &first);
  if (status == FR_OK) {
    status = fr_check_add_json(first, kJsonFirst, strlen(kJsonFirst));
  }
  if (status == FR_OK && merged) {
    status = fr_check_new(session, &second);
    if (status == FR_OK) {
      status = fr_check_set_first_row(second, 4);
    }
  }
  rest = merged ? second : first;
  if (status == FR_OK) {
    status = fr_check_add_columns(rest, 5, kNames, 3, kValuesLast);
  }
  if (status == FR_OK && merged) {
    status = fr_check_merge(first, second);
  }
  if (status == FR_OK) {
    status = fr_check_finish(first, out);
  }
  fr_check_free(second);
  fr_check_free(first);
  return status;
}

int main(int argc, char** argv) {
  fr_ruleset* ruleset = NULL;
  fr_session* session = NULL;
  fr_report* from_csv = NULL;
  fr_report* from_json = NULL;
  fr_report* from_columns = NULL;
  fr_report* incremental = NULL;
  fr_report* merged = NULL;
  int status = 1;

  if (argc != 3) {
    fprintf(stderr, "usage: %s RULESET.yaml ROSTER.csv\n", argv[0]);
    return 2;
  }
  if (fr_ruleset_load_file(argv[1], &ruleset) != FR_OK) {
    return fail("loading the ruleset");
  }
  if (fr_session_new(ruleset, &session) != FR_OK ||
      fr_session_set_as_of(session, "2024-01-20") != FR_OK ||
      fr_session_set_language(session, "en") != FR_OK) {
    status = fail("setting up the session");
    goto done;
  }
  /* The session keeps what it needs of the ruleset: the handle may go now. */
  fr_ruleset_free(ruleset);
  ruleset = NULL;

  if (fr_session_check_csv(session, argv[2], &from_csv) != FR_OK) {
    status = fail("checking the CSV file");
    goto done;
  }
  if (fr_session_check_json(session, kJson, strlen(kJson), &from_json) != FR_OK) {
    status = fail("checking the JSON records");
    goto done;
  }
  if (fr_session_check_columns(session, 5, kNames, 6, kValues, &from_columns) != FR_OK) {
    status = fail("checking the columns");
    goto done;
  }
  if (check_in_parts(session, 0, &incremental) != FR_OK) {
    status = fail("checking in two calls");
    goto done;
  }
  if (check_in_parts(session, 1, &merged) != FR_OK) {
    status = fail("checking two parts and merging them");
    goto done;
  }
  if (!same_result(from_csv, from_json) || !same_result(from_csv, from_columns) ||
      !same_result(from_csv, incremental) || !same_result(from_csv, merged)) {
    fprintf(stderr, "CSV, JSON, columns, two calls and merged parts gave different results\n");
    goto done;
  }
  if (fr_report_json(from_csv) == NULL ||
      strstr(fr_report_json(from_csv), "fundrules.report/1") == NULL) {
    fprintf(stderr, "the JSON report does not name its schema\n");
    goto done;
  }
  print_canonical(from_csv);
  status = 0;

done:
  fr_report_free(merged);
  fr_report_free(incremental);
  fr_report_free(from_columns);
  fr_report_free(from_json);
  fr_report_free(from_csv);
  fr_session_free(session);
  fr_ruleset_free(ruleset);
  return status;
}
