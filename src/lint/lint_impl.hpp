#pragma once

// The parts of lint, each adding its findings about a loaded ruleset.

#include <vector>

#include "fundrules/lint.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace fundrules::lint_detail {

/// Rules that can never apply, and rules that cannot all hold on the same rows.
void lint_rules(const detail::RulesetImpl& impl, std::vector<LintFinding>& out);

}  // namespace fundrules::lint_detail
