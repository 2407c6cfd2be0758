#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fundrules/export.hpp"
#include "fundrules/value.hpp"

namespace fundrules {

namespace detail {

/// An allocator that leaves new elements of a trivial type uninitialised: a column's byte buffer
/// grows without writing zeros over bytes that are about to be overwritten.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>& /*other*/) noexcept {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// Copies n bytes; strings of up to 32 bytes (most cells) as two overlapping moves of one
/// width, without a call.
inline void copy_bytes(char* out, const char* in, std::size_t n) noexcept {
  if (n > 32) {
    std::memcpy(out, in, n);
  } else if (n >= 16) {
    char head[16];
    char tail[16];
    std::memcpy(head, in, 16);
    std::memcpy(tail, in + n - 16, 16);
    std::memcpy(out, head, 16);
    std::memcpy(out + n - 16, tail, 16);
  } else if (n >= 8) {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    std::memcpy(&head, in, 8);
    std::memcpy(&tail, in + n - 8, 8);
    std::memcpy(out, &head, 8);
    std::memcpy(out + n - 8, &tail, 8);
  } else if (n >= 4) {
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
    std::memcpy(&head, in, 4);
    std::memcpy(&tail, in + n - 4, 4);
    std::memcpy(out, &head, 4);
    std::memcpy(out + n - 4, &tail, 4);
  } else if (n > 0) {
    out[0] = in[0];
    out[n / 2] = in[n / 2];
    out[n - 1] = in[n - 1];
  }
}

}  // namespace detail

/// One typed column of a Table, with a null mask. Strings are kept in one buffer with offsets,
/// so a column of a million names is two allocations, not a million.
class FUNDRULES_API Column {
 public:
  Column() = default;
  /// An empty column; `type` is one of Bool, Int, Decimal, String, Date.
  Column(std::string name, ValueType type);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] ValueType type() const noexcept { return type_; }
  [[nodiscard]] std::size_t size() const noexcept { return valid_.size(); }
  [[nodiscard]] bool is_null(std::size_t row) const noexcept { return valid_[row] == 0; }

  /// Typed reads; the row must exist and be non-null and the column of that type.
  [[nodiscard]] bool bool_at(std::size_t row) const noexcept { return ints_[row] != 0; }
  [[nodiscard]] std::int64_t int_at(std::size_t row) const noexcept { return ints_[row]; }
  [[nodiscard]] Date date_at(std::size_t row) const noexcept {
    return Date::from_days(static_cast<std::int32_t>(ints_[row]));
  }
  [[nodiscard]] const Decimal& decimal_at(std::size_t row) const noexcept { return decimals_[row]; }
  [[nodiscard]] std::string_view string_at(std::size_t row) const noexcept {
    return std::string_view(chars_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  /// Any cell as a Value (null for a null cell).
  [[nodiscard]] Value value_at(std::size_t row) const;

  void reserve(std::size_t rows);
  void clear() noexcept;
  // The appends a reader makes for every cell are inline: a call costs more than they do.
  void append_null() {
    switch (type_) {
      case ValueType::Decimal:
        decimals_.emplace_back();
        break;
      case ValueType::String:
        offsets_.push_back(offsets_.back());
        break;
      default:
        ints_.push_back(0);
    }
    valid_.push_back(0);
  }
  void append_bool(bool v);
  void append_int(std::int64_t v);
  void append_decimal(const Decimal& v) {
    if (type_ != ValueType::Decimal) {
      append_other(v);
      return;
    }
    decimals_.push_back(v);
    valid_.push_back(1);
  }
  void append_string(std::string_view v) {
    const std::size_t end = offsets_.back();
    if (type_ != ValueType::String || chars_.size() - end < v.size()) {
      append_string_growing(v);
      return;
    }
    detail::copy_bytes(chars_.data() + end, v.data(), v.size());
    offsets_.push_back(end + v.size());
    valid_.push_back(1);
  }
  void append_date(Date v) {
    if (type_ != ValueType::Date) {
      append_other(v);
      return;
    }
    ints_.push_back(v.days_since_epoch());
    valid_.push_back(1);
  }
  /// Appends a Value of the column's type (an int into a decimal column is converted);
  /// throws ValueError for any other type.
  void append(const Value& v);
  /// Drops every row from `rows` on (rows <= size()), undoing appends: a reader that finds a
  /// row unreadable halfway through appending it takes back the cells it already appended.
  void truncate(std::size_t rows) noexcept;

 private:
  void grow_chars(std::size_t needed);
  // append_string() when the column is not a String column or its buffer is full.
  void append_string_growing(std::string_view v);
  // A typed append to a column of another type: appends it as a Value, which converts or throws.
  void append_other(const Decimal& v);
  void append_other(Date v);

  std::string name_;
  ValueType type_ = ValueType::String;
  std::vector<std::uint8_t> valid_;
  std::vector<std::int64_t> ints_;  // Bool, Int and Date (days) columns
  std::vector<Decimal> decimals_;
  // String bytes; only [0, offsets_.back()) is in use.
  std::vector<char, detail::UninitializedAllocator<char>> chars_;
  std::vector<std::uint64_t> offsets_{0};
};

/// A batch of rows as typed columns. A single record is a table of one row.
///
/// Each row remembers where it came from: its 1-based data row number in the input (header
/// excluded) and its physical line, so that reports point at the right place even when
/// unreadable rows were left out of the table.
class FUNDRULES_API Table {
 public:
  Table() = default;
  explicit Table(std::vector<Column> columns);

  [[nodiscard]] std::size_t num_rows() const noexcept;
  [[nodiscard]] std::size_t num_columns() const noexcept { return columns_.size(); }
  [[nodiscard]] const Column& column(std::size_t index) const { return columns_.at(index); }
  [[nodiscard]] Column& column(std::size_t index) { return columns_.at(index); }
  /// The column with this name, or nullptr.
  [[nodiscard]] const Column* find(std::string_view name) const noexcept;
  [[nodiscard]] Column* find(std::string_view name) noexcept;
  /// Adds a column; it must have as many rows as the others. Throws ValueError otherwise or if
  /// the name is taken.
  void add_column(Column column);
  [[nodiscard]] const std::vector<Column>& columns() const noexcept { return columns_; }

  /// 1-based data row number of `row`; row + 1 unless set_origins() said otherwise.
  [[nodiscard]] std::int64_t row_number(std::size_t row) const noexcept;
  /// Physical 1-based line where the row starts; 0 if unknown (a table built in memory).
  [[nodiscard]] std::int64_t line(std::size_t row) const noexcept;
  /// Sets where each row came from; both vectors have num_rows() entries (lines may be empty).
  void set_origins(std::vector<std::int64_t> row_numbers, std::vector<std::int64_t> lines);
  /// Numbers rows first_row_number, first_row_number + 1, ... (for a batch of a larger list).
  void set_first_row_number(std::int64_t first_row_number);

  /// The file (or other source) the rows came from, for messages.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  void set_source(std::string source) { source_ = std::move(source); }

 private:
  std::vector<Column> columns_;
  std::vector<std::int64_t> row_numbers_;
  std::vector<std::int64_t> lines_;
  std::int64_t first_row_number_ = 1;
  std::string source_;
};

}  // namespace fundrules
