// The comparison kernels' shortcuts against the evaluator: decimals compared on their 64-bit
// coefficients (every scale, coefficients that overflow once scaled, constants of a larger
// scale than the cell), texts compared word by word (equal lengths differing in the last byte,
// lengths around eight), and a record rule's scan of eight rows at a time against batches of
// one row, where no word is ever read.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "expr/program.hpp"
#include "expr/types.hpp"
#include "fundrules/engine.hpp"

using namespace fundrules;
using expr::Activation;
using expr::Program;

namespace {

expr::Environment environment() {
  expr::Environment env;
  env.add_field("s", expr::type_of(ValueType::String), 0);
  env.add_field("t", expr::type_of(ValueType::String), 1);
  env.add_field("d", expr::type_of(ValueType::Decimal), 2);
  env.add_param("cap", expr::type_of(ValueType::Decimal), 0);
  env.add_param("fine", expr::type_of(ValueType::Decimal), 1);
  return env;
}

const std::vector<std::string> kTexts = {"",
                                         "a",
                                         "abcdefg",
                                         "abcdefgh",
                                         "abcdefgi",
                                         "bbcdefgh",
                                         "abcdefghi",
                                         "abcdefghj",
                                         "hardship_model_worker",
                                         "unregistered_hardship",
                                         "unregistered_hardshiq",
                                         "张三",
                                         "张四",
                                         "0123456789abcdef",
                                         "0123456789abcdeF"};

Decimal random_decimal(std::mt19937_64& random) {
  const int scale = static_cast<int>(random() % 19);
  std::int64_t coefficient = 0;
  switch (random() % 4) {
    case 0:
      coefficient = static_cast<std::int64_t>(random());  // anything, overflowing once scaled
      break;
    case 1:
      coefficient = static_cast<std::int64_t>(random() % 200001) - 100000;
      break;
    default:
      coefficient = static_cast<std::int64_t>(random() % 3) * 50000 - 50000;  // -500.00 ... ties
      break;
  }
  if (random() % 5 == 0) {
    // Past 64 bits: a coefficient of the 128-bit range.
    return Decimal::from_scaled(coefficient, scale) * Decimal::from_scaled(1000000000000LL, 0);
  }
  return Decimal::from_scaled(coefficient, scale % 3 == 0 ? 2 : scale);
}

Table random_table(std::mt19937_64& random, std::size_t rows) {
  Column s("s", ValueType::String);
  Column t("t", ValueType::String);
  Column d("d", ValueType::Decimal);
  for (std::size_t r = 0; r < rows; ++r) {
    random() % 6 == 0 ? s.append_null() : s.append_string(kTexts[random() % kTexts.size()]);
    random() % 6 == 0 ? t.append_null() : t.append_string(kTexts[random() % kTexts.size()]);
    random() % 6 == 0 ? d.append_null() : d.append_decimal(random_decimal(random));
  }
  return Table({s, t, d});
}

std::uint8_t walked(const Program& program, const Table& table, std::size_t row,
                    const Activation& activation) {
  const expr::EvalResult result = program.evaluate(&table, row, activation);
  if (!result.ok() || result.value.type() != ValueType::Bool) return Program::kOther;
  return result.value.as_bool() ? Program::kTrue : Program::kFalse;
}

}  // namespace

TEST_CASE("comparison kernels give the evaluator's truth on decimals and texts", "[kernel]") {
  const std::vector<std::string> expressions = {
      "d > 0",
      "d >= 0",
      "d < 500",
      "d <= 500.00",
      "d == -500",
      "d != 500.000",
      "d < 0.001",
      "d > -0.000000000000000001",
      "d <= params.cap",
      "d > params.fine",
      "d == 92233720368547758.07",
      "d < 9223372036854775807",
      "s == 'abcdefgh'",
      "s != 'abcdefgi'",
      "s == 'unregistered_hardship'",
      "s == '张三'",
      "s == ''",
      "s < 'abcdefgh'",
      "s >= 'hardship'",
      "s == t",
      "s != t",
      "t == s",
      "s in ['abcdefgh', 'unregistered_hardship', '', '张四']",
      "!(s in ['0123456789abcdef'])"};
  const std::vector<Value> params{Value(Decimal::parse("499.995")), Value(Decimal::parse("-0.5"))};
  const Activation activation{&params, nullptr};
  std::mt19937_64 random(1215);
  for (const std::string& text : expressions) {
    INFO(text);
    const auto compiled = expr::compile(text, environment());
    REQUIRE(compiled.errors.empty());
    const auto* code = dynamic_cast<const expr::CompiledProgram*>(compiled.program.get());
    REQUIRE(code != nullptr);
    CHECK(code->runs_as_kernel());
    for (int trial = 0; trial < 30; ++trial) {
      const std::size_t rows = trial == 0 ? 0 : (trial == 1 ? 1 : random() % 300);
      const Table table = random_table(random, rows);
      std::vector<std::uint8_t> truths;
      compiled.program->evaluate_truth(table, 0, rows, activation, truths);
      REQUIRE(truths.size() == rows);
      for (std::size_t row = 0; row < rows; ++row) {
        INFO("trial " << trial << ", row " << row);
        CHECK(int(truths[row]) == int(walked(*compiled.program, table, row, activation)));
      }
    }
  }
}

namespace {

const std::string kRules = R"yaml(fundrules: 1
id: test.scan
title: 逐行与成组
as_of: 2017-01-15
fields:
  name: {type: string}
  signer: {type: string}
  method: {type: string}
  amount: {type: money}
params:
  cap: {type: money, value: 500}
rules:
  - id: amount.positive
    check: amount > 0
    message: 金额须大于0
  - id: signer.same
    when: method == "cash"
    check: signer == name
    message: 签领人须为本人
  - id: cap.cash
    when: amount > 100
    check: amount <= params.cap || method == "card"
    message: 超过上限
)yaml";

Table scan_table(std::mt19937_64& random, std::size_t rows) {
  const std::vector<std::string> names = {"张三", "李四", "王五"};
  Column name("name", ValueType::String);
  Column signer("signer", ValueType::String);
  Column method("method", ValueType::String);
  Column amount("amount", ValueType::Decimal);
  for (std::size_t r = 0; r < rows; ++r) {
    // Mostly clean rows, so that most words of eight are skipped whole.
    const bool odd = random() % 10 == 0;
    const std::string& who = names[random() % names.size()];
    name.append_string(who);
    odd&& random() % 2 == 0 ? signer.append_null()
                            : signer.append_string(odd ? names[random() % names.size()] : who);
    random() % 13 == 0 ? method.append_null()
                       : method.append_string(random() % 2 == 0 ? "cash" : "card");
    if (odd && random() % 3 == 0) {
      amount.append_null();  // an error the `when` of cap.cash gives no bool for
    } else {
      amount.append_decimal(
          Decimal::from_scaled(static_cast<std::int64_t>(random() % 80000) - (odd ? 20000 : 0), 2));
    }
  }
  return Table({name, signer, method, amount});
}

}  // namespace

TEST_CASE("a record rule's scan by words of eight rows finds what row by row finds", "[engine]") {
  const Ruleset rules = Ruleset::load_string(kRules, "scan.yaml");
  std::mt19937_64 random(2017);
  for (const std::size_t rows : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{8},
                                 std::size_t{9}, std::size_t{64}, std::size_t{1000}}) {
    const Table whole = scan_table(random, rows);
    // Batches of one row never fill a word: the row-by-row path is the reference.
    Session single(rules);
    for (std::size_t r = 0; r < rows; ++r) {
      Table part = scan_table(random, 0);
      std::vector<Column> columns;
      for (std::size_t c = 0; c < whole.num_columns(); ++c) {
        Column column(whole.column(c).name(), whole.column(c).type());
        column.append(whole.column(c).value_at(r));
        columns.push_back(std::move(column));
      }
      part = Table(std::move(columns));
      part.set_first_row_number(static_cast<std::int64_t>(r) + 1);
      single.add(part);
    }
    const std::string expected = single.finish().to_json();
    for (const unsigned threads : {1U, 2U}) {
      CheckOptions options;
      options.threads = threads;
      INFO(rows << " rows, " << threads << " threads");
      CHECK(check(rules, whole, options).to_json() == expected);
    }
  }
}
