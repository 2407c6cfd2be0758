#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fundrules/export.hpp"

namespace fundrules {

/// How a result that has more digits than asked for is rounded.
enum class RoundingMode : std::uint8_t {
  HalfEven,  ///< to nearest, ties to even (banker's rounding); the default
  HalfUp,    ///< to nearest, ties away from zero (what finance staff do by hand)
  Down,      ///< toward zero (truncate)
  Up,        ///< away from zero
  Floor,     ///< toward negative infinity
  Ceiling,   ///< toward positive infinity
};

/// An exact decimal number: a signed coefficient of at most 38 digits and a scale (digits after
/// the point) from 0 to 18, so the value is coefficient × 10^-scale. Money in fundrules is always
/// a Decimal; binary floating point is never used.
///
/// Addition, subtraction and multiplication are exact; a result that needs more than 38 digits
/// (or a scale above 18 that cannot be dropped without loss) throws OverflowError, never wraps.
/// Division and rounding take an explicit scale and RoundingMode.
///
/// The scale is kept as written ("1,500.00" has scale 2), as Python's decimal.Decimal does;
/// comparison and equality are by numeric value (600 == 600.00).
///
/// The arithmetic is done with Boost.Multiprecision's checked 128-bit integers behind this
/// header, so a host does not need Boost to include it.
class FUNDRULES_API Decimal {
 public:
  static constexpr int kMaxScale = 18;
  static constexpr int kMaxDigits = 38;

  /// Zero, scale 0.
  constexpr Decimal() noexcept = default;
  /// An integer, scale 0.
  Decimal(std::int64_t integer) noexcept;  // NOLINT(google-explicit-constructor): ints are exact

  /// coefficient × 10^-scale; throws ValueError if scale is outside 0..18.
  static Decimal from_scaled(std::int64_t coefficient, int scale);

  /// A plain number as written in code or JSON: optional sign, digits, optional point and
  /// digits ("-12.5", "600", "0.05"). Throws ValueError naming what is wrong.
  static Decimal parse(std::string_view text);
  /// As parse(), returning nullopt instead of throwing; `error` (if given) gets the reason.
  static std::optional<Decimal> try_parse(std::string_view text, std::string* error = nullptr);

  /// Money as finance staff write it: "600", "600元", "1,500.00", "¥500", "￥500", "25万",
  /// "63.04万元", "-12.5", with surrounding spaces. 万 multiplies by 10,000 exactly.
  /// Thousands separators must be in groups of three. Throws ValueError.
  static Decimal parse_money(std::string_view text);
  /// As parse_money(), returning nullopt instead of throwing.
  static std::optional<Decimal> try_parse_money(std::string_view text,
                                                std::string* error = nullptr);

  /// The plain decimal text, keeping the scale: "600", "1500.00", "-0.5". Never an exponent.
  [[nodiscard]] std::string to_string() const;
  /// Money for people: thousands separators and exactly two places, "1,500.00", rounded
  /// half-even when the scale is above 2.
  [[nodiscard]] std::string to_money_string() const;

  [[nodiscard]] int scale() const noexcept { return scale_; }
  /// -1, 0 or 1.
  [[nodiscard]] int sign() const noexcept;
  [[nodiscard]] bool is_zero() const noexcept { return hi_ == 0 && lo_ == 0; }
  /// True when the value has no fractional part (600.00 is an integer).
  [[nodiscard]] bool is_integer() const;
  /// The value as an int64 if it is an integer in range, else nullopt.
  [[nodiscard]] std::optional<std::int64_t> to_int64() const;

  Decimal operator-() const;
  Decimal operator+(const Decimal& other) const;
  Decimal operator-(const Decimal& other) const;
  Decimal operator*(const Decimal& other) const;
  Decimal& operator+=(const Decimal& other);
  Decimal& operator-=(const Decimal& other);

  /// this / divisor, rounded to `scale` places. Throws ValueError on division by zero.
  [[nodiscard]] Decimal divide(const Decimal& divisor, int scale,
                               RoundingMode mode = RoundingMode::HalfEven) const;
  /// Rounded to `places` digits after the point (0..18); the result has exactly that scale.
  [[nodiscard]] Decimal round(int places, RoundingMode mode = RoundingMode::HalfEven) const;
  /// The same value with trailing fractional zeros removed ("600.00" -> "600").
  [[nodiscard]] Decimal normalized() const;
  [[nodiscard]] Decimal abs() const;

  /// -1, 0 or 1 by numeric value.
  [[nodiscard]] int compare(const Decimal& other) const noexcept;
  friend bool operator==(const Decimal& a, const Decimal& b) noexcept { return a.compare(b) == 0; }
  friend bool operator!=(const Decimal& a, const Decimal& b) noexcept { return a.compare(b) != 0; }
  friend bool operator<(const Decimal& a, const Decimal& b) noexcept { return a.compare(b) < 0; }
  friend bool operator<=(const Decimal& a, const Decimal& b) noexcept { return a.compare(b) <= 0; }
  friend bool operator>(const Decimal& a, const Decimal& b) noexcept { return a.compare(b) > 0; }
  friend bool operator>=(const Decimal& a, const Decimal& b) noexcept { return a.compare(b) >= 0; }

  /// The raw two's-complement 128-bit coefficient, for bindings that move decimals in bulk
  /// (e.g. Arrow's decimal128). The value is (hi·2^64 + lo) × 10^-scale.
  [[nodiscard]] std::int64_t raw_high() const noexcept { return hi_; }
  [[nodiscard]] std::uint64_t raw_low() const noexcept { return lo_; }
  /// Inverse of raw_high()/raw_low(); throws ValueError if the coefficient has over 38 digits
  /// or the scale is outside 0..18.
  static Decimal from_raw(std::int64_t high, std::uint64_t low, int scale);

 private:
  std::int64_t hi_ = 0;   // two's-complement high word of the coefficient
  std::uint64_t lo_ = 0;  // low word
  std::int8_t scale_ = 0;
};

}  // namespace fundrules
