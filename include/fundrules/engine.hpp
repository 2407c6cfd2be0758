#pragma once

#include <cstddef>
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

/// Per-call options of a check. A Ruleset is shared; CheckOptions and Session are per call.
struct FUNDRULES_API CheckOptions {
  /// The date that selects parameter versions and stands for "today" in rules; defaults to
  /// the ruleset's own `as_of`, else today.
  std::optional<Date> as_of;
  /// Threads for batch evaluation (1 = the calling thread only).
  unsigned threads = 1;
  /// Name of the input, for the report summary.
  std::string input_name;
  /// Most groups one group rule may hold (distinct group_by values), a bound on the memory of
  /// a check for a caller that checks lists from unknown sources; 0 = no bound. Past it the
  /// check throws LimitError.
  std::size_t max_groups = 0;
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
