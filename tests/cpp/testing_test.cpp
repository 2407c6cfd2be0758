// Ruleset tests (X.tests.yaml): cases pass and fail as their expect_fail says, parameters can
// be overridden per case, problems are placed at their line and column, and coverage names
// the rules no case saw failing or passing.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fundrules/engine.hpp"
#include "fundrules/testing.hpp"

using fundrules::RulesetCoverage;
using fundrules::TestCaseResult;
using fundrules::TestRun;

namespace {

const std::string kData = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/testing/";

const TestCaseResult& case_named(const TestRun& run, const std::string& name) {
  for (const auto& file : run.files) {
    for (const auto& test : file.cases) {
      if (test.name == name) return test;
    }
  }
  FAIL("no case named " << name);
  throw std::logic_error("unreachable");
}

const RulesetCoverage& coverage_of(const TestRun& run, const std::string& file_suffix) {
  for (const auto& coverage : run.coverage) {
    const auto& file = coverage.ruleset_file;
    if (file.size() >= file_suffix.size() &&
        file.compare(file.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0) {
      return coverage;
    }
  }
  FAIL("no coverage for " << file_suffix);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("cases pass when exactly the expected rules fail") {
  const TestRun run = fundrules::run_ruleset_tests({kData + "small.tests.yaml"});
  REQUIRE(run.files.size() == 1);
  CHECK(run.files[0].ruleset_id == "test.small");
  CHECK(run.files[0].problems.empty());
  CHECK(run.cases() == 5);
  CHECK(case_named(run, "clean").passed);
  CHECK(case_named(run, "over the cap").passed);
  CHECK(case_named(run, "household short").passed);
  CHECK(case_named(run, "household short").got == std::vector<std::string>{"household.min"});

  const TestCaseResult& wrong = case_named(run, "wrong on purpose");
  CHECK_FALSE(wrong.passed);
  CHECK(wrong.expected.empty());
  CHECK(wrong.got == std::vector<std::string>{"frontline.cap"});
  REQUIRE(wrong.violations.size() == 1);
  CHECK(wrong.violations[0].message_zh == "超过500元");
  CHECK(wrong.where.line == 22);
  CHECK(run.failed_cases() == 1);
  CHECK_FALSE(run.passed());

  const std::string text = run.to_text();
  CHECK(text.find("  ok    clean\n") != std::string::npos);
  CHECK(text.find("  FAIL  wrong on purpose (") != std::string::npos);
  CHECK(text.find("failed:           frontline.cap") != std::string::npos);
  CHECK(text.find("5 cases: 4 passed, 1 failed") != std::string::npos);
}

TEST_CASE("a case's params override the ruleset's for that case only") {
  const TestRun run = fundrules::run_ruleset_tests({kData + "small.tests.yaml"});
  CHECK(case_named(run, "a raised cap lets it pass").passed);
  CHECK(case_named(run, "a raised cap lets it pass").got.empty());
  // The case after it still sees the ruleset's own cap of 500.
  CHECK(case_named(run, "wrong on purpose").got == std::vector<std::string>{"frontline.cap"});
}

TEST_CASE("coverage names the rules never seen failing and never seen passing") {
  const TestRun run = fundrules::run_ruleset_tests({kData + "small.tests.yaml"});
  const RulesetCoverage& coverage = coverage_of(run, "small.yaml");
  CHECK(coverage.tested);
  CHECK(coverage.rules == 3);
  CHECK(coverage.never_failed == std::vector<std::string>{"never.applies"});
  CHECK(coverage.never_passed == std::vector<std::string>{"never.applies"});
  CHECK_FALSE(coverage.complete());
  CHECK_FALSE(run.fully_covered());
  CHECK(run.to_text().find("never failing: never.applies; never passing: never.applies") !=
        std::string::npos);
}

TEST_CASE("a ruleset given by name brings its tests file; one without is untested") {
  const TestRun run = fundrules::run_ruleset_tests({kData + "small.yaml", kData + "untested.yaml"});
  CHECK(run.files.size() == 1);
  CHECK_FALSE(coverage_of(run, "untested.yaml").tested);
  CHECK(run.to_text().find("untested: ") != std::string::npos);
}

TEST_CASE("a directory is searched for tests files and rulesets") {
  const TestRun run = fundrules::run_ruleset_tests({kData});
  // bad/broken.tests.yaml, broken.tests.yaml and small.tests.yaml
  CHECK(run.files.size() == 3);
  // small.yaml and untested.yaml; bad/broken.yaml does not load, as reported in its file
  CHECK(run.coverage.size() == 2);
  CHECK(run.has_problems());
}

TEST_CASE("problems in a tests file are reported at their line and column; no case runs") {
  const TestRun run = fundrules::run_ruleset_tests({kData + "broken.tests.yaml"});
  REQUIRE(run.files.size() == 1);
  const auto& problems = run.files[0].problems;
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].where.line == 5);
  CHECK(problems[0].where.column == 19);
  CHECK(problems[0].message.find("no field 'amout' (did you mean 'amount'?)") != std::string::npos);
  CHECK(problems[1].where.line == 6);
  CHECK(problems[1].message.find("no rule 'frontline.capp'") != std::string::npos);
  CHECK(run.cases() == 0);
  CHECK(run.has_problems());
  CHECK_FALSE(run.passed());
}

TEST_CASE("a ruleset that does not load is reported with its own problems") {
  const TestRun run = fundrules::run_ruleset_tests({kData + "bad/broken.tests.yaml"});
  REQUIRE(run.files.size() == 1);
  const auto& problems = run.files[0].problems;
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].where.file.find("broken.tests.yaml") != std::string::npos);
  CHECK(problems[0].where.line == 1);
  CHECK(problems[0].message.find("does not load; its problems follow") != std::string::npos);
  CHECK(problems[1].where.file.find("broken.yaml") != std::string::npos);
  CHECK(problems[1].where.line == 8);
  CHECK(problems[1].message.find("amont") != std::string::npos);
  CHECK(run.cases() == 0);
  // Its tests file names it: not "untested", though nothing of it could be checked.
  CHECK(run.coverage.empty());
}

TEST_CASE("a path that does not exist is an error") {
  CHECK_THROWS_AS(fundrules::run_ruleset_tests({kData + "nothing-here"}), fundrules::DataError);
}

TEST_CASE("the report counts how often each rule was checked and failed") {
  const auto ruleset = fundrules::Ruleset::load_file(kData + "small.yaml");
  fundrules::Column name("name", fundrules::ValueType::String);
  fundrules::Column amount("amount", fundrules::ValueType::Decimal);
  fundrules::Column household("household_id", fundrules::ValueType::String);
  fundrules::Column category("category", fundrules::ValueType::String);
  const auto row = [&](const char* n, const char* a, const char* h, const char* c) {
    name.append_string(n);
    amount.append_decimal(fundrules::Decimal::parse(a));
    household.append_string(h);
    category.append_string(c);
  };
  row("甲", "600", "H0", "frontline");
  row("乙", "400", "H0", "frontline");
  row("丙", "300", "H1", "hardship");
  row("丁", "300", "H1", "hardship");
  row("戊", "100", "H2", "hardship");
  const fundrules::Table table({name, amount, household, category});
  const auto report = fundrules::check(ruleset, table);
  const auto& stats = report.summary().rule_stats;
  REQUIRE(stats.size() == 3);
  CHECK(stats[0].rule_id == "frontline.cap");
  CHECK(stats[0].checked == 2);
  CHECK(stats[0].failed == 1);
  CHECK(stats[0].origin == "test.small");
  CHECK(stats[1].rule_id == "household.min");
  CHECK(stats[1].checked == 2);  // households H1 and H2
  CHECK(stats[1].failed == 1);
  CHECK(stats[2].checked == 0);
  CHECK(stats[2].failed == 0);
}

TEST_CASE("a case's refs: are the reference tables of its check") {
  const std::string dir = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/testing-refs/";
  const TestRun run = fundrules::run_ruleset_tests({dir + "refs.tests.yaml"});
  INFO(run.to_text());
  CHECK(run.passed());
  CHECK(run.cases() == 2);
  CHECK(run.fully_covered());

  const TestRun missing = fundrules::run_ruleset_tests({dir + "missing.tests.yaml"});
  REQUIRE(missing.files.size() == 1);
  REQUIRE(missing.files[0].problems.size() == 1);
  CHECK(missing.files[0].problems[0].where.line == 3);
  CHECK(missing.files[0].problems[0].message.find("needs reference 'registry'") !=
        std::string::npos);
}
