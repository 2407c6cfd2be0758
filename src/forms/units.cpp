#include "forms/units.hpp"

namespace fundrules::forms {

std::optional<Unit> parse_unit(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Unit unit;
  if (text == "元") {
    unit.kind = "money";
  } else if (text == "万元") {
    unit.kind = "money";
    unit.power_of_ten = 4;
  } else if (text == "是/否" || text == "是否") {
    unit.kind = "yes_no";
  } else {
    unit.kind = std::string(text);
  }
  return unit;
}

bool compatible(const Unit& a, const Unit& b) { return !a.is_answer() && a.kind == b.kind; }

Decimal convert(const Decimal& value, const Unit& from, const Unit& to) {
  if (from.power_of_ten == to.power_of_ten) return value;
  int shift = from.power_of_ten - to.power_of_ten;
  Decimal result = value;
  // Multiplying or dividing by ten is exact: division only moves the point.
  const Decimal ten(10);
  for (; shift > 0; --shift) result = result * ten;
  for (; shift < 0; ++shift) result = result.divide(ten, result.scale() + 1);
  // 114,000.00元 is 11.4万元: the zeros the division carried along say nothing.
  return from.power_of_ten > to.power_of_ten ? result : result.normalized();
}

}  // namespace fundrules::forms
