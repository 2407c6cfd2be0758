#pragma once

#include <string>
#include <vector>

#include "fundrules/error.hpp"
#include "fundrules/export.hpp"
#include "fundrules/ruleset.hpp"

namespace fundrules {

/// One thing `lint` found in a ruleset, before any data is read.
struct FUNDRULES_API LintFinding {
  /// "error" (the ruleset is wrong: it does not load, or two rules can never both hold),
  /// "warning" (most likely a mistake) or "info" (worth knowing).
  std::string severity;
  /// What kind of finding: "load" (a problem the loader reports), "unused-param",
  /// "never-applies", "contradiction", "param-history", "identity-units" (a statistics form's
  /// identity that adds or compares rows whose units do not convert; always an error).
  std::string kind;
  SourceLocation where;
  std::string message;
  std::string rule_id;  ///< the rule concerned, if any

  /// "file:line:column: severity: message [rule id]".
  [[nodiscard]] std::string to_string() const;
};

/// Lints the ruleset at `path`: everything the loader reports (each error, each warning), then
/// parameters no rule reads, rules that can never apply (a `when` that is false whatever the
/// row, or whose conditions contradict each other), rules that cannot all hold on the same
/// rows (a minimum above a cap under the same `when`), and parameter histories with gaps.
/// Findings are in file and line order. Throws DataError only if the file cannot be read.
FUNDRULES_API std::vector<LintFinding> lint_ruleset(const std::string& path,
                                                    const LoadOptions& options = {});

/// As lint_ruleset(), for a ruleset already loaded (its load warnings are included).
FUNDRULES_API std::vector<LintFinding> lint_loaded(const Ruleset& ruleset);

/// True if any finding is an error.
FUNDRULES_API bool has_errors(const std::vector<LintFinding>& findings) noexcept;

}  // namespace fundrules
