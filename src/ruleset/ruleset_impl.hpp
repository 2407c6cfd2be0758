#pragma once

// The compiled form of a ruleset, shared by the loader (which builds it) and the engine (which
// runs it). Immutable once built.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "fundrules/forms.hpp"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"

namespace fundrules::detail {

/// A piece of a message template: literal text, or a placeholder `{name}` naming a field,
/// `params.x`, or a value computed by the rule.
struct MessagePart {
  bool placeholder = false;
  std::string text;  ///< literal text, or the placeholder's name
};

/// A rule ready to run.
struct CompiledRule {
  RuleInfo info;
  std::shared_ptr<const expr::Program> when;  ///< null: applies to every row
  std::shared_ptr<const expr::Program> check;
  std::vector<MessagePart> message_zh;
  std::vector<MessagePart> message_en;
  /// Fields (schema indexes) and parameters (indexes into params) shown in the explanation:
  /// what `when` and `check` read (for a group or batch rule: also what its aggregates read,
  /// and its group_by fields).
  std::vector<std::size_t> fields_read;
  std::vector<std::size_t> params_read;

  /// For a group or batch rule (info.scope): `when` is a record program choosing the rows that
  /// take part; `check` is a group program (expr::compile_group), evaluated once per group
  /// with the folded values of `aggregates` in Activation::aggregates and any row of the group
  /// as its row. `group_by` lists the key fields (schema indexes) of a group rule; a batch rule
  /// has none: the whole list is one group. Message placeholders of these rules name the key
  /// fields, parameters, variables and the aggregates' names ("sum_amount").
  std::vector<std::size_t> group_by;
  /// One per group_by entry: null when the field's value is the key as it is, or the
  /// expression written in its place (`upper(id_number)`), which reads only that field and
  /// gives a value of its type; rows it maps to one value make one group.
  std::vector<std::shared_ptr<const expr::Program>> group_keys;
  std::vector<expr::AggregateSpec> aggregates;

  /// What the rule reads of reference tables (from `when`, `check` and its aggregates), in the
  /// order written; `references_used` holds their slots (indexes into RulesetImpl::references)
  /// once each.
  std::vector<expr::ReferenceRead> references_read;
  std::vector<std::size_t> references_used;
};

/// A column of a declared summary: a group expression (expr::compile_group) over its own
/// aggregates, evaluated once per group and once for the total.
struct CompiledSummaryColumn {
  SummaryColumn info;
  std::string value_text;  ///< as written
  std::shared_ptr<const expr::Program> value;
  std::vector<expr::AggregateSpec> aggregates;
};

/// A summary ready to fold: rows passing `when` are grouped by `group_by` (schema indexes) and
/// every column's aggregates fold over them.
struct CompiledSummary {
  std::string id;
  std::string title_zh;
  std::string title_en;
  std::string origin;  ///< id of the ruleset that declared it
  SourceLocation where;
  std::string when_text;
  std::shared_ptr<const expr::Program> when;  ///< null: every row
  std::vector<std::size_t> group_by;
  std::vector<CompiledSummaryColumn> columns;
};

/// A statistics form: what the ruleset declares, and its fills compiled as one summary over
/// the whole list (one column per row with a fill, its id the row's code).
struct CompiledForm {
  FormInfo info;
  CompiledSummary fill;
  /// One per row with a fill: its row (index into info.rows), its column in `fill`, and the
  /// fields it reads, each with the column of `fill` that counts the rows giving that field.
  struct Fill {
    std::size_t row = 0;
    std::size_t column = 0;
    std::vector<std::pair<std::string, std::size_t>> fields;
  };
  std::vector<Fill> fills;
};

struct RulesetImpl {
  std::string id;
  std::string title_zh;
  std::string title_en;
  std::string jurisdiction;
  std::string source_file;
  std::string sha256;
  std::optional<Date> default_as_of;

  Schema schema;  ///< field i is column i of the Table the engine builds
  std::vector<ParamInfo> params;
  std::vector<RuleInfo> rule_infos;
  std::vector<DisabledRule> disabled;  ///< base rules switched off along the extends: chain
  std::vector<BasisDocument> basis;
  std::vector<ReferenceInfo> references;  ///< slot i is Activation::references entry i
  std::vector<Diagnostic> warnings;

  std::vector<CompiledRule> rules;
  std::vector<CompiledSummary> summaries;
  std::vector<CompiledForm> forms;
  std::vector<FormInfo> form_infos;  ///< forms[i].info, for forms_of()
  /// Variable slots after the parameters: "today" (the as-of date) is slot 0.
  std::vector<std::string> variables;
};

}  // namespace fundrules::detail
