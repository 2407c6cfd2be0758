// Ruleset tests (X.tests.yaml): cases pass and fail as their expect_fail (and expect_form)
// say, parameters can
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

TEST_CASE("expect_form: the form filled from a case's rows must give each listed figure") {
  const std::string dir = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/testing-forms/";
  const TestRun run = fundrules::run_ruleset_tests({dir + "forms.tests.yaml"});
  REQUIRE_FALSE(run.has_problems());
  REQUIRE(run.cases() == 2);

  // Figures are compared as decimals (0.120 万元 is 1,200元), a blank row only with blank, and
  // expect_fail is judged as well.
  const TestCaseResult& agree = case_named(run, "表格与名单一致");
  CHECK(agree.passed);
  CHECK(agree.judges_failures);
  CHECK(agree.form_id == "paid");
  CHECK(agree.form_mismatches.empty());
  CHECK(agree.got == std::vector<std::string>{"frontline.cap"});

  // Without expect_fail only the form is judged; each row that differs is named with both
  // figures, its unit and its place in the tests file.
  const TestCaseResult& differ = case_named(run, "表格与名单不一致");
  CHECK_FALSE(differ.passed);
  CHECK_FALSE(differ.judges_failures);
  CHECK(differ.form_id == "paid");  // the ruleset's only form
  REQUIRE(differ.form_mismatches.size() == 2);
  CHECK(differ.form_mismatches[0].code == "1A");
  CHECK(differ.form_mismatches[0].expected == "2");
  CHECK(differ.form_mismatches[0].filled == "1");
  CHECK(differ.form_mismatches[0].unit == "户");
  CHECK(differ.form_mismatches[0].where.line == 16);
  CHECK(differ.form_mismatches[1].code == "3A");  // 2B: 300 agrees and is not listed
  CHECK(differ.form_mismatches[1].expected == "5");
  CHECK(differ.form_mismatches[1].filled == "blank");
  CHECK(run.failed_cases() == 1);

  const std::string text = run.to_text();
  CHECK(text.find("form paid row 1A: expected 2, filled 1 (户)") != std::string::npos);
  CHECK(text.find("form paid row 3A: expected 5, filled blank (家)") != std::string::npos);
  CHECK(text.find("expected to fail") == std::string::npos);  // neither case failed on rules
}

TEST_CASE("mistakes in expect_form are placed at their line and column") {
  const std::string dir = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/testing-forms/";
  const TestRun run = fundrules::run_ruleset_tests({dir + "broken.tests.yaml"});
  REQUIRE(run.files.size() == 1);
  const auto& problems = run.files[0].problems;
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].where.line == 7);
  CHECK(problems[0].message.find("no form 'payd'; it has paid") != std::string::npos);
  CHECK(problems[1].where.line == 12);
  CHECK(problems[1].where.column == 14);
  CHECK(problems[1].message.find("form 'paid' has no row '1C' (did you mean '1A'?)") !=
        std::string::npos);
  CHECK(problems[2].where.column == 25);
  CHECK(problems[2].message.find("'三百' is neither a figure nor blank") != std::string::npos);
  CHECK(run.cases() == 0);
  CHECK_FALSE(run.passed());
}

TEST_CASE("YAML anchors, aliases and empty files are refused as a tests file's problems") {
  const std::string dir = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/testing-yaml/";
  const TestRun anchored = fundrules::run_ruleset_tests({dir + "anchored.tests.yaml"});
  REQUIRE(anchored.files.size() == 1);
  const auto& problems = anchored.files[0].problems;
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].where.line == 5);
  CHECK(problems[0].message ==
        "YAML anchors (&name) are not allowed in a tests file; write the value out");
  CHECK(problems[1].where.line == 9);
  CHECK(problems[1].message ==
        "YAML aliases (*name) are not allowed in a tests file; write the value out");
  CHECK(anchored.cases() == 0);
  CHECK_FALSE(anchored.passed());

  const TestRun empty = fundrules::run_ruleset_tests({dir + "empty.tests.yaml"});
  REQUIRE(empty.files.size() == 1);
  REQUIRE(empty.files[0].problems.size() == 1);
  CHECK(empty.files[0].problems[0].message == "the tests file is empty");
}
