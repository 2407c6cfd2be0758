// Statistics forms (`forms:` in a ruleset): what a ruleset declares, filling a form from a
// payment list (a CSV file, an Arrow stream or Python records), reading a filled-in form and
// checking its identities. Lists are read and checked with the GIL released, as in check.cpp.

#include <pybind11/stl.h>

#include "arrow_stream.hpp"
#include "bindings.hpp"
#include "fundrules/forms.hpp"
#include "records.hpp"

namespace fundrules::python {

namespace {

constexpr const char* kStreamCapsuleName = "arrow_array_stream";
constexpr std::size_t kRecordBatchRows = 65536;

py::list form_infos(const Ruleset& ruleset) {
  py::list out;
  for (const FormInfo& form : forms_of(ruleset)) {
    py::dict item;
    item["id"] = form.id;
    item["title_zh"] = form.title_zh;
    item["title_en"] = form.title_en;
    item["clause"] = form.clause;
    py::list rows;
    for (const FormRowInfo& row : form.rows) {
      py::dict entry;
      entry["code"] = row.code;
      entry["label_zh"] = row.label_zh;
      entry["label_en"] = row.label_en;
      entry["unit"] = row.unit;
      entry["fill"] = row.fill;
      rows.append(entry);
    }
    item["rows"] = rows;
    py::list identities;
    for (const FormIdentityInfo& identity : form.identities) {
      py::dict entry;
      entry["text"] = identity.text;
      entry["relation"] = identity.relation;
      entry["left"] = identity.left;
      entry["right"] = identity.right;
      entry["tolerance"] = to_python(identity.tolerance);
      entry["unit"] = identity.unit;
      entry["note"] = identity.note;
      identities.append(entry);
    }
    item["identities"] = identities;
    out.append(item);
  }
  return out;
}

py::list entries(const FilledForm& filled) {
  py::list out;
  for (const FormEntry& entry : filled.rows) {
    py::dict item;
    item["code"] = entry.code;
    item["label_zh"] = entry.label_zh;
    item["label_en"] = entry.label_en;
    item["unit"] = entry.unit;
    item["value"] = entry.value ? to_python(*entry.value) : py::none();
    item["answer"] = entry.answer;
    item["from_list"] = entry.from_list;
    item["missing_fields"] = entry.missing_fields;
    out.append(item);
  }
  return out;
}

// A whole list read batch by batch into one table, for fill_form(): unreadable rows are left
// out (as a check leaves them out of the figures) and counted.
class TableBuilder {
 public:
  void add(CsvBatch& batch) {
    unreadable_ += static_cast<std::int64_t>(batch.problems.size());
    const Table& table = batch.table;
    if (columns_.empty()) {
      for (std::size_t c = 0; c < table.num_columns(); ++c) {
        columns_.emplace_back(table.column(c).name(), table.column(c).type());
      }
    }
    for (std::size_t c = 0; c < table.num_columns(); ++c) {
      for (std::size_t r = 0; r < table.num_rows(); ++r) {
        columns_[c].append(table.column(c).value_at(r));
      }
    }
    for (std::size_t r = 0; r < table.num_rows(); ++r) rows_.push_back(table.row_number(r));
  }
  Table finish() {
    Table table(std::move(columns_));
    table.set_origins(std::move(rows_), {});
    return table;
  }
  [[nodiscard]] std::int64_t unreadable() const noexcept { return unreadable_; }

 private:
  std::vector<Column> columns_;
  std::vector<std::int64_t> rows_;
  std::int64_t unreadable_ = 0;
};

py::tuple filled(FormFill fill, std::int64_t unreadable) {
  return py::make_tuple(entries(fill.form), std::move(fill.report), unreadable);
}

py::tuple fill_csv(const Ruleset& ruleset, const std::string& form_id, const std::string& path,
                   const py::object& as_of, const std::string& input_name, const References* refs) {
  const FormInfo& form = find_form(ruleset, form_id);
  const CheckOptions options = make_check_options(as_of, input_name, 1, refs, 1, false);
  FormFill fill;
  {
    py::gil_scoped_release release;
    fill = fill_form(ruleset, form, path, options);
  }
  const std::int64_t unreadable = fill.report.summary().unreadable;
  return filled(std::move(fill), unreadable);
}

py::tuple fill_arrow(const Ruleset& ruleset, const std::string& form_id,
                     const py::capsule& stream_capsule, const py::object& as_of,
                     const std::string& input_name, const References* refs) {
  if (std::string_view(stream_capsule.name() ? stream_capsule.name() : "") != kStreamCapsuleName) {
    throw py::type_error("expected an \"arrow_array_stream\" capsule from __arrow_c_stream__()");
  }
  auto* stream = stream_capsule.get_pointer<ArrowArrayStream>();
  if (stream->release == nullptr) throw py::value_error("the Arrow stream was already consumed");
  const FormInfo& form = find_form(ruleset, form_id);
  const CheckOptions options = make_check_options(as_of, input_name, 1, refs, 1, false);
  FormFill fill;
  TableBuilder builder;
  {
    py::gil_scoped_release release;
    ArrowStreamReader reader(stream, ruleset.schema(), input_name);
    CsvBatch batch;
    while (reader.next(batch)) builder.add(batch);
    fill = fill_form(ruleset, form, builder.finish(), options);
  }
  return filled(std::move(fill), builder.unreadable());
}

py::tuple fill_records(const Ruleset& ruleset, const std::string& form_id,
                       const py::iterable& records, const py::tuple& nulls, const py::object& as_of,
                       const std::string& input_name, const References* refs) {
  const FormInfo& form = find_form(ruleset, form_id);
  const CheckOptions options = make_check_options(as_of, input_name, 1, refs, 1, false);
  RecordsReader reader(py::iter(records), ruleset.schema(), nulls, input_name, kRecordBatchRows);
  TableBuilder builder;
  CsvBatch batch;
  while (reader.next(batch)) builder.add(batch);
  FormFill fill;
  {
    py::gil_scoped_release release;
    fill = fill_form(ruleset, form, builder.finish(), options);
  }
  return filled(std::move(fill), builder.unreadable());
}

// A filled form from Python: (code, value or None, answer) triples, in any order.
FilledForm from_python(const FormInfo& form, const py::list& given) {
  FilledForm out = blank_form(form);
  for (py::handle item : given) {
    const auto triple = py::reinterpret_borrow<py::tuple>(item);
    const std::string code = triple[0].cast<std::string>();
    FormEntry* entry = nullptr;
    for (FormEntry& candidate : out.rows) {
      if (candidate.code == code) entry = &candidate;
    }
    if (entry == nullptr) {
      throw ValueError("form " + form.id + " has no row '" + code + "'");
    }
    if (!triple[1].is_none()) entry->value = decimal_from_python(triple[1]);
    entry->answer = triple[2].cast<std::string>();
  }
  return out;
}

py::dict form_check(const FormInfo& form, const FormCheck& result) {
  py::dict out;
  out["ok"] = result.ok();
  py::list identities;
  for (const IdentityCheck& check : result.identities) {
    py::dict item;
    item["identity"] = check.identity != nullptr ? check.identity->text : std::string();
    item["holds"] = check.holds;
    item["left"] = to_python(check.left);
    item["right"] = to_python(check.right);
    item["unit"] = check.identity != nullptr ? check.identity->unit : std::string();
    item["blank"] = check.blank;
    item["explanation_zh"] = check.explanation_zh;
    item["explanation_en"] = check.explanation_en;
    identities.append(item);
  }
  out["identities"] = identities;
  py::list problems;
  for (const FormRowProblem& problem : result.row_problems) {
    py::dict item;
    item["code"] = problem.code;
    item["message_zh"] = problem.message_zh;
    item["message_en"] = problem.message_en;
    problems.append(item);
  }
  out["row_problems"] = problems;
  out["text_zh"] = result.to_text(form, "zh");
  out["text_en"] = result.to_text(form, "en");
  return out;
}

py::dict check_given(const Ruleset& ruleset, const std::string& form_id, const py::list& given) {
  const FormInfo& form = find_form(ruleset, form_id);
  return form_check(form, check_form(form, from_python(form, given)));
}

py::dict check_file(const Ruleset& ruleset, const std::string& form_id, const std::string& path) {
  const FormInfo& form = find_form(ruleset, form_id);
  return form_check(form, check_form(form, read_filled_form(form, path)));
}

py::list read_file(const Ruleset& ruleset, const std::string& form_id, const std::string& path) {
  return entries(read_filled_form(find_form(ruleset, form_id), path));
}

}  // namespace

void register_forms(py::module_& m) {
  m.def("forms", &form_infos, py::arg("ruleset"));
  m.def("fill_form_csv", &fill_csv, py::arg("ruleset"), py::arg("form"), py::arg("path"),
        py::arg("as_of"), py::arg("input_name"), py::arg("refs").none(true));
  m.def("fill_form_arrow", &fill_arrow, py::arg("ruleset"), py::arg("form"), py::arg("stream"),
        py::arg("as_of"), py::arg("input_name"), py::arg("refs").none(true));
  m.def("fill_form_records", &fill_records, py::arg("ruleset"), py::arg("form"), py::arg("records"),
        py::arg("nulls"), py::arg("as_of"), py::arg("input_name"), py::arg("refs").none(true));
  m.def("read_filled_form", &read_file, py::arg("ruleset"), py::arg("form"), py::arg("path"));
  m.def("check_form", &check_given, py::arg("ruleset"), py::arg("form"), py::arg("rows"));
  m.def("check_form_file", &check_file, py::arg("ruleset"), py::arg("form"), py::arg("path"));
}

}  // namespace fundrules::python
