// Reports: totals, violations, and the JSON and text forms.

#include <string_view>

#include "handles.hpp"
#include "report/report_format.hpp"

namespace {

const fundrules::Violation* violation_at(const fr_report* report, std::size_t index) noexcept {
  if (report == nullptr || index >= report->report.violations().size()) {
    return nullptr;
  }
  return &report->report.violations()[index];
}

}  // namespace

namespace fundrules::capi {

fr_violation_view view_of(const Violation& violation, const ReportOptions& options) {
  // The same language choice and masking as the JSON and text writers.
  return fr_violation_view{
      fundrules::report_detail::message_in(violation, options),
      fundrules::report_detail::masked_message(violation.group_key, violation, options)};
}

fr_report* make_report(Report report, const ReportOptions& options) {
  auto handle = std::make_unique<fr_report>();
  handle->options = options;
  handle->views.reserve(report.violations().size());
  for (const auto& violation : report.violations()) {
    handle->views.push_back(view_of(violation, options));
  }
  handle->report = std::move(report);
  return handle.release();
}

}  // namespace fundrules::capi

extern "C" {

FR_API void fr_report_free(fr_report* report) { delete report; }

FR_API int fr_report_ok(const fr_report* report) {
  return report != nullptr && report->report.ok() ? 1 : 0;
}

FR_API int64_t fr_report_count(const fr_report* report, fr_count which) {
  if (report == nullptr) {
    return -1;
  }
  const auto& summary = report->report.summary();
  switch (which) {
    case FR_COUNT_ROWS:
      return summary.rows;
    case FR_COUNT_CLEAN:
      return summary.clean;
    case FR_COUNT_WITH_VIOLATIONS:
      return summary.with_violations;
    case FR_COUNT_UNREADABLE:
      return summary.unreadable;
    case FR_COUNT_ERRORS:
      return summary.errors;
    case FR_COUNT_WARNINGS:
      return summary.warnings;
    case FR_COUNT_VIOLATIONS:
      return static_cast<int64_t>(report->report.violations().size());
  }
  return -1;
}

FR_API const char* fr_report_json(const fr_report* report) {
  if (report == nullptr) {
    return nullptr;
  }
  std::call_once(report->json_once, [report] {
    report->json_ok = fundrules::capi::guarded(nullptr, [report] {
                        report->json = report->report.to_json(report->options);
                        return FR_OK;
                      }) == FR_OK;
  });
  return report->json_ok ? report->json.c_str() : nullptr;
}

FR_API const char* fr_report_text(const fr_report* report) {
  if (report == nullptr) {
    return nullptr;
  }
  std::call_once(report->text_once, [report] {
    report->text_ok = fundrules::capi::guarded(nullptr, [report] {
                        report->text = report->report.to_text(report->options);
                        return FR_OK;
                      }) == FR_OK;
  });
  return report->text_ok ? report->text.c_str() : nullptr;
}

FR_API size_t fr_report_violation_count(const fr_report* report) {
  return report != nullptr ? report->report.violations().size() : 0;
}

FR_API const char* fr_violation_rule_id(const fr_report* report, size_t index) {
  const auto* violation = violation_at(report, index);
  return violation != nullptr ? violation->rule_id.c_str() : nullptr;
}

FR_API int fr_violation_severity(const fr_report* report, size_t index) {
  const auto* violation = violation_at(report, index);
  if (violation == nullptr) {
    return -1;
  }
  return violation->severity == fundrules::Severity::Warning ? FR_SEVERITY_WARNING
                                                             : FR_SEVERITY_ERROR;
}

FR_API const char* fr_violation_message(const fr_report* report, size_t index) {
  return violation_at(report, index) != nullptr ? report->views[index].message.c_str() : nullptr;
}

FR_API const char* fr_violation_clause(const fr_report* report, size_t index) {
  const auto* violation = violation_at(report, index);
  return violation != nullptr ? violation->clause.c_str() : nullptr;
}

FR_API size_t fr_violation_row_count(const fr_report* report, size_t index) {
  const auto* violation = violation_at(report, index);
  return violation != nullptr ? violation->rows.size() : 0;
}

FR_API int64_t fr_violation_row(const fr_report* report, size_t index, size_t row_index) {
  const auto* violation = violation_at(report, index);
  if (violation == nullptr || row_index >= violation->rows.size()) {
    return -1;
  }
  return violation->rows[row_index];
}

FR_API const char* fr_violation_scope(const fr_report* report, size_t index) {
  const auto* violation = violation_at(report, index);
  if (violation == nullptr) {
    return nullptr;
  }
  // The library's own names: views of string literals, so NUL-terminated for C.
  return fundrules::to_string(violation->scope).data();
}

FR_API const char* fr_violation_group_key(const fr_report* report, size_t index) {
  return violation_at(report, index) != nullptr ? report->views[index].group_key.c_str() : nullptr;
}

FR_API size_t fr_report_skipped_rule_count(const fr_report* report) {
  return report != nullptr ? report->report.summary().skipped_rules.size() : 0;
}

FR_API const char* fr_report_skipped_rule_id(const fr_report* report, size_t index) {
  if (report == nullptr || index >= report->report.summary().skipped_rules.size()) {
    return nullptr;
  }
  return report->report.summary().skipped_rules[index].rule_id.c_str();
}

FR_API int fr_report_mergeable(const fr_report* report) {
  return report != nullptr && report->report.mergeable() ? 1 : 0;
}

FR_API fr_status fr_report_merge(const fr_report* const* parts, size_t count, fr_report** out) {
  return fundrules::capi::guarded(nullptr, [&] {
    if (parts == nullptr || out == nullptr) {
      return fundrules::capi::invalid_argument(parts == nullptr ? "parts" : "out");
    }
    if (count == 0) {
      fundrules::capi::set_error(FR_ERROR_INVALID_ARGUMENT, "no reports to merge");
      return FR_ERROR_INVALID_ARGUMENT;
    }
    std::vector<fundrules::Report> reports;
    reports.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (parts[i] == nullptr) {
        return fundrules::capi::invalid_argument("parts[i]");
      }
      reports.push_back(parts[i]->report);
    }
    // What cannot be one list is the caller's mistake, told apart from a fault while merging.
    const fundrules::Summary& first = reports.front().summary();
    for (std::size_t i = 0; i < count; ++i) {
      const fundrules::Summary& part = reports[i].summary();
      std::string problem;
      if (!reports[i].mergeable()) {
        problem = "was not made mergeable (fr_session_set_mergeable)";
      } else if (part.ruleset_sha256 != first.ruleset_sha256) {
        problem = "is of another ruleset than the first";
      } else if (part.as_of != first.as_of) {
        problem = "was checked as of another date than the first";
      }
      if (!problem.empty()) {
        fundrules::capi::set_error(FR_ERROR_INVALID_ARGUMENT,
                                   "report " + std::to_string(i + 1) + " " + problem);
        return FR_ERROR_INVALID_ARGUMENT;
      }
    }
    *out = fundrules::capi::make_report(fundrules::Report::merge(reports), parts[0]->options);
    return FR_OK;
  });
}

}  // extern "C"
