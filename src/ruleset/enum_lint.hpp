#pragma once

// Catches a mistake the type checker cannot: comparing an enum field with a string that is not
// one of its codes. `category == "frontlin"` or `category == "一线职工"` type-checks (both are
// strings) but is false on every row, silently turning a rule off. Such a comparison is always
// a mistake in a ruleset, so it is reported when the ruleset is loaded.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fundrules/schema.hpp"

namespace fundrules::detail {

/// A string literal that names no code of the enum field it is compared with.
struct EnumLiteralIssue {
  std::size_t offset = 0;  ///< byte offset of the literal's opening quote
  std::string message;
};

/// Looks for `field == "x"`, `field != "x"`, `"x" == field` and `field in ["x", ...]` where
/// `field` is an enum field of `schema` and "x" is not one of its codes. Only plain string
/// literals are examined; anything the scan does not understand is left alone, since the
/// expression itself has already been checked by the expression compiler.
std::vector<EnumLiteralIssue> lint_enum_literals(std::string_view expression, const Schema& schema);

}  // namespace fundrules::detail
