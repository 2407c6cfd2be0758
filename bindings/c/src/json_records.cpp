// The JSON records reader (RFC 8259 syntax, restricted to an array of flat objects).

#include "json_records.hpp"

#include <cstdint>
#include <unordered_map>

#include "fundrules/error.hpp"

namespace fundrules::capi {
namespace {

class Parser {
 public:
  Parser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  JsonRecords parse() {
    skip_space();
    expect('[', "a JSON array of objects");
    skip_space();
    if (!consume(']')) {
      for (;;) {
        skip_space();
        parse_object();
        skip_space();
        if (consume(']')) {
          break;
        }
        expect(',', "',' or ']' after an object");
      }
    }
    skip_space();
    if (pos_ < text_.size()) {
      fail("unexpected text after the array");
    }
    return std::move(records_);
  }

  JsonRecords parse_one() {
    skip_space();
    if (peek() != '{') fail("expected a JSON object for the record");
    parse_object();
    skip_space();
    if (pos_ < text_.size()) fail("unexpected text after the object");
    return std::move(records_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw DataError(SourceLocation{source_, line_, column_}, message);
  }

  [[nodiscard]] bool at_end() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }

  // Moves one byte on, counting lines and characters (a UTF-8 continuation byte is not a
  // character of its own).
  void advance() noexcept {
    const auto byte = static_cast<unsigned char>(text_[pos_++]);
    if (byte == '\n') {
      ++line_;
      column_ = 1;
    } else if ((byte & 0xC0U) != 0x80U) {
      ++column_;
    }
  }

  bool consume(char c) noexcept {
    if (peek() == c && !at_end()) {
      advance();
      return true;
    }
    return false;
  }

  void expect(char c, const char* what) {
    if (!consume(c)) {
      fail(std::string("expected ") + what);
    }
  }

  void skip_space() noexcept {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      advance();
    }
  }

  void parse_object() {
    if (peek() != '{') {
      fail("expected an object for each record");
    }
    advance();
    std::vector<std::optional<std::string>> row;
    std::vector<bool> seen;
    skip_space();
    if (!consume('}')) {
      for (;;) {
        skip_space();
        if (peek() != '"') {
          fail("expected a field name in double quotes");
        }
        const int key_line = line_;
        const int key_column = column_;
        const std::string key = parse_string();
        const std::size_t index = column_index(key);
        if (row.size() <= index) {
          row.resize(index + 1);
          seen.resize(index + 1, false);
        }
        if (seen[index]) {
          line_ = key_line;
          column_ = key_column;
          fail("field \"" + key + "\" appears twice in this record");
        }
        seen[index] = true;
        skip_space();
        expect(':', "':' after the field name");
        skip_space();
        row[index] = parse_value();
        skip_space();
        if (consume('}')) {
          break;
        }
        expect(',', "',' or '}' after a value");
      }
    }
    records_.rows.push_back(std::move(row));
  }

  std::size_t column_index(const std::string& name) {
    const auto found = index_of_.find(name);
    if (found != index_of_.end()) {
      return found->second;
    }
    records_.names.push_back(name);
    index_of_.emplace(name, records_.names.size() - 1);
    return records_.names.size() - 1;
  }

  std::optional<std::string> parse_value() {
    switch (peek()) {
      case '"':
        return parse_string();
      case '{':
      case '[':
        fail(
            "a field value must be a string, number, true, false or null, not an object "
            "or array");
      case 't':
        return parse_word("true");
      case 'f':
        return parse_word("false");
      case 'n':
        parse_word("null");
        return std::nullopt;
      default:
        return parse_number();
    }
  }

  std::string parse_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      fail("expected a value");
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
      advance();
    }
    return std::string(word);
  }

  bool consume_digits() noexcept {
    bool any = false;
    while (!at_end() && peek() >= '0' && peek() <= '9') {
      advance();
      any = true;
    }
    return any;
  }

  // Keeps the number's text as written: money must never pass through binary floating point.
  std::string parse_number() {
    const std::size_t start = pos_;
    consume('-');
    if (consume('0')) {
      if (peek() >= '0' && peek() <= '9') {
        fail("a number must not have leading zeros");
      }
    } else if (!consume_digits()) {
      fail("expected a value");
    }
    if (consume('.') && !consume_digits()) {
      fail("expected digits after the decimal point");
    }
    if (consume('e') || consume('E')) {
      if (!consume('+')) {
        consume('-');
      }
      if (!consume_digits()) {
        fail("expected digits in the exponent");
      }
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  unsigned parse_hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      unsigned digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail("expected four hexadecimal digits after \\u");
      }
      advance();
      value = value * 16 + digit;
    }
    return value;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::uint32_t parse_escaped_code_point() {
    const unsigned first = parse_hex4();
    if (first >= 0xDC00 && first <= 0xDFFF) {
      fail("a low surrogate without a high surrogate before it");
    }
    if (first < 0xD800 || first > 0xDBFF) {
      return first;
    }
    if (!consume('\\') || !consume('u')) {
      fail("a high surrogate must be followed by \\u and a low surrogate");
    }
    const unsigned second = parse_hex4();
    if (second < 0xDC00 || second > 0xDFFF) {
      fail("a high surrogate must be followed by a low surrogate");
    }
    return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
  }

  std::string parse_string() {
    advance();  // the opening quote
    std::string out;
    for (;;) {
      if (at_end()) {
        fail("the string is not closed");
      }
      const char c = peek();
      if (c == '"') {
        advance();
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("a control character must be escaped inside a string");
      }
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      advance();
      const char escape = peek();
      if (escape == 'u') {
        advance();
        append_utf8(out, parse_escaped_code_point());
        continue;
      }
      switch (escape) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          fail("unknown escape in a string");
      }
      advance();
    }
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  JsonRecords records_;
  std::unordered_map<std::string, std::size_t> index_of_;
};

}  // namespace

JsonRecords parse_json_records(std::string_view text, const std::string& source) {
  return Parser(text, source).parse();
}

JsonRecords parse_json_record(std::string_view text, const std::string& source) {
  return Parser(text, source).parse_one();
}

}  // namespace fundrules::capi
