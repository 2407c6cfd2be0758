// Column and Table: typed, columnar batches of rows with their origins in the input.

#include "fundrules/table.hpp"

#include <algorithm>
#include <cstring>

#include "fundrules/error.hpp"

namespace fundrules {

namespace {

bool is_column_type(ValueType type) noexcept {
  return type == ValueType::Bool || type == ValueType::Int || type == ValueType::Decimal ||
         type == ValueType::String || type == ValueType::Date;
}

}  // namespace

Column::Column(std::string name, ValueType type) : name_(std::move(name)), type_(type) {
  if (!is_column_type(type)) {
    throw ValueError("column \"" + name_ + "\" cannot hold " + std::string(type_name(type)) +
                     " values");
  }
}

Value Column::value_at(std::size_t row) const {
  if (is_null(row)) {
    return Value();
  }
  switch (type_) {
    case ValueType::Bool:
      return Value(bool_at(row));
    case ValueType::Int:
      return Value(int_at(row));
    case ValueType::Decimal:
      return Value(decimal_at(row));
    case ValueType::String:
      return Value(std::string(string_at(row)));
    case ValueType::Date:
      return Value(date_at(row));
    default:
      return Value();
  }
}

void Column::reserve(std::size_t rows) {
  valid_.reserve(rows);
  switch (type_) {
    case ValueType::Decimal:
      decimals_.reserve(rows);
      break;
    case ValueType::String:
      offsets_.reserve(rows + 1);
      break;
    default:
      ints_.reserve(rows);
  }
}

void Column::clear() noexcept {
  valid_.clear();
  ints_.clear();
  decimals_.clear();
  // chars_ keeps its size: it is a buffer whose used part ends at offsets_.back(), so a
  // refilled column writes over it without zeroing or growing it again.
  offsets_.resize(1);  // capacity is kept, so this never allocates
  offsets_[0] = 0;
}

void Column::grow_chars(std::size_t needed) {
  // Doubling keeps appends amortised O(1); the new part is left uninitialised (it is written
  // before it is read).
  chars_.resize(std::max(needed, chars_.size() * 2));
}

void Column::append_bool(bool v) {
  if (type_ != ValueType::Bool) {
    append(Value(v));  // throws: wrong type
  }
  ints_.push_back(v ? 1 : 0);
  valid_.push_back(1);
}

void Column::append_int(std::int64_t v) {
  if (type_ == ValueType::Decimal) {
    append_decimal(Decimal(v));
    return;
  }
  if (type_ != ValueType::Int) {
    append(Value(v));  // throws: wrong type
  }
  ints_.push_back(v);
  valid_.push_back(1);
}

void Column::append_other(const Decimal& v) { append(Value(v)); }

void Column::append_other(Date v) { append(Value(v)); }

void Column::append_string_growing(std::string_view v) {
  if (type_ != ValueType::String) {
    append(Value(std::string(v)));  // throws: wrong type
  }
  const std::size_t end = offsets_.back();
  if (chars_.size() - end < v.size()) grow_chars(end + v.size());
  detail::copy_bytes(chars_.data() + end, v.data(), v.size());
  offsets_.push_back(end + v.size());
  valid_.push_back(1);
}

void Column::append(const Value& v) {
  const ValueType given = v.type();
  if (given == ValueType::Null) {
    append_null();
  } else if (given == type_) {
    switch (type_) {
      case ValueType::Bool:
        append_bool(v.as_bool());
        break;
      case ValueType::Int:
        append_int(v.as_int());
        break;
      case ValueType::Decimal:
        append_decimal(v.as_decimal());
        break;
      case ValueType::String:
        append_string(v.as_string());
        break;
      default:
        append_date(v.as_date());
    }
  } else if (given == ValueType::Int && type_ == ValueType::Decimal) {
    append_decimal(Decimal(v.as_int()));
  } else {
    throw ValueError("column \"" + name_ + "\" holds " + std::string(type_name(type_)) +
                     " values, not " + std::string(type_name(given)) + " (" + v.to_string() + ")");
  }
}

void Column::truncate(std::size_t rows) noexcept {
  if (rows >= valid_.size()) return;
  valid_.resize(rows);
  switch (type_) {
    case ValueType::Decimal:
      decimals_.resize(rows);
      break;
    case ValueType::String:
      offsets_.resize(rows + 1);  // smaller: never allocates
      break;
    default:
      ints_.resize(rows);
  }
}

Table::Table(std::vector<Column> columns) {
  columns_.reserve(columns.size());
  for (Column& column : columns) {
    add_column(std::move(column));
  }
}

std::size_t Table::num_rows() const noexcept {
  return columns_.empty() ? row_numbers_.size() : columns_.front().size();
}

const Column* Table::find(std::string_view name) const noexcept {
  for (const Column& column : columns_) {
    if (column.name() == name) {
      return &column;
    }
  }
  return nullptr;
}

Column* Table::find(std::string_view name) noexcept {
  for (Column& column : columns_) {
    if (column.name() == name) {
      return &column;
    }
  }
  return nullptr;
}

void Table::add_column(Column column) {
  if (find(column.name()) != nullptr) {
    throw ValueError("the table already has a column named \"" + column.name() + "\"");
  }
  const bool sized = !columns_.empty() || !row_numbers_.empty();
  if (sized && column.size() != num_rows()) {
    throw ValueError("column \"" + column.name() + "\" has " + std::to_string(column.size()) +
                     " rows but the table has " + std::to_string(num_rows()));
  }
  columns_.push_back(std::move(column));
}

std::int64_t Table::row_number(std::size_t row) const noexcept {
  if (row < row_numbers_.size()) {
    return row_numbers_[row];
  }
  return first_row_number_ + static_cast<std::int64_t>(row);
}

std::int64_t Table::line(std::size_t row) const noexcept {
  return row < lines_.size() ? lines_[row] : 0;
}

void Table::set_origins(std::vector<std::int64_t> row_numbers, std::vector<std::int64_t> lines) {
  if (!lines.empty() && lines.size() != row_numbers.size()) {
    throw ValueError("row origins disagree: " + std::to_string(row_numbers.size()) +
                     " row numbers but " + std::to_string(lines.size()) + " lines");
  }
  if (!columns_.empty() && row_numbers.size() != num_rows()) {
    throw ValueError("row origins given for " + std::to_string(row_numbers.size()) +
                     " rows but the table has " + std::to_string(num_rows()));
  }
  row_numbers_ = std::move(row_numbers);
  lines_ = std::move(lines);
}

void Table::set_first_row_number(std::int64_t first_row_number) {
  first_row_number_ = first_row_number;
  if (columns_.empty()) {
    // Without columns the origins are what counts the rows; keep the count, renumber them.
    for (std::size_t i = 0; i < row_numbers_.size(); ++i) {
      row_numbers_[i] = first_row_number + static_cast<std::int64_t>(i);
    }
  } else {
    row_numbers_.clear();
  }
}

}  // namespace fundrules
