#pragma once

// Reading a ruleset's tests file (X.tests.yaml): its cases, each turned into what a check
// needs (a table of rows converted like CSV cells, parameter overrides, an as-of date), the
// rule ids it expects to fail and the figures it expects a form to be filled with. Every problem is
// reported at its line and column.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/forms.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"

namespace fundrules::testing_detail {

/// A row of `expect_form:`: the figure the filled form must give it, or blank.
struct ExpectedFormRow {
  std::string code;
  std::optional<Decimal> value;  ///< nullopt: the row must be left blank
  SourceLocation where;
};

/// One case, ready to check.
struct TestCase {
  std::string name;
  SourceLocation where;
  std::optional<Date> as_of;
  /// The ruleset under test, or a copy of it whose parameters the case overrides.
  std::optional<Ruleset> ruleset;
  Table rows;
  References references;                 ///< the case's `refs:` tables
  std::vector<std::string> expect_fail;  ///< sorted, without duplicates
  bool judges_failures = true;           ///< false: no expect_fail (a form-only case)
  const FormInfo* form = nullptr;        ///< expect_form's form, in `ruleset`; null: none
  std::vector<ExpectedFormRow> expect_form;
};

/// A tests file as read.
struct TestsFile {
  std::string path;
  std::string ruleset_path;  ///< resolved against the tests file's directory
  std::optional<Ruleset> ruleset;
  std::vector<TestCase> cases;
  std::vector<Diagnostic> problems;  ///< when not empty, the cases are not to be run
};

/// Reads the tests file at `path` and loads the ruleset it names with `load`. Never throws for
/// a problem in either file: they go to TestsFile::problems.
TestsFile read_tests_file(const std::string& path, const LoadOptions& load);

}  // namespace fundrules::testing_detail
