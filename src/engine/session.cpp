// The engine: a Session checks batches as they come and folds what group and batch rules
// need into partial states; finish() sorts the violations and does the row accounting.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "engine/context.hpp"
#include "engine/row_ranges.hpp"
#include "engine/runner.hpp"
#include "engine/summaries.hpp"
#include "engine/table_align.hpp"
#include "engine/violation_spill.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/version.hpp"

namespace fundrules {

namespace {

// Rows evaluated per runner call: large enough for the expression layer's batch kernels,
// small enough that the per-row results stay in cache.
constexpr std::size_t kChunkRows = 4096;
// A slice handed to a thread is at least this big; smaller batches stay on one thread, where
// starting threads would cost more than it saves.
constexpr std::size_t kMinSliceRows = 2048;
// Threads share out runners rather than rows when there are at least this many runners per
// thread: enough to even out runners of very different cost.
constexpr std::size_t kRunnersPerThread = 4;
// A rule finished in parts is cut into up to this many ranges of groups per thread, so that
// the threads end close together, each of at least kMinFinishGroups groups, so that a range
// is worth handing out.
constexpr std::size_t kFinishPartsPerThread = 4;
constexpr std::size_t kMinFinishGroups = 4096;

// Ranks of the engine's own checks; the ruleset's rules follow in their order.
constexpr int kUnreadableRank = 0;
constexpr int kRequiredRank = 1;
constexpr int kFirstRuleRank = 2;
// Runner i + kRuleRunnerOffset runs rule i; the required-fields runner comes first.
constexpr std::size_t kRuleRunnerOffset = 1;

Violation unreadable_violation(const RowProblem& problem, const Schema& schema) {
  Violation v;
  v.rule_id = engine::kUnreadableRuleId;
  v.rows = {problem.row};
  v.line = problem.line;
  v.column = problem.column;
  const FieldSpec* field = problem.field.empty() ? nullptr : schema.find(problem.field);
  if (field != nullptr) {
    const std::string& label = field->label_zh.empty() ? field->name : field->label_zh;
    v.message_zh = "此行无法读取：“" + label + "”一栏有误";
    v.message_en = "the row could not be read: bad " + field->name + " cell";
  } else if (!problem.field.empty()) {
    v.message_zh = "此行无法读取：“" + problem.field + "”一栏有误";
    v.message_en = "the row could not be read: bad " + problem.field + " cell";
  } else {
    v.message_zh = "此行无法读取";
    v.message_en = "the row could not be read";
  }
  v.detail = problem.message;
  return v;
}

// Appends the names of `later` that `names` does not have yet, keeping first-seen order.
void merge_names(std::vector<std::string>& names, const std::vector<std::string>& later) {
  for (const std::string& name : later) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
}

}  // namespace

namespace detail {

/// The unfinished check a mergeable report keeps: everything finish() needs, copied before
/// the group and batch rules were finished. Never changed after it is made.
struct PendingCheck {
  explicit PendingCheck(std::unique_ptr<Session::Impl> check);
  ~PendingCheck();
  PendingCheck(const PendingCheck&) = delete;
  PendingCheck& operator=(const PendingCheck&) = delete;

  std::unique_ptr<Session::Impl> impl;

  static Report make_report(Summary summary, std::vector<Violation> violations,
                            std::vector<SummaryTable> summaries,
                            std::shared_ptr<const PendingCheck> pending,
                            std::shared_ptr<const SpilledViolations> spilled);
  static Report merge(const std::vector<const Report*>& parts);
};

}  // namespace detail

namespace engine {

const Plan& plan_of(const detail::RulesetImpl& ruleset) {
  return ruleset.plan.get([&ruleset] {
    auto plan = std::make_shared<Plan>();
    plan->runners.push_back(make_required_fields_runner(ruleset.schema, kRequiredRank));
    for (std::size_t i = 0; i < ruleset.rules.size(); ++i) {
      const detail::CompiledRule& rule = ruleset.rules[i];
      const int rank = kFirstRuleRank + static_cast<int>(i);
      plan->runners.push_back(rule.info.scope == Scope::Record
                                  ? make_record_rule_runner(rule, ruleset.schema, rank)
                                  : make_group_rule_runner(rule, ruleset.schema, rank));
    }
    // Summaries fold slices like group rules do, so they ride along as runners.
    plan->first_summary = plan->runners.size();
    for (const detail::CompiledSummary& summary : ruleset.summaries) {
      plan->runners.push_back(make_summary_runner(summary, ruleset.schema));
    }
    // Record rules run their condition and check over each chunk of a batch, group rules and
    // summaries their condition; the same sub-expression among them is computed once.
    std::vector<const expr::Program*> programs;
    for (const detail::CompiledRule& rule : ruleset.rules) {
      programs.push_back(rule.when.get());
      if (rule.info.scope == Scope::Record) programs.push_back(rule.check.get());
    }
    for (const detail::CompiledSummary& summary : ruleset.summaries) {
      programs.push_back(summary.when.get());
    }
    auto shared = std::make_shared<const expr::SharedPlan>(programs);
    if (shared->slots() > 0) plan->shared = std::move(shared);
    return std::shared_ptr<const Plan>(std::move(plan));
  });
}

}  // namespace engine

struct Session::Impl {
  Ruleset ruleset;
  CheckOptions options;
  engine::EvalContext context;
  const engine::Plan& plan;
  const std::vector<std::unique_ptr<engine::RuleRunner>>& runners;  // the plan's
  std::vector<std::unique_ptr<engine::PartialState>> states;        // one per runner, may be null
  std::size_t first_summary = 0;  // runners from here on are the declared summaries
  std::vector<engine::Found> found;
  engine::RowRanges table_rows;
  std::set<std::int64_t> unreadable_rows;
  std::string input_sha256;
  std::vector<std::string> unused_columns;
  std::vector<std::string> missing_fields;
  bool columns_known = false;          // unused_columns and missing_fields are set
  std::vector<SkippedRule> skipped;    // rules not run: an optional reference is missing
  std::vector<bool> idle;              // by runner: true for the runner of a skipped rule
  std::vector<double> runner_seconds;  // by runner: time spent in run(), to share out threads
  std::unique_ptr<expr::SharedTruths> shared_truths;  // null when the rules share nothing
  engine::ViolationSpill spill;  // violations written to disk, with spill_directory
  bool finished = false;
  // Why an add(), add_problems() or finish() threw; empty while the session is sound.
  std::string stopped_by;

  Impl(const Ruleset& r, CheckOptions o)
      : ruleset(r),
        options(std::move(o)),
        plan(engine::plan_of(r.impl())),
        runners(plan.runners),
        first_summary(plan.first_summary),
        spill(options.spill_directory, options.spill_threshold) {
    if (options.mergeable && spill.enabled()) {
      throw Error(
          "CheckOptions::mergeable and spill_directory cannot be combined: a mergeable report "
          "keeps what merging needs in memory");
    }
    const detail::RulesetImpl& impl = ruleset.impl();
    const Date as_of = options.as_of        ? *options.as_of
                       : impl.default_as_of ? *impl.default_as_of
                                            : Date::today();
    context = engine::make_context(impl, as_of);
    context.max_groups = options.max_groups;
    if (plan.shared) {
      shared_truths = std::make_unique<expr::SharedTruths>(plan.shared);
      context.shared = shared_truths.get();
    }
    skipped = engine::index_references(context, options.references);
    // A rule not run keeps its runner, so that runners stay one per rule, but is never given
    // rows.
    if (!skipped.empty()) {
      idle.assign(kRuleRunnerOffset + impl.rules.size(), false);
      for (std::size_t i = 0; i < impl.rules.size(); ++i) {
        const std::string& id = impl.rules[i].info.id;
        idle[kRuleRunnerOffset + i] = std::any_of(
            skipped.begin(), skipped.end(), [&](const SkippedRule& s) { return s.rule_id == id; });
      }
    }
    states.reserve(runners.size());
    for (const auto& runner : runners) states.push_back(runner->make_state());
  }

  void require_open() const {
    if (!stopped_by.empty()) {
      throw Error("the check session stopped at an error and cannot go on (" + stopped_by +
                  "); start a new session");
    }
    if (finished) throw Error("the check session has already finished");
  }

  // Runs `work`, which may change the session's state before it throws (a batch half folded
  // in when a group rule passes max_groups): the session then refuses every later call, so
  // no report is ever made from a part of a batch.
  template <typename Work>
  auto guarded(Work&& work) -> decltype(work()) {
    require_open();
    try {
      return work();
    } catch (const std::exception& error) {
      stopped_by = error.what();
      throw;
    } catch (...) {
      stopped_by = "an unknown error";
      throw;
    }
  }

  // Runs every runner over rows [begin, end), chunk by chunk.
  void run_slice(const Table& table, std::size_t begin, std::size_t end,
                 std::vector<std::unique_ptr<engine::PartialState>>& slice_states,
                 std::vector<engine::Found>& out) const {
    for (std::size_t chunk = begin; chunk < end; chunk += kChunkRows) {
      const std::size_t chunk_end = std::min(end, chunk + kChunkRows);
      for (std::size_t r = 0; r < runners.size(); ++r) {
        if (r < idle.size() && idle[r]) continue;
        runners[r]->run(table, chunk, chunk_end, context, slice_states[r].get(), out);
      }
    }
  }

  [[nodiscard]] std::size_t active_runners() const {
    std::size_t count = 0;
    for (std::size_t r = 0; r < runners.size(); ++r) count += r < idle.size() && idle[r] ? 0 : 1;
    return count;
  }

  // Several threads share out the runners, each runner going over the whole batch straight
  // into the session's states. Split by rows instead, every slice but the first would need
  // fresh states merged into the session's afterwards: serial work on every batch that costs
  // about as much as folding the rows did. Runners are handed out longest first (by the time
  // each took so far), so the threads end close together. Each runner's violations are kept
  // apart and appended in runner order, so the result does not depend on which thread ran
  // what; finish() sorts them by row and rank anyway.
  void run_by_runner(const Table& table, std::size_t rows, std::size_t threads) {
    runner_seconds.resize(runners.size(), 0.0);
    std::vector<std::size_t> order;
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (r >= idle.size() || !idle[r]) order.push_back(r);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return runner_seconds[a] > runner_seconds[b];
    });
    std::vector<std::vector<engine::Found>> runner_found(runners.size());
    // A failure is kept with the chunk it happened in: the one rethrown is the first one a
    // single thread, going chunk by chunk and runner by runner, would have met.
    std::vector<std::exception_ptr> failures(runners.size());
    std::vector<std::size_t> failed_chunk(runners.size(), rows);
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      for (std::size_t i = next++; i < order.size(); i = next++) {
        const std::size_t r = order[i];
        const auto start = std::chrono::steady_clock::now();
        std::size_t chunk = 0;
        try {
          for (; chunk < rows; chunk += kChunkRows) {
            runners[r]->run(table, chunk, std::min(rows, chunk + kChunkRows), context,
                            states[r].get(), runner_found[r]);
          }
        } catch (...) {
          failures[r] = std::current_exception();
          failed_chunk[r] = chunk;
        }
        runner_seconds[r] +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& thread : pool) thread.join();
    std::size_t first_failure = runners.size();
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (failures[r] &&
          (first_failure == runners.size() || failed_chunk[r] < failed_chunk[first_failure])) {
        first_failure = r;
      }
    }
    if (first_failure < runners.size()) std::rethrow_exception(failures[first_failure]);
    for (std::vector<engine::Found>& list : runner_found) {
      std::move(list.begin(), list.end(), std::back_inserter(found));
    }
  }

  // A deep copy of the unfinished check, for a mergeable report.
  [[nodiscard]] std::unique_ptr<Impl> clone() const {
    auto copy = std::make_unique<Impl>(ruleset, options);
    for (std::size_t r = 0; r < states.size(); ++r) {
      copy->states[r] = states[r] ? states[r]->clone() : nullptr;
    }
    copy->found = found;
    copy->table_rows = table_rows;
    copy->unreadable_rows = unreadable_rows;
    copy->input_sha256 = input_sha256;
    copy->unused_columns = unused_columns;
    copy->missing_fields = missing_fields;
    copy->columns_known = columns_known;
    return copy;
  }

  [[nodiscard]] std::int64_t row_shift() const { return options.first_row - 1; }

  // The rows of `batch` renumbered by first_row (a copy, made only when there is a shift).
  Table shifted(const Table& batch) const {
    Table table = batch;
    std::vector<std::int64_t> rows(batch.num_rows());
    std::vector<std::int64_t> lines(batch.num_rows());
    for (std::size_t row = 0; row < rows.size(); ++row) {
      rows[row] = batch.row_number(row) + row_shift();
      const std::int64_t line = batch.line(row);
      lines[row] = line > 0 ? line + row_shift() : 0;
    }
    table.set_origins(std::move(rows), std::move(lines));
    return table;
  }

  void add(const Table& input) {
    check_batch(input);
    spill.after_batch(found);
  }

  void check_batch(const Table& input) {
    require_open();
    const Schema& schema = ruleset.impl().schema;
    std::optional<Table> renumbered;
    if (row_shift() != 0 && input.num_rows() > 0) renumbered = shifted(input);
    const Table& batch = renumbered ? *renumbered : input;
    std::optional<Table> aligned;
    if (!engine::matches_layout(batch, schema)) {
      // A host program's table: its first batch tells which columns went unread.
      if (!columns_known) engine::column_usage(batch, schema, unused_columns, missing_fields);
      aligned = engine::align(batch, schema);
    }
    columns_known = true;
    const Table& table = aligned ? *aligned : batch;
    const std::size_t rows = batch.num_rows();
    for (std::size_t row = 0; row < rows; ++row) table_rows.add(batch.row_number(row));

    // The truths rules share are kept for this batch only.
    struct BatchScope {
      expr::SharedTruths* truths;
      ~BatchScope() {
        if (truths != nullptr) truths->end_batch();
      }
    } const scope{shared_truths.get()};
    if (scope.truths != nullptr) scope.truths->begin_batch(&table, rows, kChunkRows);

    const std::size_t threads = std::max<std::size_t>(1, options.threads);
    if (threads > 1 && rows >= kMinSliceRows && active_runners() >= threads * kRunnersPerThread) {
      run_by_runner(table, rows, threads);
      return;
    }
    const std::size_t slices = std::max<std::size_t>(1, std::min(threads, rows / kMinSliceRows));
    const std::size_t per_slice = (rows + slices - 1) / std::max<std::size_t>(1, slices);

    // Slice 0 holds the rows right after everything seen so far, so it folds straight into
    // the session's states; every later slice gets fresh states and its own list of
    // violations, merged in input order afterwards, which makes the result independent of
    // the thread count (and one thread merges nothing).
    std::vector<std::vector<std::unique_ptr<engine::PartialState>>> slice_states(slices);
    std::vector<std::vector<engine::Found>> slice_found(slices);
    for (std::size_t s = 1; s < slices; ++s) {
      for (const auto& runner : runners) slice_states[s].push_back(runner->make_state());
    }
    std::vector<std::exception_ptr> failures(slices);
    const auto work = [&](std::size_t s) {
      try {
        const std::size_t begin = s * per_slice;
        const std::size_t end = std::min(rows, begin + per_slice);
        run_slice(table, begin, end, s == 0 ? states : slice_states[s], slice_found[s]);
      } catch (...) {
        failures[s] = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t s = 1; s < slices; ++s) pool.emplace_back(work, s);
    work(0);
    for (std::thread& thread : pool) thread.join();
    for (const auto& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }

    for (std::size_t s = 0; s < slices; ++s) {
      std::move(slice_found[s].begin(), slice_found[s].end(), std::back_inserter(found));
      if (s == 0) continue;  // already folded into the session's states
      for (std::size_t r = 0; r < runners.size(); ++r) {
        if (states[r] && slice_states[s][r]) {
          states[r]->checked += slice_states[s][r]->checked;
          runners[r]->merge(*states[r], *slice_states[s][r]);
        }
      }
    }
  }

  void add_problems(const std::vector<RowProblem>& problems) {
    require_open();
    const Schema& schema = ruleset.impl().schema;
    for (RowProblem problem : problems) {
      problem.row += row_shift();
      if (problem.line > 0) problem.line += row_shift();
      unreadable_rows.insert(problem.row);
      found.push_back({kUnreadableRank, unreadable_violation(problem, schema)});
    }
  }

  void merge(Impl& later) {
    require_open();
    later.require_open();
    const detail::RulesetImpl& mine = ruleset.impl();
    const detail::RulesetImpl& theirs = later.ruleset.impl();
    if (mine.id != theirs.id || mine.sha256 != theirs.sha256) {
      throw Error("cannot merge checks of different rulesets ('" + mine.id + "' and '" + theirs.id +
                  "')");
    }
    if (context.as_of != later.context.as_of) {
      throw Error("cannot merge checks made as of different dates (" + context.as_of.to_string() +
                  " and " + later.context.as_of.to_string() + ")");
    }
    const auto skipped_ids = [](const Impl& check) {
      std::vector<std::string> ids;
      for (const SkippedRule& rule : check.skipped) ids.push_back(rule.rule_id);
      return ids;
    };
    if (skipped_ids(*this) != skipped_ids(later)) {
      throw Error("cannot merge checks that were given different reference tables");
    }
    // Before anything of `later` is taken, so that a failure leaves both sessions as they were.
    spill.take(later.spill, found);
    later.finished = true;
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (states[r] && later.states[r]) {
        states[r]->checked += later.states[r]->checked;
        runners[r]->merge(*states[r], *later.states[r]);
      }
    }
    found.reserve(found.size() + later.found.size());
    std::move(later.found.begin(), later.found.end(), std::back_inserter(found));
    later.found.clear();
    table_rows.add_all(later.table_rows);
    unreadable_rows.insert(later.unreadable_rows.begin(), later.unreadable_rows.end());
    // The digest names one input; parts of different files have none in common.
    if (input_sha256 != later.input_sha256) input_sha256.clear();
    // Parts of one file share its header; parts of several files may differ, and a column
    // unused (or a field missing) in any part is worth knowing about.
    merge_names(unused_columns, later.unused_columns);
    merge_names(missing_fields, later.missing_fields);
  }

  // Called once, by finish(): what the session no longer needs is moved into the summary.
  Summary summarize(const std::vector<Violation>& violations, detail::SpilledViolations* spilled) {
    Summary s;
    table_rows.normalize();
    std::int64_t unreadable_in_tables = 0;
    for (const std::int64_t row : unreadable_rows) {
      if (table_rows.contains(row)) ++unreadable_in_tables;
    }
    s.unreadable = static_cast<std::int64_t>(unreadable_rows.size());
    s.rows = table_rows.count() + s.unreadable - unreadable_in_tables;

    std::vector<std::int64_t> failed_rows;
    if (spilled != nullptr) {
      engine::SpilledTally t = engine::tally(*spilled, violations, unreadable_rows);
      s.errors = t.errors;
      s.warnings = t.warnings;
      s.violations_by_rule = std::move(t.by_rule);
      s.with_violations = t.with_violations;
      spilled->errors = t.errors;
    }
    // A spilled report was counted above, reading its violations back from disk.
    static const std::vector<Violation> none;
    const std::vector<Violation>& in_memory = spilled != nullptr ? none : violations;
    for (const Violation& v : in_memory) {
      if (v.severity == Severity::Error) {
        ++s.errors;
      } else {
        ++s.warnings;
      }
      ++s.violations_by_rule[v.rule_id];
      if (v.rule_id == engine::kUnreadableRuleId) continue;
      for (const std::int64_t row : v.rows) {
        if (unreadable_rows.count(row) == 0) failed_rows.push_back(row);
      }
    }
    std::sort(failed_rows.begin(), failed_rows.end());
    failed_rows.erase(std::unique(failed_rows.begin(), failed_rows.end()), failed_rows.end());
    if (spilled == nullptr) s.with_violations = static_cast<std::int64_t>(failed_rows.size());
    s.clean = s.rows - s.with_violations - s.unreadable;

    const detail::RulesetImpl& impl = ruleset.impl();
    s.rule_stats.reserve(impl.rules.size());
    for (std::size_t i = 0; i < impl.rules.size(); ++i) {
      const RuleInfo& info = impl.rules[i].info;
      RuleStat stat;
      stat.rule_id = info.id;
      stat.origin = info.origin;
      stat.where = info.where;
      const auto& state = states.at(kRuleRunnerOffset + i);
      stat.checked = state ? state->checked : 0;
      const auto failed = s.violations_by_rule.find(info.id);
      stat.failed = failed == s.violations_by_rule.end() ? 0 : failed->second;
      s.rule_stats.push_back(std::move(stat));
    }
    s.disabled_rules = impl.disabled;
    s.ruleset_id = impl.id;
    s.ruleset_sha256 = impl.sha256;
    s.input_name = options.input_name;
    s.input_sha256 = std::move(input_sha256);
    s.unused_columns = std::move(unused_columns);
    s.missing_fields = std::move(missing_fields);
    s.as_of = context.as_of;
    s.fundrules_version = FUNDRULES_VERSION_STRING;
    s.skipped_rules = std::move(skipped);
    return s;
  }

  // Runner r is finished: its groups are done with, and are freed before its violations join
  // the others, so that the list of violations, grown then, never coexists with the groups of
  // a million ID numbers. Only the count of groups checked stays, for the rule's statistics;
  // summaries keep theirs for table().
  void release_state(std::size_t r) {
    if (r < first_summary && states[r]) {
      std::unique_ptr<engine::PartialState> spent = runners[r]->make_state();
      spent->checked = states[r]->checked;
      states[r] = std::move(spent);
    }
  }

  // Finishes every runner, the threads sharing out the work. A runner that finishes in parts
  // (a group rule: the duplicate-ID rule alone checks a million groups) is cut into ranges of
  // groups that any thread may take, so that no rule keeps one thread busy long after the
  // others; the ranges' violations are joined in range order, which is the order finish()
  // would give. Each runner's violations are kept apart and appended in runner order, so the
  // result does not depend on which thread finished what, and a failure rethrown is the one
  // of the first runner (and range) that failed, as one thread going runner by runner would
  // have met it. A summary's table is made by the thread that finished its runner: folding a
  // summary's lines into its total (sets of distinct households) costs as much as finishing a
  // group rule, and made afterwards on one thread it kept the other idle.
  std::vector<SummaryTable> finish_runners() {
    std::vector<std::size_t> order;
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (r >= idle.size() || !idle[r]) order.push_back(r);
    }
    const std::size_t threads =
        std::max<std::size_t>(1, std::min<std::size_t>(options.threads, order.size()));
    // Runners that took longest over the rows are mostly the ones with most groups to finish:
    // started first, they keep one thread from finishing long after the others.
    if (threads > 1 && !runner_seconds.empty()) {
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return runner_seconds[a] > runner_seconds[b];
      });
    }
    std::vector<std::exception_ptr> failures(runners.size());
    const auto on_threads = [threads](std::size_t count, const auto& task) {
      std::atomic<std::size_t> next{0};
      const auto work = [&] {
        for (std::size_t i = next++; i < count; i = next++) task(i);
      };
      std::vector<std::thread> pool;
      for (std::size_t t = 1; t < std::min(threads, count); ++t) pool.emplace_back(work);
      work();
      for (std::thread& thread : pool) thread.join();
    };

    // First each runner says how many groups it has to finish (0: it finishes whole).
    std::vector<std::size_t> units(runners.size(), 0);
    on_threads(order.size(), [&](std::size_t i) {
      const std::size_t r = order[i];
      try {
        units[r] = runners[r]->prepare_finish(states[r].get(), context);
      } catch (...) {
        failures[r] = std::current_exception();
      }
    });

    // Then the work, in tasks. On several threads, runners that finish whole go first, longest
    // first, then the ranges of groups, which even out the threads' ends.
    struct Task {
      std::size_t runner;
      std::size_t begin = 0;
      std::size_t end = 0;
    };
    std::vector<Task> tasks;
    std::vector<std::atomic<std::size_t>> parts_left(runners.size());
    const auto add_ranges = [&](std::size_t r) {
      const std::size_t parts =
          threads == 1 ? 1
                       : std::max<std::size_t>(1, std::min(threads * kFinishPartsPerThread,
                                                           units[r] / kMinFinishGroups));
      parts_left[r] = parts;
      for (std::size_t p = 0; p < parts; ++p) {
        tasks.push_back({r, units[r] * p / parts, units[r] * (p + 1) / parts});
      }
    };
    // One thread goes in runner order instead: each group rule's groups are freed before the
    // summaries, which come after the rules, make their tables.
    for (const std::size_t r : order) {
      if (failures[r]) continue;
      if (units[r] == 0) {
        tasks.push_back({r});
      } else if (threads == 1) {
        add_ranges(r);
      }
    }
    for (const std::size_t r : order) {
      if (threads > 1 && !failures[r] && units[r] != 0) add_ranges(r);
    }
    std::vector<std::vector<engine::Found>> task_found(tasks.size());
    std::vector<std::exception_ptr> task_failures(tasks.size());
    std::vector<SummaryTable> summaries(runners.size() - first_summary);
    on_threads(tasks.size(), [&](std::size_t i) {
      const Task& task = tasks[i];
      const std::size_t r = task.runner;
      try {
        if (units[r] == 0) {
          runners[r]->finish(states[r].get(), context, task_found[i]);
          release_state(r);
          if (r >= first_summary) {
            const auto& runner = static_cast<const engine::SummaryRunner&>(*runners[r]);
            summaries[r - first_summary] = runner.table(states[r].get(), context);
          }
          return;
        }
        runners[r]->finish_part(states[r].get(), context, task.begin, task.end, task_found[i]);
      } catch (...) {
        task_failures[i] = std::current_exception();
      }
      // The thread that finishes a runner's last range frees its groups.
      if (units[r] != 0 && --parts_left[r] == 0) release_state(r);
    });
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      std::exception_ptr& failure = failures[tasks[i].runner];
      if (task_failures[i] && !failure) failure = task_failures[i];
    }
    for (const std::exception_ptr& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }
    // Each runner's violations, its ranges in order, then in runner order. A runner's tasks
    // sit together in `tasks`, its ranges in order, so each runner's first task is enough.
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> first_task(runners.size(), kNone);
    for (std::size_t i = tasks.size(); i-- > 0;) first_task[tasks[i].runner] = i;
    // The list grows once, to the size it needs and no further, since the report copies it
    // once more to put it in order.
    std::size_t total = found.size();
    for (const std::vector<engine::Found>& list : task_found) total += list.size();
    found.reserve(total);
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (first_task[r] == kNone) continue;
      for (std::size_t i = first_task[r]; i < tasks.size() && tasks[i].runner == r; ++i) {
        std::move(task_found[i].begin(), task_found[i].end(), std::back_inserter(found));
        std::vector<engine::Found>().swap(task_found[i]);
      }
    }
    return summaries;
  }

  Report finish() {
    require_open();
    std::shared_ptr<const detail::PendingCheck> pending;
    if (options.mergeable) pending = std::make_shared<const detail::PendingCheck>(clone());
    finished = true;
    std::vector<SummaryTable> summaries = finish_runners();
    std::vector<int> ranks;
    std::vector<Violation> violations =
        engine::in_report_order(found, spill.has_runs() ? &ranks : nullptr);
    std::vector<engine::Found>().swap(found);  // the session is done with its buffer
    const std::shared_ptr<detail::SpilledViolations> spilled = spill.release(std::move(ranks));
    Summary summary = summarize(violations, spilled.get());
    return detail::PendingCheck::make_report(std::move(summary), std::move(violations),
                                             std::move(summaries), std::move(pending), spilled);
  }
};

namespace detail {

PendingCheck::PendingCheck(std::unique_ptr<Session::Impl> check) : impl(std::move(check)) {}
PendingCheck::~PendingCheck() = default;

Report PendingCheck::make_report(Summary summary, std::vector<Violation> violations,
                                 std::vector<SummaryTable> summaries,
                                 std::shared_ptr<const PendingCheck> pending,
                                 std::shared_ptr<const SpilledViolations> spilled) {
  Report report(std::move(summary), std::move(violations), std::move(summaries));
  report.pending_ = std::move(pending);
  report.spilled_ = std::move(spilled);
  return report;
}

Report PendingCheck::merge(const std::vector<const Report*>& parts) {
  if (parts.empty()) throw Error("no reports to merge");
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i]->pending_) {
      throw Error("report " + std::to_string(i + 1) +
                  " cannot be merged: check it with CheckOptions::mergeable set");
    }
  }
  Session whole(parts.front()->pending_->impl->clone());
  for (std::size_t i = 1; i < parts.size(); ++i) {
    Session later(parts[i]->pending_->impl->clone());
    whole.merge(std::move(later));
  }
  return whole.finish();
}

}  // namespace detail

Session::Session(const Ruleset& ruleset, CheckOptions options)
    : impl_(std::make_unique<Impl>(ruleset, std::move(options))) {}
Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

void Session::add(const Table& batch) {
  impl_->guarded([&] { impl_->add(batch); });
}
void Session::add_problems(const std::vector<RowProblem>& problems) {
  impl_->guarded([&] { impl_->add_problems(problems); });
}
void Session::set_input_sha256(std::string sha256) {
  impl_->require_open();
  impl_->input_sha256 = std::move(sha256);
}
void Session::set_input_columns(std::vector<std::string> unused_columns,
                                std::vector<std::string> missing_fields) {
  impl_->require_open();
  impl_->unused_columns = std::move(unused_columns);
  impl_->missing_fields = std::move(missing_fields);
  impl_->columns_known = true;
}
void Session::merge(Session&& later) {
  if (this == &later) throw Error("a check session cannot be merged with itself");
  // Not guarded: merge() checks everything before it takes anything, so a refused merge
  // leaves both sessions as they were.
  impl_->merge(*later.impl_);
}
Report Session::finish() {
  return impl_->guarded([&] { return impl_->finish(); });
}

void Report::merge(const Report& later) { *this = detail::PendingCheck::merge({this, &later}); }

Report Report::merge(const std::vector<Report>& parts) {
  std::vector<const Report*> pointers;
  pointers.reserve(parts.size());
  for (const Report& part : parts) pointers.push_back(&part);
  return detail::PendingCheck::merge(pointers);
}

Report check(const Ruleset& ruleset, const Table& table, const CheckOptions& options) {
  Session session(ruleset, options);
  session.add(table);
  return session.finish();
}

}  // namespace fundrules
