// Value: the dynamically typed cell and expression result.

#include "fundrules/value.hpp"

#include <cstdio>

#include "fundrules/error.hpp"

namespace fundrules {

std::string_view type_name(ValueType type) noexcept {
  switch (type) {
    case ValueType::Null:
      return "null";
    case ValueType::Bool:
      return "bool";
    case ValueType::Int:
      return "int";
    case ValueType::Decimal:
      return "decimal";
    case ValueType::String:
      return "string";
    case ValueType::Date:
      return "date";
    case ValueType::List:
      return "list";
  }
  return "unknown";
}

namespace {

[[noreturn]] void wrong_type(ValueType wanted, ValueType actual) {
  throw ValueError("expected a " + std::string(type_name(wanted)) + " value, got " +
                   std::string(type_name(actual)));
}

/// Appends `text` as a double-quoted literal. Quotes, backslashes and control characters are
/// escaped; other UTF-8 text (Chinese names) is kept as it is so the literal stays readable.
void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned char>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

bool Value::as_bool() const {
  if (const auto* b = std::get_if<bool>(&data_)) {
    return *b;
  }
  wrong_type(ValueType::Bool, type());
}

std::int64_t Value::as_int() const {
  if (const auto* i = std::get_if<std::int64_t>(&data_)) {
    return *i;
  }
  wrong_type(ValueType::Int, type());
}

const Decimal& Value::as_decimal() const {
  if (const auto* d = std::get_if<Decimal>(&data_)) {
    return *d;
  }
  wrong_type(ValueType::Decimal, type());
}

const std::string& Value::as_string() const {
  if (const auto* s = std::get_if<std::string>(&data_)) {
    return *s;
  }
  wrong_type(ValueType::String, type());
}

Date Value::as_date() const {
  if (const auto* d = std::get_if<Date>(&data_)) {
    return *d;
  }
  wrong_type(ValueType::Date, type());
}

const ValueList& Value::as_list() const {
  if (const auto* list = std::get_if<std::shared_ptr<const ValueList>>(&data_)) {
    return **list;
  }
  wrong_type(ValueType::List, type());
}

std::string Value::to_string() const {
  switch (type()) {
    case ValueType::Null:
      return "null";
    case ValueType::Bool:
      return as_bool() ? "true" : "false";
    case ValueType::Int:
      return std::to_string(as_int());
    case ValueType::Decimal:
      return as_decimal().to_string();
    case ValueType::String:
      return as_string();
    case ValueType::Date:
      return as_date().to_string();
    case ValueType::List: {
      std::string out = "[";
      bool first = true;
      for (const Value& item : as_list()) {
        if (!first) {
          out += ", ";
        }
        first = false;
        out += item.to_string();
      }
      return out + "]";
    }
  }
  return {};
}

std::string Value::to_literal() const {
  switch (type()) {
    case ValueType::String: {
      std::string out;
      append_quoted(out, as_string());
      return out;
    }
    case ValueType::Decimal:
      // A bare 600 would read back as an int, so decimals keep their constructor.
      return "decimal(\"" + as_decimal().to_string() + "\")";
    case ValueType::Date:
      return "date(\"" + as_date().to_string() + "\")";
    case ValueType::List: {
      std::string out = "[";
      bool first = true;
      for (const Value& item : as_list()) {
        if (!first) {
          out += ", ";
        }
        first = false;
        out += item.to_literal();
      }
      return out + "]";
    }
    default:
      return to_string();
  }
}

bool operator==(const Value& a, const Value& b) {
  const ValueType ta = a.type();
  const ValueType tb = b.type();
  if (ta != tb) {
    if (ta == ValueType::Int && tb == ValueType::Decimal) {
      return Decimal(a.as_int()) == b.as_decimal();
    }
    if (ta == ValueType::Decimal && tb == ValueType::Int) {
      return a.as_decimal() == Decimal(b.as_int());
    }
    return false;
  }
  switch (ta) {
    case ValueType::Null:
      return true;
    case ValueType::Bool:
      return a.as_bool() == b.as_bool();
    case ValueType::Int:
      return a.as_int() == b.as_int();
    case ValueType::Decimal:
      return a.as_decimal() == b.as_decimal();
    case ValueType::String:
      return a.as_string() == b.as_string();
    case ValueType::Date:
      return a.as_date() == b.as_date();
    case ValueType::List: {
      const ValueList& la = a.as_list();
      const ValueList& lb = b.as_list();
      if (la.size() != lb.size()) {
        return false;
      }
      for (std::size_t i = 0; i < la.size(); ++i) {
        if (la[i] != lb[i]) {
          return false;
        }
      }
      return true;
    }
  }
  return false;
}

}  // namespace fundrules
