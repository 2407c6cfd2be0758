// `rules:` — each rule's scope, conditions and messages, compiled against the declared fields
// and parameters, with every problem placed at its line and column.

#include <algorithm>
#include <set>

#include "ruleset/loader.hpp"
#include "ruleset/rule_parts.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kRuleKeys = {"id",    "title",    "description", "when",
                                            "check", "severity", "message",     "clause",
                                            "scope", "group_by", "override"};

bool is_rule_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

expr::Type type_of(ValueType kind) {
  expr::Type type;
  type.kind = kind;
  type.dyn = kind == ValueType::Null;  // a field or parameter whose declaration was broken
  return type;
}

// The names expressions and messages may use.
struct Names {
  expr::Environment env;
  std::vector<std::string> params_and_variables;  // params.<name>, today
};

Names build_names(const LoadContext& ctx) {
  Names names;
  const auto& fields = ctx.impl.schema.fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const bool broken = std::find(ctx.untyped_fields.begin(), ctx.untyped_fields.end(),
                                  fields[i].name) != ctx.untyped_fields.end();
    names.env.add_field(fields[i].name, type_of(broken ? ValueType::Null : fields[i].type), i);
  }
  for (std::size_t i = 0; i < ctx.impl.params.size(); ++i) {
    names.env.add_param(ctx.impl.params[i].name, type_of(ctx.impl.params[i].type), i);
    names.params_and_variables.push_back("params." + ctx.impl.params[i].name);
  }
  for (std::size_t i = 0; i < ctx.impl.variables.size(); ++i) {
    names.env.add_variable(ctx.impl.variables[i], type_of(ValueType::Date), i);
    names.params_and_variables.push_back(ctx.impl.variables[i]);
  }
  for (std::size_t i = 0; i < ctx.impl.references.size(); ++i) {
    const ReferenceInfo& declared = ctx.impl.references[i];
    expr::Environment::Reference reference;
    reference.name = declared.name;
    reference.key_field = declared.key;
    reference.slot = i;
    reference.key_type = type_of(ValueType::Null);
    for (const auto& field : declared.schema.fields) {
      reference.fields.emplace_back(field.name, type_of(field.type));
      if (field.name == declared.key) {
        reference.key_type = type_of(field.type);
        reference.upper_case_key = field.personal == PersonalData::IdNumber;
      }
    }
    names.env.add_reference(std::move(reference));
  }
  return names;
}

std::vector<std::size_t> merged(std::vector<std::size_t> a, const std::vector<std::size_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

// The ids met so far: the base rulesets' first (`inherited` of them), then this file's.
struct RuleIds {
  std::vector<std::pair<std::string, SourceLocation>> ids;
  std::vector<std::string> origins;  // the ruleset that declared each
  std::size_t inherited = 0;
};

// Reads the rule's id. Returns the index of the base rule it replaces when it says
// `override: true` and a base ruleset has a rule of that id.
std::optional<std::size_t> load_id(const YAML::Node& node, bool overrides, CompiledRule& rule,
                                   LoadContext& ctx, RuleIds& known) {
  const auto id = node["id"];
  if (!id) {
    ctx.diags.error(node.Mark(), "a rule has no id");
    return std::nullopt;
  }
  rule.info.id = scalar_text(id, "rule id", ctx.diags).value_or("");
  if (!rule.info.id.empty() && !is_rule_id(rule.info.id)) {
    ctx.diags.error(
        id.Mark(), "rule id '" + rule.info.id + "' may use only letters, digits, '_', '.' and '-'");
  }
  std::optional<std::size_t> replaced;
  bool duplicate = false;
  for (std::size_t i = 0; i < known.ids.size() && !rule.info.id.empty(); ++i) {
    const auto& [other, where] = known.ids[i];
    if (other != rule.info.id) continue;
    if (i >= known.inherited) {
      ctx.diags.error(id.Mark(), "rule id '" + other + "' is already used by the rule at line " +
                                     std::to_string(where.line));
      duplicate = true;
      break;
    }
    if (!overrides) {
      ctx.diags.error(id.Mark(), "rule id '" + other + "' is already used by the base ruleset '" +
                                     known.origins[i] + "' (" + where.to_string() +
                                     "); to replace that rule say override: true, to switch it "
                                     "off list it under disable:");
      duplicate = true;
      break;
    }
    replaced = i;
  }
  if (overrides && !replaced && !duplicate && !rule.info.id.empty()) {
    std::vector<std::string> base_ids;
    for (std::size_t i = 0; i < known.inherited; ++i) base_ids.push_back(known.ids[i].first);
    ctx.diags.error(node["override"].Mark(),
                    "rule '" + rule.info.id + "' says override: true, but " +
                        (known.inherited == 0 ? std::string("this ruleset extends none")
                                              : "no ruleset it extends has a rule of that id" +
                                                    did_you_mean(rule.info.id, base_ids)));
  }
  known.ids.emplace_back(rule.info.id, rule.info.where);
  known.origins.push_back(ctx.impl.id);
  return replaced;
}

// A group_by entry written as an expression of one field, such as upper(id_number): rows
// whose values the expression maps to one value make one group, so the key is normalised in
// the rule itself. The expression must read exactly that field (and nothing of a reference
// table) and give a value of the field's type, because the group's key stands in for the field
// in the check and the messages. Null after reporting why not.
std::shared_ptr<const expr::Program> compile_group_key(const YAML::Node& item,
                                                       const std::string& text,
                                                       const std::string& what,
                                                       const expr::Environment& env,
                                                       LoadContext& ctx) {
  const std::string where = what + ": group_by '" + text + "'";
  const expr::CompileResult result = expr::compile(text, env);
  for (const auto& error : result.errors) {
    ctx.diags.error(ctx.source.in_scalar(item.Mark(), text, error.offset),
                    where + ": " + error.message);
  }
  if (!result.errors.empty() || !result.program) return nullptr;
  const expr::Reads& reads = result.program->reads();
  if (reads.fields.size() != 1 || !reads.references.empty()) {
    ctx.diags.error(item.Mark(), where +
                                     " must be an expression of one field of the row, such as "
                                     "upper(id_number)");
    return nullptr;
  }
  const FieldSpec& field = ctx.impl.schema.fields.at(reads.fields.front());
  const expr::Type type = result.program->result_type();
  if (type.dyn || type.kind != field.type) {
    ctx.diags.error(item.Mark(), where + " gives values of type " + type.to_string() +
                                     ", but field '" + field.name + "' is a " +
                                     std::string(type_name(field.type)) +
                                     "; the key stands in for the field, so it must keep its type");
    return nullptr;
  }
  return result.program;
}

// `scope:` and `group_by:`. Returns false when the rule's scope cannot be known.
bool load_scope(const YAML::Node& node, CompiledRule& rule, const std::string& what,
                const expr::Environment& env, LoadContext& ctx) {
  if (const auto scope = node["scope"]) {
    const auto text = scalar_text(scope, what + ": scope", ctx.diags);
    if (!text) return false;
    if (*text == "group") {
      rule.info.scope = Scope::Group;
    } else if (*text == "batch") {
      rule.info.scope = Scope::Batch;
    } else if (*text != "record") {
      ctx.diags.error(scope.Mark(),
                      what + ": scope must be record, group or batch, not '" + *text + "'");
      return false;
    }
  }
  const auto group_by = node["group_by"];
  if (!group_by) {
    if (rule.info.scope == Scope::Group) {
      ctx.diags.error(node["scope"].Mark(),
                      what +
                          ": a group rule needs group_by: the field(s) whose values make a "
                          "group, e.g. group_by: household_id");
      return false;
    }
    return true;
  }
  if (rule.info.scope != Scope::Group) {
    ctx.diags.error(
        group_by.Mark(),
        what + ": group_by belongs to a rule with scope: group" +
            (rule.info.scope == Scope::Batch ? " (a batch rule sees the whole list)" : ""));
    return false;
  }
  std::vector<std::string> names;
  for (const auto& field : ctx.impl.schema.fields) names.push_back(field.name);
  std::vector<YAML::Node> items;
  if (group_by.IsSequence()) {
    if (group_by.size() > ctx.limits.max_aliases) {
      ctx.diags.error(group_by.Mark(), what + ": group_by has " + std::to_string(group_by.size()) +
                                           " entries; at most " +
                                           std::to_string(ctx.limits.max_aliases) + " are allowed");
      return false;
    }
    for (const auto& item : group_by) items.push_back(item);
  } else if (group_by.IsScalar()) {
    items.push_back(group_by);
  } else {
    ctx.diags.error(group_by.Mark(), what + ": group_by must be a field or a list such as [a, b]");
    return false;
  }
  if (items.empty()) return false;
  bool ok = true;
  for (const auto& item : items) {
    const auto key = scalar_text(item, what + ": group_by entry", ctx.diags);
    if (!key) {
      ok = false;
      continue;
    }
    std::shared_ptr<const expr::Program> normalised;
    auto at = std::find(names.begin(), names.end(), *key);
    if (at == names.end() && key->find('(') != std::string::npos) {
      normalised = compile_group_key(item, *key, what, env, ctx);
      if (!normalised) {
        ok = false;
        continue;
      }
      at = names.begin() + static_cast<std::ptrdiff_t>(normalised->reads().fields.front());
    }
    if (at == names.end()) {
      ctx.diags.error(item.Mark(), what + ": group_by names no field '" + *key + "'" +
                                       did_you_mean(*key, names));
      ok = false;
      continue;
    }
    const auto index = static_cast<std::size_t>(at - names.begin());
    const auto seen = std::find(rule.group_by.begin(), rule.group_by.end(), index);
    if (seen == rule.group_by.end()) {
      rule.info.group_by.push_back(*at);
      rule.group_by.push_back(index);
      rule.group_keys.push_back(std::move(normalised));
    } else if (normalised ||
               rule.group_keys[static_cast<std::size_t>(seen - rule.group_by.begin())]) {
      ctx.diags.error(item.Mark(),
                      what + ": group_by reads field '" + *at + "' twice; group by it once");
      ok = false;
    }
  }
  return ok;
}

void load_clause(const YAML::Node& clause, CompiledRule& rule, const std::string& what,
                 LoadContext& ctx) {
  rule.info.clause = scalar_text(clause, what + ": clause", ctx.diags).value_or("");
  std::vector<std::string> known;
  for (const auto& document : ctx.impl.basis) {
    for (const auto& c : document.clauses) known.push_back(c.id);
  }
  if (!known.empty() && !rule.info.clause.empty() &&
      std::find(known.begin(), known.end(), rule.info.clause) == known.end()) {
    ctx.diags.error(clause.Mark(), what + ": clause '" + rule.info.clause +
                                       "' is not among the clauses listed under basis" +
                                       did_you_mean(rule.info.clause, known));
  }
}

// What a rule's messages may name: for a record rule every field; for a group or batch rule
// its key fields (the same on every row of a group) and the aggregates of its check.
std::vector<std::string> placeholders_of(const CompiledRule& rule, const Names& names,
                                         const LoadContext& ctx) {
  std::vector<std::string> out;
  if (rule.info.scope == Scope::Record) {
    for (const auto& field : ctx.impl.schema.fields) out.push_back(field.name);
  } else {
    out = rule.info.group_by;
    for (const auto& aggregate : rule.aggregates) out.push_back(aggregate.name);
  }
  out.insert(out.end(), names.params_and_variables.begin(), names.params_and_variables.end());
  return out;
}

// Which reference tables the rule reads, wherever in it: the engine skips the rule when an
// optional one is not given, and explanations show what was looked up.
void note_references(CompiledRule& rule, LoadContext& ctx) {
  std::vector<const expr::Program*> programs = {rule.when.get(), rule.check.get()};
  for (const auto& aggregate : rule.aggregates) {
    programs.push_back(aggregate.argument.get());
    programs.push_back(aggregate.filter.get());
  }
  for (const auto* program : programs) {
    if (program == nullptr) continue;
    for (const auto& read : program->reads().references) {
      rule.references_read.push_back(read);
      if (std::find(rule.references_used.begin(), rule.references_used.end(), read.reference) ==
          rule.references_used.end()) {
        rule.references_used.push_back(read.reference);
      }
    }
  }
  for (const std::size_t slot : rule.references_used) {
    ReferenceInfo& reference = ctx.impl.references.at(slot);
    rule.info.references.push_back(reference.name);
    reference.rules.push_back(rule.info.id);
  }
}

void load_rule(const YAML::Node& node, const Names& names, LoadContext& ctx, RuleIds& known) {
  CompiledRule rule;
  rule.info.origin = ctx.impl.id;
  rule.info.where = ctx.source.at(node.Mark());
  if (!check_mapping(node, "a rule", kRuleKeys, ctx.diags)) return;
  bool overrides = false;
  if (const auto flag = node["override"]) {
    overrides = scalar_bool(flag, "override", ctx.diags).value_or(false);
  }
  const std::optional<std::size_t> replaced = load_id(node, overrides, rule, ctx, known);
  const std::string what = "rule '" + rule.info.id + "'";
  const bool scope_known = load_scope(node, rule, what, names.env, ctx);

  if (const auto severity = node["severity"]) {
    const auto text = scalar_text(severity, what + ": severity", ctx.diags).value_or("error");
    if (text == "warning") {
      rule.info.severity = Severity::Warning;
    } else if (text != "error") {
      ctx.diags.error(severity.Mark(),
                      what + ": severity must be error or warning, not '" + text + "'");
    }
  }
  if (const auto clause = node["clause"]) load_clause(clause, rule, what, ctx);
  for (const char* informative : {"title", "description"}) {
    if (const auto text = node[informative]) {
      scalar_text(text, what + ": " + informative, ctx.diags);
    }
  }
  if (const auto when = node["when"]) {
    rule.when = compile_record_condition(when, what + ": when", names.env, ctx, rule.info.when);
  }
  if (const auto check = node["check"]) {
    if (rule.info.scope == Scope::Record) {
      rule.check =
          compile_record_condition(check, what + ": check", names.env, ctx, rule.info.check);
    } else if (scope_known) {
      rule.check = compile_group_condition(check, what + ": check", names.env, rule.group_by, ctx,
                                           rule.info.check, rule.aggregates);
    }
  } else {
    ctx.diags.error(node.Mark(), what + " has no check");
  }
  if (const auto message = node["message"]) {
    const std::string hint = rule.info.scope == Scope::Record
                                 ? "field or parameter"
                                 : "group_by field, parameter or aggregate of the check";
    load_messages(message, rule, placeholders_of(rule, names, ctx), hint, ctx);
  } else {
    ctx.diags.error(node.Mark(), what + " has no message");
  }

  for (const auto* program : {rule.when.get(), rule.check.get()}) {
    if (program == nullptr) continue;
    rule.fields_read = merged(rule.fields_read, program->reads().fields);
    rule.params_read = merged(rule.params_read, program->reads().params);
  }
  for (const auto& aggregate : rule.aggregates) {
    for (const auto* program : {aggregate.argument.get(), aggregate.filter.get()}) {
      if (program == nullptr) continue;
      rule.fields_read = merged(rule.fields_read, program->reads().fields);
      rule.params_read = merged(rule.params_read, program->reads().params);
    }
  }
  rule.fields_read = merged(rule.fields_read, rule.group_by);
  note_references(rule, ctx);
  if (replaced) {
    // The replacement keeps the base rule's place, so the report's order stays the base's.
    rule.info.overrides = ctx.impl.rule_infos.at(*replaced).origin;
    ctx.impl.rule_infos[*replaced] = rule.info;
    ctx.impl.rules[*replaced] = std::move(rule);
    return;
  }
  ctx.impl.rule_infos.push_back(rule.info);
  ctx.impl.rules.push_back(std::move(rule));
}

// A parameter no rule reads is most likely a typo or a leftover.
void warn_unused_params(LoadContext& ctx) {
  std::set<std::size_t> used;
  for (const auto& rule : ctx.impl.rules) {
    used.insert(rule.params_read.begin(), rule.params_read.end());
    for (const auto* parts : {&rule.message_zh, &rule.message_en}) {
      for (const auto& part : *parts) {
        if (!part.placeholder || part.text.rfind("params.", 0) != 0) continue;
        for (std::size_t i = 0; i < ctx.impl.params.size(); ++i) {
          if (ctx.impl.params[i].name == part.text.substr(7)) used.insert(i);
        }
      }
    }
  }
  for (std::size_t i = 0; i < ctx.impl.params.size(); ++i) {
    // A base ruleset's own parameters were looked at when it was loaded.
    if (ctx.impl.params[i].origin != ctx.impl.id) continue;
    if (used.count(i) == 0 && !ctx.impl.params[i].history.empty()) {
      ctx.diags.warning(ctx.impl.params[i].history.front().where,
                        "parameter '" + ctx.impl.params[i].name + "' is not used by any rule");
    }
  }
}

}  // namespace

void load_rules(const YAML::Node& node, LoadContext& ctx) {
  if (!node.IsSequence()) {
    ctx.diags.error(node.Mark(), "rules must be a list of rules, each starting with '- id:'");
    return;
  }
  if (node.size() > ctx.limits.max_rules) {
    ctx.diags.error(node.Mark(), "the ruleset declares " + std::to_string(node.size()) +
                                     " rules; at most " + std::to_string(ctx.limits.max_rules) +
                                     " are allowed");
    return;
  }
  const Names names = build_names(ctx);
  RuleIds known;
  for (const auto& info : ctx.impl.rule_infos) {
    known.ids.emplace_back(info.id, info.where);
    known.origins.push_back(info.origin);
  }
  known.inherited = known.ids.size();
  for (const auto& rule : node) load_rule(rule, names, ctx, known);
  warn_unused_params(ctx);
}

}  // namespace fundrules::detail
