#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fundrules/date.hpp"
#include "fundrules/error.hpp"
#include "fundrules/export.hpp"
#include "fundrules/schema.hpp"
#include "fundrules/value.hpp"

namespace fundrules {

namespace detail {
struct RulesetImpl;
}

/// How bad a failed rule is: an error makes the list fail; a warning is reported only.
enum class Severity : std::uint8_t { Error, Warning };
/// What a rule looks at: one row, a group of rows sharing a key, or the whole list.
enum class Scope : std::uint8_t { Record, Group, Batch };

FUNDRULES_API std::string_view to_string(Severity severity) noexcept;
FUNDRULES_API std::string_view to_string(Scope scope) noexcept;

/// One value of a parameter and the date from which it holds (none: from the beginning).
struct FUNDRULES_API ParamVersion {
  Value value;
  std::optional<Date> effective_from;
  SourceLocation where;
};

/// A named parameter of a ruleset (a cap, a minimum, a window's start), whose value may change
/// over time.
struct FUNDRULES_API ParamInfo {
  std::string name;
  ValueType type = ValueType::Null;
  std::string description;
  std::vector<ParamVersion> history;  ///< sorted by effective_from
  std::string origin;                 ///< id of the ruleset that set it

  /// The version in force on `as_of`, or nullptr if none is.
  [[nodiscard]] const ParamVersion* version_on(Date as_of) const noexcept;
};

/// A clause of a basis document that rules cite ("二(二)"), with its text for readers.
struct FUNDRULES_API BasisClause {
  std::string id;
  std::string text;
};

/// A document a ruleset rests on.
struct FUNDRULES_API BasisDocument {
  std::string id;
  std::string title;
  std::string issuer;
  std::string reference;             ///< file name or document number
  std::vector<BasisClause> clauses;  ///< the clauses rules cite, in document order
};

/// A rule as declared, for listing and explaining.
struct FUNDRULES_API RuleInfo {
  std::string id;
  Severity severity = Severity::Error;
  Scope scope = Scope::Record;
  std::string when;   ///< expression text; empty means every row
  std::string check;  ///< expression text
  std::string message_zh;
  std::string message_en;
  std::string clause;    ///< the clause of the basis it implements
  std::string origin;    ///< id of the ruleset that declared it
  SourceLocation where;  ///< where that ruleset declared it
  /// For a rule that says `override: true`: the id of the base ruleset whose rule of the same
  /// id it replaces; empty otherwise.
  std::string overrides;
  std::vector<std::string> group_by;    ///< for a group rule: the fields whose values make a group
  std::vector<std::string> references;  ///< the reference tables it reads (refs.<name>)
};

/// A reference table a ruleset declares under `references:`: another input that rows are
/// checked against (a register of workers on file, an earlier payment list). Rules read it as
/// `key in refs.<name>` and `refs.<name>[key].field`.
struct FUNDRULES_API ReferenceInfo {
  std::string name;
  std::string title_zh;
  std::string title_en;
  std::string key;        ///< the field its rows are looked up by
  bool optional = false;  ///< false: checking without it is an error; true: its rules are skipped
  Schema schema;          ///< its fields, read from its file the way a roster's are
  std::vector<std::string> rules;  ///< ids of the rules that read it
  std::string origin;              ///< id of the ruleset that declared it
  SourceLocation where;
  /// The title in "zh" or "en" (falls back to the other, then to the name).
  [[nodiscard]] const std::string& title(std::string_view language = "zh") const noexcept;
};

/// A rule of a base ruleset that an extending ruleset switched off (`disable:`), and why.
struct FUNDRULES_API DisabledRule {
  RuleInfo rule;            ///< as its own ruleset declared it
  std::string reason;       ///< the reason the extending ruleset gives
  std::string disabled_by;  ///< id of the ruleset that switched it off
  SourceLocation where;     ///< its entry under `disable:`
};

/// Options for loading a ruleset.
struct FUNDRULES_API LoadOptions {
  /// Directories searched for `extends:` targets after the including file's own directory.
  std::vector<std::string> search_path;
};

/// A loaded, type-checked and compiled ruleset. Immutable once loaded: copies share it, and any
/// number of threads may check data against one Ruleset at the same time.
class FUNDRULES_API Ruleset {
 public:
  /// Loads and compiles a YAML ruleset. Throws RulesetError carrying every problem found, each
  /// with file, line and column; DataError if the file cannot be read.
  static Ruleset load_file(const std::string& path, const LoadOptions& options = {});
  /// As load_file(), from YAML text; `name` stands for the file name in messages.
  static Ruleset load_string(std::string_view yaml, const std::string& name = "<string>",
                             const LoadOptions& options = {});

  [[nodiscard]] const std::string& id() const noexcept;
  /// The title in "zh" or "en" (falls back to the other if one is missing).
  [[nodiscard]] const std::string& title(std::string_view language = "zh") const noexcept;
  [[nodiscard]] const std::string& jurisdiction() const noexcept;
  [[nodiscard]] const std::string& source_file() const noexcept;
  /// SHA-256 (hex) of the ruleset file's bytes, and of those it extends, in order.
  [[nodiscard]] const std::string& sha256() const noexcept;

  [[nodiscard]] const Schema& schema() const noexcept;
  [[nodiscard]] const std::vector<ParamInfo>& params() const noexcept;
  /// The rules that run, those inherited through `extends:` included, in order.
  [[nodiscard]] const std::vector<RuleInfo>& rules() const noexcept;
  /// Base rules switched off along the `extends:` chain; they do not run.
  [[nodiscard]] const std::vector<DisabledRule>& disabled_rules() const noexcept;
  [[nodiscard]] const std::vector<BasisDocument>& basis() const noexcept;
  /// The reference tables it declares, in declaration order (a base ruleset's first).
  [[nodiscard]] const std::vector<ReferenceInfo>& references() const noexcept;
  /// The reference table named `name`, or nullptr.
  [[nodiscard]] const ReferenceInfo* reference(std::string_view name) const noexcept;
  /// Non-fatal findings made while loading.
  [[nodiscard]] const std::vector<Diagnostic>& warnings() const noexcept;

  /// The compiled form, for the engine.
  [[nodiscard]] const detail::RulesetImpl& impl() const noexcept { return *impl_; }
  explicit Ruleset(std::shared_ptr<const detail::RulesetImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const detail::RulesetImpl> impl_;
};

}  // namespace fundrules
