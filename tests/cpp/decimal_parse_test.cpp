// Decimal text: strict numbers, money as finance staff write it, and formatting back.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "fundrules/decimal.hpp"
#include "fundrules/error.hpp"

using Catch::Matchers::Contains;
using fundrules::Decimal;
using fundrules::ValueError;

TEST_CASE("parse() reads plain numbers and keeps their scale", "[decimal][parse]") {
  CHECK(Decimal::parse("600").to_string() == "600");
  CHECK(Decimal::parse("-12.5").to_string() == "-12.5");
  CHECK(Decimal::parse("0.05").to_string() == "0.05");
  CHECK(Decimal::parse("0.05").scale() == 2);
  CHECK(Decimal::parse("1500.00").scale() == 2);
  CHECK(Decimal::parse("+7").to_string() == "7");
  CHECK(Decimal::parse("-0").to_string() == "0");
  CHECK(Decimal::parse("007.50").to_string() == "7.50");
  CHECK(Decimal::parse(".5").to_string() == "0.5");
  CHECK(Decimal::parse("5.").to_string() == "5");
  CHECK(Decimal::parse("0.000000000000000001").to_string() == "0.000000000000000001");
  const std::string max38(38, '9');
  CHECK(Decimal::parse(max38).to_string() == max38);
  CHECK(Decimal::parse("-" + max38).to_string() == "-" + max38);
  // The scale is kept as written, so a trailing zero is a 39th digit.
  CHECK_THROWS_WITH(Decimal::parse(max38 + ".0"), Contains("39 significant digits"));
  // Leading zeros are not significant digits.
  CHECK(Decimal::parse("000" + max38).to_string() == max38);
}

TEST_CASE("parse() rejects anything but a plain number, saying why", "[decimal][parse]") {
  CHECK_THROWS_WITH(Decimal::parse(""), Contains("empty"));
  CHECK_THROWS_WITH(Decimal::parse("1e5"), Contains("exponent"));
  CHECK_THROWS_WITH(Decimal::parse("1.2.3"), Contains("second decimal point"));
  CHECK_THROWS_WITH(Decimal::parse("."), Contains("no digits"));
  CHECK_THROWS_WITH(Decimal::parse("-"), Contains("no digits"));
  CHECK_THROWS_WITH(Decimal::parse("+-1"), Contains("misplaced sign at position 2"));
  CHECK_THROWS_WITH(Decimal::parse("1-"), Contains("misplaced sign"));
  CHECK_THROWS_WITH(Decimal::parse("12a"), Contains("unexpected 'a' at position 3"));
  CHECK_THROWS_WITH(Decimal::parse("600元"), Contains("unexpected '元'"));
  CHECK_THROWS_WITH(Decimal::parse(" 600"), Contains("unexpected ' '"));
  CHECK_THROWS_WITH(Decimal::parse("1,500"), Contains("unexpected ','"));
  CHECK_THROWS_WITH(Decimal::parse("0.1234567890123456789"),
                    Contains("19 digits after the decimal point"));
  CHECK_THROWS_WITH(Decimal::parse(std::string(39, '9')), Contains("39 significant digits"));
  CHECK_THROWS_AS(Decimal::parse("1e5"), ValueError);
  CHECK_THROWS_WITH(Decimal::parse("1.2.3"), Contains("\"1.2.3\""));
}

TEST_CASE("try_parse() returns nullopt and the reason", "[decimal][parse]") {
  std::string error;
  CHECK(Decimal::try_parse("42.10", &error) == Decimal::parse("42.1"));
  CHECK(error.empty());
  CHECK_FALSE(Decimal::try_parse("abc", &error).has_value());
  // The reason leaves the text out, for callers that word their own message.
  CHECK(error == "unexpected 'a' at position 1");
  CHECK_FALSE(Decimal::try_parse("", &error).has_value());
  CHECK(error == "the text is empty");
  CHECK_FALSE(Decimal::try_parse("abc").has_value());
}

TEST_CASE("parse_money() reads the ways finance staff write amounts", "[decimal][money]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"600", "600"},
      {"600元", "600"},
      {"1,500.00", "1500.00"},
      {"1,234,567.89元", "1234567.89"},
      {"¥500", "500"},
      {"￥500", "500"},
      {"￥ 1,500.00 元", "1500.00"},
      {"25万", "250000"},
      {"63.04万元", "630400"},
      {"1.23456万", "12345.6"},
      {"0.00001万", "0.1"},
      {"-12.5", "-12.5"},
      {"-¥500", "-500"},
      {"¥-500", "-500"},
      {"  600 ", "600"},
      {"\t600元\r\n", "600"},
      {"\xE3\x80\x80"
       "600\xE3\x80\x80",
       "600"},  // full-width spaces around
      {"35万元", "350000"},
      {"181万", "1810000"},
      {"500.5", "500.5"},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    CHECK(Decimal::parse_money(text).to_string() == expected);
  }
  CHECK(Decimal::parse_money("63.04万元") == Decimal(630400));
  CHECK(Decimal::parse_money("13.04万") + Decimal::parse_money("50万") ==
        Decimal::parse_money("63.04万"));
}

TEST_CASE("parse_money() rejects malformed amounts, saying why", "[decimal][money]") {
  CHECK_THROWS_WITH(Decimal::parse_money("1,50"), Contains("groups of three"));
  CHECK_THROWS_WITH(Decimal::parse_money("1,5000"), Contains("groups of three"));
  CHECK_THROWS_WITH(Decimal::parse_money("1500,000"), Contains("groups of three"));
  CHECK_THROWS_WITH(Decimal::parse_money(",500"), Contains("groups of three"));
  CHECK_THROWS_WITH(Decimal::parse_money("1,500.000,1"), Contains("unexpected ','"));
  CHECK_THROWS_WITH(Decimal::parse_money(""), Contains("empty"));
  CHECK_THROWS_WITH(Decimal::parse_money("   "), Contains("no number"));
  CHECK_THROWS_WITH(Decimal::parse_money("元"), Contains("no number"));
  CHECK_THROWS_WITH(Decimal::parse_money("600美元"), Contains("元, 万 or 万元"));
  CHECK_THROWS_WITH(Decimal::parse_money("-¥-500"), Contains("misplaced sign"));
  CHECK_THROWS_WITH(Decimal::parse_money("五百元"),
                    Contains("is not an amount of money: unexpected '五' at position 1"));
  CHECK_THROWS_WITH(Decimal::parse_money("１００元"), Contains("unexpected '１' at position 1"));
  CHECK_THROWS_WITH(Decimal::parse_money("￥12x"), Contains("unexpected 'x' at position 4"));
  CHECK_THROWS_WITH(Decimal::parse_money("600美元"),
                    Contains("unexpected '美' at position 4 (amounts may end in 元, 万 or 万元)"));
  CHECK_THROWS_WITH(Decimal::parse_money("1e3元"), Contains("exponent"));
  CHECK_THROWS_WITH(Decimal::parse_money("abc"), Contains("\"abc\""));
  // 万 can push a 38-digit amount past the limit.
  CHECK_THROWS_WITH(Decimal::parse_money(std::string(36, '9') + "万"), Contains("digits"));
  std::string error;
  CHECK_FALSE(Decimal::try_parse_money("1,50", &error).has_value());
  CHECK(error == "thousands separators must split the digits in groups of three (at position 3)");
  CHECK_FALSE(Decimal::try_parse_money("600美元", &error).has_value());
  CHECK(error == "unexpected '美' at position 4 (amounts may end in 元, 万 or 万元)");
  CHECK(Decimal::try_parse_money("25万") == Decimal(250000));
}

TEST_CASE("to_string() keeps the scale and never uses an exponent", "[decimal][format]") {
  CHECK(Decimal::from_scaled(5, 18).to_string() == "0.000000000000000005");
  CHECK(Decimal::from_scaled(-5, 3).to_string() == "-0.005");
  CHECK(Decimal::from_scaled(0, 2).to_string() == "0.00");
  CHECK(Decimal::from_scaled(123, 0).to_string() == "123");
  CHECK(Decimal::parse("100000000000000000000").to_string() == "100000000000000000000");
}

TEST_CASE("to_money_string() shows two places and thousands separators", "[decimal][format]") {
  CHECK(Decimal::parse("1500").to_money_string() == "1,500.00");
  CHECK(Decimal::parse("630400").to_money_string() == "630,400.00");
  CHECK(Decimal::parse("-1234567.891").to_money_string() == "-1,234,567.89");
  CHECK(Decimal::parse("0.5").to_money_string() == "0.50");
  CHECK(Decimal::parse("-0.05").to_money_string() == "-0.05");
  CHECK(Decimal::parse("999.995").to_money_string() == "1,000.00");
  CHECK(Decimal::parse("0.125").to_money_string() == "0.12");  // half-even
  CHECK(Decimal::parse("100").to_money_string() == "100.00");
  CHECK(Decimal().to_money_string() == "0.00");
}

TEST_CASE("parse(to_string(x)) == x with the same scale, over generated values",
          "[decimal][property]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    // Coefficients of every size: up to 20 bits, int64, and two full random words.
    Decimal x;
    const int scale = static_cast<int>(rng() % 19);
    switch (i % 3) {
      case 0:
        x = Decimal::from_scaled(static_cast<std::int64_t>(rng() % 2000000) - 1000000, scale);
        break;
      case 1:
        x = Decimal::from_scaled(static_cast<std::int64_t>(rng()), scale);
        break;
      default: {
        // 124 random bits stay under 10^38.
        const auto high = static_cast<std::int64_t>(rng() >> 4) * ((rng() & 1) ? 1 : -1);
        x = Decimal::from_raw(high, rng(), scale);
      }
    }
    const std::string text = x.to_string();
    INFO(text);
    const Decimal back = Decimal::parse(text);
    CHECK(back == x);
    CHECK(back.scale() == x.scale());
    CHECK(back.raw_high() == x.raw_high());
    CHECK(back.raw_low() == x.raw_low());
    if (i % 3 != 2) CHECK(Decimal::parse_money(x.to_money_string()) == x.round(2));
  }
}
