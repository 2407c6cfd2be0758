#pragma once

// The steps of loading a ruleset, one per top-level section. Each step reads its section of
// the YAML tree into the RulesetImpl being built and reports every problem into the shared
// Diagnostics; the loader throws only once all steps have run.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "ruleset/ruleset_impl.hpp"
#include "ruleset/source_text.hpp"
#include "ruleset/yaml_support.hpp"

namespace fundrules::detail {

/// What every step shares.
struct LoadContext {
  const SourceText& source;
  Diagnostics& diags;
  const RulesetLimits& limits;
  RulesetImpl& impl;
  /// Fields whose type could not be read: expressions see them as dynamic, so that one bad
  /// declaration does not also fail every rule that reads it.
  std::vector<std::string> untyped_fields;
  /// Where `extends:` targets are searched after the file's own directory.
  std::vector<std::string> search_path;
  /// Canonical paths of the files being loaded, outermost first, to refuse a cycle.
  std::vector<std::string> chain;
  /// The id of the ruleset this one extends; empty if none. What it declared is in impl
  /// before this file's sections are read.
  std::string base_id;
};

/// The declared type of a parameter or field, as written in YAML.
enum class DeclaredType { Bool, Int, Decimal, Money, String, Date, Enum };

/// Parses "bool", "int", ... into a DeclaredType; nullopt for an unknown name.
std::optional<DeclaredType> parse_declared_type(std::string_view name);
/// The ValueType a declared type is stored as (money and decimal are Decimal, enum is String).
ValueType stored_type(DeclaredType type);

/// `fields:`: fills impl.schema.
void load_fields(const YAML::Node& node, LoadContext& ctx);
/// `params:`: fills impl.params.
void load_params(const YAML::Node& node, LoadContext& ctx);
/// `basis:`: fills impl.basis.
void load_basis(const YAML::Node& node, LoadContext& ctx);
/// `references:`: fills impl.references; their fields are read as `fields:` are.
void load_references(const YAML::Node& node, LoadContext& ctx);
/// The fields of a mapping in `fields:` syntax, into `schema` (for a reference table).
/// `untyped` gets the names of fields whose type could not be read.
void load_field_map(const YAML::Node& node, const std::string& owner, LoadContext& ctx,
                    Schema& schema, std::vector<std::string>& untyped);
/// `rules:`: fills impl.rules and impl.rule_infos; needs the schema and params loaded.
void load_rules(const YAML::Node& node, LoadContext& ctx);

/// `disable:`: removes base rules from impl.rules into impl.disabled; needs the rules loaded.
void load_disable(const YAML::Node& node, LoadContext& ctx);
/// `summaries:`: fills impl.summaries; needs the schema and params loaded.
void load_summaries(const YAML::Node& node, LoadContext& ctx);

/// `forms:`: fills impl.forms and impl.form_infos; needs the schema, params and basis loaded.
void load_forms(const YAML::Node& node, LoadContext& ctx);

/// A `title:` or `label:` written as one string (Chinese) or as {zh, en}; a language left out
/// takes the other's text. Nothing is set when `node` is absent.
void load_label(const YAML::Node& node, const std::string& what, std::string& zh, std::string& en,
                LoadContext& ctx);
/// What expressions outside rules (summary columns, form fills) may name: the fields, the
/// parameters as params.<name>, and the variables.
expr::Environment expression_environment(const LoadContext& ctx);

/// `extends:`: loads the base ruleset into ctx.impl. False if it could not be loaded (its
/// problems are reported).
bool load_base(const YAML::Node& node, LoadContext& ctx);

/// The bytes of a ruleset file, at most limits.max_file_bytes + 1 of them (enough to tell that
/// it is too large). Throws DataError if it cannot be read.
std::string read_ruleset_file(const std::string& path, const RulesetLimits& limits);

/// Builds a RulesetImpl from YAML text. Throws RulesetError with every problem found.
/// `search_path` and `chain` serve `extends:` (see LoadContext).
std::shared_ptr<RulesetImpl> load_ruleset(std::string_view bytes, const std::string& file_name,
                                          const RulesetLimits& limits,
                                          const std::vector<std::string>& search_path = {},
                                          const std::vector<std::string>& chain = {});

}  // namespace fundrules::detail
