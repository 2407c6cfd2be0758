// Calendar dates as days since 1970-01-01, with the spellings Chinese payment lists use.
//
// The day-count conversions shift the year to start in March, so the leap day is the last day
// of a "year" and every month length except February's follows a fixed 153-day pattern over
// five months; a 400-year era then has exactly 146097 days.

#include <array>
#include <cstdio>
#include <ctime>

#include "core/text_util.hpp"
#include "fundrules/date.hpp"
#include "fundrules/error.hpp"

namespace fundrules {

namespace {

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::int32_t days_from_civil(int year, int month, int day) noexcept {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int year_of_era = y - era * 400;                               // 0..399
  const int month_from_march = month > 2 ? month - 3 : month + 9;      // 0..11
  const int day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // 0..365
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

struct Civil {
  int year;
  int month;
  int day;
};

Civil civil_from_days(std::int32_t days) noexcept {
  const std::int32_t z = days + 719468;
  const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int32_t day_of_era = z - era * 146097;  // 0..146096
  const std::int32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int32_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int32_t month_from_march = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month =
      static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const int year = static_cast<int>(year_of_era + era * 400) + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

bool is_possible(int year, int month, int day) noexcept {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

/// Why year-month-day is not a date, or an empty string if it is one.
std::string impossibility(int year, int month, int day) {
  if (is_possible(year, month, day)) {
    return {};
  }
  if (year < 1 || year > 9999) {
    return "year " + std::to_string(year) + " is outside 1..9999";
  }
  if (month < 1 || month > 12) {
    return "there is no month " + std::to_string(month);
  }
  const int length = days_in_month(year, month);
  if (day < 1 || day > length) {
    return std::string(kMonthNames.at(static_cast<std::size_t>(month - 1))) + " " +
           std::to_string(year) + " has " + std::to_string(length) + " days";
  }
  return {};
}

std::string iso(int year, int month, int day) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

/// Reads between `min` and `max` ASCII digits at `i`; -1 if there are fewer than `min`.
int read_number(std::string_view text, std::size_t& i, std::size_t min, std::size_t max) {
  int value = 0;
  std::size_t count = 0;
  while (i < text.size() && count < max && text[i] >= '0' && text[i] <= '9') {
    value = value * 10 + (text[i] - '0');
    ++i;
    ++count;
  }
  return count >= min ? value : -1;
}

bool read_literal(std::string_view text, std::size_t& i, std::string_view literal) {
  if (text.substr(i, literal.size()) != literal) {
    return false;
  }
  i += literal.size();
  return true;
}

constexpr std::string_view kYear = "\xE5\xB9\xB4";   // 年
constexpr std::string_view kMonth = "\xE6\x9C\x88";  // 月
constexpr std::string_view kDay = "\xE6\x97\xA5";    // 日
constexpr std::string_view kHao = "\xE5\x8F\xB7";    // 号, as in "1月15号"

/// Splits a date spelling into year, month and day; false if it is not one of the accepted
/// spellings.
bool split_date(std::string_view text, int& year, int& month, int& day) {
  std::size_t i = 0;
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    year = read_number(text, i, 4, 4);
    month = read_number(text, i, 2, 2);
    day = read_number(text, i, 2, 2);
    return true;
  }
  year = read_number(text, i, 4, 4);
  if (year < 0) {
    return false;
  }
  if (read_literal(text, i, kYear)) {
    month = read_number(text, i, 1, 2);
    if (month < 0 || !read_literal(text, i, kMonth)) {
      return false;
    }
    day = read_number(text, i, 1, 2);
    if (day < 0) {
      return false;
    }
    if (!read_literal(text, i, kDay)) {
      read_literal(text, i, kHao);
    }
    return i == text.size();
  }
  if (i >= text.size()) {
    return false;
  }
  const char separator = text[i];
  if (separator != '-' && separator != '/' && separator != '.') {
    return false;
  }
  ++i;
  month = read_number(text, i, 1, 2);
  if (month < 0 || i >= text.size() || text[i] != separator) {
    return false;
  }
  ++i;
  day = read_number(text, i, 1, 2);
  return day >= 0 && i == text.size();
}

enum class DateProblem : std::uint8_t { None, Empty, Malformed, Impossible };

constexpr const char* kSpellings =
    "write it as 2024-01-15, 2024/1/15, 2024年1月15日, 2024.1.15 or 20240115";

/// Parses `text` into `date`, or says which kind of problem it has. Allocation-free.
DateProblem parse_date(std::string_view text, Date& date, int& year, int& month, int& day) {
  const std::string_view trimmed = text_util::trim(text);
  if (trimmed.empty()) {
    return DateProblem::Empty;
  }
  if (!split_date(trimmed, year, month, day)) {
    return DateProblem::Malformed;
  }
  if (!is_possible(year, month, day)) {
    return DateProblem::Impossible;
  }
  date = Date::from_days(days_from_civil(year, month, day));
  return DateProblem::None;
}

/// Why `text` is not a date, without repeating it: what try_parse() hands back.
std::string date_reason(DateProblem problem, int year, int month, int day) {
  switch (problem) {
    case DateProblem::Empty:
      return "the text is empty";
    case DateProblem::Malformed:
      return kSpellings;
    case DateProblem::Impossible:
      return impossibility(year, month, day);
    case DateProblem::None:
      break;
  }
  return {};
}

}  // namespace

bool is_leap_year(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) noexcept {
  static constexpr std::array<int, 12> kLengths = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    return 0;
  }
  if (month == 2 && is_leap_year(year)) {
    return 29;
  }
  return kLengths[static_cast<std::size_t>(month - 1)];
}

Date Date::from_ymd(int year, int month, int day) {
  if (!is_possible(year, month, day)) {
    throw ValueError(iso(year, month, day) + ": " + impossibility(year, month, day));
  }
  return from_days(days_from_civil(year, month, day));
}

Date Date::parse(std::string_view text) {
  Date date;
  int year = 0;
  int month = 0;
  int day = 0;
  const DateProblem problem = parse_date(text, date, year, month, day);
  switch (problem) {
    case DateProblem::None:
      return date;
    case DateProblem::Empty:
      throw ValueError("empty text is not a date");
    case DateProblem::Malformed:
      throw ValueError('"' + std::string(text) + "\" is not a date: " + kSpellings);
    case DateProblem::Impossible:
      // "2024-02-30: February 2024 has 29 days", in the spelling the user wrote.
      throw ValueError(std::string(text_util::trim(text)) + ": " + impossibility(year, month, day));
  }
  return date;
}

std::optional<Date> Date::try_parse(std::string_view text, std::string* error) {
  Date date;
  int year = 0;
  int month = 0;
  int day = 0;
  const DateProblem problem = parse_date(text, date, year, month, day);
  if (problem == DateProblem::None) {
    return date;
  }
  // The reason is only built when asked for, so a rejected date costs no allocation.
  if (error != nullptr) {
    *error = date_reason(problem, year, month, day);
  }
  return std::nullopt;
}

Date Date::today() {
  constexpr std::int64_t kSecondsPerDay = 86400;
  constexpr std::int64_t kUtcPlus8 = std::int64_t{8} * 3600;
  const std::int64_t seconds = static_cast<std::int64_t>(std::time(nullptr)) + kUtcPlus8;
  // Floor division, so an instant before 1970 still lands on the right day.
  std::int64_t days = seconds / kSecondsPerDay;
  if (seconds % kSecondsPerDay < 0) {
    --days;
  }
  return from_days(static_cast<std::int32_t>(days));
}

int Date::year() const noexcept { return civil_from_days(days_).year; }

int Date::month() const noexcept { return civil_from_days(days_).month; }

int Date::day() const noexcept { return civil_from_days(days_).day; }

std::string Date::to_string() const {
  const Civil civil = civil_from_days(days_);
  return iso(civil.year, civil.month, civil.day);
}

}  // namespace fundrules
