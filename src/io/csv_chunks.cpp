#include "io/csv_chunks.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define FUNDRULES_CSV_CHUNKS_AVX2 1
#endif

namespace fundrules::io {

namespace {

ChunkBits classify_portable(const char* chunk, char delimiter) noexcept {
  ChunkBits bits;
  for (std::size_t i = 0; i < kChunkBytes; ++i) {
    const char c = chunk[i];
    bits.delimiters |= static_cast<std::uint64_t>(c == delimiter) << i;
    bits.specials |= static_cast<std::uint64_t>(c == '"' || c == '\r' || c == '\n') << i;
  }
  return bits;
}

#if defined(__SSE2__)

ChunkBits classify_sse2(const char* chunk, char delimiter) noexcept {
  const __m128i want_delimiter = _mm_set1_epi8(delimiter);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  ChunkBits bits;
  for (std::size_t k = 0; k < kChunkBytes / 16; ++k) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(chunk + 16 * k));
    const auto delimiters =
        static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, want_delimiter)));
    const auto specials = static_cast<std::uint32_t>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, quote),
                     _mm_or_si128(_mm_cmpeq_epi8(bytes, cr), _mm_cmpeq_epi8(bytes, lf)))));
    bits.delimiters |= static_cast<std::uint64_t>(delimiters) << (16 * k);
    bits.specials |= static_cast<std::uint64_t>(specials) << (16 * k);
  }
  return bits;
}

#endif

#if defined(FUNDRULES_CSV_CHUNKS_AVX2)

// Compiled for AVX2 whatever the build's target, and called only where the CPU has it.
__attribute__((target("avx2"))) ChunkBits classify_avx2(const char* chunk,
                                                        char delimiter) noexcept {
  const __m256i want_delimiter = _mm256_set1_epi8(delimiter);
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i cr = _mm256_set1_epi8('\r');
  const __m256i lf = _mm256_set1_epi8('\n');
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunk));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(chunk + 32));
  const auto delimiters_low =
      static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(low, want_delimiter)));
  const auto delimiters_high =
      static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(high, want_delimiter)));
  const auto specials_low = static_cast<std::uint32_t>(_mm256_movemask_epi8(
      _mm256_or_si256(_mm256_cmpeq_epi8(low, quote),
                      _mm256_or_si256(_mm256_cmpeq_epi8(low, cr), _mm256_cmpeq_epi8(low, lf)))));
  const auto specials_high = static_cast<std::uint32_t>(_mm256_movemask_epi8(
      _mm256_or_si256(_mm256_cmpeq_epi8(high, quote),
                      _mm256_or_si256(_mm256_cmpeq_epi8(high, cr), _mm256_cmpeq_epi8(high, lf)))));
  ChunkBits bits;
  bits.delimiters = delimiters_low | (static_cast<std::uint64_t>(delimiters_high) << 32);
  bits.specials = specials_low | (static_cast<std::uint64_t>(specials_high) << 32);
  return bits;
}

#endif

}  // namespace

ChunkClassifier chunk_classifier(ChunkScanner scanner) noexcept {
  switch (scanner) {
    case ChunkScanner::Portable:
      return classify_portable;
    case ChunkScanner::Sse2:
#if defined(__SSE2__)
      return classify_sse2;
#else
      return nullptr;
#endif
    case ChunkScanner::Avx2:
#if defined(FUNDRULES_CSV_CHUNKS_AVX2)
      if (__builtin_cpu_supports("avx2")) return classify_avx2;
#endif
      return nullptr;
    case ChunkScanner::Best:
      break;
  }
  if (const ChunkClassifier avx2 = chunk_classifier(ChunkScanner::Avx2)) return avx2;
  if (const ChunkClassifier sse2 = chunk_classifier(ChunkScanner::Sse2)) return sse2;
  return classify_portable;
}

}  // namespace fundrules::io
