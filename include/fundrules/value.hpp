#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/decimal.hpp"
#include "fundrules/export.hpp"

namespace fundrules {

/// The kinds of value a field, parameter or expression can have.
enum class ValueType : std::uint8_t { Null, Bool, Int, Decimal, String, Date, List };

/// The lower-case name used in rulesets and messages: "null", "bool", "int", "decimal",
/// "string", "date", "list".
FUNDRULES_API std::string_view type_name(ValueType type) noexcept;

class Value;
/// A list value's elements. Shared and immutable, so copying a Value is cheap.
using ValueList = std::vector<Value>;

/// One value: null, bool, 64-bit int, exact Decimal, UTF-8 string, Date, or a list of values.
class FUNDRULES_API Value {
 public:
  /// null.
  Value() noexcept = default;
  Value(std::nullptr_t) noexcept {}              // NOLINT(google-explicit-constructor)
  Value(bool b) noexcept : data_(b) {}           // NOLINT(google-explicit-constructor)
  Value(std::int64_t i) noexcept : data_(i) {}   // NOLINT(google-explicit-constructor)
  Value(int i) noexcept : data_(std::int64_t{i}) {}  // NOLINT(google-explicit-constructor)
  Value(Decimal d) noexcept : data_(d) {}        // NOLINT(google-explicit-constructor)
  Value(std::string s) : data_(std::move(s)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* s) : data_(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Value(Date d) noexcept : data_(d) {}           // NOLINT(google-explicit-constructor)
  Value(ValueList items)                         // NOLINT(google-explicit-constructor)
      : data_(std::make_shared<const ValueList>(std::move(items))) {}

  [[nodiscard]] ValueType type() const noexcept { return static_cast<ValueType>(data_.index()); }
  [[nodiscard]] bool is_null() const noexcept { return data_.index() == 0; }

  /// Accessors; each throws ValueError if the value is of another type.
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] std::int64_t as_int() const;
  [[nodiscard]] const Decimal& as_decimal() const;
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] Date as_date() const;
  [[nodiscard]] const ValueList& as_list() const;

  /// Text for messages and reports: null -> "null", strings as they are (no quotes), decimals
  /// keeping their scale, dates ISO, lists as "[a, b]".
  [[nodiscard]] std::string to_string() const;
  /// The value as a CEL-style literal: strings quoted and escaped, e.g. for `fundrules eval`.
  [[nodiscard]] std::string to_literal() const;

  /// Equality as expressions see it: int and decimal compare by numeric value; values of other
  /// different types are unequal.
  friend FUNDRULES_API bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  std::variant<std::monostate, bool, std::int64_t, Decimal, std::string, Date,
               std::shared_ptr<const ValueList>>
      data_;
};

}  // namespace fundrules
