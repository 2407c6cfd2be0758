// `disable:` — switching off rules a base ruleset declares, each with the reason the extending
// ruleset gives (a city that lets workers not on file sign for cash switches off the national
// bank-card rule). The rules leave the compiled ruleset; the reasons stay for the report.

#include <algorithm>

#include "ruleset/loader.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kDisableKeys = {"rule", "reason"};

void disable_one(const YAML::Node& entry, LoadContext& ctx) {
  if (!check_mapping(entry, "a disable entry", kDisableKeys, ctx.diags)) return;
  const auto rule_node = entry["rule"];
  if (!rule_node) {
    ctx.diags.error(entry.Mark(), "a disable entry has no rule: name the rule to switch off");
    return;
  }
  const auto id = scalar_text(rule_node, "disable: rule", ctx.diags);
  if (!id) return;
  std::string reason;
  if (const auto reason_node = entry["reason"]) {
    reason = scalar_text(reason_node, "disable: reason", ctx.diags).value_or("");
  }
  if (reason.empty()) {
    ctx.diags.error(entry.Mark(), "disable: rule '" + *id +
                                      "' has no reason; say why this ruleset switches it off "
                                      "(reason: ...), for the report and its readers");
    return;
  }
  const auto at = std::find_if(ctx.impl.rules.begin(), ctx.impl.rules.end(),
                               [&](const CompiledRule& r) { return r.info.id == *id; });
  if (at == ctx.impl.rules.end()) {
    const auto gone = std::find_if(ctx.impl.disabled.begin(), ctx.impl.disabled.end(),
                                   [&](const DisabledRule& d) { return d.rule.id == *id; });
    if (gone != ctx.impl.disabled.end()) {
      ctx.diags.error(rule_node.Mark(), "disable: rule '" + *id + "' is already switched off by '" +
                                            gone->disabled_by + "' (" + gone->where.to_string() +
                                            ")");
      return;
    }
    std::vector<std::string> ids;
    for (const auto& rule : ctx.impl.rules) ids.push_back(rule.info.id);
    ctx.diags.error(rule_node.Mark(), "disable: no rule '" + *id + "' in the rulesets this one " +
                                          "extends" + did_you_mean(*id, ids));
    return;
  }
  if (at->info.origin == ctx.impl.id) {
    ctx.diags.error(rule_node.Mark(), "disable: rule '" + *id + "' is " +
                                          (at->info.overrides.empty() ? "declared" : "overridden") +
                                          " in this file (line " +
                                          std::to_string(at->info.where.line) +
                                          "); only a base ruleset's rules can be switched off");
    return;
  }
  DisabledRule disabled;
  disabled.rule = at->info;
  disabled.reason = std::move(reason);
  disabled.disabled_by = ctx.impl.id;
  disabled.where = ctx.source.at(entry.Mark());
  ctx.impl.disabled.push_back(std::move(disabled));
  const auto index = static_cast<std::size_t>(at - ctx.impl.rules.begin());
  ctx.impl.rules.erase(at);
  ctx.impl.rule_infos.erase(ctx.impl.rule_infos.begin() + static_cast<std::ptrdiff_t>(index));
}

}  // namespace

void load_disable(const YAML::Node& node, LoadContext& ctx) {
  if (ctx.base_id.empty()) {
    ctx.diags.error(node.Mark(),
                    "disable: switches off rules of a base ruleset, but this ruleset extends none");
    return;
  }
  if (!node.IsSequence()) {
    ctx.diags.error(node.Mark(),
                    "disable must be a list of entries such as '- {rule: x, reason: ...}'");
    return;
  }
  if (node.size() > ctx.limits.max_rules) {
    ctx.diags.error(node.Mark(),
                    "disable lists more than " + std::to_string(ctx.limits.max_rules) + " rules");
    return;
  }
  for (const auto& entry : node) disable_one(entry, ctx);
}

}  // namespace fundrules::detail
