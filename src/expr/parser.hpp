#pragma once

// Text to syntax tree. The grammar lives in grammar.cpp (Boost.Spirit X3, heavy to compile);
// everyone else includes only this header.

#include <string_view>
#include <vector>

#include "expr/ast.hpp"
#include "expr/expr.hpp"

namespace fundrules::expr {

/// A parsed expression, or the syntax errors found in it (ast.root is kNoNode when any).
struct ParseResult {
  Ast ast;
  std::vector<ExprError> errors;
  [[nodiscard]] bool ok() const noexcept { return errors.empty() && ast.root != kNoNode; }
};

/// Parses `text` as a CEL expression. Reports every lexical problem it can (bad escapes, integer
/// literals out of range) and the first grammatical one, each at its byte offset. Rejects text
/// longer than limits.max_length and nesting deeper than limits.max_depth before it recurses.
ParseResult parse(std::string_view text, const Limits& limits = {});

}  // namespace fundrules::expr
