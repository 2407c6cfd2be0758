// Runners for the checks made one row at a time: required fields and record rules.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "engine/explain.hpp"
#include "engine/runner.hpp"
#include "expr/program.hpp"

namespace fundrules::engine {

namespace {

// Up to this many rows, record rules walk the expression row by row instead of running the
// batch plan (measured on one-row records: about a third of the instructions).
constexpr std::size_t kFewRows = 2;

class RequiredFieldsRunner final : public RuleRunner {
 public:
  RequiredFieldsRunner(const Schema& schema, int rank) : RuleRunner(rank), schema_(schema) {
    for (std::size_t i = 0; i < schema.fields.size(); ++i) {
      if (schema.fields[i].required) required_.push_back(i);
    }
  }

  void run(const Table& table, std::size_t begin, std::size_t end, const EvalContext& /*context*/,
           PartialState* /*state*/, std::vector<Found>& out) const override {
    for (std::size_t row = begin; row < end; ++row) {
      for (const std::size_t field : required_) {
        if (!table.column(field).is_null(row)) continue;
        out.push_back({rank(), violation(table, field, row)});
      }
    }
  }

 private:
  Violation violation(const Table& table, std::size_t field, std::size_t row) const {
    const FieldSpec& spec = schema_.fields[field];
    const std::string label_zh = spec.label_zh.empty() ? spec.name : spec.label_zh;
    Violation v;
    v.rule_id = kRequiredRuleId;
    v.rows = {table.row_number(row)};
    v.line = table.line(row);
    v.message_zh = "必填字段“" + label_zh + "”为空";
    v.message_en = "required field " + spec.name + " is empty";
    v.values = {read_field(schema_, table, field, row)};
    v.detail = field_title(spec) + " is missing";
    return v;
  }

  const Schema& schema_;
  std::vector<std::size_t> required_;
};

class RecordRuleRunner final : public RuleRunner {
 public:
  // The state of a record rule only counts the rows it was checked on.
  [[nodiscard]] std::unique_ptr<PartialState> make_state() const override {
    return std::make_unique<PartialState>();
  }

  RecordRuleRunner(const detail::CompiledRule& rule, const Schema& schema, int rank)
      : RuleRunner(rank),
        rule_(rule),
        shown_fields_(rule.fields_read),
        when_code_(dynamic_cast<const expr::CompiledProgram*>(rule.when.get())),
        check_code_(dynamic_cast<const expr::CompiledProgram*>(rule.check.get())) {
    // Personal data a message shows must be among the values, or the writers could not mask
    // it; other fields a message names are shown in the message itself.
    for (const std::size_t field : placeholder_fields(schema, rule.message_zh, rule.message_en)) {
      const bool personal = schema.fields[field].personal != PersonalData::None;
      if (personal &&
          std::find(shown_fields_.begin(), shown_fields_.end(), field) == shown_fields_.end()) {
        shown_fields_.push_back(field);
      }
    }
  }

  void run(const Table& table, std::size_t begin, std::size_t end, const EvalContext& context,
           PartialState* state, std::vector<Found>& out) const override {
    using expr::Program;
    const expr::Activation activation = context.activation();
    std::int64_t checked = 0;
    if (end - begin <= kFewRows) {
      // A record checked on its own: walking the expression once per row costs less than
      // setting up the batch plan's loops for so few rows, and gives the same truth.
      // One evaluation context serves the condition and the check of every row.
      expr::Ctx ctx;
      ctx.table = &table;
      ctx.activation = &activation;
      for (std::size_t row = begin; row < end; ++row) {
        ctx.row = row;
        const std::uint8_t condition =
            rule_.when ? truth(*rule_.when, when_code_, table, row, activation, ctx)
                       : Program::kTrue;
        const std::uint8_t truth_of_check =
            condition == Program::kTrue
                ? truth(*rule_.check, check_code_, table, row, activation, ctx)
                : condition;
        checked += judge(table, row, condition, truth_of_check, context, out);
      }
      if (state != nullptr) state->checked += checked;
      return;
    }
    // Truth values first; only a row that fails (or gives no bool) is evaluated again in
    // full, for its explanation, which is rare.
    // Reused from call to call on each thread, so that a batch allocates nothing.
    thread_local std::vector<std::uint8_t> conditions;
    thread_local std::vector<std::uint8_t> checks;
    if (rule_.when) rule_.when->evaluate_truth(table, begin, end, activation, conditions);
    // The check runs over the whole slice in one call; under a condition, only the rows where
    // it held need an answer (the rest may be skipped when they are costly).
    const bool all_apply =
        !rule_.when || std::all_of(conditions.begin(), conditions.end(),
                                   [](std::uint8_t c) { return c == Program::kTrue; });
    if (all_apply) {
      rule_.check->evaluate_truth(table, begin, end, activation, checks);
    } else {
      rule_.check->evaluate_truth_where(table, begin, end, activation, conditions, checks);
    }
    const std::size_t n = end - begin;
    const std::uint8_t* condition = all_apply ? nullptr : conditions.data();
    const std::uint8_t* check = checks.data();
    const auto condition_at = [&](std::size_t i) {
      return condition == nullptr ? Program::kTrue : condition[i];
    };
    // Most rows need nothing more (the condition is false, or condition and check are true):
    // eight rows at a time are tested for that on their bytes as one word, and only a word
    // with a row that needs more is gone through row by row.
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t visit = 0;
      if (condition == nullptr) {
        checked += 8;
        visit = not_true(word_at(check + i));
      } else {
        const std::uint64_t c = word_at(condition + i);
        checked += count_applying(c);
        // kOther conditions, and true conditions whose check is not true.
        visit = ((c >> 1) & kLowBits) | (c & kLowBits & not_true(word_at(check + i)));
      }
      if (visit == 0) continue;
      for (std::size_t j = i; j < i + 8; ++j) {
        judge(table, begin + j, condition_at(j), check[j], context, out);  // counted above
      }
    }
    for (; i < n; ++i) checked += judge(table, begin + i, condition_at(i), check[i], context, out);
    if (state != nullptr) state->checked += checked;
  }

 private:
  // Eight truth bytes as one word, whatever the machine's byte order (only whole words are
  // compared, never a byte's place in them).
  static constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
  static std::uint64_t word_at(const std::uint8_t* bytes) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes, sizeof word);
    return word;
  }
  // A low bit set in each byte of `truths` (kFalse, kTrue or kOther) that is not kTrue.
  static std::uint64_t not_true(std::uint64_t truths) {
    const std::uint64_t flipped = truths ^ kLowBits;  // kTrue becomes 0, the others not
    return (flipped | (flipped >> 1)) & kLowBits;
  }
  // How many of eight conditions are not kFalse.
  static std::int64_t count_applying(std::uint64_t conditions) {
    // One bit per byte: multiplying by kLowBits adds the eight bytes up into the top one.
    const std::uint64_t ones = (conditions | (conditions >> 1)) & kLowBits;
    return static_cast<std::int64_t>((ones * kLowBits) >> 56);
  }

  static std::string not_a_bool(const Value& value) {
    return "gave " + value.to_literal() + " (" + std::string(type_name(value.type())) +
           "), not true or false";
  }

  // Program::truth() on one row, with the evaluator's own instructions walked in `ctx` when
  // the program has them (no context built and dropped per call).
  static std::uint8_t truth(const expr::Program& program, const expr::CompiledProgram* code,
                            const Table& table, std::size_t row, const expr::Activation& activation,
                            expr::Ctx& ctx) {
    if (code == nullptr) return program.truth(table, row, activation);
    ctx.reset();
    return expr::truth_of(code->eval(code->root, ctx));
  }

  // What the truths of the condition and of the check on a row come to: nothing, or a
  // violation appended to `out`. The truth of the check matters only where the condition
  // held. Returns 1 when the rule applied to the row (it was checked), else 0.
  int judge(const Table& table, std::size_t row, std::uint8_t condition, std::uint8_t truth,
            const EvalContext& context, std::vector<Found>& out) const {
    using expr::Program;
    if (condition == Program::kFalse) return 0;
    const expr::Activation activation = context.activation();
    if (condition == Program::kOther) {
      const expr::EvalResult result = rule_.when->evaluate(&table, row, activation);
      if (!result.ok()) {
        emit(table, row, context, "when: " + explain_error(result, table, row, context), out);
      } else {
        emit(table, row, context, "when: " + not_a_bool(result.value), out);
      }
      return 1;
    }
    if (truth == Program::kTrue) return 1;
    if (truth == Program::kFalse) {
      emit(table, row, context, std::string(), out);
      return 1;
    }
    const expr::EvalResult result = rule_.check->evaluate(&table, row, activation);
    if (!result.ok()) {
      emit(table, row, context, explain_error(result, table, row, context), out);
    } else {
      emit(table, row, context, not_a_bool(result.value), out);
    }
    return 1;
  }

  std::string explain_error(const expr::EvalResult& result, const Table& table, std::size_t row,
                            const EvalContext& context) const {
    // A parameter with no value on the as-of date is the likelier cause than anything the
    // expression layer can say about the null it saw.
    for (const std::size_t slot : rule_.params_read) {
      if (context.versions.at(slot) == nullptr) {
        return "params." + context.ruleset->params.at(slot).name + " has no value on " +
               context.as_of.to_string();
      }
    }
    return describe_error(result, rule_.fields_read, table, row, context.ruleset->schema);
  }

  void emit(const Table& table, std::size_t row, const EvalContext& context, std::string detail,
            std::vector<Found>& out) const {
    const RuleInfo& info = rule_.info;
    Violation v;
    v.rule_id = info.id;
    v.rule_origin = info.origin;
    v.rule_source = info.where;
    v.severity = info.severity;
    v.scope = Scope::Record;
    v.rows = {table.row_number(row)};
    v.line = table.line(row);
    v.message_zh = fill_message(rule_.message_zh, table, row, context, false);
    v.message_en = fill_message(rule_.message_en, table, row, context, true);
    v.values.reserve(shown_fields_.size());
    for (const std::size_t field : shown_fields_) {
      v.values.push_back(read_field(context.ruleset->schema, table, field, row));
    }
    read_references(rule_, table, row, context, v.values);
    v.params.reserve(rule_.params_read.size());
    for (const std::size_t slot : rule_.params_read) v.params.push_back(param_used(context, slot));
    v.clause = info.clause;
    v.clause_text = context.clause_text(v.clause);
    v.detail = std::move(detail);
    out.push_back({rank(), std::move(v)});
  }

  const detail::CompiledRule& rule_;
  std::vector<std::size_t> shown_fields_;
  // The condition and the check as the evaluator's instructions, or null for another kind of
  // Program.
  const expr::CompiledProgram* when_code_ = nullptr;
  const expr::CompiledProgram* check_code_ = nullptr;
};

}  // namespace

std::unique_ptr<RuleRunner> make_required_fields_runner(const Schema& schema, int rank) {
  return std::make_unique<RequiredFieldsRunner>(schema, rank);
}

std::unique_ptr<RuleRunner> make_record_rule_runner(const detail::CompiledRule& rule,
                                                    const Schema& schema, int rank) {
  return std::make_unique<RecordRuleRunner>(rule, schema, rank);
}

}  // namespace fundrules::engine
