#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "fundrules/csv.hpp"
#include "fundrules/date.hpp"
#include "fundrules/export.hpp"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"

namespace fundrules {

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
  /// Called by check_csv after each batch, on the calling thread; it must not throw. Leave
  /// empty for no progress reports.
  std::function<void(const CheckProgress&)> progress;
};

/// An incremental check: feed batches (and unreadable rows) in input order, then finish().
/// Record rules run as each batch arrives; group and batch rules keep partial states that
/// merge, so a list checked in parts gives the same report as the whole list.
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
  /// Ends the check and returns the report. The session cannot be used afterwards.
  Report finish();

 private:
  struct Impl;
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
