// fundrules._core.Ruleset: loading a ruleset and what it says about itself, as plain Python
// data that the pure-Python layer turns into dataclasses.

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "fundrules/ruleset.hpp"

namespace fundrules::python {

namespace {

const char* personal_name(PersonalData kind) {
  switch (kind) {
    case PersonalData::None:
      return "";
    case PersonalData::Name:
      return "name";
    case PersonalData::IdNumber:
      return "id_number";
    case PersonalData::BankCard:
      return "bank_card";
    case PersonalData::Phone:
      return "phone";
    case PersonalData::Other:
      return "other";
  }
  return "other";
}

py::object optional_date(const std::optional<Date>& date) {
  return date ? to_python(*date) : py::none();
}

py::dict location(const SourceLocation& where) {
  py::dict out;
  out["file"] = where.file;
  out["line"] = where.line;
  out["column"] = where.column;
  return out;
}

py::list fields(const Ruleset& ruleset) {
  py::list out;
  for (const FieldSpec& f : ruleset.schema().fields) {
    py::dict field;
    field["name"] = f.name;
    field["type"] = std::string(type_name(f.type));
    field["money"] = f.money;
    field["required"] = f.required;
    field["label_zh"] = f.label_zh;
    field["label_en"] = f.label_en;
    field["aliases"] = f.aliases;
    py::list values;
    for (const EnumValue& v : f.values) {
      values.append(py::make_tuple(v.code, v.label_zh, v.label_en, v.aliases));
    }
    field["values"] = values;
    field["personal"] = std::string(personal_name(f.personal));
    out.append(field);
  }
  return out;
}

py::list rules(const Ruleset& ruleset) {
  py::list out;
  for (const RuleInfo& r : ruleset.rules()) {
    py::dict rule;
    rule["id"] = r.id;
    rule["severity"] = std::string(to_string(r.severity));
    rule["scope"] = std::string(to_string(r.scope));
    rule["when"] = r.when;
    rule["check"] = r.check;
    rule["message_zh"] = r.message_zh;
    rule["message_en"] = r.message_en;
    rule["clause"] = r.clause;
    rule["origin"] = r.origin;
    rule["where"] = location(r.where);
    out.append(rule);
  }
  return out;
}

py::list params(const Ruleset& ruleset) {
  py::list out;
  for (const ParamInfo& p : ruleset.params()) {
    py::dict param;
    param["name"] = p.name;
    param["type"] = std::string(type_name(p.type));
    param["description"] = p.description;
    param["origin"] = p.origin;
    py::list history;
    for (const ParamVersion& v : p.history) {
      history.append(py::make_tuple(to_python(v.value), optional_date(v.effective_from)));
    }
    param["history"] = history;
    out.append(param);
  }
  return out;
}

py::list warnings(const Ruleset& ruleset) {
  py::list out;
  for (const Diagnostic& d : ruleset.warnings()) {
    py::dict warning = location(d.where);
    warning["message"] = d.message;
    warning["severity"] = d.severity;
    out.append(warning);
  }
  return out;
}

}  // namespace

void register_ruleset(py::module_& m) {
  py::class_<Ruleset>(m, "Ruleset")
      .def_static(
          "load_file",
          [](const std::string& path, const std::vector<std::string>& search_path) {
            LoadOptions options;
            options.search_path = search_path;
            py::gil_scoped_release release;
            return Ruleset::load_file(path, options);
          },
          py::arg("path"), py::arg("search_path"))
      .def_static(
          "load_string",
          [](const std::string& text, const std::string& name,
             const std::vector<std::string>& search_path) {
            LoadOptions options;
            options.search_path = search_path;
            py::gil_scoped_release release;
            return Ruleset::load_string(text, name, options);
          },
          py::arg("text"), py::arg("name"), py::arg("search_path"))
      .def_property_readonly("id", &Ruleset::id)
      .def(
          "title", [](const Ruleset& r, const std::string& language) { return r.title(language); },
          py::arg("language"))
      .def_property_readonly("jurisdiction", &Ruleset::jurisdiction)
      .def_property_readonly("source_file", &Ruleset::source_file)
      .def_property_readonly("sha256", &Ruleset::sha256)
      .def("fields", &fields)
      .def("rules", &rules)
      .def("params", &params)
      .def("warnings", &warnings)
      .def("references", &reference_infos)
      .def(
          "enum_code",
          [](const Ruleset& r, const std::string& field, const std::string& text) {
            const FieldSpec* spec = r.schema().find(field);
            if (spec == nullptr) throw py::key_error("no field named '" + field + "'");
            return spec->enum_code(text);
          },
          py::arg("field"), py::arg("text"))
      .def("basis", [](const Ruleset& r) {
        py::list out;
        for (const BasisDocument& b : r.basis()) {
          py::dict doc;
          doc["id"] = b.id;
          doc["title"] = b.title;
          doc["issuer"] = b.issuer;
          doc["reference"] = b.reference;
          out.append(doc);
        }
        return out;
      });
}

}  // namespace fundrules::python
