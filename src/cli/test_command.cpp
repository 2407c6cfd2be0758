// fundrules test: run the cases of rulesets' tests files and report what they covered.

#include <iostream>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "fundrules/testing.hpp"

namespace fundrules::cli {

const char* const kTestHelp =
    R"(Usage: fundrules test [options] PATH...

Runs ruleset tests. A PATH is a tests file (X.tests.yaml), a ruleset (X.yaml,
whose X.tests.yaml beside it is run), or a directory searched recursively for
both. Each case checks its rows and compares the rules that failed with its
expect_fail list. Then one coverage line per ruleset names the rules no case
saw failing and those no case saw passing; a ruleset without a tests file is
listed as untested.

Options:
  --require-coverage      a coverage gap or an untested ruleset is a failure
  --lang zh|en            language of the violations' messages (default zh)
  --show-personal-data    do not mask personal data in messages
  -h, --help              print this help

Exit status: 0 every case passed (and, with --require-coverage, every rule was
seen failing and passing), 1 a case failed (or coverage is missing), 2 bad
usage, or a tests file or its ruleset could not be read.
)";

int run_test(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {{"require-coverage", false},
                                         {"lang", true},
                                         {"show-personal-data", false},
                                         {"help", false, 'h'}};
  const ParsedArgs parsed = parse_args("test", specs, args);
  if (parsed.has("help")) {
    out << kTestHelp;
    return kExitOk;
  }
  if (parsed.positionals().empty()) {
    throw UsageError("fundrules test: name the tests files, rulesets or directories to test");
  }
  ReportOptions report;
  if (const auto lang = parsed.value("lang")) {
    if (*lang != "zh" && *lang != "en") {
      throw UsageError("fundrules test: --lang is zh or en, not '" + *lang + "'");
    }
    report.language = *lang;
  }
  report.show_personal_data = parsed.has("show-personal-data");

  TestRun run;
  try {
    run = run_ruleset_tests(parsed.positionals());
  } catch (const DataError& error) {
    err << error.what() << '\n';
    return kExitNoReport;
  }
  out << run.to_text(report);
  out.flush();
  if (run.has_problems()) return kExitNoReport;
  if (run.failed_cases() > 0) return kExitFailed;
  if (parsed.has("require-coverage") && !run.fully_covered()) {
    err << "fundrules test: --require-coverage: some rules were not seen both failing and "
           "passing, or some rulesets have no tests\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace fundrules::cli
