// Filling a form from a payment list. A form's fills are compiled as one summary over the
// whole list, so filling reads the list exactly as `check` does (streaming, threads, unreadable
// rows counted apart) and the figures do not depend on how the list was split.

#include <memory>

#include "forms/units.hpp"
#include "fundrules/forms.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace fundrules {

namespace {

const detail::CompiledForm& compiled_form(const Ruleset& ruleset, const FormInfo& form) {
  for (const auto& compiled : ruleset.impl().forms) {
    if (compiled.info.id == form.id) return compiled;
  }
  throw Error("ruleset " + ruleset.id() + " has no form '" + form.id + "'");
}

// The ruleset with the form's fills as one more summary, after its own.
Ruleset with_fill(const Ruleset& ruleset, const detail::CompiledForm& form) {
  auto impl = std::make_shared<detail::RulesetImpl>(ruleset.impl());
  impl->summaries.push_back(form.fill);
  return Ruleset(std::move(impl));
}

FormFill figures(const detail::CompiledForm& form, const Report& report) {
  FormFill out;
  out.form = blank_form(form.info);
  std::vector<SummaryTable> summaries = report.summaries();
  const SummaryTable fill = summaries.back();
  summaries.pop_back();
  const std::vector<Value>& figures = fill.rows.at(0).values;
  for (const detail::CompiledForm::Fill& row_fill : form.fills) {
    const FormRowInfo& row = form.info.rows[row_fill.row];
    FormEntry& entry = out.form.rows[row_fill.row];
    for (const auto& [field, column] : row_fill.fields) {
      const Value& given = figures.at(column);
      if (given.type() == ValueType::Int && given.as_int() == 0) {
        entry.missing_fields.push_back(field);
      }
    }
    // A list that never gives a field the fill reads says nothing about the row: blank, not 0.
    if (!entry.missing_fields.empty()) continue;
    const Value& value = figures.at(row_fill.column);
    // A fill that gives nothing (an average of no rows) leaves the row blank, not 0.
    if (value.is_null()) continue;
    Decimal figure = value.type() == ValueType::Int ? Decimal(value.as_int()) : value.as_decimal();
    const auto from = forms::parse_unit(row.fill_unit);
    const auto to = forms::parse_unit(row.unit);
    if (from && to) figure = forms::convert(figure, *from, *to);
    if (row.round) figure = figure.round(*row.round, row.rounding);
    entry.value = figure;
    entry.from_list = true;
  }
  out.report = Report(report.summary(), report.violations(), std::move(summaries));
  return out;
}

}  // namespace

const FormEntry* FilledForm::find(const std::string& code) const noexcept {
  for (const FormEntry& entry : rows) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

FilledForm blank_form(const FormInfo& form) {
  FilledForm out;
  out.form_id = form.id;
  out.rows.reserve(form.rows.size());
  for (const FormRowInfo& row : form.rows) {
    FormEntry entry;
    entry.code = row.code;
    entry.label_zh = row.label_zh;
    entry.label_en = row.label_en;
    entry.unit = row.unit;
    out.rows.push_back(std::move(entry));
  }
  return out;
}

const std::vector<FormInfo>& forms_of(const Ruleset& ruleset) noexcept {
  return ruleset.impl().form_infos;
}

const FormInfo& find_form(const Ruleset& ruleset, const std::string& id) {
  const auto& forms = forms_of(ruleset);
  std::string known;
  for (const FormInfo& form : forms) {
    if (form.id == id || (id.empty() && forms.size() == 1)) return form;
    known += (known.empty() ? "" : ", ") + form.id;
  }
  if (forms.empty()) throw Error("ruleset " + ruleset.id() + " declares no forms");
  if (id.empty())
    throw Error("ruleset " + ruleset.id() + " declares several forms; name one of " + known);
  throw Error("ruleset " + ruleset.id() + " has no form '" + id + "'; it has " + known);
}

FormFill fill_form(const Ruleset& ruleset, const FormInfo& form, const std::string& path,
                   const CheckOptions& options, const CsvOptions& csv_options) {
  const detail::CompiledForm& compiled = compiled_form(ruleset, form);
  return figures(compiled, check_csv(with_fill(ruleset, compiled), path, options, csv_options));
}

FormFill fill_form(const Ruleset& ruleset, const FormInfo& form, const Table& table,
                   const CheckOptions& options) {
  const detail::CompiledForm& compiled = compiled_form(ruleset, form);
  return figures(compiled, check(with_fill(ruleset, compiled), table, options));
}

}  // namespace fundrules
