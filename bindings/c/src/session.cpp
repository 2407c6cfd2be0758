// Sessions: per-caller options, and the checks that make a report in one call.

#include <memory>
#include <optional>
#include <sstream>
#include <string_view>

#include "fundrules/csv.hpp"
#include "fundrules/date.hpp"
#include "handles.hpp"
#include "records.hpp"

namespace {

using fundrules::capi::guarded;
using fundrules::capi::invalid_argument;
using fundrules::capi::make_report;

fundrules::Report check_csv_text(const fr_session& session, std::string text,
                                 const std::string& default_name,
                                 const fundrules::CsvOptions& csv_options) {
  fundrules::CheckOptions options = session.check_options;
  if (!session.input_name_set) {
    options.input_name = default_name;
  }
  fundrules::CsvReader reader(std::make_unique<std::istringstream>(std::move(text)),
                              options.input_name, session.ruleset.schema(), csv_options);
  fundrules::Session check(session.ruleset, options);
  fundrules::capi::feed(reader, check, 0);
  return check.finish();
}

// In-memory records are UTF-8 whatever the session's encoding for files is.
fundrules::CsvOptions utf8_options(const fr_session& session) {
  fundrules::CsvOptions options = session.csv_options;
  options.encoding = fundrules::Encoding::Utf8;
  return options;
}

fr_status finish_check(fr_session* session, fundrules::Report report, fr_report** out) {
  *out = make_report(std::move(report), session->report_options);
  session->last_error.clear();
  return FR_OK;
}

}  // namespace

extern "C" {

FR_API fr_status fr_session_new(const fr_ruleset* ruleset, fr_session** out) {
  return guarded(nullptr, [&] {
    if (ruleset == nullptr) {
      return invalid_argument("ruleset");
    }
    if (out == nullptr) {
      return invalid_argument("out");
    }
    *out = new fr_session{ruleset->ruleset, {}, {}, false, {}, {}};
    return FR_OK;
  });
}

FR_API void fr_session_free(fr_session* session) { delete session; }

FR_API const char* fr_session_last_error(const fr_session* session) {
  return session != nullptr ? session->last_error.c_str() : "";
}

FR_API fr_status fr_session_set_language(fr_session* session, const char* language) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    const std::string_view text = language != nullptr ? language : "";
    if (text != "zh" && text != "en") {
      fundrules::capi::set_error(
          FR_ERROR_INVALID_ARGUMENT,
          "language must be \"zh\" or \"en\", not \"" + std::string(text) + "\"", {}, session);
      return FR_ERROR_INVALID_ARGUMENT;
    }
    session->report_options.language = std::string(text);
    return FR_OK;
  });
}

FR_API fr_status fr_session_set_as_of(fr_session* session, const char* date) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if (date == nullptr || *date == '\0') {
      session->check_options.as_of.reset();
    } else {
      session->check_options.as_of = fundrules::Date::parse(date);
    }
    return FR_OK;
  });
}

FR_API fr_status fr_session_set_show_personal_data(fr_session* session, int show) {
  if (session == nullptr) {
    return invalid_argument("session");
  }
  session->report_options.show_personal_data = show != 0;
  return FR_OK;
}

FR_API fr_status fr_session_set_threads(fr_session* session, unsigned threads) {
  if (session == nullptr) {
    return invalid_argument("session");
  }
  if (threads == 0) {
    fundrules::capi::set_error(FR_ERROR_INVALID_ARGUMENT, "threads must be at least 1", {},
                               session);
    return FR_ERROR_INVALID_ARGUMENT;
  }
  session->check_options.threads = threads;
  return FR_OK;
}

FR_API fr_status fr_session_set_input_name(fr_session* session, const char* name) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    session->input_name_set = name != nullptr;
    session->check_options.input_name = name != nullptr ? name : "";
    return FR_OK;
  });
}

FR_API fr_status fr_session_check_csv(fr_session* session, const char* path, fr_report** out) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if (const fr_status status = fundrules::capi::require_references(
            session->ruleset, session->check_options.references, &session->last_error);
        status != FR_OK) {
      return status;
    }
    if (path == nullptr || out == nullptr) {
      return invalid_argument(path == nullptr ? "path" : "out", session);
    }
    fundrules::CheckOptions options = session->check_options;
    if (!session->input_name_set) {
      options.input_name = path;
    }
    return finish_check(
        session, fundrules::check_csv(session->ruleset, path, options, session->csv_options), out);
  });
}

FR_API fr_status fr_session_set_encoding(fr_session* session, const char* encoding) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    const std::string_view name = encoding != nullptr ? encoding : "";
    if (name == "auto") {
      session->csv_options.encoding = fundrules::Encoding::Auto;
    } else if (name == "utf-8" || name == "utf8" || name == "UTF-8") {
      session->csv_options.encoding = fundrules::Encoding::Utf8;
    } else if (name == "gb18030" || name == "gbk" || name == "GB18030" || name == "GBK") {
      session->csv_options.encoding = fundrules::Encoding::Gb18030;
    } else {
      fundrules::capi::set_error(
          FR_ERROR_INVALID_ARGUMENT,
          "encoding must be \"auto\", \"utf-8\" or \"gb18030\", not \"" + std::string(name) + "\"",
          {}, session);
      return FR_ERROR_INVALID_ARGUMENT;
    }
    return FR_OK;
  });
}

FR_API fr_status fr_session_set_mergeable(fr_session* session, int mergeable) {
  if (session == nullptr) {
    return invalid_argument("session");
  }
  session->check_options.mergeable = mergeable != 0;
  return FR_OK;
}

FR_API fr_status fr_session_check_csv_data(fr_session* session, const char* data, size_t length,
                                           fr_report** out) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if (const fr_status status = fundrules::capi::require_references(
            session->ruleset, session->check_options.references, &session->last_error);
        status != FR_OK) {
      return status;
    }
    if ((data == nullptr && length > 0) || out == nullptr) {
      return invalid_argument(out == nullptr ? "out" : "data", session);
    }
    fundrules::CheckOptions options = session->check_options;
    if (!session->input_name_set) {
      options.input_name = "<csv>";
    }
    fundrules::CsvReader reader(
        std::make_unique<std::istringstream>(data != nullptr ? std::string(data, length) : ""),
        options.input_name, session->ruleset.schema(), session->csv_options);
    fundrules::Session check(session->ruleset, options);
    fundrules::capi::feed(reader, check, 0);
    check.set_input_sha256(reader.input_sha256());
    check.set_input_columns(reader.unused_columns(), reader.missing_fields());
    return finish_check(session, check.finish(), out);
  });
}

namespace {

// Checks JSON records (one record, or an array of them) as a list of their own; the two entry
// points differ only in the input's default name and whether one record is expected.
fr_status check_json_records(fr_session* session, const char* json, size_t length, fr_report** out,
                             const char* default_name, bool single_record) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if (const fr_status status = fundrules::capi::require_references(
            session->ruleset, session->check_options.references, &session->last_error);
        status != FR_OK) {
      return status;
    }
    if ((json == nullptr && length > 0) || out == nullptr) {
      return invalid_argument(out == nullptr ? "out" : "json", session);
    }
    const std::string source =
        session->input_name_set ? session->check_options.input_name : std::string(default_name);
    auto records = fundrules::capi::json_records_csv(
        session->ruleset.schema(),
        json != nullptr ? std::string_view(json, length) : std::string_view(), source,
        single_record);
    return finish_check(
        session, check_csv_text(*session, std::move(records.csv), source, utf8_options(*session)),
        out);
  });
}

}  // namespace

FR_API fr_status fr_session_check_record_json(fr_session* session, const char* json, size_t length,
                                              fr_report** out) {
  return check_json_records(session, json, length, out, "<record>", true);
}

FR_API fr_status fr_session_check_json(fr_session* session, const char* json, size_t length,
                                       fr_report** out) {
  return check_json_records(session, json, length, out, "<json>", false);
}

FR_API fr_status fr_session_check_columns(fr_session* session, size_t num_columns,
                                          const char* const* names, size_t num_rows,
                                          const char* const* values, fr_report** out) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if (const fr_status status = fundrules::capi::require_references(
            session->ruleset, session->check_options.references, &session->last_error);
        status != FR_OK) {
      return status;
    }
    if (out == nullptr) {
      return invalid_argument("out", session);
    }
    if (num_columns > 0 && names == nullptr) {
      return invalid_argument("names", session);
    }
    if (num_columns > 0 && num_rows > 0 && values == nullptr) {
      return invalid_argument("values", session);
    }
    for (std::size_t c = 0; c < num_columns; ++c) {
      if (names[c] == nullptr) {
        return invalid_argument("names[i]", session);
      }
    }
    auto records = fundrules::capi::columns_csv(session->ruleset.schema(), num_columns, names,
                                                num_rows, values);
    return finish_check(
        session,
        check_csv_text(*session, std::move(records.csv), "<columns>", utf8_options(*session)), out);
  });
}

}  // extern "C"
