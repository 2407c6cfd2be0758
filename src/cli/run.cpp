// The fundrules program's command line as a library function: the program's main() and
// `python -m fundrules` both call run(), so every command behaves the same in both, down to
// the bytes written and the exit status.

#include <ostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "fundrules/error.hpp"
#include "fundrules/version.hpp"

namespace fundrules::cli {

namespace {

int dispatch(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  if (words.empty()) {
    err << kMainHelp;
    return kExitNoReport;
  }
  const std::string& command = words.front();
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  if (command == "--version" || command == "-V") {
    out << "fundrules " << FUNDRULES_VERSION_STRING << '\n';
    return kExitOk;
  }
  if (command == "--help" || command == "-h") {
    out << kMainHelp;
    return kExitOk;
  }
  if (command == "help") {
    const std::string topic = rest.empty() ? std::string() : rest.front();
    if (topic == "check") {
      out << kCheckHelp;
    } else if (topic == "eval") {
      out << kEvalHelp;
    } else if (topic == "form") {
      out << kFormHelp;
    } else if (topic == "test") {
      out << kTestHelp;
    } else if (topic == "lint") {
      out << kLintHelp;
    } else if (topic.empty()) {
      out << kMainHelp;
    } else {
      throw UsageError("fundrules help: no command named '" + topic + "'");
    }
    return kExitOk;
  }
  if (command == "check") return run_check(rest, out, err);
  if (command == "eval") return run_eval(rest, out, err);
  if (command == "form") return run_form(rest, out, err);
  if (command == "test") return run_test(rest, out, err);
  if (command == "lint") return run_lint(rest, out, err);
  if (!command.empty() && command[0] == '-') {
    throw UsageError("fundrules: unknown option '" + command + "'");
  }
  throw UsageError("fundrules: unknown command '" + command + "'");
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    return dispatch(args, out, err);
  } catch (const UsageError& error) {
    err << error.what() << "\n(see 'fundrules --help')\n";
  } catch (const Error& error) {
    err << "fundrules: " << error.what() << '\n';
  } catch (const std::exception& error) {
    err << "fundrules: internal error: " << error.what() << '\n';
  }
  return kExitNoReport;
}

}  // namespace fundrules::cli
