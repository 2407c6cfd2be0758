// Running ruleset tests: finding the tests files and rulesets under the paths given, checking
// each case, and adding up which rules the cases saw failing and passing.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "fundrules/engine.hpp"
#include "fundrules/forms.hpp"
#include "fundrules/testing.hpp"
#include "testing/tests_file.hpp"

namespace fundrules {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTestsSuffix = ".tests.yaml";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(path, ec);
  return ec ? path : resolved.string();
}

// A YAML file is taken for a ruleset when it declares its format, as every ruleset must; other
// YAML files that may sit among rulesets (data, configuration) are left alone.
bool looks_like_ruleset(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("fundrules:", 0) == 0) return true;
  }
  return false;
}

// The files the paths name, in a stable order: tests files and rulesets.
struct Found {
  std::vector<std::string> tests_files;
  std::vector<std::string> rulesets;
  std::set<std::string> seen;  // canonical paths

  void add(const std::string& path) {
    if (!seen.insert(canonical(path)).second) return;
    if (ends_with(path, kTestsSuffix)) {
      tests_files.push_back(path);
    } else if ((ends_with(path, ".yaml") || ends_with(path, ".yml")) && looks_like_ruleset(path)) {
      rulesets.push_back(path);
    }
  }
};

Found find_files(const std::vector<std::string>& paths) {
  Found found;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      throw DataError(SourceLocation{path, 0, 0}, "no such file or directory");
    }
    if (fs::is_directory(status)) {
      std::vector<std::string> files;
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
      for (const std::string& file : files) found.add(file);
      continue;
    }
    if (ends_with(path, kTestsSuffix)) {
      found.add(path);
      continue;
    }
    // A ruleset named on its own brings its tests file along.
    found.add(path);
    const fs::path self(path);
    const fs::path tests = self.parent_path() / (self.stem().string() + std::string(kTestsSuffix));
    if (fs::is_regular_file(tests, ec)) found.add(tests.string());
  }
  return found;
}

// What the cases of one ruleset have shown so far.
struct Tally {
  std::string file;
  std::string id;
  std::vector<std::string> rules;  // its own, in ruleset order
  std::size_t inherited = 0;
  std::set<std::string> failed;
  std::set<std::string> passed;
};

// The rows of the case's expect_form whose figure the filled form does not give: compared as
// decimals (0.47 and 0.470 agree), a blank row only with blank.
std::vector<FormRowMismatch> form_mismatches(const testing_detail::TestCase& test,
                                             const FilledForm& filled) {
  std::vector<FormRowMismatch> out;
  for (const testing_detail::ExpectedFormRow& expected : test.expect_form) {
    const FormEntry* entry = filled.find(expected.code);
    const std::optional<Decimal> got = entry != nullptr ? entry->value : std::nullopt;
    if (got.has_value() == expected.value.has_value() && (!got || *got == *expected.value)) {
      continue;
    }
    FormRowMismatch mismatch;
    mismatch.code = expected.code;
    mismatch.expected = expected.value ? expected.value->to_string() : "blank";
    mismatch.filled = got ? got->to_string() : "blank";
    mismatch.unit = entry != nullptr ? entry->unit : std::string();
    mismatch.where = expected.where;
    out.push_back(std::move(mismatch));
  }
  return out;
}

TestCaseResult run_case(testing_detail::TestCase& test, const std::string& tests_file,
                        Tally& tally) {
  CheckOptions options;
  options.as_of = test.as_of;
  options.input_name = tests_file + ": " + test.name;
  options.references = test.references;
  TestCaseResult result;
  result.name = test.name;
  result.where = test.where;
  result.judges_failures = test.judges_failures;
  result.expected = test.expect_fail;
  // A form is filled by the same check that finds the violations, so one pass gives both.
  std::optional<FormFill> fill;
  if (test.form != nullptr) {
    fill = fill_form(*test.ruleset, *test.form, test.rows, options);
    result.form_id = test.form->id;
    result.form_mismatches = form_mismatches(test, fill->form);
  }
  const Report report = fill ? std::move(fill->report) : check(*test.ruleset, test.rows, options);

  for (const Violation& violation : report.violations()) result.got.push_back(violation.rule_id);
  std::sort(result.got.begin(), result.got.end());
  result.got.erase(std::unique(result.got.begin(), result.got.end()), result.got.end());
  result.passed =
      (!test.judges_failures || result.got == result.expected) && result.form_mismatches.empty();
  result.violations = report.violations();

  for (const RuleStat& stat : report.summary().rule_stats) {
    if (stat.failed > 0) tally.failed.insert(stat.rule_id);
    if (stat.checked > stat.failed) tally.passed.insert(stat.rule_id);
  }
  return result;
}

}  // namespace

TestRun run_ruleset_tests(const std::vector<std::string>& paths, const TestOptions& options) {
  const Found found = find_files(paths);
  TestRun run;
  std::map<std::string, Tally> tallies;  // by the ruleset's canonical path
  std::set<std::string> named;           // rulesets some tests file names, loaded or not
  for (const std::string& path : found.tests_files) {
    testing_detail::TestsFile file = testing_detail::read_tests_file(path, options.load);
    TestFileResult result;
    result.tests_file = path;
    result.ruleset_file = file.ruleset_path;
    result.problems = std::move(file.problems);
    if (!file.ruleset_path.empty()) named.insert(canonical(file.ruleset_path));
    if (file.ruleset) {
      result.ruleset_id = file.ruleset->id();
      Tally& tally = tallies[canonical(file.ruleset_path)];
      if (tally.file.empty()) {
        tally.file = file.ruleset_path;
        tally.id = file.ruleset->id();
        // A rule inherited through `extends:` is covered by its own ruleset's tests.
        for (const RuleInfo& rule : file.ruleset->rules()) {
          if (rule.origin == tally.id) {
            tally.rules.push_back(rule.id);
          } else {
            ++tally.inherited;
          }
        }
      }
      if (result.problems.empty()) {
        for (auto& test : file.cases) result.cases.push_back(run_case(test, path, tally));
      }
    }
    run.files.push_back(std::move(result));
  }

  for (const auto& entry : tallies) {
    const Tally& tally = entry.second;
    RulesetCoverage coverage;
    coverage.ruleset_file = tally.file;
    coverage.ruleset_id = tally.id;
    coverage.tested = true;
    coverage.rules = tally.rules.size();
    coverage.inherited_rules = tally.inherited;
    for (const std::string& rule : tally.rules) {
      if (tally.failed.count(rule) == 0) coverage.never_failed.push_back(rule);
      if (tally.passed.count(rule) == 0) coverage.never_passed.push_back(rule);
    }
    run.coverage.push_back(std::move(coverage));
  }
  for (const std::string& ruleset : found.rulesets) {
    if (named.count(canonical(ruleset)) > 0) continue;
    RulesetCoverage untested;
    untested.ruleset_file = ruleset;
    run.coverage.push_back(std::move(untested));
  }
  std::sort(run.coverage.begin(), run.coverage.end(),
            [](const RulesetCoverage& a, const RulesetCoverage& b) {
              return a.ruleset_file < b.ruleset_file;
            });
  return run;
}

}  // namespace fundrules
