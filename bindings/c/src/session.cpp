// Sessions: per-caller options, and the checks that make reports.

#include <memory>
#include <optional>
#include <sstream>
#include <string_view>

#include "fundrules/csv.hpp"
#include "fundrules/date.hpp"
#include "handles.hpp"
#include "json_records.hpp"

namespace {

using fundrules::capi::guarded;
using fundrules::capi::invalid_argument;
using fundrules::capi::make_report;

void append_csv_cell(std::string& out, std::string_view cell) {
  out += '"';
  for (const char c : cell) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

// Records given in memory are written out as UTF-8 CSV and read back by the CSV reader, so
// that a cell from JSON or a column array is converted exactly as the same cell in a file
// would be (money forms, dates, enum labels and aliases), and a cell that cannot be converted
// makes its row unreadable in the report, as in a file. A null cell is an empty field.
class CsvBuilder {
 public:
  explicit CsvBuilder(const fundrules::Schema& schema) : schema_(schema) {}

  void header(const std::vector<std::string>& names) {
    if (names.empty()) {
      // No columns at all: name every field so the reader sees a header; all cells are null.
      for (const auto& field : schema_.fields) {
        cell(field.name);
      }
    } else {
      for (const auto& name : names) {
        cell(name);
      }
    }
    end_row();
  }

  void cell(std::optional<std::string_view> value) {
    if (!first_in_row_) {
      text_ += ',';
    }
    first_in_row_ = false;
    if (value) {
      append_csv_cell(text_, *value);
    }
  }

  void end_row() {
    // A record whose only cell is null would be a blank line, which CSV readers skip.
    if (text_.empty() || text_.back() == '\n') {
      text_ += "\"\"";
    }
    text_ += "\r\n";
    first_in_row_ = true;
  }

  std::string take() { return std::move(text_); }

 private:
  const fundrules::Schema& schema_;
  std::string text_;
  bool first_in_row_ = true;
};

fundrules::Report check_csv_text(const fr_session& session, std::string text,
                                 const std::string& default_name) {
  fundrules::CheckOptions options = session.check_options;
  if (!session.input_name_set) {
    options.input_name = default_name;
  }
  fundrules::CsvOptions csv_options;
  csv_options.encoding = fundrules::Encoding::Utf8;
  fundrules::CsvReader reader(std::make_unique<std::istringstream>(std::move(text)),
                              options.input_name, session.ruleset.schema(), csv_options);
  fundrules::Session check(session.ruleset, options);
  fundrules::CsvBatch batch;
  while (reader.next(batch)) {
    check.add(batch.table);
    check.add_problems(batch.problems);
  }
  return check.finish();
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
    *out = new fr_session{ruleset->ruleset, {}, {}, false, {}};
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
    if (path == nullptr || out == nullptr) {
      return invalid_argument(path == nullptr ? "path" : "out", session);
    }
    fundrules::CheckOptions options = session->check_options;
    if (!session->input_name_set) {
      options.input_name = path;
    }
    return finish_check(session, fundrules::check_csv(session->ruleset, path, options), out);
  });
}

FR_API fr_status fr_session_check_json(fr_session* session, const char* json, size_t length,
                                       fr_report** out) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if ((json == nullptr && length > 0) || out == nullptr) {
      return invalid_argument(out == nullptr ? "out" : "json", session);
    }
    const std::string source =
        session->input_name_set ? session->check_options.input_name : std::string("<json>");
    const auto records = fundrules::capi::parse_json_records(
        json != nullptr ? std::string_view(json, length) : std::string_view(), source);
    CsvBuilder csv(session->ruleset.schema());
    csv.header(records.names);
    const std::size_t width =
        records.names.empty() ? session->ruleset.schema().fields.size() : records.names.size();
    for (const auto& row : records.rows) {
      for (std::size_t c = 0; c < width; ++c) {
        if (c < row.size() && row[c]) {
          csv.cell(std::string_view(*row[c]));
        } else {
          csv.cell(std::nullopt);
        }
      }
      csv.end_row();
    }
    return finish_check(session, check_csv_text(*session, csv.take(), source), out);
  });
}

FR_API fr_status fr_session_check_columns(fr_session* session, size_t num_columns,
                                          const char* const* names, size_t num_rows,
                                          const char* const* values, fr_report** out) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
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
    std::vector<std::string> header;
    for (std::size_t c = 0; c < num_columns; ++c) {
      if (names[c] == nullptr) {
        return invalid_argument("names[i]", session);
      }
      header.emplace_back(names[c]);
    }
    CsvBuilder csv(session->ruleset.schema());
    csv.header(header);
    const std::size_t width =
        num_columns > 0 ? num_columns : session->ruleset.schema().fields.size();
    for (std::size_t r = 0; r < num_rows; ++r) {
      for (std::size_t c = 0; c < width; ++c) {
        const char* cell = num_columns > 0 ? values[c * num_rows + r] : nullptr;
        csv.cell(cell != nullptr ? std::optional<std::string_view>(cell) : std::nullopt);
      }
      csv.end_row();
    }
    return finish_check(session, check_csv_text(*session, csv.take(), "<columns>"), out);
  });
}

}  // extern "C"
