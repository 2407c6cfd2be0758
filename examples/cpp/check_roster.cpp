// check_roster: checks a payment list (CSV) against a ruleset and prints the report.
//
//   check_roster RULESET.yaml ROSTER.csv [--en] [--json] [--as-of 2024-01-20]
//
// Exit status: 0 the list passes, 1 it has errors, 2 no report could be made.
#include <fundrules/fundrules.hpp>

#include <cstring>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0]
              << " RULESET.yaml ROSTER.csv [--en] [--json] [--as-of DATE]\n";
    return 2;
  }
  fundrules::CheckOptions options;          // per call: as-of date, threads
  fundrules::ReportOptions report_options;  // per call: language, masking
  bool json = false;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--en") == 0) {
      report_options.language = "en";
    } else if (std::strcmp(argv[i], "--json") == 0) {
      json = true;
    } else if (std::strcmp(argv[i], "--as-of") == 0 && i + 1 < argc) {
      options.as_of = fundrules::Date::parse(argv[++i]);
    } else {
      std::cerr << "unknown option " << argv[i] << '\n';
      return 2;
    }
  }

  try {
    // Load once; a Ruleset is immutable and may be shared by every thread of the program.
    const fundrules::Ruleset ruleset = fundrules::Ruleset::load_file(argv[1]);
    const fundrules::Report report = fundrules::check_csv(ruleset, argv[2], options);

    std::cout << (json ? report.to_json(report_options) : report.to_text(report_options));
    // The same facts, as a program would use them.
    const auto& summary = report.summary();
    std::cerr << summary.rows << " rows, " << summary.clean << " clean, " << summary.errors
              << " errors, " << summary.warnings << " warnings\n";
    for (const auto& violation : report.violations()) {
      if (violation.severity == fundrules::Severity::Error && !violation.rows.empty()) {
        std::cerr << "first error: rule " << violation.rule_id << " on row "
                  << violation.rows.front() << '\n';
        break;
      }
    }
    return report.ok() ? 0 : 1;
  } catch (const fundrules::RulesetError& e) {
    // Every problem of the ruleset, each with file:line:column.
    for (const auto& diagnostic : e.diagnostics()) {
      std::cerr << diagnostic.to_string() << '\n';
    }
  } catch (const fundrules::Error& e) {
    std::cerr << e.what() << '\n';
  }
  return 2;
}
