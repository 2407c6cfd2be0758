// The batch plan (kernels over columns) against the evaluator walking the tree row by row:
// every expression, on generated rows with empty cells, mixed types, errors that `&&` and `||`
// absorb or not, empty ranges and single rows, must give the same truth on every row.

#include <catch2/catch.hpp>

#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "expr/program.hpp"
#include "expr/types.hpp"
#include "fundrules/table.hpp"

#include "counting_new.hpp"

using fundrules::Column;
using fundrules::Date;
using fundrules::Decimal;
using fundrules::Table;
using fundrules::Value;
using fundrules::ValueType;
using fundrules::expr::Activation;
using fundrules::expr::compile;
using fundrules::expr::CompiledProgram;
using fundrules::expr::dyn_type;
using fundrules::expr::Environment;
using fundrules::expr::EvalErrorKind;
using fundrules::expr::EvalResult;
using fundrules::expr::Program;
using fundrules::expr::type_of;

namespace {

// Columns 0..6 exist in every generated table; "gone" (column 7) never does.
Environment test_env() {
  Environment env;
  env.add_field("s", type_of(ValueType::String), 0);
  env.add_field("s2", type_of(ValueType::String), 1);
  env.add_field("d", type_of(ValueType::Decimal), 2);
  env.add_field("i", type_of(ValueType::Int), 3);
  env.add_field("dt", type_of(ValueType::Date), 4);
  env.add_field("bo", type_of(ValueType::Bool), 5);
  env.add_field("m", dyn_type(), 6);  // its column's type changes from table to table
  env.add_field("gone", type_of(ValueType::String), 7);
  env.add_param("cap", type_of(ValueType::Decimal), 0);
  env.add_param("start", type_of(ValueType::Date), 1);
  env.add_param("end", type_of(ValueType::Date), 2);
  env.add_param("missing", type_of(ValueType::Decimal), 3);
  env.add_param("word", type_of(ValueType::String), 4);
  env.add_param("flag", type_of(ValueType::Bool), 5);
  env.add_variable("today", type_of(ValueType::Date), 6);
  return env;
}

const char* const kStrings[] = {"a",
                                "b",
                                "",
                                "A",
                                "frontline",
                                "张三",
                                "11010519491231002X",
                                "110105194912310021",
                                "6225881414207430",
                                "6225881414207431",
                                "13800138000",
                                "91350100M000100Y43"};

Value random_cell(std::mt19937& rng, ValueType type) {
  std::uniform_int_distribution<int> pick(0, 99);
  const int p = pick(rng);
  switch (type) {
    case ValueType::String:
      return Value(std::string(kStrings[static_cast<std::size_t>(p) % std::size(kStrings)]));
    case ValueType::Decimal: {
      const std::int64_t scaled[] = {0, 100, 150, -350, 60000, 59999, 100000, 1};
      return Value(Decimal::from_scaled(scaled[p % 8], p % 3));
    }
    case ValueType::Int:
      return Value(static_cast<std::int64_t>(p % 5 - 1));
    case ValueType::Date:
      return Value(Date::from_ymd(2016, 12, 10 + p % 20));
    case ValueType::Bool:
      return Value(p % 2 == 0);
    default:
      return Value();
  }
}

Table random_table(std::mt19937& rng, std::size_t rows) {
  const ValueType mixed[] = {ValueType::Int, ValueType::Decimal, ValueType::String, ValueType::Bool,
                             ValueType::Date};
  const ValueType types[] = {ValueType::String, ValueType::String, ValueType::Decimal,
                             ValueType::Int,    ValueType::Date,   ValueType::Bool,
                             mixed[rng() % 5]};
  const char* names[] = {"s", "s2", "d", "i", "dt", "bo", "m"};
  std::vector<Column> columns;
  for (std::size_t c = 0; c < 7; ++c) {
    Column column(names[c], types[c]);
    for (std::size_t r = 0; r < rows; ++r) {
      if (rng() % 4 == 0) {
        column.append_null();
      } else {
        column.append(random_cell(rng, types[c]));
      }
    }
    columns.push_back(std::move(column));
  }
  return Table(std::move(columns));
}

std::uint8_t walked_truth(const Program& program, const Table& table, std::size_t row,
                          const Activation& activation) {
  const EvalResult result = program.evaluate(&table, row, activation);
  if (!result.ok() || result.value.type() != ValueType::Bool) return Program::kOther;
  return result.value.as_bool() ? Program::kTrue : Program::kFalse;
}

const char* const kExpressions[] = {
    // Comparisons of a column with a constant, a parameter or another column.
    "s == 'a'", "s != 'a'", "s < 'b'", "s >= s2", "s == s2", "'a' == s", "s == params.word",
    "d > 0", "d == 1", "d == 1.0", "d <= params.cap", "d < 1.5", "0 < d", "d == i",
    "d >= params.missing", "d != params.missing", "i == 1", "i < 1.5", "i != 0", "i >= -1",
    "dt >= params.start && dt <= params.end", "dt == params.start", "bo == true", "bo", "!bo",
    "bo < true", "bo != params.flag", "m == 1", "m == 'a'", "m < 3", "m == 1.0", "m > params.start",
    "m == m", "gone == 'a'", "gone != 'a'",
    // Membership in constant lists.
    "s in ['a', 'b', 1]", "d in [1, 2.5]", "i in [1, 1.0]", "m in [1, 'a', 2.0, true]",
    "!(s in ['frontline'])", "gone in ['a']",
    // has() and validators, guarded or not.
    "has(s) && s == 'a'", "!has(s) || is_cn_id(s)", "has(d) || d > 0", "has(gone)",
    "has(params.missing)", "has(params.cap) && d < params.cap", "is_bank_card(s)",
    "is_cn_mobile(s2)", "is_cn_id(s)", "is_uscc(s)", "is_bank_card(gone)",
    "has(s) && is_bank_card(s)", "s == 'a' && (!has(s2) || is_cn_id(s2))",
    // Errors absorbed or not by && and ||; constants.
    "s == 'a' || d > 0", "d > 0 && s == 'a'", "d > 0 || d <= 0", "!(d > 0) && !(i > 0)",
    "params.flag && s == 'a'", "params.flag || true", "true", "false", "true && d > 0",
    "(i / 0 > 1) || bo", "(i / 0 > 1) && bo",
    // Shapes the plan leaves to the evaluator, alone and mixed with kernels.
    "size(s) > 1 && d > 0", "s + 'x' == 'ax' || i > 0", "(d > 0 ? s : s2) == 'a'",
    "upper(s) == 'A' && has(s)", "d * 2 > params.cap || is_cn_mobile(s)", "m", "!m", "m && bo",
    "m || bo"};

}  // namespace

TEST_CASE("the batch plan gives the evaluator's truth on every row", "[kernel]") {
  std::mt19937 rng(20170115);
  const std::vector<Value> params{Value(Decimal(600)),
                                  Value(Date::from_ymd(2016, 12, 15)),
                                  Value(Date::from_ymd(2016, 12, 25)),
                                  Value(),
                                  Value(std::string("b")),
                                  Value(true)};
  const std::vector<Value> no_params{};
  std::vector<Value> variables(7);
  variables[6] = Value(Date::from_ymd(2017, 1, 15));
  const Activation with_params{&params, &variables};
  const Activation without_params{&no_params, &variables};
  for (const char* text : kExpressions) {
    INFO(text);
    const auto compiled = compile(text, test_env());
    REQUIRE(compiled.errors.empty());
    const Program& program = *compiled.program;
    for (int trial = 0; trial < 40; ++trial) {
      const std::size_t rows = trial == 0 ? 0 : (trial == 1 ? 1 : rng() % 40);
      const Table table = random_table(rng, rows);
      // A range inside the table: possibly empty, one row, or all of it.
      const std::size_t begin = rows == 0 ? 0 : rng() % rows;
      const std::size_t end = begin + (rows == begin ? 0 : rng() % (rows - begin + 1));
      const Activation& activation = trial % 7 == 3 ? without_params : with_params;
      std::vector<std::uint8_t> batch{9, 9, 9};
      program.evaluate_truth(table, begin, end, activation, batch);
      REQUIRE(batch.size() == end - begin);
      std::vector<std::uint8_t> select(end - begin);
      for (auto& s : select) s = static_cast<std::uint8_t>(rng() % 3);
      std::vector<std::uint8_t> where;
      program.evaluate_truth_where(table, begin, end, activation, select, where);
      REQUIRE(where.size() == end - begin);
      for (std::size_t row = begin; row < end; ++row) {
        INFO("trial " << trial << ", row " << row << " of [" << begin << ", " << end << ")");
        const std::uint8_t expected = walked_truth(program, table, row, activation);
        CHECK(int(batch[row - begin]) == int(expected));
        CHECK(int(program.truth(table, row, activation)) == int(expected));
        if (select[row - begin] == Program::kTrue) CHECK(int(where[row - begin]) == int(expected));
      }
    }
  }
}

TEST_CASE("the rule shapes of a roster run as kernels, the rest falls back", "[kernel]") {
  const char* kernels[] = {"s in ['registered_hardship', 'unregistered_hardship', 'frontline']",
                           "s == 'hardship_model_worker' && has(d)",
                           "d < params.cap",
                           "d > 0",
                           "has(s2) && s2 in ['national', 'provincial']",
                           "s == 'bank_card'",
                           "is_bank_card(s)",
                           "dt >= params.start && dt <= params.end",
                           "s == 'a' && (!has(s2) || is_cn_id(s2))",
                           "s2 == s",
                           "!(i == 1)",
                           "is_cn_mobile(s)",
                           "has(params.cap)"};
  for (const char* text : kernels) {
    INFO(text);
    const auto compiled = compile(text, test_env());
    REQUIRE(compiled.program);
    const auto* program = dynamic_cast<const CompiledProgram*>(compiled.program.get());
    REQUIRE(program != nullptr);
    CHECK(program->runs_as_kernel());
  }
  for (const char* text : {"size(s) > 1 && d > 0", "upper(s) == 'A'", "d * 2 > 1"}) {
    INFO(text);
    const auto compiled = compile(text, test_env());
    const auto* program = dynamic_cast<const CompiledProgram*>(compiled.program.get());
    REQUIRE(program != nullptr);
    CHECK_FALSE(program->runs_as_kernel());
  }
}

TEST_CASE("an error's message is written only when asked for, and says the same", "[kernel]") {
  std::mt19937 rng(7);
  const Table table = random_table(rng, 50);
  const std::vector<Value> params{Value(Decimal(600)), Value(), Value(), Value()};
  const std::vector<Value> variables(7);
  const Activation activation{&params, &variables};
  std::size_t null_row = 0;
  while (!table.column(2).is_null(null_row)) ++null_row;
  const auto message = [&](const char* text, const Table* on) {
    const auto compiled = compile(text, test_env());
    REQUIRE(compiled.program);
    return compiled.program->evaluate(on, null_row, activation);
  };
  EvalResult result = message("d > 0", &table);
  CHECK(result.error == EvalErrorKind::MissingField);
  CHECK(result.error_message == "field 'd' has no value");
  result = message("gone == 'a'", &table);
  CHECK(result.error == EvalErrorKind::MissingField);
  CHECK(result.error_message == "field 'gone' is not in the data");
  result = message("dt >= params.start", &table);
  CHECK(result.error_message.find("has no value") != std::string::npos);
  result = message("params.missing > 1", &table);
  CHECK(result.error_message == "parameter 'params.missing' has no value");
  result = message("today > params.start", &table);
  CHECK(result.error_message == "variable 'today' has no value");
}

TEST_CASE("a batch's truths cost no allocation once a thread has seen its size",
          "[kernel][alloc]") {
  std::mt19937 rng(11);
  const Table small = random_table(rng, 10);
  const Table large = random_table(rng, 2000);
  const std::vector<Value> params{Value(Decimal(600)), Value(Date::from_ymd(2016, 12, 15)),
                                  Value(Date::from_ymd(2016, 12, 25)), Value()};
  std::vector<Value> variables(7);
  variables[6] = Value(Date::from_ymd(2017, 1, 15));
  const Activation activation{&params, &variables};
  // Empty cells make errors on about a quarter of the rows; none of them may allocate.
  for (const char* text :
       {"d > 0", "s == 'a' || d > params.cap", "!has(s) || is_cn_id(s)", "size(s) > 1 && d > 0",
        "d >= params.missing", "s in ['a', 'b'] && i != 0"}) {
    INFO(text);
    const auto compiled = compile(text, test_env());
    REQUIRE(compiled.program);
    std::vector<std::uint8_t> out;
    const auto count = [&](const Table& table) {
      const long before = g_allocations.load();
      compiled.program->evaluate_truth(table, 0, table.num_rows(), activation, out);
      return g_allocations.load() - before;
    };
    count(large);  // sizes `out`
    const long on_large = count(large);
    const long on_small = count(small);
    CHECK(on_large == 0);
    CHECK(on_small == 0);
  }
}

TEST_CASE("a context reset forgets every error, text and list built, whichever were built",
          "[kernel]") {
  // A reset with nothing to forget returns at once: it must still forget anything that was
  // built, of any one kind or several.
  for (int built = 0; built < 8; ++built) {
    fundrules::expr::Ctx ctx;
    if ((built & 1) != 0) ctx.error(EvalErrorKind::DivisionByZero, "division by zero");
    if ((built & 2) != 0) ctx.keep("a text built on the way");
    if ((built & 4) != 0) ctx.lists.push_back(std::make_unique<fundrules::ValueList>(2));
    CAPTURE(built);
    ctx.reset();
    CHECK(ctx.errors.empty());
    CHECK(ctx.strings.empty());
    CHECK(ctx.lists.empty());
    ctx.reset();  // and again, with nothing left
    CHECK(ctx.errors.empty());
  }
}
