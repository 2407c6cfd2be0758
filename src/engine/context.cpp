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

std::vector<Violation> in_report_order(std::vector<Found>& found, std::vector<int>* ranks) {
  // Sorted through a small key per violation rather than in place: sorting the violations
  // themselves (hundreds of bytes each) would move each several times, and a stable sort would
  // take a buffer as large as the list, at the moment memory peaks (group states still held).
  struct Key {
    std::int64_t row;
    int rank;
    std::size_t index;  // breaks ties: the order found
  };
  std::vector<Key> keys;
  keys.reserve(found.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    keys.push_back({first_row(found[i].violation), found[i].rank, i});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.row != b.row) return a.row < b.row;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.index < b.index;
  });
  std::vector<Violation> violations;
  violations.reserve(found.size());
  for (const Key& key : keys) violations.push_back(std::move(found[key.index].violation));
  if (ranks != nullptr) {
    ranks->clear();
    ranks->reserve(keys.size());
    for (const Key& key : keys) ranks->push_back(key.rank);
  }
  found.clear();
  return violations;
}

}  // namespace fundrules::engine
