#pragma once

// Declared summaries: each folds the rows of the list into one state per group (and one for
// the total), like a group rule does, so a list summarised in batches or on several threads
// ends in the same figures as a list summarised in one pass.

#include <memory>

#include "engine/runner.hpp"
#include "fundrules/report.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace fundrules::engine {

/// Folds rows into one summary's groups; emits no violations.
class SummaryRunner : public RuleRunner {
 public:
  using RuleRunner::RuleRunner;
  /// The summary's lines once every row has been folded into `state`.
  [[nodiscard]] virtual SummaryTable table(PartialState* state,
                                           const EvalContext& context) const = 0;
};

/// A runner for `summary` over rows laid out as `schema`.
std::unique_ptr<SummaryRunner> make_summary_runner(const detail::CompiledSummary& summary,
                                                   const Schema& schema);

}  // namespace fundrules::engine
