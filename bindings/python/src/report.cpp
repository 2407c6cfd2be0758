// fundrules._core.Report: the outcome of a check, its writers, and the violations as plain
// Python data (masked unless asked), one entry per violation and row for data frames.

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "fundrules/report.hpp"
#include "report/report_format.hpp"

namespace fundrules::python {

namespace {

ReportOptions report_options(const std::string& language, bool show_personal_data) {
  if (language != "zh" && language != "en") {
    throw ValueError("language must be \"zh\" or \"en\", not \"" + language + "\"");
  }
  ReportOptions options;
  options.language = language;
  options.show_personal_data = show_personal_data;
  return options;
}

py::dict summary(const Report& report) {
  const Summary& s = report.summary();
  py::dict out;
  out["rows"] = s.rows;
  out["clean"] = s.clean;
  out["with_violations"] = s.with_violations;
  out["unreadable"] = s.unreadable;
  out["errors"] = s.errors;
  out["warnings"] = s.warnings;
  out["violations_by_rule"] = s.violations_by_rule;
  out["ruleset_id"] = s.ruleset_id;
  out["ruleset_sha256"] = s.ruleset_sha256;
  out["input_name"] = s.input_name;
  out["input_sha256"] = s.input_sha256;
  out["unused_columns"] = s.unused_columns;
  out["missing_fields"] = s.missing_fields;
  out["as_of"] = s.as_of ? to_python(*s.as_of) : py::none();
  out["fundrules_version"] = s.fundrules_version;
  py::list stats;
  for (const RuleStat& stat : s.rule_stats) {
    py::dict entry;
    entry["rule_id"] = stat.rule_id;
    entry["origin"] = stat.origin;
    entry["checked"] = stat.checked;
    entry["failed"] = stat.failed;
    stats.append(entry);
  }
  out["rule_stats"] = stats;
  py::list skipped;
  for (const SkippedRule& rule : s.skipped_rules) {
    py::dict entry;
    entry["rule_id"] = rule.rule_id;
    entry["reference"] = rule.reference;
    entry["reason_zh"] = rule.reason_zh;
    entry["reason_en"] = rule.reason_en;
    skipped.append(entry);
  }
  out["skipped_rules"] = skipped;
  return out;
}

// The report of a list checked in consecutive parts, as one check of the whole list.
Report merge_parts(const std::vector<Report>& parts) {
  py::gil_scoped_release release;
  return Report::merge(parts);
}

// Masking is the report writers' own, so every output shows the same thing.
ReportOptions masking(bool show_personal_data) {
  ReportOptions options;
  options.show_personal_data = show_personal_data;
  return options;
}

std::string shown(const ValueRead& read, bool show_personal_data) {
  return report_detail::shown_value(read, masking(show_personal_data));
}

std::string message(const std::string& text, const Violation& v, bool show_personal_data) {
  return report_detail::masked_message(text, v, masking(show_personal_data));
}

// "amount=650.50, category=frontline": what the check read, masked.
std::string values_text(const Violation& v, bool show_personal_data) {
  std::string out;
  for (const ValueRead& read : v.values) {
    if (!out.empty()) out += ", ";
    out += read.name + "=" + shown(read, show_personal_data);
  }
  return out;
}

std::string params_text(const Violation& v) {
  std::string out;
  for (const ParamUsed& p : v.params) {
    if (!out.empty()) out += ", ";
    out += p.name + "=" + p.value;
    if (p.effective_from) out += " (from " + p.effective_from->to_string() + ")";
  }
  return out;
}

py::list violations(const Report& report, bool show_personal_data) {
  return violation_list(report.violations(), show_personal_data);
}

}  // namespace

py::list violation_list(const std::vector<Violation>& violations, bool show_personal_data) {
  py::list out;
  for (const Violation& v : violations) {
    py::dict item;
    item["rule_id"] = v.rule_id;
    item["severity"] = std::string(to_string(v.severity));
    item["scope"] = std::string(to_string(v.scope));
    item["rows"] = v.rows;
    item["line"] = v.line;
    item["column"] = v.column;
    item["group_key"] = message(v.group_key, v, show_personal_data);
    item["message_zh"] = message(v.message_zh, v, show_personal_data);
    item["message_en"] = message(v.message_en, v, show_personal_data);
    py::dict values;
    for (const ValueRead& read : v.values)
      values[py::str(read.name)] = shown(read, show_personal_data);
    item["values"] = values;
    py::list params;
    for (const ParamUsed& p : v.params) {
      py::dict param;
      param["name"] = p.name;
      param["value"] = p.value;
      param["effective_from"] = p.effective_from ? to_python(*p.effective_from) : py::none();
      param["origin"] = p.origin;
      params.append(param);
    }
    item["params"] = params;
    item["clause"] = v.clause;
    item["detail"] = v.detail;
    out.append(item);
  }
  return out;
}

namespace {

// Column lists for a data frame with one row per (violation, row); a violation about no
// particular row (a whole-list rule) gives one entry with row None.
py::dict violation_rows(const Report& report, bool show_personal_data) {
  std::vector<py::object> row;
  std::vector<std::string> rule_id, severity, scope, group_key, message_zh, message_en, values,
      params, clause, detail;
  std::vector<std::int64_t> line, column;
  for (const Violation& v : report.violations()) {
    const std::string shown_values = values_text(v, show_personal_data);
    const std::string shown_params = params_text(v);
    const std::string shown_zh = message(v.message_zh, v, show_personal_data);
    const std::string shown_en = message(v.message_en, v, show_personal_data);
    // A group rule keyed by ID number names the group by it: masked like the evidence.
    const std::string shown_group = message(v.group_key, v, show_personal_data);
    const auto add = [&](py::object r) {
      row.push_back(std::move(r));
      rule_id.push_back(v.rule_id);
      severity.emplace_back(to_string(v.severity));
      scope.emplace_back(to_string(v.scope));
      line.push_back(v.line);
      column.push_back(v.column);
      group_key.push_back(shown_group);
      message_zh.push_back(shown_zh);
      message_en.push_back(shown_en);
      values.push_back(shown_values);
      params.push_back(shown_params);
      clause.push_back(v.clause);
      detail.push_back(v.detail);
    };
    if (v.rows.empty()) add(py::none());
    for (std::int64_t r : v.rows) add(py::int_(r));
  }
  py::dict out;
  out["rule_id"] = rule_id;
  out["severity"] = severity;
  out["scope"] = scope;
  out["row"] = row;
  out["line"] = line;
  out["column"] = column;
  out["group_key"] = group_key;
  out["message_zh"] = message_zh;
  out["message_en"] = message_en;
  out["values"] = values;
  out["params"] = params;
  out["clause"] = clause;
  out["detail"] = detail;
  return out;
}

}  // namespace

void register_report(py::module_& m) {
  py::class_<Report>(m, "Report")
      .def_property_readonly("ok", &Report::ok)
      .def_property_readonly("mergeable", &Report::mergeable)
      .def_static("merge", &merge_parts, py::arg("parts"))
      .def("summary", &summary)
      .def("violations", &violations, py::arg("show_personal_data"))
      .def("violation_rows", &violation_rows, py::arg("show_personal_data"))
      .def("summaries", &summary_tables, py::arg("show_personal_data"))
      .def(
          "to_text",
          [](const Report& r, const std::string& language, bool show_personal_data) {
            return r.to_text(report_options(language, show_personal_data));
          },
          py::arg("language"), py::arg("show_personal_data"))
      .def(
          "to_json",
          [](const Report& r, const std::string& language, bool show_personal_data) {
            return r.to_json(report_options(language, show_personal_data));
          },
          py::arg("language"), py::arg("show_personal_data"))
      .def(
          "to_csv",
          [](const Report& r, const std::string& language, bool show_personal_data) {
            return r.to_csv(report_options(language, show_personal_data));
          },
          py::arg("language"), py::arg("show_personal_data"))
      .def(
          "summaries_to_csv",
          [](const Report& r, const std::string& language, bool show_personal_data) {
            return r.summaries_to_csv(report_options(language, show_personal_data));
          },
          py::arg("language"), py::arg("show_personal_data"));
}

}  // namespace fundrules::python
