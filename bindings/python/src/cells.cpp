#include "cells.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "fundrules/date.hpp"
#include "fundrules/error.hpp"

namespace fundrules::python {

namespace {

constexpr int kFloatSignificantDigits = 15;  // every decimal of this many digits survives a double

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string lowered = lower_ascii(text);
  if (lowered == "true" || lowered == "1" || lowered == "yes" || lowered == "y" || text == "是") {
    return true;
  }
  if (lowered == "false" || lowered == "0" || lowered == "no" || lowered == "n" || text == "否") {
    return false;
  }
  return std::nullopt;
}

const char* kind_name(Cell::Kind kind) {
  switch (kind) {
    case Cell::Kind::Null:
      return "null";
    case Cell::Kind::Bool:
      return "a boolean";
    case Cell::Kind::Int:
    case Cell::Kind::UInt:
      return "an integer";
    case Cell::Kind::Float:
      return "a binary float";
    case Cell::Kind::Decimal:
      return "a decimal";
    case Cell::Kind::Text:
      return "text";
    case Cell::Kind::Date:
      return "a date";
    case Cell::Kind::DateTime:
      return "a date and time";
    case Cell::Kind::Invalid:
      return "an unreadable value";
  }
  return "a value";
}

std::string type_mismatch(const FieldSpec& field, const Cell& cell) {
  return std::string(kind_name(cell.kind)) + " cannot be read as " +
         std::string(type_name(field.type)) + (field.money ? " (money)" : "");
}

Decimal decimal_from_unsigned(std::uint64_t value) { return Decimal::from_raw(0, value, 0); }

// Text into the field's type; the rules are those of the library's own parsers.
StoreOutcome store_text(const FieldSpec& field, std::string_view raw, Column& column) {
  StoreOutcome outcome;
  const std::string_view text = trim(raw);
  if (text.empty()) {
    column.append_null();
    return outcome;
  }
  std::string error;
  switch (field.type) {
    case ValueType::String:
      if (!field.values.empty()) {
        if (auto code = field.enum_code(text)) {
          column.append_string(*code);
          return outcome;
        }
        error = "'" + std::string(text) + "' is not one of the values of " + field.name;
        break;
      }
      column.append_string(text);
      return outcome;
    case ValueType::Decimal: {
      auto value =
          field.money ? Decimal::try_parse_money(text, &error) : Decimal::try_parse(text, &error);
      if (value) {
        column.append_decimal(*value);
        return outcome;
      }
      break;
    }
    case ValueType::Int: {
      auto value = Decimal::try_parse(text, &error);
      if (value) {
        if (auto integer = value->to_int64()) {
          column.append_int(*integer);
          return outcome;
        }
        error = "not a whole number in range";
      }
      break;
    }
    case ValueType::Date: {
      auto value = Date::try_parse(text, &error);
      if (value) {
        column.append_date(*value);
        return outcome;
      }
      break;
    }
    case ValueType::Bool:
      if (auto value = parse_bool(text)) {
        column.append_bool(*value);
        return outcome;
      }
      error = "not a yes/no value (true, false, 是, 否)";
      break;
    default:
      error = "fields of type " + std::string(type_name(field.type)) + " cannot be read";
      break;
  }
  column.append_null();
  outcome.ok = false;
  outcome.error = field.personal == PersonalData::None ? error : "the value cannot be read";
  return outcome;
}

StoreOutcome failed(Column& column, std::string error) {
  column.append_null();
  StoreOutcome outcome;
  outcome.ok = false;
  outcome.error = std::move(error);
  return outcome;
}

}  // namespace

std::string shortest_fixed(double value) {
  std::array<char, 400> buffer{};  // fixed notation of DBL_MAX needs 309 digits
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  return std::string(buffer.data(), result.ptr);
}

std::optional<Decimal> decimal_from_double(double value, std::string* error) {
  if (!std::isfinite(value)) {
    if (error) *error = "not a finite number";
    return std::nullopt;
  }
  const std::string text = shortest_fixed(value);
  // Count significant digits: from the first non-zero digit to the last non-zero digit.
  std::size_t first = std::string::npos;
  std::size_t last = 0;
  int digits_between = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] >= '1' && text[i] <= '9') {
      if (first == std::string::npos) first = i;
      last = i;
    }
  }
  if (first != std::string::npos) {
    for (std::size_t i = first; i <= last; ++i) {
      if (text[i] >= '0' && text[i] <= '9') ++digits_between;
    }
  }
  if (digits_between > kFloatSignificantDigits) {
    if (error) {
      *error = "the binary float " + text + " has more than " +
               std::to_string(kFloatSignificantDigits) +
               " significant digits, so it is not an exact amount; pass money as text or "
               "decimal.Decimal";
    }
    return std::nullopt;
  }
  return Decimal::try_parse(text, error);
}

StoreOutcome store_cell(const FieldSpec& field, const Cell& cell, Column& column) {
  StoreOutcome outcome;
  using Kind = Cell::Kind;
  if (cell.kind == Kind::Null) {
    column.append_null();
    return outcome;
  }
  if (cell.kind == Kind::Text) return store_text(field, cell.text, column);
  if (cell.kind == Kind::Invalid) return failed(column, std::string(cell.text));
  if (cell.kind == Kind::Float && std::isnan(cell.floating)) {
    column.append_null();  // pandas writes a missing number as NaN
    return outcome;
  }
  switch (field.type) {
    case ValueType::Bool:
      if (cell.kind == Kind::Bool) {
        column.append_bool(cell.boolean);
        return outcome;
      }
      break;
    case ValueType::Int:
      if (cell.kind == Kind::Int) {
        column.append_int(cell.integer);
        return outcome;
      }
      if (cell.kind == Kind::UInt) {
        if (cell.unsigned_integer >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return failed(column, "integer out of range");
        }
        column.append_int(static_cast<std::int64_t>(cell.unsigned_integer));
        return outcome;
      }
      if (cell.kind == Kind::Decimal || cell.kind == Kind::Float) {
        std::string error;
        std::optional<Decimal> value = cell.kind == Kind::Decimal
                                           ? std::optional<Decimal>(cell.decimal)
                                           : decimal_from_double(cell.floating, &error);
        if (!value) return failed(column, error);
        if (auto integer = value->to_int64()) {
          column.append_int(*integer);
          return outcome;
        }
        return failed(column, "not a whole number in range");
      }
      break;
    case ValueType::Decimal:
      switch (cell.kind) {
        case Kind::Int:
          column.append_decimal(Decimal(cell.integer));
          return outcome;
        case Kind::UInt:
          column.append_decimal(decimal_from_unsigned(cell.unsigned_integer));
          return outcome;
        case Kind::Decimal:
          column.append_decimal(cell.decimal);
          return outcome;
        case Kind::Float: {
          std::string error;
          auto value = decimal_from_double(cell.floating, &error);
          if (!value) return failed(column, error);
          column.append_decimal(*value);
          outcome.used_float = true;
          return outcome;
        }
        default:
          break;
      }
      break;
    case ValueType::String: {
      // Numbers in a text field are what a spreadsheet makes of phone and card numbers: keep
      // their digits as written, and only when all of them are known.
      std::string text;
      switch (cell.kind) {
        case Kind::Int:
          text = std::to_string(cell.integer);
          break;
        case Kind::UInt:
          text = std::to_string(cell.unsigned_integer);
          break;
        case Kind::Decimal:
          text = cell.decimal.to_string();
          break;
        case Kind::Float: {
          std::string error;
          auto value = decimal_from_double(cell.floating, &error);
          if (!value) {
            return failed(column, field.personal == PersonalData::None
                                      ? error
                                      : "a binary float cannot hold this value exactly");
          }
          text = value->normalized().to_string();
          break;
        }
        case Kind::Date:
          text = Date::from_days(cell.days).to_string();
          break;
        default:
          return failed(column, type_mismatch(field, cell));
      }
      return store_text(field, text, column);
    }
    case ValueType::Date:
      if (cell.kind == Kind::Date || (cell.kind == Kind::DateTime && cell.midnight)) {
        column.append_date(Date::from_days(cell.days));
        return outcome;
      }
      if (cell.kind == Kind::DateTime) {
        return failed(column, "has a time of day; pass dates (e.g. Series.dt.date)");
      }
      break;
    default:
      break;
  }
  return failed(column, type_mismatch(field, cell));
}

}  // namespace fundrules::python
