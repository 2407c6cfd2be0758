// The CSV reader's cell conversion: its shortcuts for plain amounts, ISO dates and repeated enum
// spellings must give exactly what the general parsers give, and leave everything else to them.

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/decimal.hpp"
#include "fundrules/table.hpp"
#include "fundrules/value.hpp"
#include "io/cell_converter.hpp"

using fundrules::Date;
using fundrules::Decimal;
using fundrules::EnumValue;
using fundrules::FieldSpec;
using fundrules::ValueType;
using fundrules::io::Cell;
using fundrules::io::CellConverter;

namespace {

// Same value and same scale, word for word: "600" and "600.00" are equal but print apart.
bool identical(const Decimal& a, const Decimal& b) {
  return a.raw_high() == b.raw_high() && a.raw_low() == b.raw_low() && a.scale() == b.scale();
}

const std::vector<std::string> kNumberTexts = {"0",
                                               "600",
                                               "600.00",
                                               "0600.5",
                                               "00",
                                               "0.0",
                                               "0.05",
                                               "1500.25",
                                               "999999999999999999",
                                               "99999999999999999.9",
                                               "9999999999999999999",
                                               "12345678901234567.89",
                                               ".5",
                                               "600.",
                                               "1,500.00",
                                               "-600",
                                               "+600",
                                               "600元",
                                               "25万",
                                               "1e3",
                                               "6 00",
                                               "600..0",
                                               "",
                                               "x",
                                               "１２",
                                               "0.1234567890123456789",
                                               "1.000000000000000000",
                                               "18446744073709551616"};

const std::vector<std::string> kDateTexts = {
    "2016-12-29",  "2016-02-29", "2017-02-29", "2000-02-29",     "1900-02-29", "0000-01-01",
    "0001-01-01",  "9999-12-31", "2016-13-01", "2016-00-10",     "2016-12-00", "2016-12-32",
    "2016-1-29",   "2016/12/29", "20161229",   "2016年12月29日", "2016-12-2x", "201６-12-29",
    "2016-12-29 ", "-016-12-29", "2016+12-29", "2016-04-31"};

FieldSpec number_field(bool money) {
  FieldSpec field;
  field.name = "amount";
  field.type = ValueType::Decimal;
  field.money = money;
  return field;
}

}  // namespace

TEST_CASE("plain amounts read as the general money and number parsers read them", "[csv]") {
  for (const std::string& text : kNumberTexts) {
    INFO(text);
    Decimal fast;
    const bool taken = fundrules::io::parse_plain_decimal(text, fast);
    if (!taken) continue;
    const std::optional<Decimal> money = Decimal::try_parse_money(text);
    const std::optional<Decimal> plain = Decimal::try_parse(text);
    REQUIRE(money.has_value());
    REQUIRE(plain.has_value());
    CHECK(identical(fast, *money));
    CHECK(identical(fast, *plain));
  }
  Decimal out;
  CHECK(fundrules::io::parse_plain_decimal("600.00", out));
  CHECK(out.to_string() == "600.00");
  // Eighteen digits fit the coefficient and take the shortcut; a nineteenth leaves it.
  CHECK(fundrules::io::parse_plain_decimal("999999999999999999", out));
  CHECK(out.to_string() == "999999999999999999");
  CHECK(fundrules::io::parse_plain_decimal("99999999999999999.9", out));
  CHECK(out.to_string() == "99999999999999999.9");
  // Everything unusual is left to the general parsers, which know how to say what is wrong.
  for (const char* text : {"-600", "1,500.00", "600元", ".5", "600.", "", "9999999999999999999"}) {
    INFO(text);
    CHECK_FALSE(fundrules::io::parse_plain_decimal(text, out));
  }
}

TEST_CASE("a converter gives the same cells with and without its shortcuts", "[csv]") {
  for (const bool money : {true, false}) {
    const FieldSpec field = number_field(money);
    CellConverter converter(field);
    for (const std::string& text : kNumberTexts) {
      INFO(text << (money ? " as money" : " as a number"));
      Cell cell;
      std::string message;
      const bool ok = !text.empty() && converter.convert(text, cell, message);
      const std::optional<Decimal> expected =
          money ? Decimal::try_parse_money(text)
                : (Decimal::try_parse(text) ? Decimal::try_parse(text)
                                            : Decimal::try_parse_money(text));
      CHECK(ok == (expected.has_value() && !text.empty()));
      if (ok) CHECK(identical(cell.decimal, *expected));
      if (!ok && !text.empty()) CHECK_FALSE(message.empty());
    }
  }
}

TEST_CASE("ISO dates read as Date::try_parse reads them; other spellings go to it", "[csv]") {
  FieldSpec field;
  field.name = "paid_on";
  field.type = ValueType::Date;
  CellConverter converter(field);
  for (const std::string& text : kDateTexts) {
    INFO(text);
    std::int64_t days = 0;
    const std::optional<Date> expected = Date::try_parse(text);
    if (fundrules::io::parse_iso_date(text, days)) {
      REQUIRE(expected.has_value());
      CHECK(days == expected->days_since_epoch());
    }
    Cell cell;
    std::string message;
    const bool ok = converter.convert(text, cell, message);
    CHECK(ok == expected.has_value());
    if (ok) CHECK(cell.integer == expected->days_since_epoch());
    if (!ok) CHECK_THAT(message, Catch::Matchers::Contains("is not a date"));
  }
}

TEST_CASE("every ISO date from 1899 to 2101 reads as Date::try_parse reads it", "[csv]") {
  // Month lengths, leap years (1900 is none, 2000 is one) and every day count in between.
  char text[11] = {};
  for (int year = 1899; year <= 2101; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 0; day <= 32; ++day) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        const std::optional<Date> expected = Date::try_parse(text);
        std::int64_t days = 0;
        const bool taken = fundrules::io::parse_iso_date(text, days);
        INFO(text);
        REQUIRE(taken == expected.has_value());
        if (taken) REQUIRE(days == expected->days_since_epoch());
      }
    }
  }
  std::int64_t days = 0;
  REQUIRE(fundrules::io::parse_iso_date("1970-01-01", days));
  CHECK(days == 0);
  REQUIRE(fundrules::io::parse_iso_date("0001-01-01", days));
  CHECK(days == Date::from_ymd(1, 1, 1).days_since_epoch());
  REQUIRE(fundrules::io::parse_iso_date("9999-12-31", days));
  CHECK(days == Date::from_ymd(9999, 12, 31).days_since_epoch());
}

TEST_CASE("enum spellings map to their codes however often and in whatever order they come",
          "[csv]") {
  FieldSpec field;
  field.name = "category";
  field.values = {{"filed", "建档在册困难职工", "filed hardship worker", {"建档困难职工"}},
                  {"unfiled", "非建档困难职工", "", {}},
                  {"model", "劳模", "", {"全国劳模", "省劳模"}}};
  CellConverter converter(field);
  const std::vector<std::string> texts = {"建档在册困难职工", "非建档困难职工", "劳模",
                                          "全国劳模",         "省劳模",         "filed",
                                          "建档困难职工",     "其他",           "unfiled"};
  // Several rounds: the first fills the converter's memory of spellings, later ones use it.
  for (int round = 0; round < 3; ++round) {
    for (const std::string& text : texts) {
      INFO(text << " in round " << round);
      Cell cell;
      std::string message;
      const std::optional<std::string> code = field.enum_code(text);
      const bool ok = converter.convert(text, cell, message);
      REQUIRE(ok == code.has_value());
      if (ok) {
        CHECK(cell.text == *code);
      } else {
        CHECK_THAT(message, Catch::Matchers::Contains("not one of the allowed values"));
      }
    }
  }
  // Past the remembered spellings (free text in an enum column) lookups still answer right.
  for (int i = 0; i < 3000; ++i) {
    Cell cell;
    std::string message;
    CHECK_FALSE(converter.convert("其他" + std::to_string(i), cell, message));
  }
  Cell cell;
  std::string message;
  REQUIRE(converter.convert("省劳模", cell, message));
  CHECK(cell.text == "model");
  REQUIRE(converter.convert("新写法", cell, message) == false);
}

TEST_CASE("enum spellings that differ only in their middle bytes are told apart", "[csv]") {
  // The converter remembers spellings by a hash of their length and first and last bytes and
  // compares them eight bytes at a time: spellings of every length from 1 to 40 bytes, each
  // with twins that differ in one byte only, must still map to their own codes.
  FieldSpec field;
  field.name = "level";
  std::vector<std::string> labels;
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; at += 3) {
      std::string label(length, 'a');
      label[at] = 'b';
      labels.push_back(label);
    }
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    field.values.push_back({"c" + std::to_string(i), labels[i], "", {}});
  }
  CellConverter converter(field);
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      INFO(labels[i] << " in round " << round);
      Cell cell;
      std::string message;
      REQUIRE(converter.convert(labels[i], cell, message));
      CHECK(cell.text == "c" + std::to_string(i));
      // The same length, one byte off from every label: not a value.
      std::string twin = labels[i];
      twin[twin.size() - 1 - (i % twin.size())] = 'z';
      CHECK_FALSE(converter.convert(twin, cell, message));
    }
  }
}

TEST_CASE("converting straight into a column gives the column convert and append give", "[csv]") {
  // The reader's path (convert_append) against the general one (convert, then append), for
  // every kind of field and texts both good and bad: the same values and nulls, the same
  // messages, and nothing appended for a bad cell.
  FieldSpec money = number_field(true);
  FieldSpec number = number_field(false);
  FieldSpec date;
  date.name = "paid_on";
  date.type = ValueType::Date;
  FieldSpec text;
  text.name = "name";
  FieldSpec category;
  category.name = "category";
  category.values = {{"filed", "建档在册困难职工", "", {}}, {"unfiled", "非建档困难职工", "", {}}};
  FieldSpec count;
  count.name = "members";
  count.type = ValueType::Int;
  FieldSpec flag;
  flag.name = "on_file";
  flag.type = ValueType::Bool;
  std::vector<std::string> texts = kNumberTexts;
  texts.insert(texts.end(), kDateTexts.begin(), kDateTexts.end());
  for (const char* more :
       {"建档在册困难职工", "非建档困难职工", "其他", "是", "否", "true", "-9223372036854775808",
        "9223372036854775808", "a name longer than thirty-two bytes, 周娟凤 and more"}) {
    texts.emplace_back(more);
  }
  for (const FieldSpec* field : {&money, &number, &date, &text, &category, &count, &flag}) {
    CellConverter direct(*field);
    CellConverter general(*field);
    fundrules::Column fast_column(field->name, direct.column_type());
    fundrules::Column general_column(field->name, general.column_type());
    for (const std::string& cell_text : texts) {
      if (cell_text.empty()) continue;  // the reader appends empty cells as nulls itself
      INFO(field->name << ": " << cell_text);
      std::string fast_message;
      const std::size_t rows = fast_column.size();
      const bool fast_ok = direct.convert_append(cell_text, fast_column, fast_message);
      Cell cell;
      std::string general_message;
      const bool general_ok = general.convert(cell_text, cell, general_message);
      if (general_ok) general.append(general_column, cell);
      REQUIRE(fast_ok == general_ok);
      CHECK(fast_message == general_message);
      REQUIRE(fast_column.size() == rows + (fast_ok ? 1 : 0));
    }
    REQUIRE(fast_column.size() == general_column.size());
    REQUIRE(fast_column.size() > 0);
    for (std::size_t row = 0; row < fast_column.size(); ++row) {
      const fundrules::Value a = fast_column.value_at(row);
      const fundrules::Value b = general_column.value_at(row);
      CHECK(a.to_string() == b.to_string());
      CHECK(a.type() == b.type());
    }
    // Taking rows back leaves the column as it was before them, and it can grow again.
    const std::size_t full = fast_column.size();
    const std::string first = fast_column.value_at(0).to_string();
    fast_column.truncate(1);
    CHECK(fast_column.size() == 1);
    CHECK(fast_column.value_at(0).to_string() == first);
    fast_column.append_null();
    CHECK(fast_column.is_null(1));
    fast_column.truncate(full + 5);  // past the end: nothing to take back
    CHECK(fast_column.size() == 2);
  }
}

TEST_CASE("amounts with thousands separators read as the money parser reads them", "[csv]") {
  // Every grouping, good and bad, of a few digit strings, with and without fractions: the
  // shortcut takes only what try_parse_money takes, with the same coefficient and scale.
  std::vector<std::string> texts = {"1,234.56",
                                    "12,000",
                                    "123,456,789.5",
                                    "0,123",
                                    "1,23",
                                    "1,2345",
                                    ",123",
                                    "1,,234",
                                    "1,234.",
                                    "1,234.5.6",
                                    "1234,567",
                                    "1,234,567,890,123,456.78",
                                    "999,999,999,999,999,999",
                                    "9,999,999,999,999,999,999",
                                    "1,234.5678901234567",
                                    "1,234元",
                                    "-1,234",
                                    "1,234 ",
                                    "1 ,234"};
  std::uint32_t seed = 7;
  auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    const std::uint32_t length = 1 + next(24);
    for (std::uint32_t k = 0; k < length; ++k) {
      const std::uint32_t pick = next(14);
      text += pick < 10 ? static_cast<char>('0' + pick) : pick < 13 ? ',' : '.';
    }
    texts.push_back(text);
  }
  std::size_t taken = 0;
  for (const std::string& text : texts) {
    INFO(text);
    Decimal fast;
    if (!fundrules::io::parse_grouped_decimal(text, fast)) continue;
    ++taken;
    const std::optional<Decimal> money = Decimal::try_parse_money(text);
    REQUIRE(money.has_value());
    CHECK(identical(fast, *money));
  }
  CHECK(taken > 20);
  Decimal out;
  REQUIRE(fundrules::io::parse_grouped_decimal("1,234.56", out));
  CHECK(out.to_string() == "1234.56");
  CHECK_FALSE(fundrules::io::parse_grouped_decimal("1,23", out));
  CHECK_FALSE(fundrules::io::parse_grouped_decimal("600.00", out));  // the plain shortcut's
}

TEST_CASE("ISO dates of every month and leap rule read as Date::try_parse reads them", "[csv]") {
  std::size_t taken = 0;
  for (const int year : {1,    2,    3,    4,    99,   100,  399,  400,  401,  1582, 1899,
                         1900, 1969, 1970, 1999, 2000, 2016, 2017, 2024, 2100, 2400, 9999}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        INFO(text);
        std::int64_t days = 0;
        const bool fast = fundrules::io::parse_iso_date(text, days);
        const std::optional<Date> general = Date::try_parse(text);
        REQUIRE(fast == general.has_value());
        if (fast) {
          ++taken;
          CHECK(days == general->days_since_epoch());
        }
      }
    }
  }
  CHECK(taken > 5000);
}
