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
    context.variables.push_back(name == "today" ? Value(as_of) : Value());
  }
  return context;
}

std::int64_t first_row(const Violation& violation) noexcept {
  return violation.rows.empty() ? std::numeric_limits<std::int64_t>::max() : violation.rows.front();
}

}  // namespace fundrules::engine
