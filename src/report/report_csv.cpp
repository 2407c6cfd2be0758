// Report::to_csv: one line per violation, RFC 4180 (CRLF line ends, fields quoted when they
// hold a comma, a quote or a line break).

#include <string>
#include <string_view>

#include "fundrules/report.hpp"
#include "report/report_format.hpp"

namespace fundrules {

namespace {

// Spreadsheets run a cell that starts with one of these characters as a formula; a name or a
// message taken from the input must never do that when the report is opened in Excel, so such
// a cell gets a leading apostrophe (OWASP's advice for CSV injection). Plain numbers, negative
// ones included, are left alone.
bool looks_like_formula(std::string_view text) {
  if (text.empty()) return false;
  const char first = text.front();
  if (first == '=' || first == '+' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '-') return false;
  if (text.size() == 1) return true;
  for (const char c : text.substr(1)) {
    if ((c < '0' || c > '9') && c != '.' && c != ',') return true;
  }
  return false;
}

void append_field(std::string& out, std::string_view text) {
  // Written straight into `out`: a report of many violations writes a dozen fields each, so
  // no field builds a string of its own.
  const bool formula = looks_like_formula(text);
  bool quoted = false;
  for (const char c : text) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') {
      quoted = true;
      break;
    }
  }
  if (!quoted) {
    if (formula) out += '\'';
    out += text;
    return;
  }
  out += '"';
  if (formula) out += '\'';
  // Each quote doubled: the text goes out in runs that end with a quote.
  for (std::size_t start = 0;;) {
    const std::size_t quote = text.find('"', start);
    if (quote == std::string_view::npos) {
      out.append(text.substr(start));
      break;
    }
    out.append(text.substr(start, quote + 1 - start));
    out += '"';
    start = quote + 1;
  }
  out += '"';
}

std::string join_values(const Violation& v, const ReportOptions& options) {
  std::string text;
  for (std::size_t i = 0; i < v.values.size(); ++i) {
    if (i > 0) text += "; ";
    text += v.values[i].name + '=' + report_detail::shown_value(v.values[i], options);
  }
  return text;
}

std::string join_params(const Violation& v) {
  std::string text;
  for (std::size_t i = 0; i < v.params.size(); ++i) {
    const ParamUsed& param = v.params[i];
    if (i > 0) text += "; ";
    text += param.name + '=' + param.value;
    if (param.effective_from) text += " @" + param.effective_from->to_string();
  }
  return text;
}

std::string join_rows(const std::vector<std::int64_t>& rows) {
  std::string text;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) text += ';';
    text += std::to_string(rows[i]);
  }
  return text;
}

}  // namespace

namespace report_detail {
void append_csv_field(std::string& out, std::string_view text) { append_field(out, text); }
}  // namespace report_detail

namespace {

// One violation's line.
void append_line(std::string& out, const Violation& v, const ReportOptions& options) {
  const auto number = [](std::int64_t n) { return n > 0 ? std::to_string(n) : std::string(); };
  append_field(out, v.rows.empty() ? std::string() : std::to_string(v.rows.front()));
  out += ',';
  append_field(out, number(v.line));
  out += ',';
  append_field(out, number(v.column));
  out += ',';
  append_field(out, v.rule_id);
  out += ',';
  append_field(out, report_detail::severity_code(v.severity));
  out += ',';
  append_field(out, report_detail::scope_code(v.scope));
  out += ',';
  append_field(out, join_rows(v.rows));
  out += ',';
  append_field(out, report_detail::masked_message(v.group_key, v, options));
  out += ',';
  append_field(out, report_detail::message_in(v, options));
  out += ',';
  append_field(out, join_values(v, options));
  out += ',';
  append_field(out, join_params(v));
  out += ',';
  append_field(out, v.clause);
  out += ',';
  append_field(out, v.detail);
  out += "\r\n";
}

// The report's lines; with a stream, each block goes out as it fills. Returns what is left.
std::string render(const Report& report, const report_detail::StoredViolations& stored,
                   const ReportOptions& options, std::ostream* stream) {
  std::string out =
      "row,line,column,rule,severity,scope,rows,group_key,message,values,params,clause,detail\r\n";
  if (options.threads > 1) {
    report_detail::format_on_threads(
        stored, options.threads,
        [&](std::string& text, const Violation* const* begin, const Violation* const* end,
            bool /*first*/) {
          for (const Violation* const* v = begin; v != end; ++v) append_line(text, **v, options);
        },
        [&](std::string& text) {
          out += text;
          text.clear();
          report_detail::spill(out, stream);
        });
  } else {
    report.for_each_violation([&](const Violation& v) {
      append_line(out, v, options);
      report_detail::spill(out, stream);
    });
  }
  // Rules not run come last, as lines of severity "skipped", so that a spreadsheet of the
  // report still shows that the list was not checked against them.
  const bool english = report_detail::wants_english(options);
  for (const SkippedRule& skipped : report.summary().skipped_rules) {
    out += ",,,";
    append_field(out, skipped.rule_id);
    out += ",skipped,,,,";
    append_field(out, english ? skipped.reason_en : skipped.reason_zh);
    out += ",,,,";
    append_field(out, "reference " + skipped.reference + " not given");
    out += "\r\n";
  }
  return out;
}

}  // namespace

std::string Report::to_csv(const ReportOptions& options) const {
  return render(*this, {spilled_.get(), &violations_}, options, nullptr);
}

void Report::write_csv(std::ostream& out, const ReportOptions& options) const {
  const std::string rest = render(*this, {spilled_.get(), &violations_}, options, &out);
  out.write(rest.data(), static_cast<std::streamsize>(rest.size()));
}

}  // namespace fundrules
