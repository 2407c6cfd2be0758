// Reference tables (a register of workers on file, earlier payment lists) given to a session,
// from CSV files or from columns of strings, and what a ruleset declares of them.

#include <memory>
#include <sstream>
#include <string_view>

#include "handles.hpp"
#include "records.hpp"

namespace {

using fundrules::capi::guarded;
using fundrules::capi::invalid_argument;

const fundrules::ReferenceInfo* reference_at(const fr_ruleset* ruleset, std::size_t index) {
  if (ruleset == nullptr || index >= ruleset->ruleset.references().size()) {
    return nullptr;
  }
  return &ruleset->ruleset.references()[index];
}

// The reference the ruleset declares as `name`; else records the error, naming those it does.
const fundrules::ReferenceInfo* declared(fr_session* session, const char* name) {
  const fundrules::ReferenceInfo* reference = session->ruleset.reference(name);
  if (reference == nullptr) {
    std::string names;
    for (const auto& each : session->ruleset.references()) {
      names += (names.empty() ? "" : ", ") + each.name;
    }
    fundrules::capi::set_error(FR_ERROR_INVALID_ARGUMENT,
                               "ruleset " + session->ruleset.id() +
                                   " declares no reference table '" + name +
                                   "' (it declares: " + (names.empty() ? "none" : names) + ")",
                               {}, session);
  }
  return reference;
}

// Reads a reference table from CSV text as a file of it would be read: every declared field
// must have a column and every row must be readable, since checking against part of a register
// gives wrong answers.
fundrules::Table read_reference(const fundrules::ReferenceInfo& reference, std::string text,
                                const std::string& source) {
  fundrules::CsvOptions options;
  options.encoding = fundrules::Encoding::Utf8;
  options.batch_rows = 0;  // one batch holds the table
  fundrules::CsvReader reader(std::make_unique<std::istringstream>(std::move(text)), source,
                              reference.schema, options);
  fundrules::CsvBatch batch;
  reader.next(batch);
  const std::string what = "reference table '" + reference.name + "'";
  if (!batch.problems.empty()) {
    const fundrules::RowProblem& first = batch.problems.front();
    throw fundrules::DataError(
        fundrules::SourceLocation{source, 0, first.column},
        what + ": row " + std::to_string(first.row) + " cannot be read: " + first.message);
  }
  if (const auto missing = reader.missing_fields(); !missing.empty()) {
    std::string names;
    for (const auto& field : missing) {
      names += (names.empty() ? "" : ", ") + field;
    }
    throw fundrules::DataError(fundrules::SourceLocation{source, 0, 0},
                               what + ": no column for " + names);
  }
  return std::move(batch.table);
}

}  // namespace

namespace fundrules::capi {

fr_status require_references(const fundrules::Ruleset& ruleset, const fundrules::References& given,
                             std::string* handle_error) {
  for (const auto& reference : ruleset.references()) {
    if (!reference.optional && !given.find(reference.name)) {
      set_error(FR_ERROR_INVALID_ARGUMENT,
                "the ruleset needs reference table '" + reference.name + "' (" + reference.title() +
                    "): give it with fr_session_add_reference_csv or "
                    "fr_session_add_reference_columns",
                {}, handle_error);
      return FR_ERROR_INVALID_ARGUMENT;
    }
  }
  return FR_OK;
}

}  // namespace fundrules::capi

extern "C" {

FR_API size_t fr_ruleset_reference_count(const fr_ruleset* ruleset) {
  return ruleset != nullptr ? ruleset->ruleset.references().size() : 0;
}

FR_API const char* fr_ruleset_reference_name(const fr_ruleset* ruleset, size_t index) {
  const auto* reference = reference_at(ruleset, index);
  return reference != nullptr ? reference->name.c_str() : nullptr;
}

FR_API int fr_ruleset_reference_optional(const fr_ruleset* ruleset, size_t index) {
  const auto* reference = reference_at(ruleset, index);
  if (reference == nullptr) {
    return -1;
  }
  return reference->optional ? 1 : 0;
}

FR_API fr_status fr_session_add_reference_csv(fr_session* session, const char* name,
                                              const char* path) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if (name == nullptr || path == nullptr) {
      return invalid_argument(name == nullptr ? "name" : "path", session);
    }
    if (declared(session, name) == nullptr) {
      return FR_ERROR_INVALID_ARGUMENT;
    }
    session->check_options.references.load_csv(session->ruleset, name, path, session->csv_options);
    return FR_OK;
  });
}

FR_API fr_status fr_session_add_reference_columns(fr_session* session, const char* name,
                                                  size_t num_columns, const char* const* names,
                                                  size_t num_rows, const char* const* values) {
  return guarded(session, [&] {
    if (session == nullptr) {
      return invalid_argument("session");
    }
    if (name == nullptr) {
      return invalid_argument("name", session);
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
    const fundrules::ReferenceInfo* reference = declared(session, name);
    if (reference == nullptr) {
      return FR_ERROR_INVALID_ARGUMENT;
    }
    auto records =
        fundrules::capi::columns_csv(reference->schema, num_columns, names, num_rows, values);
    session->check_options.references.add(
        name, read_reference(*reference, std::move(records.csv), "<" + std::string(name) + ">"));
    return FR_OK;
  });
}

FR_API fr_status fr_session_clear_references(fr_session* session) {
  if (session == nullptr) {
    return invalid_argument("session");
  }
  session->check_options.references = fundrules::References();
  return FR_OK;
}

}  // extern "C"
