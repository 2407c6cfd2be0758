#include "io/text_decoder.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "fundrules/error.hpp"

namespace fundrules::io {

namespace {

constexpr std::uint64_t kRepeat20 = 0x2020202020202020ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Length of the UTF-8 sequence at p (well-formed per RFC 3629: no overlongs, no surrogates,
// nothing past U+10FFFF); 0 if invalid; -1 if it is a valid start cut off by the end.
int utf8_sequence(const unsigned char* p, std::size_t avail) noexcept {
  const unsigned c = p[0];
  int length = 0;
  unsigned low = 0x80;
  unsigned high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  for (int k = 1; k < length; ++k) {
    if (static_cast<std::size_t>(k) >= avail) return -1;
    const unsigned b = p[k];
    const unsigned lo = k == 1 ? low : 0x80;
    const unsigned hi = k == 1 ? high : 0xBF;
    if (b < lo || b > hi) return 0;
  }
  return length;
}

bool is_allowed_control(unsigned char c) noexcept { return c == '\t' || c == '\n' || c == '\r'; }

// Undecodable bytes in a GB18030 sample, counted with a throwaway decoder.
std::size_t gb18030_invalid_count(std::string_view sample, bool at_end) {
  TextDecoder decoder(Encoding::Gb18030);
  std::vector<char> text;
  text.reserve(sample.size() * 3 / 2 + 16);
  decoder.decode(sample, at_end, text);
  std::size_t count = 0;
  for (char c : text) count += c == kInvalidByteMarker ? 1 : 0;
  return count;
}

}  // namespace

std::size_t find_invalid_text_general(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Skip printable ASCII a block at a time, straight to the first byte that is not: a signed
    // compare with 0x20 flags control characters and (being negative) bytes above 0x7F alike.
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20);
    while (i + 16 <= n) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(block, space)));
      if (mask != 0) {
        i += static_cast<std::size_t>(__builtin_ctz(mask));
        break;
      }
      i += 16;
    }
#endif
    while (i + 8 <= n) {
      std::uint64_t word = 0;
      std::memcpy(&word, p + i, sizeof word);
      if (((word - kRepeat20) | word) & kHighBits) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && !is_allowed_control(c)) return i;
      ++i;
      continue;
    }
    // A run of multi-byte characters, without going back to the ASCII scan between them. The
    // common case inline: a 3-byte character (all of CJK) led by neither E0 nor ED, the two
    // leads with narrower second bytes.
    for (;;) {
      const unsigned char lead = p[i];
      if (lead < 0x80) break;
      if (lead >= 0xE1 && lead != 0xED && lead <= 0xEF && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
          (p[i + 2] & 0xC0) == 0x80) {
        i += 3;
      } else {
        const int length = utf8_sequence(p + i, n - i);
        if (length <= 0) return i;
        i += static_cast<std::size_t>(length);
      }
      if (i >= n) break;
    }
  }
  return std::string_view::npos;
}

Utf8Census utf8_census(std::string_view sample, bool at_end) noexcept {
  Utf8Census census;
  const auto* p = reinterpret_cast<const unsigned char*>(sample.data());
  const std::size_t n = sample.size();
  std::size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const int length = utf8_sequence(p + i, n - i);
    if (length > 0) {
      ++census.multibyte;
      i += static_cast<std::size_t>(length);
      continue;
    }
    if (length < 0 && !at_end) break;  // the rest of the character is in the next block
    if (census.invalid == 0) census.first_invalid = i;
    ++census.invalid;
    ++i;
  }
  return census;
}

std::string describe_non_text(std::string_view sample) {
  auto starts = [&](std::string_view magic) { return sample.substr(0, magic.size()) == magic; };
  if (starts("PK\x03\x04")) {
    return "this is a ZIP archive, most likely an Excel workbook (.xlsx); save it as CSV first";
  }
  if (starts("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return "this is an old Excel workbook (.xls); save it as CSV first";
  }
  if (starts("%PDF")) return "this is a PDF document, not CSV";
  const bool utf16_bom = starts("\xFF\xFE") || starts("\xFE\xFF");
  const bool utf16_ascii = sample.size() >= 4 && ((sample[1] == '\0' && sample[3] == '\0') ||
                                                  (sample[0] == '\0' && sample[2] == '\0'));
  if (utf16_bom || utf16_ascii) {
    return "this is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" instead";
  }
  return {};
}

EncodingGuess guess_encoding(std::string_view sample, bool at_end) {
  EncodingGuess guess;
  if (sample.substr(0, 3) == "\xEF\xBB\xBF") return guess;
  guess.not_text = describe_non_text(sample);
  if (!guess.not_text.empty()) return guess;
  const Utf8Census utf8 = utf8_census(sample, at_end);
  if (utf8.invalid == 0) return guess;
  const std::size_t gb_invalid = gb18030_invalid_count(sample, at_end);
  if (gb_invalid == 0) {
    guess.encoding = Encoding::Gb18030;
    return guess;
  }
  // Damaged either way. GB18030 text hardly ever forms valid UTF-8 sequences by chance, so
  // text with more valid multi-byte UTF-8 characters than bad bytes is UTF-8 with some junk.
  if (utf8.multibyte >= utf8.invalid || utf8.invalid <= gb_invalid) return guess;
  guess.encoding = Encoding::Gb18030;
  return guess;
}

TextDecoder::TextDecoder(Encoding encoding) : encoding_(encoding) {
  if (encoding_ == Encoding::Auto) encoding_ = Encoding::Utf8;
  if (encoding_ == Encoding::Gb18030) {
    iconv_t handle = iconv_open("UTF-8", "GB18030");
    if (handle == reinterpret_cast<iconv_t>(-1)) {
      throw Error(std::string("cannot decode GB18030: iconv_open failed: ") + std::strerror(errno));
    }
    iconv_ = handle;
  }
}

TextDecoder::~TextDecoder() {
  if (iconv_ != nullptr) iconv_close(static_cast<iconv_t>(iconv_));
}

void TextDecoder::decode(std::string_view input, bool final, std::vector<char>& out) {
  if (encoding_ == Encoding::Gb18030) {
    decode_gb18030(input, final, out);
    return;
  }
  // UTF-8 passes through; invalid sequences are found when records are checked.
  out.insert(out.end(), input.begin(), input.end());
}

void TextDecoder::decode_gb18030(std::string_view input, bool final, std::vector<char>& out) {
  std::string joined;
  if (!pending_.empty()) {
    joined.reserve(pending_.size() + input.size());
    joined.append(pending_).append(input);
    pending_.clear();
    input = joined;
  }
  auto* cd = static_cast<iconv_t>(iconv_);
  // iconv's interface takes char** for its input, though it never writes through it.
  char* in = const_cast<char*>(input.data());
  std::size_t in_left = input.size();
  while (in_left > 0) {
    const std::size_t used = out.size();
    out.resize(used + in_left + in_left / 2 + 16);  // 2 GB18030 bytes make at most 3 UTF-8
    char* out_ptr = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t result = iconv(cd, &in, &in_left, &out_ptr, &out_left);
    const int error = errno;
    out.resize(static_cast<std::size_t>(out_ptr - out.data()));
    if (result != static_cast<std::size_t>(-1)) break;
    if (error == E2BIG) continue;
    if (error == EILSEQ) {
      out.push_back(kInvalidByteMarker);
      ++in;
      --in_left;
      continue;
    }
    if (error == EINVAL) {  // a character cut by the end of the block
      if (final) {
        out.push_back(kInvalidByteMarker);
      } else {
        pending_.assign(in, in_left);
      }
      break;
    }
    throw Error(std::string("GB18030 decoding failed: ") + std::strerror(error));
  }
}

}  // namespace fundrules::io
