#pragma once

// Records a host hands over in memory (JSON, columns of strings, CSV bytes) and CSV files, fed
// into a check session with their rows numbered where the caller says they start.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/schema.hpp"

namespace fundrules::capi {

/// CSV text holding records given in memory, and how many records it holds.
struct RecordsText {
  std::string csv;
  std::int64_t records = 0;
};

/// Records from a JSON array of objects (or from one object when `one_object` is set) as
/// UTF-8 CSV. Throws DataError naming `source`, line and column for malformed JSON.
RecordsText json_records_csv(const Schema& schema, std::string_view json, const std::string& source,
                             bool one_object);

/// Records given as string columns (column-major, NULL for an empty cell) as UTF-8 CSV. The
/// caller has checked the pointers.
RecordsText columns_csv(const Schema& schema, std::size_t num_columns, const char* const* names,
                        std::size_t num_rows, const char* const* values);

/// Reads every batch of `reader` into `session`, numbering rows after `rows_before` rows (and
/// lines after as many lines). Returns the highest row number the reader gave (0 for none).
std::int64_t feed(CsvReader& reader, Session& session, std::int64_t rows_before);

}  // namespace fundrules::capi
