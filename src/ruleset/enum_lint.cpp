#include "ruleset/enum_lint.hpp"

#include <algorithm>

#include "ruleset/yaml_support.hpp"

namespace fundrules::detail {

namespace {

enum class TokenKind { Name, String, Equal, NotEqual, In, OpenBracket, CloseBracket, Comma, Other };

struct Token {
  TokenKind kind = TokenKind::Other;
  std::size_t offset = 0;
  std::string text;    // a name, or a plain string's value
  bool plain = false;  // a string without escapes, raw prefix or triple quotes
};

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Scans a string literal starting at `i` (its opening quote, after any r prefix).
Token scan_string(std::string_view text, std::size_t& i, bool raw) {
  Token token{TokenKind::String, i, "", !raw};
  const char quote = text[i];
  const bool triple = text.substr(i, 3) == std::string(3, quote);
  token.plain = token.plain && !triple;
  i += triple ? 3 : 1;
  while (i < text.size()) {
    if (!raw && text[i] == '\\') {
      token.plain = false;
      i += 2;
      continue;
    }
    if (text[i] == quote && (!triple || text.substr(i, 3) == std::string(3, quote))) {
      i += triple ? 3 : 1;
      return token;
    }
    token.text += text[i];
    ++i;
  }
  token.plain = false;  // unterminated: the compiler has said so already
  return token;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '"' || c == '\'') {
      tokens.push_back(scan_string(text, i, false));
    } else if ((c == 'r' || c == 'R') && i + 1 < text.size() &&
               (text[i + 1] == '"' || text[i + 1] == '\'')) {
      ++i;
      tokens.push_back(scan_string(text, i, true));
    } else if (name_start(c)) {
      Token token{TokenKind::Name, i, "", false};
      // A dotted name (params.x, a.b) is kept whole so that it never reads as a field.
      while (i < text.size() && (name_char(text[i]) || text[i] == '.')) token.text += text[i++];
      if (token.text == "in") token.kind = TokenKind::In;
      tokens.push_back(std::move(token));
    } else if (text.substr(i, 2) == "==" || text.substr(i, 2) == "!=") {
      tokens.push_back({c == '=' ? TokenKind::Equal : TokenKind::NotEqual, i, "", false});
      i += 2;
    } else {
      const TokenKind kind = c == '['   ? TokenKind::OpenBracket
                             : c == ']' ? TokenKind::CloseBracket
                             : c == ',' ? TokenKind::Comma
                                        : TokenKind::Other;
      tokens.push_back({kind, i, std::string(1, c), false});
      ++i;
    }
  }
  return tokens;
}

// The enum field a name token refers to, or nullptr. A name followed by '(' or preceded by
// '.' is a function or member, not a field.
const FieldSpec* enum_field(const std::vector<Token>& tokens, std::size_t i, const Schema& schema) {
  if (tokens[i].kind != TokenKind::Name) return nullptr;
  if (i + 1 < tokens.size() && tokens[i + 1].text == "(") return nullptr;
  if (i > 0 && tokens[i - 1].text == ".") return nullptr;
  const FieldSpec* field = schema.find(tokens[i].text);
  return field != nullptr && !field->values.empty() ? field : nullptr;
}

void check_literal(const Token& literal, const FieldSpec& field,
                   std::vector<EnumLiteralIssue>& issues) {
  if (literal.kind != TokenKind::String || !literal.plain) return;
  std::vector<std::string> codes;
  for (const auto& value : field.values) {
    if (value.code == literal.text) return;
    codes.push_back(value.code);
  }
  for (const auto& value : field.values) {
    const bool spelling =
        value.label_zh == literal.text || value.label_en == literal.text ||
        std::find(value.aliases.begin(), value.aliases.end(), literal.text) != value.aliases.end();
    if (spelling) {
      issues.push_back({literal.offset, "\"" + literal.text + "\" is how input files may write " +
                                            field.name + " '" + value.code +
                                            "'; rules compare with the code: \"" + value.code +
                                            "\""});
      return;
    }
  }
  std::string listed;
  for (const auto& code : codes) listed += (listed.empty() ? "" : ", ") + code;
  issues.push_back({literal.offset, "\"" + literal.text + "\" is not a value of " + field.name +
                                        did_you_mean(literal.text, codes) + "; its values are " +
                                        listed});
}

}  // namespace

std::vector<EnumLiteralIssue> lint_enum_literals(std::string_view expression,
                                                 const Schema& schema) {
  const std::vector<Token> tokens = tokenize(expression);
  std::vector<EnumLiteralIssue> issues;
  const auto comparison = [](TokenKind k) {
    return k == TokenKind::Equal || k == TokenKind::NotEqual;
  };
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (comparison(tokens[i + 1].kind)) {
      if (const FieldSpec* field = enum_field(tokens, i, schema)) {
        check_literal(tokens[i + 2], *field, issues);
      } else if (const FieldSpec* right = enum_field(tokens, i + 2, schema)) {
        check_literal(tokens[i], *right, issues);
      }
    } else if (tokens[i + 1].kind == TokenKind::In &&
               tokens[i + 2].kind == TokenKind::OpenBracket) {
      const FieldSpec* field = enum_field(tokens, i, schema);
      if (field == nullptr) continue;
      // Only a list of literals: `category in ["a", "b"]`.
      std::size_t j = i + 3;
      std::vector<const Token*> literals;
      while (j < tokens.size() && tokens[j].kind == TokenKind::String) {
        literals.push_back(&tokens[j]);
        ++j;
        if (j < tokens.size() && tokens[j].kind == TokenKind::Comma) ++j;
      }
      if (j < tokens.size() && tokens[j].kind == TokenKind::CloseBracket) {
        for (const Token* literal : literals) check_literal(*literal, *field, issues);
      }
    }
  }
  return issues;
}

}  // namespace fundrules::detail
