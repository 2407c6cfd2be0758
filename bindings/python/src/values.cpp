// Conversions between fundrules' Decimal, Date and Value and Python's decimal.Decimal,
// datetime.date and built-in types, and the money/date helpers built on them.

#include <pybind11/stl.h>

#include <string>

#include "bindings.hpp"

namespace fundrules::python {

namespace {

// datetime.date.toordinal() of 1970-01-01, the epoch of Date::days_since_epoch().
constexpr std::int64_t kEpochOrdinal = 719163;

const py::object& decimal_type() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
  return storage
      .call_once_and_store_result([] { return py::module_::import("decimal").attr("Decimal"); })
      .get_stored();
}

const py::object& date_type() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
  return storage
      .call_once_and_store_result([] { return py::module_::import("datetime").attr("date"); })
      .get_stored();
}

const py::object& datetime_type() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
  return storage
      .call_once_and_store_result([] { return py::module_::import("datetime").attr("datetime"); })
      .get_stored();
}

std::string python_type_name(py::handle object) {
  return py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>();
}

}  // namespace

bool is_decimal(py::handle object) { return py::isinstance(object, decimal_type()); }
bool is_date(py::handle object) { return py::isinstance(object, date_type()); }
bool is_datetime(py::handle object) { return py::isinstance(object, datetime_type()); }

py::object to_python(const Decimal& value) { return decimal_type()(value.to_string()); }

py::object to_python(Date value) {
  return date_type().attr("fromordinal")(kEpochOrdinal + value.days_since_epoch());
}

py::object to_python(const Value& value) {
  switch (value.type()) {
    case ValueType::Null:
      return py::none();
    case ValueType::Bool:
      return py::bool_(value.as_bool());
    case ValueType::Int:
      return py::int_(value.as_int());
    case ValueType::Decimal:
      return to_python(value.as_decimal());
    case ValueType::String:
      return py::str(value.as_string());
    case ValueType::Date:
      return to_python(value.as_date());
    case ValueType::List: {
      py::list out;
      for (const Value& item : value.as_list()) out.append(to_python(item));
      return std::move(out);
    }
  }
  return py::none();
}

Decimal decimal_from_python(py::handle object) {
  if (PyBool_Check(object.ptr())) throw ValueError("a bool is not a number");
  if (PyLong_Check(object.ptr())) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(object.ptr(), &overflow);
    if (overflow == 0) return Decimal(static_cast<std::int64_t>(v));
    return Decimal::parse(py::str(object).cast<std::string>());
  }
  if (!is_decimal(object)) {
    throw ValueError("expected decimal.Decimal, got " + python_type_name(object));
  }
  if (!object.attr("is_finite")().cast<bool>()) {
    throw ValueError(py::str(object).cast<std::string>() + " is not a finite number");
  }
  // Fixed-point text never has an exponent, so Decimal::parse reads it exactly.
  const py::object text = py::module_::import("builtins").attr("format")(object, "f");
  return Decimal::parse(text.cast<std::string>());
}

Date date_from_python(py::handle object) {
  if (!is_date(object)) throw ValueError("expected datetime.date, got " + python_type_name(object));
  if (is_datetime(object)) {
    const bool midnight =
        object.attr("hour").cast<int>() == 0 && object.attr("minute").cast<int>() == 0 &&
        object.attr("second").cast<int>() == 0 && object.attr("microsecond").cast<int>() == 0;
    if (!midnight) throw ValueError("a datetime with a time of day is not a date");
  }
  const auto ordinal = object.attr("toordinal")().cast<std::int64_t>();
  return Date::from_days(static_cast<std::int32_t>(ordinal - kEpochOrdinal));
}

Value value_from_python(py::handle object) {
  if (object.is_none()) return Value();
  if (PyBool_Check(object.ptr())) return Value(object.cast<bool>());
  if (PyLong_Check(object.ptr())) {
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(object.ptr(), &overflow);
    if (overflow != 0)
      throw OverflowError(py::str(object).cast<std::string>() + " is out of range");
    return Value(static_cast<std::int64_t>(v));
  }
  if (PyFloat_Check(object.ptr())) {
    throw py::type_error(
        "a float is not exact; pass decimal.Decimal (or a str) for money and fractions");
  }
  if (is_decimal(object)) return Value(decimal_from_python(object));
  if (PyUnicode_Check(object.ptr())) return Value(object.cast<std::string>());
  if (is_date(object)) return Value(date_from_python(object));
  if (PyList_Check(object.ptr()) || PyTuple_Check(object.ptr())) {
    ValueList items;
    for (py::handle item : object) items.push_back(value_from_python(item));
    return Value(std::move(items));
  }
  throw py::type_error("cannot use a " + python_type_name(object) + " as a fundrules value");
}

void register_values(py::module_& m) {
  m.def(
      "parse_money", [](const std::string& text) { return to_python(Decimal::parse_money(text)); },
      py::arg("text"));
  m.def(
      "parse_decimal", [](const std::string& text) { return to_python(Decimal::parse(text)); },
      py::arg("text"));
  m.def(
      "format_money", [](py::handle value) { return decimal_from_python(value).to_money_string(); },
      py::arg("value"));
  m.def(
      "parse_date", [](const std::string& text) { return to_python(Date::parse(text)); },
      py::arg("text"));
  m.def(
      "exact_decimal", [](py::handle value) { return to_python(decimal_from_python(value)); },
      py::arg("value"),
      "The value as fundrules holds it: a decimal.Decimal or int through fundrules::Decimal.");
}

}  // namespace fundrules::python
