// Reference tables: what a host gives a check (References), and the per-check index of each
// by its key, shared read-only by every thread of the check.

#include <algorithm>
#include <limits>

#include "engine/context.hpp"
#include "fundrules/error.hpp"

namespace fundrules {

namespace {

std::string declared_names(const Ruleset& ruleset) {
  std::string out;
  for (const ReferenceInfo& reference : ruleset.references()) {
    out += (out.empty() ? "" : ", ") + reference.name;
  }
  return out.empty() ? "none" : out;
}

const ReferenceInfo& declared(const Ruleset& ruleset, const std::string& name) {
  const ReferenceInfo* reference = ruleset.reference(name);
  if (reference == nullptr) {
    throw Error("ruleset " + ruleset.id() + " declares no reference table '" + name +
                "' (it declares: " + declared_names(ruleset) + ")");
  }
  return *reference;
}

int header_column(const CsvReader& reader, const FieldSpec& field) {
  const auto& header = reader.header();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == field.name || field.matches_header(header[i])) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

}  // namespace

void References::add(const std::string& name, Table table) {
  tables_[name] = std::make_shared<const Table>(std::move(table));
}

void References::add(const std::string& name, std::shared_ptr<const Table> table) {
  if (!table) throw Error("reference table '" + name + "': no table given");
  tables_[name] = std::move(table);
}

void References::load_csv(const Ruleset& ruleset, const std::string& name, const std::string& path,
                          const CsvOptions& options) {
  const ReferenceInfo& reference = declared(ruleset, name);
  CsvOptions whole = options;
  whole.batch_rows = 0;  // one batch holds the file
  CsvReader reader(path, reference.schema, whole);
  CsvBatch batch;
  reader.next(batch);
  const std::string what = "reference table '" + name + "' (" + reference.title() + ")";
  if (!batch.problems.empty()) {
    const RowProblem& first = batch.problems.front();
    std::string message =
        what + ": row " + std::to_string(first.row) + " cannot be read: " + first.message;
    if (batch.problems.size() > 1) {
      message += " (" + std::to_string(batch.problems.size() - 1) + " more unreadable rows)";
    }
    throw DataError(SourceLocation{path, static_cast<int>(first.line), first.column}, message);
  }
  if (const auto missing = reader.missing_fields(); !missing.empty()) {
    // A register without its filing dates would make every rule that reads them fail, or
    // pass, for the wrong reason.
    std::string names;
    for (const std::string& field : missing) {
      const FieldSpec* spec = reference.schema.find(field);
      names += (names.empty() ? "" : ", ") + field;
      if (spec != nullptr && !spec->label_zh.empty())
        names += " (" + spec->label_zh + ")";
      else if (spec != nullptr && !spec->aliases.empty())
        names += " (" + spec->aliases.front() + ")";
    }
    throw DataError(SourceLocation{path, 1, 0}, what + ": the header names no column for " + names);
  }
  const FieldSpec* key = reference.schema.find(reference.key);
  const int key_column = key != nullptr ? header_column(reader, *key) : 0;
  if (key != nullptr && key_column == 0) {
    throw DataError(SourceLocation{path, 1, 0},
                    what + ": no column holds its key " + reference.key +
                        (key->label_zh.empty() ? "" : " (" + key->label_zh + ")"));
  }
  for (std::size_t index = 0; key != nullptr && index < reference.schema.fields.size(); ++index) {
    if (reference.schema.fields[index].name != reference.key) continue;
    const Column& keys = batch.table.column(index);
    for (std::size_t row = 0; row < keys.size(); ++row) {
      if (!keys.is_null(row)) continue;
      throw DataError(SourceLocation{path, static_cast<int>(batch.table.line(row)), key_column},
                      what + ": row " + std::to_string(batch.table.row_number(row)) + " has no " +
                          reference.key + "; a row without its key cannot be looked up");
    }
  }
  batch.table.set_source(path);
  add(name, std::move(batch.table));
}

std::shared_ptr<const Table> References::find(std::string_view name) const {
  const auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<std::string> References::names() const {
  std::vector<std::string> out;
  for (const auto& entry : tables_) out.push_back(entry.first);
  return out;
}

namespace engine {

namespace {

// The column of `table` holding `field`: by name, then by label or alias.
std::size_t column_for(const Table& table, const FieldSpec& field) {
  for (std::size_t i = 0; i < table.num_columns(); ++i) {
    if (table.column(i).name() == field.name) return i;
  }
  for (std::size_t i = 0; i < table.num_columns(); ++i) {
    if (field.matches_header(table.column(i).name())) return i;
  }
  return expr::ReferenceIndex::kNone;
}

std::shared_ptr<const expr::ReferenceIndex> make_index(const ReferenceInfo& reference,
                                                       const Table& table) {
  std::vector<std::size_t> columns;
  std::size_t key_field = expr::ReferenceIndex::kNone;
  bool upper_case = false;
  for (std::size_t f = 0; f < reference.schema.fields.size(); ++f) {
    const FieldSpec& field = reference.schema.fields[f];
    const std::size_t column = column_for(table, field);
    if (column != expr::ReferenceIndex::kNone) {
      const ValueType type = table.column(column).type();
      const bool widens = type == ValueType::Int && field.type == ValueType::Decimal;
      if (type != field.type && !widens) {
        throw ValueError("reference table '" + reference.name + "': column " +
                         table.column(column).name() + " holds " + std::string(type_name(type)) +
                         " values but field " + field.name + " is declared " +
                         std::string(type_name(field.type)));
      }
    }
    if (column == expr::ReferenceIndex::kNone) {
      throw Error("reference table '" + reference.name + "': the table given has no column " +
                  "for its field " + field.name);
    }
    if (field.name == reference.key) {
      key_field = f;
      upper_case = field.personal == PersonalData::IdNumber;
    }
    columns.push_back(column);
  }
  return std::make_shared<const expr::ReferenceIndex>(reference.name, table, std::move(columns),
                                                      key_field, upper_case);
}

}  // namespace

std::vector<SkippedRule> index_references(EvalContext& context, const References& given) {
  const detail::RulesetImpl& ruleset = *context.ruleset;
  for (const std::string& name : given.names()) {
    const bool known = std::any_of(ruleset.references.begin(), ruleset.references.end(),
                                   [&](const ReferenceInfo& r) { return r.name == name; });
    if (!known) {
      std::string names;
      for (const ReferenceInfo& r : ruleset.references)
        names += (names.empty() ? "" : ", ") + r.name;
      throw Error("ruleset " + ruleset.id + " declares no reference table '" + name +
                  "' (it declares: " + (names.empty() ? "none" : names) + ")");
    }
  }
  std::vector<bool> missing(ruleset.references.size(), false);
  context.references.assign(ruleset.references.size(), nullptr);
  for (std::size_t slot = 0; slot < ruleset.references.size(); ++slot) {
    const ReferenceInfo& reference = ruleset.references[slot];
    std::shared_ptr<const Table> table = given.find(reference.name);
    if (!table) {
      if (!reference.optional && !reference.rules.empty()) {
        throw Error("reference table '" + reference.name + "' (" + reference.title() +
                    ") is required by rule " + reference.rules.front() +
                    (reference.rules.size() > 1
                         ? " and " + std::to_string(reference.rules.size() - 1) + " more"
                         : std::string()) +
                    " but was not given");
      }
      missing[slot] = true;
      continue;
    }
    auto index = make_index(reference, *table);
    context.references[slot] = index.get();
    context.reference_indexes.push_back(std::move(index));
    context.reference_tables.push_back(std::move(table));
  }
  std::vector<SkippedRule> skipped;
  for (const detail::CompiledRule& rule : ruleset.rules) {
    for (const std::size_t slot : rule.references_used) {
      if (!missing.at(slot)) continue;
      const ReferenceInfo& reference = ruleset.references[slot];
      SkippedRule skip;
      skip.rule_id = rule.info.id;
      skip.reference = reference.name;
      skip.reason_zh = "未提供参照表“" + reference.title("zh") + "”(" + reference.name + ")";
      skip.reason_en =
          "reference table '" + reference.name + "' (" + reference.title("en") + ") was not given";
      skipped.push_back(std::move(skip));
      break;
    }
  }
  return skipped;
}

}  // namespace engine

}  // namespace fundrules
