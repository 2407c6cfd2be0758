#pragma once

// Violations kept on disk instead of in memory. A check that may find more violations than it
// should hold writes them, a sorted run at a time, to a temporary file in a compact binary
// form; the report's writers read the runs back and merge them with the violations still in
// memory, in report order, a block at a time.
//
// The file holds what the report holds (personal data unmasked: masking happens when the
// report is written). It is created owner-only and unlinked as soon as it is opened, so that
// it disappears with the process on every path, a crash included.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fundrules/report.hpp"

namespace fundrules::detail {

/// A temporary file that is only appended to, and read at offsets by any number of readers.
class SpillFile {
 public:
  /// Creates the file in `directory`. Throws Error naming the directory when it cannot.
  explicit SpillFile(std::string directory);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  /// Appends `bytes`; returns the offset they start at. Throws Error when the write fails
  /// (a full disk), naming the directory.
  std::uint64_t append(const std::string& bytes);
  /// Reads `size` bytes at `offset` into `data`. Safe from several threads at once.
  void read(std::uint64_t offset, char* data, std::size_t size) const;

 private:
  std::string directory_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

/// Appends `violation`, with its sort rank, to `out` as one record.
void encode_violation(std::string& out, int rank, const Violation& violation);

/// One run: violations in report order, written one after another in one file.
struct SpillRun {
  std::shared_ptr<const SpillFile> file;
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
  std::size_t count = 0;
  std::size_t id = 0;  ///< runs are numbered in the order their violations were found
  /// Sort keys (first row, rank) of the run's first and last violation.
  std::int64_t first_row = 0;
  int first_rank = 0;
  std::int64_t last_row = 0;
  int last_rank = 0;
};

/// The spilled violations of a report and the ranks of those it keeps in memory, which the
/// writers need to merge both in report order.
class SpilledViolations {
 public:
  /// Runs grouped in chains: within a chain each run starts at or after the key the one
  /// before ends with, so a chain is read one run after another and the merge has one source
  /// per chain rather than one per run. A list read in order makes one chain.
  std::vector<std::vector<SpillRun>> chains;
  std::size_t count = 0;             ///< violations in the runs
  std::int64_t errors = 0;           ///< error-severity ones among them
  std::vector<int> in_memory_ranks;  ///< one per violation the report keeps in memory

  /// Adds `run` (numbered after every run already added) to the first chain it extends.
  void add(SpillRun run);

  /// Every violation, spilled or not, in report order: read back once, on first use.
  const std::vector<Violation>& all(const std::vector<Violation>& in_memory) const;

 private:
  mutable std::once_flag loaded_;
  mutable std::vector<Violation> all_;
};

/// Reads the violations of a report in report order: the spilled runs merged with those kept
/// in memory, by first row, then rank, then the order they were found in.
class ViolationCursor {
 public:
  /// With `heads_only`, a violation read back from disk has only its rule, severity, scope and
  /// rows (what counting needs); its texts are left empty.
  ViolationCursor(const SpilledViolations& spilled, const std::vector<Violation>& in_memory,
                  bool heads_only = false);
  ~ViolationCursor();
  ViolationCursor(const ViolationCursor&) = delete;
  ViolationCursor& operator=(const ViolationCursor&) = delete;

  /// The next violation, or null at the end; valid until the next call.
  const Violation* next();
  /// As next(), but the violation stays valid after later calls: one kept in memory is where
  /// it was, one read back from disk is swapped into `keep` (whose old texts the cursor reuses
  /// for later reads), so that nothing is copied.
  const Violation* next(Violation& keep);

 private:
  struct Source;
  std::vector<std::unique_ptr<Source>> sources_;
  Source* last_ = nullptr;  // the source of the violation last returned, advanced lazily
};

}  // namespace fundrules::detail
