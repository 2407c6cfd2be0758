// Fuzzes the identifier predicates against plain reference definitions written from the
// standards, so a disagreement in either direction (a wrong ID accepted, a right one refused)
// stops the fuzzer, not only a crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/validators.hpp"
#include "fuzz_support.hpp"

namespace {

using fundrules::Date;

bool digits(std::string_view text) {
  return text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Luhn, summing from the left: a digit is doubled when an odd number of digits follow it.
bool reference_bank_card(std::string_view text) {
  if (text.size() < 16 || text.size() > 19 || !digits(text)) return false;
  int sum = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int digit = text[i] - '0';
    const bool doubled = (text.size() - 1 - i) % 2 == 1;
    sum += doubled ? (digit * 2) / 10 + (digit * 2) % 10 : digit;
  }
  return sum % 10 == 0;
}

bool reference_mobile(std::string_view text) {
  return text.size() == 11 && digits(text) && text[0] == '1' && text[1] >= '3' && text[1] <= '9';
}

// GB 32100-2015: weight of position i is 3^i mod 31.
bool reference_uscc(std::string_view text) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  if (text.size() != 18) return false;
  int sum = 0;
  int weight = 1;
  for (std::size_t i = 0; i < 17; ++i) {
    const std::size_t value = kAlphabet.find(text[i]);
    if (value == std::string_view::npos) return false;
    sum += static_cast<int>(value) * weight;
    weight = weight * 3 % 31;
  }
  const std::size_t check = kAlphabet.find(text[17]);
  return check != std::string_view::npos && static_cast<int>(check) == (31 - sum % 31) % 31;
}

// GB 11643-1999: weight of position i is 2^(17 - i) mod 11; the sum of weight × value over all
// 18 characters (X counting 10) is 1 mod 11.
bool reference_cn_id(std::string_view text, Date today) {
  if (text.size() != 18 || !digits(text.substr(0, 17))) return false;
  int last = 0;
  if (text[17] == 'X' || text[17] == 'x') {
    last = 10;
  } else if (text[17] >= '0' && text[17] <= '9') {
    last = text[17] - '0';
  } else {
    return false;
  }
  int sum = last;
  int weight = 2;
  for (std::size_t i = 17; i-- > 0;) {
    sum += (text[i] - '0') * weight;
    weight = weight * 2 % 11;
  }
  if (sum % 11 != 1) return false;
  const auto birth = Date::try_parse(text.substr(6, 8));
  return birth.has_value() && *birth <= today && birth->year() >= 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace v = fundrules::validators;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Date today = Date::from_ymd(2024, 6, 30);
  using fundrules::fuzz::require;
  require(v::is_bank_card(text) == reference_bank_card(text), "is_bank_card", text);
  require(v::is_cn_mobile(text) == reference_mobile(text), "is_cn_mobile", text);
  require(v::is_uscc(text) == reference_uscc(text), "is_uscc", text);
  require(v::is_cn_id(text, today) == reference_cn_id(text, today), "is_cn_id", text);
  return 0;
}
