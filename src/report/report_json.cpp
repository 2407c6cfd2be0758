// Report::to_json: the "fundrules.report/1" document described in docs/report-schema.md.

#include "fundrules/report.hpp"
#include "report/json_writer.hpp"
#include "report/report_format.hpp"

namespace fundrules {

namespace {

using report_detail::JsonWriter;

void write_optional_string(JsonWriter& json, std::string_view key, const std::string& text) {
  json.key(key);
  if (text.empty()) {
    json.null();
  } else {
    json.value(text);
  }
}

void write_summary(JsonWriter& json, const Summary& summary) {
  json.key("summary").begin_object();
  json.key("rows").value(summary.rows);
  json.key("clean").value(summary.clean);
  json.key("with_violations").value(summary.with_violations);
  json.key("unreadable").value(summary.unreadable);
  json.key("errors").value(summary.errors);
  json.key("warnings").value(summary.warnings);
  json.key("by_rule").begin_object();
  for (const auto& [rule, count] : summary.violations_by_rule) json.key(rule).value(count);
  json.end_object();
  json.key("ruleset").begin_object();
  json.key("id").value(summary.ruleset_id);
  write_optional_string(json, "sha256", summary.ruleset_sha256);
  json.end_object();
  json.key("input").begin_object();
  write_optional_string(json, "name", summary.input_name);
  write_optional_string(json, "sha256", summary.input_sha256);
  json.key("unused_columns").begin_array();
  for (const std::string& column : summary.unused_columns) json.value(column);
  json.end_array();
  json.key("missing_fields").begin_array();
  for (const std::string& field : summary.missing_fields) json.value(field);
  json.end_array();
  json.end_object();
  json.key("as_of");
  if (summary.as_of) {
    json.value(summary.as_of->to_string());
  } else {
    json.null();
  }
  json.key("fundrules_version").value(summary.fundrules_version);
  json.key("skipped_rules").begin_array();
  for (const SkippedRule& skipped : summary.skipped_rules) {
    json.begin_object();
    json.key("rule").value(skipped.rule_id);
    json.key("reference").value(skipped.reference);
    json.key("reason").begin_object();
    json.key("zh").value(skipped.reason_zh);
    json.key("en").value(skipped.reason_en);
    json.end_object();
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

void write_explanation(JsonWriter& json, const Violation& violation, const ReportOptions& options) {
  json.key("explanation").begin_object();
  json.key("values").begin_array();
  for (const ValueRead& read : violation.values) {
    bool masked = false;
    const std::string shown = report_detail::shown_value(read, options, &masked);
    json.begin_object();
    json.key("name").value(read.name);
    json.key("value");
    if (read.missing) {
      json.null();
    } else {
      json.value(shown);
    }
    json.key("masked").value(masked);
    json.end_object();
  }
  json.end_array();
  json.key("params").begin_array();
  for (const ParamUsed& param : violation.params) {
    json.begin_object();
    json.key("name").value(param.name);
    json.key("value").value(param.value);
    json.key("effective_from");
    if (param.effective_from) {
      json.value(param.effective_from->to_string());
    } else {
      json.null();
    }
    write_optional_string(json, "origin", param.origin);
    write_optional_string(json, "source", param.set_at.to_string());
    json.end_object();
  }
  json.end_array();
  write_optional_string(json, "rule_origin", violation.rule_origin);
  write_optional_string(json, "rule_source", violation.rule_source.to_string());
  write_optional_string(json, "clause", violation.clause);
  write_optional_string(json, "clause_text", violation.clause_text);
  write_optional_string(json, "detail", violation.detail);
  json.end_object();
}

void write_violation(JsonWriter& json, const Violation& violation, const ReportOptions& options) {
  json.begin_object();
  json.key("rule").value(violation.rule_id);
  json.key("severity").value(report_detail::severity_code(violation.severity));
  json.key("scope").value(report_detail::scope_code(violation.scope));
  json.key("rows").begin_array(true);
  for (const std::int64_t row : violation.rows) json.value(row);
  json.end_array();
  json.key("line");
  if (violation.line > 0) {
    json.value(violation.line);
  } else {
    json.null();
  }
  json.key("column");
  if (violation.column > 0) {
    json.value(std::int64_t{violation.column});
  } else {
    json.null();
  }
  write_optional_string(json, "group_key",
                        report_detail::masked_message(violation.group_key, violation, options));
  json.key("message").begin_object();
  json.key("zh").value(report_detail::masked_message(violation.message_zh, violation, options));
  json.key("en").value(report_detail::masked_message(violation.message_en, violation, options));
  json.end_object();
  write_explanation(json, violation, options);
  json.end_object();
}

// The ruleset's rules with where each came from and how it fared, then those switched off.
void write_rules(JsonWriter& json, const Summary& summary) {
  json.key("rules").begin_array();
  for (const RuleStat& stat : summary.rule_stats) {
    json.begin_object();
    json.key("id").value(stat.rule_id);
    json.key("origin").value(stat.origin);
    write_optional_string(json, "source", stat.where.to_string());
    json.key("checked").value(stat.checked);
    json.key("failed").value(stat.failed);
    json.end_object();
  }
  json.end_array();
  json.key("disabled_rules").begin_array();
  for (const DisabledRule& disabled : summary.disabled_rules) {
    json.begin_object();
    json.key("id").value(disabled.rule.id);
    json.key("origin").value(disabled.rule.origin);
    json.key("disabled_by").value(disabled.disabled_by);
    json.key("reason").value(disabled.reason);
    write_optional_string(json, "source", disabled.where.to_string());
    json.end_object();
  }
  json.end_array();
}

// The document; with a stream, each block goes out as it fills. Returns what is left.
std::string render(const Report& report, const report_detail::StoredViolations& stored,
                   const ReportOptions& options, std::ostream* stream) {
  JsonWriter json;
  json.begin_object();
  json.key("schema").value("fundrules.report/1");
  json.key("ok").value(report.ok());
  write_summary(json, report.summary());
  write_rules(json, report.summary());
  json.key("violations").begin_array();
  if (options.threads > 1) {
    report_detail::format_on_threads(
        stored, options.threads,
        [&](std::string& text, const Violation* const* begin, const Violation* const* end,
            bool first) {
          JsonWriter part = json.fork(!first);
          for (const Violation* const* v = begin; v != end; ++v)
            write_violation(part, **v, options);
          text = part.take();
        },
        [&](std::string& text) {
          json.append_values(text);
          json.spill(stream);
        });
  } else {
    report.for_each_violation([&](const Violation& violation) {
      write_violation(json, violation, options);
      json.spill(stream);
    });
  }
  json.end_array();
  report_detail::write_summaries_json(json, report, options);
  json.end_object();
  return json.take();
}

}  // namespace

std::string Report::to_json(const ReportOptions& options) const {
  return render(*this, {spilled_.get(), &violations_}, options, nullptr);
}

void Report::write_json(std::ostream& out, const ReportOptions& options) const {
  const std::string rest = render(*this, {spilled_.get(), &violations_}, options, &out);
  out.write(rest.data(), static_cast<std::streamsize>(rest.size()));
}

}  // namespace fundrules
