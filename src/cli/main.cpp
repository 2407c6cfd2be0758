// The fundrules program: checks a payment list against a ruleset from the command line.

#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "fundrules/error.hpp"
#include "fundrules/version.hpp"

namespace {

int dispatch(const std::vector<std::string>& words) {
  using namespace fundrules::cli;
  if (words.empty()) {
    std::cerr << kMainHelp;
    return kExitNoReport;
  }
  const std::string& command = words.front();
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  if (command == "--version" || command == "-V") {
    std::cout << "fundrules " << FUNDRULES_VERSION_STRING << '\n';
    return kExitOk;
  }
  if (command == "--help" || command == "-h") {
    std::cout << kMainHelp;
    return kExitOk;
  }
  if (command == "help") {
    const std::string topic = rest.empty() ? std::string() : rest.front();
    if (topic == "check") {
      std::cout << kCheckHelp;
    } else if (topic == "eval") {
      std::cout << kEvalHelp;
    } else if (topic == "form") {
      std::cout << kFormHelp;
    } else if (topic == "test") {
      std::cout << kTestHelp;
    } else if (topic.empty()) {
      std::cout << kMainHelp;
    } else {
      throw UsageError("fundrules help: no command named '" + topic + "'");
    }
    return kExitOk;
  }
  if (command == "check") return run_check(rest, std::cout, std::cerr);
  if (command == "eval") return run_eval(rest, std::cout, std::cerr);
  if (command == "form") return run_form(rest, std::cout, std::cerr);
  if (command == "test") return run_test(rest, std::cout, std::cerr);
  if (!command.empty() && command[0] == '-') {
    throw UsageError("fundrules: unknown option '" + command + "'");
  }
  throw UsageError("fundrules: unknown command '" + command + "'");
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> words(argv + 1, argv + argc);
  try {
    return dispatch(words);
  } catch (const fundrules::cli::UsageError& error) {
    std::cerr << error.what() << "\n(see 'fundrules --help')\n";
  } catch (const fundrules::Error& error) {
    std::cerr << "fundrules: " << error.what() << '\n';
  } catch (const std::exception& error) {
    std::cerr << "fundrules: internal error: " << error.what() << '\n';
  }
  return fundrules::cli::kExitNoReport;
}
