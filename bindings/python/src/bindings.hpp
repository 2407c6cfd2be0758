#pragma once

// Shared declarations of the fundrules._core extension: one register_<area>() per source file,
// and the conversions between fundrules values and Python objects that several areas use.

#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/decimal.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/value.hpp"

namespace fundrules::python {

namespace py = pybind11;

/// Exception translation from fundrules' C++ exceptions to the classes of fundrules._errors.
void register_errors(py::module_& m);
/// Money and date parsing and formatting.
void register_values(py::module_& m);
/// Standalone expression evaluation.
void register_expr(py::module_& m);
/// The Ruleset class and what it tells about itself.
void register_ruleset(py::module_& m);
/// The Report class.
void register_report(py::module_& m);
/// Checking CSV files, Arrow streams and Python records.
void register_check(py::module_& m);
/// Reference tables (fundrules::References) read from files, Arrow streams or records.
void register_references(py::module_& m);
/// The fundrules program's commands, for `python -m fundrules`.
void register_cli(py::module_& m);

/// Statistics forms: what a ruleset declares, filling one from a list, checking one.
void register_forms(py::module_& m);

/// The options of a check from its Python arguments (as_of a datetime.date or None); the
/// reference tables are shared, not copied. Needs the GIL.
CheckOptions make_check_options(const py::object& as_of, const std::string& input_name,
                                unsigned threads, const References* refs, std::int64_t first_row,
                                bool mergeable);

/// Violations as plain dicts (rule_id, severity, scope, rows, line, column, group_key,
/// message_zh, message_en, values, params, clause, detail), personal data masked unless asked:
/// what Report.violation_list() gives.
py::list violation_list(const std::vector<Violation>& violations, bool show_personal_data);

/// One record at a time: fundrules._core.RecordChecker and the result of its check.
void register_record_checker(py::module_& m);

/// The summaries a report computed (one dict per declared summary: titles, columns, lines with
/// their keys and figures, total, problems), keys of personal fields masked unless asked.
py::list summary_tables(const Report& report, bool show_personal_data);

/// The reference tables a ruleset declares, as plain Python data.
py::list reference_infos(const Ruleset& ruleset);

/// decimal.Decimal with exactly this value and scale.
py::object to_python(const Decimal& value);
/// datetime.date for this date.
py::object to_python(Date value);
/// None, bool, int, decimal.Decimal, str, datetime.date or list.
py::object to_python(const Value& value);

/// A decimal.Decimal (or int) as a Decimal, exactly; throws ValueError for NaN, infinities, more
/// than 18 places or more than 38 digits. Needs the GIL.
Decimal decimal_from_python(py::handle object);
/// A datetime.date as a Date (a datetime.datetime is refused unless it is midnight).
Date date_from_python(py::handle object);
/// A Python value (None, bool, int, decimal.Decimal, float, str, datetime.date, list) as a Value.
/// A float becomes a Decimal through its shortest round-trip representation only when that
/// has at most 15 significant digits, so that it is the number a person wrote.
Value value_from_python(py::handle object);

/// True for instances of datetime.date (including datetime.datetime).
bool is_date(py::handle object);
/// True for instances of datetime.datetime.
bool is_datetime(py::handle object);
/// True for instances of decimal.Decimal.
bool is_decimal(py::handle object);

}  // namespace fundrules::python

namespace fundrules::python {

/// An expression that did not compile; translated to fundrules.ExpressionError.
struct ExpressionFailure : std::runtime_error {
  ExpressionFailure(const std::string& message, std::vector<Diagnostic> found)
      : std::runtime_error(message), diagnostics(std::move(found)) {}
  std::vector<Diagnostic> diagnostics;
};

/// An expression that compiled but gave no value; translated to fundrules.EvaluationError.
struct EvaluationFailure : std::runtime_error {
  EvaluationFailure(const std::string& message, std::string error_kind)
      : std::runtime_error(message), kind(std::move(error_kind)) {}
  std::string kind;
};

}  // namespace fundrules::python
