#include "engine/context.hpp"

#include <algorithm>
#include <limits>

namespace fundrules::engine {

EvalContext make_context(const detail::RulesetImpl& ruleset, Date as_of) {
  EvalContext context;
  context.ruleset = &ruleset;
  context.as_of = as_of;
  context.params.reserve(ruleset.params.size());
  context.versions.reserve(ruleset.params.size());
  for (const ParamInfo& param : ruleset.params) {
    const ParamVersion* version = param.version_on(as_of);
    context.versions.push_back(version);
    context.params.push_back(version != nullptr ? version->value : Value());
  }
  context.variables.reserve(ruleset.variables.size());
  for (const std::string& name : ruleset.variables) {
    // Built in place per branch: GCC 12 warns (falsely) about moving a temporary Value made by ?:.
    if (name == "today") {
      context.variables.emplace_back(as_of);
    } else {
      context.variables.emplace_back();
    }
  }
  return context;
}

const std::string& EvalContext::clause_text(const std::string& clause) const {
  static const std::string none;
  if (clause.empty()) return none;
  for (const BasisDocument& document : ruleset->basis) {
    for (const BasisClause& quoted : document.clauses) {
      if (quoted.id == clause) return quoted.text;
    }
  }
  return none;
}

std::int64_t first_row(const Violation& violation) noexcept {
  return violation.rows.empty() ? std::numeric_limits<std::int64_t>::max() : violation.rows.front();
}

std::vector<Violation> in_report_order(std::vector<Found>& found) {
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    const std::int64_t row_a = first_row(a.violation);
    const std::int64_t row_b = first_row(b.violation);
    if (row_a != row_b) return row_a < row_b;
    return a.rank < b.rank;
  });
  std::vector<Violation> violations;
  violations.reserve(found.size());
  for (Found& f : found) violations.push_back(std::move(f.violation));
  found.clear();
  return violations;
}

}  // namespace fundrules::engine
