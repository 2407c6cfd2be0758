// X.tests.yaml: the ruleset it tests and its cases. Rows are given as YAML mappings of field
// names (or any header the field accepts) to scalars, converted exactly as CSV cells are, so
// that a case can say `category: 一线职工` or `amount: 600元` as a roster would.

#include "testing/tests_file.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "engine/context.hpp"
#include "io/cell_converter.hpp"
#include "ruleset/ruleset_impl.hpp"
#include "ruleset/source_text.hpp"
#include "ruleset/yaml_support.hpp"

namespace fundrules::testing_detail {

namespace {

namespace fs = std::filesystem;
using detail::Diagnostics;

const std::vector<std::string> kTopKeys = {"ruleset", "description", "cases"};
const std::vector<std::string> kCaseKeys = {"name", "description", "as_of",       "params",
                                            "refs", "rows",        "expect_fail", "expect_form"};
const std::vector<std::string> kExpectFormKeys = {"form", "rows"};
// A tests file is small; anything larger is a mistake (or a list that belongs in a CSV file).
constexpr std::size_t kMaxTestsFileBytes = std::size_t{4} << 20;
constexpr std::size_t kMaxCases = 4096;
constexpr std::size_t kMaxRowsPerCase = 10000;

// Converts one YAML scalar as a CSV cell of `field` and appends it to `column`. A null node or
// an empty scalar is an empty cell.
void append_cell(const YAML::Node& node, const FieldSpec& field, io::CellConverter& converter,
                 Column& column, const std::string& what, Diagnostics& diags) {
  if (node.IsNull()) {
    column.append_null();
    return;
  }
  if (!node.IsScalar()) {
    diags.error(node.Mark(), what + ": '" + field.name + "' must be a single value");
    column.append_null();
    return;
  }
  const std::string_view text = io::trim_cell(node.Scalar());
  io::Cell cell;
  std::string message;
  if (!text.empty() && !converter.convert(text, cell, message)) {
    diags.error(node.Mark(), what + ": " + field.name + ": " + message);
    column.append_null();
    return;
  }
  converter.append(column, cell);
}

Table read_rows(const YAML::Node& node, const Schema& schema, const std::string& what,
                Diagnostics& diags) {
  std::vector<Column> columns;
  std::vector<io::CellConverter> converters;
  converters.reserve(schema.fields.size());
  for (const FieldSpec& field : schema.fields) {
    converters.emplace_back(field);
    columns.emplace_back(field.name, converters.back().column_type());
  }
  std::vector<std::int64_t> numbers;
  std::vector<std::int64_t> lines;
  if (!node.IsSequence()) {
    diags.error(node.Mark(), what +
                                 ": rows must be a list of rows, each a mapping such as "
                                 "{name: 张三, amount: 600}");
    return Table(std::move(columns));
  }
  if (node.size() > kMaxRowsPerCase) {
    diags.error(node.Mark(), what + ": more than " + std::to_string(kMaxRowsPerCase) + " rows");
    return Table(std::move(columns));
  }
  for (const YAML::Node& row : node) {
    const std::string row_what = what + ", row " + std::to_string(numbers.size() + 1);
    if (!row.IsMap()) {
      diags.error(row.Mark(), row_what + " must be a mapping of fields to values");
      continue;
    }
    std::vector<bool> given(schema.fields.size(), false);
    for (const auto& entry : row) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      const int index = schema.match_header(key);
      if (index < 0) {
        std::vector<std::string> names;
        for (const FieldSpec& field : schema.fields) names.push_back(field.name);
        diags.error(entry.first.Mark(), row_what + ": the ruleset has no field '" + key + "'" +
                                            detail::did_you_mean(key, names));
        continue;
      }
      const auto f = static_cast<std::size_t>(index);
      if (given[f]) {
        diags.error(entry.first.Mark(),
                    row_what + ": field '" + schema.fields[f].name + "' is given twice");
        continue;
      }
      given[f] = true;
      append_cell(entry.second, schema.fields[f], converters[f], columns[f], row_what, diags);
    }
    for (std::size_t f = 0; f < given.size(); ++f) {
      if (!given[f]) columns[f].append_null();
    }
    numbers.push_back(static_cast<std::int64_t>(numbers.size()) + 1);
    lines.push_back(static_cast<std::int64_t>(row.Mark().line) + 1);
  }
  Table table(std::move(columns));
  if (!numbers.empty() && !schema.fields.empty()) table.set_origins(numbers, lines);
  return table;
}

// `params:` of a case: the ruleset with those parameters set to one value for all dates.
std::optional<Ruleset> with_params(const YAML::Node& node, const Ruleset& ruleset,
                                   const std::string& what, Diagnostics& diags) {
  if (!node.IsMap()) {
    diags.error(node.Mark(), what + ": params must be a mapping such as {budget: 1000}");
    return std::nullopt;
  }
  auto impl = std::make_shared<detail::RulesetImpl>(ruleset.impl());
  bool ok = true;
  for (const auto& entry : node) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    const auto at = std::find_if(impl->params.begin(), impl->params.end(),
                                 [&](const ParamInfo& p) { return p.name == name; });
    if (at == impl->params.end()) {
      std::vector<std::string> names;
      for (const ParamInfo& p : impl->params) names.push_back(p.name);
      diags.error(entry.first.Mark(), what + ": the ruleset has no parameter '" + name + "'" +
                                          detail::did_you_mean(name, names));
      ok = false;
      continue;
    }
    FieldSpec spec;
    spec.name = "params." + name;
    spec.type = at->type;
    spec.money = at->type == ValueType::Decimal;
    io::CellConverter converter(spec);
    Column column(spec.name, converter.column_type());
    append_cell(entry.second, spec, converter, column, what, diags);
    if (column.is_null(0)) {
      if (entry.second.IsNull())
        diags.error(entry.second.Mark(), what + ": " + name + " needs a value");
      ok = false;
      continue;
    }
    at->history = {
        ParamVersion{column.value_at(0), std::nullopt, diags.source().at(entry.second.Mark())}};
  }
  if (!ok) return std::nullopt;
  return Ruleset(std::move(impl));
}

// `refs:` of a case: each reference table's rows, converted as the reference's fields say.
// A required reference the case does not give is an error: the check could not run.
References read_refs(const YAML::Node* node, const Ruleset& ruleset, const YAML::Node& test,
                     const std::string& what, Diagnostics& diags) {
  References references;
  std::vector<std::string> given;
  if (node != nullptr && !node->IsMap()) {
    diags.error(node->Mark(), what + ": refs must be a mapping of reference names to rows");
    return references;
  }
  if (node != nullptr) {
    for (const auto& entry : *node) {
      const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      const ReferenceInfo* reference = ruleset.reference(name);
      if (reference == nullptr) {
        std::vector<std::string> names;
        for (const ReferenceInfo& r : ruleset.references()) names.push_back(r.name);
        diags.error(entry.first.Mark(), what + ": the ruleset declares no reference '" + name +
                                            "'" + detail::did_you_mean(name, names));
        continue;
      }
      given.push_back(name);
      references.add(name,
                     read_rows(entry.second, reference->schema, what + ", refs." + name, diags));
    }
  }
  for (const ReferenceInfo& reference : ruleset.references()) {
    if (reference.optional ||
        std::find(given.begin(), given.end(), reference.name) != given.end()) {
      continue;
    }
    diags.error(test.Mark(), what + ": the ruleset needs reference '" + reference.name +
                                 "'; give its rows under refs: (an empty list for none)");
  }
  return references;
}

std::vector<std::string> read_expect_fail(const YAML::Node& node, const Ruleset& ruleset,
                                          const std::string& what, Diagnostics& diags) {
  std::vector<std::string> known = {engine::kRequiredRuleId, engine::kUnreadableRuleId};
  for (const RuleInfo& rule : ruleset.rules()) known.push_back(rule.id);
  std::vector<std::string> ids;
  const auto add = [&](const YAML::Node& item) {
    const auto id = detail::scalar_text(item, what + ": expect_fail entry", diags);
    if (!id) return;
    if (std::find(known.begin(), known.end(), *id) == known.end()) {
      diags.error(item.Mark(), what + ": expect_fail names no rule '" + *id + "'" +
                                   detail::did_you_mean(*id, known));
      return;
    }
    ids.push_back(*id);
  };
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) add(item);
  } else if (node.IsScalar()) {
    add(node);
  } else {
    diags.error(node.Mark(), what + ": expect_fail must be a list of rule ids; [] for none");
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// `expect_form:` of a case: the form (by id; may be left out when the ruleset declares one)
// and, per row code, the figure filling the form from the case's rows must give, in the row's
// unit, or `blank` for a row the rows do not determine.
void read_expect_form(const YAML::Node& node, const Ruleset& ruleset, const std::string& what,
                      TestCase& test, Diagnostics& diags) {
  if (!detail::check_mapping(node, what + ": expect_form", kExpectFormKeys, diags)) return;
  std::string id;
  if (const auto form = node["form"]) {
    id = detail::scalar_text(form, what + ": expect_form.form", diags).value_or("");
  }
  try {
    test.form = &find_form(ruleset, id);
  } catch (const Error& error) {
    diags.error((node["form"] ? node["form"] : node).Mark(),
                what + ": expect_form: " + error.what());
    return;
  }
  const auto rows = node["rows"];
  if (!rows || !rows.IsMap() || rows.size() == 0) {
    diags.error((rows ? rows : node).Mark(),
                what +
                    ": expect_form.rows must map row codes to figures, such as {2C: 3, "
                    "4A: 0.47, 9B: blank}");
    return;
  }
  std::vector<std::string> codes;
  for (const FormRowInfo& row : test.form->rows) codes.push_back(row.code);
  for (const auto& entry : rows) {
    ExpectedFormRow expected;
    expected.code = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    expected.where = diags.source().at(entry.first.Mark());
    if (std::find(codes.begin(), codes.end(), expected.code) == codes.end()) {
      diags.error(entry.first.Mark(), what + ": form '" + test.form->id + "' has no row '" +
                                          expected.code + "'" +
                                          detail::did_you_mean(expected.code, codes));
      continue;
    }
    const bool twice =
        std::any_of(test.expect_form.begin(), test.expect_form.end(),
                    [&](const ExpectedFormRow& r) { return r.code == expected.code; });
    if (twice) {
      diags.error(entry.first.Mark(), what + ": row '" + expected.code + "' is given twice");
      continue;
    }
    const auto text =
        detail::scalar_text(entry.second, what + ": expect_form row " + expected.code, diags);
    if (!text) continue;
    if (*text != "blank") {
      // Exactly as written: a figure is compared as a decimal, never through a double.
      std::string why;
      expected.value = Decimal::try_parse(*text, &why);
      if (!expected.value) {
        diags.error(entry.second.Mark(), what + ": row " + expected.code + ": '" + *text +
                                             "' is neither a figure nor blank (" + why + ")");
        continue;
      }
    }
    test.expect_form.push_back(std::move(expected));
  }
}

void read_case(const YAML::Node& node, const Ruleset& ruleset, std::set<std::string>& names,
               TestsFile& file, Diagnostics& diags) {
  if (!detail::check_mapping(node, "a test case", kCaseKeys, diags)) return;
  TestCase test;
  test.where = diags.source().at(node.Mark());
  if (const auto name = node["name"]) {
    test.name = detail::scalar_text(name, "case name", diags).value_or("");
    if (!test.name.empty() && !names.insert(test.name).second) {
      diags.error(name.Mark(), "case '" + test.name + "' is named twice in this file");
    }
  } else {
    diags.error(node.Mark(), "a test case has no name");
  }
  const std::string what = "case '" + test.name + "'";
  if (const auto description = node["description"]) {
    detail::scalar_text(description, what + ": description", diags);
  }
  if (const auto as_of = node["as_of"]) {
    if (const auto text = detail::scalar_text(as_of, what + ": as_of", diags)) {
      std::string why;
      test.as_of = Date::try_parse(*text, &why);
      if (!test.as_of) {
        diags.error(as_of.Mark(), what + ": as_of '" + *text + "' is not a date (" + why + ")");
      }
    }
  }
  test.ruleset = ruleset;
  if (const auto params = node["params"]) test.ruleset = with_params(params, ruleset, what, diags);
  const auto refs = node["refs"];
  test.references = read_refs(refs ? &refs : nullptr, ruleset, node, what, diags);
  if (const auto rows = node["rows"]) {
    test.rows = read_rows(rows, ruleset.schema(), what, diags);
  } else {
    diags.error(node.Mark(), what + " has no rows");
  }
  if (const auto expect = node["expect_form"]) {
    // The form of the ruleset the case checks with (its own copy when it sets params).
    if (test.ruleset) read_expect_form(expect, *test.ruleset, what, test, diags);
  }
  if (const auto expect = node["expect_fail"]) {
    test.expect_fail = read_expect_fail(expect, ruleset, what, diags);
  } else if (node["expect_form"]) {
    test.judges_failures = false;  // a case about a form's figures alone
  } else {
    diags.error(node.Mark(), what +
                                 " has no expect_fail: list the rule ids that must fail, "
                                 "or [] when none may (or give expect_form)");
  }
  file.cases.push_back(std::move(test));
}

// Loads the ruleset the file names; false (with the reason in diags) when it does not load.
bool load_ruleset_under_test(const YAML::Node& node, const LoadOptions& load, TestsFile& file,
                             Diagnostics& diags) {
  const auto name = detail::scalar_text(node, "ruleset", diags);
  if (!name) return false;
  const fs::path self(file.path);
  const fs::path target(*name);
  file.ruleset_path = (target.is_absolute() || !self.has_parent_path())
                          ? target.string()
                          : (self.parent_path() / target).lexically_normal().string();
  try {
    file.ruleset = Ruleset::load_file(file.ruleset_path, load);
    return true;
  } catch (const RulesetError& e) {
    diags.error(node.Mark(), "the ruleset '" + *name + "' does not load; its problems follow");
    // Kept apart from this file's own problems, which are sorted by line.
    file.problems = e.diagnostics();
  } catch (const DataError& e) {
    diags.error(node.Mark(), "ruleset '" + *name + "': " + e.what() +
                                 " (the path is relative to the tests file)");
  }
  return false;
}

void read_document(const YAML::Node& root, const LoadOptions& load, TestsFile& file,
                   Diagnostics& diags) {
  if (!root.IsMap()) {
    diags.error(root.Mark(), "a tests file is a mapping with 'ruleset:' and 'cases:'");
    return;
  }
  detail::check_mapping(root, "the tests file", kTopKeys, diags);
  if (const auto description = root["description"]) {
    detail::scalar_text(description, "description", diags);
  }
  const auto ruleset = root["ruleset"];
  if (!ruleset) {
    diags.error(root.Mark(), "the tests file does not name its ruleset (ruleset: X.yaml)");
    return;
  }
  if (!load_ruleset_under_test(ruleset, load, file, diags)) return;
  const auto cases = root["cases"];
  if (!cases || !cases.IsSequence() || cases.size() == 0) {
    diags.error(cases ? cases.Mark() : root.Mark(),
                "cases must be a non-empty list of cases, each starting with '- name:'");
    return;
  }
  if (cases.size() > kMaxCases) {
    diags.error(cases.Mark(), "more than " + std::to_string(kMaxCases) + " cases in one file");
    return;
  }
  std::set<std::string> names;
  for (const YAML::Node& test : cases) read_case(test, *file.ruleset, names, file, diags);
}

}  // namespace

TestsFile read_tests_file(const std::string& path, const LoadOptions& load) {
  TestsFile file;
  file.path = path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    file.problems.push_back(Diagnostic{SourceLocation{path, 0, 0}, "cannot open the tests file"});
    return file;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  if (bytes.size() > kMaxTestsFileBytes) {
    file.problems.push_back(Diagnostic{
        SourceLocation{path, 0, 0},
        "the tests file is larger than " + std::to_string(kMaxTestsFileBytes) + " bytes"});
    return file;
  }
  const detail::SourceText source(path, bytes);
  const detail::RulesetLimits limits;
  Diagnostics diags(source, limits.max_diagnostics);
  detail::screen_yaml(source, limits.max_depth, diags, "tests file");
  if (!diags.has_errors()) {
    try {
      read_document(YAML::Load(std::string(source.text())), load, file, diags);
    } catch (const YAML::Exception& e) {
      diags.error(e.mark, "cannot read this part of the tests file: " + e.msg);
    }
  }
  try {
    diags.throw_if_errors();
  } catch (const RulesetError& e) {
    std::vector<Diagnostic> problems = e.diagnostics();
    problems.insert(problems.end(), file.problems.begin(), file.problems.end());
    file.problems = std::move(problems);
    file.cases.clear();
  }
  return file;
}

}  // namespace fundrules::testing_detail
