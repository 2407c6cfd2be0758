#pragma once

// What every rule runner needs while checking: the compiled ruleset, the as-of date, the
// parameter values in force on that date, and the variables ("today") the expressions see.
// Built once per Session and only read afterwards, so slices of a batch can share it across
// threads.

#include <cstdint>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "fundrules/date.hpp"
#include "fundrules/report.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace fundrules::engine {

/// Rule ids of the checks the engine makes on its own.
inline constexpr const char* kUnreadableRuleId = "input.unreadable";
inline constexpr const char* kRequiredRuleId = "field.required";

struct EvalContext {
  const detail::RulesetImpl* ruleset = nullptr;
  Date as_of;
  /// Parameter values in force on as_of, by slot; null where no version is in force.
  std::vector<Value> params;
  /// The version each value came from (nullptr where none is in force).
  std::vector<const ParamVersion*> versions;
  /// Values of the variable slots (RulesetImpl::variables); "today" is the as-of date.
  std::vector<Value> variables;
  /// CheckOptions::max_groups: most groups one group rule may hold, 0 for no bound.
  std::size_t max_groups = 0;

  [[nodiscard]] expr::Activation activation() const { return {&params, &variables, nullptr}; }

  /// The text of a clause the basis documents quote, or "" if none does.
  [[nodiscard]] const std::string& clause_text(const std::string& clause) const;
};

/// Builds the context for checking on `as_of`.
EvalContext make_context(const detail::RulesetImpl& ruleset, Date as_of);

/// A violation with its sort rank: violations are ordered by first row, then by `rank`
/// (the position of the rule in the ruleset, after the engine's own checks), then by the
/// order they were found in, which is the same whatever the batch size or thread count.
struct Found {
  int rank = 0;
  Violation violation;
};

/// Sort key: first row concerned; violations about no row in particular (a whole-list rule)
/// come last.
std::int64_t first_row(const Violation& violation) noexcept;

}  // namespace fundrules::engine
