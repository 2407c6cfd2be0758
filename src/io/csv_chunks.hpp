#pragma once

// Finding the bytes that structure CSV text (the delimiter, quotes and line breaks) 64 bytes at
// a time, as bit masks with one bit per byte.
//
// The tokenizer walks the masks instead of the bytes: a roster row of 130 bytes is two or three
// chunks whatever its content. Several ways of computing the masks give the same bits; the CPU
// is asked once which it can run, and tests compare each with the portable one.

#include <cstddef>
#include <cstdint>

namespace fundrules::io {

/// Bytes a chunk holds.
inline constexpr std::size_t kChunkBytes = 64;

/// The structural bytes of one chunk: bit i stands for byte i.
struct ChunkBits {
  std::uint64_t delimiters = 0;  ///< bytes equal to the delimiter
  std::uint64_t specials = 0;    ///< quotes, CRs and LFs
};

/// A way of computing ChunkBits.
enum class ChunkScanner : std::uint8_t {
  Portable,  ///< a byte at a time, on any CPU
  Sse2,      ///< 16 bytes at a time (x86-64 always has SSE2)
  Avx2,      ///< 32 bytes at a time, where the CPU has AVX2
  Best,      ///< the fastest of these this CPU runs
};

/// Computes the bits of the kChunkBytes bytes at `chunk` (all of which must be readable).
using ChunkClassifier = ChunkBits (*)(const char* chunk, char delimiter) noexcept;

/// The classifier for `scanner`, or nullptr if this build or CPU cannot run it (Best always
/// gives one).
ChunkClassifier chunk_classifier(ChunkScanner scanner) noexcept;

}  // namespace fundrules::io
