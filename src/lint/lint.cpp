// lint: the loader's findings, then parameters no rule reads and parameter histories that
// leave dates without a value or say the same thing twice, then the rule findings.

#include "fundrules/lint.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "lint/lint_impl.hpp"

namespace fundrules {

namespace {

using lint_detail::lint_rules;

std::set<std::string> params_read(const detail::RulesetImpl& impl) {
  std::set<std::string> used;
  for (const auto& rule : impl.rules) {
    for (const std::size_t slot : rule.params_read) used.insert(impl.params.at(slot).name);
    for (const auto* parts : {&rule.message_zh, &rule.message_en}) {
      for (const auto& part : *parts) {
        if (part.placeholder && part.text.rfind("params.", 0) == 0)
          used.insert(part.text.substr(7));
      }
    }
  }
  return used;
}

void lint_params(const detail::RulesetImpl& impl, std::vector<LintFinding>& out) {
  const std::set<std::string> used = params_read(impl);
  for (const ParamInfo& param : impl.params) {
    const SourceLocation where = param.history.empty() ? SourceLocation{impl.source_file, 0, 0}
                                                       : param.history.front().where;
    // The loader already warns of this ruleset's own unused parameters.
    if (used.count(param.name) == 0 && param.origin != impl.id) {
      out.push_back({"info", "unused-param", where,
                     "parameter '" + param.name + "' (from '" + param.origin +
                         "') is read by no rule that runs here",
                     ""});
    }
    if (impl.default_as_of && used.count(param.name) > 0 &&
        param.version_on(*impl.default_as_of) == nullptr) {
      out.push_back({"error", "param-history", where,
                     "parameter '" + param.name + "' has no value on the ruleset's as_of " +
                         impl.default_as_of->to_string() +
                         ": its history starts later, so every rule that reads it fails",
                     ""});
    }
    for (std::size_t i = 1; i < param.history.size(); ++i) {
      const ParamVersion& before = param.history[i - 1];
      const ParamVersion& after = param.history[i];
      if (before.where.file == after.where.file && after.where.line < before.where.line) {
        out.push_back({"warning", "param-history", after.where,
                       "parameter '" + param.name +
                           "': its history is not written in date order; write the earliest "
                           "first",
                       ""});
      }
      if (before.value == after.value && before.value.type() == after.value.type()) {
        out.push_back({"info", "param-history", after.where,
                       "parameter '" + param.name + "' keeps the value " + after.value.to_string() +
                           " from " +
                           (after.effective_from ? after.effective_from->to_string() : "?") +
                           "; this entry changes nothing",
                       ""});
      }
    }
  }
}

LintFinding from_diagnostic(const Diagnostic& d) {
  const bool unused = d.message.find("is not used by any rule") != std::string::npos;
  // The loader refuses a form identity that adds or compares rows in units that do not
  // convert; lint names the kind, so that a reader can filter for it.
  const bool units = d.message.find(": mixes units: ") != std::string::npos;
  return {d.severity,
          unused  ? "unused-param"
          : units ? "identity-units"
                  : "load",
          d.where, d.message, ""};
}

void sort_findings(std::vector<LintFinding>& findings) {
  std::stable_sort(findings.begin(), findings.end(),
                   [](const LintFinding& a, const LintFinding& b) {
                     return std::tie(a.where.file, a.where.line, a.where.column) <
                            std::tie(b.where.file, b.where.line, b.where.column);
                   });
}

}  // namespace

std::string LintFinding::to_string() const {
  std::string text = where.to_string() + ": " + severity + ": " + message;
  if (!rule_id.empty()) text += " [" + rule_id + "]";
  return text;
}

std::vector<LintFinding> lint_loaded(const Ruleset& ruleset) {
  std::vector<LintFinding> findings;
  for (const Diagnostic& warning : ruleset.warnings()) findings.push_back(from_diagnostic(warning));
  lint_params(ruleset.impl(), findings);
  lint_rules(ruleset.impl(), findings);
  sort_findings(findings);
  return findings;
}

std::vector<LintFinding> lint_ruleset(const std::string& path, const LoadOptions& options) {
  try {
    return lint_loaded(Ruleset::load_file(path, options));
  } catch (const RulesetError& e) {
    std::vector<LintFinding> findings;
    for (const Diagnostic& d : e.diagnostics()) findings.push_back(from_diagnostic(d));
    return findings;
  }
}

bool has_errors(const std::vector<LintFinding>& findings) noexcept {
  return std::any_of(findings.begin(), findings.end(),
                     [](const LintFinding& f) { return f.severity == "error"; });
}

}  // namespace fundrules
