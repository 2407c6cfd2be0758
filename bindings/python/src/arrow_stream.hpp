#pragma once

// Reading an Arrow C stream (the Arrow C data interface, as handed over by any object with
// __arrow_c_stream__: pyarrow, polars, pandas, DuckDB, ...) into fundrules Tables following a
// ruleset's schema, batch by batch and without touching Python, so the GIL can be released.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/schema.hpp"

extern "C" {

// The structures of the Arrow C data interface, as its specification defines them. The guards
// are those the specification asks for, so that another definition of them can coexist.
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  std::int64_t flags;
  std::int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  std::int64_t length;
  std::int64_t null_count;
  std::int64_t offset;
  std::int64_t n_buffers;
  std::int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
#endif

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
#endif
}

namespace fundrules::python {

/// Reads record batches from an Arrow stream into Tables of the schema's fields (field i is
/// column i). Columns are matched to fields by name, label or alias, as CSV headers are;
/// a column of an Arrow type that cannot hold its field (a date for an amount) is a DataError
/// naming the column; a cell that cannot be converted makes its row unreadable.
class ArrowStreamReader {
 public:
  /// Takes ownership of `stream` (its release callback is cleared in the caller's copy).
  ArrowStreamReader(ArrowArrayStream* stream, Schema schema, std::string source);
  ~ArrowStreamReader();
  ArrowStreamReader(const ArrowStreamReader&) = delete;
  ArrowStreamReader& operator=(const ArrowStreamReader&) = delete;

  /// The next batch's readable rows and unreadable ones; false at the end of the stream.
  bool next(CsvBatch& batch);

  /// Columns that named no field.
  [[nodiscard]] const std::vector<std::string>& unused_columns() const noexcept;
  /// Fields that no column named.
  [[nodiscard]] std::vector<std::string> missing_fields() const;
  /// Fields whose values came as binary floats and were taken through their shortest form.
  [[nodiscard]] std::vector<std::string> float_fields() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fundrules::python
