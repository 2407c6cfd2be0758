// Runners for rules over several rows: a group rule folds the rows that share its group_by
// fields, a batch rule folds the whole list as one group. Each slice of rows folds into its own
// GroupState; states merge in input order and the check runs once per group in finish().

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "engine/explain.hpp"
#include "engine/group_rows.hpp"
#include "engine/group_sums.hpp"
#include "engine/group_table.hpp"
#include "engine/runner.hpp"
#include "expr/program.hpp"
#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

// How one aggregate folds. Count and sum, what rules mostly use, fold into a few bytes each;
// the other kinds keep a full expr::AggregateState. A group rule whose aggregates are all a
// plain count() (one payment per ID number) keeps nothing at all: every row it folds is in
// the group's row list, so the list's length is the count.
enum class FoldKind : std::uint8_t { Count, Sum, General, Rows };

// The groups of a slice (or, once merged, of the whole list) and their folded aggregates,
// group g's aggregates of each kind at [g * n, (g + 1) * n) of that kind's store.
class GroupState final : public PartialState {
 public:
  [[nodiscard]] std::unique_ptr<PartialState> clone() const override {
    return std::make_unique<GroupState>(*this);
  }

  GroupTable groups;
  Blocks<std::int64_t> counts;
  GroupSums sums;
  Blocks<expr::AggregateState> general;
  /// The group_by values of each group, when the runner cannot read them back from the key
  /// (see GroupRuleRunner::key_values()).
  Blocks<Value> key_values;
  /// Groups whose text key is ambiguous (a value holds the separator), with their values.
  std::map<std::uint32_t, std::vector<Value>> odd_keys;
  /// The groups in the order finishing checks them, made by prepare_finish(); empty when that
  /// is their own order (groups are numbered as first seen), so that no rule holds a list of
  /// its million groups while the others finish.
  std::vector<std::uint32_t> finish_order;
};

// What check_alone() reuses from one single-row list to the next: the row reader's buffers,
// the one group's folds and aggregate values, and the key row a message or check reads.
class AloneState final : public PartialState {
 public:
  GroupRowReader::Scratch reader;
  std::string why;
  std::vector<std::int64_t> counts;
  GroupSums sums;
  std::vector<Value> values;
  expr::Ctx ctx;
  std::optional<Table> keys;
  // What the violations made under one context share, made with the first of them: the
  // parameters used and the messages with the parameters written in (bind_params()).
  const EvalContext* bound_for = nullptr;
  std::vector<ParamUsed> params;
  std::vector<detail::MessagePart> message_zh;
  std::vector<detail::MessagePart> message_en;
};

class GroupRuleRunner final : public RuleRunner {
 public:
  void check_group_count(std::size_t count, const EvalContext& context) const {
    if (context.max_groups != 0 && count > context.max_groups) {
      throw LimitError("rule '" + rule_.info.id + "': more than " +
                       std::to_string(context.max_groups) +
                       " groups (CheckOptions::max_groups); the list has too many distinct " +
                       "group_by values to check within the memory bound");
    }
  }

  GroupRuleRunner(const detail::CompiledRule& rule, const Schema& schema, int rank)
      : RuleRunner(rank), rule_(rule), schema_(schema), reader_(rule, schema) {
    const bool counts_rows =
        rule.info.scope == Scope::Group &&
        std::all_of(rule.aggregates.begin(), rule.aggregates.end(), [](const auto& spec) {
          return spec.kind == expr::AggregateKind::Count && !spec.argument && !spec.filter;
        });
    for (const expr::AggregateSpec& spec : rule.aggregates) {
      if (counts_rows) {
        folds_.push_back({FoldKind::Rows, 0});
        continue;
      }
      const FoldKind kind = spec.kind == expr::AggregateKind::Count ? FoldKind::Count
                            : spec.kind == expr::AggregateKind::Sum ? FoldKind::Sum
                                                                    : FoldKind::General;
      std::size_t& count = kind == FoldKind::Count ? counts_per_group_
                           : kind == FoldKind::Sum ? sums_per_group_
                                                   : general_per_group_;
      folds_.push_back({kind, count++});
    }
    // A string value is its own text in the encoded key, so string keys are read back from
    // it; other values are kept as they are. A key expression keeps its field's type, so the
    // same holds for it.
    for (const std::size_t field : rule.group_by) {
      if (schema.fields.at(field).type != ValueType::String) keeps_key_values_ = true;
    }
    // A check that reads no field (sum(amount) >= 600) needs no table of the groups' keys.
    check_reads_fields_ = !rule.check->reads().fields.empty();
    compiled_check_ = dynamic_cast<const expr::CompiledProgram*>(rule.check.get());
    compiled_when_ = dynamic_cast<const expr::CompiledProgram*>(rule.when.get());
  }

  [[nodiscard]] std::unique_ptr<PartialState> make_state() const override {
    return std::make_unique<GroupState>();
  }

  void run(const Table& table, std::size_t begin, std::size_t end, const EvalContext& context,
           PartialState* base, std::vector<Found>& out) const override {
    auto& state = static_cast<GroupState&>(*base);
    const expr::Activation activation = context.activation();
    std::vector<std::uint8_t> conditions;
    if (rule_.when) rule_.when->evaluate_truth(table, begin, end, activation, conditions);
    GroupRowReader::Scratch scratch;
    reader_.begin(scratch, table, activation);
    Window window;
    reader_.begin(window.reader, table, activation);
    std::string why;
    for (std::size_t from = begin; from < end; from += kWindow) {
      const std::size_t to = std::min(end, from + kWindow);
      read_keys(window, state, from, to, rule_.when ? conditions.data() + (from - begin) : nullptr);
      for (std::size_t row = from; row < to; ++row) {
        if (rule_.when && conditions[row - begin] != expr::Program::kTrue) {
          if (conditions[row - begin] == expr::Program::kFalse) continue;
          // An error is reported for the row; a value that is not a bool leaves it out.
          const expr::EvalResult condition = rule_.when->evaluate(&table, row, activation);
          if (condition.ok()) continue;
          ++state.checked;
          row_violation(
              table, row, context,
              "when: " + describe_error(condition, rule_.fields_read, table, row, schema_), out);
          continue;
        }
        GroupRowReader::next_row(scratch, row);
        // The window read the key unless it failed; the row's own reading says why.
        const std::size_t at = window.key_of[row - from];
        const bool ahead = at != Window::kNoKey;
        if (!ahead && !reader_.encode_key(scratch, why)) {
          ++state.checked;
          row_violation(table, row, context, std::move(why), out);
          continue;
        }
        std::optional<KeyArena::Probe> own;
        if (!ahead) own.emplace(scratch.encoded.view());
        const KeyArena::Probe& probe = ahead ? window.probes[at] : *own;
        const std::uint32_t hash = ahead ? window.hashes[at] : GroupTable::hash(probe);
        bool added = false;
        const std::int64_t row_number = table.row_number(row);
        const std::int64_t line = table.line(row);
        const std::uint32_t group = state.groups.insert(probe, hash, row_number, line, added);
        if (added) {
          check_group_count(state.groups.size(), context);
          start_group(state, group, probe.key(), [&] {
            // The values are read where the key was encoded: encode it here too.
            if (ahead) reader_.encode_key(scratch, why);
            return reader_.key_values(scratch);
          });
        } else {
          // The state may hold earlier batches, whose rows a host program may number after
          // these: a group starts at its earliest row whichever batch brought it.
          state.groups.keep_earlier_start(group, row_number, line);
        }
        if (!fold(state, group, scratch, context, out)) {
          ++state.checked;
          continue;
        }
        if (is_group_rule()) state.groups.add_row(group, row_number);
      }
    }
  }

  void merge(PartialState& into_base, PartialState& later_base) const override {
    auto& into = static_cast<GroupState&>(into_base);
    auto& later = static_cast<GroupState&>(later_base);
    std::string buffer;
    const std::uint32_t count = static_cast<std::uint32_t>(later.groups.size());
    for (std::uint32_t from = 0; from < count; ++from) {
      // The slot of a group a window ahead is loaded while this one is merged.
      if (from + kWindow < count) into.groups.prefetch(later.groups.hash_of(from + kWindow));
      bool added = false;
      const std::string_view key = later.groups.key(from, buffer);
      const std::uint32_t group =
          into.groups.insert(key, later.groups.hash_of(from), later.groups.first_row(from),
                             later.groups.first_line(from), added);
      if (added) {
        start_group(into, group, key, [&] { return key_values(later, from); });
      } else {
        // Parts are merged in input order, but a group first seen in a part merged later
        // still has to be ordered by the row that really comes first.
        into.groups.keep_earlier_start(group, later.groups.first_row(from),
                                       later.groups.first_line(from));
      }
      merge_folds(into, group, later, from, added);
      into.groups.append_rows(group, later.groups, from);
    }
  }

  void finish(PartialState* base, const EvalContext& context,
              std::vector<Found>& out) const override {
    const std::size_t groups = prepare_finish(base, context);
    finish_part(base, context, 0, groups, out);
  }

  std::size_t prepare_finish(PartialState* base, const EvalContext& context) const override {
    auto& state = static_cast<GroupState&>(*base);
    check_group_count(state.groups.size(), context);  // slices were bounded alone; now all merged
    // A batch rule's one group is the whole list, checked even when no row took part: the
    // sum of nothing is 0, and a rule such as count() >= 1 is about exactly that case.
    if (!is_group_rule() && state.groups.size() == 0) {
      bool added = false;
      const std::uint32_t whole =
          state.groups.insert("", std::numeric_limits<std::int64_t>::max(), 0, added);
      start_group(state, whole, "", [] { return std::vector<Value>(); });
    }
    // Groups are numbered as first seen, which is input order unless a host program's
    // batches came out of order; only then are they put in order of their first rows.
    const std::size_t groups = state.groups.size();
    std::vector<std::uint32_t>& ordered = state.finish_order;
    ordered.clear();
    for (std::uint32_t g = 1; g < groups; ++g) {
      if (state.groups.first_row(g) < state.groups.first_row(g - 1)) {
        ordered.resize(groups);
        for (std::uint32_t i = 0; i < groups; ++i) ordered[i] = i;
        std::stable_sort(ordered.begin(), ordered.end(), [&](std::uint32_t a, std::uint32_t b) {
          return state.groups.first_row(a) < state.groups.first_row(b);
        });
        break;
      }
    }
    state.checked += static_cast<std::int64_t>(groups);
    return groups;
  }

  void finish_part(const PartialState* base, const EvalContext& context, std::size_t begin,
                   std::size_t end, std::vector<Found>& out) const override {
    const auto& state = static_cast<const GroupState&>(*base);
    std::vector<Value> values(rule_.aggregates.size());
    expr::Activation activation = context.activation();
    activation.aggregates = &values;
    // The group's key as row 0 of a table in the schema's layout, for a check or an
    // explanation that reads the key fields; every other field is null.
    Table keys = empty_key_row();
    expr::Ctx ctx;
    ctx.activation = &activation;
    ctx.table = check_reads_fields_ ? &keys : nullptr;
    const auto* check = dynamic_cast<const expr::CompiledProgram*>(rule_.check.get());
    for (std::size_t at = begin; at < end; ++at) {
      const auto group =
          static_cast<std::uint32_t>(state.finish_order.empty() ? at : state.finish_order[at]);
      std::string failure;
      for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
        take_value(i, fold_result(state, group, i), values, failure);
      }
      if (check_reads_fields_) fill_key_row(keys, state, group);
      if (failure.empty() && check != nullptr) {
        // Most groups pass: the evaluator's own answer says so without building a result.
        ctx.reset();
        const expr::Val passed = check->eval(check->root, ctx);
        if (passed.tag == expr::Tag::Bool && passed.b) continue;
      }
      if (!check_reads_fields_) fill_key_row(keys, state, group);
      keys.set_origins({state.groups.first_row(group)}, {state.groups.first_line(group)});
      if (failure.empty() && holds(ctx.table, activation, keys, failure)) continue;
      out.push_back(
          {rank(), group_violation(state, group, keys, 0, values, context, std::move(failure))});
    }
  }

  bool check_alone(const Table& table, const EvalContext& context,
                   std::unique_ptr<PartialState>& scratch, std::vector<Found>& out) const override {
    // A batch rule checks its whole-list group even when the row does not take part, and the
    // general folds keep more than a count or a sum: both go the general way.
    const expr::CompiledProgram* check = compiled_check_;
    if (!is_group_rule() || general_per_group_ != 0 || check == nullptr || table.num_rows() != 1) {
      return false;
    }
    if (!scratch) scratch = std::make_unique<AloneState>();
    auto& alone = static_cast<AloneState&>(*scratch);
    expr::Activation activation = context.activation();
    // As run(): a row the condition leaves out forms no group, so nothing fails.
    if (rule_.when) {
      std::uint8_t truth = expr::Program::kOther;
      if (compiled_when_ != nullptr) {
        // As Program::truth(), in the context kept from record to record.
        expr::Ctx& ctx = alone.ctx;
        ctx.table = &table;
        ctx.row = 0;
        ctx.activation = &activation;
        ctx.reset();
        truth = expr::truth_of(compiled_when_->eval(compiled_when_->root, ctx));
      } else {
        truth = rule_.when->truth(table, 0, activation);
      }
      if (truth == expr::Program::kFalse) return true;
      if (truth == expr::Program::kOther) {
        const expr::EvalResult condition = rule_.when->evaluate(&table, 0, activation);
        if (condition.ok()) return true;
        row_violation(table, 0, context,
                      "when: " + describe_error(condition, rule_.fields_read, table, 0, schema_),
                      out);
        return true;
      }
    }
    GroupRowReader::Scratch& reader = alone.reader;
    reader_.begin(reader, table, activation);
    GroupRowReader::next_row(reader, 0);
    if (!reader_.encode_key(reader, alone.why)) {
      row_violation(table, 0, context, std::move(alone.why), out);
      return true;
    }
    alone.counts.assign(counts_per_group_, 0);
    alone.sums.clear();
    alone.sums.append(sums_per_group_);
    // A row whose argument fails is reported and leaves the fold, but its group was made
    // already and is still checked on what was folded before, with no rows listed.
    bool took_part = true;
    expr::Val value;
    for (std::size_t i = 0; took_part && i < rule_.aggregates.size(); ++i) {
      switch (reader_.argument(reader, i, value, alone.why)) {
        case GroupRowReader::Read::Skip:
          continue;
        case GroupRowReader::Read::Fail:
          row_violation(table, 0, context, std::move(alone.why), out);
          took_part = false;
          break;
        case GroupRowReader::Read::Fold:
          if (value.tag == expr::Tag::Null) continue;  // an empty cell is not a zero
          if (folds_[i].kind == FoldKind::Count) {
            ++alone.counts[folds_[i].index];
          } else if (folds_[i].kind == FoldKind::Sum) {
            alone.sums.add(folds_[i].index, value);
          }  // FoldKind::Rows: the row is the count
          break;
      }
    }
    // As finish() on the one group.
    std::string failure;
    alone.values.resize(rule_.aggregates.size());
    for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
      expr::EvalResult result;
      if (folds_[i].kind == FoldKind::Count) {
        result.value = Value(alone.counts[folds_[i].index]);
      } else if (folds_[i].kind == FoldKind::Rows) {
        result.value = Value(std::int64_t{took_part ? 1 : 0});
      } else {
        result = alone.sums.result(folds_[i].index);
      }
      take_value(i, std::move(result), alone.values, failure);
    }
    activation.aggregates = &alone.values;
    expr::Ctx& ctx = alone.ctx;
    ctx.activation = &activation;
    ctx.table = nullptr;
    ctx.row = 0;
    std::vector<Value> key;
    if (check_reads_fields_) {
      key = reader_.key_values(reader);
      ctx.table = &key_row(alone, key);
    }
    // A plain false needs no second look: holds() would find it again, with no reason.
    bool plain_false = false;
    if (failure.empty()) {
      ctx.reset();
      const expr::Val passed = check->eval(check->root, ctx);
      if (passed.tag == expr::Tag::Bool && passed.b) return true;
      plain_false = passed.tag == expr::Tag::Bool;
    }
    if (!check_reads_fields_) {
      key = reader_.key_values(reader);
      key_row(alone, key);
    }
    Table& keys = *alone.keys;
    keys.set_origins({table.row_number(0)}, {table.line(0)});
    if (failure.empty() && !plain_false && holds(ctx.table, activation, keys, failure)) return true;
    std::vector<std::int64_t> rows;
    if (took_part) rows.push_back(table.row_number(0));
    bind(alone, context);
    out.push_back({rank(), violation_of(std::move(rows), table.line(0), key, keys, 0, alone.values,
                                        context, std::move(failure), &alone)});
    return true;
  }

 private:
  // Keeps aggregate i's value for the check (null when it gave none) and notes the first
  // aggregate that gave none: that is then why the group fails. finish() and check_alone()
  // share it so a group's failure reads the same on both paths.
  void take_value(std::size_t i, expr::EvalResult result, std::vector<Value>& values,
                  std::string& failure) const {
    if (!result.ok() && failure.empty()) {
      failure = rule_.aggregates[i].text + ": " +
                (result.error_message.empty() ? std::string("no value") : result.error_message);
    }
    values[i] = result.ok() ? std::move(result.value) : Value();
  }

  // The check judged in full, for a group the evaluator's quick answer did not pass: true
  // when it holds after all. Otherwise the group fails, and `failure` says why when the
  // answer was an error or not a Bool (a plain false needs no reason beyond the check).
  bool holds(const Table* table, const expr::Activation& activation, const Table& keys,
             std::string& failure) const {
    const expr::EvalResult result = rule_.check->evaluate(table, 0, activation);
    if (!result.ok()) {
      failure = describe_error(result, rule_.fields_read, keys, 0, schema_);
    } else if (result.value.type() != ValueType::Bool) {
      failure = "gave " + result.value.to_literal() + ", not true or false";
    } else {
      return result.value.as_bool();
    }
    return false;
  }

  // Rows are taken a window at a time: the window's keys are read and their slots in the
  // group table are requested first, so that a window's lookups wait for memory together
  // rather than one after another (a table of a million groups is far larger than the cache).
  static constexpr std::size_t kWindow = 16;
  struct Window {
    static constexpr std::size_t kNoKey = kWindow;
    GroupRowReader::Scratch reader;
    KeyText keys;                 // the window's encoded keys, one after another
    std::size_t key_of[kWindow];  // the row's index in probes and hashes, or kNoKey
    std::size_t ends[kWindow];    // where each key ends in `keys`
    std::vector<KeyArena::Probe> probes;
    std::uint32_t hashes[kWindow];
  };

  // Reads the keys of rows [from, to) whose condition holds (`truths`, null when the rule has
  // no condition) into the window, and requests their slots. A key that cannot be read is
  // left to the row's own reading, which reports why.
  void read_keys(Window& window, const GroupState& state, std::size_t from, std::size_t to,
                 const std::uint8_t* truths) const {
    window.keys.clear();
    window.probes.clear();
    std::size_t keys = 0;
    std::string why;
    for (std::size_t row = from; row < to; ++row) {
      window.key_of[row - from] = Window::kNoKey;
      if (truths != nullptr && truths[row - from] != expr::Program::kTrue) continue;
      GroupRowReader::next_row(window.reader, row);
      if (!reader_.append_key(window.reader, window.keys, why)) continue;
      window.ends[keys] = window.keys.size();
      window.key_of[row - from] = keys++;
    }
    // Views of the keys are taken once `keys` has stopped growing.
    const std::string_view all = window.keys.view();
    for (std::size_t i = 0; i < keys; ++i) {
      const std::size_t start = i == 0 ? 0 : window.ends[i - 1];
      window.probes.emplace_back(all.substr(start, window.ends[i] - start));
      window.hashes[i] = GroupTable::hash(window.probes[i]);
      state.groups.prefetch(window.hashes[i]);
    }
  }

  struct Fold {
    FoldKind kind;
    std::size_t index;  // among the aggregates of its kind
  };

  [[nodiscard]] bool is_group_rule() const { return rule_.info.scope == Scope::Group; }

  // Makes room for a new group's folds and remembers its key values where they cannot be
  // read back from the encoded key; `values()` gives them (none for the batch rule's group
  // of no rows).
  template <typename MakeValues>
  void start_group(GroupState& state, std::uint32_t group, std::string_view encoded,
                   const MakeValues& values) const {
    state.counts.append(counts_per_group_, 0);
    state.sums.append(sums_per_group_);
    for (const expr::AggregateSpec& spec : rule_.aggregates) {
      if (spec.kind != expr::AggregateKind::Count && spec.kind != expr::AggregateKind::Sum) {
        state.general.emplace_back(spec.kind);
      }
    }
    if (rule_.group_by.empty()) return;
    if (keeps_key_values_) {
      for (Value& value : values()) state.key_values.emplace_back(std::move(value));
    } else if (static_cast<std::size_t>(std::count(encoded.begin(), encoded.end(),
                                                   kKeySeparator)) != rule_.group_by.size()) {
      state.odd_keys[group] = values();
    }
  }

  // The group_by values of a group, as its first row had them.
  std::vector<Value> key_values(const GroupState& state, std::uint32_t group) const {
    const std::size_t count = rule_.group_by.size();
    std::vector<Value> values;
    values.reserve(count);
    if (keeps_key_values_) {
      const std::size_t at = static_cast<std::size_t>(group) * count;
      for (std::size_t k = 0; at + count <= state.key_values.size() && k < count; ++k) {
        values.push_back(state.key_values[at + k]);
      }
      return values;
    }
    if (const auto odd = state.odd_keys.find(group); odd != state.odd_keys.end()) {
      return odd->second;
    }
    // Each value is its type's digit, its text and the separator.
    std::string buffer;
    std::string_view encoded = state.groups.key(group, buffer);
    while (values.size() < count && !encoded.empty()) {
      const std::size_t end = encoded.find(kKeySeparator);
      values.emplace_back(std::string(encoded.substr(1, end - 1)));
      encoded.remove_prefix(end + 1);
    }
    return values;
  }

  void add_to_fold(GroupState& state, std::uint32_t group, std::size_t i,
                   const expr::Val& value) const {
    if (value.tag == expr::Tag::Null) return;  // an empty cell is not a zero
    const Fold& fold = folds_[i];
    switch (fold.kind) {
      case FoldKind::Count:
        ++state.counts[group * counts_per_group_ + fold.index];
        break;
      case FoldKind::Sum:
        state.sums.add(group * sums_per_group_ + fold.index, value);
        break;
      case FoldKind::General:
        state.general[group * general_per_group_ + fold.index].add(value);
        break;
      case FoldKind::Rows:
        break;  // the row joins the group's list
    }
  }

  void merge_folds(GroupState& into, std::uint32_t group, const GroupState& later,
                   std::uint32_t from, bool added) const {
    // A new group takes the later state as it is, as a map entry moved over would.
    for (const Fold& fold : folds_) {
      switch (fold.kind) {
        case FoldKind::Count: {
          std::int64_t& target = into.counts[group * counts_per_group_ + fold.index];
          const std::int64_t source = later.counts[from * counts_per_group_ + fold.index];
          target = added ? source : target + source;
          break;
        }
        case FoldKind::Sum: {
          into.sums.merge(group * sums_per_group_ + fold.index, later.sums,
                          from * sums_per_group_ + fold.index, added);
          break;
        }
        case FoldKind::General: {
          expr::AggregateState& target = into.general[group * general_per_group_ + fold.index];
          const expr::AggregateState& source =
              later.general[from * general_per_group_ + fold.index];
          if (added) {
            target = source;
          } else {
            target.merge(source);
          }
          break;
        }
        case FoldKind::Rows:
          break;  // the rows are appended to the group's list
      }
    }
  }

  [[nodiscard]] expr::EvalResult fold_result(const GroupState& state, std::uint32_t group,
                                             std::size_t i) const {
    const Fold& fold = folds_[i];
    switch (fold.kind) {
      case FoldKind::Count: {
        expr::EvalResult out;
        out.value = Value(state.counts[group * counts_per_group_ + fold.index]);
        return out;
      }
      case FoldKind::Sum:
        return state.sums.result(group * sums_per_group_ + fold.index);
      case FoldKind::Rows: {
        expr::EvalResult out;
        out.value = Value(state.groups.row_count(group));
        return out;
      }
      case FoldKind::General:
        break;
    }
    return state.general[group * general_per_group_ + fold.index].result();
  }

  // Folds one row into the group's aggregates. An empty cell is skipped, as the aggregates
  // define; any other error is reported for the row, which then does not count.
  bool fold(GroupState& state, std::uint32_t group, GroupRowReader::Scratch& scratch,
            const EvalContext& context, std::vector<Found>& out) const {
    expr::Val value;
    std::string why;
    for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
      switch (reader_.argument(scratch, i, value, why)) {
        case GroupRowReader::Read::Skip:
          continue;
        case GroupRowReader::Read::Fail:
          row_violation(*scratch.ctx.table, scratch.ctx.row, context, std::move(why), out);
          return false;
        case GroupRowReader::Read::Fold:
          add_to_fold(state, group, i, value);
          break;
      }
    }
    return true;
  }

  // A table of one row in the schema's layout, every field null.
  Table empty_key_row() const {
    std::vector<Column> columns;
    columns.reserve(schema_.fields.size());
    for (const FieldSpec& field : schema_.fields) {
      columns.emplace_back(field.name, field.type);
      columns.back().append_null();
    }
    return Table(std::move(columns));
  }

  // Puts the group's key values into row 0 of `keys` (a table from empty_key_row()).
  void fill_key_row(Table& keys, const GroupState& state, std::uint32_t group) const {
    const std::size_t count = rule_.group_by.size();
    if (count == 0) return;
    const auto odd = keeps_key_values_ ? state.odd_keys.end() : state.odd_keys.find(group);
    std::string buffer;
    std::string_view encoded = state.groups.key(group, buffer);
    for (std::size_t k = 0; k < count; ++k) {
      Column& column = keys.column(rule_.group_by[k]);
      column.clear();
      if (keeps_key_values_) {
        column.append(state.key_values[static_cast<std::size_t>(group) * count + k]);
      } else if (odd != state.odd_keys.end()) {
        column.append(odd->second[k]);
      } else {
        // Each value is its type's digit, its text and the separator.
        const std::size_t end = encoded.find(kKeySeparator);
        column.append_string(encoded.substr(1, end - 1));
        encoded.remove_prefix(end + 1);
      }
    }
  }

  void row_violation(const Table& table, std::size_t row, const EvalContext& context,
                     std::string detail, std::vector<Found>& out) const {
    Violation v;
    v.rule_id = rule_.info.id;
    v.rule_origin = rule_.info.origin;
    v.rule_source = rule_.info.where;
    v.severity = rule_.info.severity;
    v.scope = rule_.info.scope;
    v.rows = {table.row_number(row)};
    v.line = table.line(row);
    // The rule's own message speaks of a group's totals, which this row never reached.
    v.message_zh = "此行无法参与规则 " + rule_.info.id + " 的检查";
    v.message_en = "this row could not take part in the check of rule " + rule_.info.id;
    for (const std::size_t field : rule_.fields_read) {
      v.values.push_back(read_field(schema_, table, field, row));
    }
    for (const std::size_t slot : rule_.params_read) v.params.push_back(param_used(context, slot));
    v.clause = rule_.info.clause;
    v.clause_text = context.clause_text(v.clause);
    v.detail = std::move(detail);
    out.push_back({rank(), std::move(v)});
  }

  Violation group_violation(const GroupState& state, std::uint32_t group, const Table& keys,
                            std::size_t g, const std::vector<Value>& values,
                            const EvalContext& context, std::string detail) const {
    return violation_of(state.groups.rows(group),
                        is_group_rule() ? state.groups.first_line(group) : 0,
                        key_values(state, group), keys, g, values, context, std::move(detail));
  }

  // The group's key values (from key_values(), say) in row 0 of the alone state's key row, a
  // table in the schema's layout made on first use; every other field is null.
  const Table& key_row(AloneState& alone, const std::vector<Value>& key) const {
    if (!alone.keys) alone.keys = empty_key_row();
    for (std::size_t k = 0; k < key.size(); ++k) {
      Column& column = alone.keys->column(rule_.group_by[k]);
      column.clear();
      column.append(key[k]);
    }
    return *alone.keys;
  }

  // Makes what `alone` keeps for the violations made under `context`, unless it has.
  void bind(AloneState& alone, const EvalContext& context) const {
    if (alone.bound_for == &context) return;
    alone.params.clear();
    for (const std::size_t slot : rule_.params_read)
      alone.params.push_back(param_used(context, slot));
    std::vector<std::string> names;
    for (const expr::AggregateSpec& spec : rule_.aggregates) names.push_back(spec.name);
    alone.message_zh = bind_params(rule_.message_zh, context, false, names);
    alone.message_en = bind_params(rule_.message_en, context, true, names);
    alone.bound_for = &context;
  }

  // The violation of a group whose rows took part in its fold and whose key is `key`. With
  // `bound` (bound to `context`), its parameters and messages come from there.
  Violation violation_of(std::vector<std::int64_t> rows, std::int64_t line,
                         const std::vector<Value>& key, const Table& keys, std::size_t g,
                         const std::vector<Value>& values, const EvalContext& context,
                         std::string detail, const AloneState* bound = nullptr) const {
    // Each aggregate's value written once, for both messages and the evidence.
    std::vector<NamedValue> named(rule_.aggregates.size());
    for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
      named[i].name = rule_.aggregates[i].name;
      named[i].missing = values[i].is_null();
      named[i].text = values[i].to_string();
    }
    Violation v;
    v.rule_id = rule_.info.id;
    v.rule_origin = rule_.info.origin;
    v.rule_source = rule_.info.where;
    v.severity = rule_.info.severity;
    v.scope = rule_.info.scope;
    v.rows = std::move(rows);
    std::sort(v.rows.begin(), v.rows.end());
    v.line = line;
    v.values.reserve(key.size() + rule_.aggregates.size());
    for (std::size_t k = 0; k < key.size(); ++k) {
      if (k > 0) v.group_key += " / ";
      v.group_key += key[k].to_string();
      v.values.push_back(read_field(schema_, keys, rule_.group_by[k], g));
    }
    v.message_zh =
        fill_message(bound ? bound->message_zh : rule_.message_zh, keys, g, context, false, &named);
    v.message_en =
        fill_message(bound ? bound->message_en : rule_.message_en, keys, g, context, true, &named);
    for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
      ValueRead read;
      read.name = rule_.aggregates[i].text;
      read.missing = named[i].missing;
      read.value = std::move(named[i].text);
      v.values.push_back(std::move(read));
    }
    if (bound != nullptr) {
      v.params = bound->params;
    } else {
      v.params.reserve(rule_.params_read.size());
      for (const std::size_t slot : rule_.params_read) {
        v.params.push_back(param_used(context, slot));
      }
    }
    v.clause = rule_.info.clause;
    v.clause_text = context.clause_text(v.clause);
    v.detail = std::move(detail);
    return v;
  }

  const detail::CompiledRule& rule_;
  const Schema& schema_;
  GroupRowReader reader_;
  std::vector<Fold> folds_;  // by aggregate
  std::size_t counts_per_group_ = 0;
  std::size_t sums_per_group_ = 0;
  std::size_t general_per_group_ = 0;
  bool keeps_key_values_ = false;
  bool check_reads_fields_ = false;
  const expr::CompiledProgram* compiled_check_ = nullptr;  // null for another kind of Program
  const expr::CompiledProgram* compiled_when_ = nullptr;   // likewise, and with no condition
};

}  // namespace

std::unique_ptr<RuleRunner> make_group_rule_runner(const detail::CompiledRule& rule,
                                                   const Schema& schema, int rank) {
  return std::make_unique<GroupRuleRunner>(rule, schema, rank);
}

}  // namespace fundrules::engine
