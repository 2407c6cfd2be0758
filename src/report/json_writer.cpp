#include "report/json_writer.hpp"

#include "report/report_format.hpp"

#include <cstdio>

namespace fundrules::report_detail {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if the bytes there are not one
// (overlong forms, surrogates and code points past U+10FFFF are rejected).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  std::uint32_t min = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    min = 0x80;
    code = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    min = 0x800;
    code = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    min = 0x10000;
    code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

namespace {

// Whether a byte may be copied as it is: printable ASCII other than the quote and the
// backslash. Every other byte (controls, DEL, the start of a multi-byte sequence) goes through
// escape_one().
constexpr bool plain_byte(unsigned char c) noexcept {
  return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

// Appends the escaped form of what starts at text[i] (a byte plain_byte() refused, or a valid
// multi-byte sequence); returns how many bytes of `text` it stands for.
std::size_t escape_one(std::string& out, std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  switch (c) {
    case '"':
      out += "\\\"";
      return 1;
    case '\\':
      out += "\\\\";
      return 1;
    case '\n':
      out += "\\n";
      return 1;
    case '\r':
      out += "\\r";
      return 1;
    case '\t':
      out += "\\t";
      return 1;
    case '\b':
      out += "\\b";
      return 1;
    case '\f':
      out += "\\f";
      return 1;
    default:
      break;
  }
  if (c < 0x20 || c == 0x7F) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
    out += buffer;
    return 1;
  }
  // Not reached for a valid sequence other than these two (append_json_string copies those
  // with the plain bytes around them).
  const std::size_t length = utf8_sequence_length(text, i);
  if (length == 0) {
    out += "\\ufffd";
    return 1;
  }
  // U+2028 and U+2029 are valid JSON but break JavaScript string literals; escape them so
  // that a report can be embedded in a web page as is.
  out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
  return length;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  // Names, messages and values are mostly text that needs no escaping (Chinese included):
  // each run of it is copied in one append rather than a byte or a character at a time, which
  // made string escaping the largest part of writing a report.
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = i;
    while (run < text.size()) {
      const auto c = static_cast<unsigned char>(text[run]);
      if (plain_byte(c)) {
        ++run;
        continue;
      }
      if (c < 0x80) break;
      // Chinese text is three-byte sequences from U+3000 up: taken here without the general
      // decoder (a lead byte of E3 to EC, two continuation bytes: always valid, never a
      // surrogate or a separator).
      if (c >= 0xE3 && c <= 0xEC && run + 2 < text.size() &&
          (static_cast<unsigned char>(text[run + 1]) & 0xC0) == 0x80 &&
          (static_cast<unsigned char>(text[run + 2]) & 0xC0) == 0x80) {
        run += 3;
        continue;
      }
      const std::size_t length = utf8_sequence_length(text, run);
      if (length == 0) break;
      if (length == 3 && c == 0xE2 && text[run + 1] == '\x80' &&
          (text[run + 2] == '\xA8' || text[run + 2] == '\xA9')) {
        break;
      }
      run += length;
    }
    out.append(text.data() + i, run - i);
    if (run == text.size()) break;
    i = run + escape_one(out, text, run);
  }
  out += '"';
}

void JsonWriter::newline_indent() {
  out_ += '\n';
  out_.append(levels_.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& level = levels_.back();
  if (!level.empty) out_ += level.on_one_line ? ", " : ",";
  if (!level.on_one_line) newline_indent();
  level.empty = false;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  levels_.push_back({true, true, false});
  return *this;
}

JsonWriter& JsonWriter::begin_array(bool on_one_line) {
  before_value();
  out_ += '[';
  levels_.push_back({false, true, on_one_line});
  return *this;
}

void JsonWriter::close(char bracket) {
  const Level level = levels_.back();
  levels_.pop_back();
  if (!level.empty && !level.on_one_line) newline_indent();
  out_ += bracket;
  if (levels_.empty()) out_ += '\n';
}

JsonWriter& JsonWriter::end_object() {
  close('}');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  append_json_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter JsonWriter::fork(bool after_values) const {
  JsonWriter part;
  part.levels_ = levels_;
  if (!part.levels_.empty()) part.levels_.back().empty = !after_values;
  return part;
}

void JsonWriter::append_values(std::string& text) {
  if (text.empty()) return;
  out_ += text;
  text.clear();
  if (!levels_.empty()) levels_.back().empty = false;
}

std::string JsonWriter::take() { return std::move(out_); }

void JsonWriter::spill(std::ostream* stream) { report_detail::spill(out_, stream); }

}  // namespace fundrules::report_detail
