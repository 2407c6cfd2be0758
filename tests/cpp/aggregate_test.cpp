// Group expressions: aggregate calls lifted into per-row programs, folded in mergeable states,
// and the rest evaluated once per group.

#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "expr/expr.hpp"
#include "expr/types.hpp"
#include "fundrules/table.hpp"

using fundrules::Column;
using fundrules::Decimal;
using fundrules::Table;
using fundrules::Value;
using fundrules::ValueType;
using fundrules::expr::Activation;
using fundrules::expr::AggregateKind;
using fundrules::expr::AggregateState;
using fundrules::expr::compile;
using fundrules::expr::compile_group;
using fundrules::expr::Environment;
using fundrules::expr::EvalErrorKind;
using fundrules::expr::EvalResult;
using fundrules::expr::GroupCompileResult;
using fundrules::expr::type_of;

namespace {

constexpr std::size_t kHousehold = 0;

Environment env() {
  Environment out;
  out.add_field("household_id", type_of(ValueType::String), kHousehold);
  out.add_field("category", type_of(ValueType::String), 1);
  out.add_field("amount", type_of(ValueType::Decimal), 2);
  out.add_field("id_number", type_of(ValueType::String), 3);
  out.add_field("household_size", type_of(ValueType::Int), 4);
  out.add_param("min_household", type_of(ValueType::Decimal), 0);
  return out;
}

// Household H1: two hardship rows (300 + 250.50) and a frontline row; H2: one row of 600.00.
Table households() {
  Column household("household_id", ValueType::String);
  Column category("category", ValueType::String);
  Column amount("amount", ValueType::Decimal);
  Column id("id_number", ValueType::String);
  Column size("household_size", ValueType::Int);
  const auto row = [&](const char* h, const char* c, const char* a, const char* i, int s) {
    household.append_string(h);
    category.append_string(c);
    amount.append_decimal(Decimal::parse(a));
    id.append_string(i);
    size.append_int(s);
  };
  row("H1", "registered_hardship", "300", "A", 3);
  row("H1", "registered_hardship", "250.50", "B", 3);
  row("H1", "frontline", "400", "A", 3);
  row("H2", "registered_hardship", "600.00", "C", 1);
  return Table({household, category, amount, id, size});
}

const std::vector<Value> kParams{Value(Decimal(600))};

// Evaluates a group expression over the households of the table, as the engine would: fold
// each aggregate per household, then run the group program on a row of that household.
std::map<std::string, EvalResult> per_household(const std::string& text) {
  const Table table = households();
  const GroupCompileResult compiled = compile_group(text, env(), {kHousehold});
  if (!compiled.program) FAIL(text << ": " << compiled.errors.front().message);
  const Activation row_activation{&kParams, nullptr};
  std::map<std::string, std::vector<AggregateState>> states;
  std::map<std::string, std::size_t> first_row;
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const std::string key(table.column(kHousehold).string_at(row));
    first_row.emplace(key, row);
    auto& group = states[key];
    if (group.empty()) {
      for (const auto& spec : compiled.aggregates) group.emplace_back(spec.kind);
    }
    for (std::size_t i = 0; i < compiled.aggregates.size(); ++i) {
      const auto& spec = compiled.aggregates[i];
      if (spec.filter) {
        const EvalResult keep = spec.filter->evaluate(&table, row, row_activation);
        if (!keep.ok() || !keep.value.as_bool()) continue;
      }
      EvalResult value;  // count() folds rows, not values
      value.value = Value(true);
      if (spec.argument) value = spec.argument->evaluate(&table, row, row_activation);
      REQUIRE(value.ok());
      group[i].add(value.value);
    }
  }
  std::map<std::string, EvalResult> out;
  for (const auto& [key, group] : states) {
    std::vector<Value> values;
    for (const auto& state : group) {
      const EvalResult folded = state.result();
      REQUIRE(folded.ok());
      values.push_back(folded.value);
    }
    const Activation group_activation{&kParams, nullptr, &values};
    out[key] = compiled.program->evaluate(&table, first_row[key], group_activation);
  }
  return out;
}

std::string shown(const EvalResult& result) {
  return result.ok() ? result.value.to_string() : "error: " + result.error_message;
}

}  // namespace

TEST_CASE("a household minimum over the sum of its rows", "[aggregate]") {
  const GroupCompileResult compiled =
      compile_group("sum(amount) >= params.min_household", env(), {kHousehold});
  REQUIRE(compiled.program);
  REQUIRE(compiled.aggregates.size() == 1);
  const auto& spec = compiled.aggregates[0];
  CHECK(spec.kind == AggregateKind::Sum);
  CHECK(spec.text == "sum(amount)");
  CHECK(spec.name == "sum_amount");
  CHECK(spec.result_type.to_string() == "decimal");
  CHECK_FALSE(spec.filter);
  REQUIRE(spec.argument);
  CHECK(spec.argument->reads().fields == std::vector<std::size_t>{2});
  CHECK(compiled.program->reads().fields.empty());
  CHECK(compiled.program->reads().params == std::vector<std::size_t>{0});

  const auto results = per_household("sum(amount) >= params.min_household");
  CHECK(shown(results.at("H1")) == "true");  // 950.50
  CHECK(shown(results.at("H2")) == "true");
  const auto hardship_only =
      per_household("sum(amount, category == 'registered_hardship') >= params.min_household");
  CHECK(shown(hardship_only.at("H1")) == "false");  // 550.50
  CHECK(shown(hardship_only.at("H2")) == "true");
}

TEST_CASE("every aggregate", "[aggregate]") {
  CHECK(shown(per_household("sum(amount)").at("H1")) == "950.50");
  CHECK(shown(per_household("sum(household_size)").at("H1")) == "9");
  CHECK(shown(per_household("count()").at("H1")) == "3");
  CHECK(shown(per_household("count(category == 'frontline')").at("H1")) == "1");
  CHECK(shown(per_household("count(category == 'frontline')").at("H2")) == "0");
  CHECK(shown(per_household("count_distinct(id_number)").at("H1")) == "2");
  CHECK(shown(per_household("count_distinct(amount)").at("H1")) == "3");
  CHECK(shown(per_household("min(amount)").at("H1")) == "250.50");
  CHECK(shown(per_household("max(amount)").at("H1")) == "400");
  CHECK(shown(per_household("avg(amount)").at("H1")) == "316.8333333333");
  CHECK(shown(per_household("any(category == 'frontline')").at("H1")) == "true");
  CHECK(shown(per_household("all(category == 'frontline')").at("H1")) == "false");
  CHECK(shown(per_household("all(amount > 0)").at("H2")) == "true");
  // Scalar min/max of two values still work around aggregates.
  CHECK(shown(per_household("min(sum(amount), 700)").at("H1")) == "700");
  // The key field may be read outside aggregates.
  CHECK(shown(per_household("household_id + ':' + string(count())").at("H2")) == "H2:1");
}

TEST_CASE("an aggregate over no rows", "[aggregate]") {
  const auto avg = per_household("avg(amount, category == 'frontline') > 0");
  CHECK(avg.at("H2").error == EvalErrorKind::InvalidArgument);
  CHECK(avg.at("H2").error_message ==
        "avg(amount, (category == \"frontline\")) has no rows to fold");
  CHECK(shown(per_household("sum(amount, category == 'frontline')").at("H2")) == "0");
}

TEST_CASE("states of slices merge into the state of the whole", "[aggregate]") {
  for (const AggregateKind kind :
       {AggregateKind::Sum, AggregateKind::Count, AggregateKind::CountDistinct, AggregateKind::Min,
        AggregateKind::Max, AggregateKind::Avg}) {
    const std::vector<Value> values{Value(Decimal::parse("1.50")), Value(3), Value(),
                                    Value(Decimal::parse("3.00")), Value(-2)};
    AggregateState whole(kind);
    for (const auto& v : values) whole.add(v);
    AggregateState first(kind);
    AggregateState second(kind);
    first.add(values[0]);
    first.add(values[1]);
    for (std::size_t i = 2; i < values.size(); ++i) second.add(values[i]);
    first.merge(second);
    CHECK(first.result().value == whole.result().value);
  }
  AggregateState distinct(AggregateKind::CountDistinct);
  for (const auto& v : {Value(600), Value(Decimal::parse("600.00")), Value("600"), Value()}) {
    distinct.add(v);
  }
  CHECK(distinct.result().value == Value(2));  // 600 == 600.00; "600" is a string; null skipped
  AggregateState sum(AggregateKind::Sum);
  sum.add(Value(std::numeric_limits<std::int64_t>::max()));
  sum.add(Value(1));
  CHECK(sum.result().error == EvalErrorKind::Overflow);
  AggregateState any(AggregateKind::Any);
  AggregateState later(AggregateKind::Any);
  later.add(Value(true));
  any.merge(later);
  CHECK(any.result().value == Value(true));
}

TEST_CASE("group expressions are checked", "[aggregate]") {
  const auto first_error = [](const std::string& text) {
    const GroupCompileResult compiled = compile_group(text, env(), {kHousehold});
    REQUIRE_FALSE(compiled.errors.empty());
    CHECK_FALSE(compiled.program);
    CHECK(compiled.aggregates.empty());
    return "@" + std::to_string(compiled.errors.front().offset) + ": " +
           compiled.errors.front().message;
  };
  CHECK(first_error("amount > 0") ==
        "@0: 'amount' differs from row to row in a group: use it inside an aggregate such as "
        "sum(amount) or count_distinct(amount)");
  CHECK(first_error("sum(sum(amount)) > 0") ==
        "@4: aggregates cannot be nested: 'sum' inside another");
  CHECK(first_error("sum(id_number) > 0") == "@0: no sum() of string: it needs numbers");
  CHECK(first_error("count(amount) > 0") ==
        "@6: count(): the condition must be a bool, not decimal");
  CHECK(first_error("sum(amonut) > 0") == "@4: unknown name 'amonut'; did you mean 'amount'?");
  // Two arguments make max() the scalar function, which cannot read a row's amount.
  CHECK(first_error("max(amount, 600) > 0").find("'amount' differs") != std::string::npos);
  CHECK(first_error("any(amount)") == "@0: no any() of decimal: it needs a condition");
  CHECK(first_error("count(amount > 0, amount < 9)") ==
        "@0: count() in a group rule takes 0 or 1 arguments, not 2");
  CHECK(first_error("sum(amount) > 0 && count() > '1'") ==
        "@27: cannot compare int with string using '>'");

  const auto record = compile("sum(amount) > 0", env());
  REQUIRE(record.errors.size() == 1);
  CHECK(record.errors[0].message ==
        "'sum' folds a group of rows; it is only allowed in group rules");
}
