// TestRun: its totals and the text `fundrules test` prints.

#include <sstream>

#include "fundrules/testing.hpp"
#include "report/report_format.hpp"

namespace fundrules {

namespace {

std::string joined(const std::vector<std::string>& ids) {
  if (ids.empty()) return "(none)";
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

void write_case(std::ostream& out, const TestCaseResult& test, const ReportOptions& options) {
  if (test.passed) {
    out << "  ok    " << test.name << '\n';
    return;
  }
  out << "  FAIL  " << test.name << " (" << test.where.to_string() << ")\n";
  for (const FormRowMismatch& row : test.form_mismatches) {
    out << "        form " << test.form_id << " row " << row.code << ": expected " << row.expected
        << ", filled " << row.filled << (row.unit.empty() ? "" : " (" + row.unit + ")") << " ("
        << row.where.to_string() << ")\n";
  }
  if (test.judges_failures) {
    out << "        expected to fail: " << joined(test.expected) << '\n';
  }
  out << "        failed:           " << joined(test.got) << '\n';
  for (const Violation& violation : test.violations) {
    out << "        ";
    if (!violation.rows.empty()) {
      out << (violation.rows.size() == 1 ? "row " : "rows ");
      for (std::size_t i = 0; i < violation.rows.size(); ++i) {
        out << (i > 0 ? "," : "") << violation.rows[i];
      }
      out << ' ';
    }
    out << violation.rule_id << ": " << report_detail::message_in(violation, options);
    if (!violation.detail.empty()) out << " [" << violation.detail << ']';
    out << '\n';
  }
}

void write_coverage(std::ostream& out, const RulesetCoverage& coverage) {
  if (!coverage.tested) {
    out << "untested: " << coverage.ruleset_file << " has no tests file\n";
    return;
  }
  out << "coverage " << coverage.ruleset_id << " (" << coverage.ruleset_file
      << "): " << coverage.rules << " rules";
  if (coverage.inherited_rules > 0) {
    out << " (and " << coverage.inherited_rules << " inherited, covered by their ruleset's tests)";
  }
  if (coverage.complete()) {
    out << ", each seen failing and passing\n";
    return;
  }
  out << "; never failing: " << joined(coverage.never_failed)
      << "; never passing: " << joined(coverage.never_passed) << '\n';
}

}  // namespace

std::size_t TestRun::cases() const noexcept {
  std::size_t count = 0;
  for (const TestFileResult& file : files) count += file.cases.size();
  return count;
}

std::size_t TestRun::failed_cases() const noexcept {
  std::size_t count = 0;
  for (const TestFileResult& file : files) {
    for (const TestCaseResult& test : file.cases) count += test.passed ? 0 : 1;
  }
  return count;
}

bool TestRun::has_problems() const noexcept {
  for (const TestFileResult& file : files) {
    if (!file.problems.empty()) return true;
  }
  return false;
}

bool TestRun::passed() const noexcept { return !has_problems() && failed_cases() == 0; }

bool TestRun::fully_covered() const noexcept {
  for (const RulesetCoverage& ruleset : coverage) {
    if (!ruleset.complete()) return false;
  }
  return true;
}

std::string TestRun::to_text(const ReportOptions& options) const {
  std::ostringstream out;
  for (const TestFileResult& file : files) {
    out << file.tests_file;
    if (!file.ruleset_id.empty()) out << " (" << file.ruleset_id << ')';
    out << '\n';
    for (const Diagnostic& problem : file.problems) out << "  " << problem.to_string() << '\n';
    for (const TestCaseResult& test : file.cases) write_case(out, test, options);
  }
  std::size_t gaps = 0;
  for (const RulesetCoverage& ruleset : coverage) {
    write_coverage(out, ruleset);
    gaps += ruleset.complete() ? 0 : 1;
  }
  const std::size_t failed = failed_cases();
  out << cases() << (cases() == 1 ? " case: " : " cases: ") << cases() - failed << " passed, "
      << failed << " failed";
  std::size_t unreadable = 0;
  for (const TestFileResult& file : files) unreadable += file.problems.empty() ? 0 : 1;
  if (unreadable > 0) {
    out << "; " << unreadable << (unreadable == 1 ? " tests file" : " tests files")
        << " could not be run";
  }
  out << "; " << coverage.size() << (coverage.size() == 1 ? " ruleset, " : " rulesets, ") << gaps
      << " with coverage gaps\n";
  return out.str();
}

}  // namespace fundrules
