#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fundrules/export.hpp"
#include "fundrules/value.hpp"

namespace fundrules {

/// What kind of personal data a field holds; such fields are masked in every output unless the
/// caller asks to show personal data.
enum class PersonalData : std::uint8_t { None, Name, IdNumber, BankCard, Phone, Other };

/// One allowed value of an enumerated field: its code ("frontline"), its labels, and other
/// spellings accepted in input ("一线职工", "坚守一线职工").
struct FUNDRULES_API EnumValue {
  std::string code;
  std::string label_zh;
  std::string label_en;
  std::vector<std::string> aliases;
};

/// One field of a roster row, as a ruleset declares it.
struct FUNDRULES_API FieldSpec {
  std::string name;                  ///< as expressions use it: "id_number"
  ValueType type = ValueType::String;  ///< Bool, Int, Decimal, String or Date
  bool money = false;                ///< a Decimal written as money ("1,500.00元", "25万")
  bool required = false;             ///< every row must have a value
  std::string label_zh;              ///< "身份证号"
  std::string label_en;              ///< "ID number"
  std::vector<std::string> aliases;  ///< other header names accepted in input files
  std::vector<EnumValue> values;     ///< non-empty for an enumerated (String) field
  PersonalData personal = PersonalData::None;

  /// The enum code for an input spelling (code, label or alias), or nullopt.
  [[nodiscard]] std::optional<std::string> enum_code(std::string_view text) const;
  /// True if `header` names this field (its name, label or an alias; spaces trimmed).
  [[nodiscard]] bool matches_header(std::string_view header) const;
};

/// The fields a ruleset reads from its input, in declaration order.
struct FUNDRULES_API Schema {
  std::vector<FieldSpec> fields;

  /// The field with this name, or nullptr.
  [[nodiscard]] const FieldSpec* find(std::string_view name) const noexcept;
  /// Index of the field that `header` names, or -1.
  [[nodiscard]] int match_header(std::string_view header) const noexcept;
};

/// Masks personal data for output: an ID number keeps its first 6 and last 4 characters
/// ("110105********002X"), a bank card its first 6 and last 4 digits, a phone its first 3 and
/// last 4, a name its first character ("张**"). Other values are returned as they are.
FUNDRULES_API std::string mask_personal(std::string_view value, PersonalData kind);

}  // namespace fundrules
