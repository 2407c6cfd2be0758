#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fundrules/export.hpp"

namespace fundrules {

/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01. Years 1..9999.
class FUNDRULES_API Date {
 public:
  /// 1970-01-01.
  constexpr Date() noexcept = default;

  /// The date year-month-day; throws ValueError for an impossible date (2024-02-30).
  static Date from_ymd(int year, int month, int day);
  /// Days since 1970-01-01 (negative before).
  static constexpr Date from_days(std::int32_t days) noexcept {
    Date d;
    d.days_ = days;
    return d;
  }

  /// "2024-01-15", "2024/1/15", "2024年1月15日" (also "2024.1.15" and "20240115").
  /// Throws ValueError naming what is wrong ("2024-02-30: February 2024 has 29 days").
  static Date parse(std::string_view text);
  /// As parse(), returning nullopt instead of throwing.
  static std::optional<Date> try_parse(std::string_view text, std::string* error = nullptr);

  /// Today's date in UTC+8 (China Standard Time), where the funds are paid.
  static Date today();

  [[nodiscard]] int year() const noexcept;
  [[nodiscard]] int month() const noexcept;
  [[nodiscard]] int day() const noexcept;
  [[nodiscard]] constexpr std::int32_t days_since_epoch() const noexcept { return days_; }

  /// ISO 8601, "2024-01-15".
  [[nodiscard]] std::string to_string() const;

  friend constexpr bool operator==(Date a, Date b) noexcept { return a.days_ == b.days_; }
  friend constexpr bool operator!=(Date a, Date b) noexcept { return a.days_ != b.days_; }
  friend constexpr bool operator<(Date a, Date b) noexcept { return a.days_ < b.days_; }
  friend constexpr bool operator<=(Date a, Date b) noexcept { return a.days_ <= b.days_; }
  friend constexpr bool operator>(Date a, Date b) noexcept { return a.days_ > b.days_; }
  friend constexpr bool operator>=(Date a, Date b) noexcept { return a.days_ >= b.days_; }

 private:
  std::int32_t days_ = 0;
};

/// True for a leap year in the Gregorian calendar.
FUNDRULES_API bool is_leap_year(int year) noexcept;
/// Days in the month (1..12) of the year.
FUNDRULES_API int days_in_month(int year, int month) noexcept;

}  // namespace fundrules
