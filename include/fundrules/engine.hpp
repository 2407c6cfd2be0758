#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/date.hpp"
#include "fundrules/export.hpp"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"

namespace fundrules {

/// The reference tables of a check, by the names a ruleset declares under `references:`
/// (a register of workers on file, earlier payment lists). Tables are held by shared pointer:
/// copying a References, or the CheckOptions holding it, never copies rows, so one set of
/// tables can serve many checks and threads at once. A check indexes each table by its key
/// once, at its start.
class FUNDRULES_API References {
 public:
  /// Gives table `name` (replacing a table of that name). Its columns are matched to the
  /// reference's declared fields by name, label or alias, as a roster's are; an int column
  /// serves a decimal field.
  void add(const std::string& name, Table table);
  /// As add(), sharing a table the caller keeps (it must not change while checks use it).
  void add(const std::string& name, std::shared_ptr<const Table> table);
  /// Reads `path` as reference `name` of `ruleset`, with the fields the ruleset declares for
  /// it. Throws Error if the ruleset declares no such reference (naming those it does), and
  /// DataError naming the file, line and column of the first row that cannot be read or has
  /// no key: checking against part of a register would give wrong answers.
  void load_csv(const Ruleset& ruleset, const std::string& name, const std::string& path,
                const CsvOptions& options = {});
  /// The table given for `name`, or null.
  [[nodiscard]] std::shared_ptr<const Table> find(std::string_view name) const;
  /// The names given, sorted.
  [[nodiscard]] std::vector<std::string> names() const;
  [[nodiscard]] bool empty() const noexcept { return tables_.empty(); }

 private:
  std::map<std::string, std::shared_ptr<const Table>, std::less<>> tables_;
};

/// How far a streamed check has got, for a progress display.
struct FUNDRULES_API CheckProgress {
  std::int64_t rows = 0;          ///< rows checked so far (unreadable ones included)
  std::uint64_t bytes_read = 0;   ///< bytes of the input read so far
  std::uint64_t bytes_total = 0;  ///< size of the input file, 0 when unknown
};

/// Per-call options of a check. A Ruleset is shared; CheckOptions and Session are per call.
struct FUNDRULES_API CheckOptions {
  /// The date that selects parameter versions and stands for "today" in rules; defaults to
  /// the ruleset's own `as_of`, else today.
  std::optional<Date> as_of;
  /// Threads for batch evaluation (1 = the calling thread only).
  unsigned threads = 1;
  /// Name of the input, for the report summary.
  std::string input_name;
  /// The reference tables the ruleset's rules read. A required one that is missing makes the
  /// Session constructor throw Error; a missing optional one skips the rules that read it,
  /// and the report lists them (Summary::skipped_rules).
  References references;
  /// Called by check_csv after each batch, on the calling thread; it must not throw. Leave
  /// empty for no progress reports.
  std::function<void(const CheckProgress&)> progress;
  /// The row number of the input's first data row, for a part of a longer list checked on its
  /// own: the row numbers and physical lines the input gives (1, 2, ... for a CSV file or a
  /// Table numbered by default) are shifted by first_row - 1, so that the part's report names
  /// the rows of the whole list. Lines shift by the same amount, which is right when each row
  /// of the list is one line and each part repeats the header. 1 (the default): no shift.
  std::int64_t first_row = 1;
  /// Keep the partial states of group and batch rules inside the Report, so that it can be
  /// merged with the reports of the parts that follow it (Report::merge). It costs memory
  /// that grows with the number of groups and of violations.
  bool mergeable = false;
  /// Most groups one group rule may hold (distinct group_by values), a bound on the memory of
  /// a check for a caller that checks lists from unknown sources; 0 = no bound. Past it the
  /// check throws LimitError.
  std::size_t max_groups = 0;
  /// A directory where the check may keep the violations it finds on disk rather than in
  /// memory, so that checking a list with many violations takes bounded memory: once the
  /// violations held take more than spill_threshold bytes, they are written, in report order,
  /// to a temporary file there (created owner-only and removed whatever happens, even if the
  /// process is killed). The report's writers merge them back while they write. The file holds
  /// what the report holds, personal data included: masking happens when a report is written,
  /// so choose a directory no one else can read if that matters. Empty (the default): every
  /// violation stays in memory. Cannot be combined with `mergeable` (Session throws Error).
  /// A failure to create or write the file throws Error naming the directory.
  std::string spill_directory;
  /// Bytes of violations (as held in memory) a check keeps before it spills them, when
  /// spill_directory is set. 0 spills after every batch that found any.
  std::size_t spill_threshold = std::size_t{4} << 20;
};

/// An incremental check: feed batches (and unreadable rows) in input order, then finish().
/// Record rules run as each batch arrives; group and batch rules keep partial states that
/// merge, so a list checked in parts gives the same report as the whole list. When add(),
/// add_problems() or finish() throws (a LimitError past max_groups, a spill file that cannot
/// be written, a table that does not fit), part of the call may already have been taken in:
/// the session is then stopped, and every later call throws Error naming the first error.
/// Start a new session. A merge() that throws leaves both sessions as they were.
class FUNDRULES_API Session {
 public:
  Session(const Ruleset& ruleset, CheckOptions options = {});
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  /// Checks one batch of rows.
  void add(const Table& batch);
  /// Records rows that could not be read.
  void add_problems(const std::vector<RowProblem>& problems);
  /// Sets the input's digest for the summary.
  void set_input_sha256(std::string sha256);
  /// Records, for the summary, the input's columns that name no field and the fields that no
  /// column names (as CsvReader::unused_columns() and missing_fields() give them).
  void set_input_columns(std::vector<std::string> unused_columns,
                         std::vector<std::string> missing_fields);
  /// Takes in the rows of `later`, a session on the same ruleset and as-of date whose rows
  /// follow this one's (a later part of the same list, checked on its own, perhaps on another
  /// thread): its violations, row accounting, unreadable rows and the partial states of every
  /// group and batch rule. finish() then gives the report of both parts checked as one list.
  /// `later` is left finished. Throws Error for another ruleset or as-of date, or a
  /// finished session.
  void merge(Session&& later);
  /// Ends the check and returns the report. The session cannot be used afterwards.
  Report finish();

 private:
  struct Impl;
  friend struct detail::PendingCheck;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Checks a whole table.
FUNDRULES_API Report check(const Ruleset& ruleset, const Table& table,
                           const CheckOptions& options = {});
/// Checks a CSV file, streaming it batch by batch.
FUNDRULES_API Report check_csv(const Ruleset& ruleset, const std::string& path,
                               const CheckOptions& options = {},
                               const CsvOptions& csv_options = {});

}  // namespace fundrules
