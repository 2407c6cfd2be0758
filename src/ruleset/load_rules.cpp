// `rules:` — each rule's condition and check compiled against the declared fields and
// parameters, and its messages parsed, with every problem placed at its line and column.

#include <algorithm>
#include <set>

#include "ruleset/enum_lint.hpp"
#include "ruleset/loader.hpp"
#include "ruleset/message_template.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kRuleKeys = {"id",    "title",    "description", "when",
                                            "check", "severity", "message",     "clause",
                                            "scope", "group_by"};
const std::vector<std::string> kMessageKeys = {"zh", "en"};

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
  std::vector<std::string> placeholders;  // fields, params.<name>, variables
};

Names build_names(const LoadContext& ctx) {
  Names names;
  const auto& fields = ctx.impl.schema.fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const bool broken = std::find(ctx.untyped_fields.begin(), ctx.untyped_fields.end(),
                                  fields[i].name) != ctx.untyped_fields.end();
    names.env.add_field(fields[i].name, type_of(broken ? ValueType::Null : fields[i].type), i);
    names.placeholders.push_back(fields[i].name);
  }
  for (std::size_t i = 0; i < ctx.impl.params.size(); ++i) {
    names.env.add_param(ctx.impl.params[i].name, type_of(ctx.impl.params[i].type), i);
    names.placeholders.push_back("params." + ctx.impl.params[i].name);
  }
  for (std::size_t i = 0; i < ctx.impl.variables.size(); ++i) {
    names.env.add_variable(ctx.impl.variables[i], type_of(ValueType::Date), i);
    names.placeholders.push_back(ctx.impl.variables[i]);
  }
  return names;
}

// Compiles `when` or `check`; reports errors at their place in the YAML and returns null.
std::shared_ptr<const expr::Program> compile_condition(const YAML::Node& node,
                                                       const std::string& what, const Names& names,
                                                       LoadContext& ctx, std::string& text_out) {
  const auto text = scalar_text(node, what, ctx.diags);
  if (!text) return nullptr;
  text_out = *text;
  if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
    ctx.diags.error(node.Mark(), what + " is empty");
    return nullptr;
  }
  const expr::CompileResult result = expr::compile(*text, names.env);
  for (const auto& error : result.errors) {
    ctx.diags.error(ctx.source.in_scalar(node.Mark(), *text, error.offset),
                    what + ": " + error.message);
  }
  if (!result.errors.empty() || !result.program) return nullptr;
  const auto issues = lint_enum_literals(*text, ctx.impl.schema);
  for (const auto& issue : issues) {
    ctx.diags.error(ctx.source.in_scalar(node.Mark(), *text, issue.offset),
                    what + ": " + issue.message);
  }
  if (!issues.empty()) return nullptr;
  const expr::Type type = result.program->result_type();
  if (!type.dyn && type.kind != ValueType::Bool) {
    ctx.diags.error(node.Mark(), what + " must be a condition (true or false), but it gives a " +
                                     type.to_string());
    return nullptr;
  }
  return result.program;
}

std::vector<MessagePart> load_template(const YAML::Node& node, const std::string& what,
                                       const Names& names, LoadContext& ctx,
                                       std::string& text_out) {
  const auto text = scalar_text(node, what, ctx.diags);
  if (!text) return {};
  text_out = *text;
  if (text->size() > ctx.limits.max_message_bytes) {
    ctx.diags.error(node.Mark(), what + " is " + std::to_string(text->size()) +
                                     " bytes long; at most " +
                                     std::to_string(ctx.limits.max_message_bytes) + " are allowed");
    return {};
  }
  ParsedTemplate parsed = parse_message_template(*text);
  for (const auto& error : parsed.errors) {
    ctx.diags.error(ctx.source.in_scalar(node.Mark(), *text, error.offset),
                    what + ": " + error.message);
  }
  std::size_t placeholder = 0;
  for (const auto& part : parsed.parts) {
    if (!part.placeholder) continue;
    const std::size_t offset = parsed.placeholder_offsets[placeholder++];
    if (std::find(names.placeholders.begin(), names.placeholders.end(), part.text) ==
        names.placeholders.end()) {
      ctx.diags.error(ctx.source.in_scalar(node.Mark(), *text, offset),
                      what + ": '{" + part.text + "}' names no field or parameter" +
                          did_you_mean(part.text, names.placeholders));
    }
  }
  return std::move(parsed.parts);
}

void load_messages(const YAML::Node& node, CompiledRule& rule, const Names& names,
                   LoadContext& ctx) {
  const std::string what = "rule '" + rule.info.id + "': message";
  if (node.IsScalar()) {  // one message, in Chinese
    rule.message_zh = load_template(node, what, names, ctx, rule.info.message_zh);
  } else if (check_mapping(node, what, kMessageKeys, ctx.diags)) {
    if (const auto zh = node["zh"]) {
      rule.message_zh = load_template(zh, what + ".zh", names, ctx, rule.info.message_zh);
    }
    if (const auto en = node["en"]) {
      rule.message_en = load_template(en, what + ".en", names, ctx, rule.info.message_en);
    }
    if (!node["zh"] && !node["en"]) ctx.diags.error(node.Mark(), what + " has neither zh nor en");
  }
  // A message in one language stands in for the other.
  if (node.IsScalar() || (node.IsMap() && !node["en"])) {
    rule.message_en = rule.message_zh;
    rule.info.message_en = rule.info.message_zh;
  } else if (node.IsMap() && !node["zh"]) {
    rule.message_zh = rule.message_en;
    rule.info.message_zh = rule.info.message_en;
  }
}

std::vector<std::size_t> merged(std::vector<std::size_t> a, const std::vector<std::size_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

void load_rule(const YAML::Node& node, const Names& names, LoadContext& ctx,
               std::vector<std::pair<std::string, SourceLocation>>& ids) {
  CompiledRule rule;
  rule.info.origin = ctx.impl.id;
  rule.info.where = ctx.source.at(node.Mark());
  if (!check_mapping(node, "a rule", kRuleKeys, ctx.diags)) return;

  if (const auto id = node["id"]) {
    rule.info.id = scalar_text(id, "rule id", ctx.diags).value_or("");
    if (!rule.info.id.empty() && !is_rule_id(rule.info.id)) {
      ctx.diags.error(id.Mark(), "rule id '" + rule.info.id +
                                     "' may use only letters, digits, '_', '.' and '-'");
    }
    for (const auto& [other, where] : ids) {
      if (other == rule.info.id && !other.empty()) {
        ctx.diags.error(id.Mark(), "rule id '" + other + "' is already used by the rule at line " +
                                       std::to_string(where.line));
        break;
      }
    }
    ids.emplace_back(rule.info.id, rule.info.where);
  } else {
    ctx.diags.error(node.Mark(), "a rule has no id");
  }
  const std::string what = "rule '" + rule.info.id + "'";

  if (const auto scope = node["scope"]) {
    const auto text = scalar_text(scope, what + ": scope", ctx.diags).value_or("record");
    if (text == "group" || text == "batch") {
      ctx.diags.error(scope.Mark(), what + ": scope '" + text +
                                        "' is not supported yet; only record rules can be "
                                        "loaded in this version");
    } else if (text != "record") {
      ctx.diags.error(scope.Mark(),
                      what + ": scope must be record, group or batch, not '" + text + "'");
    }
  }
  if (const auto group_by = node["group_by"]) {
    ctx.diags.error(group_by.Mark(), what +
                                         ": group_by is not supported yet; only record "
                                         "rules can be loaded in this version");
  }
  if (const auto severity = node["severity"]) {
    const auto text = scalar_text(severity, what + ": severity", ctx.diags).value_or("error");
    if (text == "warning") {
      rule.info.severity = Severity::Warning;
    } else if (text != "error") {
      ctx.diags.error(severity.Mark(),
                      what + ": severity must be error or warning, not '" + text + "'");
    }
  }
  if (const auto clause = node["clause"]) {
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
  for (const char* informative : {"title", "description"}) {
    if (const auto text = node[informative])
      scalar_text(text, what + ": " + informative, ctx.diags);
  }
  if (const auto when = node["when"]) {
    rule.when = compile_condition(when, what + ": when", names, ctx, rule.info.when);
  }
  if (const auto check = node["check"]) {
    rule.check = compile_condition(check, what + ": check", names, ctx, rule.info.check);
  } else {
    ctx.diags.error(node.Mark(), what + " has no check");
  }
  if (const auto message = node["message"]) {
    load_messages(message, rule, names, ctx);
  } else {
    ctx.diags.error(node.Mark(), what + " has no message");
  }

  for (const auto* program : {rule.when.get(), rule.check.get()}) {
    if (program == nullptr) continue;
    rule.fields_read = merged(rule.fields_read, program->reads().fields);
    rule.params_read = merged(rule.params_read, program->reads().params);
  }
  ctx.impl.rule_infos.push_back(rule.info);
  ctx.impl.rules.push_back(std::move(rule));
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
  std::vector<std::pair<std::string, SourceLocation>> ids;
  for (const auto& rule : node) load_rule(rule, names, ctx, ids);

  // A parameter no rule reads is most likely a typo or a leftover.
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
    if (used.count(i) == 0 && !ctx.impl.params[i].history.empty()) {
      ctx.diags.warning(ctx.impl.params[i].history.front().where,
                        "parameter '" + ctx.impl.params[i].name + "' is not used by any rule");
    }
  }
}

}  // namespace fundrules::detail
