#include "engine/explain.hpp"

#include <algorithm>
#include <string_view>

namespace fundrules::engine {

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when `text` mentions `name` as a whole identifier, not as part of a longer one
// ("amount" in "field amount is null", not in "amount_total").
bool mentions(std::string_view text, std::string_view name) {
  for (std::size_t at = text.find(name); at != std::string_view::npos;
       at = text.find(name, at + 1)) {
    const bool starts = at == 0 || !is_word_char(text[at - 1]);
    const std::size_t after = at + name.size();
    const bool ends = after == text.size() || !is_word_char(text[after]);
    if (starts && ends) return true;
  }
  return false;
}

std::string_view error_kind_text(expr::EvalErrorKind kind) {
  switch (kind) {
    case expr::EvalErrorKind::None:
      return "no error";
    case expr::EvalErrorKind::MissingField:
      return "a field it reads is missing";
    case expr::EvalErrorKind::DivisionByZero:
      return "division by zero";
    case expr::EvalErrorKind::Overflow:
      return "arithmetic overflow";
    case expr::EvalErrorKind::InvalidArgument:
      return "invalid argument";
    case expr::EvalErrorKind::NoMatchingOverload:
      return "no function matches these argument types";
  }
  return "error";
}

std::string placeholder_for_field(const FieldSpec& field, const Value& value, bool english) {
  if (value.is_null()) return english ? "(missing)" : "（空）";
  if (value.type() == ValueType::String && !field.values.empty()) {
    const std::string& code = value.as_string();
    for (const EnumValue& item : field.values) {
      if (item.code != code) continue;
      const std::string& label = english ? item.label_en : item.label_zh;
      if (!label.empty()) return label;
      break;
    }
  }
  return value.to_string();
}

}  // namespace

std::string field_title(const FieldSpec& field) {
  if (field.label_zh.empty() || field.label_zh == field.name) return field.name;
  return field.label_zh + " (" + field.name + ")";
}

ValueRead read_field(const Schema& schema, const Table& table, std::size_t field, std::size_t row) {
  const FieldSpec& spec = schema.fields.at(field);
  ValueRead read;
  read.name = spec.name;
  read.personal = spec.personal;
  const Column& column = table.column(field);
  read.missing = column.is_null(row);
  read.value = read.missing ? "null" : column.value_at(row).to_string();
  return read;
}

ParamUsed param_used(const EvalContext& context, std::size_t slot) {
  const ParamInfo& info = context.ruleset->params.at(slot);
  ParamUsed used;
  used.name = info.name;
  used.origin = info.origin;
  if (const ParamVersion* version = context.versions.at(slot)) {
    used.value = version->value.to_string();
    used.effective_from = version->effective_from;
    used.set_at = version->where;
  } else {
    used.value = "null";
  }
  return used;
}

namespace {

constexpr std::string_view kParamPrefix = "params.";

// fill_message() for a `{params.x}` placeholder: appends what it shows and returns true, or
// returns false for a placeholder of another kind.
bool append_param(const detail::MessagePart& part, const EvalContext& context, bool english,
                  std::string& out) {
  const std::string_view name = part.text;
  if (name.substr(0, kParamPrefix.size()) != kParamPrefix) return false;
  const detail::RulesetImpl& ruleset = *context.ruleset;
  const std::string_view param = name.substr(kParamPrefix.size());
  for (std::size_t slot = 0; slot < ruleset.params.size(); ++slot) {
    if (ruleset.params[slot].name != param) continue;
    const Value& value = context.params[slot];
    out += value.is_null() ? std::string(english ? "(not set)" : "（未设定）") : value.to_string();
    return true;
  }
  out += "{" + part.text + "}";
  return true;
}

}  // namespace

std::vector<detail::MessagePart> bind_params(const std::vector<detail::MessagePart>& parts,
                                             const EvalContext& context, bool english,
                                             const std::vector<std::string>& kept) {
  std::vector<detail::MessagePart> bound;
  for (const detail::MessagePart& part : parts) {
    std::string text;
    const bool kept_as_is =
        !part.placeholder || std::find(kept.begin(), kept.end(), part.text) != kept.end();
    if (kept_as_is || !append_param(part, context, english, text)) {
      bound.push_back(part);
    } else {
      bound.push_back({false, std::move(text)});
    }
  }
  std::vector<detail::MessagePart> joined;
  for (detail::MessagePart& part : bound) {
    if (!part.placeholder && !joined.empty() && !joined.back().placeholder) {
      joined.back().text += part.text;
    } else {
      joined.push_back(std::move(part));
    }
  }
  return joined;
}

std::string fill_message(const std::vector<detail::MessagePart>& parts, const Table& table,
                         std::size_t row, const EvalContext& context, bool english,
                         const std::vector<NamedValue>* named) {
  const detail::RulesetImpl& ruleset = *context.ruleset;
  // Sized once for the text and a short value per placeholder: a message grown piece by
  // piece was reallocated three or four times.
  std::size_t expected = 0;
  for (const detail::MessagePart& part : parts)
    expected += part.placeholder ? 16 : part.text.size();
  std::string out;
  out.reserve(expected);
  for (const detail::MessagePart& part : parts) {
    if (!part.placeholder) {
      out += part.text;
      continue;
    }
    const std::string_view name = part.text;
    if (named != nullptr) {
      const auto it = std::find_if(named->begin(), named->end(),
                                   [&](const NamedValue& entry) { return entry.name == name; });
      if (it != named->end()) {
        if (it->missing) {
          out += english ? "(none)" : "（无）";
        } else {
          out += it->text;
        }
        continue;
      }
    }
    if (append_param(part, context, english, out)) continue;
    const auto& fields = ruleset.schema.fields;
    bool found = false;
    for (std::size_t index = 0; index < fields.size() && index < table.num_columns(); ++index) {
      if (fields[index].name != name) continue;
      out += placeholder_for_field(fields[index], table.column(index).value_at(row), english);
      found = true;
      break;
    }
    for (std::size_t slot = 0; !found && slot < ruleset.variables.size(); ++slot) {
      if (ruleset.variables[slot] != name || slot >= context.variables.size()) continue;
      out += context.variables[slot].to_string();
      found = true;
    }
    if (!found) out += "{" + part.text + "}";
  }
  return out;
}

std::vector<std::size_t> placeholder_fields(const Schema& schema,
                                            const std::vector<detail::MessagePart>& zh,
                                            const std::vector<detail::MessagePart>& en) {
  std::vector<std::size_t> fields;
  for (const auto* parts : {&zh, &en}) {
    for (const detail::MessagePart& part : *parts) {
      if (!part.placeholder) continue;
      for (std::size_t index = 0; index < schema.fields.size(); ++index) {
        if (schema.fields[index].name != part.text) continue;
        if (std::find(fields.begin(), fields.end(), index) == fields.end()) {
          fields.push_back(index);
        }
      }
    }
  }
  return fields;
}

std::string describe_error(const expr::EvalResult& result,
                           const std::vector<std::size_t>& fields_read, const Table& table,
                           std::size_t row, const Schema& schema) {
  if (result.error == expr::EvalErrorKind::MissingField) {
    // The expression layer names the field it could not read; say it the way the roster
    // does, by its column label. Fall back to the only null field read, if there is one.
    const FieldSpec* only_null = nullptr;
    int null_count = 0;
    for (const std::size_t field : fields_read) {
      if (field >= table.num_columns() || !table.column(field).is_null(row)) continue;
      const FieldSpec& spec = schema.fields.at(field);
      if (mentions(result.error_message, spec.name)) return field_title(spec) + " is missing";
      only_null = &spec;
      ++null_count;
    }
    const bool about_reference = mentions(result.error_message, "refs");
    if (null_count == 1 && !about_reference) return field_title(*only_null) + " is missing";
  }
  if (!result.error_message.empty()) return result.error_message;
  return std::string(error_kind_text(result.error));
}

void read_references(const detail::CompiledRule& rule, const Table& table, std::size_t row,
                     const EvalContext& context, std::vector<ValueRead>& out) {
  const expr::Activation activation = context.activation();
  for (const expr::ReferenceRead& read : rule.references_read) {
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const ValueRead& v) { return v.name == read.text; });
    if (seen || !read.key) continue;
    const expr::ReferenceIndex* index = context.references.at(read.reference);
    if (index == nullptr) continue;
    const expr::EvalResult key = read.key->evaluate(&table, row, activation);
    if (!key.ok()) continue;  // the key's own problem is what the violation explains
    const std::string text = expr::reference_key_text(key.value, index->upper_case_key());
    const std::size_t found = text.empty() ? expr::ReferenceIndex::kNone : index->find(text);
    const bool single =
        found != expr::ReferenceIndex::kNone && index->next(found) == expr::ReferenceIndex::kNone;
    ValueRead value;
    value.name = read.text;
    if (read.field == expr::ReferenceRead::kNoField) {
      value.value = found != expr::ReferenceIndex::kNone ? "true" : "false";
      out.push_back(std::move(value));
      continue;
    }
    const ReferenceInfo& reference = context.ruleset->references.at(read.reference);
    value.personal = reference.schema.fields.at(read.field).personal;
    const std::size_t column = index->column(read.field);
    if (!single || column == expr::ReferenceIndex::kNone ||
        index->table().column(column).is_null(found)) {
      value.missing = true;
      value.value = "null";
    } else {
      value.value = index->table().column(column).value_at(found).to_string();
    }
    out.push_back(std::move(value));
  }
}

}  // namespace fundrules::engine
