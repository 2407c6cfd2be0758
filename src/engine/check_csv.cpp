// check_csv: reads a CSV file batch by batch into a Session. With more than one thread the
// next batch is read while the current one is checked, since reading (decoding, parsing money
// and dates) costs about as much as checking.

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "fundrules/engine.hpp"

namespace fundrules {

namespace {

// Batches read ahead by a reader thread, at most `capacity` of them waiting at a time so a
// large file is never all in memory.
class ReadAhead {
 public:
  ReadAhead(CsvReader& reader, std::size_t capacity) : reader_(reader), capacity_(capacity) {
    thread_ = std::thread([this] { read_all(); });
  }
  ~ReadAhead() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  /// The next batch in input order; false at the end. Rethrows what the reader threw. The
  /// batch `batch` held before is handed back to the reader to be filled again.
  bool next(CsvBatch& batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !queue_.empty() || done_; });
    if (queue_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      return false;
    }
    if (batch.table.num_columns() > 0) spare_.push_back(std::move(batch));
    batch = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return true;
  }

 private:
  void read_all() {
    try {
      for (;;) {
        // A batch already used, if one is back: the reader refills its columns in place
        // instead of allocating (and faulting in) fresh ones for every batch.
        CsvBatch batch;
        {
          const std::lock_guard<std::mutex> lock(mutex_);
          if (!spare_.empty()) {
            batch = std::move(spare_.back());
            spare_.pop_back();
          }
        }
        if (!reader_.next(batch)) break;
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return queue_.size() < capacity_ || cancelled_; });
        if (cancelled_) break;
        queue_.push_back(std::move(batch));
        changed_.notify_all();
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mutex_);
      failure_ = std::current_exception();
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
    changed_.notify_all();
  }

  CsvReader& reader_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<CsvBatch> queue_;
  std::vector<CsvBatch> spare_;  // batches the checker is done with
  std::exception_ptr failure_;
  bool done_ = false;
  bool cancelled_ = false;
  std::thread thread_;
};

}  // namespace

Report check_csv(const Ruleset& ruleset, const std::string& path, const CheckOptions& options,
                 const CsvOptions& csv_options) {
  CheckOptions session_options = options;
  if (session_options.input_name.empty()) session_options.input_name = path;
  Session session(ruleset, session_options);
  CsvReader reader(path, ruleset.schema(), csv_options);
  CheckProgress progress;
  if (options.progress) {
    std::error_code ignored;
    const std::uintmax_t size = std::filesystem::file_size(path, ignored);
    if (!ignored) progress.bytes_total = static_cast<std::uint64_t>(size);
  }
  const auto add = [&](const CsvBatch& batch) {
    session.add_problems(batch.problems);
    session.add(batch.table);
    if (options.progress) {
      // Unreadable rows may also stand in the table (as nulls): count by row number.
      const std::size_t n = batch.table.num_rows();
      if (n > 0) progress.rows = std::max(progress.rows, batch.table.row_number(n - 1));
      if (!batch.problems.empty())
        progress.rows = std::max(progress.rows, batch.problems.back().row);
      progress.bytes_read = batch.bytes_read;
      options.progress(progress);
    }
  };
  CsvBatch batch;
  if (options.threads > 1) {
    ReadAhead ahead(reader, 2);
    while (ahead.next(batch)) add(batch);
  } else {
    while (reader.next(batch)) add(batch);
  }
  session.set_input_sha256(reader.input_sha256());
  session.set_input_columns(reader.unused_columns(), reader.missing_fields());
  return session.finish();
}

}  // namespace fundrules
