#pragma once

// A strict little JSON reader for tests: it parses a document per RFC 8259 (rejecting anything
// else) into a tree, so tests can assert on the structure of a report rather than on its bytes.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace json_check {

struct Node {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool flag = false;
  std::string text;  // a string's decoded value, or a number as written
  std::vector<Node> items;
  std::vector<std::pair<std::string, Node>> members;  // in document order

  [[nodiscard]] const Node& operator[](std::string_view key) const {
    for (const auto& [name, node] : members) {
      if (name == key) return node;
    }
    throw std::out_of_range("no member " + std::string(key));
  }
  [[nodiscard]] const Node& operator[](std::size_t index) const { return items.at(index); }
  [[nodiscard]] bool has(std::string_view key) const {
    for (const auto& member : members) {
      if (member.first == key) return true;
    }
    return false;
  }
  [[nodiscard]] std::int64_t integer() const { return std::stoll(text); }
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Node parse_document() {
    Node node = parse_value();
    skip_space();
    if (pos_ != text_.size()) fail("trailing characters");
    return node;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("JSON error at byte " + std::to_string(pos_) + ": " + what);
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }
  void expect(char c) {
    skip_space();
    if (pos_ >= text_.size() || text_[pos_] != c) fail(std::string("expected ") + c);
    ++pos_;
  }
  bool consume_literal(std::string_view literal) {
    if (text_.substr(pos_, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }

  Node parse_value() {
    skip_space();
    if (pos_ >= text_.size()) fail("unexpected end");
    Node node;
    const char c = text_[pos_];
    if (c == '{') return parse_object();
    if (c == '[') return parse_array();
    if (c == '"') {
      node.kind = Node::Kind::String;
      node.text = parse_string();
    } else if (consume_literal("true")) {
      node.kind = Node::Kind::Bool;
      node.flag = true;
    } else if (consume_literal("false")) {
      node.kind = Node::Kind::Bool;
    } else if (consume_literal("null")) {
      node.kind = Node::Kind::Null;
    } else {
      node.kind = Node::Kind::Number;
      node.text = parse_number();
    }
    return node;
  }

  Node parse_object() {
    Node node;
    node.kind = Node::Kind::Object;
    expect('{');
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return node;
    }
    for (;;) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') fail("expected a key");
      std::string key = parse_string();
      if (node.has(key)) fail("duplicate key " + key);
      expect(':');
      node.members.emplace_back(std::move(key), parse_value());
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      expect('}');
      return node;
    }
  }

  Node parse_array() {
    Node node;
    node.kind = Node::Kind::Array;
    expect('[');
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return node;
    }
    for (;;) {
      node.items.push_back(parse_value());
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      expect(']');
      return node;
    }
  }

  std::string parse_number() {
    const std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    const std::size_t digits = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    if (pos_ == digits) fail("expected a value");
    if (text_[digits] == '0' && pos_ - digits > 1) fail("leading zero");
    return std::string(text_.substr(start, pos_ - start));
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string parse_string() {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[pos_++]);
      if (c == '"') return out;
      if (c < 0x20) fail("raw control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos_ >= text_.size()) break;
      const char e = text_[pos_++];
      switch (e) {
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
        case 'u': {
          if (pos_ + 4 > text_.size()) fail("short \\u escape");
          const std::uint32_t code = static_cast<std::uint32_t>(
              std::stoul(std::string(text_.substr(pos_, 4)), nullptr, 16));
          pos_ += 4;
          append_utf8(out, code);
          break;
        }
        default:
          fail("bad escape");
      }
    }
    fail("unterminated string");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

/// Parses `text`, throwing std::runtime_error on anything that is not valid JSON.
inline Node parse(std::string_view text) { return Parser(text).parse_document(); }

}  // namespace json_check
