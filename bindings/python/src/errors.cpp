// fundrules' C++ exceptions as the Python classes of fundrules._errors, so that Python code
// catches fundrules.Error (or a built-in ValueError/OverflowError where that is what it is).

#include "bindings.hpp"

namespace fundrules::python {

namespace {

const py::module_& errors_module() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::module_> storage;
  return storage.call_once_and_store_result([] { return py::module_::import("fundrules._errors"); })
      .get_stored();
}

py::list python_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  const py::object diagnostic_type = errors_module().attr("Diagnostic");
  py::list out;
  for (const Diagnostic& d : diagnostics) {
    out.append(diagnostic_type(d.where.file, d.where.line, d.where.column, d.message, d.severity));
  }
  return out;
}

void raise(const char* class_name, const py::object& instance) {
  PyErr_SetObject(errors_module().attr(class_name).ptr(), instance.ptr());
}

void translate(std::exception_ptr pending) {
  if (!pending) return;
  const py::module_& errors = errors_module();
  try {
    std::rethrow_exception(pending);
  } catch (const RulesetError& e) {
    raise("RulesetError",
          errors.attr("RulesetError")(e.what(), python_diagnostics(e.diagnostics())));
  } catch (const DataError& e) {
    raise("DataError",
          errors.attr("DataError")(e.what(), e.where().file, e.where().line, e.where().column));
  } catch (const ValueError& e) {
    raise("InvalidValueError", errors.attr("InvalidValueError")(e.what()));
  } catch (const OverflowError& e) {
    raise("ArithmeticOverflowError", errors.attr("ArithmeticOverflowError")(e.what()));
  } catch (const LimitError& e) {
    raise("LimitError", errors.attr("LimitError")(e.what()));
  } catch (const Error& e) {
    raise("Error", errors.attr("Error")(e.what()));
  } catch (const ExpressionFailure& e) {
    raise("ExpressionError",
          errors.attr("ExpressionError")(e.what(), python_diagnostics(e.diagnostics)));
  } catch (const EvaluationFailure& e) {
    raise("EvaluationError", errors.attr("EvaluationError")(e.what(), e.kind));
  }
}

}  // namespace

void register_errors(py::module_& m) {
  (void)m;
  errors_module();  // imported now, so a broken package fails at import, not at the first error
  py::register_exception_translator(&translate);
}

}  // namespace fundrules::python
