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
  if (left > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, left);
    hash = mix(hash, word);
  }
  hash *= kMultiply;
  return hash ^ (hash >> 29);
}

}  // namespace fundrules::expr
