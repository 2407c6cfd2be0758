// find_invalid_text(): the check every byte of an input goes through, 64 bytes at a time.
//
// A chunk is judged whole from bit masks (one bit per byte): most of a roster is plain ASCII,
// which one test settles, or Chinese, whose three-byte characters need only a few compares;
// the continuation bytes must then be exactly those that the leads call for. Anything the masks
// do not settle alone (four-byte characters, the leads C0, C1, E0 and ED), and any damage at
// all, goes to find_invalid_text_general() from the start of the text, which finds the exact
// offset; damage is rare. With AVX2 a chunk takes two loads instead of four; the CPU is asked
// once which it can run.

#include <cstdint>
#include <cstring>

#include "io/text_decoder.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define FUNDRULES_TEXT_CHECK_AVX2 1
#endif

namespace fundrules::io {

#if defined(__SSE2__)

namespace {

constexpr std::size_t kChunkBytes = 64;

// What a chunk holds, one bit per byte, and what the chunk before left for it.
struct ChunkMasks {
  std::uint64_t high = 0;          // bytes above 0x7F
  std::uint64_t continuation = 0;  // 0x80-0xBF
  std::uint64_t two_byte = 0;      // leads C2-DF
  std::uint64_t three_byte = 0;    // leads E1-EF but ED
};

// The verdict on a chunk whose masks are known; updates `carry` (bit 0: the chunk's first byte,
// bit 1: its second, are continuation bytes a character of the chunk before calls for).
bool masks_are_clean(const ChunkMasks& m, unsigned& carry) noexcept {
  const std::uint64_t required =
      (m.two_byte << 1) | (m.three_byte << 1) | (m.three_byte << 2) | carry;
  if (required != m.continuation) return false;
  carry = static_cast<unsigned>(((m.two_byte | m.three_byte) >> 63) | ((m.three_byte >> 62) & 1u) |
                                ((m.three_byte >> 63) << 1));
  return true;
}

// One bit per byte of a chunk of four 16-byte blocks: the byte compare `test` gives.
template <typename Test>
std::uint64_t mask_of(const __m128i (&blocks)[4], Test test) noexcept {
  std::uint64_t mask = 0;
  for (int k = 0; k < 4; ++k) {
    const auto bits = static_cast<unsigned>(_mm_movemask_epi8(test(blocks[k])));
    mask |= static_cast<std::uint64_t>(bits) << (16 * k);
  }
  return mask;
}

bool chunk_is_clean_sse2(const unsigned char* p, unsigned& carry) noexcept {
  __m128i blocks[4];
  for (int k = 0; k < 4; ++k) {
    blocks[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
  }
  // A signed compare with 0x20 flags control characters and (being negative) high bytes alike.
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i any_suspect = _mm_or_si128(
      _mm_or_si128(_mm_cmplt_epi8(blocks[0], space), _mm_cmplt_epi8(blocks[1], space)),
      _mm_or_si128(_mm_cmplt_epi8(blocks[2], space), _mm_cmplt_epi8(blocks[3], space)));
  if (_mm_movemask_epi8(any_suspect) == 0) return carry == 0;
  ChunkMasks m;
  const std::uint64_t suspect =
      mask_of(blocks, [&space](__m128i b) { return _mm_cmplt_epi8(b, space); });
  m.high = mask_of(blocks, [](__m128i b) { return b; });
  if ((suspect & ~m.high) != 0) {
    const std::uint64_t allowed = mask_of(blocks, [](__m128i b) {
      return _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\t')),
                          _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\r')),
                                       _mm_cmpeq_epi8(b, _mm_set1_epi8('\n'))));
    });
    if ((suspect & ~m.high & ~allowed) != 0) return false;
  }
  if (m.high == 0) return carry == 0;
  // Bytes above 0x7F are negative as signed, in the same order.
  m.continuation = mask_of(
      blocks, [](__m128i b) { return _mm_cmplt_epi8(b, _mm_set1_epi8(static_cast<char>(0xC0))); });
  m.three_byte = mask_of(blocks, [](__m128i b) {
    return _mm_andnot_si128(
        _mm_cmpeq_epi8(b, _mm_set1_epi8(static_cast<char>(0xED))),
        _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(static_cast<char>(0xE0))),
                      _mm_cmplt_epi8(b, _mm_set1_epi8(static_cast<char>(0xF0)))));
  });
  if ((m.continuation | m.three_byte) != m.high) {
    // Other leads. Unsigned "at least x" as max(b, x) == b: SSE2 has no unsigned byte compare.
    auto at_least = [&blocks](unsigned char x) {
      const __m128i bound = _mm_set1_epi8(static_cast<char>(x));
      return mask_of(blocks,
                     [&bound](__m128i b) { return _mm_cmpeq_epi8(_mm_max_epu8(b, bound), b); });
    };
    const std::uint64_t from_c0 = at_least(0xC0);
    const std::uint64_t from_c2 = at_least(0xC2);
    const std::uint64_t from_e0 = at_least(0xE0);
    const std::uint64_t from_f0 = at_least(0xF0);
    const std::uint64_t e0_or_ed = mask_of(blocks, [](__m128i b) {
      return _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(static_cast<char>(0xE0))),
                          _mm_cmpeq_epi8(b, _mm_set1_epi8(static_cast<char>(0xED))));
    });
    if (((from_c0 & ~from_c2) | from_f0 | e0_or_ed) != 0) return false;
    m.continuation = m.high & ~from_c0;
    m.two_byte = from_c2 & ~from_e0;
    m.three_byte = from_e0 & ~from_f0;
  }
  return masks_are_clean(m, carry);
}

bool chunks_are_clean_sse2(const unsigned char* p, std::size_t chunks, unsigned& carry) noexcept {
  for (std::size_t k = 0; k < chunks; ++k) {
    if (!chunk_is_clean_sse2(p + k * kChunkBytes, carry)) return false;
  }
  return true;
}

#if defined(FUNDRULES_TEXT_CHECK_AVX2)

// The same judgement as chunk_is_clean_sse2(), two 32-byte blocks to a chunk. (Lambdas do not
// take on a function's target, hence the helpers.)
#define FUNDRULES_AVX2 __attribute__((target("avx2"), always_inline)) inline

FUNDRULES_AVX2 std::uint64_t mask_of_avx2(__m256i low, __m256i high) noexcept {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(low)) |
         (static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(high))) << 32);
}

FUNDRULES_AVX2 __m256i allowed_control_avx2(__m256i v) noexcept {
  return _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t')),
                         _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r')),
                                         _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'))));
}

// "x < y" as y > x: AVX2 has only the greater-than compare.
FUNDRULES_AVX2 __m256i three_byte_lead_avx2(__m256i v) noexcept {
  return _mm256_andnot_si256(
      _mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(0xED))),
      _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(static_cast<char>(0xE0))),
                       _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(0xF0)), v)));
}

FUNDRULES_AVX2 __m256i e0_or_ed_avx2(__m256i v) noexcept {
  return _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(0xE0))),
                         _mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(0xED))));
}

FUNDRULES_AVX2 std::uint64_t at_least_avx2(__m256i a, __m256i b, unsigned char x) noexcept {
  const __m256i bound = _mm256_set1_epi8(static_cast<char>(x));
  return mask_of_avx2(_mm256_cmpeq_epi8(_mm256_max_epu8(a, bound), a),
                      _mm256_cmpeq_epi8(_mm256_max_epu8(b, bound), b));
}

FUNDRULES_AVX2 bool chunk_is_clean_avx2(const unsigned char* p, unsigned& carry) noexcept {
  const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const __m256i space = _mm256_set1_epi8(0x20);
  const __m256i suspect_a = _mm256_cmpgt_epi8(space, a);
  const __m256i suspect_b = _mm256_cmpgt_epi8(space, b);
  const __m256i any_suspect = _mm256_or_si256(suspect_a, suspect_b);
  if (_mm256_testz_si256(any_suspect, any_suspect) != 0) return carry == 0;
  ChunkMasks m;
  const std::uint64_t suspect = mask_of_avx2(suspect_a, suspect_b);
  m.high = mask_of_avx2(a, b);
  if ((suspect & ~m.high) != 0) {
    const std::uint64_t allowed = mask_of_avx2(allowed_control_avx2(a), allowed_control_avx2(b));
    if ((suspect & ~m.high & ~allowed) != 0) return false;
  }
  if (m.high == 0) return carry == 0;
  const __m256i c0 = _mm256_set1_epi8(static_cast<char>(0xC0));
  m.continuation = mask_of_avx2(_mm256_cmpgt_epi8(c0, a), _mm256_cmpgt_epi8(c0, b));
  m.three_byte = mask_of_avx2(three_byte_lead_avx2(a), three_byte_lead_avx2(b));
  if ((m.continuation | m.three_byte) != m.high) {
    const std::uint64_t from_c0 = at_least_avx2(a, b, 0xC0);
    const std::uint64_t from_c2 = at_least_avx2(a, b, 0xC2);
    const std::uint64_t from_e0 = at_least_avx2(a, b, 0xE0);
    const std::uint64_t from_f0 = at_least_avx2(a, b, 0xF0);
    const std::uint64_t e0_or_ed = mask_of_avx2(e0_or_ed_avx2(a), e0_or_ed_avx2(b));
    if (((from_c0 & ~from_c2) | from_f0 | e0_or_ed) != 0) return false;
    m.continuation = m.high & ~from_c0;
    m.two_byte = from_c2 & ~from_e0;
    m.three_byte = from_e0 & ~from_f0;
  }
  return masks_are_clean(m, carry);
}

__attribute__((target("avx2"))) bool chunks_are_clean_avx2(const unsigned char* p,
                                                           std::size_t chunks,
                                                           unsigned& carry) noexcept {
  for (std::size_t k = 0; k < chunks; ++k) {
    if (!chunk_is_clean_avx2(p + k * kChunkBytes, carry)) return false;
  }
  return true;
}

#undef FUNDRULES_AVX2

#endif

using ChunkCheck = bool (*)(const unsigned char*, std::size_t, unsigned&) noexcept;

ChunkCheck best_chunk_check() noexcept {
#if defined(FUNDRULES_TEXT_CHECK_AVX2)
  if (__builtin_cpu_supports("avx2")) return chunks_are_clean_avx2;
#endif
  return chunks_are_clean_sse2;
}

std::size_t find_invalid_text_with(std::string_view text, ChunkCheck check) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  unsigned carry = 0;
  const std::size_t whole = n / kChunkBytes;
  if (!check(p, whole, carry)) return find_invalid_text_general(text);
  const std::size_t judged = whole * kChunkBytes;
  if (judged < n) {
    // The last bytes, followed by spaces (plain text): a character they cut off calls for
    // continuation bytes that are not there.
    unsigned char padded[kChunkBytes];
    std::memset(padded, ' ', sizeof padded);
    std::memcpy(padded, p + judged, n - judged);
    if (!check(padded, 1, carry)) return find_invalid_text_general(text);
  }
  // A character cut off by the end of the text.
  if (carry != 0) return find_invalid_text_general(text);
  return std::string_view::npos;
}

}  // namespace

std::size_t find_invalid_text(std::string_view text) noexcept {
  static const ChunkCheck check = best_chunk_check();
  return find_invalid_text_with(text, check);
}

std::size_t find_invalid_text_baseline(std::string_view text) noexcept {
  return find_invalid_text_with(text, chunks_are_clean_sse2);
}

#else

std::size_t find_invalid_text(std::string_view text) noexcept {
  return find_invalid_text_general(text);
}

std::size_t find_invalid_text_baseline(std::string_view text) noexcept {
  return find_invalid_text_general(text);
}

#endif

}  // namespace fundrules::io
