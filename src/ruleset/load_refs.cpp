// `references:` — other inputs a ruleset checks rows against: a register of workers on file,
// the payment lists of the same campaign already made. Each names the field its rows are
// looked up by; its fields are declared as the roster's are, so that its file is read the same
// way (labels, aliases, personal data).

#include <algorithm>

#include "ruleset/loader.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kReferenceKeys = {"title", "description", "key", "optional",
                                                 "fields"};
const std::vector<std::string> kTitleKeys = {"zh", "en"};

void load_title(const YAML::Node& node, const std::string& what, ReferenceInfo& reference,
                LoadContext& ctx) {
  if (node.IsScalar()) {
    reference.title_zh = node.Scalar();
    return;
  }
  if (!check_mapping(node, what + ": title", kTitleKeys, ctx.diags)) return;
  if (node["zh"]) reference.title_zh = scalar_text(node["zh"], what, ctx.diags).value_or("");
  if (node["en"]) reference.title_en = scalar_text(node["en"], what, ctx.diags).value_or("");
}

// The key must be a field of the table, of a type whose text identifies a row.
void load_key(const YAML::Node& entry, const std::string& what, ReferenceInfo& reference,
              LoadContext& ctx) {
  const auto key = entry["key"];
  if (!key) {
    ctx.diags.error(entry.Mark(), what +
                                      " has no key: name the field its rows are looked up by, "
                                      "e.g. key: id_number");
    return;
  }
  const auto text = scalar_text(key, what + ": key", ctx.diags);
  if (!text) return;
  reference.key = *text;
  if (reference.schema.fields.empty()) return;  // the fields' own problem was reported
  std::vector<std::string> names;
  for (const auto& field : reference.schema.fields) names.push_back(field.name);
  FieldSpec* field = nullptr;
  for (auto& candidate : reference.schema.fields) {
    if (candidate.name == *text) field = &candidate;
  }
  if (field == nullptr) {
    ctx.diags.error(key.Mark(), what + ": key '" + *text + "' is not one of its fields" +
                                    did_you_mean(*text, names));
    return;
  }
  if (field->type == ValueType::Bool || field->type == ValueType::Decimal) {
    ctx.diags.error(key.Mark(), what + ": key '" + *text + "' is a " +
                                    std::string(type_name(field->type)) +
                                    "; a key must be a string, enum, int or date field");
    return;
  }
  // A row without its key could never be found: the reader reports it instead.
  field->required = true;
}

void load_reference(const YAML::Node& name_node, const YAML::Node& entry, LoadContext& ctx) {
  ReferenceInfo reference;
  reference.name = name_node.Scalar();
  reference.origin = ctx.impl.id;
  reference.where = ctx.source.at(name_node.Mark());
  const std::string what = "reference '" + reference.name + "'";
  if (!is_identifier(reference.name)) {
    ctx.diags.error(name_node.Mark(), "reference name '" + reference.name +
                                          "' must be a plain name (letters, digits, '_'), as "
                                          "rules write it after refs.");
  }
  for (const auto& other : ctx.impl.references) {
    if (other.name != reference.name) continue;
    ctx.diags.error(name_node.Mark(), what + " is already declared" +
                                          (other.origin == ctx.impl.id
                                               ? std::string(" at ") + other.where.to_string()
                                               : " by the base ruleset '" + other.origin + "'"));
    return;
  }
  if (!check_mapping(entry, what, kReferenceKeys, ctx.diags)) return;
  if (const auto title = entry["title"]) load_title(title, what, reference, ctx);
  if (const auto description = entry["description"]) {
    scalar_text(description, what + ": description", ctx.diags);
  }
  if (const auto optional = entry["optional"]) {
    reference.optional = scalar_bool(optional, what + ": optional", ctx.diags).value_or(false);
  }
  if (const auto fields = entry["fields"]) {
    std::vector<std::string> untyped;
    load_field_map(fields, what, ctx, reference.schema, untyped);
    // Expressions see a field whose type could not be read as dynamic, as for the roster.
    for (auto& field : reference.schema.fields) {
      if (std::find(untyped.begin(), untyped.end(), field.name) != untyped.end()) {
        field.type = ValueType::Null;
      }
    }
  } else {
    ctx.diags.error(entry.Mark(), what + " declares no fields");
  }
  load_key(entry, what, reference, ctx);
  ctx.impl.references.push_back(std::move(reference));
}

}  // namespace

void load_references(const YAML::Node& node, LoadContext& ctx) {
  if (!node.IsMap()) {
    ctx.diags.error(node.Mark(),
                    "references must be a mapping of reference names to their declarations, "
                    "e.g. registry: {key: id_number, fields: {...}}");
    return;
  }
  if (ctx.impl.references.size() + node.size() > ctx.limits.max_basis) {
    ctx.diags.error(node.Mark(), "the ruleset declares more than " +
                                     std::to_string(ctx.limits.max_basis) + " reference tables");
    return;
  }
  std::vector<std::string> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      ctx.diags.error(entry.first.Mark(), "reference names must be plain names");
      continue;
    }
    const std::string& name = entry.first.Scalar();
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      ctx.diags.error(entry.first.Mark(), "reference '" + name + "' is declared twice");
      continue;
    }
    seen.push_back(name);
    load_reference(entry.first, entry.second, ctx);
  }
}

}  // namespace fundrules::detail
