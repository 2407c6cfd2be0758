// Fuzzes the money and number parsers and the exact arithmetic behind them. Checked, besides
// "no crash": try_parse and parse agree; what parses prints back (to_string) as text that
// parses to the same value and scale; the money form (to_money_string) reads back as the value
// rounded to cents; and for two numbers (the input split at its first newline) sums, products
// and truncating division are exact, or throw OverflowError, never anything else.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fundrules/decimal.hpp"
#include "fundrules/error.hpp"
#include "fuzz_support.hpp"

namespace {

using fundrules::Decimal;
using fundrules::fuzz::require;

// parse() and try_parse() (or their money versions) must agree on every text.
std::optional<Decimal> parse_both(std::string_view text, bool money) {
  const std::optional<Decimal> tried =
      money ? Decimal::try_parse_money(text) : Decimal::try_parse(text);
  bool threw = false;
  try {
    const Decimal parsed = money ? Decimal::parse_money(text) : Decimal::parse(text);
    require(tried && *tried == parsed && tried->scale() == parsed.scale(),
            "parse() gave a value try_parse() did not", text);
  } catch (const fundrules::ValueError&) {
    threw = true;
  }
  require(threw == !tried, "try_parse() gave a value parse() refused", text);
  return tried;
}

void check_round_trip(const Decimal& value, std::string_view input) {
  const std::string printed = value.to_string();
  const auto again = Decimal::try_parse(printed);
  require(again.has_value(), "to_string() wrote text parse() refuses", input);
  require(*again == value && again->scale() == value.scale(),
          "to_string() then parse() changed the value or scale", input);
  require(again->to_string() == printed, "to_string() is not stable", input);
  const auto money = Decimal::try_parse_money(printed);
  require(money && *money == value, "parse_money() reads a plain number differently", input);

  std::optional<Decimal> cents;
  try {
    cents = value.round(2);
  } catch (const fundrules::OverflowError&) {
    return;  // 38 digits before the point leave no room for cents
  }
  const auto from_money = Decimal::try_parse_money(value.to_money_string());
  require(from_money && *from_money == *cents && from_money->scale() == 2,
          "to_money_string() does not read back as the value rounded to cents", input);
}

void check_arithmetic(const Decimal& a, const Decimal& b, std::string_view input) {
  require(a.compare(b) == -b.compare(a), "compare() is not antisymmetric", input);
  try {
    const Decimal sum = a + b;
    require(sum - b == a && sum - a == b, "(a + b) - b is not a", input);
  } catch (const fundrules::OverflowError&) {
  }
  try {
    require(a * b == b * a, "a * b differs from b * a", input);
  } catch (const fundrules::OverflowError&) {
  }
  if (b.is_zero()) return;
  try {
    // Truncating division: the remainder is smaller than one unit of the last place times b.
    const Decimal quotient = a.divide(b, 6, fundrules::RoundingMode::Down);
    require(quotient.scale() == 6, "divide() did not give the asked scale", input);
    const Decimal remainder = a - quotient * b;
    require(remainder.is_zero() || remainder.sign() == a.sign(),
            "truncating division rounded away from zero", input);
    require(remainder.abs() < (b * Decimal::from_scaled(1, 6)).abs(),
            "truncating division is off by a unit or more", input);
  } catch (const fundrules::OverflowError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const bool money : {false, true}) {
    if (const auto value = parse_both(text, money)) check_round_trip(*value, text);
  }
  const std::size_t split = text.find('\n');
  if (split != std::string_view::npos) {
    const auto a = Decimal::try_parse_money(text.substr(0, split));
    const auto b = Decimal::try_parse_money(text.substr(split + 1));
    if (a && b) check_arithmetic(*a, *b, text);
  }
  return 0;
}
