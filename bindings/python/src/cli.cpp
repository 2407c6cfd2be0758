// `python -m fundrules`: the fundrules program's own command line (fundrules::cli::run, the
// function the program's main() calls), so the Python entry point prints the same output and
// exits with the same status for every command.

#include <pybind11/stl.h>

#include <sstream>

#include "bindings.hpp"
#include "cli/commands.hpp"

namespace fundrules::python {

namespace {

py::tuple run(const std::vector<std::string>& words) {
  std::ostringstream out;
  std::ostringstream err;
  int status = cli::kExitNoReport;
  {
    py::gil_scoped_release release;
    status = cli::run(words, out, err);
  }
  return py::make_tuple(status, py::bytes(out.str()), py::bytes(err.str()));
}

}  // namespace

void register_cli(py::module_& m) {
  m.def("cli_run", &run, py::arg("words"),
        "Runs the fundrules program's command line; returns (exit status, stdout, stderr).");
}

}  // namespace fundrules::python
