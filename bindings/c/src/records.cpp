// Records handed over in memory become CSV text, read back by the CSV reader, so that a cell
// from JSON or a column array is converted exactly as the same cell in a file would be (money
// forms, dates, enum labels and aliases), and a cell that cannot be converted makes its row
// unreadable in the report, as in a file. A null cell is an empty field.

#include "records.hpp"

#include <optional>
#include <vector>

#include "json_records.hpp"

namespace fundrules::capi {

namespace {

// A column no field is named after, holding the record's position: it keeps a record whose
// cells are all empty from looking like a blank line, which the CSV reader skips, so that no
// record is lost and rows keep their numbers.
constexpr std::string_view kRecordColumn = "fundrules#record";

void append_csv_cell(std::string& out, std::string_view cell) {
  out += '"';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

class CsvBuilder {
 public:
  explicit CsvBuilder(const Schema& schema) : schema_(schema) {}

  // No names at all: every field is named, and all cells are null.
  void header(const std::vector<std::string>& names) {
    append_csv_cell(text_, kRecordColumn);
    if (names.empty()) {
      for (const auto& field : schema_.fields) cell(field.name);
    } else {
      for (const auto& name : names) cell(name);
    }
    text_ += "\r\n";
  }

  void begin_row() {
    ++records_;
    text_ += std::to_string(records_);
  }

  void cell(std::optional<std::string_view> value) {
    text_ += ',';
    if (value) append_csv_cell(text_, *value);
  }

  void end_row() { text_ += "\r\n"; }

  RecordsText take() { return {std::move(text_), records_}; }

 private:
  const Schema& schema_;
  std::string text_;
  std::int64_t records_ = 0;
};

}  // namespace

RecordsText json_records_csv(const Schema& schema, std::string_view json, const std::string& source,
                             bool one_object) {
  const JsonRecords records =
      one_object ? parse_json_record(json, source) : parse_json_records(json, source);
  CsvBuilder csv(schema);
  csv.header(records.names);
  const std::size_t width = records.names.empty() ? schema.fields.size() : records.names.size();
  for (const auto& row : records.rows) {
    csv.begin_row();
    for (std::size_t c = 0; c < width; ++c) {
      if (c < row.size() && row[c]) {
        csv.cell(std::string_view(*row[c]));
      } else {
        csv.cell(std::nullopt);
      }
    }
    csv.end_row();
  }
  return csv.take();
}

RecordsText columns_csv(const Schema& schema, std::size_t num_columns, const char* const* names,
                        std::size_t num_rows, const char* const* values) {
  std::vector<std::string> header;
  for (std::size_t c = 0; c < num_columns; ++c) header.emplace_back(names[c]);
  CsvBuilder csv(schema);
  csv.header(header);
  const std::size_t width = num_columns > 0 ? num_columns : schema.fields.size();
  for (std::size_t r = 0; r < num_rows; ++r) {
    csv.begin_row();
    for (std::size_t c = 0; c < width; ++c) {
      const char* cell = num_columns > 0 ? values[c * num_rows + r] : nullptr;
      csv.cell(cell != nullptr ? std::optional<std::string_view>(cell) : std::nullopt);
    }
    csv.end_row();
  }
  return csv.take();
}

std::int64_t feed(CsvReader& reader, Session& session, std::int64_t rows_before) {
  std::int64_t last_row = 0;
  CsvBatch batch;
  while (reader.next(batch)) {
    for (RowProblem& problem : batch.problems) {
      last_row = std::max(last_row, problem.row);
      problem.row += rows_before;
      if (problem.line > 0) problem.line += rows_before;
    }
    Table& table = batch.table;
    const std::size_t rows = table.num_rows();
    if (rows > 0) {
      std::vector<std::int64_t> numbers(rows);
      std::vector<std::int64_t> lines(rows);
      for (std::size_t r = 0; r < rows; ++r) {
        last_row = std::max(last_row, table.row_number(r));
        numbers[r] = table.row_number(r) + rows_before;
        lines[r] = table.line(r) > 0 ? table.line(r) + rows_before : 0;
      }
      table.set_origins(std::move(numbers), std::move(lines));
    }
    session.add_problems(batch.problems);
    session.add(table);
  }
  return last_row;
}

}  // namespace fundrules::capi
