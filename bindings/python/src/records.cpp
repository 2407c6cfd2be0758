#include "records.hpp"

#include <algorithm>
#include <deque>

#include "cells.hpp"

namespace fundrules::python {

namespace {

std::string_view utf8_view(py::handle text) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return std::string_view(data, static_cast<std::size_t>(size));
}

}  // namespace

Cell describe(py::handle object, const py::tuple& nulls, std::deque<std::string>& messages) {
  Cell cell;
  if (object.is_none()) return cell;
  for (py::handle null : nulls) {
    if (object.is(null)) return cell;
  }
  PyObject* o = object.ptr();
  if (PyBool_Check(o)) {
    cell.kind = Cell::Kind::Bool;
    cell.boolean = o == Py_True;
  } else if (PyLong_Check(o)) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow == 0) {
      cell.kind = Cell::Kind::Int;
      cell.integer = v;
    } else {
      cell.kind = Cell::Kind::Decimal;
      std::string error;
      auto value = Decimal::try_parse(py::str(object).cast<std::string>(), &error);
      if (!value) {
        messages.push_back("integer out of range");
        cell.kind = Cell::Kind::Invalid;
        cell.text = messages.back();
      } else {
        cell.decimal = *value;
      }
    }
  } else if (PyFloat_Check(o)) {
    cell.kind = Cell::Kind::Float;
    cell.floating = PyFloat_AsDouble(o);
  } else if (PyUnicode_Check(o)) {
    cell.kind = Cell::Kind::Text;
    cell.text = utf8_view(object);
  } else if (is_decimal(object)) {
    try {
      cell.kind = Cell::Kind::Decimal;
      cell.decimal = decimal_from_python(object);
    } catch (const Error& e) {
      messages.emplace_back(e.what());
      cell.kind = Cell::Kind::Invalid;
      cell.text = messages.back();
    }
  } else if (is_datetime(object)) {
    const auto date = object.attr("date")();
    cell.kind = Cell::Kind::DateTime;
    cell.days = date_from_python(date).days_since_epoch();
    cell.midnight =
        object.attr("hour").cast<int>() == 0 && object.attr("minute").cast<int>() == 0 &&
        object.attr("second").cast<int>() == 0 && object.attr("microsecond").cast<int>() == 0;
  } else if (is_date(object)) {
    cell.kind = Cell::Kind::Date;
    cell.days = date_from_python(object).days_since_epoch();
  } else if (PyIndex_Check(o)) {
    // numpy integers and the like
    return describe(py::reinterpret_steal<py::object>(PyNumber_Index(o)), nulls, messages);
  } else {
    messages.push_back("a " +
                       py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>() +
                       " cannot be read as a value");
    cell.kind = Cell::Kind::Invalid;
    cell.text = messages.back();
  }
  return cell;
}

RecordsReader::RecordsReader(py::iterator records, const Schema& schema, py::tuple nulls,
                             std::string source, std::size_t batch_rows)
    : records_(std::move(records)),
      schema_(schema),
      nulls_(std::move(nulls)),
      source_(std::move(source)),
      batch_rows_(batch_rows) {
  for (const FieldSpec& field : schema_.fields) converters_.emplace_back(field);
}

bool RecordsReader::next(CsvBatch& batch) {
  batch.table = Table();
  batch.problems.clear();
  std::vector<Column> columns;
  for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
    columns.emplace_back(schema_.fields[f].name, converters_[f].column_type());
  }
  std::vector<std::int64_t> row_numbers;
  std::deque<std::string> messages;
  std::vector<Cell> cells(schema_.fields.size());
  std::vector<io::Cell> converted(schema_.fields.size());
  std::vector<py::object> keep_alive;
  std::vector<int> cell_columns(schema_.fields.size(), 0);
  std::size_t count = 0;
  while (count < batch_rows_ && records_ != py::iterator::sentinel()) {
    const py::object record = py::reinterpret_borrow<py::object>(*records_);
    ++records_;
    ++count;
    const std::int64_t row_number = next_row_number_++;
    // PyMapping_Check() also holds for lists and tuples; a mapping is what has items().
    if (!PyMapping_Check(record.ptr()) || !py::hasattr(record, "items")) {
      RowProblem problem;
      problem.row = row_number;
      problem.message = "the record is a " +
                        py::str(py::type::handle_of(record).attr("__name__")).cast<std::string>() +
                        ", not a mapping of field names to values";
      batch.problems.push_back(std::move(problem));
      continue;
    }
    std::fill(cells.begin(), cells.end(), Cell{});
    std::fill(cell_columns.begin(), cell_columns.end(), 0);
    messages.clear();
    keep_alive.clear();  // texts point into the values: hold them until the row is appended
    const py::object items = record.attr("items")();
    int position = 0;
    for (py::handle item : items) {
      ++position;
      const auto pair = py::reinterpret_borrow<py::tuple>(item);
      keep_alive.push_back(pair);
      const std::string key = py::str(pair[0]).cast<std::string>();
      auto found = key_fields_.find(key);
      if (found == key_fields_.end()) {
        found = key_fields_.emplace(key, schema_.match_header(key)).first;
      }
      if (found->second < 0) {
        unused_.insert(key);
        continue;
      }
      const auto f = static_cast<std::size_t>(found->second);
      cells[f] = describe(pair[1], nulls_, messages);
      cell_columns[f] = position;
    }
    // Convert every cell before appending any, so that a row with a bad cell is left out
    // whole and all of its bad cells are reported.
    bool readable = true;
    for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
      const ConvertOutcome outcome = converters_[f].convert(cells[f], converted[f]);
      if (outcome.used_float) float_fields_.insert(f);
      if (!outcome.ok) {
        readable = false;
        RowProblem problem;
        problem.row = row_number;
        problem.column = cell_columns[f];
        problem.field = schema_.fields[f].name;
        problem.message = outcome.error;
        batch.problems.push_back(std::move(problem));
      }
    }
    if (!readable) continue;
    for (std::size_t f = 0; f < columns.size(); ++f)
      converters_[f].append(columns[f], converted[f]);
    row_numbers.push_back(row_number);
  }
  if (count == 0) return false;
  batch.table = Table(std::move(columns));
  batch.table.set_origins(std::move(row_numbers), {});
  batch.table.set_source(source_);
  return true;
}

std::vector<std::string> RecordsReader::float_fields() const {
  std::vector<std::string> out;
  for (std::size_t f : float_fields_) out.push_back(schema_.fields[f].name);
  return out;
}

std::vector<std::string> RecordsReader::missing_fields() const {
  std::vector<bool> named(schema_.fields.size(), false);
  for (const auto& [key, field] : key_fields_) {
    if (field >= 0) named[static_cast<std::size_t>(field)] = true;
  }
  std::vector<std::string> missing;
  for (std::size_t f = 0; f < named.size(); ++f) {
    if (!named[f]) missing.push_back(schema_.fields[f].name);
  }
  return missing;
}

}  // namespace fundrules::python
