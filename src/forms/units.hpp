#pragma once

// Units of statistics-form rows. Money comes in 元 and 万元, which convert exactly (1万元 =
// 10,000元); every counting unit (户, 人, 人次, 个, 家, ...) is its own kind, since households,
// people and visits do not add up; 是/否 rows hold an answer, not a number.

#include <optional>
#include <string>
#include <string_view>

#include "fundrules/decimal.hpp"

namespace fundrules::forms {

/// What a unit measures and how large it is within its kind.
struct Unit {
  std::string kind;      ///< "money" for 元 and 万元, "yes_no" for 是/否, else the unit itself
  int power_of_ten = 0;  ///< 万元: 4 (10^4 元), every other unit: 0
  [[nodiscard]] bool is_money() const noexcept { return kind == "money"; }
  [[nodiscard]] bool is_answer() const noexcept { return kind == "yes_no"; }
  /// A counting unit: its figures are whole numbers.
  [[nodiscard]] bool is_count() const noexcept { return !is_money() && !is_answer(); }
};

/// The unit written `text`; nullopt for an empty text.
std::optional<Unit> parse_unit(std::string_view text);

/// True when figures in units `a` and `b` may be added or compared.
bool compatible(const Unit& a, const Unit& b);

/// `value` in unit `from` expressed in unit `to` (both money, or the same unit): exact, since
/// money units differ by powers of ten.
Decimal convert(const Decimal& value, const Unit& from, const Unit& to);

}  // namespace fundrules::forms
