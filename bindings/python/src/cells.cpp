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

ConvertOutcome failed(io::Cell& out, std::string error) {
  out.null = true;
  ConvertOutcome outcome;
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
  // Significant digits: from the first non-zero digit to the last non-zero digit.
  const std::size_t first = text.find_first_of("123456789");
  int significant = 0;
  if (first != std::string::npos) {
    const std::size_t last = text.find_last_of("123456789");
    for (std::size_t i = first; i <= last; ++i) {
      if (text[i] != '.') ++significant;
    }
  }
  if (significant > kFloatSignificantDigits) {
    if (error) {
      *error = "the binary float " + text + " has more than " +
               std::to_string(kFloatSignificantDigits) +
               " significant digits, so it is not a number as written; pass text or "
               "decimal.Decimal";
    }
    return std::nullopt;
  }
  return Decimal::try_parse(text, error);
}

FieldConverter::FieldConverter(const FieldSpec& field) : field_(&field), text_(field) {}

ConvertOutcome FieldConverter::convert_text(std::string_view text, io::Cell& out) {
  ConvertOutcome outcome;
  out.null = true;
  const std::string_view trimmed = io::trim_cell(text);
  if (trimmed.empty()) return outcome;
  std::string message;
  if (!text_.convert(trimmed, out, message)) return failed(out, std::move(message));
  return outcome;
}

ConvertOutcome FieldConverter::convert(const Cell& in, io::Cell& out) {
  using Kind = Cell::Kind;
  ConvertOutcome outcome;
  out.null = true;
  switch (in.kind) {
    case Kind::Null:
      return outcome;
    case Kind::Text:
      return convert_text(in.text, out);
    case Kind::Invalid:
      return failed(out, std::string(in.text));
    case Kind::Float:
      if (std::isnan(in.floating)) return outcome;  // pandas writes a missing number as NaN
      break;
    default:
      break;
  }
  const bool personal = field_->personal != PersonalData::None;
  out.null = false;
  switch (column_type()) {
    case ValueType::Bool:
      if (in.kind == Kind::Bool) {
        out.integer = in.boolean ? 1 : 0;
        return outcome;
      }
      break;
    case ValueType::Int:
    case ValueType::Decimal: {
      std::optional<Decimal> value;
      std::string error;
      if (in.kind == Kind::Int) {
        value = Decimal(in.integer);
      } else if (in.kind == Kind::UInt) {
        value = Decimal::from_raw(0, in.unsigned_integer, 0);
      } else if (in.kind == Kind::Decimal) {
        value = in.decimal;
      } else if (in.kind == Kind::Float) {
        value = decimal_from_double(in.floating, &error);
        if (!value) return failed(out, error);
        outcome.used_float = true;
      } else {
        break;
      }
      if (column_type() == ValueType::Decimal) {
        out.decimal = *value;
        return outcome;
      }
      const std::optional<std::int64_t> integer = value->to_int64();
      if (!integer) return failed(out, value->to_string() + " is not a whole number in range");
      out.integer = *integer;
      outcome.used_float = false;  // an integral float is an integer as written
      return outcome;
    }
    case ValueType::String: {
      // Numbers in a text field are what a spreadsheet makes of phone and card numbers: keep
      // their digits as written, and only when all of them are known.
      switch (in.kind) {
        case Kind::Int:
          number_text_ = std::to_string(in.integer);
          break;
        case Kind::UInt:
          number_text_ = std::to_string(in.unsigned_integer);
          break;
        case Kind::Decimal:
          number_text_ = in.decimal.to_string();
          break;
        case Kind::Float: {
          std::string error;
          const std::optional<Decimal> value = decimal_from_double(in.floating, &error);
          if (!value) {
            return failed(out, personal ? "a binary float cannot hold this value exactly" : error);
          }
          number_text_ = value->normalized().to_string();
          break;
        }
        case Kind::Date:
          number_text_ = Date::from_days(in.days).to_string();
          break;
        default:
          return failed(out, std::string(kind_name(in.kind)) + " is not text");
      }
      return convert_text(number_text_, out);
    }
    case ValueType::Date:
      if (in.kind == Kind::Date || (in.kind == Kind::DateTime && in.midnight)) {
        out.integer = in.days;
        return outcome;
      }
      if (in.kind == Kind::DateTime) {
        return failed(out, "a date and time of day is not a date; pass dates (Series.dt.date)");
      }
      break;
    default:
      break;
  }
  return failed(out, std::string(kind_name(in.kind)) + " cannot be read as " +
                         std::string(type_name(column_type())) + (field_->money ? " (money)" : ""));
}

}  // namespace fundrules::python
