#pragma once

// Reading a YAML tree for the ruleset loader: every problem is collected with its location
// (not thrown at the first), unknown keys are reported with the nearest known key, and the
// document is screened for what a ruleset must not contain before it is turned into nodes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "fundrules/error.hpp"
#include "ruleset/source_text.hpp"

namespace fundrules::detail {

/// Bounds on what a ruleset may declare, so that a hostile or broken file fails quickly with a
/// clear message instead of exhausting memory or time.
struct RulesetLimits {
  std::size_t max_file_bytes = std::size_t{1} << 20;  ///< 1 MiB
  std::size_t max_depth = 16;                         ///< nesting of YAML mappings and sequences
  std::size_t max_fields = 256;
  std::size_t max_params = 512;
  std::size_t max_rules = 2048;
  std::size_t max_history = 64;  ///< versions of one parameter
  std::size_t max_enum_values = 512;
  std::size_t max_aliases = 64;  ///< aliases of one field or enum value
  std::size_t max_basis = 64;    ///< basis documents, and clauses per document
  std::size_t max_message_bytes = 2048;
  std::size_t max_diagnostics = 200;  ///< problems reported before giving up
};

/// The problems found while loading, in the order found.
class Diagnostics {
 public:
  Diagnostics(const SourceText& source, std::size_t max_errors)
      : source_(source), max_errors_(max_errors) {}

  void error(SourceLocation where, std::string message);
  void error(const YAML::Mark& mark, std::string message) {
    error(source_.at(mark), std::move(message));
  }
  void warning(SourceLocation where, std::string message);
  void warning(const YAML::Mark& mark, std::string message) {
    warning(source_.at(mark), std::move(message));
  }

  [[nodiscard]] bool has_errors() const noexcept { return !errors_.empty(); }
  [[nodiscard]] std::size_t error_count() const noexcept { return errors_.size(); }
  /// Throws RulesetError with every error found, if there is one.
  void throw_if_errors() const;
  [[nodiscard]] const std::vector<Diagnostic>& warnings() const noexcept { return warnings_; }
  [[nodiscard]] const SourceText& source() const noexcept { return source_; }

 private:
  const SourceText& source_;
  std::size_t max_errors_;
  std::vector<Diagnostic> errors_;
  std::vector<Diagnostic> warnings_;
};

/// Edit distance between two names, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
/// " (did you mean 'x'?)" for the candidate nearest to `name`, or "" when none is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

/// Screens the YAML text before it becomes a tree: exactly one document, no anchors, aliases or
/// tags, nesting within `max_depth`, and YAML syntax errors. Reports into `diags`; `kind` names
/// the file in the messages ("ruleset", "tests file").
void screen_yaml(const SourceText& source, std::size_t max_depth, Diagnostics& diags,
                 std::string_view kind = "ruleset");

/// The text parsed into a tree in one pass, when that tree is what screen_yaml() would pass
/// without a word: the text has nothing screen_yaml() looks for (anchors, aliases, tags,
/// document markers or directives, found by a cheap scan that errs towards "maybe"), it parses,
/// it is not empty, and its nesting is within `max_depth`. Otherwise nullopt, and the caller
/// screens and parses as before, so every problem is still reported the same way.
std::optional<YAML::Node> load_if_clean(const SourceText& source, std::size_t max_depth);

/// A mapping's entries, with the checks every ruleset mapping gets: it is a mapping, no key is
/// repeated, and every key is one of `allowed` (unknown keys are reported with the nearest
/// allowed one). Returns false if `node` is not a mapping.
bool check_mapping(const YAML::Node& node, std::string_view what,
                   const std::vector<std::string>& allowed, Diagnostics& diags);

/// The text of a scalar node; reports and returns nullopt for a mapping, sequence or null.
std::optional<std::string> scalar_text(const YAML::Node& node, std::string_view what,
                                       Diagnostics& diags);
/// True if the scalar was quoted (or a block scalar) rather than plain.
bool is_quoted_scalar(const YAML::Node& node);
/// A `true` / `false` scalar.
std::optional<bool> scalar_bool(const YAML::Node& node, std::string_view what, Diagnostics& diags);
/// A list of strings; a single scalar is accepted as a list of one.
std::vector<std::string> string_list(const YAML::Node& node, std::string_view what,
                                     std::size_t max_items, Diagnostics& diags);

/// True for names usable in expressions: a lower-case letter or '_', then letters, digits, '_'.
bool is_identifier(std::string_view name);

}  // namespace fundrules::detail
