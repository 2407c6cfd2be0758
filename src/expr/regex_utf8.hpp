#pragma once
// Strict UTF-8 decoding for the regular-expression matcher and its pattern parser.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fundrules::expr::regex_detail {

/// Largest code point, and the first of the 256 stand-ins for bytes that are not valid UTF-8.
inline constexpr std::uint32_t kMaxCodePoint = 0x10FFFF;
inline constexpr std::uint32_t kStrayByteBase = 0x110000;
/// Largest value decode() returns.
inline constexpr std::uint32_t kMaxSymbol = kStrayByteBase + 0xFF;

/// Decodes the code point at `pos` (which must be < text.size()) and sets `length` to its
/// size in bytes. An overlong form, a surrogate, a value past U+10FFFF or a cut sequence
/// decodes as the stand-in kStrayByteBase + its first byte, one byte long, so that any input
/// makes progress and a stray byte never equals a real character.
inline std::uint32_t decode(std::string_view text, std::size_t pos, std::size_t& length) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const unsigned char lead = byte(0);
  length = 1;
  if (lead < 0x80) {
    return lead;
  }
  std::size_t need = 0;
  std::uint32_t value = 0;
  std::uint32_t smallest = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
    value = lead & 0x1Fu;
    smallest = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    value = lead & 0x0Fu;
    smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    value = lead & 0x07u;
    smallest = 0x10000;
  } else {
    return kStrayByteBase + lead;
  }
  if (text.size() - pos <= need) {
    return kStrayByteBase + lead;
  }
  for (std::size_t i = 1; i <= need; ++i) {
    if ((byte(i) & 0xC0u) != 0x80u) {
      return kStrayByteBase + lead;
    }
    value = (value << 6) | (byte(i) & 0x3Fu);
  }
  if (value < smallest || value > kMaxCodePoint || (value >= 0xD800 && value <= 0xDFFF)) {
    return kStrayByteBase + lead;
  }
  length = need + 1;
  return value;
}

}  // namespace fundrules::expr::regex_detail
