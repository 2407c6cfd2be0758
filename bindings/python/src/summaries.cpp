// The summaries a ruleset declares (`summaries:`), as computed in a report, turned into plain
// Python data for the data frames of fundrules.Report.summaries: figures keep their type (an int
// for a count, an exact decimal.Decimal for money), keys of personal fields are masked unless
// asked, exactly as the JSON report masks them.

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "fundrules/report.hpp"
#include "fundrules/schema.hpp"
#include "report/report_format.hpp"

namespace fundrules::python {

namespace {

// A key as read: its value (enum code, number, date, text); a personal one as masked text
// unless it is to be shown, since the value itself is what must not leak.
py::object key_value(const SummaryTable& table, const SummaryRow& row, std::size_t k,
                     bool show_personal_data) {
  const Value& value = row.key.at(k);
  const PersonalData personal = table.group_personal.at(k);
  if (value.is_null() || show_personal_data || personal == PersonalData::None) {
    return to_python(value);
  }
  return py::str(mask_personal(value.to_string(), personal));
}

py::dict summary_row(const SummaryTable& table, const SummaryRow& row, bool show_personal_data) {
  ReportOptions zh;
  zh.show_personal_data = show_personal_data;
  ReportOptions en = zh;
  en.language = "en";
  py::list key, key_zh, key_en, values;
  for (std::size_t k = 0; k < row.key.size(); ++k) {
    key.append(key_value(table, row, k, show_personal_data));
    key_zh.append(report_detail::summary_key(table, row, k, zh));
    key_en.append(report_detail::summary_key(table, row, k, en));
  }
  for (const Value& value : row.values) values.append(to_python(value));
  py::dict out;
  out["key"] = key;
  out["key_zh"] = key_zh;
  out["key_en"] = key_en;
  out["values"] = values;
  out["rows"] = row.rows;
  return out;
}

}  // namespace

py::list summary_tables(const Report& report, bool show_personal_data) {
  py::list out;
  for (const SummaryTable& table : report.summaries()) {
    py::dict item;
    item["id"] = table.id;
    item["title_zh"] = table.title_zh;
    item["title_en"] = table.title_en;
    item["group_by"] = table.group_by;
    item["group_labels_zh"] = table.group_labels_zh;
    item["group_labels_en"] = table.group_labels_en;
    py::list columns;
    for (const SummaryColumn& column : table.columns) {
      py::dict entry;
      entry["id"] = column.id;
      entry["label_zh"] = column.label_zh;
      entry["label_en"] = column.label_en;
      entry["unit"] = column.unit;
      columns.append(entry);
    }
    item["columns"] = columns;
    py::list rows;
    for (const SummaryRow& row : table.rows)
      rows.append(summary_row(table, row, show_personal_data));
    item["rows"] = rows;
    item["total"] = table.total ? py::object(summary_row(table, *table.total, show_personal_data))
                                : py::object(py::none());
    item["problems"] = table.problems;
    out.append(item);
  }
  return out;
}

}  // namespace fundrules::python
