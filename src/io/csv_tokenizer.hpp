#pragma once

// Splitting decoded CSV text (RFC 4180) into records and fields, in place.
//
// The tokenizer never copies a field: it reports where each one is in the caller's buffer, and
// collapses the doubled quotes of a quoted field in place only once the whole record has been
// seen (a record cut by the end of the buffer is scanned again from its start after a refill,
// so the buffer must not be changed before then).
//
// Line breaks are LF, CRLF or a lone CR (old Mac exports); each counts as one physical line,
// inside quoted fields too, so that reports point at the line a person sees in an editor.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "io/csv_chunks.hpp"

namespace fundrules::io {

/// Where one field is in the buffer.
struct FieldSpan {
  std::size_t begin = 0;  ///< first byte of the text (after an opening quote)
  std::size_t end = 0;    ///< one past the last byte (before a closing quote)
  bool quoted = false;    ///< the field was in quotes
  bool escaped = false;   ///< it holds "" pairs still to be collapsed
};

/// One record as scanned.
struct Record {
  std::vector<FieldSpan> fields;  ///< at most max_fields entries
  std::size_t begin = 0;          ///< offset of its first byte
  std::size_t end = 0;            ///< offset just past its line break
  std::size_t field_count = 0;    ///< all fields seen, also those past max_fields
  std::int64_t line_breaks = 0;   ///< physical line breaks inside it and ending it
  int stray_quote_column = 0;     ///< 1-based column with text after its closing quote, or 0
  int unclosed_quote_column = 0;  ///< 1-based column whose quote the input ends inside, or 0
};

/// The outcome of scanning for a record.
enum class ScanStatus : std::uint8_t {
  Complete,  ///< a record was found
  NeedMore,  ///< the record goes on past the end of the data; scan again with more
  End,       ///< no bytes left at all
};

/// Splits text into records, one call per record.
class Tokenizer {
 public:
  /// `block_scan` false keeps to the byte-by-byte scan (tests compare the two).
  Tokenizer(char delimiter, std::size_t max_fields, bool block_scan = true);
  /// The block scan with the chunk classifier `scanner` (tests compare them), or the
  /// byte-by-byte scan alone if this CPU cannot run it.
  Tokenizer(char delimiter, std::size_t max_fields, ChunkScanner scanner);

  /// Scans the record that starts at `pos` in data[0, size). `at_end` says no more data will
  /// come, so the end of the data ends the record (and an open quote is unclosed).
  ScanStatus scan(const char* data, std::size_t size, std::size_t pos, bool at_end,
                  Record& record) const;

  /// The text of a field of a complete record; collapses its "" pairs in place the first time.
  static std::string_view text(char* data, FieldSpan& field) noexcept {
    if (field.escaped) collapse_quotes(data, field);
    return std::string_view(data + field.begin, field.end - field.begin);
  }

 private:
  static void collapse_quotes(char* data, FieldSpan& field) noexcept;
  // A record of simple fields, 64 bytes at a time; false if it cannot settle the record.
  bool scan_plain(const char* data, std::size_t size, std::size_t pos, Record& record) const;

  char delimiter_;
  std::size_t max_fields_;
  ChunkClassifier classify_;       // nullptr: the byte-by-byte scan alone
  bool stops_unquoted_[256] = {};  // delimiter, CR and LF end an unquoted field
};

/// Offset of the first CR or LF in data[from, to), or npos.
std::size_t find_line_break(const char* data, std::size_t from, std::size_t to) noexcept;

/// Follows a record too long to keep to its end, one block at a time, so that reading can go
/// on at the next record without holding the long one in memory.
class RecordSkipper {
 public:
  explicit RecordSkipper(char delimiter) : delimiter_(delimiter) {}

  /// Forgets any record in progress; the next byte fed starts a record.
  void reset() noexcept;
  /// Consumes data[0, size); returns the offset just past the end of the record, or npos if
  /// it goes on (then all of the data belongs to it). At `at_end`, the data's end ends it.
  std::size_t feed(const char* data, std::size_t size, bool at_end) noexcept;
  /// Physical line breaks inside and ending the record so far.
  [[nodiscard]] std::int64_t line_breaks() const noexcept { return line_breaks_; }
  /// True if the record's last byte is a line break (its own, or one inside an unclosed quote).
  [[nodiscard]] bool ends_with_line_break() const noexcept {
    return previous_ == '\n' || previous_ == '\r';
  }

 private:
  char delimiter_;
  bool in_quotes_ = false;
  bool quote_in_quotes_ = false;  // a '"' inside quotes, which the next byte may double
  bool at_field_start_ = true;
  bool ended_by_cr_ = false;  // the record ended with CR at the end of the last block
  char previous_ = '\0';
  std::int64_t line_breaks_ = 0;
};

}  // namespace fundrules::io
