#pragma once

// The text of a form identity: `2C = 2D + 2E + 2F`, `1B <= 1A`, `5A = sum(5B..5F)` (the rows
// from 5B to 5F in the form's order). Codes are letters, digits and '_'. Problems carry the byte
// offset where they are, so the loader can place them at a line and column.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fundrules::forms {

/// A row code as written in an identity, with its offset.
struct CodeRef {
  std::string code;
  std::size_t offset = 0;
};

/// One side's terms: single codes, or ranges `sum(first..last)` still to be expanded.
struct Term {
  CodeRef first;
  CodeRef last;  ///< equals `first` for a single code
  bool range = false;
};

struct ParsedIdentity {
  std::vector<Term> left;
  std::string relation;  ///< "=", "<=" or ">="
  std::vector<Term> right;
  struct Problem {
    std::size_t offset = 0;
    std::string message;
  };
  std::vector<Problem> problems;
};

/// Parses an identity's text; never throws.
ParsedIdentity parse_identity(std::string_view text);

}  // namespace fundrules::forms
