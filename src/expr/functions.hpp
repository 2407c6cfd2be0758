#pragma once

// The functions expressions may call: their names, arities and static result types. The
// compiler checks calls against this table; builtins.cpp implements them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.hpp"

namespace fundrules::expr {

/// A built-in function.
enum class Fn : std::uint8_t {
  None,
  Size,
  Contains,
  StartsWith,
  EndsWith,
  Matches,
  Int,
  String,
  Decimal,
  Date,
  Min,
  Max,
  Abs,
  Round,
  Year,
  Month,
  Day,
  IsCnId,
  IsBankCard,
  IsCnMobile,
  IsUscc,
  Upper,
};

/// How a name in call position is handled.
enum class FunctionKind : std::uint8_t {
  Scalar,     ///< evaluated per row from its arguments
  Macro,      ///< has(): looks at its argument's syntax, not its value
  Aggregate,  ///< folds a group of rows (group rules); reserved, not callable per row
};

/// A function as the checker sees it.
struct FunctionInfo {
  std::string_view name;
  Fn fn = Fn::None;
  FunctionKind kind = FunctionKind::Scalar;
  int min_args = 0;
  int max_args = 0;  ///< -1: any number
};

/// The function called `name`, or nullptr.
const FunctionInfo* find_function(std::string_view name) noexcept;
/// Every function name, for "did you mean" suggestions.
std::vector<std::string_view> function_names();
/// The function's name as written.
std::string_view function_name(Fn fn) noexcept;

/// The static result type of calling `fn` with arguments of `args` types, or an error message
/// in `error` (then the result is dyn). Arity is checked by the caller.
Type check_call(Fn fn, const std::vector<Type>& args, std::string& error);

}  // namespace fundrules::expr
