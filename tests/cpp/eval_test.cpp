// Evaluation: CEL semantics with exact decimals, error values, missing fields, every function,
// batches and threads.

#include <catch2/catch.hpp>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "expr/expr.hpp"
#include "expr/types.hpp"
#include "fundrules/table.hpp"

using fundrules::Column;
using fundrules::Date;
using fundrules::Decimal;
using fundrules::Table;
using fundrules::Value;
using fundrules::ValueType;
using fundrules::expr::Activation;
using fundrules::expr::compile;
using fundrules::expr::CompileResult;
using fundrules::expr::Environment;
using fundrules::expr::EvalErrorKind;
using fundrules::expr::EvalResult;
using fundrules::expr::evaluate_to_json;
using fundrules::expr::list_type;
using fundrules::expr::type_of;

namespace {

Environment roster_env() {
  Environment env;
  env.add_field("name", type_of(ValueType::String), 0);
  env.add_field("amount", type_of(ValueType::Decimal), 1);
  env.add_field("bank_card", type_of(ValueType::String), 2);
  env.add_field("paid_on", type_of(ValueType::Date), 3);
  env.add_field("household_size", type_of(ValueType::Int), 4);
  env.add_field("id_number", type_of(ValueType::String), 5);
  env.add_param("min_household", type_of(ValueType::Decimal), 0);
  env.add_param("card_categories", list_type(ValueType::String, false), 1);
  env.add_param("unset", type_of(ValueType::Int), 2);
  env.add_variable("today", type_of(ValueType::Date), 0);
  return env;
}

// Three rows: a full one, one with no bank card and no size, one with a bad card.
Table roster_table() {
  Column name("name", ValueType::String);
  Column amount("amount", ValueType::Decimal);
  Column card("bank_card", ValueType::String);
  Column paid("paid_on", ValueType::Date);
  Column size("household_size", ValueType::Int);
  Column id("id_number", ValueType::String);
  name.append_string("张三");
  amount.append_decimal(Decimal::parse("650.50"));
  card.append_string("6225881414207430");
  paid.append_date(Date::from_ymd(2017, 1, 10));
  size.append_int(3);
  id.append_string("11010519491231002X");

  name.append_string("李四");
  amount.append_decimal(Decimal::parse("500"));
  card.append_null();
  paid.append_date(Date::from_ymd(2017, 2, 6));
  size.append_null();
  id.append_string("440524188001010014");

  name.append_string("王五");
  amount.append_decimal(Decimal::parse("900.00"));
  card.append_string("6225881414207431");
  paid.append_date(Date::from_ymd(2017, 1, 20));
  size.append_int(1);
  id.append_string("110105194912310021");
  return Table({name, amount, card, paid, size, id});
}

const std::vector<Value> kParams{Value(Decimal::parse("600")),
                                 Value(fundrules::ValueList{"银行卡", "实名制签领"}), Value()};
const std::vector<Value> kVariables{Value(Date::from_ymd(2024, 1, 15))};

EvalResult run(const std::string& text, std::size_t row = 0) {
  static const Table table = roster_table();
  const CompileResult compiled = compile(text, roster_env());
  if (!compiled.program) FAIL(text << ": " << compiled.errors.front().message);
  const Activation activation{&kParams, &kVariables};
  return compiled.program->evaluate(&table, row, activation);
}

// The value as the CLI would print it, or "error(<kind>): message".
std::string show(const std::string& text, std::size_t row = 0) {
  const EvalResult result = run(text, row);
  if (!result.ok()) {
    return "error(" + std::to_string(static_cast<int>(result.error)) + "): " + result.error_message;
  }
  // Strings quoted, to tell "12" from 12; decimals and dates as plain text.
  return result.value.type() == ValueType::String ? result.value.to_literal()
                                                  : result.value.to_string();
}

bool truth(const std::string& text, std::size_t row = 0) {
  const EvalResult result = run(text, row);
  INFO(text << " -> " << result.error_message);
  REQUIRE(result.ok());
  REQUIRE(result.value.type() == ValueType::Bool);
  return result.value.as_bool();
}

EvalErrorKind error_of(const std::string& text, std::size_t row = 0) {
  const EvalResult result = run(text, row);
  return result.error;
}

}  // namespace

TEST_CASE("int arithmetic is checked 64-bit", "[eval]") {
  CHECK(show("1 + 2 * 3") == "7");
  CHECK(show("7 / 2") == "3");
  CHECK(show("-7 / 2") == "-3");
  CHECK(show("-7 % 3") == "-1");
  CHECK(show("9223372036854775807 - 1") == "9223372036854775806");
  CHECK(error_of("9223372036854775807 + 1") == EvalErrorKind::Overflow);
  CHECK(error_of("-9223372036854775808 - 1") == EvalErrorKind::Overflow);
  CHECK(error_of("4611686018427387904 * 2") == EvalErrorKind::Overflow);
  CHECK(error_of("-(-9223372036854775808 + 0)") == EvalErrorKind::Overflow);
  CHECK(error_of("-9223372036854775808 / -1") == EvalErrorKind::Overflow);
  CHECK(error_of("1 / 0") == EvalErrorKind::DivisionByZero);
  CHECK(error_of("1 % 0") == EvalErrorKind::DivisionByZero);
  CHECK(run("1 / 0").error_message == "division by zero");
}

TEST_CASE("decimals are exact and mix with ints", "[eval]") {
  CHECK(show("0.1 + 0.2") == "0.3");
  CHECK(truth("0.1 + 0.2 == 0.3"));
  CHECK(show("amount + 100") == "750.50");
  CHECK(show("amount * 2") == "1301.00");
  CHECK(show("household_size * 1.5") == "4.5");
  CHECK(truth("600 <= 650.50"));
  CHECK(truth("600 == 600.00"));
  CHECK(truth("amount > params.min_household"));
  CHECK_FALSE(truth("amount > params.min_household", 1));
  // Division keeps ten places, rounded half-even, without trailing zeros beyond the dividend's.
  CHECK(show("1.00 / 3") == "0.3333333333");
  CHECK(show("2.00 / 3") == "0.6666666667");
  CHECK(show("1000.00 / 4") == "250.00");
  CHECK(show("10.0 / 4") == "2.5");
  CHECK(show("1 / 4.0") == "0.25");
  CHECK(show("7.5 % 2") == "1.5");
  CHECK(show("-7.5 % 2") == "-1.5");
  CHECK(error_of("amount / 0") == EvalErrorKind::DivisionByZero);
  CHECK(error_of("amount % 0.0") == EvalErrorKind::DivisionByZero);
  CHECK(error_of("9999999999999999999999999999999999999.0 * 100") == EvalErrorKind::Overflow);
  CHECK(show("-amount") == "-650.50");
}

TEST_CASE("strings, lists, dates and equality across types", "[eval]") {
  CHECK(show("name + '先生'") == "\"张三先生\"");
  CHECK(truth("'银行卡' in ['银行卡', '实名制签领']"));
  CHECK_FALSE(truth("'现金' in params.card_categories"));
  CHECK(truth("600 in [600.00, 700]"));
  CHECK(truth("household_size in [1, 2, name.size() + 1]"));
  CHECK(show("[1, 2] + [3]") == "[1, 2, 3]");
  CHECK(show("params.card_categories[1]") == "\"实名制签领\"");
  CHECK(error_of("[1, 2][2]") == EvalErrorKind::InvalidArgument);
  CHECK(truth("paid_on < date('2017-02-05')"));
  CHECK_FALSE(truth("paid_on < date('2017-02-05')", 1));
  CHECK(show("paid_on + 30") == "2017-02-09");
  CHECK(show("date('2017-03-01') - date('2017-02-01')") == "28");
  CHECK(show("paid_on - 10") == "2016-12-31");
  CHECK(truth("'a' < 'b' && '张' > 'a' && false < true"));
  CHECK_FALSE(truth("[1, 'a'][1] == 1"));
  CHECK(truth("[1, 'a'][1] != 1"));
  CHECK(truth("[1, 'a'] == [1, 'a']"));
  CHECK(truth("null == null"));
  CHECK(error_of("[1, 'a'][1] + 1") == EvalErrorKind::NoMatchingOverload);
  CHECK(error_of("[1, 'a'][1] < 1") == EvalErrorKind::NoMatchingOverload);
}

TEST_CASE("&& and || absorb errors the CEL way; ?: takes one branch", "[eval]") {
  CHECK_FALSE(truth("false && 1 / 0 == 1"));
  CHECK_FALSE(truth("1 / 0 == 1 && false"));
  CHECK(truth("true || 1 / 0 == 1"));
  CHECK(truth("1 / 0 == 1 || true"));
  CHECK(error_of("1 / 0 == 1 && true") == EvalErrorKind::DivisionByZero);
  CHECK(error_of("true && 1 / 0 == 1") == EvalErrorKind::DivisionByZero);
  CHECK(error_of("1 / 0 == 1 || false") == EvalErrorKind::DivisionByZero);
  // Both sides in error: the left one is reported.
  CHECK(error_of("1 / 0 == 1 || 9223372036854775807 + 1 > 0") == EvalErrorKind::DivisionByZero);
  CHECK(!truth("!true"));
  CHECK(show("true ? 1 : 1 / 0") == "1");
  CHECK(show("false ? 1 / 0 : 2") == "2");
  CHECK(show("amount > 700 ? amount : 700") == "700");
  CHECK(error_of("1 / 0 > 1 ? 1 : 2") == EvalErrorKind::DivisionByZero);
}

TEST_CASE("reading an empty field is a MissingField error unless guarded", "[eval]") {
  const EvalResult missing = run("is_bank_card(bank_card)", 1);
  CHECK(missing.error == EvalErrorKind::MissingField);
  CHECK(missing.error_message == "field 'bank_card' has no value");
  CHECK(truth("!has(bank_card) || is_bank_card(bank_card)", 1));
  CHECK(truth("has(bank_card) && is_bank_card(bank_card)", 0));
  CHECK_FALSE(truth("has(row.bank_card)", 1));
  CHECK(truth("bank_card == null", 1));
  CHECK_FALSE(truth("bank_card == null", 0));
  CHECK(truth("null != bank_card", 0));
  CHECK(truth("household_size == null || household_size > 0", 1));
  CHECK(run("household_size + 1", 1).error_message == "field 'household_size' has no value");
  CHECK(run("params.unset > 0").error == EvalErrorKind::MissingField);
  CHECK(run("params.unset > 0").error_message == "parameter 'params.unset' has no value");
  CHECK_FALSE(truth("has(params.unset)"));
  CHECK(truth("has(params.min_household) && has(today)"));
}

TEST_CASE("string functions", "[eval]") {
  CHECK(show("size('张三')") == "2");
  CHECK(show("name.size()") == "2");
  CHECK(show("size(params.card_categories)") == "2");
  CHECK(show("''.size()") == "0");
  CHECK(truth("name.startsWith('张')"));
  CHECK_FALSE(truth("name.startsWith('三')"));
  CHECK(truth("name.endsWith('三')"));
  CHECK(truth("contains(bank_card, '8814')"));
  CHECK_FALSE(truth("bank_card.contains('0000')"));
  CHECK(truth("bank_card.matches('^62[0-9]{14,17}$')"));
  CHECK_FALSE(truth("name.matches('^[a-z]+$')"));
  CHECK(truth("'abc'.matches('b')"));  // a search, as in CEL
}

TEST_CASE("upper() makes ASCII letters upper-case and leaves Chinese text alone", "[eval]") {
  CHECK(show("upper('11010519491231002x')") == "\"11010519491231002X\"");
  CHECK(show("'张三abc'.upper()") == "\"张三ABC\"");
  CHECK(show("upper(id_number)") == "\"11010519491231002X\"");  // already upper-case
  CHECK(truth("upper('34012419620314287x') == upper('34012419620314287X')"));
  CHECK_FALSE(truth("'34012419620314287x' == '34012419620314287X'"));
  CHECK(error_of("upper(bank_card)", 1) == EvalErrorKind::MissingField);
}

TEST_CASE("conversions", "[eval]") {
  CHECK(show("int('42')") == "42");
  CHECK(show("int('-42')") == "-42");
  CHECK(show("int(-3.7)") == "-3");
  CHECK(show("int(3.99)") == "3");
  CHECK(show("int(7)") == "7");
  CHECK(error_of("int('4x')") == EvalErrorKind::InvalidArgument);
  CHECK(run("int('4x')").error_message == "int(\"4x\"): not an integer");
  CHECK(error_of("int('99999999999999999999')") == EvalErrorKind::Overflow);
  CHECK(error_of("int(99999999999999999999.5)") == EvalErrorKind::Overflow);
  CHECK(show("string(650.50)") == "\"650.50\"");
  CHECK(show("string(12)") == "\"12\"");
  CHECK(show("string(paid_on)") == "\"2017-01-10\"");
  CHECK(show("string(true)") == "\"true\"");
  CHECK(show("decimal('1,500.00')") == "1500.00");
  CHECK(show("decimal('63.04万')") == "630400");
  CHECK(show("decimal(600)") == "600");
  CHECK(error_of("decimal('abc')") == EvalErrorKind::InvalidArgument);
  CHECK(show("date('2024年1月15日')") == "2024-01-15");
  CHECK(truth("date('2024/1/15') == date('2024-01-15')"));
  CHECK(error_of("date('2024-02-30')") == EvalErrorKind::InvalidArgument);
  CHECK(run("date('2024-02-30')").error_message.find("29 days") != std::string::npos);
}

TEST_CASE("numeric and date functions", "[eval]") {
  CHECK(show("min(3, 1, 2)") == "1");
  CHECK(show("max(600, amount)") == "650.50");
  CHECK(show("min(600, amount)") == "600");  // a decimal: one argument is
  CHECK(run("min(600, amount)").value.type() == ValueType::Decimal);
  CHECK(show("max([3, 9, 4])") == "9");
  CHECK(show("min(['b', 'a'])") == "\"a\"");
  CHECK(show("max(paid_on, date('2017-01-01'))") == "2017-01-10");
  CHECK(error_of("max([])") == EvalErrorKind::InvalidArgument);
  CHECK(show("abs(-5)") == "5");
  CHECK(show("abs(-650.50)") == "650.50");
  CHECK(show("abs(5)") == "5");
  CHECK(error_of("abs(-9223372036854775808)") == EvalErrorKind::Overflow);
  CHECK(show("round(2.675, 2)") == "2.68");
  CHECK(show("round(2.665, 2)") == "2.66");  // half-even
  CHECK(show("round(2.5)") == "2");
  CHECK(show("round(3.5)") == "4");
  CHECK(show("round(7, 2)") == "7");
  CHECK(show("round(amount / 3, 2)") == "216.83");
  CHECK(error_of("round(1.5, 19)") == EvalErrorKind::InvalidArgument);
  CHECK(show("year(paid_on)") == "2017");
  CHECK(show("paid_on.month()") == "1");
  CHECK(show("day(paid_on)") == "10");
}

TEST_CASE("format predicates of rosters", "[eval]") {
  CHECK(truth("is_cn_id(id_number)", 0));
  CHECK(truth("is_cn_id(id_number)", 1));
  CHECK_FALSE(truth("is_cn_id(id_number)", 2));  // wrong check character
  CHECK(truth("is_bank_card(bank_card)", 0));
  CHECK_FALSE(truth("is_bank_card(bank_card)", 2));
  CHECK(truth("is_cn_mobile('13812345678')"));
  CHECK_FALSE(truth("is_cn_mobile('12812345678')"));
  CHECK(truth("is_uscc('13530103015119637B')"));
  CHECK_FALSE(truth("is_uscc('13530103015119637A')"));

  // The birth date may not be after `today`, which the caller binds (the as-of date).
  Environment env;
  env.add_variable("today", type_of(ValueType::Date), 0);
  const CompileResult compiled = compile("is_cn_id('110105202401200010')", env);
  REQUIRE(compiled.program);
  const std::vector<Value> before{Value(Date::from_ymd(2024, 1, 19))};
  const std::vector<Value> after{Value(Date::from_ymd(2024, 1, 21))};
  const Activation early{nullptr, &before};
  const Activation late{nullptr, &after};
  const EvalResult born_later = compiled.program->evaluate(nullptr, 0, early);
  const EvalResult born_before = compiled.program->evaluate(nullptr, 0, late);
  REQUIRE(born_later.ok());
  REQUIRE(born_before.ok());
  CHECK_FALSE(born_later.value.as_bool());
  CHECK(born_before.value.as_bool());
}

TEST_CASE("a batch gives what row-by-row evaluation gives", "[eval]") {
  const Table table = roster_table();
  const CompileResult compiled =
      compile("amount >= params.min_household && is_bank_card(bank_card)", roster_env());
  REQUIRE(compiled.program);
  const Activation activation{&kParams, &kVariables};
  std::vector<EvalResult> batch;
  compiled.program->evaluate_batch(table, 0, table.num_rows(), activation, batch);
  REQUIRE(batch.size() == 3);
  CHECK(batch[0].value == Value(true));
  CHECK(batch[1].value == Value(false));  // 500 < 600 absorbs the missing card
  CHECK(batch[2].value == Value(false));
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const EvalResult single = compiled.program->evaluate(&table, row, activation);
    CHECK(single.error == batch[row].error);
    CHECK(single.value == batch[row].value);
  }
  compiled.program->evaluate_batch(table, 1, 3, activation, batch);
  REQUIRE(batch.size() == 2);
  CHECK(batch[0].value == Value(false));

  const CompileResult guarded = compile("is_bank_card(bank_card)", roster_env());
  guarded.program->evaluate_batch(table, 0, 3, activation, batch);
  CHECK(batch[0].ok());
  CHECK(batch[1].error == EvalErrorKind::MissingField);
  CHECK(batch[2].ok());
}

TEST_CASE("one program serves many threads", "[eval]") {
  Table table = roster_table();
  const CompileResult compiled =
      compile("name + string(amount) == name + string(amount) && amount > 0", roster_env());
  REQUIRE(compiled.program);
  const Activation activation{&kParams, &kVariables};
  std::vector<int> trues(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const EvalResult r =
            compiled.program->evaluate(&table, static_cast<std::size_t>(i % 3), activation);
        if (r.ok() && r.value.as_bool()) ++trues[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : trues) CHECK(count == 2000);
}

TEST_CASE("fundrules eval prints JSON", "[eval]") {
  bool ok = false;
  CHECK(evaluate_to_json("600 <= 650.50 && \"银行卡\" in [\"银行卡\", \"实名制签领\"]", ok) ==
        R"({"type": "bool", "value": true})");
  CHECK(ok);
  CHECK(evaluate_to_json("1 + 2", ok) == R"({"type": "int", "value": 3})");
  CHECK(evaluate_to_json("650.50 * 2", ok) == R"({"type": "decimal", "value": "1301.00"})");
  CHECK(evaluate_to_json("date('2024/1/15')", ok) == R"({"type": "date", "value": "2024-01-15"})");
  CHECK(evaluate_to_json("'say \"hi\"\\n'", ok) ==
        R"({"type": "string", "value": "say \"hi\"\n"})");
  CHECK(evaluate_to_json("[1, 2.50, 'x']", ok) == R"({"type": "list", "value": [1, "2.50", "x"]})");
  CHECK(evaluate_to_json("null", ok) == R"({"type": "null", "value": null})");
  // Whatever bytes a string holds, the output is valid JSON: a byte that is not UTF-8 becomes
  // U+FFFD, control characters are escaped, Chinese text is kept as it is.
  CHECK(evaluate_to_json("'a\xff\x01"
                         "b' + '甲\x7f'",
                         ok) == R"({"type": "string", "value": "a\ufffd\u0001b甲\u007f"})");
  CHECK(evaluate_to_json("1 / 0", ok) == R"({"error": "division by zero"})");
  CHECK_FALSE(ok);
  CHECK(evaluate_to_json("amount > 0", ok) == R"({"error": "1:1: unknown name 'amount'"})");
  CHECK_FALSE(ok);
  CHECK(evaluate_to_json("(1 +", ok) ==
        R"({"error": "1:5: expected expression but found end of expression"})");
  CHECK(evaluate_to_json("x +\n y", ok) ==
        R"({"error": "1:1: unknown name 'x'; 2:2: unknown name 'y'"})");
}

TEST_CASE("random expressions compile or fail cleanly, and evaluate without crashing",
          "[eval][property]") {
  const char* fragments[] = {"amount",
                             "name",
                             "bank_card",
                             "paid_on",
                             "household_size",
                             "params.min_household",
                             "today",
                             "1",
                             "0",
                             "2.50",
                             "-",
                             "+",
                             "*",
                             "/",
                             "%",
                             "(",
                             ")",
                             "[",
                             "]",
                             ",",
                             " ? ",
                             " : ",
                             " && ",
                             " || ",
                             "!",
                             " == ",
                             " < ",
                             " >= ",
                             " in ",
                             "'张'",
                             "size(",
                             "max(",
                             "has(",
                             ".size()",
                             "int(",
                             "date('2017-01-31')",
                             "round(",
                             "abs(",
                             "string(",
                             "decimal(",
                             "null",
                             "true",
                             "params.card_categories",
                             "[1, 'a']",
                             "9223372036854775807",
                             ".startsWith('张')"};
  std::mt19937 random(20170120);  // fixed: a failure must reproduce
  std::uniform_int_distribution<std::size_t> pick(0, std::size(fragments) - 1);
  std::uniform_int_distribution<int> length(1, 10);
  const Table table = roster_table();
  const Environment env = roster_env();
  const Activation activation{&kParams, &kVariables};
  int evaluated = 0;
  std::vector<EvalResult> batch;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += fragments[pick(random)];
    const CompileResult compiled = compile(text, env);
    INFO(text);
    CHECK((compiled.program != nullptr) == compiled.errors.empty());
    if (!compiled.program) continue;
    ++evaluated;
    compiled.program->evaluate_batch(table, 0, table.num_rows(), activation, batch);
    for (std::size_t row = 0; row < table.num_rows(); ++row) {
      const EvalResult& result = batch[row];
      CHECK(result.ok() == (result.error == EvalErrorKind::None));
      if (!result.ok()) CHECK_FALSE(result.error_message.empty());
      // A well-typed program gives a value of its static type (or an error).
      const auto type = compiled.program->result_type();
      if (result.ok() && !type.dyn && !result.value.is_null()) {
        CHECK(result.value.type() == type.kind);
      }
    }
  }
  CHECK(evaluated > 500);
}
