// fundrules._core.References: the reference tables of a check (a register of workers on file,
// an earlier payment list), read from a CSV file, an Arrow stream or Python records with the
// fields the ruleset declares for each. A table is read whole and refused whole when any of
// its rows cannot be read: checking against part of a register would give wrong answers.

#include <pybind11/stl.h>

#include "arrow_stream.hpp"
#include "bindings.hpp"
#include "fundrules/engine.hpp"
#include "records.hpp"

namespace fundrules::python {

namespace {

constexpr std::size_t kWholeTable = static_cast<std::size_t>(-1);

const ReferenceInfo& declared(const Ruleset& ruleset, const std::string& name) {
  const ReferenceInfo* reference = ruleset.reference(name);
  if (reference != nullptr) return *reference;
  std::string names;
  for (const ReferenceInfo& r : ruleset.references()) names += (names.empty() ? "" : ", ") + r.name;
  throw Error("ruleset " + ruleset.id() + " declares no reference table '" + name +
              "' (it declares: " + (names.empty() ? "none" : names) + ")");
}

std::string what(const ReferenceInfo& reference) {
  return "reference table '" + reference.name + "' (" + reference.title() + ")";
}

// Appends `batch` to `whole`, column by column; the first batch is taken as it is.
void append_rows(Table& whole, Table batch) {
  if (whole.num_columns() == 0) {
    whole = std::move(batch);
    return;
  }
  for (std::size_t c = 0; c < batch.num_columns(); ++c) {
    const Column& from = batch.column(c);
    Column& to = whole.column(c);
    for (std::size_t r = 0; r < from.size(); ++r) to.append(from.value_at(r));
  }
}

// The checks load_csv makes of a file, for a table read from elsewhere: every row readable,
// every field present, every key given.
void refuse_problems(const ReferenceInfo& reference, const std::string& source,
                     const std::vector<RowProblem>& problems) {
  if (problems.empty()) return;
  const RowProblem& first = problems.front();
  std::string message =
      what(reference) + ": row " + std::to_string(first.row) + " cannot be read: " + first.message;
  if (problems.size() > 1) {
    message += " (" + std::to_string(problems.size() - 1) + " more unreadable rows)";
  }
  throw DataError(SourceLocation{source, 0, first.column}, message);
}

void refuse_missing(const ReferenceInfo& reference, const std::string& source,
                    const std::vector<std::string>& missing) {
  if (missing.empty()) return;
  std::string names;
  for (const std::string& field : missing) names += (names.empty() ? "" : ", ") + field;
  throw DataError(SourceLocation{source, 0, 0}, what(reference) + ": no column for " + names);
}

void refuse_missing_keys(const ReferenceInfo& reference, const std::string& source,
                         const Table& table) {
  for (std::size_t f = 0; f < reference.schema.fields.size() && f < table.num_columns(); ++f) {
    if (reference.schema.fields[f].name != reference.key) continue;
    const Column& keys = table.column(f);
    for (std::size_t row = 0; row < keys.size(); ++row) {
      if (!keys.is_null(row)) continue;
      throw DataError(SourceLocation{source, 0, 0},
                      what(reference) + ": row " + std::to_string(row + 1) + " has no " +
                          reference.key + "; a row without its key cannot be looked up");
    }
  }
}

void add_csv(References& refs, const Ruleset& ruleset, const std::string& name,
             const std::string& path) {
  py::gil_scoped_release release;
  refs.load_csv(ruleset, name, path);
}

void add_arrow(References& refs, const Ruleset& ruleset, const std::string& name,
               const py::capsule& stream_capsule, const std::string& source) {
  const ReferenceInfo& reference = declared(ruleset, name);
  auto* stream = stream_capsule.get_pointer<ArrowArrayStream>();
  if (stream == nullptr || stream->release == nullptr) {
    throw py::value_error("the Arrow stream was already consumed");
  }
  py::gil_scoped_release release;
  ArrowStreamReader reader(stream, reference.schema, source);
  Table whole;
  CsvBatch batch;
  std::vector<RowProblem> problems;
  while (reader.next(batch)) {
    problems.insert(problems.end(), batch.problems.begin(), batch.problems.end());
    append_rows(whole, std::move(batch.table));
  }
  refuse_problems(reference, source, problems);
  refuse_missing(reference, source, reader.missing_fields());
  refuse_missing_keys(reference, source, whole);
  whole.set_source(source);
  refs.add(name, std::move(whole));
}

void add_records(References& refs, const Ruleset& ruleset, const std::string& name,
                 const py::iterable& records, const py::tuple& nulls, const std::string& source) {
  const ReferenceInfo& reference = declared(ruleset, name);
  RecordsReader reader(py::iter(records), reference.schema, nulls, source, kWholeTable);
  Table whole;
  CsvBatch batch;
  std::vector<RowProblem> problems;
  while (reader.next(batch)) {
    problems.insert(problems.end(), batch.problems.begin(), batch.problems.end());
    append_rows(whole, std::move(batch.table));
  }
  refuse_problems(reference, source, problems);
  refuse_missing_keys(reference, source, whole);
  whole.set_source(source);
  refs.add(name, std::move(whole));
}

}  // namespace

py::list reference_infos(const Ruleset& ruleset) {
  py::list out;
  for (const ReferenceInfo& r : ruleset.references()) {
    py::dict info;
    info["name"] = r.name;
    info["title_zh"] = r.title_zh;
    info["title_en"] = r.title_en;
    info["key"] = r.key;
    info["optional"] = r.optional;
    std::vector<std::string> fields;
    for (const FieldSpec& f : r.schema.fields) fields.push_back(f.name);
    info["fields"] = fields;
    info["rules"] = r.rules;
    info["origin"] = r.origin;
    out.append(info);
  }
  return out;
}

void register_references(py::module_& m) {
  py::class_<References>(m, "References")
      .def(py::init<>())
      .def("add_csv", &add_csv, py::arg("ruleset"), py::arg("name"), py::arg("path"))
      .def("add_arrow", &add_arrow, py::arg("ruleset"), py::arg("name"), py::arg("stream"),
           py::arg("source"))
      .def("add_records", &add_records, py::arg("ruleset"), py::arg("name"), py::arg("records"),
           py::arg("nulls"), py::arg("source"))
      .def("names", &References::names);
}

}  // namespace fundrules::python
