// Evaluating a rule's expression over rows must not touch the heap on the scalar paths: a
// million-row roster is checked by running each rule once per row. This program counts every
// operator new.

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "expr/expr.hpp"
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
using fundrules::expr::Environment;
using fundrules::expr::EvalResult;
using fundrules::expr::type_of;

namespace {

Table make_roster(std::size_t rows) {
  Column name("name", ValueType::String);
  Column category("category", ValueType::String);
  Column amount("amount", ValueType::Decimal);
  Column card("bank_card", ValueType::String);
  Column paid("paid_on", ValueType::Date);
  Column id("id_number", ValueType::String);
  for (std::size_t i = 0; i < rows; ++i) {
    name.append_string(i % 2 == 0 ? "张三" : "李四");
    category.append_string(i % 3 == 0 ? "frontline" : "registered_hardship");
    amount.append_decimal(Decimal::from_scaled(static_cast<std::int64_t>(40000 + i % 70000), 2));
    if (i % 5 == 0) {
      card.append_null();
    } else {
      card.append_string(i % 2 == 0 ? "6225881414207430" : "6225881414207431");
    }
    paid.append_date(Date::from_ymd(2017, 1, 1 + static_cast<int>(i % 28)));
    id.append_string("11010519491231002X");
  }
  return Table({name, category, amount, card, paid, id});
}

Environment roster_env() {
  Environment env;
  env.add_field("name", type_of(ValueType::String), 0);
  env.add_field("category", type_of(ValueType::String), 1);
  env.add_field("amount", type_of(ValueType::Decimal), 2);
  env.add_field("bank_card", type_of(ValueType::String), 3);
  env.add_field("paid_on", type_of(ValueType::Date), 4);
  env.add_field("id_number", type_of(ValueType::String), 5);
  env.add_param("min_household", type_of(ValueType::Decimal), 0);
  env.add_param("deadline", type_of(ValueType::Date), 1);
  env.add_variable("today", type_of(ValueType::Date), 0);
  return env;
}

}  // namespace

TEST_CASE("scalar rules evaluate over a batch without allocating", "[alloc]") {
  const Table table = make_roster(1000);
  const std::vector<Value> params{Value(Decimal(600)), Value(Date::from_ymd(2017, 2, 5))};
  const std::vector<Value> variables{Value(Date::from_ymd(2024, 1, 15))};
  const Activation activation{&params, &variables};
  const char* rules[] = {
      "category != 'registered_hardship' || amount >= params.min_household",
      "category in ['frontline', 'migrant_worker'] && amount <= 500.00",
      "!has(bank_card) || is_bank_card(bank_card)",
      "name.startsWith('张') && size(name) >= 2 && name.contains('三')",
      "paid_on <= params.deadline && paid_on - 30 < params.deadline",
      "is_cn_id(id_number) && round(amount / 3, 2) * 3 >= amount - 0.01",
      "max(amount, 600) - min(amount, 600) >= 0 && abs(-amount) == amount",
      "is_bank_card(bank_card)",  // an error (MissingField) on every fifth row
  };
  for (const char* text : rules) {
    INFO(text);
    const auto compiled = compile(text, roster_env());
    REQUIRE(compiled.program);
    std::vector<EvalResult> out;
    // The first batch sizes `out`; the next reuses it.
    compiled.program->evaluate_batch(table, 0, table.num_rows(), activation, out);
    std::size_t trues = 0;
    const long allocations = allocations_during(
        [&] { compiled.program->evaluate_batch(table, 0, table.num_rows(), activation, out); });
    for (const auto& result : out) trues += result.ok() && result.value.as_bool() ? 1 : 0;
    CHECK(trues > 0);
    // A MissingField error names its field, which takes a string; nothing else may allocate.
    std::size_t errors = 0;
    for (const auto& result : out) errors += result.ok() ? 0 : 1;
    CHECK(allocations <= static_cast<long>(2 * errors));
  }
}
