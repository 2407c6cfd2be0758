/* check_roster_c: checks a payment list through the fundrules C API and prints each
 * violation, then the JSON report.
 *
 *   check_roster_c RULESET.yaml ROSTER.csv [--en] [--as-of 2024-01-20]
 *                  [--encoding auto|utf-8|gb18030]
 *
 * Exit status: 0 the list passes, 1 it has errors, 2 no report could be made. */
#include <fundrules/fundrules.h>

#include <stdio.h>
#include <string.h>

/* Prints why the last call of this thread failed, with every located diagnostic. */
static int report_failure(const char* what) {
  size_t i;
  fprintf(stderr, "%s failed (status %d)\n", what, (int)fr_last_error_status());
  if (fr_last_error_diagnostic_count() == 0) {
    fprintf(stderr, "  %s\n", fr_last_error_message());
  }
  for (i = 0; i < fr_last_error_diagnostic_count(); ++i) {
    fprintf(stderr, "  %s:%d:%d: %s\n", fr_last_error_diagnostic_file(i),
            fr_last_error_diagnostic_line(i), fr_last_error_diagnostic_column(i),
            fr_last_error_diagnostic_message(i));
  }
  return 2;
}

int main(int argc, char** argv) {
  fr_ruleset* ruleset = NULL;
  fr_session* session = NULL;
  fr_report* report = NULL;
  int exit_status = 2;
  int i;
  size_t v;

  if (argc < 3) {
    fprintf(stderr, "usage: %s RULESET.yaml ROSTER.csv [--en] [--as-of DATE] [--encoding ENC]\n",
            argv[0]);
    return 2;
  }
  printf("fundrules %s\n", fr_version());

  /* A ruleset is loaded once and may then be shared by any number of threads. */
  if (fr_ruleset_load_file(argv[1], &ruleset) != FR_OK) {
    return report_failure("loading the ruleset");
  }
  /* A session holds the per-caller options; use one per thread. */
  if (fr_session_new(ruleset, &session) != FR_OK) {
    exit_status = report_failure("making a session");
    goto done;
  }
  for (i = 3; i < argc; ++i) {
    fr_status status = FR_OK;
    if (strcmp(argv[i], "--en") == 0) {
      status = fr_session_set_language(session, "en");
    } else if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc) {
      status = fr_session_set_as_of(session, argv[++i]);
    } else if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc) {
      /* By default UTF-8 or GB18030 is detected, as the CLI does. */
      status = fr_session_set_encoding(session, argv[++i]);
    } else {
      fprintf(stderr, "unknown option %s\n", argv[i]);
      goto done;
    }
    if (status != FR_OK) {
      fprintf(stderr, "%s\n", fr_session_last_error(session));
      goto done;
    }
  }

  if (fr_session_check_csv(session, argv[2], &report) != FR_OK) {
    exit_status = report_failure("checking the list");
    goto done;
  }
  printf("%lld rows, %lld clean, %lld errors, %lld warnings\n",
         (long long)fr_report_count(report, FR_COUNT_ROWS),
         (long long)fr_report_count(report, FR_COUNT_CLEAN),
         (long long)fr_report_count(report, FR_COUNT_ERRORS),
         (long long)fr_report_count(report, FR_COUNT_WARNINGS));
  for (v = 0; v < fr_report_violation_count(report); ++v) {
    size_t r;
    printf("%-8s %-24s rows",
           fr_violation_severity(report, v) == FR_SEVERITY_WARNING ? "warning" : "error",
           fr_violation_rule_id(report, v));
    /* A rule over the whole list concerns no single row. */
    for (r = 0; r < fr_violation_row_count(report, v); ++r) {
      printf(" %lld", (long long)fr_violation_row(report, v, r));
    }
    printf(": %s\n", fr_violation_message(report, v));
  }
  /* The whole report as JSON (the schema `fundrules check --format json` writes). */
  printf("%s\n", fr_report_json(report));
  exit_status = fr_report_ok(report) ? 0 : 1;

done:
  /* Every handle is freed by its own function; freeing NULL is allowed. */
  fr_report_free(report);
  fr_session_free(session);
  fr_ruleset_free(ruleset);
  return exit_status;
}
