#pragma once

// The sum() of every group of a group rule, 9 bytes a group. Payment amounts have a few
// decimal places and totals far below 2^63 cents, so a sum is kept as a 64-bit coefficient
// and a scale, added with the rules of fundrules::Decimal (the larger scale wins); a sum that
// outgrows that is moved, exactly, to a full Decimal kept aside. Either way the result is the
// one Decimal arithmetic gives, scale included.

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "engine/group_table.hpp"
#include "expr/expr.hpp"
#include "expr/program.hpp"
#include "fundrules/decimal.hpp"

namespace fundrules::engine {

class GroupSums {
 public:
  /// Adds `count` sums of nothing.
  void append(std::size_t count);
  /// Forgets every sum, keeping the room they took for the next ones.
  void clear() {
    coefficients_.clear();
    states_.clear();
    wide_.clear();
  }
  [[nodiscard]] std::size_t size() const noexcept { return coefficients_.size(); }

  /// Adds a value to sum `at`: an int or a decimal; anything else (null) is skipped.
  void add(std::size_t at, const expr::Val& value);
  /// Sum `at` becomes sum `from` of `later` (`replace`), or has it added.
  void merge(std::size_t at, const GroupSums& later, std::size_t from, bool replace);
  /// What sum() gives: an int while only ints were added, else a decimal; an error for an
  /// int sum past the 64-bit range.
  [[nodiscard]] expr::EvalResult result(std::size_t at) const;

 private:
  // A sum as it is worked on: its coefficient, and the byte beside it that holds the rest.
  struct Narrow {
    std::int64_t coefficient = 0;
    std::int8_t scale = 0;
    bool all_int = true;
    bool wide = false;  // the sum is in wide_
  };
  // The byte: the scale (a Decimal's is at most 18) in the low six bits, then the flags.
  static constexpr std::uint8_t kScaleMask = 0x3f;
  static constexpr std::uint8_t kNotAllInt = 0x40;
  static constexpr std::uint8_t kWide = 0x80;

  [[nodiscard]] Narrow get(std::size_t at) const;
  void put(std::size_t at, const Narrow& sum);
  // Adds coefficient × 10^-scale; false (nothing changed) when it does not fit.
  static bool add_narrow(Narrow& sum, std::int64_t coefficient, int scale);
  [[nodiscard]] Decimal value(std::size_t at) const;
  // Moves sum `at` to wide_ and returns it there.
  Decimal& widen(std::size_t at);

  // Apart, so that a sum takes 9 bytes rather than a padded 16.
  Blocks<std::int64_t> coefficients_;
  Blocks<std::uint8_t> states_;
  std::unordered_map<std::size_t, Decimal> wide_;
};

}  // namespace fundrules::engine
