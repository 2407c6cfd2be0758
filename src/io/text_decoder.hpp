#pragma once

// Turning the bytes of an input file into UTF-8 text, block by block, and choosing the encoding
// of a file from its first bytes.
//
// Bytes that are not valid in the file's encoding never stop the decoding: they come out as
// bytes that are not valid UTF-8 (0xFF for GB18030, the raw bytes for UTF-8), so the reader
// finds them when it checks a record's text and reports that row as unreadable.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fundrules/csv.hpp"

namespace fundrules::io {

/// The byte that stands for an undecodable input byte in decoded text; never valid in UTF-8.
inline constexpr char kInvalidByteMarker = '\xFF';

/// Offset of the first byte of `text` that is not valid UTF-8 or is a control character other
/// than tab, CR and LF (a NUL or other control in a CSV cell means binary junk); npos if none.
std::size_t find_invalid_text(std::string_view text) noexcept;
/// find_invalid_text() with only the vector instructions every x86-64 CPU has (SSE2), where
/// find_invalid_text() uses wider ones if the CPU has them: tests hold both to the same answers.
std::size_t find_invalid_text_baseline(std::string_view text) noexcept;
/// find_invalid_text() a character at a time: what the block-at-a-time path falls back to for
/// text it cannot settle, and what tests hold it to.
std::size_t find_invalid_text_general(std::string_view text) noexcept;

/// Counts from reading a sample of bytes as UTF-8.
struct Utf8Census {
  std::size_t invalid = 0;                             ///< bytes that start no valid sequence
  std::size_t multibyte = 0;                           ///< valid sequences of 2 to 4 bytes
  std::size_t first_invalid = std::string_view::npos;  ///< offset of the first invalid byte
};
/// Reads `sample` as UTF-8. A sequence cut off by the end of the sample is not counted as
/// invalid unless `at_end` says the sample is the whole file.
Utf8Census utf8_census(std::string_view sample, bool at_end) noexcept;

/// What the first bytes of a file say about it.
struct EncodingGuess {
  Encoding encoding = Encoding::Utf8;
  /// Non-empty when the bytes cannot be a CSV text file at all (UTF-16, a workbook, ...).
  std::string not_text;
};
/// Chooses UTF-8 or GB18030 from the first bytes of a file (Encoding::Auto):
/// a UTF-8 BOM or valid UTF-8 means UTF-8; else bytes valid as GB18030 mean GB18030; when
/// neither reads cleanly (a damaged file), the one the bulk of the text fits is chosen, and the
/// undecodable rows will be reported by the reader.
EncodingGuess guess_encoding(std::string_view sample, bool at_end);

/// A streaming decoder from a file's encoding to UTF-8.
class TextDecoder {
 public:
  /// `encoding` is Utf8 or Gb18030. Throws Error if the C library cannot convert GB18030.
  explicit TextDecoder(Encoding encoding);
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  [[nodiscard]] Encoding encoding() const noexcept { return encoding_; }

  /// Appends the UTF-8 text of `input` to `out`. A multi-byte character cut by the end of
  /// `input` is held back until the next call; at `final` it is undecodable. Undecodable bytes
  /// come out as kInvalidByteMarker.
  void decode(std::string_view input, bool final, std::vector<char>& out);

 private:
  void decode_gb18030(std::string_view input, bool final, std::vector<char>& out);

  Encoding encoding_;
  void* iconv_ = nullptr;  // iconv_t, kept opaque so <iconv.h> stays out of this header
  std::string pending_;    // start of a character cut by the end of the previous block
};

/// Bytes that a file of this kind starts with when it is not CSV text, with a hint for the
/// user; empty if `sample` does not look like one of them.
std::string describe_non_text(std::string_view sample);

}  // namespace fundrules::io
