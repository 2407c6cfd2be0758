// Standalone expressions: fundrules.evaluate(expr, **variables) and the JSON form that
// `fundrules eval` prints.

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "expr/expr.hpp"

namespace fundrules::python {

namespace {

// 1-based column, in characters, of a byte offset into UTF-8 text: what an editor shows.
int column_of(std::string_view text, std::size_t offset) {
  int column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

const char* kind_name(expr::EvalErrorKind kind) {
  switch (kind) {
    case expr::EvalErrorKind::None:
      return "none";
    case expr::EvalErrorKind::MissingField:
      return "missing_field";
    case expr::EvalErrorKind::DivisionByZero:
      return "division_by_zero";
    case expr::EvalErrorKind::Overflow:
      return "overflow";
    case expr::EvalErrorKind::InvalidArgument:
      return "invalid_argument";
    case expr::EvalErrorKind::NoMatchingOverload:
      return "no_matching_overload";
  }
  return "error";
}

expr::Type type_of(const Value& value) {
  expr::Type type;
  type.kind = value.type();
  if (value.type() == ValueType::List) {
    const ValueList& items = value.as_list();
    // A list whose elements share one type is typed by it; a mixed or empty one is dynamic.
    if (!items.empty()) {
      type.element = items.front().type();
      type.element_dyn = false;
      for (const Value& item : items) {
        if (item.type() != type.element) type.element_dyn = true;
      }
    }
  }
  return type;
}

py::object evaluate(const std::string& text, const py::dict& variables) {
  expr::Environment environment;
  std::vector<Value> values;
  for (auto item : variables) {
    const auto name = item.first.cast<std::string>();
    values.push_back(value_from_python(item.second));
    environment.add_variable(name, type_of(values.back()), values.size() - 1);
  }
  expr::EvalResult result;
  {
    py::gil_scoped_release release;
    const expr::CompileResult compiled = expr::compile(text, environment);
    if (!compiled.program) {
      std::vector<Diagnostic> diagnostics;
      for (const expr::ExprError& e : compiled.errors) {
        Diagnostic d;
        d.where = SourceLocation{"<expression>", 1, column_of(text, e.offset)};
        d.message = e.message;
        diagnostics.push_back(std::move(d));
      }
      const std::string summary =
          diagnostics.empty() ? "the expression does not compile" : diagnostics.front().to_string();
      throw ExpressionFailure(summary, std::move(diagnostics));
    }
    const std::vector<Value> no_params;
    expr::Activation activation;
    activation.params = &no_params;
    activation.variables = &values;
    result = compiled.program->evaluate(nullptr, 0, activation);
  }
  if (!result.ok()) {
    throw EvaluationFailure(
        result.error_message.empty() ? kind_name(result.error) : result.error_message,
        kind_name(result.error));
  }
  return to_python(result.value);
}

}  // namespace

void register_expr(py::module_& m) {
  m.def("evaluate", &evaluate, py::arg("text"), py::arg("variables"));
  m.def(
      "evaluate_to_json",
      [](const std::string& text) {
        py::gil_scoped_release release;
        bool ok = true;
        std::string json = expr::evaluate_to_json(text, ok);
        return std::make_pair(std::move(json), ok);
      },
      py::arg("text"));
}

}  // namespace fundrules::python
