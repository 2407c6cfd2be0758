// Check-character and format predicates for Chinese identifiers. Everything here works on the
// bytes in place: rosters hold one of each per row and are checked by the million.

#include "core/validators.hpp"

#include <array>

namespace fundrules::validators {

namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

constexpr int digit_value(char c) noexcept { return c - '0'; }

bool all_digits(std::string_view text) noexcept {
  for (const char c : text) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

int number_at(std::string_view text, std::size_t begin, std::size_t length) noexcept {
  int value = 0;
  for (std::size_t i = begin; i < begin + length; ++i) {
    value = value * 10 + digit_value(text[i]);
  }
  return value;
}

/// Position of `c` in the USCC alphabet (I, O, S, V and Z are left out), or -1.
int uscc_value(char c) noexcept {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const std::size_t at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

bool is_cn_id(std::string_view text, Date today) {
  if (text.size() != 18 || !all_digits(text.substr(0, 17))) {
    return false;
  }
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) {
    sum += digit_value(text[i]) * kWeights[i];
  }
  char last = text[17];
  if (last == 'x') {
    last = 'X';
  }
  if (kCheck[static_cast<std::size_t>(sum % 11)] != last) {
    return false;
  }

  // Characters 7-14 are the birth date: it must exist and not lie in the future.
  const int year = number_at(text, 6, 4);
  const int month = number_at(text, 10, 2);
  const int day = number_at(text, 12, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return false;
  }
  return Date::from_ymd(year, month, day) <= today;  // cannot throw: the date was checked
}

bool is_bank_card(std::string_view text) {
  if (text.size() < 16 || text.size() > 19 || !all_digits(text)) {
    return false;
  }
  // Luhn: from the rightmost digit, double every second one and add the digits of the result.
  int sum = 0;
  bool doubled = false;
  for (std::size_t i = text.size(); i-- > 0;) {
    int d = digit_value(text[i]);
    if (doubled) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
    doubled = !doubled;
  }
  return sum % 10 == 0;
}

bool is_cn_mobile(std::string_view text) {
  return text.size() == 11 && all_digits(text) && text[0] == '1' && text[1] >= '3';
}

bool is_uscc(std::string_view text) {
  if (text.size() != 18) {
    return false;
  }
  static constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                   29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) {
    const int value = uscc_value(text[i]);
    if (value < 0) {
      return false;
    }
    sum += value * kWeights[i];
  }
  const int last = uscc_value(text[17]);
  return last >= 0 && last == (31 - sum % 31) % 31;
}

}  // namespace fundrules::validators
