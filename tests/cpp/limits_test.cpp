// Every input bound stated in docs/limits.md, tested at its edge: the largest allowed input is
// accepted and one step past it gives the documented error (never a crash, a hang or a silent
// truncation).

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "expr/expr.hpp"
#include "expr/regex.hpp"
#include "fundrules/csv.hpp"
#include "fundrules/decimal.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/ruleset.hpp"

using fundrules::Ruleset;
using fundrules::RulesetError;

namespace {

const std::string kHead =
    "fundrules: 1\n"
    "id: test.limits\n"
    "title: {zh: 界限, en: Limits}\n";
const std::string kFields = "fields:\n  amount: {type: money}\n";
const std::string kRule =
    "rules:\n"
    "  - id: positive\n"
    "    check: amount > 0\n"
    "    message: {zh: 金额须为正, en: amount must be positive}\n";

/// The messages of all load errors of `yaml`, one a line ("" if it loads).
std::string load_errors(const std::string& yaml) {
  try {
    (void)Ruleset::load_string(yaml, "limits.yaml");
    return "";
  } catch (const RulesetError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) {
      all += d.message + "\n";
    }
    return all;
  }
}

/// A ruleset with `count` rules whose checks are `check`.
std::string with_rules(std::size_t count, const std::string& check = "amount > 0") {
  std::string yaml = kHead + kFields + "rules:\n";
  for (std::size_t i = 0; i < count; ++i) {
    yaml += "  - {id: r" + std::to_string(i) + ", check: \"" + check + "\", message: m}\n";
  }
  return yaml;
}

}  // namespace

TEST_CASE("a ruleset file is at most 1 MiB", "[limits]") {
  const std::string base = kHead + kFields + kRule;
  CHECK(load_errors(base + "#" + std::string((1u << 20) - base.size() - 2, 'x') + "\n").empty());
  CHECK_THAT(load_errors(base + "#" + std::string(1u << 20, 'x') + "\n"),
             Catch::Contains("a ruleset may be at most 1048576"));
}

TEST_CASE("YAML nesting is at most 16 levels", "[limits]") {
  std::string deep = "x";
  for (int i = 0; i < 17; ++i) {
    deep = "[" + deep + "]";
  }
  CHECK_THAT(load_errors(kHead + kFields + kRule + "basis: " + deep + "\n"),
             Catch::Contains("nesting deeper than 16"));
}

TEST_CASE("YAML anchors and aliases are refused: no alias explosion", "[limits]") {
  const std::string bomb = kHead + kFields + kRule +
                           "x1: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                           "x2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                           "x3: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
  CHECK_THAT(load_errors(bomb), Catch::Contains("YAML aliases (*name) are not allowed"));
}

TEST_CASE("counts of rules, fields and parameters are bounded", "[limits]") {
  CHECK(load_errors(with_rules(2048)).empty());
  CHECK_THAT(load_errors(with_rules(2049)),
             Catch::Contains("the ruleset declares 2049 rules; at most 2048 are allowed"));

  std::string fields = kHead + "fields:\n";
  for (int i = 0; i < 257; ++i) {
    fields += "  f" + std::to_string(i) + ": {type: money}\n";
  }
  CHECK_THAT(load_errors(fields + "  amount: {type: money}\n" + kRule),
             Catch::Contains("fields; at most 256 are allowed"));

  std::string params = kHead + kFields + "params:\n";
  for (int i = 0; i < 513; ++i) {
    params += "  p" + std::to_string(i) + ": {type: money, value: 1}\n";
  }
  CHECK_THAT(load_errors(params + kRule),
             Catch::Contains("the ruleset declares 513 parameters; at most 512 are allowed"));
}

TEST_CASE("expression length and depth are bounded, in rulesets too", "[limits]") {
  // A long string literal keeps the tree shallow, so only the length counts.
  const std::string head = "amount > 0 && '";
  const std::string tail = "' != ''";
  CHECK(load_errors(with_rules(1, head + std::string(4096 - 30, 'x') + tail)).empty());
  CHECK_THAT(load_errors(with_rules(1, head + std::string(4096, 'x') + tail)),
             Catch::Contains("more than the limit of 4096"));

  const std::string deep = std::string(65, '(') + "amount" + std::string(65, ')') + " > 0";
  CHECK_THAT(load_errors(with_rules(1, deep)), Catch::Contains("64 levels"));
  const std::string fine = std::string(60, '(') + "amount" + std::string(60, ')') + " > 0";
  CHECK(load_errors(with_rules(1, fine)).empty());
}

TEST_CASE("a bad or oversized regular expression is a load error at its line", "[limits]") {
  fundrules::expr::RegexError error;
  CHECK_FALSE(fundrules::expr::Regex::compile(std::string(1001, 'a'), error));
  std::string yaml =
      kHead + "fields:\n  amount: {type: money}\n  name: {type: string}\n" +
      "rules:\n  - {id: ok, check: amount > 0, message: m}\n" +
      "  - id: pattern\n    check: name.matches('(a{1000}){1000}')\n    message: m\n";
  try {
    (void)Ruleset::load_string(yaml, "limits.yaml");
    FAIL("the ruleset loaded");
  } catch (const RulesetError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const auto& d = e.diagnostics().front();
    CHECK_THAT(d.message, Catch::Contains("pattern too large"));
    CHECK(d.where.line == 10);
    CHECK(d.where.column > 12);
  }
}

TEST_CASE("a CSV row is at most max_record_bytes and max_fields; the rows after it are read",
          "[limits]") {
  fundrules::Schema schema =
      Ruleset::load_string(
          kHead + "fields:\n  amount: {type: money}\n  name: {type: string}\n" + kRule,
          "limits.yaml")
          .schema();
  fundrules::CsvOptions options;
  options.max_record_bytes = 64;
  options.max_fields = 4;
  const std::string text =
      "amount,name\n"
      "1," +
      std::string(100, 'x') +
      "\n"
      "2,b,c,d,e,f\n"
      "3,fine\n";
  fundrules::CsvReader reader(std::make_unique<std::istringstream>(text), "limits.csv", schema,
                              options);
  std::size_t rows = 0;
  std::vector<std::string> problems;
  fundrules::CsvBatch batch;
  while (reader.next(batch)) {
    rows += batch.table.num_rows();
    for (const auto& p : batch.problems) {
      problems.push_back(p.message);
    }
  }
  CHECK(rows == 1);
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0], Catch::Contains("longer than 64 bytes"));
  CHECK_THAT(problems[1], Catch::Contains("more than 4 cells"));
}

TEST_CASE("a decimal has at most 38 digits", "[limits]") {
  using fundrules::Decimal;
  CHECK(Decimal::parse(std::string(38, '9')).to_string() == std::string(38, '9'));
  CHECK_THROWS_AS(Decimal::parse(std::string(39, '9')), fundrules::ValueError);
  const Decimal big = Decimal::parse(std::string(38, '9'));
  CHECK_THROWS_AS(big + Decimal::parse("1"), fundrules::OverflowError);
}

TEST_CASE("a caller's max_groups bounds the groups of a group rule", "[limits]") {
  const Ruleset ruleset = Ruleset::load_string(
      kHead + "fields:\n  amount: {type: money}\n  household: {type: string}\n" +
          "rules:\n  - id: household_min\n    scope: group\n    group_by: household\n" +
          "    check: sum(amount) >= 10\n    message: m\n",
      "limits.yaml");
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/limits-groups.csv";
  {
    std::ofstream out(path);
    out << "amount,household\n";
    for (int i = 0; i < 100; ++i) {
      out << "20,H" << i << "\n";
    }
  }
  fundrules::CheckOptions options;
  options.max_groups = 100;
  CHECK(fundrules::check_csv(ruleset, path, options).summary().rows == 100);
  options.max_groups = 99;
  CHECK_THROWS_WITH(fundrules::check_csv(ruleset, path, options),
                    Catch::Contains("more than 99 groups (CheckOptions::max_groups)"));
  options.threads = 4;  // slices merged from several threads are bounded as a whole
  fundrules::CsvOptions small_batches;
  small_batches.batch_rows = 30;
  CHECK_THROWS_AS(fundrules::check_csv(ruleset, path, options, small_batches),
                  fundrules::LimitError);
  options.max_groups = 0;
  CHECK(fundrules::check_csv(ruleset, path, options).summary().rows == 100);
}

TEST_CASE("a session that threw partway refuses to go on", "[limits]") {
  const Ruleset ruleset = Ruleset::load_string(
      kHead + "fields:\n  amount: {type: money}\n  household: {type: string}\n" +
          "rules:\n  - id: household_min\n    scope: group\n    group_by: household\n" +
          "    check: sum(amount) >= 10\n    message: m\n",
      "limits.yaml");
  fundrules::Column amount("amount", fundrules::ValueType::Decimal);
  fundrules::Column household("household", fundrules::ValueType::String);
  for (int i = 0; i < 5; ++i) {
    amount.append_decimal(fundrules::Decimal::parse("20"));
    household.append_string("H" + std::to_string(i));
  }
  const fundrules::Table five({amount, household});
  fundrules::CheckOptions options;
  options.max_groups = 3;
  fundrules::Session session(ruleset, options);
  // The batch's first groups were taken in before the fourth passed the bound: a report from
  // here on would count part of a batch, so every later call refuses, naming the first error.
  CHECK_THROWS_AS(session.add(five), fundrules::LimitError);
  CHECK_THROWS_WITH(session.add(five), Catch::Contains("stopped at an error") &&
                                           Catch::Contains("more than 3 groups"));
  CHECK_THROWS_WITH(session.add_problems({}), Catch::Contains("stopped at an error"));
  CHECK_THROWS_WITH(session.finish(), Catch::Contains("start a new session"));

  // Within the bound, the same batches go through and the session finishes.
  options.max_groups = 5;
  fundrules::Session sound(ruleset, options);
  sound.add(five);
  CHECK(sound.finish().summary().rows == 5);
}
