#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <utility>

#include "fundrules/csv.hpp"
#include "fundrules/error.hpp"
#include "io/cell_converter.hpp"
#include "io/csv_tokenizer.hpp"
#include "io/input_text.hpp"
#include "io/text_decoder.hpp"

namespace fundrules {

namespace {

// Rows reserved in each column up front; a batch larger than this grows as it fills.
constexpr std::size_t kReserveRows = 8192;

const char* encoding_name(Encoding encoding) noexcept {
  return encoding == Encoding::Gb18030 ? "GB18030" : "UTF-8";
}

int to_int(std::int64_t value) noexcept {
  return value > std::numeric_limits<int>::max() ? std::numeric_limits<int>::max()
                                                 : static_cast<int>(value);
}

}  // namespace

struct CsvReader::Impl {
  enum class Next : std::uint8_t { Record, StrayQuote, TooLong, End };

  Impl(std::unique_ptr<std::istream> stream, std::string source, Schema fields,
       const CsvOptions& opts);

  Next next_record();
  // Drops `consumed` bytes of the window and reads more.
  void refill(std::size_t consumed);
  // Whether the current record holds text that is not valid in the input's encoding.
  bool record_is_damaged();
  Next skip_long_record();
  Next stray_quote_line(std::size_t first_break);
  // The first line break inside the current record (not the one ending it), or npos.
  [[nodiscard]] std::size_t inner_line_break() const;
  bool is_blank() const;
  void read_header();
  void check_header_text();
  void match_header();
  bool next(CsvBatch& batch);
  bool reusable(const Table& table) const;
  void read_row(Next kind, CsvBatch& batch, std::vector<Column>& columns);
  std::string check_row_shape(int& column) const;

  std::string name;
  Schema schema;
  CsvOptions options;
  io::InputText input;
  io::Tokenizer tokenizer;
  io::RecordSkipper skipper;
  io::Record record;
  std::size_t pos = 0;                // start of the next record in input's window
  std::int64_t line = 1;              // physical line at pos
  std::int64_t record_line = 0;       // physical line where the current record starts
  std::int64_t record_last_line = 0;  // and where it ends
  std::int64_t rows = 0;              // data rows numbered so far
  std::size_t clean_until = 0;        // the window's text before this is known to be valid
  bool finished = false;

  std::vector<std::string> header;
  std::vector<int> field_column;                    // the column of each schema field, -1 if none
  std::vector<int> column_field;                    // the schema field of each column, -1 if none
  std::vector<std::pair<std::size_t, int>> mapped;  // (field, column) of each field with one
  std::vector<std::size_t> unmapped;                // fields no column names: always null
  std::vector<io::CellConverter> converters;
  // Where each mapped column's cells go in the batch being filled, in `mapped` order: the
  // per-cell loop follows pointers instead of indexing three vectors.
  struct CellTarget {
    std::size_t column = 0;
    Column* values = nullptr;
    io::CellConverter* converter = nullptr;
  };
  std::vector<CellTarget> targets;
  io::Cell cell;               // a bad row's cells, converted to report
  std::size_t table_rows = 0;  // rows in the batch's columns so far
  std::vector<std::int64_t> row_numbers;
  std::vector<std::int64_t> row_lines;
  std::string message;
};

CsvReader::Impl::Impl(std::unique_ptr<std::istream> stream, std::string source, Schema fields,
                      const CsvOptions& opts)
    : name(std::move(source)),
      schema(std::move(fields)),
      options(opts),
      input(std::move(stream), name, opts.encoding),
      // 0 fields means 1, as below; the tokenizer must be told so too, or it keeps no field.
      tokenizer(opts.delimiter, std::max<std::size_t>(opts.max_fields, 1)),
      skipper(opts.delimiter) {
  if (options.delimiter == '"' || options.delimiter == '\r' || options.delimiter == '\n') {
    throw ValueError("the CSV delimiter cannot be a quote or a line break");
  }
  if (options.batch_rows == 0) options.batch_rows = std::numeric_limits<std::size_t>::max();
  if (options.max_fields == 0) options.max_fields = 1;
  converters.reserve(schema.fields.size());
  for (const FieldSpec& field : schema.fields) converters.emplace_back(field);
  read_header();
}

CsvReader::Impl::Next CsvReader::Impl::next_record() {
  for (;;) {
    const io::ScanStatus status =
        tokenizer.scan(input.data(), input.size(), pos, input.at_end(), record);
    if (status == io::ScanStatus::Complete) {
      if (record.unclosed_quote_column != 0) {
        const std::size_t first_break = io::find_line_break(input.data(), record.begin, record.end);
        if (first_break != std::string::npos) return stray_quote_line(first_break);
      }
      // Only a record with two line breaks, or one that ends the data, can hold a break
      // before its last byte.
      const bool may_hold_break = record.line_breaks > 1 || record.end == input.size();
      if (const std::size_t first_break = may_hold_break ? inner_line_break() : std::string::npos;
          first_break != std::string::npos) {
        // A quoted cell ran over lines and the record came out malformed: most likely a stray
        // quote closed by the quote of a later row, which would hide every row in between.
        // Taken as a stray, it costs only its own line.
        int column = 0;
        if (!header.empty() && !check_row_shape(column).empty()) {
          return stray_quote_line(first_break);
        }
      }
      record_line = line;
      line += record.line_breaks;
      // A record's last line is the one its last byte is on (a line break belongs to the line
      // it ends), also when an unclosed quote runs to a final line break.
      const char last = record.end > record.begin ? input.data()[record.end - 1] : '\0';
      record_last_line = last == '\n' || last == '\r' ? line - 1 : line;
      pos = record.end;
      return record.end - record.begin > options.max_record_bytes ? Next::TooLong : Next::Record;
    }
    if (status == io::ScanStatus::End) return Next::End;
    if (input.size() - pos > options.max_record_bytes) {
      // A record cut by the end of the window has all its line breaks inside quotes. One that
      // runs on over lines for longer than a row may be is a quote closed nowhere in reach.
      const std::size_t first_break =
          io::find_line_break(input.data(), pos, pos + options.max_record_bytes);
      if (first_break != std::string::npos) return stray_quote_line(first_break);
      return skip_long_record();
    }
    refill(pos);
    pos = 0;
  }
}

void CsvReader::Impl::refill(std::size_t consumed) {
  clean_until = clean_until > consumed ? clean_until - consumed : 0;
  input.refill(consumed);
}

bool CsvReader::Impl::record_is_damaged() {
  if (record.end <= clean_until) return false;
  // Check from this record up to the last line break in the window at once: the window's text
  // is checked once rather than a record at a time. (No UTF-8 character holds a line break, so
  // none is cut there.) The check stops at the first damage, and all before it is sound.
  const char* data = input.data();
  std::size_t until = input.size();
  if (!input.at_end()) {
    while (until > record.end && data[until - 1] != '\n') --until;
  }
  const std::size_t bad =
      io::find_invalid_text(std::string_view(data + record.begin, until - record.begin));
  clean_until = bad == std::string_view::npos ? until : record.begin + bad;
  return record.end > clean_until;
}

CsvReader::Impl::Next CsvReader::Impl::skip_long_record() {
  // The record cannot be kept whole: follow it to its end without holding it, so that reading
  // goes on at the next record.
  record_line = line;
  skipper.reset();
  for (;;) {
    const std::size_t end = skipper.feed(input.data() + pos, input.size() - pos, input.at_end());
    if (end != std::string::npos) {
      pos += end;
      line += skipper.line_breaks();
      record_last_line = skipper.ends_with_line_break() ? line - 1 : line;
      return Next::TooLong;
    }
    refill(input.size());
    pos = 0;
  }
}

CsvReader::Impl::Next CsvReader::Impl::stray_quote_line(std::size_t first_break) {
  // A quote opened on the record's first line is not closed before the end of the file (or of
  // max_record_bytes): taken at its word, it would swallow every later row into one cell.
  // Taken as a stray, it costs only its own line, reported unreadable; reading goes on at the
  // next line.
  const char* data = input.data();
  record_line = line;
  record_last_line = line;
  tokenizer.scan(data, first_break, pos, true, record);  // the line alone, for its columns
  std::size_t next = first_break + 1;
  if (data[first_break] == '\r' && next < input.size() && data[next] == '\n') ++next;
  line += 1;
  pos = next;
  return Next::StrayQuote;
}

std::size_t CsvReader::Impl::inner_line_break() const {
  const char* data = input.data();
  const char last = record.end > record.begin ? data[record.end - 1] : '\0';
  const bool ends_line = last == '\n' || last == '\r';
  // Most records hold no break but the one ending them: no need to look.
  if (record.line_breaks <= (ends_line ? 1u : 0u)) return std::string::npos;
  const std::size_t first = io::find_line_break(data, record.begin, record.end);
  if (first == std::string::npos) return first;
  std::size_t after = first + 1;
  if (data[first] == '\r' && after < record.end && data[after] == '\n') ++after;
  return after < record.end ? first : std::string::npos;
}

bool CsvReader::Impl::is_blank() const {
  // Excel writes the blank rows of a sheet as ",,,,": they hold no data, like empty lines.
  // Most rows start with a cell whose first byte is no space: say so without a loop.
  const io::FieldSpan& first = record.fields.front();
  if (first.end > first.begin) {
    const auto byte = static_cast<unsigned char>(input.data()[first.begin]);
    if (byte > 0x20 && byte != 0xC2 && byte != 0xE3) return false;
  }
  if (record.field_count != record.fields.size()) return false;
  if (record.stray_quote_column != 0 || record.unclosed_quote_column != 0) return false;
  const char* data = input.data();
  for (const io::FieldSpan& field : record.fields) {
    const std::string_view text(data + field.begin, field.end - field.begin);
    if (!io::trim_cell(text).empty()) return false;
  }
  return true;
}

void CsvReader::Impl::read_header() {
  Next next = Next::End;
  while ((next = next_record()) == Next::Record && is_blank()) {
  }
  const std::string limits_hint = " (is this really a CSV file, with this delimiter?)";
  if (next == Next::End) {
    throw DataError(SourceLocation{name, 0, 0},
                    line == 1 ? "the file is empty: there is no header row"
                              : "the file has only blank lines: there is no header row");
  }
  if (next == Next::TooLong) {
    throw DataError(SourceLocation{name, to_int(record_line), 0},
                    "the header row is longer than " + std::to_string(options.max_record_bytes) +
                        " bytes" + limits_hint);
  }
  check_header_text();
  if (record.field_count > options.max_fields) {
    throw DataError(SourceLocation{name, to_int(record_line), 0},
                    "the header has more than " + std::to_string(options.max_fields) + " columns" +
                        limits_hint);
  }
  if (record.unclosed_quote_column != 0) {
    throw DataError(SourceLocation{name, to_int(record_line), record.unclosed_quote_column},
                    "the quote that opens this header cell is never closed");
  }
  if (record.stray_quote_column != 0) {
    throw DataError(SourceLocation{name, to_int(record_line), record.stray_quote_column},
                    "text follows the closing quote of this header cell");
  }
  header.reserve(record.fields.size());
  for (io::FieldSpan& field : record.fields) {
    header.emplace_back(io::trim_cell(io::Tokenizer::text(input.data(), field)));
  }
  match_header();
}

void CsvReader::Impl::check_header_text() {
  const std::string_view text(input.data() + record.begin, record.end - record.begin);
  const std::size_t bad = io::find_invalid_text(text);
  if (bad == std::string_view::npos) return;
  std::int64_t bad_line = record_line;
  for (std::size_t i = 0; i < bad; ++i) {
    if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) ++bad_line;
  }
  const std::string what = options.encoding == Encoding::Auto
                               ? std::string("neither UTF-8 nor GB18030 text")
                               : std::string("not ") + encoding_name(input.encoding()) + " text";
  throw DataError(SourceLocation{name, to_int(bad_line), 0},
                  "the header is " + what +
                      " (or holds binary data): this is not a CSV file "
                      "fundrules can read");
}

void CsvReader::Impl::match_header() {
  field_column.assign(schema.fields.size(), -1);
  column_field.assign(header.size(), -1);
  bool any = false;
  for (std::size_t column = 0; column < header.size(); ++column) {
    const int field = schema.match_header(header[column]);
    if (field < 0) continue;
    const auto f = static_cast<std::size_t>(field);
    if (field_column[f] >= 0) {
      throw DataError(SourceLocation{name, to_int(record_line), static_cast<int>(column) + 1},
                      "columns " + std::to_string(field_column[f] + 1) + " (\"" +
                          header[static_cast<std::size_t>(field_column[f])] + "\") and " +
                          std::to_string(column + 1) + " (\"" + header[column] +
                          "\") both name the field " + schema.fields[f].name);
    }
    field_column[f] = static_cast<int>(column);
    column_field[column] = field;
    any = true;
  }
  // In field order: a row's bad cells are reported in that order.
  for (std::size_t f = 0; f < field_column.size(); ++f) {
    if (field_column[f] >= 0) {
      mapped.emplace_back(f, field_column[f]);
    } else {
      unmapped.push_back(f);
    }
  }
  if (!any && !schema.fields.empty()) {
    std::string expected;
    for (std::size_t f = 0; f < schema.fields.size() && f < 4; ++f) {
      const FieldSpec& spec = schema.fields[f];
      if (!expected.empty()) expected += ", ";
      expected += spec.label_zh.empty() ? spec.name : spec.label_zh;
    }
    throw DataError(SourceLocation{name, to_int(record_line), 0},
                    "no column of the first row names a field the rules read (such as " + expected +
                        "): the header row is missing or the file is not a roster");
  }
}

bool CsvReader::Impl::reusable(const Table& table) const {
  if (table.num_columns() != schema.fields.size() || schema.fields.empty()) return false;
  for (std::size_t f = 0; f < schema.fields.size(); ++f) {
    const Column& column = table.column(f);
    if (column.name() != schema.fields[f].name || column.type() != converters[f].column_type()) {
      return false;
    }
  }
  return true;
}

bool CsvReader::Impl::next(CsvBatch& batch) {
  batch.problems.clear();
  std::vector<Column> columns;
  columns.reserve(schema.fields.size());
  if (reusable(batch.table)) {
    // The last batch's columns, emptied: a long file does not allocate (and fault in) fresh
    // memory for every batch.
    for (std::size_t f = 0; f < schema.fields.size(); ++f) {
      columns.push_back(std::move(batch.table.column(f)));
      columns.back().clear();
    }
  } else {
    const std::size_t reserve = std::min(options.batch_rows, kReserveRows);
    for (std::size_t f = 0; f < schema.fields.size(); ++f) {
      columns.emplace_back(schema.fields[f].name, converters[f].column_type());
      columns.back().reserve(reserve);
    }
  }
  targets.clear();
  for (const auto& [f, c] : mapped) {
    targets.push_back(CellTarget{static_cast<std::size_t>(c), &columns[f], &converters[f]});
  }
  row_numbers.clear();  // moved from by the last batch's table
  table_rows = 0;
  row_lines.clear();
  // Grown a row at a time, they would be copied over and over in a batch of many rows.
  const std::size_t expected_rows = std::min(options.batch_rows, std::size_t{65536});
  row_numbers.reserve(expected_rows);
  row_lines.reserve(expected_rows);
  std::size_t taken = 0;
  while (taken < options.batch_rows && !finished) {
    const Next next = next_record();
    if (next == Next::End) {
      finished = true;
      break;
    }
    if (next == Next::Record && is_blank()) continue;
    ++taken;
    read_row(next, batch, columns);
  }
  Table table(std::move(columns));
  table.set_origins(std::move(row_numbers), std::move(row_lines));
  table.set_source(name);
  batch.table = std::move(table);
  return taken > 0;
}

std::string CsvReader::Impl::check_row_shape(int& column) const {
  // Called for every row: build no message unless something is wrong.
  column = 0;
  if (record.unclosed_quote_column != 0) {
    column = record.unclosed_quote_column;
    return "the quote that opens this cell is never closed (a stray quote?); this line is left "
           "out and reading goes on at the next line";
  }
  if (record.stray_quote_column != 0) {
    column = record.stray_quote_column;
    return "text follows the closing quote of this cell; a quote inside a quoted cell must be "
           "written twice (\"\")";
  }
  if (record.field_count > options.max_fields) {
    return "the row has more than " + std::to_string(options.max_fields) +
           " cells, the most a row may have";
  }
  if (record.field_count == header.size()) return {};
  const std::string counts = "the row has " + std::to_string(record.field_count) +
                             " cells but the header has " + std::to_string(header.size());
  if (record.field_count < header.size()) return counts;
  // Empty cells past the header's last column (a sheet's stray formatting) carry no data.
  const char* data = input.data();
  for (std::size_t c = header.size(); c < record.fields.size(); ++c) {
    const io::FieldSpan& field = record.fields[c];
    if (!io::trim_cell(std::string_view(data + field.begin, field.end - field.begin)).empty()) {
      return counts +
             " (an amount such as 1,500.00 must be in quotes when the delimiter is a comma)";
    }
  }
  return {};
}

void CsvReader::Impl::read_row(Next kind, CsvBatch& batch, std::vector<Column>& columns) {
  const std::int64_t row = ++rows;
  auto report = [&](int column, std::string text) {
    RowProblem problem;
    problem.row = row;
    problem.line = record_line;
    problem.column = column;
    if (column > 0 && static_cast<std::size_t>(column) <= column_field.size()) {
      const int field = column_field[static_cast<std::size_t>(column) - 1];
      if (field >= 0) problem.field = schema.fields[static_cast<std::size_t>(field)].name;
    }
    problem.message = std::move(text);
    batch.problems.push_back(std::move(problem));
  };
  if (kind == Next::TooLong) {
    report(0, "the row is longer than " + std::to_string(options.max_record_bytes) +
                  " bytes, the most a row may have; it ends on line " +
                  std::to_string(record_last_line));
    return;
  }
  // Most rows have the header's shape: say so without building the (empty) verdict.
  if (record.field_count != header.size() || record.stray_quote_column != 0 ||
      record.unclosed_quote_column != 0) {
    int column = 0;
    std::string shape = check_row_shape(column);
    if (!shape.empty()) {
      report(column, std::move(shape));
      return;
    }
  }
  // Cells go straight into their columns; a row with a bad cell is taken back out of them, so
  // that it is left out whole, and its other cells are still converted so that all of its bad
  // cells are reported at once.
  char* data = input.data();
  // One pass over the whole record finds damage; only a damaged record is checked cell by cell
  // (damage in a column the rules do not read does not make the row unreadable).
  const bool damaged = record_is_damaged();
  const std::size_t rows_before = table_rows;
  if (!damaged) {
    // Nearly every row: sound text whose cells all convert. At the first bad cell the cells
    // appended are taken back and the general loop below reads the row again, to report all
    // of its bad cells.
    bool all_converted = true;
    io::FieldSpan* spans = record.fields.data();
    for (const CellTarget& target : targets) {
      const std::string_view text = io::trim_cell(io::Tokenizer::text(data, spans[target.column]));
      if (text.empty()) {
        target.values->append_null();
      } else if (!target.converter->convert_append(text, *target.values, message)) {
        all_converted = false;
        break;
      }
    }
    if (all_converted) {
      for (const std::size_t f : unmapped) columns[f].append_null();
      ++table_rows;
      row_numbers.push_back(row);
      row_lines.push_back(record_line);
      return;
    }
    for (const auto& [f, c] : mapped) columns[f].truncate(rows_before);
  }
  bool readable = true;
  for (const auto& [f, c] : mapped) {
    io::FieldSpan& span = record.fields[static_cast<std::size_t>(c)];
    if (damaged && io::find_invalid_text(std::string_view(
                       data + span.begin, span.end - span.begin)) != std::string_view::npos) {
      report(c + 1, std::string("the cell holds bytes that are not valid ") +
                        encoding_name(input.encoding()) + " text (a damaged file or binary data)");
      readable = false;
      continue;
    }
    const std::string_view text = io::trim_cell(io::Tokenizer::text(data, span));
    if (!readable) {
      // Only to report the row's other bad cells.
      if (!text.empty() && !converters[f].convert(text, cell, message)) report(c + 1, message);
      continue;
    }
    if (text.empty()) {
      columns[f].append_null();
    } else if (!converters[f].convert_append(text, columns[f], message)) {
      report(c + 1, message);
      readable = false;
    }
  }
  if (!readable) {
    for (const auto& [f, c] : mapped) columns[f].truncate(rows_before);
    return;
  }
  for (const std::size_t f : unmapped) columns[f].append_null();
  ++table_rows;
  row_numbers.push_back(row);
  row_lines.push_back(record_line);
}

CsvReader::CsvReader(const std::string& path, Schema schema, CsvOptions options) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!file->is_open()) {
    throw DataError(SourceLocation{path, 0, 0},
                    std::string("cannot open the file: ") + std::strerror(errno));
  }
  impl_ = std::make_unique<Impl>(std::move(file), path, std::move(schema), options);
}

CsvReader::CsvReader(std::unique_ptr<std::istream> input, std::string name, Schema schema,
                     CsvOptions options)
    : impl_(std::make_unique<Impl>(std::move(input), std::move(name), std::move(schema), options)) {
}

CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

bool CsvReader::next(CsvBatch& batch) {
  const bool more = impl_->next(batch);
  batch.bytes_read = impl_->input.bytes_read();
  return more;
}

Encoding CsvReader::encoding() const noexcept { return impl_->input.encoding(); }

const std::vector<std::string>& CsvReader::header() const noexcept { return impl_->header; }

std::vector<std::string> CsvReader::unused_columns() const {
  std::vector<std::string> unused;
  for (std::size_t c = 0; c < impl_->header.size(); ++c) {
    if (impl_->column_field[c] < 0 && !impl_->header[c].empty()) {
      unused.push_back(impl_->header[c]);
    }
  }
  return unused;
}

std::vector<std::string> CsvReader::missing_fields() const {
  std::vector<std::string> missing;
  for (std::size_t f = 0; f < impl_->schema.fields.size(); ++f) {
    if (impl_->field_column[f] < 0) missing.push_back(impl_->schema.fields[f].name);
  }
  return missing;
}

std::string CsvReader::input_sha256() const { return impl_->input.sha256_hex(); }

CsvBatch read_csv(const std::string& path, const Schema& schema, const CsvOptions& options) {
  CsvOptions whole = options;
  whole.batch_rows = 0;  // no limit: one batch holds the file
  CsvReader reader(path, schema, whole);
  CsvBatch batch;
  reader.next(batch);
  return batch;
}

}  // namespace fundrules
