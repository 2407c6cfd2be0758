// `python -m fundrules`: the fundrules program's own commands (src/cli), compiled into the
// module, so that the Python entry point prints the same output and exits with the same status.

#include <pybind11/stl.h>

#include <sstream>

#include "bindings.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "fundrules/version.hpp"

namespace fundrules::python {

namespace {

// The dispatch of the program's main(): the same commands, help topics and messages.
int dispatch(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  using namespace fundrules::cli;
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
    } else if (topic.empty()) {
      out << kMainHelp;
    } else {
      throw UsageError("fundrules help: no command named '" + topic + "'");
    }
    return kExitOk;
  }
  if (command == "check") return run_check(rest, out, err);
  if (command == "eval") return run_eval(rest, out, err);
  if (!command.empty() && command[0] == '-') {
    throw UsageError("fundrules: unknown option '" + command + "'");
  }
  throw UsageError("fundrules: unknown command '" + command + "'");
}

py::tuple run(const std::vector<std::string>& words) {
  std::ostringstream out;
  std::ostringstream err;
  int status = cli::kExitNoReport;
  {
    py::gil_scoped_release release;
    try {
      status = dispatch(words, out, err);
    } catch (const cli::UsageError& error) {
      err << error.what() << "\n(see 'fundrules --help')\n";
    } catch (const Error& error) {
      err << "fundrules: " << error.what() << '\n';
    } catch (const std::exception& error) {
      err << "fundrules: internal error: " << error.what() << '\n';
    }
  }
  return py::make_tuple(status, py::bytes(out.str()), py::bytes(err.str()));
}

}  // namespace

void register_cli(py::module_& m) {
  m.def("cli_run", &run, py::arg("words"),
        "Runs the fundrules program's command line; returns (exit status, stdout, stderr).");
}

}  // namespace fundrules::python
