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
#include "engine/group_table.hpp"
#include "engine/runner.hpp"
#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

// Group keys are read in chunks of this many groups when a group's check or explanation needs
// them as a table (see keys_for()).
constexpr std::size_t kKeyChunk = 4096;
// Ends each value of an encoded key.
constexpr char kKeySeparator = '\x1f';

// How one aggregate folds. Count and sum, what rules mostly use, fold into a few bytes each;
// the other kinds keep a full expr::AggregateState.
enum class FoldKind : std::uint8_t { Count, Sum, General };

// sum(): as expr::AggregateState folds and finishes it, without its other members.
struct SumFold {
  Decimal sum;
  bool all_int = true;

  void add(const Value& value) {
    if (value.type() == ValueType::Int) {
      sum += Decimal(value.as_int());
    } else if (value.type() == ValueType::Decimal) {
      all_int = false;
      sum += value.as_decimal();
    }
  }
  void merge(const SumFold& later) {
    sum += later.sum;
    all_int = all_int && later.all_int;
  }
  [[nodiscard]] expr::EvalResult result() const {
    expr::EvalResult out;
    if (!all_int) {
      out.value = Value(sum);
    } else if (const auto whole = sum.to_int64()) {
      out.value = Value(*whole);
    } else {
      out.error = expr::EvalErrorKind::Overflow;
      out.error_message = "sum() past the 64-bit range";
    }
    return out;
  }
};

// The groups of a slice (or, once merged, of the whole list) and their folded aggregates,
// group g's aggregates of each kind at [g * n, (g + 1) * n) of that kind's store.
class GroupState final : public PartialState {
 public:
  [[nodiscard]] std::unique_ptr<PartialState> clone() const override {
    return std::make_unique<GroupState>(*this);
  }

  GroupTable groups;
  Blocks<std::int64_t> counts;
  Blocks<SumFold> sums;
  Blocks<expr::AggregateState> general;
  /// The group_by values of each group, when the runner cannot read them back from the key
  /// (see GroupRuleRunner::key_values()).
  Blocks<Value> key_values;
  /// Groups whose text key is ambiguous (a value holds the separator), with their values.
  std::map<std::uint32_t, std::vector<Value>> odd_keys;
};

// Appends a group_by value to an encoded key, as encode_cell() does for a cell.
void encode_value(const Value& value, std::string& encoded) {
  encoded += static_cast<char>('0' + static_cast<int>(value.type()));
  encoded += value.to_string();
  encoded += kKeySeparator;
}

// Appends a group_by value to an encoded key. The type is part of it, so that the int 1 and
// the string "1" are different groups, as they are different values.
void encode_cell(const Column& column, std::size_t row, std::string& encoded) {
  encoded += static_cast<char>('0' + static_cast<int>(column.type()));
  if (column.type() == ValueType::String) {
    encoded += column.string_at(row);
  } else {
    encoded += column.value_at(row).to_string();
  }
  encoded += kKeySeparator;
}

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
      : RuleRunner(rank), rule_(rule), schema_(schema) {
    for (const expr::AggregateSpec& spec : rule.aggregates) {
      const FoldKind kind = spec.kind == expr::AggregateKind::Count ? FoldKind::Count
                            : spec.kind == expr::AggregateKind::Sum ? FoldKind::Sum
                                                                    : FoldKind::General;
      std::size_t& count = kind == FoldKind::Count ? counts_per_group_
                           : kind == FoldKind::Sum ? sums_per_group_
                                                   : general_per_group_;
      folds_.push_back({kind, count++});
    }
    // A string value is its own text in the encoded key, so string keys are read back from
    // it; other values are kept as they are.
    for (const std::size_t field : rule.group_by) {
      if (schema.fields.at(field).type != ValueType::String) keeps_key_values_ = true;
    }
    // A key expression's value is kept as it is, whatever its type.
    for (const auto& key : rule.group_keys) {
      if (key) normalises_keys_ = true;
    }
    if (normalises_keys_) keeps_key_values_ = true;
    // A check that reads no field (sum(amount) >= 600) needs no table of the groups' keys.
    check_reads_fields_ = !rule.check->reads().fields.empty();
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
    std::string encoded;
    std::vector<Value> normalised;
    for (std::size_t row = begin; row < end; ++row) {
      if (rule_.when && conditions[row - begin] != expr::Program::kTrue) {
        if (conditions[row - begin] == expr::Program::kFalse) continue;
        // An error is reported for the row; a value that is not a bool leaves it out.
        const expr::EvalResult condition = rule_.when->evaluate(&table, row, activation);
        if (condition.ok()) continue;
        ++state.checked;
        row_violation(table, row, context,
                      "when: " + describe_error(condition, rule_.fields_read, table, row, schema_),
                      out);
        continue;
      }
      if (!encode_key(table, row, context, encoded, normalised, out)) {
        ++state.checked;
        continue;
      }
      bool added = false;
      const std::uint32_t group =
          state.groups.insert(encoded, table.row_number(row), table.line(row), added);
      if (added) {
        check_group_count(state.groups.size(), context);
        start_group(state, group, encoded, &table, row, normalises_keys_ ? &normalised : nullptr);
      } else {
        // The state may hold earlier batches, whose rows a host program may number after
        // these: a group starts at its earliest row whichever batch brought it.
        state.groups.keep_earlier_start(group, table.row_number(row), table.line(row));
      }
      if (!fold(state, group, table, row, context, out)) {
        ++state.checked;
        continue;
      }
      if (is_group_rule()) state.groups.add_row(group, table.row_number(row));
    }
  }

  void merge(PartialState& into_base, PartialState& later_base) const override {
    auto& into = static_cast<GroupState&>(into_base);
    auto& later = static_cast<GroupState&>(later_base);
    for (std::uint32_t from = 0; from < later.groups.size(); ++from) {
      bool added = false;
      const std::string_view key = later.groups.key(from);
      const std::uint32_t group = into.groups.insert(key, later.groups.first_row(from),
                                                     later.groups.first_line(from), added);
      if (added) {
        const std::vector<Value> values = key_values(later, from);
        start_group(into, group, key, nullptr, 0, &values);
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
    auto& state = static_cast<GroupState&>(*base);
    check_group_count(state.groups.size(), context);  // slices were bounded alone; now all merged
    // A batch rule's one group is the whole list, checked even when no row took part: the
    // sum of nothing is 0, and a rule such as count() >= 1 is about exactly that case.
    if (!is_group_rule() && state.groups.size() == 0) {
      bool added = false;
      const std::uint32_t whole =
          state.groups.insert("", std::numeric_limits<std::int64_t>::max(), 0, added);
      start_group(state, whole, "", nullptr, 0, nullptr);
    }
    std::vector<std::uint32_t> ordered(state.groups.size());
    for (std::uint32_t g = 0; g < ordered.size(); ++g) ordered[g] = g;
    std::stable_sort(ordered.begin(), ordered.end(), [&](std::uint32_t a, std::uint32_t b) {
      return state.groups.first_row(a) < state.groups.first_row(b);
    });
    state.checked += static_cast<std::int64_t>(ordered.size());
    std::vector<Value> values(rule_.aggregates.size());
    // The groups' keys as a table, built for a chunk of groups when first needed: most checks
    // read no key and most groups pass, so most chunks never need one.
    std::optional<Table> keys;
    std::size_t keys_begin = 0;
    const auto keys_for = [&](std::size_t position) -> const Table& {
      const std::size_t chunk = position / kKeyChunk * kKeyChunk;
      if (!keys || keys_begin != chunk) {
        keys = key_table(state, ordered, chunk, std::min(ordered.size(), chunk + kKeyChunk));
        keys_begin = chunk;
      }
      return *keys;
    };
    for (std::size_t position = 0; position < ordered.size(); ++position) {
      const std::uint32_t group = ordered[position];
      const std::size_t key_row = position % kKeyChunk;
      std::string failure;
      for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
        const expr::EvalResult result = fold_result(state, group, i);
        if (!result.ok() && failure.empty()) {
          failure = rule_.aggregates[i].text + ": " +
                    (result.error_message.empty() ? std::string("no value") : result.error_message);
        }
        values[i] = result.ok() ? result.value : Value();
      }
      if (failure.empty()) {
        expr::Activation activation = context.activation();
        activation.aggregates = &values;
        const Table* table = check_reads_fields_ ? &keys_for(position) : nullptr;
        const expr::EvalResult result = rule_.check->evaluate(table, key_row, activation);
        if (!result.ok()) {
          failure = describe_error(result, rule_.fields_read, keys_for(position), key_row, schema_);
        } else if (result.value.type() != ValueType::Bool) {
          failure = "gave " + result.value.to_literal() + ", not true or false";
        } else if (result.value.as_bool()) {
          continue;
        }
      }
      out.push_back({rank(), group_violation(state, group, keys_for(position), key_row, values,
                                             context, std::move(failure))});
    }
  }

 private:
  struct Fold {
    FoldKind kind;
    std::size_t index;  // among the aggregates of its kind
  };

  [[nodiscard]] bool is_group_rule() const { return rule_.info.scope == Scope::Group; }

  // Makes room for a new group's folds and remembers its key values: from row `row` of
  // `table`, or `values` (a group taken from another state), or none (the batch rule's
  // group of no rows).
  void start_group(GroupState& state, std::uint32_t group, std::string_view encoded,
                   const Table* table, std::size_t row, const std::vector<Value>* values) const {
    state.counts.append(counts_per_group_, 0);
    state.sums.append(sums_per_group_);
    for (const expr::AggregateSpec& spec : rule_.aggregates) {
      if (spec.kind != expr::AggregateKind::Count && spec.kind != expr::AggregateKind::Sum) {
        state.general.emplace_back(spec.kind);
      }
    }
    const auto value = [&](std::size_t k) {
      return values != nullptr ? (*values)[k] : table->column(rule_.group_by[k]).value_at(row);
    };
    if (table == nullptr && values == nullptr) return;
    if (keeps_key_values_) {
      for (std::size_t k = 0; k < rule_.group_by.size(); ++k)
        state.key_values.emplace_back(value(k));
    } else if (static_cast<std::size_t>(std::count(encoded.begin(), encoded.end(),
                                                   kKeySeparator)) != rule_.group_by.size()) {
      std::vector<Value>& odd = state.odd_keys[group];
      for (std::size_t k = 0; k < rule_.group_by.size(); ++k) odd.push_back(value(k));
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
    std::string_view encoded = state.groups.key(group);
    while (values.size() < count && !encoded.empty()) {
      const std::size_t end = encoded.find(kKeySeparator);
      values.emplace_back(std::string(encoded.substr(1, end - 1)));
      encoded.remove_prefix(end + 1);
    }
    return values;
  }

  // Encodes the row's group_by values (each as its key expression gives it, if it has one);
  // a row with one missing cannot be put in a group, which is reported for that row rather
  // than grouping all such rows together. When keys are normalised, `normalised` receives
  // the values.
  bool encode_key(const Table& table, std::size_t row, const EvalContext& context,
                  std::string& encoded, std::vector<Value>& normalised,
                  std::vector<Found>& out) const {
    encoded.clear();
    normalised.clear();
    for (std::size_t k = 0; k < rule_.group_by.size(); ++k) {
      const std::size_t field = rule_.group_by[k];
      const Column& column = table.column(field);
      if (column.is_null(row)) {
        row_violation(
            table, row, context,
            field_title(schema_.fields.at(field)) + " is missing, so the row belongs to no group",
            out);
        return false;
      }
      const expr::Program* normalise =
          k < rule_.group_keys.size() ? rule_.group_keys[k].get() : nullptr;
      if (normalise == nullptr) {
        encode_cell(column, row, encoded);
        if (normalises_keys_) normalised.push_back(column.value_at(row));
        continue;
      }
      const expr::EvalResult result = normalise->evaluate(&table, row, context.activation());
      if (!result.ok() || result.value.is_null()) {
        row_violation(
            table, row, context,
            "group_by: " + (result.ok() ? std::string("no value") : result.error_message) +
                ", so the row belongs to no group",
            out);
        return false;
      }
      encode_value(result.value, encoded);
      normalised.push_back(result.value);
    }
    return true;
  }

  void add_to_fold(GroupState& state, std::uint32_t group, std::size_t i,
                   const Value& value) const {
    if (value.is_null()) return;  // an empty cell is not a zero
    const Fold& fold = folds_[i];
    switch (fold.kind) {
      case FoldKind::Count:
        ++state.counts[group * counts_per_group_ + fold.index];
        break;
      case FoldKind::Sum:
        state.sums[group * sums_per_group_ + fold.index].add(value);
        break;
      case FoldKind::General:
        state.general[group * general_per_group_ + fold.index].add(value);
        break;
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
          SumFold& target = into.sums[group * sums_per_group_ + fold.index];
          const SumFold& source = later.sums[from * sums_per_group_ + fold.index];
          if (added) {
            target = source;
          } else {
            target.merge(source);
          }
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
        return state.sums[group * sums_per_group_ + fold.index].result();
      case FoldKind::General:
        break;
    }
    return state.general[group * general_per_group_ + fold.index].result();
  }

  // Folds one row into the group's aggregates. An empty cell is skipped, as the aggregates
  // define; any other error is reported for the row, which then does not count.
  bool fold(GroupState& state, std::uint32_t group, const Table& table, std::size_t row,
            const EvalContext& context, std::vector<Found>& out) const {
    const expr::Activation activation = context.activation();
    for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
      const expr::AggregateSpec& spec = rule_.aggregates[i];
      if (spec.filter) {
        const expr::EvalResult keep = spec.filter->evaluate(&table, row, activation);
        if (keep.error == expr::EvalErrorKind::MissingField) continue;
        if (!keep.ok()) {
          row_violation(table, row, context, spec.text + ": " + keep.error_message, out);
          return false;
        }
        if (keep.value.type() != ValueType::Bool || !keep.value.as_bool()) continue;
      }
      if (!spec.argument) {
        add_to_fold(state, group, i, Value(true));
        continue;
      }
      const expr::EvalResult value = spec.argument->evaluate(&table, row, activation);
      if (value.error == expr::EvalErrorKind::MissingField) continue;  // folds as no value
      if (!value.ok()) {
        row_violation(table, row, context, spec.text + ": " + value.error_message, out);
        return false;
      }
      add_to_fold(state, group, i, value.value);
    }
    return true;
  }

  // The keys of groups ordered[begin, end) as a table, row i for group ordered[begin + i], in
  // the schema's layout: the check reads the key fields from it; every other field is null.
  Table key_table(const GroupState& state, const std::vector<std::uint32_t>& ordered,
                  std::size_t begin, std::size_t end) const {
    std::vector<std::vector<Value>> keys;
    keys.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) keys.push_back(key_values(state, ordered[i]));
    std::vector<Column> columns;
    columns.reserve(schema_.fields.size());
    for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
      Column column(schema_.fields[f].name, schema_.fields[f].type);
      column.reserve(end - begin);
      const auto at = std::find(rule_.group_by.begin(), rule_.group_by.end(), f);
      for (const std::vector<Value>& key : keys) {
        if (at == rule_.group_by.end()) {
          column.append_null();
        } else {
          column.append(key[static_cast<std::size_t>(at - rule_.group_by.begin())]);
        }
      }
      columns.push_back(std::move(column));
    }
    Table table(std::move(columns));
    std::vector<std::int64_t> rows;
    std::vector<std::int64_t> lines;
    for (std::size_t i = begin; i < end; ++i) {
      rows.push_back(state.groups.first_row(ordered[i]));
      lines.push_back(state.groups.first_line(ordered[i]));
    }
    if (end > begin && !schema_.fields.empty()) table.set_origins(rows, lines);
    return table;
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
    std::vector<std::pair<std::string, Value>> named;
    for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
      named.emplace_back(rule_.aggregates[i].name, values[i]);
    }
    Violation v;
    v.rule_id = rule_.info.id;
    v.rule_origin = rule_.info.origin;
    v.rule_source = rule_.info.where;
    v.severity = rule_.info.severity;
    v.scope = rule_.info.scope;
    v.rows = state.groups.rows(group);
    std::sort(v.rows.begin(), v.rows.end());
    v.line = is_group_rule() ? state.groups.first_line(group) : 0;
    const std::vector<Value> key = key_values(state, group);
    for (std::size_t k = 0; k < key.size(); ++k) {
      if (k > 0) v.group_key += " / ";
      v.group_key += key[k].to_string();
      v.values.push_back(read_field(schema_, keys, rule_.group_by[k], g));
    }
    v.message_zh = fill_message(rule_.message_zh, keys, g, context, false, &named);
    v.message_en = fill_message(rule_.message_en, keys, g, context, true, &named);
    for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
      ValueRead read;
      read.name = rule_.aggregates[i].text;
      read.missing = values[i].is_null();
      read.value = values[i].to_string();
      v.values.push_back(std::move(read));
    }
    for (const std::size_t slot : rule_.params_read) v.params.push_back(param_used(context, slot));
    v.clause = rule_.info.clause;
    v.clause_text = context.clause_text(v.clause);
    v.detail = std::move(detail);
    return v;
  }

  const detail::CompiledRule& rule_;
  const Schema& schema_;
  std::vector<Fold> folds_;  // by aggregate
  std::size_t counts_per_group_ = 0;
  std::size_t sums_per_group_ = 0;
  std::size_t general_per_group_ = 0;
  bool keeps_key_values_ = false;
  bool normalises_keys_ = false;
  bool check_reads_fields_ = false;
};

}  // namespace

std::unique_ptr<RuleRunner> make_group_rule_runner(const detail::CompiledRule& rule,
                                                   const Schema& schema, int rank) {
  return std::make_unique<GroupRuleRunner>(rule, schema, rank);
}

}  // namespace fundrules::engine
