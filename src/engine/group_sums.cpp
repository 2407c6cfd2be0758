#include "engine/group_sums.hpp"

#include <limits>

namespace fundrules::engine {

namespace {

constexpr std::int64_t kPow10[] = {1,
                                   10,
                                   100,
                                   1000,
                                   10000,
                                   100000,
                                   1000000,
                                   10000000,
                                   100000000,
                                   1000000000,
                                   10000000000,
                                   100000000000,
                                   1000000000000,
                                   10000000000000,
                                   100000000000000,
                                   1000000000000000,
                                   10000000000000000,
                                   100000000000000000,
                                   1000000000000000000};

// The decimal's coefficient, when it fits 64 bits.
bool narrow_coefficient(const Decimal& d, std::int64_t& coefficient) {
  const auto low = static_cast<std::int64_t>(d.raw_low());
  if (d.raw_high() != (low < 0 ? -1 : 0)) return false;
  coefficient = low;
  return true;
}

}  // namespace

void GroupSums::append(std::size_t count) {
  coefficients_.append(count, 0);
  states_.append(count, 0);
}

GroupSums::Narrow GroupSums::get(std::size_t at) const {
  const std::uint8_t state = states_[at];
  Narrow sum;
  sum.coefficient = coefficients_[at];
  sum.scale = static_cast<std::int8_t>(state & kScaleMask);
  sum.all_int = (state & kNotAllInt) == 0;
  sum.wide = (state & kWide) != 0;
  return sum;
}

void GroupSums::put(std::size_t at, const Narrow& sum) {
  coefficients_[at] = sum.coefficient;
  states_[at] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(sum.scale) |
                                          (sum.all_int ? 0 : kNotAllInt) | (sum.wide ? kWide : 0));
}

bool GroupSums::add_narrow(Narrow& sum, std::int64_t coefficient, int scale) {
  const int to = sum.scale > scale ? sum.scale : scale;
  std::int64_t a = 0;
  std::int64_t b = 0;
  std::int64_t total = 0;
  if (__builtin_mul_overflow(sum.coefficient, kPow10[to - sum.scale], &a) ||
      __builtin_mul_overflow(coefficient, kPow10[to - scale], &b) ||
      __builtin_add_overflow(a, b, &total)) {
    return false;
  }
  sum.coefficient = total;
  sum.scale = static_cast<std::int8_t>(to);
  return true;
}

Decimal GroupSums::value(std::size_t at) const {
  const Narrow sum = get(at);
  if (sum.wide) return wide_.at(at);
  return Decimal::from_scaled(sum.coefficient, sum.scale);
}

Decimal& GroupSums::widen(std::size_t at) {
  if ((states_[at] & kWide) == 0) {
    wide_[at] = value(at);
    states_[at] |= kWide;
  }
  return wide_[at];
}

void GroupSums::add(std::size_t at, const expr::Val& value) {
  Narrow sum = get(at);
  if (value.tag == expr::Tag::Int) {
    if (!sum.wide && add_narrow(sum, value.i, 0)) {
      put(at, sum);
      return;
    }
    widen(at) += Decimal(value.i);
  } else if (value.tag == expr::Tag::Decimal) {
    sum.all_int = false;
    states_[at] |= kNotAllInt;
    std::int64_t coefficient = 0;
    if (!sum.wide && narrow_coefficient(value.d, coefficient) &&
        add_narrow(sum, coefficient, value.d.scale())) {
      put(at, sum);
      return;
    }
    widen(at) += value.d;
  }
}

void GroupSums::merge(std::size_t at, const GroupSums& later, std::size_t from, bool replace) {
  const Narrow source = later.get(from);
  Narrow target = get(at);
  if (replace) {
    if (target.wide) wide_.erase(at);
    put(at, source);
    if (source.wide) wide_[at] = later.wide_.at(from);
    return;
  }
  target.all_int = target.all_int && source.all_int;
  if (!source.all_int) states_[at] |= kNotAllInt;
  if (!target.wide && !source.wide && add_narrow(target, source.coefficient, source.scale)) {
    put(at, target);
    return;
  }
  widen(at) += later.value(from);
}

expr::EvalResult GroupSums::result(std::size_t at) const {
  const Narrow sum = get(at);
  expr::EvalResult out;
  const Decimal total = value(at);
  if (!sum.all_int) {
    out.value = Value(total);
  } else if (const auto whole = total.to_int64()) {
    out.value = Value(*whole);
  } else {
    out.error = expr::EvalErrorKind::Overflow;
    out.error_message = "sum() past the 64-bit range";
  }
  return out;
}

}  // namespace fundrules::engine
