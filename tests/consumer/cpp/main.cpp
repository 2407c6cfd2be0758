// A host program as a finance application would write it: load a ruleset, check a roster, and
// print the outcome in a canonical form that every consumer test compares with one expected
// file. It includes only <fundrules/fundrules.hpp>.
#include <fundrules/fundrules.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

namespace {

// One line of totals, then one line per violation: rule, severity, rows.
void print_canonical(const fundrules::Report& report) {
  const auto& s = report.summary();
  std::cout << "ok=" << (report.ok() ? 1 : 0) << " rows=" << s.rows << " clean=" << s.clean
            << " with_violations=" << s.with_violations << " unreadable=" << s.unreadable
            << " errors=" << s.errors << " warnings=" << s.warnings << '\n';
  for (const auto& violation : report.violations()) {
    std::cout << violation.rule_id << ' ' << fundrules::to_string(violation.severity);
    for (const auto row : violation.rows) {
      std::cout << ' ' << row;
    }
    std::cout << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " RULESET.yaml ROSTER.csv\n";
    return 2;
  }
  try {
    const auto ruleset = fundrules::Ruleset::load_file(argv[1]);
    fundrules::CheckOptions options;
    options.as_of = fundrules::Date::parse("2024-01-20");
    const auto report = fundrules::check_csv(ruleset, argv[2], options);
    // The JSON must at least name its schema; hosts store it as the audit record.
    if (report.to_json().find("fundrules.report/1") == std::string::npos) {
      std::cerr << "the JSON report does not name its schema\n";
      return 1;
    }
    if (std::string(FUNDRULES_VERSION_STRING) != report.summary().fundrules_version) {
      std::cerr << "header version " << FUNDRULES_VERSION_STRING << " but library version "
                << report.summary().fundrules_version << '\n';
      return 1;
    }
    print_canonical(report);
  } catch (const fundrules::RulesetError& e) {
    for (const auto& diagnostic : e.diagnostics()) {
      std::cerr << diagnostic.to_string() << '\n';
    }
    return 1;
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
  return 0;
}
