#pragma once

// Converting one input cell to a schema field's type. The Arrow and the Python-records paths
// both describe each cell as a Cell and store it with store_cell(), so a value reaches the
// engine the same way whichever way it came in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fundrules/decimal.hpp"
#include "fundrules/schema.hpp"
#include "fundrules/table.hpp"

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

/// What storing a cell found, beyond success or failure.
struct StoreOutcome {
  bool ok = true;
  /// A binary float was taken as money (through its shortest representation).
  bool used_float = false;
  /// Why the cell could not be stored; personal data is never quoted.
  std::string error;
};

/// Appends `cell` to `column` (of `field`'s type), or appends a null and says why it could not.
StoreOutcome store_cell(const FieldSpec& field, const Cell& cell, Column& column);

/// The exact decimal a person wrote that became the double `value`: its shortest round-trip
/// representation, accepted only when it has at most 15 significant digits (every such decimal
/// survives the trip through a double unchanged). nullopt otherwise, with the reason.
std::optional<Decimal> decimal_from_double(double value, std::string* error);

/// The shortest representation of `value` in fixed notation ("1500.5", "13912345678").
std::string shortest_fixed(double value);

}  // namespace fundrules::python
