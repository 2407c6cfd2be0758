// One record at a time: a clerk's form sets the fields of a payment as they are typed and has
// it checked on every save. The record is one row in the ruleset's layout, kept in the handle
// and overwritten field by field, and the check is a fundrules::RecordChecker: once warm,
// setting fields and checking a record that passes allocate nothing.

#include <string>
#include <string_view>
#include <vector>

#include "fundrules/record_checker.hpp"
#include "handles.hpp"
#include "io/cell_converter.hpp"
#include "io/text_decoder.hpp"
#include "json_records.hpp"

struct fr_record_checker {
  explicit fr_record_checker(const fr_session& session)
      : ruleset(session.ruleset),
        checker(session.ruleset, session.check_options),
        report_options(session.report_options) {
    const fundrules::Schema& schema = ruleset.schema();
    std::vector<fundrules::Column> columns;
    converters.reserve(schema.fields.size());
    for (const fundrules::FieldSpec& field : schema.fields) {
      converters.emplace_back(field);
      columns.emplace_back(field.name, converters.back().column_type());
      columns.back().append_null();
    }
    record = fundrules::Table(std::move(columns));
  }

  fundrules::Ruleset ruleset;
  fundrules::RecordChecker checker;
  fundrules::ReportOptions report_options;
  std::vector<fundrules::io::CellConverter> converters;  // by field
  fundrules::Table record;                               // one row, the schema's layout
  std::vector<fundrules::Violation> found;               // of the last check
  std::vector<fr_violation_view> views;  // by violation, as a report's accessors show it
  std::string last_error;
};

namespace {

fr_status refused(fr_record_checker* checker, fr_status status, std::string message) {
  fundrules::capi::set_error(status, std::move(message), {},
                             checker != nullptr ? &checker->last_error : nullptr);
  return status;
}

template <typename Body>
fr_status guarded_record(fr_record_checker* checker, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return fundrules::capi::handle_exception(checker != nullptr ? &checker->last_error : nullptr);
  }
}

// Field `field` of the record set to `text` as a CSV cell of it would be read: trimmed, empty
// for no text, else converted or refused (the field then left empty). The message names the
// field and never quotes personal data (the converter's own words).
fr_status set_field(fr_record_checker& checker, std::size_t field, std::string_view text) {
  fundrules::Column& column = checker.record.column(field);
  column.clear();
  const fundrules::FieldSpec& spec = checker.ruleset.schema().fields[field];
  if (fundrules::io::find_invalid_text(text) != std::string_view::npos) {
    column.append_null();
    return refused(&checker, FR_ERROR_VALUE,
                   "field " + spec.name + ": the text is not valid UTF-8");
  }
  fundrules::io::Cell cell;
  const std::string_view trimmed = fundrules::io::trim_cell(text);
  if (!trimmed.empty()) {
    std::string message;
    if (!checker.converters[field].convert(trimmed, cell, message)) {
      column.append_null();
      return refused(&checker, FR_ERROR_VALUE, "field " + spec.name + ": " + message);
    }
  }
  checker.converters[field].append(column, cell);
  return FR_OK;
}

void clear_fields(fr_record_checker& checker) {
  for (std::size_t f = 0; f < checker.record.num_columns(); ++f) {
    fundrules::Column& column = checker.record.column(f);
    column.clear();
    column.append_null();
  }
}

const fundrules::Violation* violation_at(const fr_record_checker* checker,
                                         std::size_t index) noexcept {
  if (checker == nullptr || index >= checker->found.size()) return nullptr;
  return &checker->found[index];
}

}  // namespace

extern "C" {

FR_API fr_status fr_record_checker_new(fr_session* session, fr_record_checker** out) {
  return fundrules::capi::guarded(session, [&] {
    if (session == nullptr) return fundrules::capi::invalid_argument("session");
    if (out == nullptr) return fundrules::capi::invalid_argument("out", session);
    if (const fr_status status = fundrules::capi::require_references(
            session->ruleset, session->check_options.references, &session->last_error);
        status != FR_OK) {
      return status;
    }
    *out = new fr_record_checker(*session);
    return FR_OK;
  });
}

FR_API void fr_record_checker_free(fr_record_checker* checker) { delete checker; }

FR_API const char* fr_record_checker_last_error(const fr_record_checker* checker) {
  return checker != nullptr ? checker->last_error.c_str() : "";
}

FR_API int64_t fr_record_checker_field_index(const fr_record_checker* checker, const char* name) {
  if (checker == nullptr || name == nullptr) return -1;
  return checker->ruleset.schema().match_header(name);
}

FR_API fr_status fr_record_checker_clear(fr_record_checker* checker) {
  return guarded_record(checker, [&] {
    if (checker == nullptr) return refused(checker, FR_ERROR_INVALID_ARGUMENT, "checker is NULL");
    clear_fields(*checker);
    return FR_OK;
  });
}

FR_API fr_status fr_record_checker_set(fr_record_checker* checker, size_t field, const char* text,
                                       size_t length) {
  return guarded_record(checker, [&] {
    if (checker == nullptr) return refused(checker, FR_ERROR_INVALID_ARGUMENT, "checker is NULL");
    if (field >= checker->record.num_columns()) {
      return refused(checker, FR_ERROR_INVALID_ARGUMENT,
                     "field index " + std::to_string(field) + " out of range (the ruleset has " +
                         std::to_string(checker->record.num_columns()) + " fields)");
    }
    return set_field(*checker, field,
                     text != nullptr ? std::string_view(text, length) : std::string_view());
  });
}

FR_API fr_status fr_record_checker_set_json(fr_record_checker* checker, const char* json,
                                            size_t length) {
  return guarded_record(checker, [&] {
    if (checker == nullptr) return refused(checker, FR_ERROR_INVALID_ARGUMENT, "checker is NULL");
    if (json == nullptr && length > 0) {
      return refused(checker, FR_ERROR_INVALID_ARGUMENT, "json is NULL");
    }
    const fundrules::capi::JsonRecords parsed = fundrules::capi::parse_json_record(
        json != nullptr ? std::string_view(json, length) : std::string_view(), "<record>");
    const fundrules::Schema& schema = checker->ruleset.schema();
    // Every key must name a field: a value the rules would never see is a mistake to report,
    // not to drop. Checked before anything is set, so a refused record changes nothing.
    std::vector<int> fields;
    for (const std::string& name : parsed.names) {
      const int field = schema.match_header(name);
      if (field < 0) {
        return refused(checker, FR_ERROR_DATA,
                       "<record>: \"" + name + "\" names no field of the ruleset");
      }
      fields.push_back(field);
    }
    clear_fields(*checker);
    if (parsed.rows.empty()) return FR_OK;
    const auto& cells = parsed.rows.front();
    fr_status status = FR_OK;
    for (std::size_t c = 0; c < cells.size() && c < fields.size(); ++c) {
      if (!cells[c]) continue;
      const fr_status set = set_field(*checker, static_cast<std::size_t>(fields[c]), *cells[c]);
      if (status == FR_OK) status = set;
    }
    return status;
  });
}

FR_API fr_status fr_record_checker_check(fr_record_checker* checker, size_t* violations) {
  return guarded_record(checker, [&] {
    if (checker == nullptr) return refused(checker, FR_ERROR_INVALID_ARGUMENT, "checker is NULL");
    if (violations == nullptr) {
      return refused(checker, FR_ERROR_INVALID_ARGUMENT, "violations is NULL");
    }
    checker->found = checker->checker.check(checker->record);
    checker->views.resize(checker->found.size());
    for (std::size_t i = 0; i < checker->found.size(); ++i) {
      checker->views[i] = fundrules::capi::view_of(checker->found[i], checker->report_options);
    }
    *violations = checker->found.size();
    return FR_OK;
  });
}

FR_API const char* fr_record_checker_rule_id(const fr_record_checker* checker, size_t index) {
  const fundrules::Violation* violation = violation_at(checker, index);
  return violation != nullptr ? violation->rule_id.c_str() : nullptr;
}

FR_API int fr_record_checker_severity(const fr_record_checker* checker, size_t index) {
  const fundrules::Violation* violation = violation_at(checker, index);
  if (violation == nullptr) return -1;
  return violation->severity == fundrules::Severity::Warning ? FR_SEVERITY_WARNING
                                                             : FR_SEVERITY_ERROR;
}

FR_API const char* fr_record_checker_message(const fr_record_checker* checker, size_t index) {
  return violation_at(checker, index) != nullptr ? checker->views[index].message.c_str() : nullptr;
}

FR_API const char* fr_record_checker_clause(const fr_record_checker* checker, size_t index) {
  const fundrules::Violation* violation = violation_at(checker, index);
  return violation != nullptr ? violation->clause.c_str() : nullptr;
}

FR_API const char* fr_record_checker_scope(const fr_record_checker* checker, size_t index) {
  const fundrules::Violation* violation = violation_at(checker, index);
  if (violation == nullptr) return nullptr;
  // The library's own names: views of string literals, so NUL-terminated for C.
  return fundrules::to_string(violation->scope).data();
}

FR_API const char* fr_record_checker_group_key(const fr_record_checker* checker, size_t index) {
  return violation_at(checker, index) != nullptr ? checker->views[index].group_key.c_str()
                                                 : nullptr;
}

}  // extern "C"
