// Date: the civil calendar, the spellings payment lists use, and today() in China.

#include <catch2/catch.hpp>

#include <ctime>
#include <string>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/error.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using fundrules::Date;
using fundrules::ValueError;

TEST_CASE("from_ymd() and the epoch", "[date]") {
  CHECK(Date().to_string() == "1970-01-01");
  CHECK(Date::from_ymd(1970, 1, 1).days_since_epoch() == 0);
  CHECK(Date::from_ymd(1970, 1, 2).days_since_epoch() == 1);
  CHECK(Date::from_ymd(1969, 12, 31).days_since_epoch() == -1);
  CHECK(Date::from_ymd(2000, 3, 1).days_since_epoch() == 11017);
  CHECK(Date::from_ymd(2024, 1, 15).days_since_epoch() == 19737);
  CHECK(Date::from_ymd(1, 1, 1).to_string() == "0001-01-01");
  CHECK(Date::from_ymd(9999, 12, 31).to_string() == "9999-12-31");
  const Date d = Date::from_ymd(2017, 9, 30);
  CHECK(d.year() == 2017);
  CHECK(d.month() == 9);
  CHECK(d.day() == 30);
}

TEST_CASE("from_ymd() rejects impossible dates with the reason", "[date]") {
  CHECK_THROWS_WITH(Date::from_ymd(2024, 2, 30), Equals("2024-02-30: February 2024 has 29 days"));
  CHECK_THROWS_WITH(Date::from_ymd(2023, 2, 29), Equals("2023-02-29: February 2023 has 28 days"));
  CHECK_THROWS_WITH(Date::from_ymd(2024, 4, 31), Contains("April 2024 has 30 days"));
  CHECK_THROWS_WITH(Date::from_ymd(2024, 13, 1), Contains("no month 13"));
  CHECK_THROWS_WITH(Date::from_ymd(2024, 0, 1), Contains("no month 0"));
  CHECK_THROWS_WITH(Date::from_ymd(2024, 1, 0), Contains("January 2024 has 31 days"));
  CHECK_THROWS_WITH(Date::from_ymd(0, 1, 1), Contains("outside 1..9999"));
  CHECK_THROWS_AS(Date::from_ymd(10000, 1, 1), ValueError);
}

TEST_CASE("leap years follow the Gregorian rules", "[date]") {
  CHECK(fundrules::is_leap_year(2024));
  CHECK(fundrules::is_leap_year(2000));
  CHECK_FALSE(fundrules::is_leap_year(1900));
  CHECK_FALSE(fundrules::is_leap_year(2023));
  CHECK(fundrules::days_in_month(2024, 2) == 29);
  CHECK(fundrules::days_in_month(1900, 2) == 28);
  CHECK(fundrules::days_in_month(2000, 2) == 29);
  CHECK(fundrules::days_in_month(2024, 12) == 31);
  CHECK(fundrules::days_in_month(2024, 13) == 0);
  CHECK(Date::from_ymd(2024, 2, 29).to_string() == "2024-02-29");
  CHECK(Date::from_ymd(2024, 3, 1).days_since_epoch() -
            Date::from_ymd(2024, 2, 28).days_since_epoch() ==
        2);
  CHECK(Date::from_ymd(2023, 3, 1).days_since_epoch() -
            Date::from_ymd(2023, 2, 28).days_since_epoch() ==
        1);
}

TEST_CASE("every day from year 1 to 9999 converts both ways", "[date][property]") {
  // Walk the calendar day by day: the day count and the civil date must move together.
  std::int32_t days = Date::from_ymd(1, 1, 1).days_since_epoch();
  for (int year = 1; year <= 9999; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= fundrules::days_in_month(year, month); ++day) {
        const Date d = Date::from_days(days);
        if (d.year() != year || d.month() != month || d.day() != day ||
            Date::from_ymd(year, month, day).days_since_epoch() != days) {
          FAIL("mismatch at " << year << "-" << month << "-" << day);
        }
        ++days;
      }
    }
  }
  CHECK(days - Date::from_ymd(1, 1, 1).days_since_epoch() == 3652059);
}

TEST_CASE("parse() accepts every documented spelling", "[date][parse]") {
  const Date expected = Date::from_ymd(2024, 1, 15);
  const std::vector<std::string> spellings = {"2024-01-15",
                                              "2024-1-15",
                                              "2024/1/15",
                                              "2024/01/15",
                                              "2024年1月15日",
                                              "2024年01月15日",
                                              "2024年1月15号",
                                              "2024年1月15",
                                              "2024.1.15",
                                              "2024.01.15",
                                              "20240115",
                                              " 2024-01-15 ",
                                              "\t2024/1/15\n",
                                              "\xE3\x80\x80"
                                              "2024年1月15日\xE3\x80\x80"};
  for (const std::string& text : spellings) {
    INFO(text);
    CHECK(Date::parse(text) == expected);
    CHECK(Date::try_parse(text) == expected);
  }
  CHECK(Date::parse("2024-02-29").to_string() == "2024-02-29");
  CHECK(Date::parse("2000/2/29").to_string() == "2000-02-29");
}

TEST_CASE("parse() rejects impossible and malformed dates, saying why", "[date][parse]") {
  CHECK_THROWS_WITH(Date::parse("2024-02-30"), Equals("2024-02-30: February 2024 has 29 days"));
  CHECK_THROWS_WITH(Date::parse("2024年2月30日"), Contains("February 2024 has 29 days"));
  CHECK_THROWS_WITH(Date::parse("2023/2/29"), Contains("February 2023 has 28 days"));
  CHECK_THROWS_WITH(Date::parse("1900-02-29"), Contains("February 1900 has 28 days"));
  CHECK_THROWS_WITH(Date::parse("20241301"), Contains("no month 13"));
  CHECK_THROWS_WITH(Date::parse("2024-04-31"), Contains("April 2024 has 30 days"));
  CHECK_THROWS_WITH(Date::parse("0000-01-01"), Contains("outside 1..9999"));
  const std::vector<std::string> malformed = {
      "",          "   ",          "2024",        "2024-01",          "2024-01-15-",
      "2024-1/15", "24-1-15",      "2024-001-15", "2024-01-15T00:00", "15/01/2024",
      "2024年1月", "2024年1-15日", "abc",         "2024115",          "202401150"};
  for (const std::string& text : malformed) {
    INFO(text);
    CHECK_THROWS_AS(Date::parse(text), ValueError);
    std::string error;
    CHECK_FALSE(Date::try_parse(text, &error).has_value());
    // The reason leaves the text out, for callers that word their own message.
    CHECK_FALSE(error.empty());
    CHECK_THAT(error, !Contains("is not a date"));
  }
  std::string reason;
  CHECK_FALSE(Date::try_parse("2024年2月30日", &reason).has_value());
  CHECK(reason == "February 2024 has 29 days");
  CHECK_FALSE(Date::try_parse("2024-1/15", &reason).has_value());
  CHECK_THAT(reason, Contains("write it as 2024-01-15"));
  CHECK_FALSE(Date::try_parse(" ", &reason).has_value());
  CHECK(reason == "the text is empty");
  CHECK_THROWS_WITH(Date::parse(""), Equals("empty text is not a date"));
  CHECK_THROWS_WITH(Date::parse("abc"), Contains("\"abc\" is not a date: write it as"));
  CHECK_THROWS_WITH(Date::parse("2024-1/15"), Contains("2024年1月15日"));
}

TEST_CASE("to_string() and parse() round-trip", "[date][property]") {
  for (std::int32_t days = -719162; days <= 2932896; days += 37) {
    const Date d = Date::from_days(days);
    REQUIRE(Date::parse(d.to_string()) == d);
  }
}

TEST_CASE("today() is the date in UTC+8", "[date]") {
  const std::time_t now = std::time(nullptr) + 8 * 3600;
  std::tm parts{};
  gmtime_r(&now, &parts);
  const Date expected = Date::from_ymd(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
  const Date today = Date::today();
  // The test may straddle midnight; then today is the next day.
  CHECK((today == expected || today.days_since_epoch() == expected.days_since_epoch() + 1));
}
