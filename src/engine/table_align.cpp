#include "engine/table_align.hpp"

#include <string>
#include <vector>

#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

const Column* find_column(const Table& table, const FieldSpec& field) {
  if (const Column* column = table.find(field.name)) return column;
  for (const Column& column : table.columns()) {
    if (field.matches_header(column.name())) return &column;
  }
  return nullptr;
}

Column convert(const Column& source, const FieldSpec& field) {
  Column column(field.name, field.type);
  column.reserve(source.size());
  const bool widens = source.type() == ValueType::Int && field.type == ValueType::Decimal;
  if (source.type() != field.type && !widens) {
    throw ValueError("column " + source.name() + " holds " + std::string(type_name(source.type())) +
                     " values but field " + field.name + " is declared " +
                     std::string(type_name(field.type)));
  }
  for (std::size_t row = 0; row < source.size(); ++row) column.append(source.value_at(row));
  return column;
}

}  // namespace

bool matches_layout(const Table& table, const Schema& schema) noexcept {
  if (table.num_columns() != schema.fields.size()) return false;
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const Column& column = table.columns()[i];
    if (column.name() != schema.fields[i].name || column.type() != schema.fields[i].type) {
      return false;
    }
  }
  return true;
}

Table align(const Table& table, const Schema& schema) {
  // With no fields nothing is read from the rows; only their number and origins matter.
  if (schema.fields.empty()) return table;
  const std::size_t rows = table.num_rows();
  std::vector<Column> columns;
  columns.reserve(schema.fields.size());
  for (const FieldSpec& field : schema.fields) {
    const Column* source = find_column(table, field);
    if (source == nullptr) {
      Column empty(field.name, field.type);
      empty.reserve(rows);
      for (std::size_t row = 0; row < rows; ++row) empty.append_null();
      columns.push_back(std::move(empty));
    } else if (source->type() == field.type) {
      Column copy = *source;
      columns.push_back(std::move(copy));
    } else {
      columns.push_back(convert(*source, field));
    }
  }
  Table aligned(std::move(columns));
  std::vector<std::int64_t> row_numbers(rows);
  std::vector<std::int64_t> lines(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    row_numbers[row] = table.row_number(row);
    lines[row] = table.line(row);
  }
  aligned.set_origins(std::move(row_numbers), std::move(lines));
  aligned.set_source(table.source());
  return aligned;
}

void column_usage(const Table& table, const Schema& schema, std::vector<std::string>& unused,
                  std::vector<std::string>& missing) {
  unused.clear();
  missing.clear();
  std::vector<bool> used(table.num_columns(), false);
  for (const FieldSpec& field : schema.fields) {
    const Column* column = find_column(table, field);
    if (column == nullptr) {
      missing.push_back(field.name);
    } else {
      used[static_cast<std::size_t>(column - table.columns().data())] = true;
    }
  }
  for (std::size_t c = 0; c < used.size(); ++c) {
    if (!used[c]) unused.push_back(table.columns()[c].name());
  }
}

}  // namespace fundrules::engine
