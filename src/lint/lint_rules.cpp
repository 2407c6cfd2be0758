// Lint findings about rules: a rule that can never apply (its `when` is false whatever the
// row, or asks for two things at once; likewise a summary's or form's `when`), and two rules that
// cannot both hold on the same rows (a minimum above a cap under the same conditions).

#include <algorithm>
#include <map>
#include <set>

#include "engine/context.hpp"
#include "lint/conditions.hpp"
#include "lint/lint_impl.hpp"

namespace fundrules::lint_detail {

namespace {

// A constant's value on a date: a number literal, or the parameter's version then in force.
std::optional<Value> value_of(const Comparison& c, const detail::RulesetImpl& impl, Date on) {
  if (c.is_string) return Value(c.constant);
  if (!c.is_param) {
    const auto number = Decimal::try_parse(c.constant);
    if (!number) return std::nullopt;
    return Value(*number);
  }
  const std::string name = c.constant.substr(7);
  for (const ParamInfo& param : impl.params) {
    if (param.name != name) continue;
    const ParamVersion* version = param.version_on(on);
    if (version == nullptr) return std::nullopt;
    return version->value;
  }
  return std::nullopt;
}

// -1, 0, 1 for two numbers or two dates; nullopt for values that do not compare so.
std::optional<int> compare(const Value& a, const Value& b) {
  const auto number = [](const Value& v) -> std::optional<Decimal> {
    if (v.type() == ValueType::Int) return Decimal(v.as_int());
    if (v.type() == ValueType::Decimal) return v.as_decimal();
    return std::nullopt;
  };
  if (const auto x = number(a), y = number(b); x && y) return x->compare(*y);
  if (a.type() == ValueType::Date && b.type() == ValueType::Date) {
    return a.as_date() < b.as_date() ? -1 : (b.as_date() < a.as_date() ? 1 : 0);
  }
  return std::nullopt;
}

// The dates on which the constants' values may differ: every version's start, and a date
// before them all for the versions that hold from the beginning.
std::vector<Date> dates_of(const std::vector<const Comparison*>& constants,
                           const detail::RulesetImpl& impl) {
  std::set<Date> dates = {Date::parse("1900-01-01")};
  for (const Comparison* c : constants) {
    if (!c->is_param) continue;
    for (const ParamInfo& param : impl.params) {
      if ("params." + param.name != c->constant) continue;
      for (const ParamVersion& version : param.history) {
        if (version.effective_from) dates.insert(*version.effective_from);
      }
    }
  }
  return {dates.begin(), dates.end()};
}

std::string shown(const Comparison& c) {
  return c.operand + " " + c.op + " " + (c.is_string ? "\"" + c.constant + "\"" : c.constant);
}

bool is_lower(const Comparison& c) { return c.op == ">=" || c.op == ">"; }
bool is_upper(const Comparison& c) { return c.op == "<=" || c.op == "<"; }

// Why `lower` and `upper` (on the same operand) admit no value on some date, or "".
std::string empty_range(const Comparison& lower, const Comparison& upper,
                        const detail::RulesetImpl& impl) {
  for (const Date& on : dates_of({&lower, &upper}, impl)) {
    const auto low = value_of(lower, impl, on);
    const auto high = value_of(upper, impl, on);
    if (!low || !high) continue;
    const auto order = compare(*low, *high);
    if (!order) continue;
    const bool strict = lower.op == ">" || upper.op == "<";
    if (*order > 0 || (*order == 0 && strict)) {
      std::string why = shown(lower) + " (" + low->to_string() + ") and " + shown(upper) + " (" +
                        high->to_string() + ")";
      if (lower.is_param || upper.is_param) {
        why += on == Date::parse("1900-01-01") ? " from the beginning" : " from " + on.to_string();
      }
      return why;
    }
  }
  return "";
}

// Why the comparisons cannot all hold at once, or "".
std::string contradiction(const std::vector<Comparison>& all, const detail::RulesetImpl& impl) {
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = 0; j < all.size(); ++j) {
      const Comparison& a = all[i];
      const Comparison& b = all[j];
      if (i == j || a.operand != b.operand) continue;
      if (a.op == "==" && !a.is_param && (b.op == "==" || b.op == "!=") && !b.is_param &&
          a.is_string == b.is_string && i < j) {
        const bool same = a.constant == b.constant;
        if ((b.op == "==" && !same) || (b.op == "!=" && same)) {
          return shown(a) + " and " + shown(b);
        }
      }
      if (a.op == "==" && a.is_string && b.op == "in" &&
          std::find(b.list.begin(), b.list.end(), a.constant) == b.list.end()) {
        return shown(a) + " and " + b.operand + " in [...] without it";
      }
      if (a.op == "in" && b.op == "in" && i < j) {
        const bool meet = std::any_of(a.list.begin(), a.list.end(), [&](const std::string& x) {
          return std::find(b.list.begin(), b.list.end(), x) != b.list.end();
        });
        if (!meet) return a.operand + " in two lists with no value in common";
      }
      if (is_lower(a) && is_upper(b)) {
        const std::string why = empty_range(a, b, impl);
        if (!why.empty()) return why;
      }
    }
  }
  return "";
}

// The comparisons of an expression; `complete` tells whether every conjunct was one.
std::vector<Comparison> comparisons(const std::string& expression, bool& complete) {
  std::vector<Comparison> out;
  complete = true;
  if (expression.empty()) return out;
  for (const std::string& part : conjuncts(expression)) {
    if (auto c = read_comparison(part)) {
      out.push_back(std::move(*c));
    } else {
      complete = false;
    }
  }
  return out;
}

// Why a condition `when` (written `text`) selects no row whatever the list; empty when it
// may select some.
std::string never_selects(const expr::Program& when, const std::string& text,
                          const detail::RulesetImpl& impl) {
  // A condition that reads no field has one value for every row.
  if (when.reads().fields.empty()) {
    const Date as_of = impl.default_as_of ? *impl.default_as_of : Date::today();
    const engine::EvalContext context = engine::make_context(impl, as_of);
    const expr::EvalResult result = when.evaluate(nullptr, 0, context.activation());
    if (result.ok() && result.value.type() == ValueType::Bool && !result.value.as_bool()) {
      return "its when (" + text + ") is false whatever the row, as of " + as_of.to_string();
    }
  }
  bool complete = false;
  const std::string why = contradiction(comparisons(text, complete), impl);
  return why.empty() ? why : "its when asks for " + why + " at once";
}

void never_applies(const detail::CompiledRule& rule, const detail::RulesetImpl& impl,
                   std::vector<LintFinding>& out) {
  if (!rule.when) return;
  const std::string why = never_selects(*rule.when, rule.info.when, impl);
  if (why.empty()) return;
  out.push_back({"warning", "never-applies", rule.info.where,
                 "rule '" + rule.info.id + "' never applies: " + why, rule.info.id});
}

// A summary or form whose `when` selects no row gives zeros whatever the list: as much a
// mistake as a rule that never applies.
void never_counts(const detail::CompiledSummary& summary, const std::string& subject,
                  const detail::RulesetImpl& impl, std::vector<LintFinding>& out) {
  if (!summary.when) return;
  const std::string why = never_selects(*summary.when, summary.when_text, impl);
  if (why.empty()) return;
  out.push_back({"warning", "never-applies", summary.where, subject + " counts no row: " + why,
                 ""});  // no rule: the message names it
}

// Rows that one rule's `when` selects may also be selected by the other's: the two are the
// same condition, or both only compare fields with constants and do not contradict.
bool normalises_key(const detail::CompiledRule& rule) {
  return std::any_of(rule.group_keys.begin(), rule.group_keys.end(),
                     [](const auto& key) { return key != nullptr; });
}

bool may_share_rows(const detail::CompiledRule& a, const detail::CompiledRule& b,
                    const detail::RulesetImpl& impl) {
  if (normalized(a.info.when) == normalized(b.info.when)) return true;
  bool complete_a = false;
  bool complete_b = false;
  auto both = comparisons(a.info.when, complete_a);
  const auto other = comparisons(b.info.when, complete_b);
  if (!complete_a || !complete_b) return false;
  both.insert(both.end(), other.begin(), other.end());
  return contradiction(both, impl).empty();
}

void conflicting_bounds(const std::vector<detail::CompiledRule>& rules,
                        const detail::RulesetImpl& impl, std::vector<LintFinding>& out) {
  std::vector<std::vector<Comparison>> bounds(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    bool complete = false;
    for (auto& c : comparisons(rules[i].info.check, complete)) {
      if (is_lower(c) || is_upper(c)) bounds[i].push_back(std::move(c));
    }
  }
  // A rule that can never hold is reported once, on its own, not again with every other rule.
  std::vector<bool> impossible(rules.size(), false);
  for (std::size_t j = 0; j < rules.size(); ++j) {
    for (std::size_t i = j + 1; i-- > 0;) {  // the rule itself first
      const auto& a = rules[i];
      const auto& b = rules[j];
      if (bounds[i].empty() || bounds[j].empty() || impossible[i] || impossible[j]) continue;
      if (a.info.scope != b.info.scope || a.group_by != b.group_by) continue;
      // Keys normalised by an expression group rows otherwise; lint does not compare them.
      if (i != j && (normalises_key(a) || normalises_key(b))) continue;
      if (i != j && !may_share_rows(a, b, impl)) continue;
      std::string why;
      for (const Comparison& x : bounds[i]) {
        for (const Comparison& y : bounds[j]) {
          if (!why.empty() || x.operand != y.operand) continue;
          if (is_lower(x) && is_upper(y)) why = empty_range(x, y, impl);
          if (why.empty() && is_upper(x) && is_lower(y)) why = empty_range(y, x, impl);
        }
      }
      if (why.empty()) continue;
      if (i == j) impossible[j] = true;
      const std::string message =
          i == j ? "rule '" + b.info.id + "' can never hold: its check asks for " + why
                 : "rules '" + a.info.id + "' and '" + b.info.id +
                       "' cannot both hold on the same rows: they ask for " + why;
      out.push_back({"error", "contradiction", b.info.where, message, b.info.id});
    }
  }
}

}  // namespace

void lint_rules(const detail::RulesetImpl& impl, std::vector<LintFinding>& out) {
  for (const auto& rule : impl.rules) never_applies(rule, impl, out);
  for (const auto& summary : impl.summaries) {
    never_counts(summary, "summary '" + summary.id + "'", impl, out);
  }
  for (const auto& form : impl.forms) {
    never_counts(form.fill, "form '" + form.info.id + "'", impl, out);
  }
  conflicting_bounds(impl.rules, impl, out);
}

}  // namespace fundrules::lint_detail
