#pragma once

// Converting one input cell to a schema field's type. The Arrow and the Python-records paths
// describe each cell as a Cell and convert it with a FieldConverter, which hands text to the
// CSV reader's own converter: a value reaches the engine the same way whichever way it came
// in, and a bad one is reported in the same words.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fundrules/decimal.hpp"
#include "fundrules/schema.hpp"
#include "fundrules/table.hpp"
#include "io/cell_converter.hpp"

namespace fundrules::python {

/// One input cell, before conversion.
struct Cell {
  enum class Kind : std::uint8_t {
    Null,
    Bool,
    Int,
    UInt,
    Float,
    Decimal,
    Text,
    Date,      ///< days since 1970-01-01
    DateTime,  ///< days since 1970-01-01 plus whether the time of day is midnight
    Invalid,   ///< the source could not give a value; `text` says why
  };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double floating = 0.0;
  Decimal decimal;
  std::string_view text;
  std::int32_t days = 0;
  bool midnight = true;
};

/// What converting a cell found, beyond success or failure.
struct ConvertOutcome {
  bool ok = true;
  /// A binary float was taken as a decimal (through its shortest representation).
  bool used_float = false;
  /// Why the cell could not be converted; personal data is never quoted.
  std::string error;
};

/// Converts cells for one field. Holds the text of a number given for a text field until the
/// converted cell is appended, so convert and append one cell before converting the next.
class FieldConverter {
 public:
  explicit FieldConverter(const FieldSpec& field);

  /// The column type the field's values are stored as.
  [[nodiscard]] ValueType column_type() const noexcept { return text_.column_type(); }

  /// Converts `in` into `out` (null when it cannot, with the reason in the outcome).
  ConvertOutcome convert(const Cell& in, io::Cell& out);
  /// Appends a converted cell to a column of column_type().
  void append(Column& column, const io::Cell& cell) const { text_.append(column, cell); }

 private:
  ConvertOutcome convert_text(std::string_view text, io::Cell& out);

  const FieldSpec* field_;
  io::CellConverter text_;
  std::string number_text_;
};

/// The exact decimal a person wrote that became the double `value`: its shortest round-trip
/// representation, accepted only when it has at most 15 significant digits (every such decimal
/// survives the trip through a double unchanged). nullopt otherwise, with the reason.
std::optional<Decimal> decimal_from_double(double value, std::string* error);

/// The shortest representation of `value` in fixed notation ("1500.5", "13912345678").
std::string shortest_fixed(double value);

}  // namespace fundrules::python
