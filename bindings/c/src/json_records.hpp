#pragma once

// A small reader for the one JSON shape the C API accepts: an array of flat objects, one per
// record. Values keep their text (numbers their exact digits), so that conversion to the
// ruleset's field types happens in one place, the same as for CSV cells.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fundrules::capi {

/// Records read from JSON: column names in order of first appearance, and per row the cells by
/// column index (shorter rows leave the remaining columns null).
struct JsonRecords {
  std::vector<std::string> names;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

/// Parses `[{"name": value, ...}, ...]` where each value is a string, number, true, false or
/// null. Throws DataError naming `source`, line and column (in characters) of the first fault:
/// malformed JSON, a nested object or array, a key repeated within one object.
JsonRecords parse_json_records(std::string_view text, const std::string& source);

/// Parses one record given as a flat object, `{"name": value, ...}`, as a list of one row.
JsonRecords parse_json_record(std::string_view text, const std::string& source);

}  // namespace fundrules::capi
