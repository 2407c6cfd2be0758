#include "fundrules/report.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

#include "report/report_format.hpp"
#include "report/spilled.hpp"

namespace fundrules {

Report::Report(Summary summary, std::vector<Violation> violations)
    : summary_(std::move(summary)), violations_(std::move(violations)) {}

Report::Report(Summary summary, std::vector<Violation> violations,
               std::vector<SummaryTable> summaries)
    : summary_(std::move(summary)),
      violations_(std::move(violations)),
      summaries_(std::move(summaries)) {}

bool Report::ok() const noexcept {
  if (summary_.unreadable > 0) return false;
  if (spilled_ && spilled_->errors > 0) return false;
  return std::none_of(violations_.begin(), violations_.end(),
                      [](const Violation& v) { return v.severity == Severity::Error; });
}

const std::vector<Violation>& Report::violations() const {
  return spilled_ ? spilled_->all(violations_) : violations_;
}

void Report::for_each_violation(const std::function<void(const Violation&)>& visit) const {
  if (!spilled_) {
    for (const Violation& violation : violations_) visit(violation);
    return;
  }
  detail::ViolationCursor cursor(*spilled_, violations_);
  while (const Violation* violation = cursor.next()) visit(*violation);
}

std::size_t Report::violation_count() const noexcept {
  return violations_.size() + (spilled_ ? spilled_->count : 0);
}

namespace report_detail {

void format_on_threads(const StoredViolations& stored, unsigned threads,
                       const FormatViolations& format,
                       const std::function<void(std::string&)>& emit) {
  // Violations are taken a block at a time and each block is cut into one part per thread:
  // the parts' texts, emitted in order, are the text one thread would have made. A block
  // bounds what is held at once (its violations' text, and copies of them when they are read
  // back from disk) whatever the size of the report.
  constexpr std::size_t kBlock = 2048;
  // Below this many violations a part is not worth a thread.
  constexpr std::size_t kMinPart = 64;
  // A report kept in memory hands out its own violations, which stay put; one read back from
  // disk swaps each into one of a block's few objects, which stay put until the block is
  // written (and whose texts the reading reuses).
  std::vector<Violation> kept(stored.spilled != nullptr ? kBlock : 0);
  std::vector<const Violation*> block;
  block.reserve(kBlock);
  bool first = true;
  const auto flush = [&] {
    const std::size_t n = block.size();
    if (n == 0) return;
    const std::size_t parts =
        std::max<std::size_t>(1, std::min<std::size_t>(threads, n / kMinPart));
    std::vector<std::string> texts(parts);
    std::vector<std::exception_ptr> failures(parts);
    const auto work = [&](std::size_t part) {
      try {
        const std::size_t begin = n * part / parts;
        const std::size_t end = n * (part + 1) / parts;
        format(texts[part], block.data() + begin, block.data() + end, first && begin == 0);
      } catch (...) {
        failures[part] = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t part = 1; part < parts; ++part) pool.emplace_back(work, part);
    work(0);
    for (std::thread& thread : pool) thread.join();
    for (const std::exception_ptr& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }
    for (std::string& text : texts) emit(text);
    first = false;
    block.clear();
  };
  if (stored.spilled == nullptr) {
    for (const Violation& violation : *stored.in_memory) {
      block.push_back(&violation);
      if (block.size() == kBlock) flush();
    }
  } else {
    detail::ViolationCursor cursor(*stored.spilled, *stored.in_memory);
    while (const Violation* violation = cursor.next(kept[block.size()])) {
      block.push_back(violation);
      if (block.size() == kBlock) flush();
    }
  }
  flush();
}

std::string shown_value(const ValueRead& read, const ReportOptions& options, bool* masked) {
  const bool hide =
      !read.missing && read.personal != PersonalData::None && !options.show_personal_data;
  std::string text = hide ? mask_personal(read.value, read.personal) : read.value;
  if (masked != nullptr) *masked = hide && text != read.value;
  return text;
}

std::string_view severity_code(Severity severity) noexcept {
  return severity == Severity::Error ? "error" : "warning";
}

std::string_view scope_code(Scope scope) noexcept {
  switch (scope) {
    case Scope::Record:
      return "record";
    case Scope::Group:
      return "group";
    case Scope::Batch:
      return "batch";
  }
  return "record";
}

bool wants_english(const ReportOptions& options) noexcept { return options.language == "en"; }

std::string message_in(const Violation& violation, const ReportOptions& options) {
  const std::string& preferred =
      wants_english(options) ? violation.message_en : violation.message_zh;
  const std::string& message = !preferred.empty()       ? preferred
                               : wants_english(options) ? violation.message_zh
                                                        : violation.message_en;
  return masked_message(message, violation, options);
}

std::string masked_message(std::string message, const Violation& violation,
                           const ReportOptions& options) {
  if (options.show_personal_data) return message;
  // Messages are filled in with the values as read; the personal ones are among the
  // violation's values, so each is found and masked here. Longer values first, so that a name
  // that contains another is masked whole.
  std::vector<const ValueRead*> personal;
  for (const ValueRead& read : violation.values) {
    if (read.personal != PersonalData::None && !read.missing && !read.value.empty()) {
      personal.push_back(&read);
    }
  }
  std::stable_sort(personal.begin(), personal.end(), [](const ValueRead* a, const ValueRead* b) {
    return a->value.size() > b->value.size();
  });
  for (const ValueRead* read : personal) {
    const std::string masked = mask_personal(read->value, read->personal);
    if (masked == read->value) continue;
    for (std::size_t at = message.find(read->value); at != std::string::npos;
         at = message.find(read->value, at + masked.size())) {
      message.replace(at, read->value.size(), masked);
    }
  }
  return message;
}

}  // namespace report_detail
}  // namespace fundrules
