#include "arrow_stream.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <set>
#include <string_view>

#include "cells.hpp"
#include "fundrules/error.hpp"

namespace fundrules::python {

namespace {

// The physical layouts fundrules reads; everything else is refused by name.
enum class Physical : std::uint8_t {
  Null,
  Bool,
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Int64,
  UInt64,
  Float32,
  Float64,
  Utf8,
  LargeUtf8,
  Utf8View,
  Decimal,
  Date32,
  Date64,
  Timestamp,
  Unsupported,
};

struct Format {
  Physical physical = Physical::Unsupported;
  int decimal_scale = 0;
  int decimal_bits = 128;
  std::int64_t units_per_day = 0;  // timestamps
  bool has_timezone = false;
};

bool is_integer(Physical p) {
  return p == Physical::Int8 || p == Physical::UInt8 || p == Physical::Int16 ||
         p == Physical::UInt16 || p == Physical::Int32 || p == Physical::UInt32 ||
         p == Physical::Int64 || p == Physical::UInt64;
}
bool is_text(Physical p) {
  return p == Physical::Utf8 || p == Physical::LargeUtf8 || p == Physical::Utf8View;
}
bool is_number(Physical p) {
  return is_integer(p) || p == Physical::Float32 || p == Physical::Float64 ||
         p == Physical::Decimal;
}

Format parse_format(std::string_view text) {
  Format f;
  if (text.size() == 1) {
    switch (text[0]) {
      case 'n':
        f.physical = Physical::Null;
        break;
      case 'b':
        f.physical = Physical::Bool;
        break;
      case 'c':
        f.physical = Physical::Int8;
        break;
      case 'C':
        f.physical = Physical::UInt8;
        break;
      case 's':
        f.physical = Physical::Int16;
        break;
      case 'S':
        f.physical = Physical::UInt16;
        break;
      case 'i':
        f.physical = Physical::Int32;
        break;
      case 'I':
        f.physical = Physical::UInt32;
        break;
      case 'l':
        f.physical = Physical::Int64;
        break;
      case 'L':
        f.physical = Physical::UInt64;
        break;
      case 'f':
        f.physical = Physical::Float32;
        break;
      case 'g':
        f.physical = Physical::Float64;
        break;
      case 'u':
        f.physical = Physical::Utf8;
        break;
      case 'U':
        f.physical = Physical::LargeUtf8;
        break;
      default:
        break;
    }
    return f;
  }
  if (text == "vu") {
    f.physical = Physical::Utf8View;
  } else if (text == "tdD") {
    f.physical = Physical::Date32;
  } else if (text == "tdm") {
    f.physical = Physical::Date64;
  } else if (text.size() >= 4 && text.substr(0, 2) == "ts" && text[3] == ':') {
    f.physical = Physical::Timestamp;
    switch (text[2]) {
      case 's':
        f.units_per_day = 86400LL;
        break;
      case 'm':
        f.units_per_day = 86400LL * 1000;
        break;
      case 'u':
        f.units_per_day = 86400LL * 1000 * 1000;
        break;
      case 'n':
        f.units_per_day = 86400LL * 1000 * 1000 * 1000;
        break;
      default:
        f.physical = Physical::Unsupported;
        break;
    }
    f.has_timezone = text.size() > 4;
  } else if (text.size() > 2 && text.substr(0, 2) == "d:") {
    // "d:precision,scale[,bitwidth]"
    const char* p = text.data() + 2;
    const char* end = text.data() + text.size();
    int precision = 0;
    auto r = std::from_chars(p, end, precision);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != ',') return f;
    r = std::from_chars(r.ptr + 1, end, f.decimal_scale);
    if (r.ec != std::errc()) return f;
    if (r.ptr != end) {
      if (*r.ptr != ',') return f;
      r = std::from_chars(r.ptr + 1, end, f.decimal_bits);
      if (r.ec != std::errc() || r.ptr != end) return f;
    }
    if (f.decimal_bits == 32 || f.decimal_bits == 64 || f.decimal_bits == 128 ||
        f.decimal_bits == 256) {
      f.physical = Physical::Decimal;
    }
  }
  return f;
}

template <class T>
T load(const void* buffer, std::int64_t index) {
  T value;
  std::memcpy(&value,
              static_cast<const char*>(buffer) + index * static_cast<std::int64_t>(sizeof(T)),
              sizeof(T));
  return value;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

Cell invalid(const char* why) {
  Cell cell;
  cell.kind = Cell::Kind::Invalid;
  cell.text = why;
  return cell;
}

// A decimal coefficient with an Arrow scale (any integer) as a fundrules Decimal (scale 0..18),
// exactly or not at all.
Cell decimal_cell(std::int64_t high, std::uint64_t low, int scale) {
  try {
    Cell cell;
    cell.kind = Cell::Kind::Decimal;
    if (scale >= 0 && scale <= Decimal::kMaxScale) {
      cell.decimal = Decimal::from_raw(high, low, scale);
      return cell;
    }
    Decimal coefficient = Decimal::from_raw(high, low, 0);
    if (scale < 0) {
      for (int i = 0; i < -scale; ++i) coefficient = coefficient * Decimal(10);
      cell.decimal = coefficient;
      return cell;
    }
    for (int i = Decimal::kMaxScale; i < scale; ++i) {
      const Decimal quotient = coefficient.divide(Decimal(10), 0, RoundingMode::Down);
      if (quotient * Decimal(10) != coefficient) {
        return invalid("the decimal has more than 18 places after the point");
      }
      coefficient = quotient;
    }
    cell.decimal =
        Decimal::from_raw(coefficient.raw_high(), coefficient.raw_low(), Decimal::kMaxScale);
    return cell;
  } catch (const Error&) {
    return invalid("the decimal has more than 38 digits");
  }
}

class ArrayView {
 public:
  ArrayView(const ArrowSchema& schema, const ArrowArray& array)
      : format_(parse_format(schema.format)), array_(array) {
    validity_ = array.n_buffers > 0 ? static_cast<const std::uint8_t*>(array.buffers[0]) : nullptr;
    if (schema.dictionary != nullptr && array.dictionary != nullptr) {
      dictionary_ = std::make_unique<ArrayView>(*schema.dictionary, *array.dictionary);
    }
  }

  [[nodiscard]] Cell cell(std::int64_t row) const {
    const std::int64_t i = array_.offset + row;
    if (format_.physical == Physical::Null) return Cell{};
    if (validity_ != nullptr && ((validity_[i >> 3] >> (i & 7)) & 1) == 0) return Cell{};
    if (dictionary_) {
      const Cell index = number(i);
      if (index.kind == Cell::Kind::Int) return dictionary_->cell(index.integer);
      if (index.kind == Cell::Kind::UInt) {
        return dictionary_->cell(static_cast<std::int64_t>(index.unsigned_integer));
      }
      return invalid("unsupported dictionary index type");
    }
    return number(i);
  }

 private:
  [[nodiscard]] const void* buffer(std::int64_t n) const { return array_.buffers[n]; }

  // The value at physical index i (offset already applied).
  [[nodiscard]] Cell number(std::int64_t i) const {
    Cell cell;
    switch (format_.physical) {
      case Physical::Bool:
        cell.kind = Cell::Kind::Bool;
        cell.boolean = ((load<std::uint8_t>(buffer(1), i >> 3) >> (i & 7)) & 1) != 0;
        return cell;
      case Physical::Int8:
        return signed_cell(load<std::int8_t>(buffer(1), i));
      case Physical::Int16:
        return signed_cell(load<std::int16_t>(buffer(1), i));
      case Physical::Int32:
        return signed_cell(load<std::int32_t>(buffer(1), i));
      case Physical::Int64:
        return signed_cell(load<std::int64_t>(buffer(1), i));
      case Physical::UInt8:
        return unsigned_cell(load<std::uint8_t>(buffer(1), i));
      case Physical::UInt16:
        return unsigned_cell(load<std::uint16_t>(buffer(1), i));
      case Physical::UInt32:
        return unsigned_cell(load<std::uint32_t>(buffer(1), i));
      case Physical::UInt64:
        return unsigned_cell(load<std::uint64_t>(buffer(1), i));
      case Physical::Float32:
        cell.kind = Cell::Kind::Float;
        cell.floating = static_cast<double>(load<float>(buffer(1), i));
        return cell;
      case Physical::Float64:
        cell.kind = Cell::Kind::Float;
        cell.floating = load<double>(buffer(1), i);
        return cell;
      case Physical::Utf8: {
        const auto begin = load<std::int32_t>(buffer(1), i);
        const auto end = load<std::int32_t>(buffer(1), i + 1);
        return text_cell(static_cast<const char*>(buffer(2)) + begin,
                         static_cast<std::size_t>(end - begin));
      }
      case Physical::LargeUtf8: {
        const auto begin = load<std::int64_t>(buffer(1), i);
        const auto end = load<std::int64_t>(buffer(1), i + 1);
        return text_cell(static_cast<const char*>(buffer(2)) + begin,
                         static_cast<std::size_t>(end - begin));
      }
      case Physical::Utf8View: {
        // 16 bytes per view: length, then either the bytes themselves (up to 12) or a 4-byte
        // prefix, the index of a data buffer and an offset into it.
        const char* view = static_cast<const char*>(buffer(1)) + i * 16;
        const auto length = load<std::int32_t>(view, 0);
        if (length <= 12) return text_cell(view + 4, static_cast<std::size_t>(length));
        const auto buffer_index = load<std::int32_t>(view + 8, 0);
        const auto offset = load<std::int32_t>(view + 12, 0);
        return text_cell(static_cast<const char*>(buffer(2 + buffer_index)) + offset,
                         static_cast<std::size_t>(length));
      }
      case Physical::Decimal:
        return decimal_at(i);
      case Physical::Date32:
        cell.kind = Cell::Kind::Date;
        cell.days = load<std::int32_t>(buffer(1), i);
        return cell;
      case Physical::Date64:
        return datetime_cell(load<std::int64_t>(buffer(1), i), 86400000LL);
      case Physical::Timestamp:
        return datetime_cell(load<std::int64_t>(buffer(1), i), format_.units_per_day);
      default:
        return invalid("unsupported Arrow type");
    }
  }

  [[nodiscard]] Cell decimal_at(std::int64_t i) const {
    switch (format_.decimal_bits) {
      case 32: {
        const auto v = load<std::int32_t>(buffer(1), i);
        return decimal_cell(v < 0 ? -1 : 0,
                            static_cast<std::uint64_t>(static_cast<std::int64_t>(v)),
                            format_.decimal_scale);
      }
      case 64: {
        const auto v = load<std::int64_t>(buffer(1), i);
        return decimal_cell(v < 0 ? -1 : 0, static_cast<std::uint64_t>(v), format_.decimal_scale);
      }
      case 128: {
        const auto low = load<std::uint64_t>(buffer(1), 2 * i);
        const auto high = load<std::int64_t>(buffer(1), 2 * i + 1);
        return decimal_cell(high, low, format_.decimal_scale);
      }
      default: {
        // 256 bits: representable when the top two words only extend the sign of the second.
        const auto w0 = load<std::uint64_t>(buffer(1), 4 * i);
        const auto w1 = load<std::int64_t>(buffer(1), 4 * i + 1);
        const auto w2 = load<std::int64_t>(buffer(1), 4 * i + 2);
        const auto w3 = load<std::int64_t>(buffer(1), 4 * i + 3);
        const std::int64_t sign = w1 < 0 ? -1 : 0;
        if (w2 != sign || w3 != sign) return invalid("the decimal has more than 38 digits");
        return decimal_cell(w1, w0, format_.decimal_scale);
      }
    }
  }

  static Cell signed_cell(std::int64_t v) {
    Cell cell;
    cell.kind = Cell::Kind::Int;
    cell.integer = v;
    return cell;
  }
  static Cell unsigned_cell(std::uint64_t v) {
    Cell cell;
    cell.kind = Cell::Kind::UInt;
    cell.unsigned_integer = v;
    return cell;
  }
  static Cell text_cell(const char* data, std::size_t size) {
    Cell cell;
    cell.kind = Cell::Kind::Text;
    cell.text = std::string_view(data, size);
    return cell;
  }
  static Cell datetime_cell(std::int64_t value, std::int64_t units_per_day) {
    Cell cell;
    cell.kind = Cell::Kind::DateTime;
    const std::int64_t days = floor_div(value, units_per_day);
    cell.days = static_cast<std::int32_t>(days);
    cell.midnight = value - days * units_per_day == 0;
    return cell;
  }

  Format format_;
  const ArrowArray& array_;
  const std::uint8_t* validity_ = nullptr;
  std::unique_ptr<ArrayView> dictionary_;
};

// Why an Arrow column cannot hold a field at all, or "" when it can (cells may still fail).
std::string incompatibility(const FieldSpec& field, const ArrowSchema& column) {
  const ArrowSchema& values = column.dictionary != nullptr ? *column.dictionary : column;
  const Format f = parse_format(values.format);
  const std::string name = column.name != nullptr ? column.name : "";
  const std::string prefix = "column '" + name + "' (Arrow type '" + values.format + "') ";
  if (f.physical == Physical::Unsupported) return prefix + "is of a type fundrules does not read";
  if (f.physical == Physical::Null || is_text(f.physical)) return {};
  if (f.physical == Physical::Timestamp && f.has_timezone) {
    return prefix + "holds time-zone-aware timestamps; convert them to dates first";
  }
  bool fits = false;
  switch (field.type) {
    case ValueType::Bool:
      fits = f.physical == Physical::Bool || is_integer(f.physical);
      break;
    case ValueType::Int:
    case ValueType::Decimal:
      fits = is_number(f.physical);
      break;
    case ValueType::String:
      fits = is_number(f.physical) || f.physical == Physical::Date32;
      break;
    case ValueType::Date:
      fits = f.physical == Physical::Date32 || f.physical == Physical::Date64 ||
             f.physical == Physical::Timestamp;
      break;
    default:
      break;
  }
  if (fits) return {};
  return prefix + "cannot hold field '" + field.name + "' (" + std::string(type_name(field.type)) +
         (field.money ? ", money" : "") + ")";
}

struct SchemaGuard {
  ArrowSchema schema{};
  ~SchemaGuard() {
    if (schema.release != nullptr) schema.release(&schema);
  }
};

struct ArrayGuard {
  ArrowArray array{};
  ~ArrayGuard() {
    if (array.release != nullptr) array.release(&array);
  }
};

}  // namespace

struct ArrowStreamReader::Impl {
  ArrowArrayStream stream{};
  Schema schema;
  std::string source;
  SchemaGuard arrow_schema;
  std::vector<int> field_column;  // per field: Arrow column index or -1
  std::vector<FieldConverter> converters;
  std::vector<std::string> unused;
  std::set<std::size_t> float_fields;
  std::int64_t next_row_number = 1;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (stream.release != nullptr) stream.release(&stream);
  }

  [[nodiscard]] std::string last_error() {
    const char* message =
        stream.get_last_error != nullptr ? stream.get_last_error(&stream) : nullptr;
    return message != nullptr ? message : "no reason given";
  }

  [[nodiscard]] DataError error(int column, const std::string& message) const {
    return DataError(SourceLocation{source, 0, column}, message);
  }
};

ArrowStreamReader::ArrowStreamReader(ArrowArrayStream* stream, Schema schema, std::string source)
    : impl_(std::make_unique<Impl>()) {
  impl_->stream = *stream;
  stream->release = nullptr;
  impl_->schema = std::move(schema);
  impl_->source = std::move(source);
  Impl& s = *impl_;
  if (s.stream.get_schema(&s.stream, &s.arrow_schema.schema) != 0) {
    throw s.error(0, "the Arrow stream gave no schema: " + s.last_error());
  }
  const ArrowSchema& top = s.arrow_schema.schema;
  if (std::string_view(top.format) != "+s") {
    throw s.error(0, "the Arrow stream does not hold record batches (format '" +
                         std::string(top.format) + "')");
  }
  s.field_column.assign(s.schema.fields.size(), -1);
  for (const FieldSpec& field : s.schema.fields) s.converters.emplace_back(field);
  for (std::int64_t c = 0; c < top.n_children; ++c) {
    const ArrowSchema& column = *top.children[c];
    const std::string name = column.name != nullptr ? column.name : "";
    const int field = s.schema.match_header(name);
    if (field < 0) {
      s.unused.push_back(name);
      continue;
    }
    const auto f = static_cast<std::size_t>(field);
    if (s.field_column[f] >= 0) {
      throw s.error(static_cast<int>(c) + 1,
                    "columns '" + std::string(top.children[s.field_column[f]]->name) + "' and '" +
                        name + "' both name field '" + s.schema.fields[f].name + "'");
    }
    const std::string why = incompatibility(s.schema.fields[f], column);
    if (!why.empty()) throw s.error(static_cast<int>(c) + 1, why);
    s.field_column[f] = static_cast<int>(c);
  }
}

ArrowStreamReader::~ArrowStreamReader() = default;

bool ArrowStreamReader::next(CsvBatch& batch) {
  Impl& s = *impl_;
  batch.table = Table();
  batch.problems.clear();
  ArrayGuard guard;
  if (s.stream.get_next(&s.stream, &guard.array) != 0) {
    throw s.error(0, "reading the Arrow stream failed: " + s.last_error());
  }
  if (guard.array.release == nullptr) return false;  // the end of the stream
  const ArrowArray& array = guard.array;
  const ArrowSchema& top = s.arrow_schema.schema;
  const auto rows = static_cast<std::size_t>(array.length);

  std::vector<Column> columns;
  columns.reserve(s.schema.fields.size());
  std::vector<bool> bad(rows, false);
  io::Cell converted;
  for (std::size_t f = 0; f < s.schema.fields.size(); ++f) {
    FieldConverter& converter = s.converters[f];
    Column column(s.schema.fields[f].name, converter.column_type());
    column.reserve(rows);
    const int c = s.field_column[f];
    if (c < 0) {
      for (std::size_t r = 0; r < rows; ++r) column.append_null();
    } else {
      const ArrayView view(*top.children[c], *array.children[c]);
      for (std::size_t r = 0; r < rows; ++r) {
        const ConvertOutcome outcome =
            converter.convert(view.cell(array.offset + static_cast<std::int64_t>(r)), converted);
        converter.append(column, converted);  // a null stands in for a bad cell
        if (outcome.used_float) s.float_fields.insert(f);
        if (!outcome.ok) {
          bad[r] = true;
          RowProblem problem;
          problem.row = s.next_row_number + static_cast<std::int64_t>(r);
          problem.column = c + 1;
          problem.field = s.schema.fields[f].name;
          problem.message = outcome.error;
          batch.problems.push_back(std::move(problem));
        }
      }
    }
    columns.push_back(std::move(column));
  }

  const std::int64_t first = s.next_row_number;
  s.next_row_number += static_cast<std::int64_t>(rows);
  if (batch.problems.empty()) {
    batch.table = Table(std::move(columns));
    batch.table.set_first_row_number(first);
  } else {
    // Problems are listed column by column above; the report wants them in row order.
    std::stable_sort(batch.problems.begin(), batch.problems.end(),
                     [](const RowProblem& a, const RowProblem& b) { return a.row < b.row; });
    std::vector<Column> readable;
    std::vector<std::int64_t> row_numbers;
    for (const Column& column : columns) {
      Column kept(column.name(), column.type());
      for (std::size_t r = 0; r < rows; ++r) {
        if (!bad[r]) kept.append(column.value_at(r));
      }
      readable.push_back(std::move(kept));
    }
    for (std::size_t r = 0; r < rows; ++r) {
      if (!bad[r]) row_numbers.push_back(first + static_cast<std::int64_t>(r));
    }
    batch.table = Table(std::move(readable));
    batch.table.set_origins(std::move(row_numbers), {});
  }
  batch.table.set_source(s.source);
  return true;
}

const std::vector<std::string>& ArrowStreamReader::unused_columns() const noexcept {
  return impl_->unused;
}

std::vector<std::string> ArrowStreamReader::missing_fields() const {
  std::vector<std::string> out;
  for (std::size_t f = 0; f < impl_->schema.fields.size(); ++f) {
    if (impl_->field_column[f] < 0) out.push_back(impl_->schema.fields[f].name);
  }
  return out;
}

std::vector<std::string> ArrowStreamReader::float_fields() const {
  std::vector<std::string> out;
  for (std::size_t f : impl_->float_fields) out.push_back(impl_->schema.fields[f].name);
  return out;
}

}  // namespace fundrules::python
