// Incremental checks: records added in several calls, parts merged, then one report.

#include <memory>
#include <sstream>
#include <string_view>

#include "handles.hpp"
#include "records.hpp"

namespace {

using fundrules::capi::guarded_check;
using fundrules::capi::make_report;

fr_status check_invalid(fr_check* check, const char* what) {
  fundrules::capi::set_error(FR_ERROR_INVALID_ARGUMENT, std::string(what) + " must not be NULL", {},
                             check != nullptr ? &check->last_error : nullptr);
  return FR_ERROR_INVALID_ARGUMENT;
}

fr_status check_refused(fr_check* check, std::string message) {
  fundrules::capi::set_error(FR_ERROR_INVALID_ARGUMENT, std::move(message), {}, &check->last_error);
  return FR_ERROR_INVALID_ARGUMENT;
}

fr_status require_open(fr_check* check) {
  if (check->finished) {
    return check_refused(check, "the check has finished; start a new one with fr_check_new");
  }
  return FR_OK;
}

// Feeds CSV text made from in-memory records (always UTF-8), numbered after the rows before.
void add_records(fr_check* check, fundrules::capi::RecordsText records, const std::string& source) {
  fundrules::CsvOptions options = check->csv_options;
  options.encoding = fundrules::Encoding::Utf8;
  fundrules::CsvReader reader(std::make_unique<std::istringstream>(std::move(records.csv)), source,
                              check->ruleset.schema(), options);
  fundrules::capi::feed(reader, check->engine(), check->rows);
  check->rows += records.records;
}

std::string source_name(const fr_check* check, const char* fallback) {
  return check->input_name_set ? check->check_options.input_name : fallback;
}

}  // namespace

extern "C" {

FR_API fr_status fr_check_new(fr_session* session, fr_check** out) {
  return fundrules::capi::guarded(session, [&] {
    if (session == nullptr) {
      return fundrules::capi::invalid_argument("session");
    }
    if (out == nullptr) {
      return fundrules::capi::invalid_argument("out", session);
    }
    if (const fr_status status = fundrules::capi::require_references(
            session->ruleset, session->check_options.references, &session->last_error);
        status != FR_OK) {
      return status;
    }
    *out = new fr_check(*session);
    return FR_OK;
  });
}

FR_API void fr_check_free(fr_check* check) { delete check; }

FR_API const char* fr_check_last_error(const fr_check* check) {
  return check != nullptr ? check->last_error.c_str() : "";
}

FR_API fr_status fr_check_set_first_row(fr_check* check, int64_t first_row) {
  return guarded_check(check, [&] {
    if (check == nullptr) {
      return check_invalid(check, "check");
    }
    if (const fr_status status = require_open(check); status != FR_OK) {
      return status;
    }
    if (check->session) {
      return check_refused(check, "the first row can only be set before records are added");
    }
    if (first_row < 1) {
      return check_refused(check, "the first row is 1 or more, not " + std::to_string(first_row));
    }
    check->check_options.first_row = first_row;
    return FR_OK;
  });
}

FR_API fr_status fr_check_add_json(fr_check* check, const char* json, size_t length) {
  return guarded_check(check, [&] {
    if (check == nullptr) {
      return check_invalid(check, "check");
    }
    if (json == nullptr && length > 0) {
      return check_invalid(check, "json");
    }
    if (const fr_status status = require_open(check); status != FR_OK) {
      return status;
    }
    const std::string source = source_name(check, "<json>");
    // Parsed in full before anything is added, so malformed JSON adds nothing.
    auto records = fundrules::capi::json_records_csv(
        check->ruleset.schema(),
        json != nullptr ? std::string_view(json, length) : std::string_view(), source, false);
    add_records(check, std::move(records), source);
    return FR_OK;
  });
}

FR_API fr_status fr_check_add_columns(fr_check* check, size_t num_columns, const char* const* names,
                                      size_t num_rows, const char* const* values) {
  return guarded_check(check, [&] {
    if (check == nullptr) {
      return check_invalid(check, "check");
    }
    if (num_columns > 0 && names == nullptr) {
      return check_invalid(check, "names");
    }
    if (num_columns > 0 && num_rows > 0 && values == nullptr) {
      return check_invalid(check, "values");
    }
    for (std::size_t c = 0; c < num_columns; ++c) {
      if (names[c] == nullptr) {
        return check_invalid(check, "names[i]");
      }
    }
    if (const fr_status status = require_open(check); status != FR_OK) {
      return status;
    }
    add_records(
        check,
        fundrules::capi::columns_csv(check->ruleset.schema(), num_columns, names, num_rows, values),
        source_name(check, "<columns>"));
    return FR_OK;
  });
}

FR_API fr_status fr_check_add_csv(fr_check* check, const char* path) {
  return guarded_check(check, [&] {
    if (check == nullptr) {
      return check_invalid(check, "check");
    }
    if (path == nullptr) {
      return check_invalid(check, "path");
    }
    if (const fr_status status = require_open(check); status != FR_OK) {
      return status;
    }
    fundrules::CsvReader reader(path, check->ruleset.schema(), check->csv_options);
    check->rows += fundrules::capi::feed(reader, check->engine(), check->rows);
    return FR_OK;
  });
}

FR_API int64_t fr_check_row_count(const fr_check* check) {
  return check != nullptr ? check->rows : -1;
}

FR_API fr_status fr_check_merge(fr_check* check, fr_check* later) {
  return guarded_check(check, [&] {
    if (check == nullptr || later == nullptr) {
      return check_invalid(check, check == nullptr ? "check" : "later");
    }
    if (check == later) {
      return check_refused(check, "a check cannot be merged with itself");
    }
    if (const fr_status status = require_open(check); status != FR_OK) {
      return status;
    }
    if (later->finished) {
      return check_refused(check, "the later check has finished; merge it before finishing it");
    }
    if (check->ruleset.sha256() != later->ruleset.sha256()) {
      return check_refused(check, "cannot merge checks of different rulesets");
    }
    if (check->check_options.as_of != later->check_options.as_of) {
      return check_refused(check, "cannot merge checks made as of different dates");
    }
    check->engine().merge(std::move(later->engine()));
    later->finished = true;
    check->rows += later->rows;
    return FR_OK;
  });
}

FR_API fr_status fr_check_finish(fr_check* check, fr_report** out) {
  return guarded_check(check, [&] {
    if (check == nullptr) {
      return check_invalid(check, "check");
    }
    if (out == nullptr) {
      return check_invalid(check, "out");
    }
    if (const fr_status status = require_open(check); status != FR_OK) {
      return status;
    }
    check->finished = true;
    *out = make_report(check->engine().finish(), check->report_options);
    check->last_error.clear();
    return FR_OK;
  });
}

}  // extern "C"
