#pragma once

// Helpers shared by the report writers: what a value looks like once masked, names of
// severities and scopes, and the message in the language asked for.

#include <string>
#include <string_view>

#include "fundrules/report.hpp"

namespace fundrules::report_detail {

/// The value as the writer shows it: masked when the field holds personal data and the caller
/// did not ask to show it. Sets `masked` when the text differs from the value read.
std::string shown_value(const ValueRead& read, const ReportOptions& options,
                        bool* masked = nullptr);

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

}  // namespace fundrules::report_detail
