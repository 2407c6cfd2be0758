#pragma once

// The engine reads field i of the schema from column i of the table. A Table from the CSV
// reader is laid out that way already; a table built by a host program may name its columns
// by label, order them differently, leave fields out or hold ints where the schema says
// decimal. align() gives a table in the schema's layout, copying only when it has to.

#include <string>
#include <vector>

#include "fundrules/schema.hpp"
#include "fundrules/table.hpp"

namespace fundrules::engine {

/// True when `table` is laid out as `schema` (same names, order and types).
bool matches_layout(const Table& table, const Schema& schema) noexcept;

/// `table` rearranged into the schema's layout: columns found by field name, then by label or
/// alias; a field with no column is null in every row; an int column for a decimal field is
/// converted. Row numbers and lines are kept. Throws ValueError for a column whose type cannot
/// hold the field's (a string column for a date field, say), naming both.
Table align(const Table& table, const Schema& schema);

/// The columns of `table` that name no field of `schema` (by name, label or alias), in table
/// order, and the fields that no column names, in schema order: what align() leaves out and
/// what it fills with nulls.
void column_usage(const Table& table, const Schema& schema, std::vector<std::string>& unused,
                  std::vector<std::string>& missing);

}  // namespace fundrules::engine
