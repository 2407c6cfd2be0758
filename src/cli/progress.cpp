// The progress line of `fundrules check`.

#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace fundrules::cli {

bool progress_wanted(ProgressMode mode) {
  if (mode != ProgressMode::Auto) return mode == ProgressMode::Always;
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0') return false;
  return isatty(STDERR_FILENO) == 1;
}

namespace {

// 1234567 -> "1,234,567".
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string fixed1(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

}  // namespace

std::string format_progress(const CheckProgress& progress, double seconds,
                            const std::string& language) {
  const bool zh = language == "zh";
  std::string line = zh ? "已检查 " + grouped(progress.rows) + " 行"
                        : grouped(progress.rows) + (progress.rows == 1 ? " row" : " rows");
  if (progress.bytes_total > 0) {
    const std::uint64_t read = std::min(progress.bytes_read, progress.bytes_total);
    const auto percent = static_cast<int>(read * 100 / progress.bytes_total);
    const auto total = static_cast<double>(progress.bytes_total);
    const std::string size =
        total >= 1e6 ? fixed1(total / 1e6) + " MB" : fixed1(total / 1e3) + " kB";
    line += zh ? ", " + std::to_string(percent) + "% (共 " + size + ")"
               : ", " + std::to_string(percent) + "% of " + size;
  }
  line += zh ? ", 用时 " + fixed1(seconds) + " 秒" : ", " + fixed1(seconds) + " s";
  return line;
}

ProgressLine::ProgressLine(std::ostream& err, std::string language, std::chrono::milliseconds delay,
                           std::chrono::milliseconds interval)
    : err_(err),
      language_(std::move(language)),
      start_(std::chrono::steady_clock::now()),
      next_(start_ + delay),
      interval_(interval) {}

void ProgressLine::update(const CheckProgress& progress) {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_) return;
  next_ = now + interval_;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  // "\r" returns to the start of the line and "\033[K" clears what a longer line left.
  err_ << '\r' << "fundrules: " << format_progress(progress, seconds, language_) << "\033[K"
       << std::flush;
  shown_ = true;
}

void ProgressLine::finish() {
  if (shown_) err_ << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace fundrules::cli
