#pragma once

// Command-line parsing for the fundrules program, by hand: GNU-style long options
// ("--format json" or "--format=json"), "--" to end options, positional arguments, and an
// error that names the option and the command for anything not understood.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fundrules::cli {

/// A mistake in how the program was called; main() prints it with a pointer to --help.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An option a command accepts.
struct OptionSpec {
  std::string name;          ///< without dashes: "format"
  bool takes_value = false;  ///< "--format json" vs a flag like "--show-personal-data"
  char short_name = '\0';    ///< e.g. 'o' for "-o FILE"; '\0' for none
  bool repeatable = false;   ///< may be given more than once ("--ref a=x --ref b=y")
};

/// The options and positional arguments given to one command.
class ParsedArgs {
 public:
  [[nodiscard]] bool has(const std::string& name) const { return values_.count(name) > 0; }
  /// The value of an option that takes one, if given.
  [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
  /// Every value of a repeatable option, in the order given.
  [[nodiscard]] std::vector<std::string> values(const std::string& name) const;
  [[nodiscard]] const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend ParsedArgs parse_args(const std::string&, const std::vector<OptionSpec>&,
                               const std::vector<std::string>&);
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> repeated_;
  std::vector<std::string> positionals_;
};

/// Parses `args` (the words after the command name) for `command`. Throws UsageError for an
/// unknown option, a missing value, or an option given twice.
ParsedArgs parse_args(const std::string& command, const std::vector<OptionSpec>& specs,
                      const std::vector<std::string>& args);

}  // namespace fundrules::cli
