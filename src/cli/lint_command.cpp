// fundrules lint: what is wrong with a ruleset, found before any data is read; and, with
// --list, which ruleset of an extends: chain each rule and parameter comes from.

#include <iostream>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "fundrules/lint.hpp"

namespace fundrules::cli {

const char* const kLintHelp =
    R"(Usage: fundrules lint [options] RULESET...

Reports what is wrong with each ruleset before any data is read: every problem
the loader finds, parameters no rule reads, rules that can never apply (a when
that is false whatever the row, or that asks for two things at once), rules
that cannot both hold on the same rows (a minimum above a cap under the same
when), and parameter histories with gaps. One finding per line:
  file:line:column: severity: message [rule id]

Options:
  --list       also list each ruleset's rules and parameters, with the ruleset
               of the extends: chain each comes from, and the rules switched off
  -h, --help   print this help

Exit status: 0 no error-level finding, 1 some, 2 bad usage or a file that
cannot be read.
)";

namespace {

void list_ruleset(const Ruleset& ruleset, std::ostream& out) {
  out << ruleset.source_file() << " (" << ruleset.id() << ")\n  rules:\n";
  for (const RuleInfo& rule : ruleset.rules()) {
    out << "    " << rule.id << "  " << rule.origin << "  " << rule.where.to_string();
    if (!rule.overrides.empty()) out << "  (overrides " << rule.overrides << ")";
    out << '\n';
  }
  if (!ruleset.disabled_rules().empty()) {
    out << "  switched off:\n";
    for (const DisabledRule& off : ruleset.disabled_rules()) {
      out << "    " << off.rule.id << "  " << off.rule.origin << "  by " << off.disabled_by
          << " at " << off.where.to_string() << ": " << off.reason << '\n';
    }
  }
  out << "  params:\n";
  for (const ParamInfo& param : ruleset.params()) {
    out << "    " << param.name << "  " << param.origin;
    for (const ParamVersion& version : param.history) {
      out << "  " << version.value.to_string() << " from "
          << (version.effective_from ? version.effective_from->to_string() : "the beginning")
          << " (" << version.where.to_string() << ")";
    }
    out << '\n';
  }
}

}  // namespace

int run_lint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {{"list", false}, {"help", false, 'h'}};
  const ParsedArgs parsed = parse_args("lint", specs, args);
  if (parsed.has("help")) {
    out << kLintHelp;
    return kExitOk;
  }
  if (parsed.positionals().empty()) throw UsageError("fundrules lint: name the rulesets to lint");
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
  for (const std::string& path : parsed.positionals()) {
    std::vector<LintFinding> findings;
    try {
      findings = lint_ruleset(path);
      if (parsed.has("list") && !has_errors(findings)) list_ruleset(Ruleset::load_file(path), out);
    } catch (const DataError& error) {
      err << error.what() << '\n';
      return kExitNoReport;
    }
    for (const LintFinding& finding : findings) {
      out << finding.to_string() << '\n';
      if (finding.severity == "error") {
        ++errors;
      } else if (finding.severity == "warning") {
        ++warnings;
      } else {
        ++infos;
      }
    }
  }
  out << parsed.positionals().size()
      << (parsed.positionals().size() == 1 ? " ruleset: " : " rulesets: ") << errors << " errors, "
      << warnings << " warnings, " << infos << " notes\n";
  return errors > 0 ? kExitFailed : kExitOk;
}

}  // namespace fundrules::cli
