#include "ruleset/rule_parts.hpp"

#include <algorithm>

#include "ruleset/enum_lint.hpp"
#include "ruleset/message_template.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kMessageKeys = {"zh", "en"};

// The expression text of a condition, or nullopt after saying why there is none.
std::optional<std::string> condition_text(const YAML::Node& node, const std::string& what,
                                          LoadContext& ctx) {
  auto text = scalar_text(node, what, ctx.diags);
  if (text && text->find_first_not_of(" \t\r\n") == std::string::npos) {
    ctx.diags.error(node.Mark(), what + " is empty");
    return std::nullopt;
  }
  return text;
}

// Reports what the compiler found, then what it cannot see (an enum compared with a string
// that is none of its codes) and a result that is not a condition. True if the program holds.
bool accept(const YAML::Node& node, const std::string& what, const std::string& text,
            const std::vector<expr::ExprError>& errors, const expr::Program* program,
            LoadContext& ctx) {
  for (const auto& error : errors) {
    ctx.diags.error(ctx.source.in_scalar(node.Mark(), text, error.offset),
                    what + ": " + error.message);
  }
  if (!errors.empty() || program == nullptr) return false;
  const auto issues = lint_enum_literals(text, ctx.impl.schema);
  for (const auto& issue : issues) {
    ctx.diags.error(ctx.source.in_scalar(node.Mark(), text, issue.offset),
                    what + ": " + issue.message);
  }
  if (!issues.empty()) return false;
  const expr::Type type = program->result_type();
  if (!type.dyn && type.kind != ValueType::Bool) {
    ctx.diags.error(node.Mark(), what + " must be a condition (true or false), but it gives a " +
                                     type.to_string());
    return false;
  }
  return true;
}

std::vector<MessagePart> load_template(const YAML::Node& node, const std::string& what,
                                       const std::vector<std::string>& placeholders,
                                       const std::string& hint, LoadContext& ctx,
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
    if (std::find(placeholders.begin(), placeholders.end(), part.text) == placeholders.end()) {
      ctx.diags.error(ctx.source.in_scalar(node.Mark(), *text, offset),
                      what + ": '{" + part.text + "}' names no " + hint +
                          did_you_mean(part.text, placeholders));
    }
  }
  return std::move(parsed.parts);
}

}  // namespace

std::shared_ptr<const expr::Program> compile_record_condition(const YAML::Node& node,
                                                              const std::string& what,
                                                              const expr::Environment& env,
                                                              LoadContext& ctx,
                                                              std::string& text_out) {
  const auto text = condition_text(node, what, ctx);
  if (!text) return nullptr;
  text_out = *text;
  const expr::CompileResult result = expr::compile(*text, env);
  if (!accept(node, what, *text, result.errors, result.program.get(), ctx)) return nullptr;
  return result.program;
}

std::shared_ptr<const expr::Program> compile_group_condition(
    const YAML::Node& node, const std::string& what, const expr::Environment& env,
    const std::vector<std::size_t>& key_columns, LoadContext& ctx, std::string& text_out,
    std::vector<expr::AggregateSpec>& aggregates) {
  const auto text = condition_text(node, what, ctx);
  if (!text) return nullptr;
  text_out = *text;
  expr::GroupCompileResult result = expr::compile_group(*text, env, key_columns);
  if (!accept(node, what, *text, result.errors, result.program.get(), ctx)) return nullptr;
  aggregates = std::move(result.aggregates);
  return result.program;
}

void load_messages(const YAML::Node& node, CompiledRule& rule,
                   const std::vector<std::string>& placeholders, const std::string& hint,
                   LoadContext& ctx) {
  const std::string what = "rule '" + rule.info.id + "': message";
  if (node.IsScalar()) {  // one message, in Chinese
    rule.message_zh = load_template(node, what, placeholders, hint, ctx, rule.info.message_zh);
  } else if (check_mapping(node, what, kMessageKeys, ctx.diags)) {
    if (const auto zh = node["zh"]) {
      rule.message_zh =
          load_template(zh, what + ".zh", placeholders, hint, ctx, rule.info.message_zh);
    }
    if (const auto en = node["en"]) {
      rule.message_en =
          load_template(en, what + ".en", placeholders, hint, ctx, rule.info.message_en);
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

}  // namespace fundrules::detail
