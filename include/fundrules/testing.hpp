#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fundrules/error.hpp"
#include "fundrules/export.hpp"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"

namespace fundrules {

/// A row of a case's `expect_form:` that the form filled from the case's rows did not match.
struct FUNDRULES_API FormRowMismatch {
  std::string code;      ///< the row ("2C")
  std::string expected;  ///< the figure the case expects, or "blank"
  std::string filled;    ///< the figure filling gave, or "blank"
  std::string unit;      ///< the row's unit
  SourceLocation where;  ///< the row's entry in the tests file
};

/// The outcome of one case of a ruleset's tests file (`X.tests.yaml` beside `X.yaml`): the rule
/// ids it expected to fail, those that did, the violations found, and for a case with
/// `expect_form:` the rows whose figures differed.
struct FUNDRULES_API TestCaseResult {
  std::string name;
  SourceLocation where;  ///< the case in its tests file
  /// The failing rule ids are exactly the expected ones (when the case gives expect_fail),
  /// and every row of expect_form has its figure.
  bool passed = false;
  bool judges_failures = true;        ///< false for a case with expect_form and no expect_fail
  std::vector<std::string> expected;  ///< `expect_fail`, sorted
  std::vector<std::string> got;       ///< ids of the rules that failed, sorted
  std::vector<Violation> violations;  ///< everything the check found, in report order
  std::string form_id;                ///< the form of expect_form, or empty
  std::vector<FormRowMismatch> form_mismatches;
};

/// One tests file and its cases. When the file (or the ruleset it names) cannot be read, no
/// case runs and `problems` says why, each problem at its file, line and column.
struct FUNDRULES_API TestFileResult {
  std::string tests_file;
  std::string ruleset_file;  ///< as named by its `ruleset:` key, resolved against its directory
  std::string ruleset_id;
  std::vector<TestCaseResult> cases;
  std::vector<Diagnostic> problems;
};

/// What the cases showed of the rules one ruleset declares. A rule is seen failing when some
/// case's check reported it, and seen passing when some case checked it on a row (or group)
/// where it held.
struct FUNDRULES_API RulesetCoverage {
  std::string ruleset_file;
  std::string ruleset_id;  ///< empty if the ruleset was never loaded (an untested file)
  bool tested = false;     ///< some tests file names this ruleset
  std::size_t rules = 0;   ///< rules the ruleset declares itself (or overrides)
  /// Rules it inherits through `extends:`: those are covered by their own ruleset's tests, and
  /// are not listed in never_failed / never_passed.
  std::size_t inherited_rules = 0;
  std::vector<std::string> never_failed;  ///< rule ids, in ruleset order
  std::vector<std::string> never_passed;  ///< rule ids, in ruleset order

  /// Tested, and every rule seen both failing and passing.
  [[nodiscard]] bool complete() const noexcept {
    return tested && never_failed.empty() && never_passed.empty();
  }
};

/// The result of running tests files.
struct FUNDRULES_API TestRun {
  std::vector<TestFileResult> files;
  std::vector<RulesetCoverage> coverage;  ///< one per ruleset met, tested or not, by file name

  [[nodiscard]] std::size_t cases() const noexcept;
  [[nodiscard]] std::size_t failed_cases() const noexcept;
  /// True when some tests file or its ruleset could not be read.
  [[nodiscard]] bool has_problems() const noexcept;
  /// True when no case failed and nothing could not be read.
  [[nodiscard]] bool passed() const noexcept;
  /// True when every ruleset met is tested and every rule seen failing and passing.
  [[nodiscard]] bool fully_covered() const noexcept;
  /// One line per case (ok / FAIL with what was expected and what failed), then a coverage
  /// line per ruleset and a total. Messages are in `options.language`, personal data masked
  /// unless `options.show_personal_data`.
  [[nodiscard]] std::string to_text(const ReportOptions& options = {}) const;
};

/// Options for running ruleset tests.
struct FUNDRULES_API TestOptions {
  LoadOptions load;  ///< how the rulesets under test are loaded (search path for `extends:`)
};

/// Runs ruleset tests. Each path is a tests file (`*.tests.yaml`), a ruleset (`X.yaml`, whose
/// `X.tests.yaml` beside it is run if there is one), or a directory searched recursively for
/// both; a ruleset that no tests file names is listed as untested. Never throws for a bad tests
/// file or ruleset (see TestFileResult::problems); throws DataError for a path that does not
/// exist.
FUNDRULES_API TestRun run_ruleset_tests(const std::vector<std::string>& paths,
                                        const TestOptions& options = {});

}  // namespace fundrules
