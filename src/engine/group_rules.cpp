// Runners for rules over several rows: a group rule folds the rows that share its group_by
// fields, a batch rule folds the whole list as one group. Each slice of rows folds into its own
// GroupState; states merge in input order and the check runs once per group in finish().

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

#include "engine/explain.hpp"
#include "engine/runner.hpp"
#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

// One group's folded rows.
struct Group {
  std::vector<Value> key;  // the group_by values, from the group's first row
  std::vector<expr::AggregateState> aggregates;
  std::vector<std::int64_t> rows;  // row numbers taking part (none kept for a batch rule)
  std::int64_t first_row = 0;
  std::int64_t first_line = 0;
};

class GroupState final : public PartialState {
 public:
  [[nodiscard]] std::unique_ptr<PartialState> clone() const override {
    return std::make_unique<GroupState>(*this);
  }

  std::unordered_map<std::string, Group> groups;
};

// The group_by values as one map key. The type is part of it, so that the int 1 and the string
// "1" are different groups, as they are different values.
std::string encode_key(const std::vector<Value>& key) {
  std::string encoded;
  for (const Value& value : key) {
    encoded += static_cast<char>('0' + static_cast<int>(value.type()));
    encoded += value.to_string();
    encoded += '\x1f';
  }
  return encoded;
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
      : RuleRunner(rank), rule_(rule), schema_(schema) {}

  [[nodiscard]] std::unique_ptr<PartialState> make_state() const override {
    return std::make_unique<GroupState>();
  }

  void run(const Table& table, std::size_t begin, std::size_t end, const EvalContext& context,
           PartialState* state, std::vector<Found>& out) const override {
    auto& groups = static_cast<GroupState*>(state)->groups;
    const expr::Activation activation = context.activation();
    std::vector<expr::EvalResult> conditions;
    if (rule_.when) rule_.when->evaluate_batch(table, begin, end, activation, conditions);
    std::vector<Value> key(rule_.group_by.size());
    for (std::size_t row = begin; row < end; ++row) {
      if (rule_.when) {
        const expr::EvalResult& condition = conditions[row - begin];
        if (!condition.ok()) {
          ++state->checked;
          row_violation(
              table, row, context,
              "when: " + describe_error(condition, rule_.fields_read, table, row, schema_), out);
          continue;
        }
        if (condition.value.type() != ValueType::Bool || !condition.value.as_bool()) continue;
      }
      if (!read_key(table, row, context, key, out)) {
        ++state->checked;
        continue;
      }
      std::string encoded = encode_key(key);
      auto [it, inserted] = groups.try_emplace(std::move(encoded));
      Group& group = it->second;
      if (inserted) {
        check_group_count(groups.size(), context);
        start_group(group, key, table, row);
      }
      if (!fold(group, table, row, context, out)) {
        ++state->checked;
        continue;
      }
      if (is_group_rule()) group.rows.push_back(table.row_number(row));
    }
  }

  void merge(PartialState& into, PartialState& later) const override {
    auto& target = static_cast<GroupState&>(into).groups;
    for (auto& [encoded, group] : static_cast<GroupState&>(later).groups) {
      auto it = target.find(encoded);
      if (it == target.end()) {
        target.emplace(encoded, std::move(group));
        continue;
      }
      Group& earlier = it->second;
      // Parts are merged in input order, but a group first seen in a part merged later still
      // has to be ordered by the row that really comes first.
      if (group.first_row < earlier.first_row) {
        earlier.first_row = group.first_row;
        earlier.first_line = group.first_line;
      }
      for (std::size_t i = 0; i < earlier.aggregates.size(); ++i) {
        earlier.aggregates[i].merge(group.aggregates[i]);
      }
      earlier.rows.insert(earlier.rows.end(), group.rows.begin(), group.rows.end());
    }
  }

  void finish(PartialState* state, const EvalContext& context,
              std::vector<Found>& out) const override {
    auto& groups = static_cast<GroupState*>(state)->groups;
    check_group_count(groups.size(), context);  // slices were bounded alone; now all merged
    // A batch rule's one group is the whole list, checked even when no row took part: the
    // sum of nothing is 0, and a rule such as count() >= 1 is about exactly that case.
    if (!is_group_rule() && groups.empty()) {
      Group& whole = groups[std::string()];
      whole.first_row = std::numeric_limits<std::int64_t>::max();
      for (const expr::AggregateSpec& spec : rule_.aggregates) {
        whole.aggregates.emplace_back(spec.kind);
      }
    }
    std::vector<Group*> ordered;
    ordered.reserve(groups.size());
    for (auto& entry : groups) ordered.push_back(&entry.second);
    std::sort(ordered.begin(), ordered.end(),
              [](const Group* a, const Group* b) { return a->first_row < b->first_row; });
    const Table keys = key_table(ordered);
    state->checked += static_cast<std::int64_t>(ordered.size());
    std::vector<Value> values(rule_.aggregates.size());
    for (std::size_t g = 0; g < ordered.size(); ++g) {
      Group& group = *ordered[g];
      std::sort(group.rows.begin(), group.rows.end());
      std::string failure;
      for (std::size_t i = 0; i < rule_.aggregates.size(); ++i) {
        const expr::EvalResult result = group.aggregates[i].result();
        if (!result.ok() && failure.empty()) {
          failure = rule_.aggregates[i].text + ": " +
                    (result.error_message.empty() ? std::string("no value") : result.error_message);
        }
        values[i] = result.ok() ? result.value : Value();
      }
      if (failure.empty()) {
        expr::Activation activation = context.activation();
        activation.aggregates = &values;
        const expr::EvalResult result = rule_.check->evaluate(&keys, g, activation);
        if (!result.ok()) {
          failure = describe_error(result, rule_.fields_read, keys, g, schema_);
        } else if (result.value.type() != ValueType::Bool) {
          failure = "gave " + result.value.to_literal() + ", not true or false";
        } else if (result.value.as_bool()) {
          continue;
        }
      }
      out.push_back({rank(), group_violation(group, keys, g, values, context, failure)});
    }
  }

 private:
  [[nodiscard]] bool is_group_rule() const { return rule_.info.scope == Scope::Group; }

  void start_group(Group& group, const std::vector<Value>& key, const Table& table,
                   std::size_t row) const {
    group.key = key;
    group.first_row = table.row_number(row);
    group.first_line = table.line(row);
    group.aggregates.reserve(rule_.aggregates.size());
    for (const expr::AggregateSpec& spec : rule_.aggregates) {
      group.aggregates.emplace_back(spec.kind);
    }
  }

  // Reads the row's group_by values; a row with one missing cannot be put in a group, which
  // is reported for that row rather than grouping all such rows together.
  bool read_key(const Table& table, std::size_t row, const EvalContext& context,
                std::vector<Value>& key, std::vector<Found>& out) const {
    for (std::size_t k = 0; k < rule_.group_by.size(); ++k) {
      const Column& column = table.column(rule_.group_by[k]);
      if (column.is_null(row)) {
        row_violation(table, row, context,
                      field_title(schema_.fields.at(rule_.group_by[k])) +
                          " is missing, so the row belongs to no group",
                      out);
        return false;
      }
      const expr::Program* normalise = rule_.group_keys[k].get();
      if (normalise == nullptr) {
        key[k] = column.value_at(row);
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
      key[k] = result.value;
    }
    return true;
  }

  // Folds one row into the group's aggregates. An empty cell is skipped, as the aggregates
  // define; any other error is reported for the row, which then does not count.
  bool fold(Group& group, const Table& table, std::size_t row, const EvalContext& context,
            std::vector<Found>& out) const {
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
        group.aggregates[i].add(Value(true));
        continue;
      }
      const expr::EvalResult value = spec.argument->evaluate(&table, row, activation);
      if (value.error == expr::EvalErrorKind::MissingField) {
        group.aggregates[i].add(Value());
      } else if (!value.ok()) {
        row_violation(table, row, context, spec.text + ": " + value.error_message, out);
        return false;
      } else {
        group.aggregates[i].add(value.value);
      }
    }
    return true;
  }

  // The groups' keys as a table, row g for group g, in the schema's layout: the check reads
  // the key fields from it; every other field is null.
  Table key_table(const std::vector<Group*>& ordered) const {
    std::vector<Column> columns;
    columns.reserve(schema_.fields.size());
    for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
      Column column(schema_.fields[f].name, schema_.fields[f].type);
      column.reserve(ordered.size());
      const auto at = std::find(rule_.group_by.begin(), rule_.group_by.end(), f);
      for (const Group* group : ordered) {
        if (at == rule_.group_by.end()) {
          column.append_null();
        } else {
          column.append(group->key[static_cast<std::size_t>(at - rule_.group_by.begin())]);
        }
      }
      columns.push_back(std::move(column));
    }
    Table table(std::move(columns));
    std::vector<std::int64_t> rows;
    std::vector<std::int64_t> lines;
    for (const Group* group : ordered) {
      rows.push_back(group->first_row);
      lines.push_back(group->first_line);
    }
    if (!ordered.empty() && !schema_.fields.empty()) table.set_origins(rows, lines);
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

  Violation group_violation(const Group& group, const Table& keys, std::size_t g,
                            const std::vector<Value>& values, const EvalContext& context,
                            std::string detail) const {
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
    v.rows = group.rows;
    v.line = is_group_rule() ? group.first_line : 0;
    for (std::size_t k = 0; k < group.key.size(); ++k) {
      if (k > 0) v.group_key += " / ";
      v.group_key += group.key[k].to_string();
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
};

}  // namespace

std::unique_ptr<RuleRunner> make_group_rule_runner(const detail::CompiledRule& rule,
                                                   const Schema& schema, int rank) {
  return std::make_unique<GroupRuleRunner>(rule, schema, rank);
}

}  // namespace fundrules::engine
