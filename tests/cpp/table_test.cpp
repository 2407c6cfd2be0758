// Column and Table: typed storage, nulls, conversion of Values, and row origins.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fundrules/error.hpp"
#include "fundrules/table.hpp"

using Catch::Matchers::Contains;
using fundrules::Column;
using fundrules::Date;
using fundrules::Decimal;
using fundrules::Table;
using fundrules::Value;
using fundrules::ValueError;
using fundrules::ValueType;

TEST_CASE("a string column keeps every value, empty ones and nulls apart", "[table]") {
  Column names("name", ValueType::String);
  CHECK(names.name() == "name");
  CHECK(names.type() == ValueType::String);
  CHECK(names.size() == 0);
  names.append_string("张三");
  names.append_null();
  names.append_string("");
  names.append_string("李四");
  REQUIRE(names.size() == 4);
  CHECK(names.string_at(0) == "张三");
  CHECK(names.is_null(1));
  CHECK_FALSE(names.is_null(2));
  CHECK(names.string_at(2).empty());
  CHECK(names.string_at(3) == "李四");
  CHECK(names.value_at(0) == Value("张三"));
  CHECK(names.value_at(1).is_null());
  names.clear();
  CHECK(names.size() == 0);
  names.append_string("王五");
  CHECK(names.string_at(0) == "王五");
}

TEST_CASE("typed columns read back what was appended", "[table]") {
  Column flags("flag", ValueType::Bool);
  flags.append_bool(true);
  flags.append_bool(false);
  flags.append_null();
  CHECK(flags.bool_at(0));
  CHECK_FALSE(flags.bool_at(1));
  CHECK(flags.is_null(2));
  CHECK(flags.value_at(0) == Value(true));

  Column counts("count", ValueType::Int);
  counts.append_int(-5);
  counts.append_int(INT64_MAX);
  CHECK(counts.int_at(0) == -5);
  CHECK(counts.value_at(1) == Value(std::int64_t{INT64_MAX}));

  Column amounts("amount", ValueType::Decimal);
  amounts.reserve(3);
  amounts.append_decimal(Decimal::parse("1500.00"));
  amounts.append_null();
  amounts.append_int(600);  // an int into a decimal column becomes a decimal
  CHECK(amounts.decimal_at(0).to_string() == "1500.00");
  CHECK(amounts.is_null(1));
  CHECK(amounts.value_at(2).type() == ValueType::Decimal);
  CHECK(amounts.decimal_at(2) == Decimal(600));

  Column dates("paid_on", ValueType::Date);
  dates.append_date(Date::from_ymd(2024, 1, 15));
  dates.append_date(Date::from_ymd(1960, 2, 29));
  CHECK(dates.date_at(0) == Date::from_ymd(2024, 1, 15));
  CHECK(dates.value_at(1) == Value(Date::from_ymd(1960, 2, 29)));
}

TEST_CASE("append(Value) converts ints and rejects other types", "[table]") {
  Column amounts("amount", ValueType::Decimal);
  amounts.append(Value(Decimal::parse("0.5")));
  amounts.append(Value(3));
  amounts.append(Value());
  CHECK(amounts.size() == 3);
  CHECK(amounts.value_at(1) == Value(Decimal(3)));
  CHECK(amounts.is_null(2));
  CHECK_THROWS_WITH(amounts.append(Value("600")),
                    Contains("column \"amount\" holds decimal values, not string"));
  CHECK(amounts.size() == 3);  // nothing half-appended

  Column names("name", ValueType::String);
  CHECK_THROWS_AS(names.append(Value(1)), ValueError);
  CHECK_THROWS_AS(names.append_int(1), ValueError);
  CHECK(names.size() == 0);
  Column days("d", ValueType::Date);
  days.append(Value(Date::from_ymd(2024, 3, 1)));
  CHECK_THROWS_AS(days.append(Value(Decimal(1))), ValueError);
  CHECK_THROWS_AS(Column("list", ValueType::List), ValueError);
  CHECK_THROWS_AS(Column("nothing", ValueType::Null), ValueError);
}

TEST_CASE("a million-row string column is stored contiguously", "[table]") {
  Column ids("id", ValueType::String);
  ids.reserve(1000000);
  for (int i = 0; i < 1000000; ++i) ids.append_string(std::to_string(i));
  REQUIRE(ids.size() == 1000000);
  CHECK(ids.string_at(999999) == "999999");
  CHECK(ids.string_at(0) == "0");
  // Neighbouring cells are neighbours in one buffer.
  CHECK(ids.string_at(1).data() == ids.string_at(0).data() + 1);
}

TEST_CASE("a string column refilled after clear() holds only its new values", "[table]") {
  Column names("name", ValueType::String);
  for (int i = 0; i < 100; ++i) names.append_string("a long name number " + std::to_string(i));
  names.clear();
  names.append_string("短");
  names.append_null();
  names.append_string("");
  names.append_string("第二个名字");
  REQUIRE(names.size() == 4);
  CHECK(names.string_at(0) == "短");
  CHECK(names.is_null(1));
  CHECK(names.string_at(2).empty());
  CHECK(names.string_at(3) == "第二个名字");
  // A copy, and a copy refilled, keep their own values.
  Column copy = names;
  copy.clear();
  copy.append_string("copy");
  CHECK(copy.string_at(0) == "copy");
  CHECK(names.string_at(0) == "短");
  CHECK(names.value_at(3) == Value("第二个名字"));
}

namespace {
Table two_column_table(std::size_t rows) {
  Column names("name", ValueType::String);
  Column amounts("amount", ValueType::Decimal);
  for (std::size_t i = 0; i < rows; ++i) {
    names.append_string("n" + std::to_string(i));
    amounts.append_int(static_cast<std::int64_t>(i) * 100);
  }
  return Table({names, amounts});
}
}  // namespace

TEST_CASE("a table finds columns and refuses mismatched ones", "[table]") {
  Table table = two_column_table(3);
  CHECK(table.num_rows() == 3);
  CHECK(table.num_columns() == 2);
  REQUIRE(table.find("amount") != nullptr);
  CHECK(table.find("amount")->decimal_at(2) == Decimal(200));
  CHECK(table.find("missing") == nullptr);
  CHECK(table.column(0).name() == "name");
  CHECK_THROWS(table.column(5));
  Column short_column("phone", ValueType::String);
  short_column.append_string("13800138000");
  CHECK_THROWS_WITH(table.add_column(short_column), Contains("has 1 rows but the table has 3"));
  CHECK_THROWS_WITH(table.add_column(Column("name", ValueType::String)), Contains("already"));
  Column phones("phone", ValueType::String);
  for (int i = 0; i < 3; ++i) phones.append_null();
  table.add_column(phones);
  CHECK(table.num_columns() == 3);
  CHECK_THROWS_AS(Table({Column("a", ValueType::Int), Column("a", ValueType::Int)}), ValueError);
}

TEST_CASE("rows remember where they came from", "[table]") {
  Table table = two_column_table(3);
  CHECK(table.row_number(0) == 1);
  CHECK(table.row_number(2) == 3);
  CHECK(table.line(0) == 0);
  table.set_first_row_number(1001);
  CHECK(table.row_number(0) == 1001);
  CHECK(table.row_number(2) == 1003);
  // Row 2 of the file was unreadable and left out; row 4 starts on line 6 (a quoted newline).
  table.set_origins({1, 3, 4}, {2, 4, 6});
  CHECK(table.row_number(1) == 3);
  CHECK(table.line(2) == 6);
  table.set_origins({1, 2, 3}, {});
  CHECK(table.line(1) == 0);
  CHECK_THROWS_AS(table.set_origins({1, 2}, {}), ValueError);
  CHECK_THROWS_AS(table.set_origins({1, 2, 3}, {2, 3}), ValueError);
  table.set_source("名单.csv");
  CHECK(table.source() == "名单.csv");
}

TEST_CASE("a table without columns counts the rows it was given origins for", "[table]") {
  Table table;
  CHECK(table.num_rows() == 0);
  table.set_origins({1, 2, 5}, {2, 3, 6});
  CHECK(table.num_rows() == 3);
  CHECK(table.row_number(2) == 5);
  CHECK_THROWS_AS(table.add_column(Column("x", ValueType::Int)), ValueError);
  Column x("x", ValueType::Int);
  for (int i = 0; i < 3; ++i) x.append_int(i);
  table.add_column(x);
  CHECK(table.num_rows() == 3);
}
