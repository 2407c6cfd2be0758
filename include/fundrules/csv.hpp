#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "fundrules/export.hpp"
#include "fundrules/schema.hpp"
#include "fundrules/table.hpp"

namespace fundrules {

/// Text encoding of an input file.
enum class Encoding : std::uint8_t {
  Auto,     ///< UTF-8 (with or without BOM) if the bytes are valid UTF-8, else GB18030
  Utf8,     ///< UTF-8; a BOM is skipped
  Gb18030,  ///< GB18030 (superset of GBK/GB2312), what Excel writes on a Chinese system
};

/// Options for reading CSV.
struct FUNDRULES_API CsvOptions {
  Encoding encoding = Encoding::Auto;
  char delimiter = ',';
  /// Rows per batch handed to the engine.
  std::size_t batch_rows = 65536;
  /// Bounds: a longer physical record or more fields make that row unreadable.
  std::size_t max_record_bytes = 1 << 20;
  std::size_t max_fields = 1024;
};

/// A row that could not be read, or a cell in it that could not be converted. Every such row
/// is counted as unreadable and listed in the report.
struct FUNDRULES_API RowProblem {
  std::int64_t row = 0;   ///< 1-based data row number (header excluded)
  std::int64_t line = 0;  ///< physical 1-based line where the row starts
  int column = 0;         ///< 1-based column, 0 when the whole row is at fault
  std::string field;      ///< the field name, when a cell is at fault
  std::string message;    ///< what is wrong, without the cell's raw text if it is personal
};

/// One batch read from a CSV file: the readable rows as a Table, and the unreadable ones.
struct FUNDRULES_API CsvBatch {
  Table table;
  std::vector<RowProblem> problems;
  /// Raw bytes of the input read once this batch was complete (the reader reads ahead of
  /// the rows by up to one block); for progress displays.
  std::uint64_t bytes_read = 0;
};

/// Reads a CSV file (RFC 4180) into typed batches following a Schema: headers are matched by
/// field name, label or alias; enum values may be written as their code, label or alias;
/// money and dates in the forms finance staff write. Columns the schema does not name are
/// ignored (and listed by unused_columns()); a field with no column is null in every row.
class FUNDRULES_API CsvReader {
 public:
  /// Opens `path`; throws DataError if it cannot be opened or has no header.
  CsvReader(const std::string& path, Schema schema, CsvOptions options = {});
  /// Reads from a stream; `name` is used in messages.
  CsvReader(std::unique_ptr<std::istream> input, std::string name, Schema schema,
            CsvOptions options = {});
  ~CsvReader();
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;

  /// Fills `batch` with up to batch_rows rows; false at the end of the input (batch empty).
  bool next(CsvBatch& batch);

  /// The encoding in use (the detected one under Encoding::Auto).
  [[nodiscard]] Encoding encoding() const noexcept;
  /// The header as read (decoded to UTF-8).
  [[nodiscard]] const std::vector<std::string>& header() const noexcept;
  /// Headers that named no field of the schema.
  [[nodiscard]] std::vector<std::string> unused_columns() const;
  /// Schema fields that no header named.
  [[nodiscard]] std::vector<std::string> missing_fields() const;
  /// SHA-256 of the bytes read so far (all of them once next() returned false), hex.
  [[nodiscard]] std::string input_sha256() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads the whole file into one Table plus problems; convenient for small files and tests.
FUNDRULES_API CsvBatch read_csv(const std::string& path, const Schema& schema,
                                const CsvOptions& options = {});

}  // namespace fundrules
