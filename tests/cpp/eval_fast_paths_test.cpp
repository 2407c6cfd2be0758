// The evaluator's shortcuts against the general comparison they stand for: a text compared
// with == or != and a value looked up `in` a constant list are matched by their bytes, where
// equal() would be called on each pair. Each expression is evaluated on every row of random
// tables (empty cells, empty and non-ASCII texts, lengths around eight, texts of one length
// differing in one byte) and its answer compared with equal() over the same values.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "expr/program.hpp"
#include "expr/types.hpp"

using namespace fundrules;

namespace {

expr::Environment environment() {
  expr::Environment env;
  env.add_field("s", expr::type_of(ValueType::String), 0);
  env.add_field("t", expr::type_of(ValueType::String), 1);
  env.add_field("i", expr::type_of(ValueType::Int), 2);
  env.add_field("d", expr::type_of(ValueType::Decimal), 3);
  return env;
}

const std::vector<std::string> kTexts = {"",
                                         "a",
                                         "b",
                                         "abcdefg",
                                         "abcdefgh",
                                         "abcdefgi",
                                         "bbcdefgh",
                                         "abcdefghi",
                                         "abcdefghj",
                                         "hardship_model_worker",
                                         "registered_hardship",
                                         "unregistered_hardship",
                                         "unregistered_hardshiq",
                                         "张三",
                                         "张四",
                                         "张",
                                         "0123456789abcdef",
                                         "0123456789abcdeF"};

Table random_table(std::mt19937_64& random, std::size_t rows) {
  Column s("s", ValueType::String);
  Column t("t", ValueType::String);
  Column i("i", ValueType::Int);
  Column d("d", ValueType::Decimal);
  for (std::size_t r = 0; r < rows; ++r) {
    random() % 6 == 0 ? s.append_null() : s.append_string(kTexts[random() % kTexts.size()]);
    random() % 6 == 0 ? t.append_null() : t.append_string(kTexts[random() % kTexts.size()]);
    random() % 6 == 0 ? i.append_null() : i.append_int(static_cast<std::int64_t>(random() % 4));
    random() % 6 == 0
        ? d.append_null()
        : d.append_decimal(Decimal::from_scaled(static_cast<std::int64_t>(random() % 4) * 50, 2));
  }
  return Table({s, t, i, d});
}

// What `needle in items` gives by equal() on each item: an empty cell is an error.
std::string expected_in(const Value& needle, const std::vector<Value>& items) {
  if (needle.is_null()) return "error";
  const expr::Val val = expr::view_of(needle);
  for (const Value& item : items) {
    if (expr::equal(val, expr::view_of(item))) return "true";
  }
  return "false";
}

std::string answer(const expr::EvalResult& result) {
  if (!result.ok()) return "error";
  REQUIRE(result.value.type() == ValueType::Bool);
  return result.value.as_bool() ? "true" : "false";
}

}  // namespace

TEST_CASE("`in` a constant list matches as equal() does on each item", "[eval]") {
  struct Case {
    std::string text;
    std::size_t column;
    std::vector<Value> items;
  };
  const std::vector<Case> cases = {
      {"s in ['abcdefgh', 'unregistered_hardship', '', '张四']",
       0,
       {Value("abcdefgh"), Value("unregistered_hardship"), Value(""), Value("张四")}},
      {"s in ['registered_hardship', 'unregistered_hardship', 'hardship_model_worker']",
       0,
       {Value("registered_hardship"), Value("unregistered_hardship"),
        Value("hardship_model_worker")}},
      {"s in ['a', 'a', '张', '张']", 0, {Value("a"), Value("a"), Value("张"), Value("张")}},
      {"s in ['']", 0, {Value("")}},
      {"t in ['abcdefgi', 'abcdefghj', '0123456789abcdeF']",
       1,
       {Value("abcdefgi"), Value("abcdefghj"), Value("0123456789abcdeF")}},
      {"i in [1, 3, 3]",
       2,
       {Value(std::int64_t{1}), Value(std::int64_t{3}), Value(std::int64_t{3})}},
      {"i in [1.0, 2.50]", 2, {Value(Decimal::parse("1.0")), Value(Decimal::parse("2.50"))}},
      {"d in [0, 1.5, 1.50]",
       3,
       {Value(std::int64_t{0}), Value(Decimal::parse("1.5")), Value(Decimal::parse("1.50"))}},
  };
  std::mt19937_64 random(2016);
  for (const Case& c : cases) {
    INFO(c.text);
    const auto compiled = expr::compile(c.text, environment());
    REQUIRE(compiled.errors.empty());
    const expr::Activation activation{};
    for (int trial = 0; trial < 10; ++trial) {
      const Table table = random_table(random, 200);
      for (std::size_t row = 0; row < table.num_rows(); ++row) {
        const Value needle = table.column(c.column).value_at(row);
        INFO("row " << row << ": " << needle.to_literal());
        CHECK(answer(compiled.program->evaluate(&table, row, activation)) ==
              expected_in(needle, c.items));
      }
    }
  }
}

TEST_CASE("texts compared with == and != are equal exactly when equal() says so", "[eval]") {
  const std::vector<std::string> expressions = {
      "s == t",      "s != t",  "s == 'abcdefgh'", "s != 'unregistered_hardship'",
      "s == '张三'", "s == ''", "'' != t"};
  std::mt19937_64 random(2017);
  for (const std::string& text : expressions) {
    INFO(text);
    const auto compiled = expr::compile(text, environment());
    REQUIRE(compiled.errors.empty());
    const bool negated = text.find("!=") != std::string::npos;
    const expr::Activation activation{};
    for (int trial = 0; trial < 10; ++trial) {
      const Table table = random_table(random, 200);
      for (std::size_t row = 0; row < table.num_rows(); ++row) {
        // The two sides as Values: a field's cell or the quoted constant.
        const auto side = [&](std::string_view operand) {
          if (operand == "s") return table.column(0).value_at(row);
          if (operand == "t") return table.column(1).value_at(row);
          return Value(std::string(operand.substr(1, operand.size() - 2)));
        };
        const std::size_t op = text.find(negated ? "!=" : "==");
        const Value lhs = side(text.substr(0, op - 1));
        const Value rhs = side(text.substr(op + 3));
        INFO("row " << row << ": " << lhs.to_literal() << " and " << rhs.to_literal());
        std::string expected = "error";
        if (!lhs.is_null() && !rhs.is_null()) {
          const bool same = expr::equal(expr::view_of(lhs), expr::view_of(rhs));
          expected = same != negated ? "true" : "false";
        }
        CHECK(answer(compiled.program->evaluate(&table, row, activation)) == expected);
      }
    }
  }
}
