// fundrules._core: the compiled half of the fundrules Python package. Each area registers
// itself from its own source file; the Pythonic API is in the pure-Python package around it.

#include "bindings.hpp"
#include "fundrules/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "fundrules' compiled core; use the fundrules package instead of this module.";
  m.attr("__version__") = FUNDRULES_VERSION_STRING;
  fundrules::python::register_errors(m);
  fundrules::python::register_values(m);
  fundrules::python::register_expr(m);
  fundrules::python::register_ruleset(m);
  fundrules::python::register_report(m);
  fundrules::python::register_references(m);
  fundrules::python::register_check(m);
  fundrules::python::register_record_checker(m);
  fundrules::python::register_forms(m);
  fundrules::python::register_cli(m);
}
