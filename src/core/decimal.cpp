// Decimal arithmetic. Values whose coefficients fit in 64 bits (every amount a relief fund pays)
// take an int64 fast path with overflow-checked builtins; anything larger, or a fast path that
// would overflow, falls back to fixed-size Boost.Multiprecision integers, which never allocate
// and never wrap.

#include <cstdlib>

#include "core/decimal_impl.hpp"

namespace fundrules {

using decimal_detail::add_overflows;
using decimal_detail::fits_int64;
using decimal_detail::kPow10;
using decimal_detail::mul_overflows;
using decimal_detail::sub_overflows;
using decimal_detail::Wide;

namespace decimal_detail {

const Wide& wide_pow10(int n) {
  static const std::array<Wide, 77> table = [] {
    std::array<Wide, 77> powers;
    powers[0] = 1;
    for (std::size_t i = 1; i < powers.size(); ++i) {
      powers[i] = powers[i - 1] * 10;
    }
    return powers;
  }();
  return table.at(static_cast<std::size_t>(n));
}

const Wide& max_coefficient() {
  static const Wide max = wide_pow10(Decimal::kMaxDigits) - 1;
  return max;
}

Wide to_wide(std::int64_t hi, std::uint64_t lo) {
  const bool negative = hi < 0;
  auto uhi = static_cast<std::uint64_t>(hi);
  if (negative) {
    // Two's-complement negation of the 128-bit pair gives the magnitude.
    lo = ~lo + 1;
    uhi = ~uhi + (lo == 0 ? 1 : 0);
  }
  // The stored coefficient passes through the checked 128-bit type it is defined as.
  Int128 magnitude = uhi;
  magnitude <<= 64;
  magnitude |= lo;
  Wide out(magnitude);
  return negative ? Wide(-out) : out;
}

void from_wide(const Wide& value, std::int64_t& hi, std::uint64_t& lo) {
  const Int128 magnitude(value < 0 ? Wide(-value) : value);  // checked: throws past 128 bits
  const Int128 mask = std::numeric_limits<std::uint64_t>::max();
  auto ulo = static_cast<std::uint64_t>(magnitude & mask);
  auto uhi = static_cast<std::uint64_t>(magnitude >> 64);
  if (value < 0) {
    ulo = ~ulo + 1;
    uhi = ~uhi + (ulo == 0 ? 1 : 0);
  }
  hi = static_cast<std::int64_t>(uhi);
  lo = ulo;
}

}  // namespace decimal_detail

namespace {

using decimal_detail::max_coefficient;
using decimal_detail::wide_pow10;

Wide wide_abs(const Wide& v) { return v < 0 ? Wide(-v) : v; }

/// Builds a Decimal from an exact intermediate result. Unless the scale was asked for
/// (`keep_scale`), trailing zeros are dropped when the result would not fit otherwise; the
/// value is never changed.
Decimal make_decimal(Wide coefficient, int scale, bool keep_scale = false) {
  while (!keep_scale && scale > 0 &&
         (scale > Decimal::kMaxScale || wide_abs(coefficient) > max_coefficient()) &&
         coefficient % 10 == 0) {
    coefficient /= 10;
    --scale;
  }
  if (scale > Decimal::kMaxScale) {
    throw OverflowError("decimal result needs more than 18 digits after the point");
  }
  if (wide_abs(coefficient) > max_coefficient()) {
    throw OverflowError("decimal result needs more than 38 digits");
  }
  std::int64_t hi = 0;
  std::uint64_t lo = 0;
  decimal_detail::from_wide(coefficient, hi, lo);
  return Decimal::from_raw(hi, lo, scale);
}

std::uint64_t magnitude64(std::int64_t v) noexcept {
  return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

void check_scale(int scale, const char* what) {
  if (scale < 0 || scale > Decimal::kMaxScale) {
    throw ValueError(std::string(what) + " must be between 0 and 18, not " + std::to_string(scale));
  }
}

}  // namespace

Decimal::Decimal(std::int64_t integer) noexcept
    : hi_(integer < 0 ? -1 : 0), lo_(static_cast<std::uint64_t>(integer)) {}

Decimal Decimal::from_scaled(std::int64_t coefficient, int scale) {
  check_scale(scale, "decimal scale");
  Decimal d(coefficient);
  d.scale_ = static_cast<std::int8_t>(scale);
  return d;
}

Decimal Decimal::from_raw(std::int64_t high, std::uint64_t low, int scale) {
  check_scale(scale, "decimal scale");
  if (!fits_int64(high, low) && wide_abs(decimal_detail::to_wide(high, low)) > max_coefficient()) {
    throw ValueError("decimal coefficient has more than 38 digits");
  }
  Decimal d;
  d.hi_ = high;
  d.lo_ = low;
  d.scale_ = static_cast<std::int8_t>(scale);
  return d;
}

int Decimal::sign() const noexcept {
  if (hi_ < 0) {
    return -1;
  }
  return is_zero() ? 0 : 1;
}

bool Decimal::is_integer() const {
  if (scale_ == 0) {
    return true;
  }
  if (fits_int64(hi_, lo_)) {
    return static_cast<std::int64_t>(lo_) % kPow10[scale_] == 0;
  }
  return decimal_detail::to_wide(hi_, lo_) % wide_pow10(scale_) == 0;
}

std::optional<std::int64_t> Decimal::to_int64() const {
  if (!is_integer()) {
    return std::nullopt;
  }
  if (fits_int64(hi_, lo_)) {
    return static_cast<std::int64_t>(lo_) / kPow10[scale_];
  }
  const Wide whole = decimal_detail::to_wide(hi_, lo_) / wide_pow10(scale_);
  if (whole > std::numeric_limits<std::int64_t>::max() ||
      whole < std::numeric_limits<std::int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(whole);
}

Decimal Decimal::operator-() const {
  Decimal d = *this;
  d.lo_ = ~lo_ + 1;
  d.hi_ = static_cast<std::int64_t>(~static_cast<std::uint64_t>(hi_) + (d.lo_ == 0 ? 1 : 0));
  return d;
}

Decimal Decimal::operator+(const Decimal& other) const {
  const int scale = scale_ > other.scale_ ? scale_ : other.scale_;
  if (fits_int64(hi_, lo_) && fits_int64(other.hi_, other.lo_)) {
    std::int64_t a = static_cast<std::int64_t>(lo_);
    std::int64_t b = static_cast<std::int64_t>(other.lo_);
    std::int64_t sum = 0;
    if (!mul_overflows(a, kPow10[scale - scale_], a) &&
        !mul_overflows(b, kPow10[scale - other.scale_], b) && !add_overflows(a, b, sum)) {
      return from_scaled(sum, scale);
    }
  }
  const Wide a = decimal_detail::to_wide(hi_, lo_) * wide_pow10(scale - scale_);
  const Wide b = decimal_detail::to_wide(other.hi_, other.lo_) * wide_pow10(scale - other.scale_);
  return make_decimal(a + b, scale);
}

Decimal Decimal::operator-(const Decimal& other) const {
  const int scale = scale_ > other.scale_ ? scale_ : other.scale_;
  if (fits_int64(hi_, lo_) && fits_int64(other.hi_, other.lo_)) {
    std::int64_t a = static_cast<std::int64_t>(lo_);
    std::int64_t b = static_cast<std::int64_t>(other.lo_);
    std::int64_t difference = 0;
    if (!mul_overflows(a, kPow10[scale - scale_], a) &&
        !mul_overflows(b, kPow10[scale - other.scale_], b) && !sub_overflows(a, b, difference)) {
      return from_scaled(difference, scale);
    }
  }
  const Wide a = decimal_detail::to_wide(hi_, lo_) * wide_pow10(scale - scale_);
  const Wide b = decimal_detail::to_wide(other.hi_, other.lo_) * wide_pow10(scale - other.scale_);
  return make_decimal(a - b, scale);
}

Decimal Decimal::operator*(const Decimal& other) const {
  const int scale = scale_ + other.scale_;
  if (scale <= kMaxScale && fits_int64(hi_, lo_) && fits_int64(other.hi_, other.lo_)) {
    std::int64_t product = 0;
    if (!mul_overflows(static_cast<std::int64_t>(lo_), static_cast<std::int64_t>(other.lo_),
                       product)) {
      return from_scaled(product, scale);
    }
  }
  return make_decimal(
      decimal_detail::to_wide(hi_, lo_) * decimal_detail::to_wide(other.hi_, other.lo_), scale);
}

Decimal& Decimal::operator+=(const Decimal& other) { return *this = *this + other; }

Decimal& Decimal::operator-=(const Decimal& other) { return *this = *this - other; }

Decimal Decimal::divide(const Decimal& divisor, int scale, RoundingMode mode) const {
  check_scale(scale, "the scale of a quotient");
  if (divisor.is_zero()) {
    throw ValueError("division by zero");
  }
  // quotient coefficient = this.coefficient × 10^shift / divisor.coefficient
  const int shift = scale - scale_ + divisor.scale_;
  const bool negative = (hi_ < 0) != (divisor.hi_ < 0);
  if (fits_int64(hi_, lo_) && fits_int64(divisor.hi_, divisor.lo_)) {
    std::int64_t numerator = static_cast<std::int64_t>(magnitude64(static_cast<std::int64_t>(lo_)));
    std::int64_t denominator =
        static_cast<std::int64_t>(magnitude64(static_cast<std::int64_t>(divisor.lo_)));
    // The side that takes the power of ten; a magnitude of 2^63 shows up negative here and
    // takes the wide path.
    std::int64_t& scaled = shift >= 0 ? numerator : denominator;
    if (numerator >= 0 && denominator > 0 && std::abs(shift) <= kMaxScale &&
        !mul_overflows(scaled, kPow10[std::abs(shift)], scaled)) {
      std::int64_t quotient = numerator / denominator;
      const std::int64_t remainder = numerator % denominator;
      if (decimal_detail::round_away(quotient, remainder, denominator, negative, mode)) {
        ++quotient;
      }
      return from_scaled(negative ? -quotient : quotient, scale);
    }
  }
  Wide numerator = wide_abs(decimal_detail::to_wide(hi_, lo_));
  Wide denominator = wide_abs(decimal_detail::to_wide(divisor.hi_, divisor.lo_));
  if (shift >= 0) {
    numerator *= wide_pow10(shift);
  } else {
    denominator *= wide_pow10(-shift);
  }
  Wide quotient;
  Wide remainder;
  boost::multiprecision::divide_qr(numerator, denominator, quotient, remainder);
  if (decimal_detail::round_away(quotient, remainder, denominator, negative, mode)) {
    ++quotient;
  }
  return make_decimal(negative ? Wide(-quotient) : quotient, scale, true);
}

Decimal Decimal::round(int places, RoundingMode mode) const {
  check_scale(places, "decimal places");
  if (places >= scale_) {
    if (fits_int64(hi_, lo_)) {
      std::int64_t scaled = 0;
      if (!mul_overflows(static_cast<std::int64_t>(lo_), kPow10[places - scale_], scaled)) {
        return from_scaled(scaled, places);
      }
    }
    return make_decimal(decimal_detail::to_wide(hi_, lo_) * wide_pow10(places - scale_), places,
                        true);
  }
  const bool negative = hi_ < 0;
  if (fits_int64(hi_, lo_)) {
    const std::uint64_t magnitude = magnitude64(static_cast<std::int64_t>(lo_));
    const auto unit = static_cast<std::uint64_t>(kPow10[scale_ - places]);
    std::uint64_t quotient = magnitude / unit;
    if (decimal_detail::round_away(quotient, magnitude % unit, unit, negative, mode)) {
      ++quotient;
    }
    // quotient <= 2^63 / 10 + 1, so it fits either sign.
    const auto value = static_cast<std::int64_t>(quotient);
    return from_scaled(negative ? -value : value, places);
  }
  const Wide magnitude = wide_abs(decimal_detail::to_wide(hi_, lo_));
  const Wide& unit = wide_pow10(scale_ - places);
  Wide quotient;
  Wide remainder;
  boost::multiprecision::divide_qr(magnitude, unit, quotient, remainder);
  if (decimal_detail::round_away(quotient, remainder, unit, negative, mode)) {
    ++quotient;
  }
  return make_decimal(negative ? Wide(-quotient) : quotient, places, true);
}

Decimal Decimal::normalized() const {
  if (is_zero()) {
    return Decimal();
  }
  int scale = scale_;
  if (fits_int64(hi_, lo_)) {
    auto value = static_cast<std::int64_t>(lo_);
    while (scale > 0 && value % 10 == 0) {
      value /= 10;
      --scale;
    }
    return from_scaled(value, scale);
  }
  Wide value = decimal_detail::to_wide(hi_, lo_);
  while (scale > 0 && value % 10 == 0) {
    value /= 10;
    --scale;
  }
  return make_decimal(value, scale);
}

Decimal Decimal::abs() const { return hi_ < 0 ? -*this : *this; }

int Decimal::compare(const Decimal& other) const noexcept {
  if (fits_int64(hi_, lo_) && fits_int64(other.hi_, other.lo_)) {
    auto a = static_cast<std::int64_t>(lo_);
    auto b = static_cast<std::int64_t>(other.lo_);
    if (scale_ == other.scale_ ||
        (!mul_overflows(a, kPow10[scale_ < other.scale_ ? other.scale_ - scale_ : 0], a) &&
         !mul_overflows(b, kPow10[other.scale_ < scale_ ? scale_ - other.scale_ : 0], b))) {
      return (a > b) - (a < b);
    }
  }
  // The wide path cannot overflow (38 digits × 10^18 < 2^256), so it never throws.
  const int scale = scale_ > other.scale_ ? scale_ : other.scale_;
  const Wide a = decimal_detail::to_wide(hi_, lo_) * wide_pow10(scale - scale_);
  const Wide b = decimal_detail::to_wide(other.hi_, other.lo_) * wide_pow10(scale - other.scale_);
  return (a > b) - (a < b);
}

}  // namespace fundrules
