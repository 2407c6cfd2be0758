// The declared summaries in each of the report's forms: a table for people (aligned for
// Chinese characters, which take two columns on a terminal), members of the JSON document,
// and CSV blocks for a spreadsheet.

#include <algorithm>
#include <string>

#include "fundrules/report.hpp"
#include "report/json_writer.hpp"
#include "report/report_format.hpp"

namespace fundrules {

namespace report_detail {

namespace {

// Columns a UTF-8 text takes on a terminal: East Asian wide characters (CJK, full-width forms)
// take two, everything else one.
std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::uint32_t code = byte;
    std::size_t length = 1;
    if (byte >= 0xF0) {
      length = 4;
      code = byte & 0x07U;
    } else if (byte >= 0xE0) {
      length = 3;
      code = byte & 0x0FU;
    } else if (byte >= 0xC0) {
      length = 2;
      code = byte & 0x1FU;
    }
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6U) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    }
    const bool wide = (code >= 0x1100 && code <= 0x115F) || (code >= 0x2E80 && code <= 0xA4CF) ||
                      (code >= 0xAC00 && code <= 0xD7A3) || (code >= 0xF900 && code <= 0xFAFF) ||
                      (code >= 0xFE30 && code <= 0xFE4F) || (code >= 0xFF00 && code <= 0xFF60) ||
                      (code >= 0xFFE0 && code <= 0xFFE6) || code >= 0x20000;
    width += wide ? 2 : 1;
    i += length;
  }
  return width;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  const std::size_t used = display_width(text);
  const std::string spaces(width > used ? width - used : 0, ' ');
  return right ? spaces + text : text + spaces;
}

}  // namespace

std::string summary_key(const SummaryTable& table, const SummaryRow& row, std::size_t k,
                        const ReportOptions& options) {
  const std::string& label = wants_english(options) ? row.key_en.at(k) : row.key_zh.at(k);
  const PersonalData personal = table.group_personal.at(k);
  if (options.show_personal_data || personal == PersonalData::None || row.key.at(k).is_null()) {
    return label;
  }
  return mask_personal(label, personal);
}

std::string summary_heading(const SummaryColumn& column, bool english) {
  std::string text = english ? column.label_en : column.label_zh;
  if (!column.unit.empty()) text += english ? " (" + column.unit + ")" : "（" + column.unit + "）";
  return text;
}

std::string summary_value_text(const Value& value, const SummaryColumn& column, bool for_people) {
  if (value.is_null()) return "";
  if (for_people && value.type() == ValueType::Decimal && column.unit == "元") {
    return value.as_decimal().to_money_string();
  }
  return value.to_string();
}

void write_summaries_text(std::string& out, const Report& report, const ReportOptions& options) {
  const bool english = wants_english(options);
  for (const SummaryTable& table : report.summaries()) {
    out += '\n';
    out += (english ? "Summary: " + table.title_en : "汇总：" + table.title_zh) + '\n';
    // The cells, header first; the key columns on the left, the figures on the right.
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> header;
    for (std::size_t k = 0; k < table.group_by.size(); ++k) {
      header.push_back(english ? table.group_labels_en[k] : table.group_labels_zh[k]);
    }
    if (table.group_by.empty()) header.emplace_back("");
    for (const SummaryColumn& column : table.columns)
      header.push_back(summary_heading(column, english));
    cells.push_back(header);
    const auto add_row = [&](const SummaryRow& row, bool total) {
      std::vector<std::string> line;
      if (table.group_by.empty()) {
        line.emplace_back(english ? "Whole list" : "全部");
      }
      for (std::size_t k = 0; k < table.group_by.size(); ++k) {
        if (total) {
          line.emplace_back(k == 0 ? (english ? "Total" : "合计") : "");
        } else {
          line.push_back(summary_key(table, row, k, options));
        }
      }
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        line.push_back(summary_value_text(row.values.at(c), table.columns[c], true));
      }
      cells.push_back(std::move(line));
    };
    for (const SummaryRow& row : table.rows) add_row(row, false);
    if (table.total) add_row(*table.total, true);

    const std::size_t keys = std::max<std::size_t>(1, table.group_by.size());
    std::vector<std::size_t> widths(header.size(), 0);
    for (const auto& line : cells) {
      for (std::size_t i = 0; i < line.size(); ++i) {
        widths[i] = std::max(widths[i], display_width(line[i]));
      }
    }
    for (const auto& line : cells) {
      std::string text = " ";
      for (std::size_t i = 0; i < line.size(); ++i) {
        text += ' ' + pad(line[i], widths[i], i >= keys) + (i + 1 < line.size() ? " " : "");
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text + '\n';
    }
    for (const std::string& problem : table.problems) {
      out += std::string(english ? "  Not counted: " : "  未计入：") + problem + '\n';
    }
  }
  const Summary& s = report.summary();
  if (!report.summaries().empty() && (s.with_violations > 0 || s.unreadable > 0)) {
    out += english ? "  (Summaries count every row that could be read, rows with violations\n"
                     "  included; unreadable rows are not counted.)\n"
                   : "  （汇总按可读取的全部行计算，含有违规的行；无法读取的行未计入。）\n";
  }
}

void write_summaries_json(JsonWriter& json, const Report& report, const ReportOptions& options) {
  json.key("summaries").begin_array();
  for (const SummaryTable& table : report.summaries()) {
    json.begin_object();
    json.key("id").value(table.id);
    json.key("title").begin_object();
    json.key("zh").value(table.title_zh);
    json.key("en").value(table.title_en);
    json.end_object();
    json.key("group_by").begin_array(true);
    for (const std::string& field : table.group_by) json.value(field);
    json.end_array();
    json.key("columns").begin_array();
    for (const SummaryColumn& column : table.columns) {
      json.begin_object();
      json.key("id").value(column.id);
      json.key("label").begin_object();
      json.key("zh").value(column.label_zh);
      json.key("en").value(column.label_en);
      json.end_object();
      json.key("unit");
      if (column.unit.empty()) {
        json.null();
      } else {
        json.value(column.unit);
      }
      json.end_object();
    }
    json.end_array();
    const auto write_row = [&](const SummaryRow& row) {
      json.begin_object();
      // The total line belongs to no group: its key and labels are empty.
      json.key("key").begin_object();
      for (std::size_t k = 0; k < row.key.size(); ++k) {
        json.key(table.group_by[k]);
        if (row.key.at(k).is_null()) {
          json.null();
        } else if (options.show_personal_data || table.group_personal[k] == PersonalData::None) {
          json.value(row.key[k].to_string());
        } else {
          json.value(mask_personal(row.key[k].to_string(), table.group_personal[k]));
        }
      }
      json.end_object();
      json.key("label").begin_object();
      for (const char* language : {"zh", "en"}) {
        ReportOptions in_language = options;
        in_language.language = language;
        json.key(language).begin_array(true);
        for (std::size_t k = 0; k < row.key.size(); ++k) {
          json.value(summary_key(table, row, k, in_language));
        }
        json.end_array();
      }
      json.end_object();
      json.key("rows").value(row.rows);
      json.key("values").begin_object();
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const Value& value = row.values.at(c);
        json.key(table.columns[c].id);
        if (value.is_null()) {
          json.null();
        } else if (value.type() == ValueType::Int) {
          json.value(value.as_int());
        } else {
          json.value(value.to_string());  // exact decimals travel as strings
        }
      }
      json.end_object();
      json.end_object();
    };
    json.key("rows").begin_array();
    for (const SummaryRow& row : table.rows) write_row(row);
    json.end_array();
    json.key("total");
    if (table.total) {
      write_row(*table.total);
    } else {
      json.null();
    }
    json.key("problems").begin_array();
    for (const std::string& problem : table.problems) json.value(problem);
    json.end_array();
    json.end_object();
  }
  json.end_array();
}

}  // namespace report_detail

std::string Report::summaries_to_csv(const ReportOptions& options) const {
  using report_detail::append_csv_field;
  const bool english = report_detail::wants_english(options);
  std::string out;
  for (std::size_t t = 0; t < summaries_.size(); ++t) {
    const SummaryTable& table = summaries_[t];
    if (t > 0) out += "\r\n";
    append_csv_field(out, english ? table.title_en : table.title_zh);
    out += "\r\n";
    std::vector<std::string> header;
    for (std::size_t k = 0; k < table.group_by.size(); ++k) {
      header.push_back(english ? table.group_labels_en[k] : table.group_labels_zh[k]);
    }
    if (table.group_by.empty()) header.emplace_back("");
    for (const SummaryColumn& column : table.columns) {
      header.push_back(report_detail::summary_heading(column, english));
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (i > 0) out += ',';
      append_csv_field(out, header[i]);
    }
    out += "\r\n";
    const auto write_row = [&](const SummaryRow& row, bool total) {
      if (table.group_by.empty()) {
        append_csv_field(out, english ? "Whole list" : "全部");
      }
      for (std::size_t k = 0; k < table.group_by.size(); ++k) {
        if (k > 0) out += ',';
        if (total) {
          if (k == 0) append_csv_field(out, english ? "Total" : "合计");
        } else {
          append_csv_field(out, report_detail::summary_key(table, row, k, options));
        }
      }
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        out += ',';
        append_csv_field(
            out, report_detail::summary_value_text(row.values.at(c), table.columns[c], false));
      }
      out += "\r\n";
    };
    for (const SummaryRow& row : table.rows) write_row(row, false);
    if (table.total) write_row(*table.total, true);
  }
  return out;
}

}  // namespace fundrules
