// Report::to_text: the report for people, in Chinese or English. A summary with the row
// accounting first, then the violations grouped by the rows they concern.

#include <algorithm>
#include <cstddef>
#include <string>

#include "fundrules/report.hpp"
#include "report/report_format.hpp"

namespace fundrules {

namespace {

// The fixed phrases of the text report in one language.
struct Phrases {
  const char* title;
  const char* ruleset;
  const char* input;
  const char* as_of;
  const char* version;
  const char* result;
  const char* passed;
  const char* failed;
  const char* rows;
  const char* clean;
  const char* with_violations;
  const char* unreadable;
  const char* errors;
  const char* warnings;
  const char* by_rule;
  const char* no_violations;
  const char* row;
  const char* rows_plural;
  const char* line;
  const char* column;
  const char* group;
  const char* whole_list;
  const char* error;
  const char* warning;
  const char* read;
  const char* params;
  const char* since;
  const char* set_by;
  const char* clause;
  const char* detail;
  const char* colon;
  const char* heading_colon;  ///< before a line break: no trailing space
  const char* list_separator;
  const char* rule_from;  ///< "%s": the ruleset id and where it declared the rule
  const char* disabled;
  const char* disabled_by;  ///< "%s": the ruleset that switched the rule off
  const char* unused_columns;
  const char* missing_fields;
};

constexpr Phrases kZh{"fundrules 检查报告",
                      "规则集",
                      "输入",
                      "基准日期",
                      "fundrules 版本",
                      "结果",
                      "通过",
                      "不通过",
                      "行数",
                      "无问题",
                      "有违规",
                      "无法读取",
                      "错误",
                      "警告",
                      "按规则",
                      "未发现违规。",
                      "第 %s 行",
                      "第 %s 行",
                      "文件第 %s 行",
                      "第 %s 列",
                      "分组",
                      "整个名单",
                      "错误",
                      "警告",
                      "读取",
                      "参数",
                      "自 %s 起",
                      "由 %s 设定",
                      "依据",
                      "说明",
                      "：",
                      "：",
                      "，",
                      "规则来自 %s",
                      "停用的规则",
                      "由 %s 停用",
                      "未使用的列（规则集中没有对应字段，未检查）",
                      "缺少的字段（名单中没有此列，各行均为空）"};

constexpr Phrases kEn{"fundrules check report",
                      "Ruleset",
                      "Input",
                      "As of",
                      "fundrules version",
                      "Result",
                      "passed",
                      "failed",
                      "Rows",
                      "clean",
                      "with violations",
                      "unreadable",
                      "errors",
                      "warnings",
                      "By rule",
                      "No violations found.",
                      "Row %s",
                      "Rows %s",
                      "line %s",
                      "column %s",
                      "Group",
                      "Whole list",
                      "error",
                      "warning",
                      "Read",
                      "Parameters",
                      "since %s",
                      "set by %s",
                      "Clause",
                      "Detail",
                      ": ",
                      ":",
                      ", ",
                      "Rule from %s",
                      "Rules switched off",
                      "switched off by %s",
                      "Columns not used (no field of the ruleset, not checked)",
                      "Fields missing (no column in the list, empty in every row)"};

// Replaces the single "%s" in a phrase.
std::string fill(const char* phrase, const std::string& value) {
  std::string text(phrase);
  const std::size_t at = text.find("%s");
  if (at != std::string::npos) text.replace(at, 2, value);
  return text;
}

// A clause's text, cut after a sentence's worth of characters: the text report is read on a
// screen; the JSON report carries the whole clause.
std::string shortened(const std::string& text) {
  constexpr std::size_t kCharacters = 60;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (characters++ == kCharacters) return "“" + text.substr(0, i) + "…”";
  }
  return "“" + text + "”";
}

std::string join_rows(const std::vector<std::int64_t>& rows, const Phrases& p) {
  // Long lists are shortened: a group of a thousand rows should not flood the screen.
  constexpr std::size_t kShown = 10;
  std::string text;
  for (std::size_t i = 0; i < rows.size() && i < kShown; ++i) {
    if (i > 0) text += p.list_separator;
    text += std::to_string(rows[i]);
  }
  if (rows.size() > kShown)
    text += p.list_separator + std::string("… (") + std::to_string(rows.size()) + ")";
  return text;
}

std::string heading(const Violation& v, const Phrases& p, const ReportOptions& options) {
  std::string text;
  if (!v.group_key.empty()) {
    text +=
        std::string(p.group) + " " + report_detail::masked_message(v.group_key, v, options) + " — ";
  }
  if (v.rows.empty()) {
    text += p.whole_list;
  } else {
    text += fill(v.rows.size() == 1 ? p.row : p.rows_plural, join_rows(v.rows, p));
  }
  if (v.line > 0) {
    text += " (" + fill(p.line, std::to_string(v.line));
    if (v.column > 0)
      text += std::string(p.list_separator) + fill(p.column, std::to_string(v.column));
    text += ")";
  }
  return text;
}

bool same_heading(const Violation& a, const Violation& b) {
  return a.rows == b.rows && a.group_key == b.group_key && a.line == b.line && a.column == b.column;
}

void write_violation(std::string& out, const Violation& v, const Phrases& p,
                     const ReportOptions& options, const std::string& ruleset_id) {
  out += "  [";
  out += v.severity == Severity::Error ? p.error : p.warning;
  out += "] " + v.rule_id;
  const std::string message = report_detail::message_in(v, options);
  if (!message.empty()) out += p.colon + message;
  out += '\n';
  // Where the rule came from matters only when a ruleset this one extends declared it.
  if (!v.rule_origin.empty() && v.rule_origin != ruleset_id) {
    out +=
        "    " + fill(p.rule_from, v.rule_origin + " (" + v.rule_source.to_string() + ")") + '\n';
  }
  if (!v.values.empty()) {
    out += std::string("    ") + p.read + p.colon;
    for (std::size_t i = 0; i < v.values.size(); ++i) {
      if (i > 0) out += p.list_separator;
      out += v.values[i].name + " = " + report_detail::shown_value(v.values[i], options);
    }
    out += '\n';
  }
  if (!v.params.empty()) {
    out += std::string("    ") + p.params + p.colon;
    for (std::size_t i = 0; i < v.params.size(); ++i) {
      const ParamUsed& param = v.params[i];
      if (i > 0) out += p.list_separator;
      out += param.name + " = " + param.value;
      std::string note;
      if (param.effective_from) note = fill(p.since, param.effective_from->to_string());
      // The origin matters only when the value comes from a ruleset this one extends.
      if (!param.origin.empty() && param.origin != ruleset_id) {
        if (!note.empty()) note += p.list_separator;
        note += fill(p.set_by, param.origin);
        if (!param.set_at.file.empty()) note += ", " + param.set_at.to_string();
      }
      if (!note.empty()) out += " (" + note + ")";
    }
    out += '\n';
  }
  if (!v.clause.empty()) {
    out += std::string("    ") + p.clause + p.colon + v.clause;
    if (!v.clause_text.empty()) out += " " + shortened(v.clause_text);
    out += '\n';
  }
  if (!v.detail.empty()) out += std::string("    ") + p.detail + p.colon + v.detail + '\n';
}

void write_summary(std::string& out, const Report& report, const Phrases& p) {
  const Summary& s = report.summary();
  out += std::string(p.title) + '\n';
  out += std::string(p.ruleset) + p.colon + s.ruleset_id;
  if (!s.ruleset_sha256.empty()) out += " (sha256 " + s.ruleset_sha256 + ")";
  out += '\n';
  if (!s.input_name.empty() || !s.input_sha256.empty()) {
    out += std::string(p.input) + p.colon + s.input_name;
    if (!s.input_sha256.empty()) out += " (sha256 " + s.input_sha256 + ")";
    out += '\n';
  }
  const auto write_names = [&](const char* heading, const std::vector<std::string>& names) {
    if (names.empty()) return;
    out += std::string("  ") + heading + p.colon;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += p.list_separator;
      out += names[i];
    }
    out += '\n';
  };
  write_names(p.unused_columns, s.unused_columns);
  write_names(p.missing_fields, s.missing_fields);
  if (s.as_of) out += std::string(p.as_of) + p.colon + s.as_of->to_string() + '\n';
  if (!s.fundrules_version.empty()) {
    out += std::string(p.version) + p.colon + s.fundrules_version + '\n';
  }
  out += '\n';
  out += std::string(p.result) + p.colon + (report.ok() ? p.passed : p.failed) + '\n';
  out += std::string(p.rows) + p.colon + std::to_string(s.rows) + " = " + p.clean + " " +
         std::to_string(s.clean) + " + " + p.with_violations + " " +
         std::to_string(s.with_violations) + " + " + p.unreadable + " " +
         std::to_string(s.unreadable) + '\n';
  out += std::string(p.errors) + " " + std::to_string(s.errors) + p.list_separator + p.warnings +
         " " + std::to_string(s.warnings) + '\n';
  if (!s.violations_by_rule.empty()) {
    out += std::string(p.by_rule) + p.heading_colon + '\n';
    std::size_t width = 0;
    for (const auto& entry : s.violations_by_rule) width = std::max(width, entry.first.size());
    for (const auto& [rule, count] : s.violations_by_rule) {
      out += "  " + rule + std::string(width - rule.size() + 2, ' ') + std::to_string(count) + '\n';
    }
  }
  if (!s.skipped_rules.empty()) {
    // Said in the summary so that a list that "passed" without them is never taken for one
    // that was checked against every rule.
    const bool english = &p == &kEn;
    out += std::string(english ? "Rules not run" : "未运行的规则") + p.heading_colon + '\n';
    for (const SkippedRule& skipped : s.skipped_rules) {
      out += "  " + skipped.rule_id + p.colon + (english ? skipped.reason_en : skipped.reason_zh) +
             '\n';
    }
  }
  if (!s.disabled_rules.empty()) {
    out += std::string(p.disabled) + p.heading_colon + '\n';
    for (const DisabledRule& disabled : s.disabled_rules) {
      out += "  " + disabled.rule.id + " (" + disabled.rule.origin + ")" + p.list_separator +
             fill(p.disabled_by, disabled.disabled_by) + p.colon + disabled.reason + '\n';
    }
  }
}

// The text; with a stream, each block goes out as it fills. Returns what is left.
std::string render(const Report& report, const ReportOptions& options, std::ostream* stream) {
  const Phrases& p = report_detail::wants_english(options) ? kEn : kZh;
  std::string out;
  write_summary(out, report, p);
  report_detail::write_summaries_text(out, report, options);
  out += '\n';
  if (report.violation_count() == 0) {
    out += std::string(p.no_violations) + '\n';
    return out;
  }
  // What the heading of the violation before showed: violations of the same rows share one.
  // Kept as a copy, since a spilled violation does not outlive the step that reads it.
  Violation shown;
  bool first = true;
  report.for_each_violation([&](const Violation& v) {
    if (first || !same_heading(shown, v)) {
      if (!first) out += '\n';
      out += heading(v, p, options) + '\n';
      shown.rows = v.rows;
      shown.group_key = v.group_key;
      shown.line = v.line;
      shown.column = v.column;
    }
    first = false;
    write_violation(out, v, p, options, report.summary().ruleset_id);
    report_detail::spill(out, stream);
  });
  return out;
}

}  // namespace

std::string Report::to_text(const ReportOptions& options) const {
  return render(*this, options, nullptr);
}

void Report::write_text(std::ostream& out, const ReportOptions& options) const {
  const std::string rest = render(*this, options, &out);
  out.write(rest.data(), static_cast<std::streamsize>(rest.size()));
}

}  // namespace fundrules
