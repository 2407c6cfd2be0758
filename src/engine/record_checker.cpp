// RecordChecker: check() for one record at a time, with the setup of a check done once. What a
// Session builds per call and a record does not need (the declared summaries, the statistics
// of each rule, the row accounting) is left out; what the violations depend on is run exactly
// as a Session runs it, so both give the same violations.

#include "fundrules/record_checker.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "engine/context.hpp"
#include "engine/runner.hpp"
#include "engine/table_align.hpp"
#include "expr/program.hpp"

namespace fundrules {

namespace {

// Rows given to a runner per call, as a Session chunks a batch.
constexpr std::size_t kChunkRows = 4096;

}  // namespace

struct RecordChecker::Impl {
  Ruleset ruleset;
  std::int64_t row_shift = 0;
  engine::EvalContext context;
  const engine::Plan& plan;
  // The runners that take part: every rule's (minus those skipped for a missing optional
  // reference) and the required-fields check; the declared summaries report nothing a
  // violation needs.
  std::vector<const engine::RuleRunner*> runners;
  // By runner: a state kept from record to record where the runner's state only counts rows
  // (record rules), else null and a fresh state per record.
  std::vector<std::unique_ptr<engine::PartialState>> kept;
  std::vector<bool> fresh_state;
  // By runner: what a group or batch rule keeps from one record to the next when it checks a
  // record alone (RuleRunner::check_alone); null until its first record.
  std::vector<std::unique_ptr<engine::PartialState>> alone;
  std::vector<engine::Found> found;
  // By runner: a record rule's condition and check as the evaluator's instructions, so that a
  // row that passes is told apart in one walk of each (no runner call, no context built per
  // rule); null for other runners and other kinds of Program. Only a row that does not pass
  // goes to the runner, which finds the same truths and reports the violation.
  struct Truths {
    bool has_when = false;
    const expr::CompiledProgram* when = nullptr;
    const expr::CompiledProgram* check = nullptr;
    // Where the condition's truth on the current record is kept: the first runner whose rule
    // has a condition of the same text (the same program on the same row and activation, so
    // the same truth). Five rules of a roster may share `payment_method == "signed_cash"`.
    std::size_t when_slot = 0;
  };
  std::vector<Truths> truths;
  // By runner: the truth of the condition kept in its slot on the current record, or kUnknown.
  static constexpr std::uint8_t kUnknown = 0xFF;
  std::vector<std::uint8_t> when_truths;
  expr::Ctx ctx;  // one evaluation context for every rule of every record

  Impl(const Ruleset& checked, const CheckOptions& options)
      : ruleset(checked), row_shift(options.first_row - 1), plan(engine::plan_of(checked.impl())) {
    const detail::RulesetImpl& impl = ruleset.impl();
    std::vector<std::string> when_texts;  // by runner: its record rule's condition as written
    const Date as_of = options.as_of        ? *options.as_of
                       : impl.default_as_of ? *impl.default_as_of
                                            : Date::today();
    context = engine::make_context(impl, as_of);
    context.max_groups = options.max_groups;
    const std::vector<SkippedRule> skipped = engine::index_references(context, options.references);
    // Runner 0 checks the required fields, runner 1 + i runs rule i (see engine::Plan).
    for (std::size_t r = 0; r < plan.first_summary; ++r) {
      if (r > 0) {
        const std::string& id = impl.rules[r - 1].info.id;
        const bool idle = std::any_of(skipped.begin(), skipped.end(),
                                      [&](const SkippedRule& s) { return s.rule_id == id; });
        if (idle) continue;
      }
      const engine::RuleRunner& runner = *plan.runners[r];
      runners.push_back(&runner);
      // A group or batch rule keeps its groups in its state, which a record must start
      // without; a record rule's state only counts the rows checked, which nothing reads here.
      const bool record_scope = r == 0 || impl.rules[r - 1].info.scope == Scope::Record;
      kept.push_back(record_scope ? runner.make_state() : nullptr);
      fresh_state.push_back(!record_scope);
      Truths rule_truths;
      if (r > 0 && record_scope) {
        const detail::CompiledRule& rule = impl.rules[r - 1];
        rule_truths.has_when = rule.when != nullptr;
        rule_truths.when = dynamic_cast<const expr::CompiledProgram*>(rule.when.get());
        rule_truths.check = dynamic_cast<const expr::CompiledProgram*>(rule.check.get());
        if (rule_truths.has_when && rule_truths.when == nullptr) rule_truths.check = nullptr;
        rule_truths.when_slot = runners.size() - 1;
        for (std::size_t earlier = 0; earlier + 1 < runners.size(); ++earlier) {
          const Truths& other = truths[earlier];
          if (other.when != nullptr && rule_truths.when != nullptr &&
              when_texts[earlier] == rule.info.when) {
            rule_truths.when_slot = earlier;
            break;
          }
        }
      }
      truths.push_back(rule_truths);
      when_texts.push_back(r > 0 && record_scope ? impl.rules[r - 1].info.when : std::string());
    }
    alone.resize(runners.size());
    when_truths.assign(runners.size(), kUnknown);
  }

  // The rows of `record` renumbered by first_row (a copy, made only when there is a shift).
  [[nodiscard]] Table shifted(const Table& record) const {
    Table table = record;
    std::vector<std::int64_t> rows(record.num_rows());
    std::vector<std::int64_t> lines(record.num_rows());
    for (std::size_t row = 0; row < rows.size(); ++row) {
      rows[row] = record.row_number(row) + row_shift;
      const std::int64_t line = record.line(row);
      lines[row] = line > 0 ? line + row_shift : 0;
    }
    table.set_origins(std::move(rows), std::move(lines));
    return table;
  }

  std::vector<Violation> check(const Table& input) {
    std::optional<Table> renumbered;
    if (row_shift != 0 && input.num_rows() > 0) renumbered = shifted(input);
    const Table& record = renumbered ? *renumbered : input;
    std::optional<Table> aligned;
    if (!engine::matches_layout(record, ruleset.impl().schema)) {
      aligned = engine::align(record, ruleset.impl().schema);
    }
    const Table& table = aligned ? *aligned : record;
    const std::size_t rows = table.num_rows();

    found.clear();
    if (rows == 1) return check_one(table);
    std::vector<std::unique_ptr<engine::PartialState>> fresh(runners.size());
    for (std::size_t r = 0; r < runners.size(); ++r) {
      if (fresh_state[r]) fresh[r] = runners[r]->make_state();
    }
    const auto state_of = [&](std::size_t r) {
      return fresh_state[r] ? fresh[r].get() : kept[r].get();
    };
    for (std::size_t chunk = 0; chunk < rows; chunk += kChunkRows) {
      const std::size_t chunk_end = std::min(rows, chunk + kChunkRows);
      for (std::size_t r = 0; r < runners.size(); ++r) {
        runners[r]->run(table, chunk, chunk_end, context, state_of(r), found);
      }
    }
    for (std::size_t r = 0; r < runners.size(); ++r) {
      runners[r]->finish(state_of(r), context, found);
    }
    // The order Session::finish() gives.
    return engine::in_report_order(found);
  }

  // One row: each runner checks it from run() to finish() before the next runner starts.
  // What they find is the same, and in_report_order() puts it in the same order: it sorts by
  // row and rule (stably), and each rule's violations keep their order.
  std::vector<Violation> check_one(const Table& table) {
    const expr::Activation activation = context.activation();
    ctx.table = &table;
    ctx.row = 0;
    ctx.activation = &activation;
    std::fill(when_truths.begin(), when_truths.end(), kUnknown);
    for (std::size_t r = 0; r < runners.size(); ++r) {
      const engine::RuleRunner& runner = *runners[r];
      if (passes(truths[r])) continue;
      if (!fresh_state[r]) {
        runner.run(table, 0, 1, context, kept[r].get(), found);
      } else if (!runner.check_alone(table, context, alone[r], found)) {
        const std::unique_ptr<engine::PartialState> state = runner.make_state();
        runner.run(table, 0, 1, context, state.get(), found);
        runner.finish(state.get(), context, found);
      }
    }
    if (found.empty()) return {};
    return engine::in_report_order(found);
  }

  // Whether the row in `ctx` passes a record rule, as RecordRuleRunner judges one row: the
  // condition false, or condition and check true. False when it may not (or when the rule
  // has no instructions here): the runner then decides.
  bool passes(const Truths& rule) {
    if (rule.check == nullptr) return false;
    if (rule.has_when) {
      std::uint8_t& condition = when_truths[rule.when_slot];
      if (condition == kUnknown) {
        ctx.reset();
        condition = expr::truth_of(rule.when->eval(rule.when->root, ctx));
      }
      if (condition == expr::Program::kFalse) return true;
      if (condition != expr::Program::kTrue) return false;
    }
    ctx.reset();
    return expr::truth_of(rule.check->eval(rule.check->root, ctx)) == expr::Program::kTrue;
  }
};

RecordChecker::RecordChecker(const Ruleset& ruleset, CheckOptions options)
    : impl_(std::make_unique<Impl>(ruleset, options)) {}
RecordChecker::~RecordChecker() = default;
RecordChecker::RecordChecker(RecordChecker&&) noexcept = default;
RecordChecker& RecordChecker::operator=(RecordChecker&&) noexcept = default;

std::vector<Violation> RecordChecker::check(const Table& record) { return impl_->check(record); }

const Ruleset& RecordChecker::ruleset() const noexcept { return impl_->ruleset; }

}  // namespace fundrules
