#pragma once

// The commands of the fundrules program. Each takes the words after its name and returns the
// exit status; usage mistakes are thrown as UsageError.

#include <iosfwd>
#include <string>
#include <vector>

namespace fundrules::cli {

/// Exit statuses, documented in docs/cli.md.
enum ExitStatus : int {
  kExitOk = 0,       ///< the list passed (no error-severity violation), or the command succeeded
  kExitFailed = 1,   ///< the list has error-severity violations; `eval`: the expression failed
  kExitNoReport = 2  ///< bad usage, or the ruleset or data could not be read
};

/// Runs the program's command line `args` (the words after the program name), writing what the
/// program prints to `out` and `err`; returns the exit status. Never throws: usage mistakes and
/// errors are written to `err` as the program reports them.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

int run_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_form(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_eval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_test(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int run_lint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// Help texts.
extern const char* const kMainHelp;
extern const char* const kCheckHelp;
extern const char* const kEvalHelp;
extern const char* const kFormHelp;
extern const char* const kTestHelp;
extern const char* const kLintHelp;

}  // namespace fundrules::cli
