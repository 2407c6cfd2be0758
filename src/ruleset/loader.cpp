// The top of a ruleset file: format version, identity, basis documents, then the sections
// that need the others (fields, params, rules), with every problem collected before throwing.

#include "ruleset/loader.hpp"

#include <algorithm>

#include "core/sha256.hpp"

namespace fundrules::detail {

namespace {

constexpr int kFormatVersion = 1;

const std::vector<std::string> kTopKeys = {
    "fundrules", "id",    "title",   "description", "jurisdiction", "as_of",     "basis", "fields",
    "params",    "rules", "extends", "references",  "disable",      "summaries", "forms"};
const std::vector<std::string> kTitleKeys = {"zh", "en"};
const std::vector<std::string> kBasisKeys = {"id", "title", "issuer", "reference", "clauses"};

bool is_ruleset_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

// Returns false when the file is of a format this version cannot read at all.
bool check_format_version(const YAML::Node& root, LoadContext& ctx) {
  const auto version = root["fundrules"];
  if (!version) {
    ctx.diags.error(root.Mark(),
                    "the file does not say which format it is written in; start "
                    "it with 'fundrules: 1'");
    return true;
  }
  const auto text = scalar_text(version, "fundrules", ctx.diags);
  if (!text) return false;
  if (*text != std::to_string(kFormatVersion)) {
    ctx.diags.error(version.Mark(), "ruleset format 'fundrules: " + *text +
                                        "' is not supported; this version reads format " +
                                        std::to_string(kFormatVersion));
    return false;
  }
  return true;
}

void load_identity(const YAML::Node& root, LoadContext& ctx) {
  if (const auto id = root["id"]) {
    ctx.impl.id = scalar_text(id, "id", ctx.diags).value_or("");
    if (!ctx.impl.id.empty() && !is_ruleset_id(ctx.impl.id)) {
      ctx.diags.error(id.Mark(), "ruleset id '" + ctx.impl.id +
                                     "' may use only letters, digits, '_', '.' and '-'");
    }
  } else {
    ctx.diags.error(root.Mark(), "the ruleset has no id");
  }
  if (const auto title = root["title"]) {
    if (title.IsScalar()) {
      ctx.impl.title_zh = title.Scalar();
    } else if (check_mapping(title, "title", kTitleKeys, ctx.diags)) {
      if (title["zh"])
        ctx.impl.title_zh = scalar_text(title["zh"], "title.zh", ctx.diags).value_or("");
      if (title["en"])
        ctx.impl.title_en = scalar_text(title["en"], "title.en", ctx.diags).value_or("");
    }
  } else {
    ctx.diags.error(root.Mark(), "the ruleset has no title");
  }
  if (const auto description = root["description"])
    scalar_text(description, "description", ctx.diags);
  if (const auto jurisdiction = root["jurisdiction"]) {
    ctx.impl.jurisdiction = scalar_text(jurisdiction, "jurisdiction", ctx.diags).value_or("");
  }
  if (const auto as_of = root["as_of"]) {
    if (auto text = scalar_text(as_of, "as_of", ctx.diags)) {
      std::string error;
      ctx.impl.default_as_of = Date::try_parse(*text, &error);
      if (!ctx.impl.default_as_of) {
        ctx.diags.error(as_of.Mark(), "as_of '" + *text + "' is not a valid date (" + error + ")");
      }
    }
  }
}

}  // namespace

void load_basis(const YAML::Node& node, LoadContext& ctx) {
  if (!node.IsSequence()) {
    ctx.diags.error(node.Mark(), "basis must be a list of documents, each starting with '- id:'");
    return;
  }
  if (node.size() > ctx.limits.max_basis) {
    ctx.diags.error(node.Mark(), "basis lists " + std::to_string(node.size()) +
                                     " documents; at most " + std::to_string(ctx.limits.max_basis) +
                                     " are allowed");
    return;
  }
  std::vector<std::string> clause_ids;
  for (const auto& entry : node) {
    if (!check_mapping(entry, "a basis document", kBasisKeys, ctx.diags)) continue;
    BasisDocument document;
    const auto text = [&](const char* key, std::string& out, bool required) {
      if (const auto value = entry[key]) {
        out = scalar_text(value, std::string("basis ") + key, ctx.diags).value_or("");
      } else if (required) {
        ctx.diags.error(entry.Mark(), std::string("a basis document has no ") + key);
      }
    };
    text("id", document.id, true);
    text("title", document.title, true);
    text("issuer", document.issuer, false);
    text("reference", document.reference, false);
    if (const auto clauses = entry["clauses"]) {
      if (!clauses.IsMap()) {
        ctx.diags.error(clauses.Mark(),
                        "clauses must be a mapping of clause ids to their text, "
                        "e.g. \"二(二)\": 慰问标准 ...");
      } else if (clauses.size() > ctx.limits.max_basis) {
        ctx.diags.error(clauses.Mark(), "a basis document lists more than " +
                                            std::to_string(ctx.limits.max_basis) + " clauses");
      } else {
        for (const auto& clause : clauses) {
          if (!clause.first.IsScalar()) {
            ctx.diags.error(clause.first.Mark(), "clause ids must be plain text");
            continue;
          }
          const std::string& id = clause.first.Scalar();
          if (std::find(clause_ids.begin(), clause_ids.end(), id) != clause_ids.end()) {
            ctx.diags.error(clause.first.Mark(), "clause '" + id + "' is listed twice");
            continue;
          }
          clause_ids.push_back(id);
          document.clauses.push_back(
              BasisClause{id, scalar_text(clause.second, "clause " + id, ctx.diags).value_or("")});
        }
      }
    }
    ctx.impl.basis.push_back(std::move(document));
  }
}

namespace {

// Reads every section into ctx.impl; returns early only when the file cannot be a ruleset.
void load_sections(const YAML::Node& root, LoadContext& ctx) {
  if (!root.IsMap()) {
    ctx.diags.error(root.Mark(), "a ruleset is a mapping that starts with 'fundrules: 1'");
    return;
  }
  check_mapping(root, "the ruleset", kTopKeys, ctx.diags);
  if (!check_format_version(root, ctx)) return;
  // The base first: this file's rules may read its fields and parameters.
  if (const auto extends = root["extends"]) {
    if (!load_base(extends, ctx)) return;
  }
  const bool extending = !ctx.base_id.empty();
  load_identity(root, ctx);
  if (const auto basis = root["basis"]) load_basis(basis, ctx);
  if (const auto fields = root["fields"]) {
    load_fields(fields, ctx);
  } else if (!extending) {
    ctx.diags.error(root.Mark(), "the ruleset declares no fields");
  }
  if (const auto params = root["params"]) load_params(params, ctx);
  if (const auto references = root["references"]) load_references(references, ctx);
  if (const auto rules = root["rules"]) {
    load_rules(rules, ctx);
  } else if (!extending) {
    ctx.diags.error(root.Mark(), "the ruleset declares no rules");
  } else {
    load_rules(YAML::Node(YAML::NodeType::Sequence), ctx);  // still warns of unused overrides
  }
  if (const auto disable = root["disable"]) load_disable(disable, ctx);
  if (const auto summaries = root["summaries"]) load_summaries(summaries, ctx);
  if (const auto forms = root["forms"]) load_forms(forms, ctx);
}

}  // namespace

std::shared_ptr<RulesetImpl> load_ruleset(std::string_view bytes, const std::string& file_name,
                                          const RulesetLimits& limits,
                                          const std::vector<std::string>& search_path,
                                          const std::vector<std::string>& chain) {
  const SourceText source(file_name, bytes);
  Diagnostics diags(source, limits.max_diagnostics);
  if (bytes.size() > limits.max_file_bytes) {
    diags.error(SourceLocation{file_name, 0, 0}, "the file is " + std::to_string(bytes.size()) +
                                                     " bytes; a ruleset may be at most " +
                                                     std::to_string(limits.max_file_bytes) +
                                                     " bytes");
    diags.throw_if_errors();
  }
  screen_yaml(source, limits.max_depth, diags);
  diags.throw_if_errors();

  YAML::Node root;
  try {
    root = YAML::Load(std::string(source.text()));
  } catch (const YAML::Exception& e) {
    diags.error(e.mark, "YAML syntax: " + e.msg);
    diags.throw_if_errors();
  }

  auto impl = std::make_shared<RulesetImpl>();
  impl->source_file = file_name;
  impl->variables = {"today"};
  LoadContext ctx{source, diags, limits, *impl, {}, search_path, chain, {}};
  try {
    load_sections(root, ctx);
  } catch (const YAML::Exception& e) {
    // The loader checks a node's kind before reading it; this is a last line of defence so
    // that a case it missed still reports a place rather than escaping as another exception.
    diags.error(e.mark, "cannot read this part of the ruleset: " + e.msg);
  }
  diags.throw_if_errors();
  // A ruleset that extends another is identified by both: the digest of the base's digest
  // followed by this file's, so it changes when any file of the chain does.
  const std::string own = sha256_hex(bytes);
  impl->sha256 = ctx.base_id.empty() ? own : sha256_hex(impl->sha256 + own);
  impl->warnings.insert(impl->warnings.end(), diags.warnings().begin(), diags.warnings().end());
  return impl;
}

}  // namespace fundrules::detail
