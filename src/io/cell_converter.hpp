#pragma once

// Converting the text of one CSV cell to the typed value of the field its column names.
//
// The reader converts every cell of a row before it appends any, so that a row with one bad
// cell can be left out whole; a Cell holds a converted value until then. Strings stay views
// into the reader's buffer, so converting a row allocates nothing.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fundrules/schema.hpp"
#include "fundrules/table.hpp"

namespace fundrules::io {

/// A converted cell, waiting to be appended to its column.
struct Cell {
  bool null = true;
  std::int64_t integer = 0;  ///< Bool (0 or 1), Int, or Date (days since 1970-01-01)
  Decimal decimal;
  std::string_view text;  ///< String: a view into the reader's buffer or an enum code
};

/// trim_cell() for text that may have something to trim.
std::string_view trim_cell_edges(std::string_view text) noexcept;

/// The value of plain unsigned decimal text ("600", "600.00", "0.5"), as Decimal::try_parse and
/// Decimal::try_parse_money would read it (same coefficient and scale); false for any other
/// text, which is left to them. Most cells of a roster's number columns are written this way.
bool parse_plain_decimal(std::string_view text, Decimal& out);

/// The value of unsigned decimal text with thousands separators ("1,234.56", "12,000"), as
/// Decimal::try_parse_money reads it; false for any other text, which is left to it.
bool parse_grouped_decimal(std::string_view text, Decimal& out);

/// Days since 1970-01-01 of an ISO date "YYYY-MM-DD" that exists, as Date::try_parse would read
/// it; false for any other text (other spellings, impossible dates), which is left to it.
bool parse_iso_date(std::string_view text, std::int64_t& days);

/// Spaces (ASCII, no-break U+00A0 and ideographic U+3000, which Chinese spreadsheets are full
/// of) and line breaks removed from both ends.
inline std::string_view trim_cell(std::string_view text) noexcept {
  // Most cells have nothing to trim: say so from their first and last bytes, without a call.
  // (0xC2 and 0xE3 start U+00A0 and U+3000; 0xA0 and 0x80 end them.)
  if (text.empty()) return text;
  const auto first = static_cast<unsigned char>(text.front());
  const auto last = static_cast<unsigned char>(text.back());
  if (first > 0x20 && first != 0xC2 && first != 0xE3 && last > 0x20 && last != 0xA0 &&
      last != 0x80) {
    return text;
  }
  return trim_cell_edges(text);
}

/// Converts cells for one field of a schema.
class CellConverter {
 public:
  explicit CellConverter(const FieldSpec& field);

  /// The column type the field's values are stored as.
  [[nodiscard]] ValueType column_type() const noexcept { return column_type_; }

  /// Converts trimmed, non-empty `text` into `cell`. Returns false, with `message` saying what
  /// is wrong (not quoting the text if the field holds personal data), if it cannot.
  bool convert(std::string_view text, Cell& cell, std::string& message);

  /// Appends a converted cell (null or not) to a column of column_type().
  void append(Column& column, const Cell& cell) const;

  /// convert() and append() at once: appends the value of trimmed, non-empty `text` to a
  /// column of column_type(), with no Cell between them for the common spellings. Returns
  /// false, with `message` set and nothing appended, if the text cannot be converted.
  bool convert_append(std::string_view text, Column& column, std::string& message) {
    if (plain_string_) {
      column.append_string(text);
      return true;
    }
    return convert_append_typed(text, column, message);
  }

 private:
  // The common spellings of typed and enum cells; anything else goes to the general path.
  bool convert_append_typed(std::string_view text, Column& column, std::string& message);
  // convert() and append(): kept apart so that the common path carries none of its frame.
  bool convert_append_general(std::string_view text, Column& column, std::string& message);
  // Index in codes_ of a spelling already seen and valid, or -1 (not seen yet, or not valid).
  [[nodiscard]] int remembered_code(std::string_view text) const noexcept;
  bool convert_enum(std::string_view text, Cell& cell, std::string& message);
  // Index in codes_ of an enum spelling, or -1 with `message` saying what is wrong.
  int enum_index(std::string_view text, std::string& message);
  [[nodiscard]] std::string quoted(std::string_view text) const;

  const FieldSpec* field_;
  ValueType column_type_;
  bool is_enum_;
  bool plain_string_;  // a String field that is not an enum: its text is its value
  // Enum spellings seen so far and the index of their code in codes_ (-1: not a valid label),
  // in the order first seen, with an open-addressing table over them (indices into spellings_,
  // -1 for an empty slot). Rosters repeat a handful of labels a million times; this makes each
  // lookup one hash and usually one compare instead of a call that returns a fresh string.
  std::vector<std::pair<std::string, int>> spellings_;
  std::vector<std::int32_t> slots_;
  std::vector<std::string> codes_;
  std::string allowed_values_;  // for messages: "一线职工 (frontline), ..."
};

}  // namespace fundrules::io
