// fundrules check: load the ruleset, stream the CSV through a Session, write the report.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/list_options.hpp"
#include "cli/progress.hpp"
#include "fundrules/fundrules.hpp"

namespace fundrules::cli {

namespace {

struct CheckRequest {
  std::string rules;
  std::string data;
  std::string format = "text";
  ReportOptions report;
  CheckOptions check;
  CsvOptions csv;
  std::optional<std::string> output;
  std::optional<std::string> summary_csv;
  RefArgs refs;
  ProgressMode progress = ProgressMode::Auto;
};

CheckRequest parse_request(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = {{"rules", true},
                                   {"format", true},
                                   {"lang", true},
                                   {"as-of", true},
                                   {"show-personal-data", false},
                                   {"output", true, 'o'},
                                   {"progress", false},
                                   {"no-progress", false},
                                   {"summary-csv", true},
                                   {"temp-dir", true},
                                   {"help", false, 'h'}};
  const std::vector<OptionSpec> list_specs = list_option_specs();
  specs.insert(specs.end(), list_specs.begin(), list_specs.end());
  const ParsedArgs parsed = parse_args("check", specs, args);
  CheckRequest request;
  if (parsed.has("help")) {
    request.format = "help";
    return request;
  }
  if (!parsed.has("rules")) throw UsageError("fundrules check: --rules FILE is required");
  request.rules = *parsed.value("rules");
  if (parsed.positionals().size() != 1) {
    throw UsageError(parsed.positionals().empty()
                         ? "fundrules check: name the CSV file to check"
                         : "fundrules check: one CSV file at a time, got " +
                               std::to_string(parsed.positionals().size()));
  }
  request.data = parsed.positionals().front();
  read_list_options("fundrules check", parsed, request.refs, request.check, request.csv);
  request.check.input_name = request.data;

  if (const auto format = parsed.value("format")) {
    if (*format != "text" && *format != "json" && *format != "csv") {
      throw UsageError("fundrules check: --format is text, json or csv, not '" + *format + "'");
    }
    request.format = *format;
  }
  if (const auto lang = parsed.value("lang")) {
    if (*lang != "zh" && *lang != "en") {
      throw UsageError("fundrules check: --lang is zh or en, not '" + *lang + "'");
    }
    request.report.language = *lang;
  }
  if (const auto as_of = parsed.value("as-of")) {
    std::string why;
    const std::optional<Date> date = Date::try_parse(*as_of, &why);
    if (!date) throw UsageError("fundrules check: --as-of '" + *as_of + "': " + why);
    request.check.as_of = date;
  }
  request.report.show_personal_data = parsed.has("show-personal-data");
  request.output = parsed.value("output");
  request.summary_csv = parsed.value("summary-csv");
  // Violations past a few MiB wait on disk until the report is written, so that the memory a
  // check takes does not grow with the list.
  if (const auto dir = parsed.value("temp-dir")) {
    // Said before anything is read: a small list would never reach the disk and hide the typo.
    std::error_code why;
    if (!std::filesystem::is_directory(*dir, why)) {
      throw UsageError("fundrules check: --temp-dir '" + *dir + "' is not a directory");
    }
    request.check.spill_directory = *dir;
  } else {
    std::error_code none;
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(none);
    request.check.spill_directory = none ? std::string("/tmp") : tmp.string();
  }
  if (parsed.has("progress") && parsed.has("no-progress")) {
    throw UsageError("fundrules check: --progress and --no-progress contradict each other");
  }
  if (parsed.has("progress")) request.progress = ProgressMode::Always;
  if (parsed.has("no-progress")) request.progress = ProgressMode::Never;
  return request;
}

void print_diagnostic(const Diagnostic& diagnostic, std::ostream& err) {
  err << diagnostic.where.to_string() << ": ";
  if (diagnostic.severity != "error") err << diagnostic.severity << ": ";
  err << diagnostic.message << '\n';
}

}  // namespace

int run_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CheckRequest request = parse_request(args);
  if (request.format == "help") {
    out << kCheckHelp;
    return kExitOk;
  }

  std::optional<Ruleset> ruleset;
  try {
    ruleset = Ruleset::load_file(request.rules);
  } catch (const RulesetError& error) {
    for (const Diagnostic& diagnostic : error.diagnostics()) print_diagnostic(diagnostic, err);
    if (error.diagnostics().empty()) err << request.rules << ": " << error.what() << '\n';
    return kExitNoReport;
  } catch (const DataError& error) {
    err << error.what() << '\n';
    return kExitNoReport;
  }
  for (const Diagnostic& warning : ruleset->warnings()) print_diagnostic(warning, err);

  std::optional<ProgressLine> progress;
  if (progress_wanted(request.progress)) {
    // Asked for explicitly, the line shows from the first batch; otherwise only once the
    // check has run for a second, so quick checks print nothing extra.
    const std::chrono::milliseconds delay(request.progress == ProgressMode::Always ? 0 : 1000);
    progress.emplace(err, request.report.language, delay);
    request.check.progress = [&progress](const CheckProgress& p) { progress->update(p); };
  }

  std::optional<CheckOptions> check;
  try {
    check = with_references("fundrules check", *ruleset, request.refs, request.check);
  } catch (const DataError& error) {
    err << error.what() << '\n';
    return kExitNoReport;
  }

  Report report;
  try {
    report = check_csv(*ruleset, request.data, *check, request.csv);
  } catch (const DataError& error) {
    if (progress) progress->finish();
    err << error.what() << '\n';
    return kExitNoReport;
  }
  if (progress) progress->finish();

  if (request.summary_csv) {
    // Excel opens a UTF-8 CSV as UTF-8 only when it starts with a byte order mark.
    std::ofstream file(*request.summary_csv, std::ios::binary | std::ios::trunc);
    file << "\xEF\xBB\xBF" << report.summaries_to_csv(request.report);
    file.close();
    if (!file) {
      err << *request.summary_csv << ": cannot write the summaries\n";
      return kExitNoReport;
    }
  }
  // The threads that checked the list format the report too: each block of violations is
  // read back from disk on this thread and formatted on all of them.
  request.report.threads = check->threads;
  // The report streams out as it is written: a list with many violations would otherwise
  // need its whole report text in memory next to the violations themselves.
  const auto write_report = [&](std::ostream& stream) {
    if (request.format == "json") {
      report.write_json(stream, request.report);
    } else if (request.format == "csv") {
      report.write_csv(stream, request.report);
    } else {
      report.write_text(stream, request.report);
    }
  };
  if (request.output) {
    std::ofstream file(*request.output, std::ios::binary | std::ios::trunc);
    write_report(file);
    file.close();
    if (!file) {
      err << *request.output << ": cannot write the report\n";
      return kExitNoReport;
    }
  } else {
    write_report(out);
    out.flush();
  }
  return report.ok() ? kExitOk : kExitFailed;
}

}  // namespace fundrules::cli
