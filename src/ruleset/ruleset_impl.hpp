#pragma once

// The compiled form of a ruleset, shared by the loader (which builds it) and the engine (which
// runs it). Immutable once built.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expr/expr.hpp"
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
  /// what `when` and `check` read.
  std::vector<std::size_t> fields_read;
  std::vector<std::size_t> params_read;
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
  std::vector<BasisDocument> basis;
  std::vector<Diagnostic> warnings;

  std::vector<CompiledRule> rules;
  /// Variable slots after the parameters: "today" (the as-of date) is slot 0.
  std::vector<std::string> variables;
};

}  // namespace fundrules::detail
