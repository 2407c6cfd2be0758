#include "expr/lexer.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace fundrules::expr::lex {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// Reads `count` hex digits at `pos`; -1 if they are not all there.
long read_hex(std::string_view text, std::size_t pos, int count) noexcept {
  if (pos + static_cast<std::size_t>(count) > text.size()) {
    return -1;
  }
  long value = 0;
  for (int i = 0; i < count; ++i) {
    const int digit = hex_value(text[pos + static_cast<std::size_t>(i)]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

// Decodes the UTF-8 sequence at `pos`; returns its length and sets `code_point` (U+FFFD and
// length 1 for a malformed byte).
std::size_t decode_utf8(std::string_view text, std::size_t pos, std::uint32_t& code_point) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  std::size_t length = 1;
  if (lead >= 0xF0) {
    length = 4;
    code_point = lead & 0x07u;
  } else if (lead >= 0xE0) {
    length = 3;
    code_point = lead & 0x0Fu;
  } else if (lead >= 0xC0) {
    length = 2;
    code_point = lead & 0x1Fu;
  } else {
    code_point = lead;
    return 1;
  }
  if (pos + length > text.size()) {
    code_point = 0xFFFD;
    return 1;
  }
  for (std::size_t i = 1; i < length; ++i) {
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3Fu);
  }
  return length;
}

// The ASCII character a Chinese input method's full-width punctuation stands for, or 0.
char ascii_for_full_width(std::uint32_t cp) noexcept {
  if (cp >= 0xFF01 && cp <= 0xFF5E) {
    return static_cast<char>(cp - 0xFF01 + 0x21);
  }
  switch (cp) {
    case 0x3000:
      return ' ';
    case 0x3001:
      return ',';
    case 0x3002:
      return '.';
    case 0x3010:
      return '[';
    case 0x3011:
      return ']';
    case 0x2018:
    case 0x2019:
      return '\'';
    case 0x201C:
    case 0x201D:
      return '"';
    default:
      return 0;
  }
}

}  // namespace

std::size_t skip_space(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '/') {
      while (pos < text.size() && text[pos] != '\n') {
        ++pos;
      }
    } else {
      break;
    }
  }
  return pos;
}

bool is_ident_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_ident_char(char c) noexcept { return is_ident_start(c) || is_digit(c); }

std::size_t scan_identifier(std::string_view text, std::size_t pos) noexcept {
  if (pos >= text.size() || !is_ident_start(text[pos])) {
    return pos;
  }
  while (pos < text.size() && is_ident_char(text[pos])) {
    ++pos;
  }
  return pos;
}

bool is_reserved(std::string_view word) noexcept {
  static constexpr std::array<std::string_view, 20> kReserved = {
      "true",     "false",   "null",      "in",       "as",  "break",  "const",
      "continue", "else",    "for",       "function", "if",  "import", "let",
      "loop",     "package", "namespace", "return",   "var", "void"};
  for (const auto reserved : kReserved) {
    if (word == reserved) {
      return true;
    }
  }
  return false;
}

bool starts_number(std::string_view text, std::size_t pos) noexcept {
  return pos < text.size() && is_digit(text[pos]);
}

std::size_t scan_number(std::string_view text, std::size_t pos, Number& out,
                        std::vector<ExprError>& errors) {
  const std::size_t start = pos;
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t magnitude = 0;
  bool too_big = false;
  const bool hex = text[pos] == '0' && pos + 2 < text.size() &&
                   (text[pos + 1] == 'x' || text[pos + 1] == 'X') && hex_value(text[pos + 2]) >= 0;
  if (hex) {
    pos += 2;
    for (; pos < text.size() && hex_value(text[pos]) >= 0; ++pos) {
      if (magnitude > (kMax + 1) / 16) {
        too_big = true;
      }
      magnitude = magnitude * 16 + static_cast<std::uint64_t>(hex_value(text[pos]));
    }
  } else {
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
      const auto digit = static_cast<std::uint64_t>(text[pos] - '0');
      if (magnitude > (kMax + 1 - digit) / 10) {
        too_big = true;
      }
      magnitude = magnitude * 10 + digit;
    }
    if (pos + 1 < text.size() && text[pos] == '.' && is_digit(text[pos + 1])) {
      ++pos;
      while (pos < text.size() && is_digit(text[pos])) {
        ++pos;
      }
      out.is_decimal = true;
    }
  }
  out.text.assign(text.substr(start, pos - start));
  const auto error = [&](std::string message) { errors.push_back({start, std::move(message)}); };
  if (!hex && pos - start > 1 && text[start] == '0' && text[start + 1] != '.') {
    error("number '" + out.text + "' has a leading zero; write it without (0x for hexadecimal)");
  }
  if (pos < text.size() && is_ident_char(text[pos])) {
    const std::size_t end = scan_identifier(text, pos) > pos ? scan_identifier(text, pos) : pos + 1;
    std::size_t glued_end = end;
    while (glued_end < text.size() && is_ident_char(text[glued_end])) {
      ++glued_end;
    }
    const std::string whole(text.substr(start, glued_end - start));
    const char next = text[pos];
    if (!hex && (next == 'e' || next == 'E')) {
      error("exponent notation is not supported in '" + whole + "': write the number in full");
    } else if (next == 'u' || next == 'U') {
      error("unsigned integer literals are not supported: '" + whole + "'");
    } else {
      error("invalid number literal '" + whole + "'");
    }
    return glued_end;
  }
  if (!out.is_decimal) {
    if (too_big || magnitude > kMax + 1) {
      error("integer literal " + out.text + " is out of range (64-bit)");
    } else if (magnitude == kMax + 1) {
      out.needs_negation = true;
      out.int_value = std::numeric_limits<std::int64_t>::min();
    } else {
      out.int_value = static_cast<std::int64_t>(magnitude);
    }
  }
  return pos;
}

bool starts_string(std::string_view text, std::size_t pos) noexcept {
  if (pos >= text.size()) {
    return false;
  }
  char c = text[pos];
  if ((c == 'r' || c == 'R') && pos + 1 < text.size()) {
    c = text[pos + 1];
  }
  return c == '"' || c == '\'';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string describe_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) {
    return "end of expression";
  }
  const std::size_t ident_end = scan_identifier(text, pos);
  if (ident_end > pos) {
    return "'" + std::string(text.substr(pos, ident_end - pos)) + "'";
  }
  for (const std::string_view op : {"||", "&&", "==", "!=", "<=", ">="}) {
    if (text.substr(pos, 2) == op) {
      return "'" + std::string(op) + "'";
    }
  }
  std::uint32_t cp = 0;
  const std::size_t length = decode_utf8(text, pos, cp);
  std::string out = "'" + std::string(text.substr(pos, length)) + "'";
  if (const char ascii = ascii_for_full_width(cp); ascii != 0) {
    out += " (a full-width character; use '";
    out += ascii;
    out += "')";
  }
  return out;
}

namespace {

// Decodes the escape whose backslash is at `pos`; returns the position after it. A bad escape
// is reported and kept as written so that scanning goes on.
std::size_t decode_escape(std::string_view text, std::size_t pos, std::string& out,
                          std::vector<ExprError>& errors) {
  const std::size_t start = pos;
  ++pos;  // the backslash
  if (pos >= text.size()) {
    return pos;
  }
  const char c = text[pos];
  const auto simple = [&](char value) {
    out += value;
    return pos + 1;
  };
  switch (c) {
    case '\\':
    case '?':
    case '"':
    case '\'':
    case '`':
      return simple(c);
    case 'a':
      return simple('\a');
    case 'b':
      return simple('\b');
    case 'f':
      return simple('\f');
    case 'n':
      return simple('\n');
    case 'r':
      return simple('\r');
    case 't':
      return simple('\t');
    case 'v':
      return simple('\v');
    default:
      break;
  }
  long cp = -1;
  std::size_t end = pos + 1;
  if (c == 'x' || c == 'X') {
    cp = read_hex(text, pos + 1, 2);
    end = pos + 3;
  } else if (c == 'u') {
    cp = read_hex(text, pos + 1, 4);
    end = pos + 5;
    // A UTF-16 surrogate pair written as two \u escapes stands for one code point.
    if (cp >= 0xD800 && cp <= 0xDBFF && end + 1 < text.size() && text[end] == '\\' &&
        text[end + 1] == 'u') {
      const long low = read_hex(text, end + 2, 4);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        end += 6;
      }
    }
  } else if (c == 'U') {
    cp = read_hex(text, pos + 1, 8);
    end = pos + 9;
  } else if (c >= '0' && c <= '3' && pos + 2 < text.size() && text[pos + 1] >= '0' &&
             text[pos + 1] <= '7' && text[pos + 2] >= '0' && text[pos + 2] <= '7') {
    cp = (c - '0') * 64 + (text[pos + 1] - '0') * 8 + (text[pos + 2] - '0');
    end = pos + 3;
  } else {
    std::uint32_t shown = 0;
    const std::size_t length = decode_utf8(text, pos, shown);
    errors.push_back({start, "invalid escape sequence '\\" + std::string(text.substr(pos, length)) +
                                 "' in string literal"});
    return pos + length;
  }
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    const std::size_t shown_end = std::min(end, text.size());
    errors.push_back({start, "invalid escape sequence '" +
                                 std::string(text.substr(start, shown_end - start)) +
                                 "' in string literal"});
    return std::min(pos + 1, text.size());
  }
  append_utf8(out, static_cast<std::uint32_t>(cp));
  return end;
}

}  // namespace

std::size_t scan_string(std::string_view text, std::size_t pos, std::string& out,
                        std::vector<ExprError>& errors, bool& terminated) {
  bool raw = false;
  if (text[pos] == 'r' || text[pos] == 'R') {
    raw = true;
    ++pos;
  }
  const char quote = text[pos];
  const bool triple = text.substr(pos, 3) == std::string(3, quote);
  const std::size_t delimiter = triple ? 3 : 1;
  pos += delimiter;
  terminated = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == quote && (!triple || text.substr(pos, 3) == std::string(3, quote))) {
      terminated = true;
      return pos + delimiter;
    }
    if (!triple && (c == '\n' || c == '\r')) {
      errors.push_back({pos,
                        "newline in a string literal: write \\n, or use a triple-quoted "
                        "string"});
      out += c;
      ++pos;
    } else if (c == '\\' && !raw) {
      pos = decode_escape(text, pos, out, errors);
    } else {
      out += c;
      ++pos;
    }
  }
  return pos;
}

bool check_nesting(std::string_view text, std::size_t max_depth, std::vector<ExprError>& errors) {
  std::size_t depth = 0;
  std::size_t pos = 0;
  std::string scratch;
  std::vector<ExprError> ignored;
  while (pos < text.size()) {
    const std::size_t next = skip_space(text, pos);
    if (next != pos) {
      pos = next;
      continue;
    }
    const char c = text[pos];
    if (is_ident_start(c) && !starts_string(text, pos)) {
      pos = scan_identifier(text, pos);
    } else if (starts_string(text, pos)) {
      bool terminated = true;
      scratch.clear();
      pos = scan_string(text, pos, scratch, ignored, terminated);
    } else if (c == '(' || c == '[') {
      if (++depth > max_depth) {
        errors.push_back({pos, "expression nests deeper than the limit of " +
                                   std::to_string(max_depth) + " levels"});
        return false;
      }
      ++pos;
    } else {
      if ((c == ')' || c == ']') && depth > 0) {
        --depth;
      }
      ++pos;
    }
  }
  return true;
}

}  // namespace fundrules::expr::lex
