#include "engine/context.hpp"

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

std::int64_t first_row(const Violation& violation) noexcept {
  return violation.rows.empty() ? std::numeric_limits<std::int64_t>::max() : violation.rows.front();
}

}  // namespace fundrules::engine
