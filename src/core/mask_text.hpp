#pragma once

// Masking for text quoted in messages about cells and values. A cell that fails to convert is
// quoted so that its author can find it, but a roster's ID numbers, bank cards and phones are
// sometimes typed into the wrong column, where the field is not marked personal: any run of
// seven or more digits (with an ID number's final X) is shown as its first three and last two
// characters only, so that a message can never carry a whole identifier.

#include <cstddef>
#include <string>
#include <string_view>

namespace fundrules::text_util {

/// Shortest digit run that is masked: no phone, ID number or bank card is shorter.
inline constexpr std::size_t kMaskedDigitRun = 7;

/// `text` with every run of kMaskedDigitRun or more ASCII digits (and a trailing X or x)
/// masked as "123*****89".
inline std::string mask_digit_runs(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    if (end - i >= kMaskedDigitRun && end < text.size() && (text[end] == 'X' || text[end] == 'x')) {
      ++end;
    }
    const std::size_t length = end - i;
    if (length < kMaskedDigitRun) {
      out.append(text.substr(i, length));
    } else {
      out.append(text.substr(i, 3));
      out.append(length - 5, '*');
      out.append(text.substr(end - 2, 2));
    }
    i = end;
  }
  return out;
}

}  // namespace fundrules::text_util
