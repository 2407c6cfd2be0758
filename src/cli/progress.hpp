#pragma once

// A one-line progress display on standard error for long checks: shown only when asked (or when
// standard error is a terminal and not under CI), and only after the check has run for a moment,
// so short checks and redirected output stay clean.

#include <chrono>
#include <ostream>
#include <string>

#include "fundrules/engine.hpp"

namespace fundrules::cli {

/// When to show progress.
enum class ProgressMode { Auto, Always, Never };

/// True when `mode` asks for progress here: Always, or Auto with standard error a terminal and
/// the CI variable unset.
bool progress_wanted(ProgressMode mode);

/// Formats one progress line, without the carriage return: "123,456 rows, 45% of 260.0 MB,
/// 3.2 s" (or its Chinese form).
std::string format_progress(const CheckProgress& progress, double seconds,
                            const std::string& language);

/// Writes progress lines to a stream, at most every `interval`, starting after `delay`.
class ProgressLine {
 public:
  ProgressLine(std::ostream& err, std::string language,
               std::chrono::milliseconds delay = std::chrono::milliseconds(1000),
               std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  /// Called after each batch.
  void update(const CheckProgress& progress);
  /// Clears the line if one was written.
  void finish();

 private:
  std::ostream& err_;
  std::string language_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point next_;
  std::chrono::milliseconds interval_;
  bool shown_ = false;
};

}  // namespace fundrules::cli
