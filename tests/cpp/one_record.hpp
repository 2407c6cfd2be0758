#pragma once

// What the RecordChecker tests share: a row of a table taken out as a table of its own, as a
// caller checking one record at a time would hold it, and a violation list rendered whole.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "fundrules/report.hpp"
#include "fundrules/table.hpp"

namespace fundrules::testing_support {

/// Row `row` of `table` as a table of its own, keeping its row number and line.
inline Table one_row(const Table& table, std::size_t row) {
  std::vector<Column> columns;
  for (const Column& column : table.columns()) {
    Column copy(column.name(), column.type());
    copy.append(column.value_at(row));
    columns.push_back(std::move(copy));
  }
  Table record(std::move(columns));
  record.set_origins({table.row_number(row)}, {table.line(row)});
  return record;
}

/// Everything a report says about `violations`, personal data unmasked, so that two lists
/// compare equal only when every field of every violation does.
inline std::string described(const std::vector<Violation>& violations) {
  ReportOptions options;
  options.show_personal_data = true;
  return Report(Summary{}, violations).to_json(options);
}

}  // namespace fundrules::testing_support
