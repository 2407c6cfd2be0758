#pragma once

// The lexical pieces of the expression language, as plain functions over the text: string and
// number literals, identifiers, whitespace and comments. The X3 grammar calls them from its
// token parsers; keeping them here keeps grammar.cpp small and lets them be tested directly.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.hpp"

namespace fundrules::expr::lex {

/// Skips spaces, tabs, newlines and `//` comments from `pos`; returns the first other position.
std::size_t skip_space(std::string_view text, std::size_t pos) noexcept;

/// True for [A-Za-z_]; identifiers are ASCII, as in CEL.
bool is_ident_start(char c) noexcept;
/// True for [A-Za-z0-9_].
bool is_ident_char(char c) noexcept;
/// The end of the identifier starting at `pos` (pos itself if there is none).
std::size_t scan_identifier(std::string_view text, std::size_t pos) noexcept;
/// Words that cannot be identifiers: true, false, null, in, and CEL's reserved words.
bool is_reserved(std::string_view word) noexcept;

/// A number literal as scanned.
struct Number {
  bool is_decimal = false;  ///< written with a point: `text` holds it
  std::int64_t int_value = 0;
  /// The integer was exactly 9223372036854775808, valid only right after a unary minus.
  bool needs_negation = false;
  std::string text;
};

/// True if a number literal starts at `pos`.
bool starts_number(std::string_view text, std::size_t pos) noexcept;
/// Scans the number at `pos` (starts_number() must hold); returns its end. Problems (out of
/// range, exponent, unsigned suffix, letters glued on) are appended to `errors`.
std::size_t scan_number(std::string_view text, std::size_t pos, Number& out,
                        std::vector<ExprError>& errors);

/// True if a string literal (optionally r/R-prefixed) starts at `pos`.
bool starts_string(std::string_view text, std::size_t pos) noexcept;
/// Scans the string literal at `pos` (starts_string() must hold), decoding escapes into `out`;
/// returns its end. Bad escapes and newlines in one-line strings are appended to `errors`; an
/// unterminated literal sets `terminated` false.
std::size_t scan_string(std::string_view text, std::size_t pos, std::string& out,
                        std::vector<ExprError>& errors, bool& terminated);

/// How to name what is at `pos` in a message: "end of expression", "')'", "identifier 'foo'",
/// with a hint for full-width punctuation typed by a Chinese input method ("，" -> ",").
std::string describe_at(std::string_view text, std::size_t pos);

/// Checks the bracket nesting of `text` (outside string literals) against `max_depth` without
/// recursing; on excess, appends an error at the bracket that goes too deep and returns false.
bool check_nesting(std::string_view text, std::size_t max_depth, std::vector<ExprError>& errors);

/// Appends the UTF-8 encoding of `code_point` to `out`.
void append_utf8(std::string& out, std::uint32_t code_point);

}  // namespace fundrules::expr::lex
