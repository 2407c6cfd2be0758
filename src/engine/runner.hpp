#pragma once

// Rule runners. A runner checks slices of rows; what it learns that is not yet a violation
// (a household's running total, a count of payments per ID) lives in a PartialState. States of
// consecutive slices merge in input order, so a list checked in one batch, in many batches or
// on many threads ends in the same state and gives the same report. Record rules need no
// state; group and batch rules keep theirs until finish().

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/context.hpp"
#include "expr/shared_truths.hpp"
#include "fundrules/table.hpp"

namespace fundrules::engine {

/// What a runner carries from one slice of rows to the next.
class PartialState {
 public:
  virtual ~PartialState() = default;
  /// Rows (record rule) or groups (group and batch rule) the rule was checked on, passing or
  /// failing, so that a report can tell a rule that never applied from one that always held.
  std::int64_t checked = 0;
  /// A deep copy: a mergeable report keeps the states of its unfinished check, and each merge
  /// works on copies so that the report itself is never changed by merging it. A state that
  /// holds more than the count overrides this.
  [[nodiscard]] virtual std::unique_ptr<PartialState> clone() const {
    return std::make_unique<PartialState>(*this);
  }
};

class RuleRunner {
 public:
  explicit RuleRunner(int rank) : rank_(rank) {}
  virtual ~RuleRunner() = default;
  RuleRunner(const RuleRunner&) = delete;
  RuleRunner& operator=(const RuleRunner&) = delete;

  /// A fresh state for a slice, or null for a runner that keeps none.
  [[nodiscard]] virtual std::unique_ptr<PartialState> make_state() const { return nullptr; }
  /// Checks rows [begin, end) of `table` (laid out as the schema), appending what fails to
  /// `out` and folding the rest into `state`.
  virtual void run(const Table& table, std::size_t begin, std::size_t end,
                   const EvalContext& context, PartialState* state,
                   std::vector<Found>& out) const = 0;
  /// Folds `later` (the state of the rows after those of `into`) into `into`.
  virtual void merge(PartialState& /*into*/, PartialState& /*later*/) const {}
  /// Emits the violations only the whole list shows, once every row has been seen.
  virtual void finish(PartialState* /*state*/, const EvalContext& /*context*/,
                      std::vector<Found>& /*out*/) const {}
  /// Finishing in parts, so that several threads can share one runner's finish: prepares
  /// `state` and returns how many units (groups) finish_part() is then to be called over, or
  /// 0 when the runner finishes only whole, by finish(). Throws as finish() would.
  virtual std::size_t prepare_finish(PartialState* /*state*/,
                                     const EvalContext& /*context*/) const {
    return 0;
  }
  /// Finishes units [begin, end) of a state prepare_finish() prepared, appending what finish()
  /// appends for them, in the same order: parts done over consecutive ranges and their
  /// violations joined in range order give what finish() gives. Calls over ranges that do
  /// not overlap may run at once on several threads.
  virtual void finish_part(const PartialState* /*state*/, const EvalContext& /*context*/,
                           std::size_t /*begin*/, std::size_t /*end*/,
                           std::vector<Found>& /*out*/) const {}
  /// Checks `table`, a list of one row, from run() to finish() in one call, appending what
  /// run() and finish() on a fresh state would append. `scratch` is the runner's to keep from
  /// call to call (null at first), so that checking one record after another reuses its
  /// buffers. Returns false, having done nothing, where the runner has no such shortcut: the
  /// caller then runs run() and finish() on a fresh state.
  virtual bool check_alone(const Table& /*table*/, const EvalContext& /*context*/,
                           std::unique_ptr<PartialState>& /*scratch*/,
                           std::vector<Found>& /*out*/) const {
    return false;
  }

  [[nodiscard]] int rank() const noexcept { return rank_; }

 private:
  int rank_;
};

/// Checks that every required field has a value.
std::unique_ptr<RuleRunner> make_required_fields_runner(const Schema& schema, int rank);
/// Runs one record rule (`when`, then `check`) on each row.
std::unique_ptr<RuleRunner> make_record_rule_runner(const detail::CompiledRule& rule,
                                                    const Schema& schema, int rank);

/// Runs one group rule (rows folded per group_by key) or batch rule (the whole list folded).
std::unique_ptr<RuleRunner> make_group_rule_runner(const detail::CompiledRule& rule,
                                                   const Schema& schema, int rank);

/// The runners of a ruleset, which depend on nothing but the ruleset: built by its first check
/// and shared, read-only, by every later check on any thread (detail::PlanCache). Runner 0
/// checks the required fields, runner 1 + i runs rule i, and the declared summaries' runners
/// follow from first_summary on.
struct Plan {
  std::vector<std::unique_ptr<RuleRunner>> runners;
  std::size_t first_summary = 0;
  /// The conditions and checks of rules and summaries that compute the same truths, shared
  /// per batch; null when no two do.
  std::shared_ptr<const expr::SharedPlan> shared;
};

/// The plan of `ruleset`, built on first use.
const Plan& plan_of(const detail::RulesetImpl& ruleset);

}  // namespace fundrules::engine
