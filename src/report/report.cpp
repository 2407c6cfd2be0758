#include "fundrules/report.hpp"

#include <algorithm>

#include "report/report_format.hpp"

namespace fundrules {

Report::Report(Summary summary, std::vector<Violation> violations)
    : summary_(std::move(summary)), violations_(std::move(violations)) {}

bool Report::ok() const noexcept {
  if (summary_.unreadable > 0) return false;
  return std::none_of(violations_.begin(), violations_.end(),
                      [](const Violation& v) { return v.severity == Severity::Error; });
}

namespace report_detail {

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

const std::string& message_in(const Violation& violation, const ReportOptions& options) noexcept {
  const std::string& preferred =
      wants_english(options) ? violation.message_en : violation.message_zh;
  if (!preferred.empty()) return preferred;
  return wants_english(options) ? violation.message_zh : violation.message_en;
}

}  // namespace report_detail
}  // namespace fundrules
