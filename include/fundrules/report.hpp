#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/export.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/schema.hpp"
#include "fundrules/value.hpp"

namespace fundrules {

namespace detail {
struct PendingCheck;
class SpilledViolations;
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
  std::string origin;     ///< id of the ruleset that set it
  SourceLocation set_at;  ///< where that ruleset set the value used
};

/// One failure: a rule that did not hold, or a row that could not be read.
struct FUNDRULES_API Violation {
  std::string rule_id;  ///< the rule's id; "input.unreadable" for an unreadable row
  /// The id of the ruleset that declared the rule (one of an `extends:` chain), and where;
  /// empty for the engine's own checks (unreadable rows, required fields).
  std::string rule_origin;
  SourceLocation rule_source;
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
  /// Rules of a base ruleset that the checked ruleset (or one between) switched off, and why.
  std::vector<DisabledRule> disabled_rules;
  std::string ruleset_id;
  std::string ruleset_sha256;
  std::string input_name;
  std::string input_sha256;  ///< empty when the input was not a file
  /// Columns of the input whose header names no field of the ruleset: read past, never
  /// checked. Listed so that a misspelt header (金额 written 发放金额X) does not go unnoticed.
  std::vector<std::string> unused_columns;
  /// Fields of the ruleset that no column of the input names: null in every row, so the rules
  /// that read them see a missing value.
  std::vector<std::string> missing_fields;
  std::optional<Date> as_of;
  std::string fundrules_version;
  /// Rules not run because a reference table they read was not given, in ruleset order.
  std::vector<SkippedRule> skipped_rules;
};

/// A column of a declared summary: what it counts or totals, and in which unit.
struct FUNDRULES_API SummaryColumn {
  std::string id;  ///< "households"
  std::string label_zh;
  std::string label_en;
  std::string unit;  ///< "户", "人", "元", ... ; empty when the ruleset names none
};

/// One line of a declared summary: the group's key and one value per column.
struct FUNDRULES_API SummaryRow {
  /// The group_by values as read (enum codes, not labels), one per key field; empty for a
  /// summary of the whole list. A null value is a row whose key field was empty.
  std::vector<Value> key;
  /// The key as people read it: enum labels in Chinese and English (codes otherwise).
  std::vector<std::string> key_zh;
  std::vector<std::string> key_en;
  /// One value per column: an Int for counts, an exact Decimal for money; null when the
  /// column has no value for this group (min of no rows, an expression that failed).
  std::vector<Value> values;
  std::int64_t rows = 0;  ///< rows of the list folded into this line
};

/// A summary a ruleset declares (`summaries:`), computed over the rows of a checked list.
struct FUNDRULES_API SummaryTable {
  std::string id;
  std::string title_zh;
  std::string title_en;
  /// The key fields, and their labels for column headings.
  std::vector<std::string> group_by;
  std::vector<std::string> group_labels_zh;
  std::vector<std::string> group_labels_en;
  /// How each key field is masked (group_by an ID number shows it masked by default).
  std::vector<PersonalData> group_personal;
  std::vector<SummaryColumn> columns;
  /// One line per group, ordered by key (enum values in their declared order, numbers and
  /// dates by value, text by its bytes; an empty key last). A summary without group_by has
  /// exactly one line, for the whole list.
  std::vector<SummaryRow> rows;
  /// For a grouped summary: the columns computed over every row at once (so a distinct count
  /// is not double-counted across groups). Absent for a summary without group_by.
  std::optional<SummaryRow> total;
  /// Rows that could not be folded (a value expression failed on them), with why; they are
  /// left out of every line and the total.
  std::vector<std::string> problems;
};

/// How a report is written.
struct FUNDRULES_API ReportOptions {
  std::string language = "zh";      ///< "zh" or "en"
  bool show_personal_data = false;  ///< false: ID numbers, cards, phones are masked
  /// Threads that format violations for write_json() and write_csv() (1: the calling thread
  /// alone). The text is the same whatever the count.
  unsigned threads = 1;
};

/// The result of checking a list. Violations are ordered by first row, then rule order.
class FUNDRULES_API Report {
 public:
  Report() = default;
  Report(Summary summary, std::vector<Violation> violations);
  /// As above, with the ruleset's declared summaries computed over the list.
  Report(Summary summary, std::vector<Violation> violations, std::vector<SummaryTable> summaries);

  /// True when no error-severity violation and no unreadable row.
  [[nodiscard]] bool ok() const noexcept;
  [[nodiscard]] const Summary& summary() const noexcept { return summary_; }
  /// Every violation, in report order. A report whose violations were spilled to disk
  /// (CheckOptions::spill_directory) reads them all back into memory on the first call; to
  /// go through them a block at a time instead, use for_each_violation(). Throws Error when
  /// the spilled violations cannot be read back.
  [[nodiscard]] const std::vector<Violation>& violations() const;
  /// Calls `visit` on each violation in report order. For a spilled report the violations
  /// are read back from disk a block at a time, so memory stays bounded however many there
  /// are; `visit`'s argument is valid only during the call.
  void for_each_violation(const std::function<void(const Violation&)>& visit) const;
  /// How many violations the report has, without reading spilled ones back.
  [[nodiscard]] std::size_t violation_count() const noexcept;
  /// True when some of the violations are kept on disk rather than in memory.
  [[nodiscard]] bool spilled() const noexcept { return spilled_ != nullptr; }
  /// The summaries the ruleset declares, in its order (empty when it declares none).
  [[nodiscard]] const std::vector<SummaryTable>& summaries() const noexcept { return summaries_; }

  /// Text for people.
  [[nodiscard]] std::string to_text(const ReportOptions& options = {}) const;
  /// JSON following the schema "fundrules.report/1" (docs/report-schema.md).
  [[nodiscard]] std::string to_json(const ReportOptions& options = {}) const;
  /// CSV, one line per violation, with a header.
  [[nodiscard]] std::string to_csv(const ReportOptions& options = {}) const;
  /// The same texts as to_text(), to_json() and to_csv(), written to `out` as they are made, a
  /// block of about 64 KiB at a time, so that a report of many violations is never held in
  /// memory whole. Check `out`'s state afterwards for a failed write.
  void write_text(std::ostream& out, const ReportOptions& options = {}) const;
  void write_json(std::ostream& out, const ReportOptions& options = {}) const;
  void write_csv(std::ostream& out, const ReportOptions& options = {}) const;
  /// The declared summaries as CSV for a spreadsheet: one block per summary (a title line, a
  /// header line, one line per group, a total line), blocks separated by an empty line.
  /// Money is written plain ("1500.00"), so that a spreadsheet reads it as a number.
  [[nodiscard]] std::string summaries_to_csv(const ReportOptions& options = {}) const;

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
  std::vector<Violation> violations_;  // all of them, or those not spilled
  std::vector<SummaryTable> summaries_;
  std::shared_ptr<const detail::SpilledViolations> spilled_;  // null when nothing was spilled
  std::shared_ptr<const detail::PendingCheck> pending_;       // the unfinished check, if mergeable
};

}  // namespace fundrules
