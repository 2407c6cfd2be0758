// `summaries:` — the totals and counts a ruleset declares for the level above (户数, 人数,
// 金额 by category), each column an aggregate expression compiled like a group rule's check.

#include <algorithm>

#include "ruleset/loader.hpp"
#include "ruleset/rule_parts.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kSummaryKeys = {"id",       "title", "description",
                                               "group_by", "when",  "columns"};
const std::vector<std::string> kColumnKeys = {"id", "label", "value", "unit"};
const std::vector<std::string> kLabelKeys = {"zh", "en"};

constexpr std::size_t kMaxSummaries = 64;
constexpr std::size_t kMaxColumns = 64;

bool is_summary_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

// The group_by fields as schema indexes; false after reporting a name that is no field.
bool load_group_by(const YAML::Node& node, CompiledSummary& summary, const std::string& what,
                   LoadContext& ctx) {
  std::vector<std::string> names;
  for (const auto& field : ctx.impl.schema.fields) names.push_back(field.name);
  // An empty list is allowed and means the whole list, as leaving group_by out does.
  if (node.IsSequence() && node.size() == 0) return true;
  const auto keys = string_list(node, what + ": group_by", ctx.limits.max_aliases, ctx.diags);
  bool ok = !keys.empty();
  for (const auto& key : keys) {
    const auto at = std::find(names.begin(), names.end(), key);
    if (at == names.end()) {
      ctx.diags.error(node.Mark(),
                      what + ": group_by names no field '" + key + "'" + did_you_mean(key, names));
      ok = false;
      continue;
    }
    const auto index = static_cast<std::size_t>(at - names.begin());
    if (std::find(summary.group_by.begin(), summary.group_by.end(), index) ==
        summary.group_by.end()) {
      summary.group_by.push_back(index);
    }
  }
  return ok;
}

void load_column(const YAML::Node& node, CompiledSummary& summary, const std::string& what,
                 const expr::Environment& env, bool keys_known, LoadContext& ctx) {
  if (!check_mapping(node, what + ": a column", kColumnKeys, ctx.diags)) return;
  CompiledSummaryColumn column;
  if (const auto id = node["id"]) {
    column.info.id = scalar_text(id, what + ": column id", ctx.diags).value_or("");
    if (!column.info.id.empty() && !is_identifier(column.info.id)) {
      ctx.diags.error(id.Mark(), what + ": column id '" + column.info.id +
                                     "' must be a lower-case name such as 'households'");
    }
    for (const auto& other : summary.columns) {
      if (!column.info.id.empty() && other.info.id == column.info.id) {
        ctx.diags.error(id.Mark(), what + ": column '" + column.info.id + "' is declared twice");
      }
    }
  } else {
    ctx.diags.error(node.Mark(), what + ": a column has no id");
  }
  const std::string col = what + ": column '" + column.info.id + "'";
  load_label(node["label"], col + ": label", column.info.label_zh, column.info.label_en, ctx);
  if (column.info.label_zh.empty()) column.info.label_zh = column.info.id;
  if (column.info.label_en.empty()) column.info.label_en = column.info.id;
  if (const auto unit = node["unit"]) {
    column.info.unit = scalar_text(unit, col + ": unit", ctx.diags).value_or("");
  }
  const auto value = node["value"];
  if (!value) {
    ctx.diags.error(node.Mark(), col + " has no value (an aggregate such as sum(amount))");
  } else if (const auto text = scalar_text(value, col + ": value", ctx.diags); text && keys_known) {
    column.value_text = *text;
    expr::GroupCompileResult result = expr::compile_group(*text, env, summary.group_by);
    for (const auto& error : result.errors) {
      ctx.diags.error(ctx.source.in_scalar(value.Mark(), *text, error.offset),
                      col + ": value: " + error.message);
    }
    if (result.errors.empty() && result.program) {
      const expr::Type type = result.program->result_type();
      if (!type.dyn && type.kind != ValueType::Int && type.kind != ValueType::Decimal) {
        ctx.diags.error(value.Mark(), col +
                                          ": value must be a number (a count or a sum), but it "
                                          "gives a " +
                                          type.to_string());
      } else if (result.aggregates.empty()) {
        ctx.diags.error(value.Mark(), col + ": value '" + *text +
                                          "' folds no rows; use an aggregate such as sum(amount), "
                                          "count() or count_distinct(household_id)");
      } else {
        column.value = std::move(result.program);
        column.aggregates = std::move(result.aggregates);
      }
    }
  }
  summary.columns.push_back(std::move(column));
}

void load_summary(const YAML::Node& node, const expr::Environment& env, LoadContext& ctx) {
  if (!check_mapping(node, "a summary", kSummaryKeys, ctx.diags)) return;
  CompiledSummary summary;
  summary.origin = ctx.impl.id;
  summary.where = ctx.source.at(node.Mark());
  if (const auto id = node["id"]) {
    summary.id = scalar_text(id, "summary id", ctx.diags).value_or("");
    if (!summary.id.empty() && !is_summary_id(summary.id)) {
      ctx.diags.error(id.Mark(), "summary id '" + summary.id +
                                     "' may use only letters, digits, '_', '.' and '-'");
    }
    for (const auto& other : ctx.impl.summaries) {
      if (!summary.id.empty() && other.id == summary.id) {
        ctx.diags.error(id.Mark(), "summary id '" + summary.id + "' is already used by the " +
                                       "summary at " + other.where.to_string());
      }
    }
  } else {
    ctx.diags.error(node.Mark(), "a summary has no id");
  }
  const std::string what = "summary '" + summary.id + "'";
  load_label(node["title"], what + ": title", summary.title_zh, summary.title_en, ctx);
  if (summary.title_zh.empty()) summary.title_zh = summary.id;
  if (summary.title_en.empty()) summary.title_en = summary.id;
  if (const auto description = node["description"]) {
    scalar_text(description, what + ": description", ctx.diags);
  }
  bool keys_known = true;
  if (const auto group_by = node["group_by"]) {
    keys_known = load_group_by(group_by, summary, what, ctx);
  }
  if (const auto when = node["when"]) {
    summary.when = compile_record_condition(when, what + ": when", env, ctx, summary.when_text);
  }
  const auto columns = node["columns"];
  if (!columns) {
    ctx.diags.error(node.Mark(), what + " has no columns");
  } else if (!columns.IsSequence() || columns.size() == 0) {
    ctx.diags.error(columns.Mark(), what + ": columns must be a list, each starting with '- id:'");
  } else if (columns.size() > kMaxColumns) {
    ctx.diags.error(columns.Mark(),
                    what + " has more than " + std::to_string(kMaxColumns) + " columns");
  } else {
    for (const auto& column : columns) load_column(column, summary, what, env, keys_known, ctx);
  }
  ctx.impl.summaries.push_back(std::move(summary));
}

}  // namespace

void load_label(const YAML::Node& node, const std::string& what, std::string& zh, std::string& en,
                LoadContext& ctx) {
  if (!node) return;
  if (node.IsScalar()) {
    zh = node.Scalar();
    en = zh;
    return;
  }
  if (!check_mapping(node, what, kLabelKeys, ctx.diags)) return;
  if (node["zh"]) zh = scalar_text(node["zh"], what + ".zh", ctx.diags).value_or("");
  if (node["en"]) en = scalar_text(node["en"], what + ".en", ctx.diags).value_or("");
  // One language stands in for the other.
  if (zh.empty()) zh = en;
  if (en.empty()) en = zh;
}

expr::Environment expression_environment(const LoadContext& ctx) {
  expr::Environment env;
  const auto typed = [](ValueType kind) {
    expr::Type type;
    type.kind = kind;
    type.dyn = kind == ValueType::Null;  // a declaration that could not be read
    return type;
  };
  const auto& fields = ctx.impl.schema.fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const bool broken = std::find(ctx.untyped_fields.begin(), ctx.untyped_fields.end(),
                                  fields[i].name) != ctx.untyped_fields.end();
    env.add_field(fields[i].name, typed(broken ? ValueType::Null : fields[i].type), i);
  }
  for (std::size_t i = 0; i < ctx.impl.params.size(); ++i) {
    env.add_param(ctx.impl.params[i].name, typed(ctx.impl.params[i].type), i);
  }
  for (std::size_t i = 0; i < ctx.impl.variables.size(); ++i) {
    env.add_variable(ctx.impl.variables[i], typed(ValueType::Date), i);
  }
  return env;
}

void load_summaries(const YAML::Node& node, LoadContext& ctx) {
  if (!node.IsSequence()) {
    ctx.diags.error(node.Mark(), "summaries must be a list, each starting with '- id:'");
    return;
  }
  if (node.size() > kMaxSummaries) {
    ctx.diags.error(node.Mark(), "the ruleset declares more than " + std::to_string(kMaxSummaries) +
                                     " summaries");
    return;
  }
  const expr::Environment env = expression_environment(ctx);
  for (const auto& summary : node) load_summary(summary, env, ctx);
}

}  // namespace fundrules::detail
