#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/export.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/schema.hpp"

namespace fundrules {

namespace detail {
struct PendingCheck;
}  // namespace detail

/// A value a failed check read, as evidence in the explanation.
struct FUNDRULES_API ValueRead {
  std::string name;   ///< field name, e.g. "amount"
  std::string value;  ///< its text, unmasked ("null" if absent); writers mask personal data
  PersonalData personal = PersonalData::None;
  bool missing = false;  ///< the field had no value in the row (value is then "null")
};

/// A parameter a failed check used, with the date its value took effect.
struct FUNDRULES_API ParamUsed {
  std::string name;
  std::string value;
  std::optional<Date> effective_from;
  std::string origin;  ///< id of the ruleset that set it
};

/// One failure: a rule that did not hold, or a row that could not be read.
struct FUNDRULES_API Violation {
  std::string rule_id;  ///< the rule's id; "input.unreadable" for an unreadable row
  Severity severity = Severity::Error;
  Scope scope = Scope::Record;
  std::vector<std::int64_t> rows;  ///< 1-based data rows concerned (header excluded), sorted
  std::int64_t line = 0;           ///< physical line of the first row, 0 if unknown
  int column = 0;                  ///< for an unreadable cell: its 1-based column
  std::string group_key;           ///< for a group rule: the key of the group
  std::string message_zh;          ///< the message with its placeholders filled in
  std::string message_en;
  std::vector<ValueRead> values;  ///< what the check read
  std::vector<ParamUsed> params;  ///< which parameters it used
  std::string clause;             ///< the clause of the basis it rests on
  std::string clause_text;        ///< that clause's text, as the ruleset quotes it
  std::string detail;             ///< why it failed when that is not the check itself
                                  ///< (a missing field, a division by zero)
};

/// A rule that was not run, and why: it reads an optional reference table that was not given.
struct FUNDRULES_API SkippedRule {
  std::string rule_id;
  std::string reference;  ///< the reference table it needs
  std::string reason_zh;
  std::string reason_en;
};

/// How one rule fared on a list: on how many rows (a record rule) or groups (a group or batch
/// rule) it was checked, and how many of them failed. A rule whose `when` never held was
/// checked on none.
struct FUNDRULES_API RuleStat {
  std::string rule_id;
  std::string origin;    ///< id of the ruleset (in an `extends:` chain) that declared the rule
  SourceLocation where;  ///< where that ruleset declared it
  std::int64_t checked = 0;
  std::int64_t failed = 0;  ///< violations of the rule; checked - failed passed
};

/// Row accounting and totals: rows == clean + with_violations + unreadable, always.
struct FUNDRULES_API Summary {
  std::int64_t rows = 0;
  std::int64_t clean = 0;
  std::int64_t with_violations = 0;
  std::int64_t unreadable = 0;
  std::int64_t errors = 0;    ///< error-severity violations
  std::int64_t warnings = 0;  ///< warning-severity violations
  std::map<std::string, std::int64_t> violations_by_rule;
  std::vector<RuleStat> rule_stats;  ///< one per rule of the ruleset, in its order
  std::string ruleset_id;
  std::string ruleset_sha256;
  std::string input_name;
  std::string input_sha256;  ///< empty when the input was not a file
  std::optional<Date> as_of;
  std::string fundrules_version;
  /// Rules not run because a reference table they read was not given, in ruleset order.
  std::vector<SkippedRule> skipped_rules;
};

/// How a report is written.
struct FUNDRULES_API ReportOptions {
  std::string language = "zh";      ///< "zh" or "en"
  bool show_personal_data = false;  ///< false: ID numbers, cards, phones are masked
};

/// The result of checking a list. Violations are ordered by first row, then rule order.
class FUNDRULES_API Report {
 public:
  Report() = default;
  Report(Summary summary, std::vector<Violation> violations);

  /// True when no error-severity violation and no unreadable row.
  [[nodiscard]] bool ok() const noexcept;
  [[nodiscard]] const Summary& summary() const noexcept { return summary_; }
  [[nodiscard]] const std::vector<Violation>& violations() const noexcept { return violations_; }

  /// Text for people.
  [[nodiscard]] std::string to_text(const ReportOptions& options = {}) const;
  /// JSON following the schema "fundrules.report/1" (docs/report-schema.md).
  [[nodiscard]] std::string to_json(const ReportOptions& options = {}) const;
  /// CSV, one line per violation, with a header.
  [[nodiscard]] std::string to_csv(const ReportOptions& options = {}) const;

  /// True when the report keeps what merging needs (made with CheckOptions::mergeable).
  [[nodiscard]] bool mergeable() const noexcept { return pending_ != nullptr; }
  /// Makes this the report of this report's rows followed by `later`'s, as if both parts had
  /// been checked as one list: group and batch rules are checked again on the merged states.
  /// Both must be mergeable reports of the same ruleset and as-of date (else Error); the
  /// result stays mergeable. Summary fields that name the input keep this report's values
  /// (the input's digest is kept only when every part has the same one).
  void merge(const Report& later);
  /// The report of `parts` (mergeable reports of consecutive parts of one list, in order)
  /// checked as one list. Throws Error for an empty list or a part that cannot merge.
  [[nodiscard]] static Report merge(const std::vector<Report>& parts);

 private:
  friend struct detail::PendingCheck;
  Summary summary_;
  std::vector<Violation> violations_;
  std::shared_ptr<const detail::PendingCheck> pending_;  // the unfinished check, if mergeable
};

}  // namespace fundrules
