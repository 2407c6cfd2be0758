#pragma once

// Internals shared by decimal.cpp (arithmetic) and decimal_text.cpp (parsing and formatting):
// the Boost.Multiprecision integer types behind Decimal, conversion between them and the two
// raw words a Decimal stores, and overflow-checked 64-bit helpers for the fast path.
//
// Every type here has a fixed size and no allocator, so arithmetic never touches the heap.

#include <array>
#include <cstdint>
#include <limits>

#include <boost/multiprecision/cpp_int.hpp>

#include "fundrules/decimal.hpp"
#include "fundrules/error.hpp"

namespace fundrules::decimal_detail {

namespace mp = boost::multiprecision;

/// The stored coefficient: a checked 128-bit signed integer. Converting a value past 128 bits
/// into it throws instead of wrapping.
using Int128 =
    mp::number<mp::cpp_int_backend<128, 128, mp::signed_magnitude, mp::checked, void>, mp::et_off>;

/// Intermediate results: wide enough that the product of two 38-digit coefficients (< 10^76)
/// or a coefficient scaled by 10^36 never overflows, so the only overflow a caller sees is a
/// result that really needs more than 38 digits.
using Wide =
    mp::number<mp::cpp_int_backend<256, 256, mp::signed_magnitude, mp::checked, void>, mp::et_off>;

/// 10^n for n in 0..18 as int64; every entry fits.
inline constexpr std::array<std::int64_t, 19> kPow10 = {1LL,
                                                        10LL,
                                                        100LL,
                                                        1000LL,
                                                        10000LL,
                                                        100000LL,
                                                        1000000LL,
                                                        10000000LL,
                                                        100000000LL,
                                                        1000000000LL,
                                                        10000000000LL,
                                                        100000000000LL,
                                                        1000000000000LL,
                                                        10000000000000LL,
                                                        100000000000000LL,
                                                        1000000000000000LL,
                                                        10000000000000000LL,
                                                        100000000000000000LL,
                                                        1000000000000000000LL};

/// 10^n as a Wide, for n in 0..76.
const Wide& wide_pow10(int n);
/// The largest coefficient a Decimal holds: 10^38 - 1.
const Wide& max_coefficient();

/// True when the raw words hold a value that fits in an int64.
inline bool fits_int64(std::int64_t hi, std::uint64_t lo) noexcept {
  return hi == (static_cast<std::int64_t>(lo) < 0 ? -1 : 0);
}

/// Raw two's-complement words to a Wide.
Wide to_wide(std::int64_t hi, std::uint64_t lo);

/// Stores `value` (already known to have at most 38 digits) as raw words.
void from_wide(const Wide& value, std::int64_t& hi, std::uint64_t& lo);

/// Overflow-checked int64 operations; false when the result does not fit.
inline bool add_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_add_overflow(a, b, &out);
#else
  if ((b > 0 && a > std::numeric_limits<std::int64_t>::max() - b) ||
      (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b)) {
    return true;
  }
  out = a + b;
  return false;
#endif
}

inline bool sub_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_sub_overflow(a, b, &out);
#else
  if ((b < 0 && a > std::numeric_limits<std::int64_t>::max() + b) ||
      (b > 0 && a < std::numeric_limits<std::int64_t>::min() + b)) {
    return true;
  }
  out = a - b;
  return false;
#endif
}

inline bool mul_overflows(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_mul_overflow(a, b, &out);
#else
  if (a == 0 || b == 0) {
    out = 0;
    return false;
  }
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t min = std::numeric_limits<std::int64_t>::min();
  if ((a == -1 && b == min) || (b == -1 && a == min)) return true;
  if (a > 0 ? (b > 0 ? a > max / b : b < min / a) : (b > 0 ? a < min / b : a < max / b)) {
    return true;
  }
  out = a * b;
  return false;
#endif
}

/// Whether a quotient whose magnitude was truncated to `quotient` must move one unit away from
/// zero, given the magnitudes of the remainder and the divisor. `negative` is the sign of the
/// exact result.
template <typename T>
bool round_away(const T& quotient, const T& remainder, const T& divisor, bool negative,
                RoundingMode mode) {
  if (remainder == 0) {
    return false;
  }
  switch (mode) {
    case RoundingMode::Down:
      return false;
    case RoundingMode::Up:
      return true;
    case RoundingMode::Floor:
      return negative;
    case RoundingMode::Ceiling:
      return !negative;
    case RoundingMode::HalfUp:
      // remainder >= divisor / 2, written without doubling so it cannot overflow.
      return remainder >= divisor - remainder;
    case RoundingMode::HalfEven: {
      const T rest = divisor - remainder;
      if (remainder != rest) {
        return remainder > rest;
      }
      return (quotient % 2) != 0;
    }
  }
  return false;
}

}  // namespace fundrules::decimal_detail
