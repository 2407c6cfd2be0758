#pragma once

// A session's spilled violations: once the violations it holds take more than a bound, they
// are put in report order and written to a temporary file as a run, so that a check of a list
// of any length holds a bounded number of them. finish() hands the runs to the report.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/context.hpp"
#include "report/spilled.hpp"

namespace fundrules::engine {

class ViolationSpill {
 public:
  ViolationSpill() = default;
  /// Spills into `directory` (empty: never) once more than `threshold` bytes are held.
  ViolationSpill(std::string directory, std::size_t threshold);

  [[nodiscard]] bool enabled() const noexcept { return !directory_.empty(); }
  /// True once some violations were written out.
  [[nodiscard]] bool has_runs() const noexcept { return runs_ != nullptr; }

  /// Called after each batch, with every violation the session holds: spills them (and
  /// empties `found`) when they take more than the threshold.
  void after_batch(std::vector<Found>& found);
  /// Spills `found` whatever its size.
  void spill(std::vector<Found>& found);
  /// Takes the runs of `later`, whose violations were all found after this one's (and after
  /// those `found` holds, which are spilled first so that the order stays right). Throws
  /// Error when `later` spilled and this session may not.
  void take(ViolationSpill& later, std::vector<Found>& found);
  /// The runs, for the report, with the ranks of the violations it keeps in memory; null when
  /// nothing was spilled. The spill is empty afterwards.
  std::shared_ptr<detail::SpilledViolations> release(std::vector<int> in_memory_ranks);

 private:
  std::string directory_;
  std::size_t threshold_ = 0;
  std::shared_ptr<detail::SpillFile> file_;  // created by the first spill
  std::shared_ptr<detail::SpilledViolations> runs_;
  std::size_t next_id_ = 0;   // the number the next run gets
  std::size_t measured_ = 0;  // violations of `found` already counted in held_
  std::size_t held_ = 0;      // bytes they take, roughly
};

/// The counts a summary needs, over every violation of a spilled report.
struct SpilledTally {
  std::int64_t errors = 0;
  std::int64_t warnings = 0;
  std::map<std::string, std::int64_t> by_rule;
  std::int64_t with_violations = 0;  ///< rows with a violation, unreadable ones left out
};

/// Reads the violations of `spilled` and `in_memory` back in report order and counts them, in
/// memory bounded by the rows of the violations about several rows.
SpilledTally tally(const detail::SpilledViolations& spilled,
                   const std::vector<Violation>& in_memory,
                   const std::set<std::int64_t>& unreadable_rows);

}  // namespace fundrules::engine
