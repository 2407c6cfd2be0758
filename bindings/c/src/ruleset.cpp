// Loading rulesets and reading what they declare.

#include <string_view>

#include "fundrules/version.hpp"
#include "handles.hpp"

namespace {

using fundrules::capi::guarded;
using fundrules::capi::invalid_argument;

fr_ruleset* wrap(fundrules::Ruleset ruleset) {
  auto handle = std::make_unique<fr_ruleset>(fr_ruleset{std::move(ruleset), {}});
  for (const auto& field : handle->ruleset.schema().fields) {
    handle->field_types.emplace_back(fundrules::type_name(field.type));
  }
  return handle.release();
}

}  // namespace

extern "C" {

FR_API const char* fr_version(void) { return FUNDRULES_VERSION_STRING; }

FR_API fr_status fr_ruleset_load_file(const char* path, fr_ruleset** out) {
  return guarded(nullptr, [&] {
    if (path == nullptr) {
      return invalid_argument("path");
    }
    if (out == nullptr) {
      return invalid_argument("out");
    }
    *out = wrap(fundrules::Ruleset::load_file(path));
    return FR_OK;
  });
}

FR_API fr_status fr_ruleset_load_string(const char* yaml, size_t length, const char* name,
                                        fr_ruleset** out) {
  return guarded(nullptr, [&] {
    if (yaml == nullptr && length > 0) {
      return invalid_argument("yaml");
    }
    if (out == nullptr) {
      return invalid_argument("out");
    }
    const std::string_view text = yaml != nullptr ? std::string_view(yaml, length) : "";
    *out = wrap(fundrules::Ruleset::load_string(text, name != nullptr ? name : "<string>"));
    return FR_OK;
  });
}

FR_API void fr_ruleset_free(fr_ruleset* ruleset) { delete ruleset; }

FR_API const char* fr_ruleset_id(const fr_ruleset* ruleset) {
  return ruleset != nullptr ? ruleset->ruleset.id().c_str() : nullptr;
}

FR_API const char* fr_ruleset_title(const fr_ruleset* ruleset, const char* language) {
  if (ruleset == nullptr) {
    return nullptr;
  }
  return ruleset->ruleset.title(language != nullptr ? language : "zh").c_str();
}

FR_API const char* fr_ruleset_sha256(const fr_ruleset* ruleset) {
  return ruleset != nullptr ? ruleset->ruleset.sha256().c_str() : nullptr;
}

FR_API size_t fr_ruleset_field_count(const fr_ruleset* ruleset) {
  return ruleset != nullptr ? ruleset->ruleset.schema().fields.size() : 0;
}

FR_API const char* fr_ruleset_field_name(const fr_ruleset* ruleset, size_t index) {
  if (ruleset == nullptr || index >= ruleset->ruleset.schema().fields.size()) {
    return nullptr;
  }
  return ruleset->ruleset.schema().fields[index].name.c_str();
}

FR_API const char* fr_ruleset_field_type(const fr_ruleset* ruleset, size_t index) {
  if (ruleset == nullptr || index >= ruleset->field_types.size()) {
    return nullptr;
  }
  return ruleset->field_types[index].c_str();
}

FR_API size_t fr_ruleset_rule_count(const fr_ruleset* ruleset) {
  return ruleset != nullptr ? ruleset->ruleset.rules().size() : 0;
}

FR_API const char* fr_ruleset_rule_id(const fr_ruleset* ruleset, size_t index) {
  if (ruleset == nullptr || index >= ruleset->ruleset.rules().size()) {
    return nullptr;
  }
  return ruleset->ruleset.rules()[index].id.c_str();
}

}  // extern "C"
