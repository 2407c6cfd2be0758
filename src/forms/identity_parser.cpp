#include "forms/identity_parser.hpp"

namespace fundrules::forms {

namespace {

bool is_code_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  ParsedIdentity run() {
    ParsedIdentity out;
    side(out.left, out);
    skip_spaces();
    if (starts_with("<=") || starts_with("≤")) {
      out.relation = "<=";
    } else if (starts_with(">=") || starts_with("≥")) {
      out.relation = ">=";
    } else if (starts_with("=")) {
      out.relation = "=";
    } else {
      fail(out, at_ >= text_.size() ? "the identity has no '=', '<=' or '>='"
                                    : "expected '=', '<=' or '>=' here");
      return out;
    }
    at_ += out.relation == "=" ? 1 : (text_[at_] == '<' || text_[at_] == '>') ? 2 : 3;
    side(out.right, out);
    skip_spaces();
    if (at_ < text_.size() && out.problems.empty()) {
      fail(out, "unexpected '" + std::string(text_.substr(at_, 1)) +
                    "'; an identity is sums of row codes on both sides of one '='");
    }
    return out;
  }

 private:
  void side(std::vector<Term>& terms, ParsedIdentity& out) {
    for (;;) {
      skip_spaces();
      Term term;
      if (!parse_term(term, out)) return;
      terms.push_back(term);
      skip_spaces();
      if (at_ < text_.size() && text_[at_] == '+') {
        ++at_;
        continue;
      }
      if (at_ < text_.size() && text_[at_] == '-') {
        fail(out, "only '+' may join the rows of an identity");
      }
      return;
    }
  }

  bool parse_term(Term& term, ParsedIdentity& out) {
    if (starts_with("sum(")) {
      at_ += 4;
      skip_spaces();
      if (!code(term.first, out)) return false;
      skip_spaces();
      if (!starts_with("..")) {
        fail(out, "expected '..' between the first and last row of a range, as in sum(5B..5F)");
        return false;
      }
      at_ += 2;
      skip_spaces();
      if (!code(term.last, out)) return false;
      skip_spaces();
      if (!starts_with(")")) {
        fail(out, "expected ')' to close sum(");
        return false;
      }
      ++at_;
      term.range = true;
      return true;
    }
    if (!code(term.first, out)) return false;
    term.last = term.first;
    return true;
  }

  bool code(CodeRef& ref, ParsedIdentity& out) {
    const std::size_t start = at_;
    while (at_ < text_.size() && is_code_char(text_[at_])) ++at_;
    if (at_ == start) {
      fail(out, at_ >= text_.size() ? "expected a row code at the end of the identity"
                                    : "expected a row code (such as 2C) here");
      return false;
    }
    ref.code = std::string(text_.substr(start, at_ - start));
    ref.offset = start;
    return true;
  }

  void skip_spaces() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) ++at_;
  }
  bool starts_with(std::string_view prefix) const {
    return text_.substr(at_, prefix.size()) == prefix;
  }
  void fail(ParsedIdentity& out, std::string message) {
    out.problems.push_back({at_, std::move(message)});
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

ParsedIdentity parse_identity(std::string_view text) { return Parser(text).run(); }

}  // namespace fundrules::forms
