// fundrules form check | fill: statistics forms declared by a ruleset.

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/list_options.hpp"
#include "fundrules/forms.hpp"
#include "fundrules/fundrules.hpp"

namespace fundrules::cli {

namespace {

struct FormRequest {
  std::string action;  // "check" or "fill"
  std::string rules;
  std::string form;
  std::string file;
  std::string language = "zh";
  std::optional<std::string> output;
  CheckOptions check;
  CsvOptions csv;
  RefArgs refs;  // fill: the reference tables the list's rules read
  bool help = false;
};

FormRequest parse_request(const std::vector<std::string>& args) {
  FormRequest request;
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    request.help = true;
    return request;
  }
  request.action = args.front();
  if (request.action != "check" && request.action != "fill") {
    throw UsageError("fundrules form: the action is check or fill, not '" + request.action + "'");
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  std::vector<OptionSpec> specs = {{"rules", true},     {"form", true},        {"lang", true},
                                   {"as-of", true},     {"output", true, 'o'}, {"out", true},
                                   {"help", false, 'h'}};
  // Fill reads a payment list, as check does, with the same options for reading it.
  const std::vector<OptionSpec> list_specs = list_option_specs();
  specs.insert(specs.end(), list_specs.begin(), list_specs.end());
  const ParsedArgs parsed = parse_args("form " + request.action, specs, rest);
  if (parsed.has("help")) {
    request.help = true;
    return request;
  }
  const std::string command = "fundrules form " + request.action;
  if (request.action == "check") {
    for (const OptionSpec& spec : list_specs) {
      if (parsed.has(spec.name)) {
        throw UsageError(command + ": --" + spec.name +
                         " applies to fill, which reads a payment list; check reads a form");
      }
    }
  }
  read_list_options(command, parsed, request.refs, request.check, request.csv);
  // The ruleset is --rules FILE, as for check, or the first of two positional arguments.
  std::vector<std::string> files = parsed.positionals();
  if (const auto rules = parsed.value("rules")) {
    request.rules = *rules;
  } else if (files.size() == 2) {
    request.rules = files.front();
    files.erase(files.begin());
  } else {
    throw UsageError(command + ": name the ruleset (--rules FILE, or RULESET before the CSV)");
  }
  request.form = parsed.value("form").value_or("");
  if (files.size() != 1) {
    throw UsageError(command + (request.action == "check" ? ": name the filled-in form (CSV)"
                                                          : ": name the payment list (CSV)"));
  }
  request.file = files.front();
  request.check.input_name = request.file;
  if (const auto lang = parsed.value("lang")) {
    if (*lang != "zh" && *lang != "en") {
      throw UsageError(command + ": --lang is zh or en, not '" + *lang + "'");
    }
    request.language = *lang;
  }
  if (const auto as_of = parsed.value("as-of")) {
    std::string why;
    const std::optional<Date> date = Date::try_parse(*as_of, &why);
    if (!date) throw UsageError(command + ": --as-of '" + *as_of + "': " + why);
    request.check.as_of = date;
  }
  if (request.action == "check" && parsed.has("as-of")) {
    throw UsageError(command + ": --as-of applies to fill, which reads a payment list");
  }
  request.output = parsed.value("output");
  if (const auto out = parsed.value("out")) {
    if (request.output) throw UsageError(command + ": give --out or --output, not both");
    request.output = out;
  }
  return request;
}

bool write_out(const std::optional<std::string>& path, const std::string& text, std::ostream& out,
               std::ostream& err) {
  if (!path) {
    out << text;
    out.flush();
    return true;
  }
  std::ofstream file(*path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) err << *path << ": cannot write the form\n";
  return static_cast<bool>(file);
}

int run_fill(const FormRequest& request, const Ruleset& ruleset, const FormInfo& form,
             std::ostream& out, std::ostream& err) {
  const CheckOptions check =
      with_references("fundrules form fill", ruleset, request.refs, request.check);
  const FormFill fill = fill_form(ruleset, form, request.file, check, request.csv);
  // Excel opens a UTF-8 CSV as UTF-8 only when it starts with a byte order mark; standard
  // output stays plain text for pipes.
  const std::string csv = form_to_csv(form, fill.form, request.language);
  if (!write_out(request.output, request.output ? "\xEF\xBB\xBF" + csv : csv, out, err)) {
    return kExitNoReport;
  }
  const bool en = request.language == "en";
  std::size_t filled = 0;
  std::string blank;
  for (const FormEntry& entry : fill.form.rows) {
    if (entry.value) {
      ++filled;
    } else {
      blank += (blank.empty() ? "" : " ") + entry.code;
    }
  }
  err << (en ? "filled " : "已按名单填写 ") << filled << (en ? " of " : " / ") << form.rows.size()
      << (en ? " rows of form " : " 行，统计表 ") << form.id << '\n';
  if (!blank.empty()) {
    err << (en ? "left blank (the list does not determine them; fill them in): "
               : "留空（名单不能确定，请填写）：")
        << blank << '\n';
  }
  std::vector<std::string> missing;
  for (const FormEntry& entry : fill.form.rows) {
    for (const std::string& field : entry.missing_fields) {
      if (std::find(missing.begin(), missing.end(), field) == missing.end()) {
        missing.push_back(field);
      }
    }
  }
  if (!missing.empty()) {
    err << (en ? "the list gives no " : "名单中没有这些字段的值，用到它们的行留空：");
    for (std::size_t i = 0; i < missing.size(); ++i) err << (i > 0 ? ", " : "") << missing[i];
    err << (en ? "; the rows that read them are left blank\n" : "\n");
  }
  const Summary& s = fill.report.summary();
  if (s.unreadable > 0 || s.errors > 0) {
    err << (en ? "note: the list has " : "注意：名单有 ") << s.errors
        << (en ? " error-severity violations and " : " 项错误、") << s.unreadable
        << (en ? " unreadable rows; the figures count every readable row (see fundrules check)\n"
               : " 行无法读取；数字按可读取的全部行计算（详见 fundrules check）\n");
  }
  return kExitOk;
}

}  // namespace

int run_form(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const FormRequest request = parse_request(args);
  if (request.help) {
    out << kFormHelp;
    return kExitOk;
  }
  std::optional<Ruleset> ruleset;
  try {
    ruleset = Ruleset::load_file(request.rules);
  } catch (const RulesetError& error) {
    for (const Diagnostic& d : error.diagnostics())
      err << d.where.to_string() << ": " << d.message << '\n';
    if (error.diagnostics().empty()) err << request.rules << ": " << error.what() << '\n';
    return kExitNoReport;
  } catch (const DataError& error) {
    err << error.what() << '\n';
    return kExitNoReport;
  }
  const FormInfo* form = nullptr;
  try {
    form = &find_form(*ruleset, request.form);
  } catch (const Error& error) {
    err << "fundrules form " << request.action << ": " << error.what() << '\n';
    return kExitNoReport;
  }
  try {
    if (request.action == "fill") return run_fill(request, *ruleset, *form, out, err);
    const FilledForm filled = read_filled_form(*form, request.file);
    const FormCheck result = check_form(*form, filled);
    if (!write_out(request.output, result.to_text(*form, request.language), out, err)) {
      return kExitNoReport;
    }
    return result.ok() ? kExitOk : kExitFailed;
  } catch (const DataError& error) {
    err << error.what() << '\n';
    return kExitNoReport;
  }
}

}  // namespace fundrules::cli
