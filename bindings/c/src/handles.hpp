#pragma once

// What the C handles hold, and the guard that turns every C++ exception into a status code.

#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/fundrules.h"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"

struct fr_ruleset {
  fundrules::Ruleset ruleset;
  // Field type names are kept here so that the C strings outlive the call that asks for them.
  std::vector<std::string> field_types;
};

struct fr_session {
  fundrules::Ruleset ruleset;  // a copy shares the compiled form, keeping it alive
  fundrules::CheckOptions check_options;
  fundrules::ReportOptions report_options;
  bool input_name_set = false;
  std::string last_error;
  fundrules::CsvOptions csv_options;  // for CSV files and bytes; in-memory records are UTF-8
};

/// An incremental check: the session's options as they were when it started, and the engine
/// session, made when the first records arrive so that the first row can still be set.
struct fr_check {
  explicit fr_check(const fr_session& from)
      : ruleset(from.ruleset),
        check_options(from.check_options),
        report_options(from.report_options),
        csv_options(from.csv_options),
        input_name_set(from.input_name_set) {
    if (!input_name_set) check_options.input_name = "<records>";
  }

  fundrules::Ruleset ruleset;
  fundrules::CheckOptions check_options;
  fundrules::ReportOptions report_options;
  fundrules::CsvOptions csv_options;
  std::optional<fundrules::Session> session;
  bool input_name_set = false;  // else messages name the kind of input of each call
  std::int64_t rows = 0;        // records added so far
  bool finished = false;
  std::string last_error;

  fundrules::Session& engine() {
    if (!session) session.emplace(ruleset, check_options);
    return *session;
  }
};

/// One violation as the C accessors show it: the message already in the session's language
/// and masked, and the group key masked (an ID number is a key), so the accessors only hand
/// out pointers.
struct fr_violation_view {
  std::string message;
  std::string group_key;
};

struct fr_report {
  fundrules::Report report;
  fundrules::ReportOptions options;
  std::vector<fr_violation_view> views;
  // JSON and text are made on first request; once_flag keeps concurrent readers safe.
  mutable std::once_flag json_once;
  mutable std::string json;
  mutable bool json_ok = false;
  mutable std::once_flag text_once;
  mutable std::string text;
  mutable bool text_ok = false;
};

namespace fundrules::capi {

/// Records a failure as this thread's last error (and as `handle_error`, the last error of the
/// handle called, if given).
void set_error(fr_status status, std::string message, std::vector<Diagnostic> diagnostics,
               std::string* handle_error);
/// As above, on `session` if given.
void set_error(fr_status status, std::string message, std::vector<Diagnostic> diagnostics = {},
               fr_session* session = nullptr);
/// Records a NULL argument as the last error and returns FR_ERROR_INVALID_ARGUMENT.
fr_status invalid_argument(const char* what, fr_session* session = nullptr);
/// Maps the exception in flight to a status and records it as the last error (and as
/// `handle_error`, if given). Call only from a catch block.
fr_status handle_exception(std::string* handle_error) noexcept;
fr_status handle_exception(fr_session* session = nullptr) noexcept;

/// Runs `body` (which returns an fr_status), translating any exception.
template <typename Body>
fr_status guarded(fr_session* session, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return handle_exception(session);
  }
}

/// As guarded(), recording failures on an incremental check.
template <typename Body>
fr_status guarded_check(fr_check* check, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return handle_exception(check != nullptr ? &check->last_error : nullptr);
  }
}

/// Records FR_ERROR_INVALID_ARGUMENT (and returns it) when the ruleset needs a reference table
/// that `given` lacks, naming it; FR_OK otherwise.
fr_status require_references(const Ruleset& ruleset, const References& given,
                             std::string* handle_error);

/// Makes a report handle from a finished check, with its violation views.
fr_report* make_report(Report report, const ReportOptions& options);

/// How the C accessors show `violation` under `options`.
fr_violation_view view_of(const Violation& violation, const ReportOptions& options);

}  // namespace fundrules::capi
