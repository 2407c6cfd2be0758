#pragma once

// A simple reading of rule expressions for lint: an expression split at its top-level `&&`
// into comparisons of one operand (a field, or an aggregate such as sum(amount)) with a
// constant (a number, a string, a list of strings, or a parameter). What is not of that form
// is left alone: lint reports what it can show for certain, and stays silent otherwise.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fundrules::lint_detail {

/// One conjunct of the form `operand OP constant`.
struct Comparison {
  std::string operand;  ///< "amount", "sum(amount)"
  std::string op;       ///< "==", "!=", "<", "<=", ">", ">=", "in"
  /// The constant: a number or string literal's text (strings without their quotes), or
  /// "params.x"; for `in`, the list's strings.
  std::string constant;
  bool is_string = false;
  bool is_param = false;
  std::vector<std::string> list;
};

/// The top-level conjuncts of `expression` (split at `&&` outside brackets and strings),
/// trimmed and without enclosing parentheses.
std::vector<std::string> conjuncts(std::string_view expression);

/// `conjunct` read as a comparison, if it is one (`600 <= amount` is turned around).
std::optional<Comparison> read_comparison(std::string_view conjunct);

/// The expression with runs of white space made one space, for comparing two `when`s.
std::string normalized(std::string_view expression);

}  // namespace fundrules::lint_detail
