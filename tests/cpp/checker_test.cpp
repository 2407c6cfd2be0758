// Type checking against an Environment: result types, unknown names with suggestions, wrong
// argument types, and every error collected at its offset.

#include <catch2/catch.hpp>
#include <string>

#include "expr/expr.hpp"
#include "expr/types.hpp"

using fundrules::ValueType;
using fundrules::expr::compile;
using fundrules::expr::CompileResult;
using fundrules::expr::Environment;
using fundrules::expr::list_type;
using fundrules::expr::type_of;

namespace {

// A roster as the bundled rulesets see it.
Environment roster() {
  Environment env;
  env.add_field("name", type_of(ValueType::String), 0);
  env.add_field("id_number", type_of(ValueType::String), 1);
  env.add_field("category", type_of(ValueType::String), 2);
  env.add_field("amount", type_of(ValueType::Decimal), 3);
  env.add_field("payment_method", type_of(ValueType::String), 4);
  env.add_field("bank_card", type_of(ValueType::String), 5);
  env.add_field("paid_on", type_of(ValueType::Date), 6);
  env.add_field("household_size", type_of(ValueType::Int), 7);
  env.add_param("min_household", type_of(ValueType::Decimal), 0);
  env.add_param("frontline_cap", type_of(ValueType::Decimal), 1);
  env.add_param("card_categories", list_type(ValueType::String, false), 2);
  env.add_param("deadline", type_of(ValueType::Date), 3);
  env.add_variable("today", type_of(ValueType::Date), 0);
  return env;
}

// The type of a well-typed expression, or its first error as "@offset: message".
std::string type_or_error(const std::string& text) {
  const CompileResult result = compile(text, roster());
  if (!result.program) {
    REQUIRE_FALSE(result.errors.empty());
    return "@" + std::to_string(result.errors.front().offset) + ": " +
           result.errors.front().message;
  }
  CHECK(result.errors.empty());
  return result.program->result_type().to_string();
}

}  // namespace

TEST_CASE("result types of well-typed rules", "[checker]") {
  CHECK(type_or_error("amount >= params.min_household") == "bool");
  CHECK(type_or_error("category == '困难职工' && amount >= 600") == "bool");
  CHECK(type_or_error("amount * 2") == "decimal");
  CHECK(type_or_error("household_size + 1") == "int");
  CHECK(type_or_error("household_size * 1.5") == "decimal");
  CHECK(type_or_error("name + '先生'") == "string");
  CHECK(type_or_error("paid_on + 30") == "date");
  CHECK(type_or_error("params.deadline - paid_on") == "int");
  CHECK(type_or_error("category in params.card_categories") == "bool");
  CHECK(type_or_error("['a', 'b']") == "list(string)");
  CHECK(type_or_error("[1, 'b']") == "list");
  CHECK(type_or_error("amount > 500 ? amount : 500") == "decimal");
  CHECK(type_or_error("has(bank_card) ? bank_card : ''") == "string");
  CHECK(type_or_error("row.amount") == "decimal");
  CHECK(type_or_error("today") == "date");
  CHECK(type_or_error("min(amount, params.frontline_cap)") == "decimal");
  CHECK(type_or_error("max([1, 2, 3])") == "int");
  CHECK(type_or_error("round(amount / 3, 2)") == "decimal");
  CHECK(type_or_error("size(params.card_categories)") == "int");
  CHECK(type_or_error("id_number.size() == 18") == "bool");
  CHECK(type_or_error("bank_card == null") == "bool");
  CHECK(type_or_error("null") == "null");
}

TEST_CASE("unknown names suggest what was probably meant", "[checker]") {
  CHECK(type_or_error("amout > 0") == "@0: unknown name 'amout'; did you mean 'amount'?");
  CHECK(type_or_error("amount >= params.min_houshold") ==
        "@17: unknown parameter 'params.min_houshold'; did you mean 'params.min_household'?");
  CHECK(type_or_error("amount >= min_household") ==
        "@10: unknown name 'min_household'; did you mean 'params.min_household'?");
  CHECK(type_or_error("zzz > 0") == "@0: unknown name 'zzz'");
  CHECK(type_or_error("params > 0") ==
        "@0: 'params' must be followed by a parameter name, e.g. params.cap");
  CHECK(type_or_error("row.nmae") == "@4: unknown field 'nmae'; did you mean 'name'?");
  CHECK(type_or_error("is_bankcard(bank_card)") ==
        "@0: unknown function 'is_bankcard'; did you mean 'is_bank_card'?");
  CHECK(type_or_error("name.sise()") == "@5: unknown function 'sise'; did you mean 'size'?");
}

TEST_CASE("wrong argument types and arities", "[checker]") {
  CHECK(type_or_error("size(amount)") == "@0: size() takes a string or a list, not decimal");
  CHECK(type_or_error("is_bank_card(amount)") == "@0: no overload of is_bank_card(decimal)");
  CHECK(type_or_error("upper(amount)") == "@0: no overload of upper(decimal)");
  CHECK(type_or_error("upper(name)") == "string");
  CHECK(type_or_error("name.startsWith(1)") == "@5: no overload of startsWith(string, int)");
  CHECK(type_or_error("size()") == "@0: size() takes 1 argument, not 0");
  CHECK(type_or_error("round(amount, 2, 3)") == "@0: round() takes 1 or 2 arguments, not 3");
  CHECK(type_or_error("min(name, amount)") ==
        "@0: min() needs numbers, strings or dates of one kind");
  CHECK(type_or_error("date(amount)") ==
        "@0: date() takes a string such as \"2024-01-15\", not decimal");
  CHECK(type_or_error("year(name)") == "@0: no overload of year(string)");
  CHECK(type_or_error("name.matches('[')").find("invalid regular expression") != std::string::npos);
}

TEST_CASE("operators need operands of the right types", "[checker]") {
  CHECK(type_or_error("!amount") == "@0: '!' needs a bool, not decimal");
  CHECK(type_or_error("-name") == "@0: '-' needs a number, not string");
  CHECK(type_or_error("amount && true") == "@7: '&&' needs bools, not decimal");
  CHECK(type_or_error("amount == '600'") ==
        "@7: '==' compares decimal with string, which are never equal");
  CHECK(type_or_error("name < 1") == "@5: cannot compare string with int using '<'");
  CHECK(type_or_error("name - 1") == "@5: no '-' for string and int");
  CHECK(type_or_error("'x' in amount") == "@4: 'in' needs a list on its right, not decimal");
  CHECK(type_or_error("amount in params.card_categories") ==
        "@7: 'in' looks for a decimal in a list(string), where it can never be");
  CHECK(type_or_error("amount > 0 ? name : 1") ==
        "@11: the branches of '?:' have different types: string and int");
  CHECK(type_or_error("amount ? 1 : 2") == "@0: the condition of '?:' must be a bool, not decimal");
  CHECK(type_or_error("name[0]") == "@4: only a list can be indexed, not string");
  CHECK(type_or_error("name.first") ==
        "@5: a string has no field 'first' (only params.<name> and row.<field> select by name)");
  CHECK(type_or_error("sum(amount) > 0") ==
        "@0: 'sum' folds a group of rows; it is only allowed in group rules");
  CHECK(type_or_error("has(amount + 1)") ==
        "@4: has() takes a field or parameter name, e.g. has(bank_card)");
  CHECK(type_or_error("1.0000000000000000001 > 0").find("decimal literal") != std::string::npos);
}

TEST_CASE("every error is collected, in text order", "[checker]") {
  const CompileResult result =
      compile("amout > 0 && nmae == 'x' && size(amount) > 0 && !paid_on", roster());
  CHECK_FALSE(result.program);
  REQUIRE(result.errors.size() == 4);
  CHECK(result.errors[0].offset == 0);
  CHECK(result.errors[1].offset == 13);
  CHECK(result.errors[2].offset == 28);
  CHECK(result.errors[3].offset == 48);
  CHECK(result.errors[1].message == "unknown name 'nmae'; did you mean 'name'?");

  // A syntax error stops before checking: one error, at the syntax problem.
  const CompileResult syntax = compile("amout > (1", roster());
  REQUIRE(syntax.errors.size() == 1);
  CHECK(syntax.errors[0].offset == 10);
}

TEST_CASE("a program lists the fields, parameters and variables it reads", "[checker]") {
  const CompileResult result = compile(
      "amount >= params.min_household && (!has(bank_card) || is_bank_card(bank_card)) && "
      "is_cn_id(id_number) && amount <= params.frontline_cap",
      roster());
  REQUIRE(result.program);
  const auto& reads = result.program->reads();
  CHECK(reads.fields == std::vector<std::size_t>{1, 3, 5});
  CHECK(reads.params == std::vector<std::size_t>{0, 1});
  CHECK(reads.variables == std::vector<std::size_t>{0});  // is_cn_id reads `today`
}

TEST_CASE("dyn values pass the checker and are checked at run time", "[checker]") {
  CHECK(type_or_error("[1, 'a'][0] + 1") == "dyn");
  CHECK(type_or_error("[1, 'a'][1] == 1") == "bool");
}
