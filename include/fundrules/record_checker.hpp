#pragma once

#include <memory>
#include <vector>

#include "fundrules/engine.hpp"
#include "fundrules/export.hpp"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"

namespace fundrules {

/// A check prepared once and run on one record after another: the embedded case, where a
/// finance program checks each payment as a clerk enters it.
///
/// check(ruleset, record, options) sets up a whole check for every call: the as-of date's
/// parameter values, an index of each reference table, a state per rule, the declared
/// summaries and the report's statistics. A RecordChecker does the setup once, in its
/// constructor, and keeps what it can between calls; each call computes only the violations.
/// They are exactly those check(ruleset, record, options).violations() gives, in the same
/// order: group and batch rules see the record as a list of its own (a household of one row).
///
/// A record of one row is checked without a list's machinery: each group rule folds the row
/// into a state the checker keeps and runs its check once, and record rules walk their
/// expressions instead of the batch plan. Once a checker has checked a record or two,
/// checking one that passes allocates nothing.
///
/// One RecordChecker serves one thread at a time; give each thread its own (they can share
/// the Ruleset and the reference tables).
class FUNDRULES_API RecordChecker {
 public:
  /// Prepares checks of `ruleset` with `options`: its as_of, references, first_row and
  /// max_groups are used; threads, input_name, progress and mergeable have no use for one
  /// record and are ignored. Throws Error as the Session constructor does (a required
  /// reference table missing, a table naming no reference of the ruleset).
  explicit RecordChecker(const Ruleset& ruleset, CheckOptions options = {});
  ~RecordChecker();
  RecordChecker(RecordChecker&&) noexcept;
  RecordChecker& operator=(RecordChecker&&) noexcept;

  /// The violations of `record`, as check(ruleset, record, options).violations() lists them
  /// (empty when the record passes every rule). Meant for a table of one row; a table of
  /// several rows is checked as one list, as check() would. The table may be laid out as the
  /// ruleset's schema or name its columns by field name, label or alias, as for check().
  /// Throws ValueError for a column whose type cannot hold its field's.
  [[nodiscard]] std::vector<Violation> check(const Table& record);

  /// The ruleset it checks against.
  [[nodiscard]] const Ruleset& ruleset() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fundrules
