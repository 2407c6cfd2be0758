// Value: types, accessors, text and literal forms, and expression equality.

#include <catch2/catch.hpp>

#include <string>

#include "fundrules/error.hpp"
#include "fundrules/value.hpp"

using Catch::Matchers::Contains;
using fundrules::Date;
using fundrules::Decimal;
using fundrules::Value;
using fundrules::ValueError;
using fundrules::ValueList;
using fundrules::ValueType;

TEST_CASE("type names are the lower-case names rulesets use", "[value]") {
  CHECK(fundrules::type_name(ValueType::Null) == "null");
  CHECK(fundrules::type_name(ValueType::Bool) == "bool");
  CHECK(fundrules::type_name(ValueType::Int) == "int");
  CHECK(fundrules::type_name(ValueType::Decimal) == "decimal");
  CHECK(fundrules::type_name(ValueType::String) == "string");
  CHECK(fundrules::type_name(ValueType::Date) == "date");
  CHECK(fundrules::type_name(ValueType::List) == "list");
}

TEST_CASE("each constructor gives its type and accessor", "[value]") {
  CHECK(Value().is_null());
  CHECK(Value(nullptr).type() == ValueType::Null);
  CHECK(Value(true).as_bool());
  CHECK(Value(42).as_int() == 42);
  CHECK(Value(std::int64_t{-7}).type() == ValueType::Int);
  CHECK(Value(Decimal::parse("1.50")).as_decimal().to_string() == "1.50");
  CHECK(Value("张三").as_string() == "张三");
  CHECK(Value(std::string("x")).type() == ValueType::String);
  CHECK(Value(Date::from_ymd(2024, 1, 15)).as_date() == Date::from_ymd(2024, 1, 15));
  const Value list(ValueList{Value(1), Value("a")});
  CHECK(list.type() == ValueType::List);
  CHECK(list.as_list().size() == 2);
  // Copies share the list.
  const Value copy = list;
  CHECK(&copy.as_list() == &list.as_list());
}

TEST_CASE("accessors of the wrong type throw ValueError naming both types", "[value]") {
  CHECK_THROWS_AS(Value(1).as_bool(), ValueError);
  CHECK_THROWS_WITH(Value("600").as_decimal(), Contains("expected a decimal value, got string"));
  CHECK_THROWS_WITH(Value().as_int(), Contains("got null"));
  CHECK_THROWS_AS(Value(true).as_string(), ValueError);
  CHECK_THROWS_AS(Value(1).as_date(), ValueError);
  CHECK_THROWS_AS(Value(Decimal(1)).as_int(), ValueError);
  CHECK_THROWS_AS(Value("x").as_list(), ValueError);
}

TEST_CASE("to_string() is plain text for messages", "[value]") {
  CHECK(Value().to_string() == "null");
  CHECK(Value(false).to_string() == "false");
  CHECK(Value(-3).to_string() == "-3");
  CHECK(Value(Decimal::parse("1500.00")).to_string() == "1500.00");
  CHECK(Value("王五").to_string() == "王五");
  CHECK(Value(Date::from_ymd(2017, 9, 30)).to_string() == "2017-09-30");
  CHECK(Value(ValueList{Value(1), Value("a b"), Value()}).to_string() == "[1, a b, null]");
  CHECK(Value(ValueList{}).to_string() == "[]");
}

TEST_CASE("to_literal() quotes and escapes like an expression would", "[value]") {
  CHECK(Value().to_literal() == "null");
  CHECK(Value(true).to_literal() == "true");
  CHECK(Value(600).to_literal() == "600");
  CHECK(Value(Decimal::parse("600.00")).to_literal() == "decimal(\"600.00\")");
  CHECK(Value(Date::from_ymd(2024, 1, 15)).to_literal() == "date(\"2024-01-15\")");
  CHECK(Value("一线职工").to_literal() == "\"一线职工\"");
  CHECK(Value("say \"hi\"\\").to_literal() == R"("say \"hi\"\\")");
  CHECK(Value("a\nb\tc\r").to_literal() == R"("a\nb\tc\r")");
  CHECK(Value(std::string("\x01\x7f", 2)).to_literal() == R"("\x01\x7f")");
  CHECK(Value(ValueList{Value("a"), Value(2)}).to_literal() == R"(["a", 2])");
}

TEST_CASE("equality: int and decimal by value, other types never equal", "[value]") {
  CHECK(Value(600) == Value(Decimal::parse("600.00")));
  CHECK(Value(Decimal::parse("600.0")) == Value(600));
  CHECK(Value(Decimal::parse("600.5")) != Value(600));
  CHECK(Value(Decimal::parse("0.10")) == Value(Decimal::parse("0.1")));
  CHECK(Value("600") != Value(600));
  CHECK(Value(true) != Value(1));
  CHECK(Value() == Value());
  CHECK(Value() != Value(0));
  CHECK(Value("a") == Value(std::string("a")));
  CHECK(Value(Date::from_ymd(2024, 1, 15)) == Value(Date::parse("2024/1/15")));
  CHECK(Value(Date::from_ymd(2024, 1, 15)) != Value("2024-01-15"));
  CHECK(Value(ValueList{Value(1), Value("a")}) == Value(ValueList{Value(Decimal(1)), Value("a")}));
  CHECK(Value(ValueList{Value(1)}) != Value(ValueList{Value(1), Value(2)}));
  CHECK(Value(ValueList{Value(1)}) != Value(ValueList{Value(2)}));
}
