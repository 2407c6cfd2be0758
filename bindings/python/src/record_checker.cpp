// fundrules._core.RecordChecker: one record (a mapping) at a time, for a program that checks
// each payment as it is entered. The record becomes one row in the ruleset's layout, kept in
// the checker and overwritten on every call, and a fundrules::RecordChecker checks it; each
// value is converted by the same converters as Python records given to check(). The check
// itself takes microseconds, so the GIL is kept: releasing it would cost more.

#include <pybind11/stl.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "cells.hpp"
#include "fundrules/record_checker.hpp"
#include "records.hpp"

namespace fundrules::python {

namespace {

/// What checking one record found.
struct RecordResult {
  std::vector<Violation> violations;
  /// Fields whose values came as binary floats (the Python side warns about them).
  std::vector<std::string> float_fields;

  [[nodiscard]] bool ok() const {
    return std::none_of(violations.begin(), violations.end(),
                        [](const Violation& v) { return v.severity == Severity::Error; });
  }
};

class PyRecordChecker {
 public:
  PyRecordChecker(const Ruleset& ruleset, const py::object& as_of, const References* refs,
                  std::int64_t first_row, py::tuple nulls)
      : ruleset_(ruleset),
        checker_(ruleset, make_check_options(as_of, "<record>", 1, refs, first_row, false)),
        nulls_(std::move(nulls)) {
    const Schema& schema = ruleset_.schema();
    std::vector<Column> columns;
    converters_.reserve(schema.fields.size());
    for (const FieldSpec& field : schema.fields) {
      converters_.emplace_back(field);
      columns.emplace_back(field.name, converters_.back().column_type());
      columns.back().append_null();
    }
    record_ = Table(std::move(columns));
    cells_.resize(schema.fields.size());
    converted_.resize(schema.fields.size());
    keys_.resize(schema.fields.size());
  }

  RecordResult check(const py::handle& record) {
    // PyMapping_Check() also holds for lists and tuples; a mapping is what has items().
    if (!PyMapping_Check(record.ptr()) || !py::hasattr(record, "items")) {
      throw py::type_error(
          "a record is a mapping of field names to values, not a " +
          py::str(py::type::handle_of(record).attr("__name__")).cast<std::string>());
    }
    const Schema& schema = ruleset_.schema();
    std::fill(cells_.begin(), cells_.end(), Cell{});
    std::fill(keys_.begin(), keys_.end(), std::string());
    messages_.clear();
    // Texts point into the values: they are held until the row is set.
    const py::list items(record.attr("items")());
    for (const py::handle item : items) {
      const auto pair = py::reinterpret_borrow<py::tuple>(item);
      std::string key = py::str(pair[0]).cast<std::string>();
      auto found = key_fields_.find(key);
      if (found == key_fields_.end()) {
        found = key_fields_.emplace(key, schema.match_header(key)).first;
      }
      // A value the rules would never see is a mistake to report, not to drop.
      if (found->second < 0) {
        throw ValueError("key '" + key + "' names no field of ruleset " + ruleset_.id());
      }
      const auto f = static_cast<std::size_t>(found->second);
      if (!keys_[f].empty()) {
        throw ValueError("keys '" + keys_[f] + "' and '" + key + "' both name field " +
                         schema.fields[f].name);
      }
      keys_[f] = std::move(key);
      cells_[f] = describe(pair[1], nulls_, messages_);
    }
    RecordResult result;
    std::string problems;
    for (std::size_t f = 0; f < cells_.size(); ++f) {
      const ConvertOutcome outcome = converters_[f].convert(cells_[f], converted_[f]);
      if (outcome.used_float) result.float_fields.push_back(schema.fields[f].name);
      if (!outcome.ok) {
        problems += (problems.empty() ? "" : "; ") + schema.fields[f].name + ": " + outcome.error;
      }
    }
    // Every bad value at once, and nothing checked: a record with an unreadable value is no
    // record the rules can judge.
    if (!problems.empty()) throw ValueError("the record cannot be read: " + problems);
    for (std::size_t f = 0; f < cells_.size(); ++f) {
      Column& column = record_.column(f);
      column.clear();
      converters_[f].append(column, converted_[f]);
    }
    result.violations = checker_.check(record_);
    return result;
  }

  [[nodiscard]] const Ruleset& ruleset() const { return ruleset_; }

 private:
  Ruleset ruleset_;
  RecordChecker checker_;
  py::tuple nulls_;
  std::vector<FieldConverter> converters_;  // by field
  Table record_;                            // one row, the schema's layout
  std::vector<Cell> cells_;
  std::vector<io::Cell> converted_;
  std::vector<std::string> keys_;  // by field: the key that set it in this record
  std::deque<std::string> messages_;
  std::map<std::string, int, std::less<>> key_fields_;  // key -> field index (-1: none)
};

}  // namespace

void register_record_checker(py::module_& m) {
  py::class_<RecordResult>(m, "RecordResult")
      .def("ok", &RecordResult::ok)
      .def("count", [](const RecordResult& r) { return r.violations.size(); })
      .def("rule_ids",
           [](const RecordResult& r) {
             std::vector<std::string> ids;
             ids.reserve(r.violations.size());
             for (const Violation& v : r.violations) ids.push_back(v.rule_id);
             return ids;
           })
      .def(
          "violations",
          [](const RecordResult& r, bool show_personal_data) {
            return violation_list(r.violations, show_personal_data);
          },
          py::arg("show_personal_data"))
      .def_readonly("float_fields", &RecordResult::float_fields);
  py::class_<PyRecordChecker>(m, "RecordChecker")
      .def(
          py::init<const Ruleset&, const py::object&, const References*, std::int64_t, py::tuple>(),
          py::arg("ruleset"), py::arg("as_of"), py::arg("refs").none(true), py::arg("first_row"),
          py::arg("nulls"))
      .def("check", &PyRecordChecker::check, py::arg("record"))
      .def("ruleset", &PyRecordChecker::ruleset);
}

}  // namespace fundrules::python
