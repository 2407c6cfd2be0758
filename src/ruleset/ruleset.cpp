#include "fundrules/ruleset.hpp"

#include <filesystem>

#include "ruleset/loader.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace fundrules {

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
  }
  return "error";
}

std::string_view to_string(Scope scope) noexcept {
  switch (scope) {
    case Scope::Record:
      return "record";
    case Scope::Group:
      return "group";
    case Scope::Batch:
      return "batch";
  }
  return "record";
}

const ParamVersion* ParamInfo::version_on(Date as_of) const noexcept {
  // history is sorted by effective_from, a version without a date first.
  const ParamVersion* in_force = nullptr;
  for (const auto& version : history) {
    if (version.effective_from && *version.effective_from > as_of) break;
    in_force = &version;
  }
  return in_force;
}

Ruleset Ruleset::load_file(const std::string& path, const LoadOptions& options) {
  const detail::RulesetLimits limits;
  const std::string bytes = detail::read_ruleset_file(path, limits);
  std::error_code ec;
  const std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  return Ruleset(detail::load_ruleset(bytes, path, limits, options.search_path, {canonical}));
}

Ruleset Ruleset::load_string(std::string_view yaml, const std::string& name,
                             const LoadOptions& options) {
  return Ruleset(
      detail::load_ruleset(yaml, name, detail::RulesetLimits{}, options.search_path, {}));
}

const std::string& Ruleset::id() const noexcept { return impl_->id; }

const std::string& Ruleset::title(std::string_view language) const noexcept {
  const bool english = language == "en";
  const std::string& preferred = english ? impl_->title_en : impl_->title_zh;
  return preferred.empty() ? (english ? impl_->title_zh : impl_->title_en) : preferred;
}

const std::string& Ruleset::jurisdiction() const noexcept { return impl_->jurisdiction; }
const std::string& Ruleset::source_file() const noexcept { return impl_->source_file; }
const std::string& Ruleset::sha256() const noexcept { return impl_->sha256; }
const Schema& Ruleset::schema() const noexcept { return impl_->schema; }
const std::vector<ParamInfo>& Ruleset::params() const noexcept { return impl_->params; }
const std::vector<RuleInfo>& Ruleset::rules() const noexcept { return impl_->rule_infos; }
const std::vector<DisabledRule>& Ruleset::disabled_rules() const noexcept {
  return impl_->disabled;
}
const std::vector<BasisDocument>& Ruleset::basis() const noexcept { return impl_->basis; }
const std::vector<ReferenceInfo>& Ruleset::references() const noexcept { return impl_->references; }
const ReferenceInfo* Ruleset::reference(std::string_view name) const noexcept {
  for (const ReferenceInfo& reference : impl_->references) {
    if (reference.name == name) return &reference;
  }
  return nullptr;
}

const std::string& ReferenceInfo::title(std::string_view language) const noexcept {
  const std::string& wanted = language == "en" ? title_en : title_zh;
  const std::string& other = language == "en" ? title_zh : title_en;
  if (!wanted.empty()) return wanted;
  return other.empty() ? name : other;
}
const std::vector<Diagnostic>& Ruleset::warnings() const noexcept { return impl_->warnings; }

}  // namespace fundrules
