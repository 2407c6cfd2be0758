// `params:` — the figures a document sets (caps, minimums, dates), each a single value or a
// history of values with the dates they took effect, so that one ruleset checks lists from
// before and after a change.

#include <algorithm>
#include <charconv>

#include "ruleset/loader.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kParamKeys = {"type", "value", "history", "description"};
const std::vector<std::string> kVersionKeys = {"value", "from"};
const std::vector<std::string> kParamTypeNames = {"string", "int",  "decimal",
                                                  "money",  "date", "bool"};

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t out = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return out;
}

bool looks_like_int(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What a plain scalar is when the parameter declares no type.
DeclaredType infer_type(const YAML::Node& node) {
  if (is_quoted_scalar(node)) return DeclaredType::String;
  const std::string& text = node.Scalar();
  if (text == "true" || text == "false") return DeclaredType::Bool;
  if (looks_like_int(text)) return DeclaredType::Int;
  if (Decimal::try_parse(text)) return DeclaredType::Decimal;
  if (Date::try_parse(text)) return DeclaredType::Date;
  if (Decimal::try_parse_money(text)) return DeclaredType::Money;
  return DeclaredType::String;
}

std::string declared_name(DeclaredType type) {
  switch (type) {
    case DeclaredType::Bool:
      return "bool";
    case DeclaredType::Int:
      return "int";
    case DeclaredType::Decimal:
      return "decimal";
    case DeclaredType::Money:
      return "money";
    case DeclaredType::Date:
      return "date";
    case DeclaredType::Enum:
      return "enum";
    case DeclaredType::String:
      break;
  }
  return "string";
}

// The value of `node` read as `type`, or nullopt after reporting why it cannot be.
std::optional<Value> read_value(const YAML::Node& node, DeclaredType type, const std::string& what,
                                LoadContext& ctx) {
  const auto text = scalar_text(node, what, ctx.diags);
  if (!text) return std::nullopt;
  std::string error;
  switch (type) {
    case DeclaredType::Bool:
      if (*text == "true") return Value(true);
      if (*text == "false") return Value(false);
      error = "expected true or false";
      break;
    case DeclaredType::Int:
      if (auto v = parse_int(*text)) return Value(*v);
      error = looks_like_int(*text) ? "out of the range of a 64-bit integer"
                                    : "expected a whole number";
      break;
    case DeclaredType::Decimal:
      if (auto v = Decimal::try_parse(*text, &error)) return Value(*v);
      break;
    case DeclaredType::Money:
      if (auto v = Decimal::try_parse_money(*text, &error)) return Value(*v);
      break;
    case DeclaredType::Date:
      if (auto v = Date::try_parse(*text, &error)) return Value(*v);
      break;
    case DeclaredType::String:
      return Value(*text);
    case DeclaredType::Enum:
      error = "a parameter cannot be an enum";
      break;
  }
  ctx.diags.error(node.Mark(), what + ": '" + *text + "' is not a valid " + declared_name(type) +
                                   (error.empty() ? "" : " (" + error + ")"));
  return std::nullopt;
}

// Widens inferred types so that `cap: 500` then `cap: 612.50` is one decimal parameter.
std::optional<DeclaredType> unify(DeclaredType a, DeclaredType b) {
  if (a == b) return a;
  const auto numeric = [](DeclaredType t) {
    return t == DeclaredType::Int || t == DeclaredType::Decimal || t == DeclaredType::Money;
  };
  if (numeric(a) && numeric(b)) {
    return a == DeclaredType::Money || b == DeclaredType::Money ? DeclaredType::Money
                                                                : DeclaredType::Decimal;
  }
  return std::nullopt;
}

// How a new value for a base ruleset's parameter is read: as the type the base gave it.
std::optional<DeclaredType> base_type(ValueType type) {
  switch (type) {
    case ValueType::Bool:
      return DeclaredType::Bool;
    case ValueType::Int:
      return DeclaredType::Int;
    case ValueType::Decimal:
      return DeclaredType::Money;  // accepts plain decimals too
    case ValueType::Date:
      return DeclaredType::Date;
    case ValueType::String:
      return DeclaredType::String;
    default:
      return std::nullopt;
  }
}

struct RawVersion {
  YAML::Node value;
  std::optional<Date> from;
  YAML::Node from_node;
};

// Reads a list of {value, from} entries into `raw`; false when the list itself is unusable.
bool read_history(const YAML::Node& history, const std::string& what, LoadContext& ctx,
                  std::vector<RawVersion>& raw) {
  if (!history.IsSequence() || history.size() == 0) {
    ctx.diags.error(history.Mark(), what + ": history must be a list of {value, from} entries");
    return false;
  }
  if (history.size() > ctx.limits.max_history) {
    ctx.diags.error(history.Mark(), what + ": history has " + std::to_string(history.size()) +
                                        " entries; at most " +
                                        std::to_string(ctx.limits.max_history) + " are allowed");
    return false;
  }
  for (const auto& entry : history) {
    if (!check_mapping(entry, what + " history entry", kVersionKeys, ctx.diags)) continue;
    RawVersion version{entry["value"], std::nullopt, entry["from"]};
    if (!version.value) {
      ctx.diags.error(entry.Mark(), what + " history entry has no value");
      continue;
    }
    if (version.from_node) {
      const auto text = scalar_text(version.from_node, what + ": from", ctx.diags);
      if (!text) continue;
      std::string error;
      version.from = Date::try_parse(*text, &error);
      if (!version.from) {
        ctx.diags.error(version.from_node.Mark(),
                        what + ": from '" + *text + "' is not a valid date (" + error + ")");
        continue;
      }
    }
    raw.push_back(std::move(version));
  }
  return true;
}

// A history set again replaces the base's whole history: when it starts later than the base's,
// the dates in between lose the value they had.
void warn_of_gap(const ParamInfo& param, const ParamInfo* base, LoadContext& ctx) {
  if (base == nullptr || base->history.empty() || param.history.empty()) return;
  const auto& ours = param.history.front().effective_from;
  const auto& theirs = base->history.front().effective_from;
  if (!ours || (theirs && !(*theirs < *ours))) return;
  ctx.diags.warning(
      param.history.front().where,
      "parameter '" + param.name + "': the base ruleset '" + base->origin + "' gives it a value " +
          (theirs ? "from " + theirs->to_string() : std::string("from the beginning")) +
          ", but this history starts at " + ours->to_string() + ", so before that it has none");
}

// A parameter that cannot be read is still returned, with type Null, so that rules using it
// are compiled without a second, misleading "unknown parameter" error.
// `base` is the parameter of the same name that a base ruleset declared, if any: its new
// value is read as the same type, and its description stays unless a new one is given.
ParamInfo load_param(const YAML::Node& key, const YAML::Node& node, LoadContext& ctx,
                     const ParamInfo* base) {
  ParamInfo param;
  param.name = key.Scalar();
  param.origin = ctx.impl.id;
  const std::string what = "parameter '" + param.name + "'";
  if (!is_identifier(param.name)) {
    ctx.diags.error(key.Mark(), "parameter name '" + param.name +
                                    "' must be a plain name (letters, digits, '_')");
  }

  std::optional<DeclaredType> declared;
  if (base != nullptr) {
    param.description = base->description;
    declared = base_type(base->type);
  }
  std::vector<RawVersion> raw;
  if (node.IsScalar()) {
    raw.push_back(RawVersion{node, std::nullopt, YAML::Node()});
  } else if (node.IsSequence()) {
    if (!read_history(node, what, ctx, raw)) return param;
  } else if (check_mapping(node, what, kParamKeys, ctx.diags)) {
    if (const auto type_node = node["type"]) {
      if (auto text = scalar_text(type_node, what + ": type", ctx.diags)) {
        declared = parse_declared_type(*text);
        if (!declared || *declared == DeclaredType::Enum) {
          declared.reset();
          ctx.diags.error(type_node.Mark(), "unknown type '" + *text + "' for " + what +
                                                "; use one of string, int, decimal, money, "
                                                "date, bool" +
                                                did_you_mean(*text, kParamTypeNames));
          return param;
        }
        if (base != nullptr && base->type != ValueType::Null &&
            stored_type(*declared) != base->type) {
          ctx.diags.error(type_node.Mark(), what + " is a " + std::string(type_name(base->type)) +
                                                " in the base ruleset '" + base->origin +
                                                "'; it cannot become a " + *text);
          return param;
        }
      }
    }
    if (const auto description = node["description"]) {
      param.description = scalar_text(description, what + ": description", ctx.diags).value_or("");
    }
    const auto value = node["value"];
    const auto history = node["history"];
    if (value && history) {
      ctx.diags.error(history.Mark(), what + " has both value and history; give one");
      return param;
    }
    if (value) {
      raw.push_back(RawVersion{value, std::nullopt, YAML::Node()});
    } else if (!history) {
      ctx.diags.error(node.Mark(), what + " has no value (give value: or history:)");
      return param;
    } else if (!read_history(history, what, ctx, raw)) {
      return param;
    }
  } else {
    return param;
  }

  // The type: declared, else what every version's text agrees on.
  DeclaredType type = DeclaredType::String;
  if (declared) {
    type = *declared;
  } else if (!raw.empty()) {
    bool first = true;
    for (const auto& version : raw) {
      if (!version.value.IsScalar()) continue;
      const DeclaredType inferred = infer_type(version.value);
      if (first) {
        type = inferred;
        first = false;
      } else if (auto joined = unify(type, inferred)) {
        type = *joined;
      } else {
        ctx.diags.error(version.value.Mark(), what + ": this value reads as " +
                                                  declared_name(inferred) +
                                                  " but an earlier one as " + declared_name(type) +
                                                  "; declare the type (type: ...)");
        return param;
      }
    }
  }
  const ValueType resolved = stored_type(type);

  std::vector<const YAML::Node*> from_nodes;
  for (const auto& version : raw) {
    auto value = read_value(version.value, type, what, ctx);
    if (!value) continue;
    if (type == DeclaredType::Decimal || type == DeclaredType::Money) {
      if (value->type() == ValueType::Int) value = Value(Decimal(value->as_int()));
    }
    param.history.push_back(
        ParamVersion{std::move(*value), version.from, ctx.source.at(version.value.Mark())});
    from_nodes.push_back(&version.from_node);
  }

  // One version per date, and at most one that holds "from the beginning".
  for (std::size_t i = 0; i < param.history.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (param.history[i].effective_from == param.history[j].effective_from) {
        const YAML::Node& at = *from_nodes[i];
        const std::string when = param.history[i].effective_from
                                     ? "from " + param.history[i].effective_from->to_string()
                                     : "without a from: date";
        ctx.diags.error(at ? at.Mark() : node.Mark(),
                        what + " has two values " + when + "; each date may appear once");
        break;
      }
    }
  }
  if (!param.history.empty()) param.type = resolved;
  std::stable_sort(param.history.begin(), param.history.end(),
                   [](const ParamVersion& a, const ParamVersion& b) {
                     if (!a.effective_from) return b.effective_from.has_value();
                     return b.effective_from && *a.effective_from < *b.effective_from;
                   });
  warn_of_gap(param, base, ctx);
  return param;
}

}  // namespace

void load_params(const YAML::Node& node, LoadContext& ctx) {
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    ctx.diags.error(node.Mark(), "params must be a mapping of parameter names to values");
    return;
  }
  const std::size_t inherited = ctx.impl.params.size();  // from the base ruleset
  if (inherited + node.size() > ctx.limits.max_params) {
    ctx.diags.error(node.Mark(), "the ruleset declares " + std::to_string(inherited + node.size()) +
                                     " parameters; at most " +
                                     std::to_string(ctx.limits.max_params) + " are allowed");
    return;
  }
  std::vector<std::string> names;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      ctx.diags.error(entry.first.Mark(), "parameter names must be plain names");
      continue;
    }
    const std::string& name = entry.first.Scalar();
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      ctx.diags.error(entry.first.Mark(), "parameter '" + name + "' is declared twice");
      continue;
    }
    names.push_back(name);
    // A base ruleset's parameter keeps its slot and takes this file's value.
    const auto base = std::find_if(ctx.impl.params.begin(), ctx.impl.params.begin() + inherited,
                                   [&](const ParamInfo& p) { return p.name == name; });
    if (base != ctx.impl.params.begin() + inherited) {
      *base = load_param(entry.first, entry.second, ctx, &*base);
    } else {
      ctx.impl.params.push_back(load_param(entry.first, entry.second, ctx, nullptr));
    }
  }
}

}  // namespace fundrules::detail
