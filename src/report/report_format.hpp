#pragma once

// Helpers shared by the report writers: what a value looks like once masked, names of
// severities and scopes, and the message in the language asked for.

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "fundrules/report.hpp"

namespace fundrules::report_detail {

/// The value as the writer shows it: masked when the field holds personal data and the caller
/// did not ask to show it. Sets `masked` when the text differs from the value read.
std::string shown_value(const ValueRead& read, const ReportOptions& options,
                        bool* masked = nullptr);

/// Writes `out` to `stream` and empties it once it holds a block's worth, when there is a
/// stream: the writers call this after each violation so that a long report streams out.
inline void spill(std::string& out, std::ostream* stream) {
  constexpr std::size_t kBlockBytes = std::size_t{64} * 1024;
  if (stream == nullptr || out.size() < kBlockBytes) return;
  stream->write(out.data(), static_cast<std::streamsize>(out.size()));
  out.clear();
}

/// "error" / "warning".
std::string_view severity_code(Severity severity) noexcept;
/// "record" / "group" / "batch".
std::string_view scope_code(Scope scope) noexcept;

/// True when the options ask for English.
bool wants_english(const ReportOptions& options) noexcept;

/// The violation's message in the language asked for (else the other one), with the personal
/// values among its evidence masked unless the options ask to show them.
std::string message_in(const Violation& violation, const ReportOptions& options);

/// `message` (one of the violation's, or its group key) with the personal values among the
/// violation's evidence masked, unless the options ask to show them.
std::string masked_message(std::string message, const Violation& violation,
                           const ReportOptions& options);

/// Appends one CSV cell (quoted when needed; a cell a spreadsheet would run as a formula gets
/// a leading apostrophe).
void append_csv_field(std::string& out, std::string_view text);

/// A summary column's heading: its label and unit ("户数（户）", "Households (户)").
std::string summary_heading(const SummaryColumn& column, bool english);
/// Key `k` of a summary line as shown: the enum label in the language asked for, masked when
/// the key field holds personal data and the options do not ask to show it.
std::string summary_key(const SummaryTable& table, const SummaryRow& row, std::size_t k,
                        const ReportOptions& options);
/// A summary figure: "" for none; money in 元 with separators when `for_people`.
std::string summary_value_text(const Value& value, const SummaryColumn& column, bool for_people);

/// Formats the violations of `report` in report order on `threads` threads and hands their
/// text to `emit` (which empties the string it is given) in report order, a block at a time.
/// `format` appends the text of the violations [begin, end) to `out`; `first` says that
/// `begin` is the report's first violation. Each block is formatted in parts, one per thread,
/// so `format` must only read what the violations and the options hold.
using FormatViolations = std::function<void(std::string& out, const Violation* const* begin,
                                            const Violation* const* end, bool first)>;
/// Where a report keeps its violations, which its writers (members of Report) hand on to
/// format_on_threads(): those spilled to disk (null when none were) and those in memory.
struct StoredViolations {
  const detail::SpilledViolations* spilled = nullptr;
  const std::vector<Violation>* in_memory = nullptr;
};
void format_on_threads(const StoredViolations& stored, unsigned threads,
                       const FormatViolations& format,
                       const std::function<void(std::string&)>& emit);

class JsonWriter;
/// The text report's summary tables, appended to `out`.
void write_summaries_text(std::string& out, const Report& report, const ReportOptions& options);
/// The JSON report's "summaries" member.
void write_summaries_json(JsonWriter& json, const Report& report, const ReportOptions& options);

}  // namespace fundrules::report_detail
