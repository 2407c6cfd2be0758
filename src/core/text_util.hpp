#pragma once

// Small UTF-8 text helpers shared by the core parsers. Header-only and allocation-free.

#include <cstddef>
#include <string_view>

namespace fundrules::text_util {

/// Length in bytes of the space character starting at `i` (ASCII white space, U+3000
/// ideographic space, U+00A0 no-break space), or 0 if there is none.
inline std::size_t space_length(std::string_view text, std::size_t i) noexcept {
  if (i >= text.size()) {
    return 0;
  }
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
    return 1;
  }
  if (text.substr(i, 3) == "\xE3\x80\x80") {
    return 3;
  }
  if (text.substr(i, 2) == "\xC2\xA0") {
    return 2;
  }
  return 0;
}

/// Length in bytes of the space character ending just before `end`, or 0.
inline std::size_t space_length_before(std::string_view text, std::size_t end) noexcept {
  if (end == 0) {
    return 0;
  }
  if (space_length(text.substr(0, end), end - 1) == 1) {
    return 1;
  }
  if (end >= 2 && space_length(text, end - 2) == 2) {
    return 2;
  }
  if (end >= 3 && space_length(text, end - 3) == 3) {
    return 3;
  }
  return 0;
}

/// `text` without leading and trailing spaces (ASCII, full-width and no-break).
inline std::string_view trim(std::string_view text) noexcept {
  std::size_t begin = 0;
  while (std::size_t n = space_length(text, begin)) {
    begin += n;
  }
  std::size_t end = text.size();
  while (end > begin) {
    const std::size_t n = space_length_before(text, end);
    if (n == 0) {
      break;
    }
    end -= n;
  }
  return text.substr(begin, end - begin);
}

/// Length in bytes of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
inline std::size_t utf8_length(char lead) noexcept {
  const auto byte = static_cast<unsigned char>(lead);
  if (byte >= 0xF0 && byte < 0xF8) {
    return 4;
  }
  if (byte >= 0xE0) {
    return byte < 0xF0 ? 3 : 1;
  }
  if (byte >= 0xC0) {
    return 2;
  }
  return 1;
}

/// Number of UTF-8 characters (code points) in `text`.
inline std::size_t count_chars(std::string_view text) noexcept {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); i += utf8_length(text[i])) {
    ++count;
  }
  return count;
}

/// The whole UTF-8 character at byte offset `i`, for messages ("unexpected '元'").
inline std::string_view char_at(std::string_view text, std::size_t i) noexcept {
  if (i >= text.size()) {
    return {};
  }
  return text.substr(i, utf8_length(text[i]));
}

}  // namespace fundrules::text_util
