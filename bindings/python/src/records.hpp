#pragma once

// Python records (an iterable of mappings, as a list of dicts or DataFrame.to_dict("records"))
// into Tables following a ruleset's schema. Needs the GIL: every cell is a Python object.

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "cells.hpp"
#include "fundrules/csv.hpp"
#include "fundrules/schema.hpp"

namespace fundrules::python {

/// The Cell describing a Python object (None, an object in `nulls` and float NaN are missing
/// values). Texts point into the object, which must stay alive until the cell is converted;
/// messages made here are kept in `messages`.
Cell describe(py::handle object, const py::tuple& nulls, std::deque<std::string>& messages);

/// Reads mappings from a Python iterator in batches. Keys are matched to fields by name, label
/// or alias; objects in `nulls` (e.g. pandas.NA) and float NaN are missing values.
class RecordsReader {
 public:
  RecordsReader(py::iterator records, const Schema& schema, py::tuple nulls, std::string source,
                std::size_t batch_rows);

  /// Up to batch_rows records; false when the iterator is exhausted.
  bool next(CsvBatch& batch);

  /// Keys that named no field.
  [[nodiscard]] const std::set<std::string>& unused_keys() const noexcept { return unused_; }
  /// Fields that no key of any record named so far, in schema order.
  [[nodiscard]] std::vector<std::string> missing_fields() const;
  /// Fields whose values came as binary floats.
  [[nodiscard]] std::vector<std::string> float_fields() const;

 private:
  py::iterator records_;
  const Schema& schema_;
  py::tuple nulls_;
  std::string source_;
  std::size_t batch_rows_;
  std::int64_t next_row_number_ = 1;
  std::vector<FieldConverter> converters_;
  std::map<std::string, int> key_fields_;  // cache of key -> field index (-1: none)
  std::set<std::string> unused_;
  std::set<std::size_t> float_fields_;
};

}  // namespace fundrules::python
