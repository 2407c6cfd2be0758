#include "io/csv_tokenizer.hpp"

#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fundrules::io {

namespace {

unsigned char byte_of(char c) noexcept { return static_cast<unsigned char>(c); }

// Offset of the first of data[p, size) equal to a, b or c, or size. Cells are short, so most
// calls end in the first 16 bytes: one compare of a whole block instead of a loop per byte.
std::size_t find_any(const char* data, std::size_t p, std::size_t size, char a, char b,
                     char c) noexcept {
#if defined(__SSE2__)
  const __m128i want_a = _mm_set1_epi8(a);
  const __m128i want_b = _mm_set1_epi8(b);
  const __m128i want_c = _mm_set1_epi8(c);
  while (p + 16 <= size) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    const __m128i hits =
        _mm_or_si128(_mm_cmpeq_epi8(block, want_a),
                     _mm_or_si128(_mm_cmpeq_epi8(block, want_b), _mm_cmpeq_epi8(block, want_c)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return p + static_cast<std::size_t>(__builtin_ctz(mask));
    p += 16;
  }
#endif
  while (p < size && data[p] != a && data[p] != b && data[p] != c) ++p;
  return p;
}

}  // namespace

std::size_t find_line_break(const char* data, std::size_t from, std::size_t to) noexcept {
  const std::size_t at = find_any(data, from, to, '\n', '\r', '\n');
  return at < to ? at : std::string::npos;
}

Tokenizer::Tokenizer(char delimiter, std::size_t max_fields, bool block_scan)
    : Tokenizer(delimiter, max_fields, block_scan ? ChunkScanner::Best : ChunkScanner::Portable) {
  if (!block_scan) classify_ = nullptr;
}

Tokenizer::Tokenizer(char delimiter, std::size_t max_fields, ChunkScanner scanner)
    : delimiter_(delimiter), max_fields_(max_fields), classify_(chunk_classifier(scanner)) {
  stops_unquoted_[byte_of(delimiter)] = true;
  stops_unquoted_[byte_of('\r')] = true;
  stops_unquoted_[byte_of('\n')] = true;
}

bool Tokenizer::scan_plain(const char* data, std::size_t size, std::size_t pos,
                           Record& record) const {
  // Every delimiter, quote and line break of a chunk comes out as bit masks; the fields are the
  // gaps between them. A quoted field is followed to its closing quote as long as it holds no
  // doubled quote or line break and its closing quote ends it. Anything else (and a CR at the
  // end of the data, which may be half of a CRLF) is left to the general scan, which starts
  // over: this settles only what it can settle alone.
  //
  // Fields are written over the last record's entries where there are some (most rows have
  // as many fields as the last), and the vector is cut to the count at the end.
  std::vector<FieldSpan>& fields = record.fields;
  std::size_t reusable = fields.size();
  const std::size_t limit = max_fields_;
  std::size_t field_begin = pos;
  std::size_t count = 0;
  FieldSpan* out = fields.data();
  const char delimiter_byte = delimiter_;
  bool in_quotes = false;      // inside a quoted field
  bool after_quotes = false;   // just past a quoted field's closing quote
  std::size_t quoted_end = 0;  // where that closing quote is
  auto add_field = [&](std::size_t at) {
    const std::size_t begin = after_quotes ? field_begin + 1 : field_begin;
    const std::size_t end = after_quotes ? quoted_end : at;
    if (count < reusable) {
      FieldSpan& field = out[count];
      field.begin = begin;
      field.end = end;
      field.quoted = after_quotes;
      field.escaped = false;
    } else if (count < limit) {
      FieldSpan& field = fields.emplace_back();
      field.begin = begin;
      field.end = end;
      field.quoted = after_quotes;
      reusable = fields.size();
      out = fields.data();
    }
    after_quotes = false;
    ++count;
  };
  for (std::size_t block = pos; block < size; block += kChunkBytes) {
    ChunkBits bits;
    if (size - block >= kChunkBytes) {
      bits = classify_(data + block, delimiter_byte);
    } else {
      // The last bytes of the data: classified from a copy, the bits past the end dropped.
      char tail[kChunkBytes] = {};
      const std::size_t left = size - block;
      std::memcpy(tail, data + block, left);
      bits = classify_(tail, delimiter_byte);
      const std::uint64_t present = (std::uint64_t{1} << left) - 1;
      bits.delimiters &= present;
      bits.specials &= present;
    }
    const std::uint64_t delimiters = bits.delimiters;
    const std::uint64_t others = bits.specials;
    if (others == 0 && !after_quotes) {
      if (in_quotes) continue;  // delimiters inside a quoted field are text
      // Most chunks: only delimiters, each ending an unquoted field.
      for (std::uint64_t mask = delimiters; mask != 0; mask &= mask - 1) {
        const std::size_t at = block + static_cast<std::size_t>(__builtin_ctzll(mask));
        if (count < reusable) {
          FieldSpan& field = out[count];
          field.begin = field_begin;
          field.end = at;
          field.quoted = false;
          field.escaped = false;
          ++count;
        } else {
          add_field(at);
        }
        field_begin = at + 1;
      }
      continue;
    }
    std::uint64_t mask = delimiters | others;
    if (!in_quotes && !after_quotes) {
      // The delimiters before the chunk's first quote or line break (in a record's last
      // chunk, all of its delimiters) each end a field, as in the loop above.
      const std::uint64_t before_other = (others & (0 - others)) - 1;
      for (std::uint64_t plain = delimiters & before_other; plain != 0; plain &= plain - 1) {
        const std::size_t at = block + static_cast<std::size_t>(__builtin_ctzll(plain));
        add_field(at);
        field_begin = at + 1;
      }
      mask &= ~before_other;
    }
    for (; mask != 0; mask &= mask - 1) {
      const std::size_t at = block + static_cast<std::size_t>(__builtin_ctzll(mask));
      const char c = data[at];
      if (in_quotes) {
        if (c == '\r' || c == '\n') return false;  // lines are counted by the general scan
        if (c != '"') continue;                    // a delimiter inside the quotes is text
        if (at + 1 >= size) return false;
        const char next = data[at + 1];
        // A doubled quote, or text after the closing quote: the general scan's business.
        if (next != delimiter_byte && next != '\r' && next != '\n') return false;
        in_quotes = false;
        after_quotes = true;
        quoted_end = at;
        continue;
      }
      if (c == '"') {
        if (at == field_begin) in_quotes = true;  // a quoted field opens
        continue;                                 // a quote inside an unquoted field is text
      }
      std::size_t end = at + 1;
      if (c == '\r') {
        if (end >= size) return false;
        if (data[end] == '\n') ++end;
      }
      add_field(at);
      if (c == delimiter_byte) {
        field_begin = at + 1;
        continue;
      }
      fields.resize(count < limit ? count : limit);
      record.begin = pos;
      record.end = end;
      record.field_count = count;
      record.line_breaks = 1;
      record.stray_quote_column = 0;
      record.unclosed_quote_column = 0;
      return true;
    }
  }
  return false;
}

ScanStatus Tokenizer::scan(const char* data, std::size_t size, std::size_t pos, bool at_end,
                           Record& record) const {
  if (pos >= size) return at_end ? ScanStatus::End : ScanStatus::NeedMore;
  if (classify_ != nullptr && scan_plain(data, size, pos, record)) return ScanStatus::Complete;
  record.fields.clear();
  record.begin = pos;
  record.field_count = 0;
  record.line_breaks = 0;
  record.stray_quote_column = 0;
  record.unclosed_quote_column = 0;

  std::size_t p = pos;
  for (;;) {
    // The field is kept in locals and stored member by member: building a FieldSpan on the
    // stack and copying it made each copy wait on the byte-sized stores of its flags.
    std::size_t begin = 0;
    std::size_t end = 0;
    bool quoted = false;
    bool escaped = false;
    const int column = static_cast<int>(record.field_count) + 1;
    if (p < size && data[p] == '"') {
      quoted = true;
      begin = ++p;
      for (;;) {
        if (p >= size) {
          if (!at_end) return ScanStatus::NeedMore;
          record.unclosed_quote_column = column;
          break;
        }
        p = find_any(data, p, size, '"', '\r', '\n');
        if (p >= size) continue;
        const char c = data[p];
        if (c == '"') {
          if (p + 1 >= size && !at_end) return ScanStatus::NeedMore;
          if (p + 1 < size && data[p + 1] == '"') {
            escaped = true;
            p += 2;
            continue;
          }
          break;
        }
        // Count the break a person sees: CRLF is one, a lone CR or LF is one.
        if (c == '\r' || (c == '\n' && data[p - 1] != '\r')) ++record.line_breaks;
        ++p;
      }
      end = p;
      if (p < size) ++p;  // the closing quote
      if (p < size && !stops_unquoted_[byte_of(data[p])]) {
        // `"abc"def`: not RFC 4180. Keep scanning to the field's end so the record's other
        // fields stay where they are, and let the reader reject the row.
        if (record.stray_quote_column == 0) record.stray_quote_column = column;
        while (p < size && !stops_unquoted_[byte_of(data[p])]) ++p;
        end = p;
      }
    } else {
      begin = p;
      p = find_any(data, p, size, delimiter_, '\r', '\n');
      end = p;
    }

    if (p >= size && !at_end) return ScanStatus::NeedMore;
    if (record.fields.size() < max_fields_) {
      FieldSpan& field = record.fields.emplace_back();
      field.begin = begin;
      field.end = end;
      field.quoted = quoted;
      field.escaped = escaped;
    }
    ++record.field_count;
    if (p >= size) {  // the last record, without a line break
      record.end = p;
      return ScanStatus::Complete;
    }
    const char c = data[p];
    if (c == delimiter_) {
      ++p;
      continue;
    }
    if (c == '\r') {
      if (p + 1 >= size && !at_end) return ScanStatus::NeedMore;  // is it CRLF?
      if (p + 1 < size && data[p + 1] == '\n') ++p;
    }
    ++record.line_breaks;
    record.end = p + 1;
    return ScanStatus::Complete;
  }
}

void Tokenizer::collapse_quotes(char* data, FieldSpan& field) noexcept {
  char* out = data + field.begin;
  for (std::size_t i = field.begin; i < field.end; ++i) {
    *out++ = data[i];
    if (data[i] == '"' && i + 1 < field.end && data[i + 1] == '"') ++i;
  }
  field.end = static_cast<std::size_t>(out - data);
  field.escaped = false;
}

void RecordSkipper::reset() noexcept {
  in_quotes_ = false;
  quote_in_quotes_ = false;
  at_field_start_ = true;
  ended_by_cr_ = false;
  previous_ = '\0';
  line_breaks_ = 0;
}

std::size_t RecordSkipper::feed(const char* data, std::size_t size, bool at_end) noexcept {
  if (ended_by_cr_) {
    if (size == 0 && !at_end) return std::string::npos;
    ended_by_cr_ = false;
    return size > 0 && data[0] == '\n' ? 1 : 0;
  }
  for (std::size_t p = 0; p < size; ++p) {
    const char c = data[p];
    if (in_quotes_) {
      if (!quote_in_quotes_) {
        if (c == '"') {
          quote_in_quotes_ = true;
        } else if (c == '\r' || (c == '\n' && previous_ != '\r')) {
          ++line_breaks_;
        }
        previous_ = c;
        continue;
      }
      quote_in_quotes_ = false;
      if (c == '"') {  // a doubled quote: still inside
        previous_ = c;
        continue;
      }
      in_quotes_ = false;  // the quote closed the field; c is read as unquoted below
    }
    previous_ = c;
    if (c == '"' && at_field_start_) {
      in_quotes_ = true;
      at_field_start_ = false;
      continue;
    }
    if (c == delimiter_) {
      at_field_start_ = true;
      continue;
    }
    if (c == '\n') {
      ++line_breaks_;
      return p + 1;
    }
    if (c == '\r') {
      ++line_breaks_;
      if (p + 1 < size) return data[p + 1] == '\n' ? p + 2 : p + 1;
      if (at_end) return p + 1;
      ended_by_cr_ = true;
      return std::string::npos;
    }
    at_field_start_ = false;
  }
  return at_end ? size : std::string::npos;
}

}  // namespace fundrules::io
