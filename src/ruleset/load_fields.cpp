// `fields:` — the columns a roster row carries, their types, labels and the other spellings
// finance staff use for their headers and enumerated values.

#include <algorithm>
#include <map>

#include "ruleset/loader.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kTypeNames = {"string", "enum", "int", "decimal",
                                             "money",  "date", "bool"};
const std::vector<std::string> kFieldKeys = {"type",    "required", "label_zh", "label_en",
                                             "aliases", "values",   "personal", "description"};
const std::vector<std::string> kEnumValueKeys = {"zh", "en", "aliases"};
const std::vector<std::string> kPersonalKinds = {"name", "id_number", "bank_card", "phone",
                                                 "other"};
// Names an expression gives another meaning to.
const std::vector<std::string> kReservedNames = {"params", "refs", "today", "true",
                                                 "false",  "null", "in"};

PersonalData personal_kind(std::string_view name) {
  if (name == "name") return PersonalData::Name;
  if (name == "id_number") return PersonalData::IdNumber;
  if (name == "bank_card") return PersonalData::BankCard;
  if (name == "phone") return PersonalData::Phone;
  return PersonalData::Other;
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// Every spelling must lead to one thing only: a header to one field, a value to one code.
class SpellingIndex {
 public:
  SpellingIndex(std::string what, Diagnostics& diags) : what_(std::move(what)), diags_(diags) {}
  /// Each alias of a list, at its own place in the file.
  void add_all(const YAML::Node& aliases, const std::string& owner) {
    if (aliases.IsScalar()) add(aliases.Scalar(), owner, aliases.Mark());
    if (!aliases.IsSequence()) return;
    for (const auto& alias : aliases) {
      if (alias.IsScalar()) add(alias.Scalar(), owner, alias.Mark());
    }
  }
  void add(const std::string& spelling, const std::string& owner, const YAML::Mark& mark) {
    const std::string key = trimmed(spelling);
    if (key.empty()) return;
    const auto [it, inserted] = owners_.emplace(key, owner);
    if (!inserted && it->second != owner) {
      diags_.error(mark, "'" + key + "' would name both " + what_ + " '" + it->second + "' and '" +
                             owner + "'");
    }
  }

 private:
  std::string what_;
  Diagnostics& diags_;
  std::map<std::string, std::string> owners_;
};

EnumValue load_enum_value(const YAML::Node& key, const YAML::Node& node, LoadContext& ctx,
                          SpellingIndex& spellings) {
  EnumValue value;
  value.code = key.Scalar();
  if (!is_identifier(value.code)) {
    ctx.diags.error(key.Mark(), "enum code '" + value.code +
                                    "' must be a plain name (letters, digits, '_'); put "
                                    "Chinese spellings under zh or aliases");
  }
  spellings.add(value.code, value.code, key.Mark());
  if (node.IsScalar()) {  // shorthand: `frontline: 一线职工`
    value.label_zh = node.Scalar();
    spellings.add(value.label_zh, value.code, node.Mark());
    return value;
  }
  if (!check_mapping(node, "enum value '" + value.code + "'", kEnumValueKeys, ctx.diags)) {
    return value;
  }
  if (const auto zh = node["zh"]) {
    if (auto text = scalar_text(zh, "zh", ctx.diags)) value.label_zh = *text;
    spellings.add(value.label_zh, value.code, zh.Mark());
  }
  if (const auto en = node["en"]) {
    if (auto text = scalar_text(en, "en", ctx.diags)) value.label_en = *text;
    spellings.add(value.label_en, value.code, en.Mark());
  }
  if (const auto aliases = node["aliases"]) {
    value.aliases = string_list(aliases, "aliases", ctx.limits.max_aliases, ctx.diags);
    spellings.add_all(aliases, value.code);
  }
  return value;
}

void load_enum_values(const YAML::Node& node, FieldSpec& field, LoadContext& ctx) {
  const std::string what = "values of field '" + field.name + "'";
  if (!node.IsMap() || node.size() == 0) {
    ctx.diags.error(node.Mark(), what +
                                     " must be a mapping of codes to labels, e.g. "
                                     "frontline: {zh: 一线职工, en: Frontline worker}");
    return;
  }
  if (node.size() > ctx.limits.max_enum_values) {
    ctx.diags.error(node.Mark(), what + ": " + std::to_string(node.size()) + " values; at most " +
                                     std::to_string(ctx.limits.max_enum_values) + " are allowed");
    return;
  }
  SpellingIndex spellings("values", ctx.diags);
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      ctx.diags.error(entry.first.Mark(), "enum codes must be plain names");
      continue;
    }
    field.values.push_back(load_enum_value(entry.first, entry.second, ctx, spellings));
  }
}

// `check_mapping` with no allowed keys reports each key as unknown; enum codes are free, so
// repeated codes are found here instead.
void report_repeated_codes(const YAML::Node& node, const std::string& what, Diagnostics& diags) {
  if (!node.IsMap()) return;  // the caller reports what the node should have been
  std::vector<std::string> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) continue;
    const std::string& code = entry.first.Scalar();
    if (std::find(seen.begin(), seen.end(), code) != seen.end()) {
      diags.error(entry.first.Mark(), "'" + code + "' is given twice in " + what);
    }
    seen.push_back(code);
  }
}

FieldSpec load_field(const YAML::Node& key, const YAML::Node& node, LoadContext& ctx) {
  FieldSpec field;
  field.name = key.Scalar();
  const std::string what = "field '" + field.name + "'";
  if (!is_identifier(field.name)) {
    ctx.diags.error(key.Mark(), "field name '" + field.name +
                                    "' must be a plain name (letters, digits, '_'); put the "
                                    "Chinese header under label_zh or aliases");
  } else if (std::find(kReservedNames.begin(), kReservedNames.end(), field.name) !=
             kReservedNames.end()) {
    ctx.diags.error(key.Mark(), "'" + field.name +
                                    "' is reserved in expressions and cannot "
                                    "name a field");
  }
  if (!check_mapping(node, what, kFieldKeys, ctx.diags)) return field;

  std::optional<DeclaredType> type;
  if (const auto type_node = node["type"]) {
    if (auto text = scalar_text(type_node, what + ": type", ctx.diags)) {
      type = parse_declared_type(*text);
      if (!type) {
        ctx.diags.error(type_node.Mark(), "unknown type '" + *text + "' for " + what +
                                              "; use one of string, enum, int, decimal, "
                                              "money, date, bool" +
                                              did_you_mean(*text, kTypeNames));
      }
    }
  } else {
    ctx.diags.error(node.Mark(), what +
                                     " has no type (string, enum, int, decimal, money, "
                                     "date or bool)");
  }
  if (type) {
    field.type = stored_type(*type);
    field.money = *type == DeclaredType::Money;
  } else {
    ctx.untyped_fields.push_back(field.name);
  }
  if (const auto required = node["required"]) {
    field.required = scalar_bool(required, what + ": required", ctx.diags).value_or(false);
  }
  if (const auto label = node["label_zh"]) {
    field.label_zh = scalar_text(label, what + ": label_zh", ctx.diags).value_or("");
  }
  if (const auto label = node["label_en"]) {
    field.label_en = scalar_text(label, what + ": label_en", ctx.diags).value_or("");
  }
  if (const auto aliases = node["aliases"]) {
    field.aliases = string_list(aliases, what + ": aliases", ctx.limits.max_aliases, ctx.diags);
  }
  if (const auto personal = node["personal"]) {
    if (auto text = scalar_text(personal, what + ": personal", ctx.diags)) {
      if (std::find(kPersonalKinds.begin(), kPersonalKinds.end(), *text) == kPersonalKinds.end()) {
        ctx.diags.error(personal.Mark(),
                        "personal must be one of name, id_number, bank_card, "
                        "phone, other, not '" +
                            *text + "'" + did_you_mean(*text, kPersonalKinds));
      } else {
        field.personal = personal_kind(*text);
      }
    }
  }
  if (const auto description = node["description"]) {
    scalar_text(description, what + ": description", ctx.diags);
  }
  const auto values = node["values"];
  if (type == DeclaredType::Enum) {
    if (values) {
      report_repeated_codes(values, "values of " + what, ctx.diags);
      load_enum_values(values, field, ctx);
    } else {
      ctx.diags.error(node.Mark(), what + " is an enum but lists no values");
    }
  } else if (values && type) {
    ctx.diags.error(values.Mark(), what + " lists values, but only a field of type enum may");
  }
  return field;
}

}  // namespace

std::optional<DeclaredType> parse_declared_type(std::string_view name) {
  if (name == "bool") return DeclaredType::Bool;
  if (name == "int") return DeclaredType::Int;
  if (name == "decimal") return DeclaredType::Decimal;
  if (name == "money") return DeclaredType::Money;
  if (name == "string") return DeclaredType::String;
  if (name == "date") return DeclaredType::Date;
  if (name == "enum") return DeclaredType::Enum;
  return std::nullopt;
}

ValueType stored_type(DeclaredType type) {
  switch (type) {
    case DeclaredType::Bool:
      return ValueType::Bool;
    case DeclaredType::Int:
      return ValueType::Int;
    case DeclaredType::Decimal:
    case DeclaredType::Money:
      return ValueType::Decimal;
    case DeclaredType::Date:
      return ValueType::Date;
    case DeclaredType::String:
    case DeclaredType::Enum:
      break;
  }
  return ValueType::String;
}

void load_fields(const YAML::Node& node, LoadContext& ctx) {
  if (!node.IsMap() || node.size() == 0) {
    ctx.diags.error(node.Mark(),
                    "fields must be a mapping of field names to their "
                    "declarations, with at least one field");
    return;
  }
  const std::size_t inherited = ctx.impl.schema.fields.size();  // from the base ruleset
  if (inherited + node.size() > ctx.limits.max_fields) {
    ctx.diags.error(node.Mark(), "the ruleset declares " + std::to_string(inherited + node.size()) +
                                     " fields; at most " + std::to_string(ctx.limits.max_fields) +
                                     " are allowed");
    return;
  }
  report_repeated_codes(node, "fields", ctx.diags);
  SpellingIndex headers("fields", ctx.diags);
  std::vector<std::string> names;
  for (const auto& field : ctx.impl.schema.fields) {
    names.push_back(field.name);
    for (const auto* spelling : {&field.name, &field.label_zh, &field.label_en}) {
      headers.add(*spelling, field.name, YAML::Mark());
    }
    for (const auto& alias : field.aliases) headers.add(alias, field.name, YAML::Mark());
  }
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      ctx.diags.error(entry.first.Mark(), "field names must be plain names");
      continue;
    }
    const auto known = std::find(names.begin(), names.end(), entry.first.Scalar());
    if (known != names.end()) {
      if (static_cast<std::size_t>(known - names.begin()) < inherited) {
        ctx.diags.error(entry.first.Mark(), "field '" + entry.first.Scalar() +
                                                "' is already declared by the base ruleset '" +
                                                ctx.base_id + "'");
      }
      continue;
    }
    names.push_back(entry.first.Scalar());
    FieldSpec field = load_field(entry.first, entry.second, ctx);
    headers.add(field.name, field.name, entry.first.Mark());
    const YAML::Node& spec = entry.second;
    if (spec.IsMap()) {
      if (spec["label_zh"]) headers.add(field.label_zh, field.name, spec["label_zh"].Mark());
      if (spec["label_en"]) headers.add(field.label_en, field.name, spec["label_en"].Mark());
      if (spec["aliases"]) headers.add_all(spec["aliases"], field.name);
    }
    ctx.impl.schema.fields.push_back(std::move(field));
  }
}

void load_field_map(const YAML::Node& node, const std::string& owner, LoadContext& ctx,
                    Schema& schema, std::vector<std::string>& untyped) {
  if (!node.IsMap() || node.size() == 0) {
    ctx.diags.error(node.Mark(), owner +
                                     ": fields must be a mapping of field names to their "
                                     "declarations, with at least one field");
    return;
  }
  if (node.size() > ctx.limits.max_fields) {
    ctx.diags.error(node.Mark(), owner + " declares " + std::to_string(node.size()) +
                                     " fields; at most " + std::to_string(ctx.limits.max_fields) +
                                     " are allowed");
    return;
  }
  report_repeated_codes(node, owner + " fields", ctx.diags);
  SpellingIndex headers("fields", ctx.diags);
  // load_field() notes untyped fields for the roster's expressions; a reference's are its own.
  const std::size_t roster_untyped = ctx.untyped_fields.size();
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      ctx.diags.error(entry.first.Mark(), "field names must be plain names");
      continue;
    }
    if (schema.find(entry.first.Scalar()) != nullptr) continue;  // reported as repeated
    FieldSpec field = load_field(entry.first, entry.second, ctx);
    headers.add(field.name, field.name, entry.first.Mark());
    const YAML::Node& spec = entry.second;
    if (spec.IsMap()) {
      if (spec["label_zh"]) headers.add(field.label_zh, field.name, spec["label_zh"].Mark());
      if (spec["label_en"]) headers.add(field.label_en, field.name, spec["label_en"].Mark());
      if (spec["aliases"]) headers.add_all(spec["aliases"], field.name);
    }
    schema.fields.push_back(std::move(field));
  }
  untyped.insert(untyped.end(), ctx.untyped_fields.begin() + static_cast<long>(roster_untyped),
                 ctx.untyped_fields.end());
  ctx.untyped_fields.resize(roster_untyped);
}

}  // namespace fundrules::detail
