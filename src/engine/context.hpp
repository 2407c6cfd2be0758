#pragma once

// What every rule runner needs while checking: the compiled ruleset, the as-of date, the
// parameter values in force on that date, and the variables ("today") the expressions see.
// Built once per Session and only read afterwards, so slices of a batch can share it across
// threads.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "fundrules/date.hpp"
#include "fundrules/engine.hpp"
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

  /// The reference tables given, by slot (RulesetImpl::references); null where one was not.
  std::vector<const expr::ReferenceIndex*> references;
  /// What `references` points into.
  std::vector<std::shared_ptr<const Table>> reference_tables;
  std::vector<std::shared_ptr<const expr::ReferenceIndex>> reference_indexes;

  /// The truths the rules of a check share on its current batch; null outside a Session's
  /// batch, where every program computes all of its own.
  expr::SharedTruths* shared = nullptr;

  [[nodiscard]] expr::Activation activation() const {
    return {&params, &variables, nullptr, &references, shared};
  }

  /// The text of a clause the basis documents quote, or "" if none does.
  [[nodiscard]] const std::string& clause_text(const std::string& clause) const;
};

/// Builds the context for checking on `as_of`.
EvalContext make_context(const detail::RulesetImpl& ruleset, Date as_of);

/// Indexes the reference tables of `given` into `context`. Throws Error for a required
/// reference not given or a table that names no reference of the ruleset, ValueError for a
/// column of the wrong type. Returns the rules to skip because an optional reference they
/// read was not given.
std::vector<SkippedRule> index_references(EvalContext& context, const References& given);

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

/// The violations of `found` in the report's order (first row, then rank, then as found);
/// empties `found` (keeping its capacity, for a caller that checks again). Shared by a whole check
/// and a one-record check so both order alike. With `ranks`, it is set to each violation's rank.
std::vector<Violation> in_report_order(std::vector<Found>& found,
                                       std::vector<int>* ranks = nullptr);

}  // namespace fundrules::engine
