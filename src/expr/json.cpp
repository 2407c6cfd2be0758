// `fundrules eval`: a standalone expression to JSON.

#include <string>
#include <string_view>

#include "expr/expr.hpp"
#include "report/json_writer.hpp"

namespace fundrules::expr {

namespace {

using report_detail::append_json_string;

void append_json_value(std::string& out, const Value& value) {
  switch (value.type()) {
    case ValueType::Null:
      out += "null";
      break;
    case ValueType::Bool:
      out += value.as_bool() ? "true" : "false";
      break;
    case ValueType::Int:
      out += std::to_string(value.as_int());
      break;
    // Decimals and dates travel as strings so no JSON reader turns them into doubles.
    case ValueType::Decimal:
      append_json_string(out, value.as_decimal().to_string());
      break;
    case ValueType::String:
      append_json_string(out, value.as_string());
      break;
    case ValueType::Date:
      append_json_string(out, value.as_date().to_string());
      break;
    case ValueType::List: {
      out += '[';
      bool first = true;
      for (const auto& item : value.as_list()) {
        if (!first) {
          out += ", ";
        }
        first = false;
        append_json_value(out, item);
      }
      out += ']';
      break;
    }
  }
}

// "line:column" (1-based, columns in bytes) for a message about an offset in `text`.
std::string position(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

std::string error_json(const std::string& message) {
  std::string out = "{\"error\": ";
  append_json_string(out, message);
  return out + "}";
}

}  // namespace

std::string evaluate_to_json(std::string_view text, bool& ok) {
  ok = false;
  Environment env;
  const CompileResult compiled = compile(text, env);
  if (!compiled.program) {
    std::string message;
    for (const auto& error : compiled.errors) {
      if (!message.empty()) {
        message += "; ";
      }
      message += position(text, error.offset) + ": " + error.message;
    }
    return error_json(message);
  }
  const Activation activation;
  const EvalResult result = compiled.program->evaluate(nullptr, 0, activation);
  if (!result.ok()) {
    return error_json(result.error_message);
  }
  ok = true;
  std::string out = "{\"type\": ";
  const ValueType type = result.value.type();
  append_json_string(out, type_name(type));
  out += ", \"value\": ";
  append_json_value(out, result.value);
  return out + "}";
}

}  // namespace fundrules::expr
