// Checking data against a ruleset: a CSV file (read by the library itself), an Arrow C stream
// (pyarrow, polars, pandas, ...) or Python records. The engine runs with the GIL released.

#include <pybind11/stl.h>

#include "arrow_stream.hpp"
#include "bindings.hpp"
#include "fundrules/engine.hpp"
#include "records.hpp"

namespace fundrules::python {

CheckOptions make_check_options(const py::object& as_of, const std::string& input_name,
                                unsigned threads, const References* refs, std::int64_t first_row,
                                bool mergeable) {
  CheckOptions options;
  if (!as_of.is_none()) options.as_of = date_from_python(as_of);
  options.input_name = input_name;
  options.threads = threads == 0 ? 1 : threads;
  if (refs != nullptr) options.references = *refs;  // shares the tables
  if (first_row < 1) throw py::value_error("first_row must be 1 or more");
  options.first_row = first_row;
  options.mergeable = mergeable;
  return options;
}

namespace {

constexpr const char* kStreamCapsuleName = "arrow_array_stream";
constexpr std::size_t kRecordBatchRows = 65536;

/// What a check found besides its report: how the input was read.
struct InputNotes {
  std::vector<std::string> float_fields;
  std::vector<std::string> unused_columns;
};

py::tuple with_notes(Report report, InputNotes notes) {
  return py::make_tuple(std::move(report), notes.float_fields, notes.unused_columns);
}

Report check_csv(const Ruleset& ruleset, const std::string& path, const py::object& as_of,
                 const std::string& input_name, unsigned threads, const References* refs,
                 std::int64_t first_row, bool mergeable) {
  const CheckOptions options =
      make_check_options(as_of, input_name, threads, refs, first_row, mergeable);
  py::gil_scoped_release release;
  return fundrules::check_csv(ruleset, path, options);
}

py::tuple check_arrow(const Ruleset& ruleset, const py::capsule& stream_capsule,
                      const py::object& as_of, const std::string& input_name, unsigned threads,
                      const References* refs, std::int64_t first_row, bool mergeable) {
  if (std::string_view(stream_capsule.name() ? stream_capsule.name() : "") != kStreamCapsuleName) {
    throw py::type_error("expected an \"arrow_array_stream\" capsule from __arrow_c_stream__()");
  }
  auto* stream = stream_capsule.get_pointer<ArrowArrayStream>();
  if (stream->release == nullptr) throw py::value_error("the Arrow stream was already consumed");
  const CheckOptions options =
      make_check_options(as_of, input_name, threads, refs, first_row, mergeable);
  Report report;
  InputNotes notes;
  {
    py::gil_scoped_release release;
    ArrowStreamReader reader(stream, ruleset.schema(), input_name);  // takes the stream over
    Session session(ruleset, options);
    CsvBatch batch;
    while (reader.next(batch)) {
      session.add(batch.table);
      session.add_problems(batch.problems);
    }
    notes.float_fields = reader.float_fields();
    notes.unused_columns = reader.unused_columns();
    session.set_input_columns(reader.unused_columns(), reader.missing_fields());
    report = session.finish();
  }
  return with_notes(std::move(report), std::move(notes));
}

py::tuple check_records(const Ruleset& ruleset, const py::iterable& records, const py::tuple& nulls,
                        const py::object& as_of, const std::string& input_name, unsigned threads,
                        const References* refs, std::int64_t first_row, bool mergeable) {
  const CheckOptions options =
      make_check_options(as_of, input_name, threads, refs, first_row, mergeable);
  RecordsReader reader(py::iter(records), ruleset.schema(), nulls, input_name, kRecordBatchRows);
  Session session(ruleset, options);
  CsvBatch batch;
  while (reader.next(batch)) {
    py::gil_scoped_release release;
    session.add(batch.table);
    session.add_problems(batch.problems);
  }
  InputNotes notes;
  notes.float_fields = reader.float_fields();
  notes.unused_columns.assign(reader.unused_keys().begin(), reader.unused_keys().end());
  session.set_input_columns(notes.unused_columns, reader.missing_fields());
  Report report;
  {
    py::gil_scoped_release release;
    report = session.finish();
  }
  return with_notes(std::move(report), std::move(notes));
}

}  // namespace

void register_check(py::module_& m) {
  m.def("check_csv", &check_csv, py::arg("ruleset"), py::arg("path"), py::arg("as_of"),
        py::arg("input_name"), py::arg("threads"), py::arg("refs").none(true), py::arg("first_row"),
        py::arg("mergeable"));
  m.def("check_arrow", &check_arrow, py::arg("ruleset"), py::arg("stream"), py::arg("as_of"),
        py::arg("input_name"), py::arg("threads"), py::arg("refs").none(true), py::arg("first_row"),
        py::arg("mergeable"));
  m.def("check_records", &check_records, py::arg("ruleset"), py::arg("records"), py::arg("nulls"),
        py::arg("as_of"), py::arg("input_name"), py::arg("threads"), py::arg("refs").none(true),
        py::arg("first_row"), py::arg("mergeable"));
}

}  // namespace fundrules::python
