#pragma once

// Whether two texts have the same bytes, for the evaluator and the batch plan alike. Texts
// compared there are short (enum codes, names), and most pairs of one length differ early:
// words are compared in place rather than by a call to memcmp.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace fundrules::expr {

inline bool same_text(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const auto word = [](const char* at) {
    std::uint64_t w = 0;
    std::memcpy(&w, at, sizeof w);
    return w;
  };
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      if (word(a.data() + i) != word(b.data() + i)) return false;
    }
    return word(a.data() + n - 8) == word(b.data() + n - 8);  // the tail, overlapping
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace fundrules::expr
