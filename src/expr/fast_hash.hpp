#pragma once

// A hash of a few bytes for the engine's own hash tables (distinct values, summary lines).
// Keys there are short (a household number, an enum code, an ID number), so the hash reads
// eight bytes at a time and mixes with two multiplications, a fraction of what std::hash
// spends on the same key. It is not meant to resist chosen collisions and never leaves the
// process: nothing depends on its values but the layout of an in-memory table.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace fundrules::expr {

/// The last 1 to 7 bytes of a key as the low bytes of a word, the rest zero: what a memcpy of
/// them into a zeroed word gives, read as two overlapping loads instead of a call to memcpy
/// (most keys end in such a tail).
inline std::uint64_t tail_word(const char* at, std::size_t left) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (left >= 4) {
    std::uint32_t low = 0;
    std::uint32_t high = 0;
    std::memcpy(&low, at, 4);
    std::memcpy(&high, at + left - 4, 4);
    return low | (static_cast<std::uint64_t>(high) << (8 * (left - 4)));
  }
  const auto byte = [at](std::size_t i) {
    return static_cast<std::uint64_t>(static_cast<unsigned char>(at[i])) << (8 * i);
  };
  return byte(0) | byte(left / 2) | byte(left - 1);
#else
  std::uint64_t word = 0;
  std::memcpy(&word, at, left);
  return word;
#endif
}

/// A 64-bit hash of `bytes`; equal bytes give equal hashes.
inline std::uint64_t fast_hash(std::string_view bytes) noexcept {
  constexpr std::uint64_t kMultiply = 0x9e3779b97f4a7c15ULL;
  const char* at = bytes.data();
  std::size_t left = bytes.size();
  std::uint64_t hash = 0x2545f4914f6cdd1dULL ^ (left * kMultiply);
  const auto mix = [](std::uint64_t state, std::uint64_t word) noexcept {
    state ^= word;
    state *= 0xbf58476d1ce4e5b9ULL;
    return state ^ (state >> 31);
  };
  while (left >= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, 8);
    hash = mix(hash, word);
    at += 8;
    left -= 8;
  }
  if (left > 0) hash = mix(hash, tail_word(at, left));
  hash *= kMultiply;
  return hash ^ (hash >> 29);
}

}  // namespace fundrules::expr
