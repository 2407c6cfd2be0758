// Fuzzes the ruleset loader with YAML text. Checked, besides "no crash": the only exception is
// RulesetError, carrying at least one error, each naming the file and a line inside the text;
// a ruleset that loads has every declared rule compiled, and its digest is that of the bytes.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sha256.hpp"
#include "fundrules/error.hpp"
#include "fundrules/ruleset.hpp"
#include "fuzz_support.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace {

using namespace fundrules;
using fuzz::require;

const std::string kName = "fuzz.yaml";

void check_problems(const RulesetError& error, std::string_view text) {
  const auto& diagnostics = error.diagnostics();
  require(!diagnostics.empty(), "RulesetError without diagnostics", text);
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  bool any_error = false;
  for (const Diagnostic& diagnostic : diagnostics) {
    any_error = any_error || diagnostic.severity == "error";
    require(!diagnostic.message.empty(), "a diagnostic without a message", text);
    require(diagnostic.where.file == kName, "a diagnostic that does not name the file", text);
    require(diagnostic.where.line >= 0 && diagnostic.where.line <= lines + 1,
            "a diagnostic's line is outside the text", text);
    require(diagnostic.where.column >= 0, "a diagnostic's column is negative", text);
  }
  require(any_error, "RulesetError whose diagnostics are all warnings", text);
}

void check_loaded(const Ruleset& ruleset, std::string_view text) {
  const detail::RulesetImpl& impl = ruleset.impl();
  require(ruleset.rules().size() == impl.rules.size(), "a declared rule was not compiled", text);
  for (const auto& rule : impl.rules) {
    require(rule.check != nullptr, "a rule without a compiled check", text);
    for (const std::size_t field : rule.fields_read) {
      require(field < impl.schema.fields.size(), "a rule reads a field past the schema", text);
    }
    for (const std::size_t param : rule.params_read) {
      require(param < impl.params.size(), "a rule reads a parameter that is not declared", text);
    }
  }
  require(ruleset.sha256() == sha256_hex(text), "sha256() is not the digest of the text", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_loaded(Ruleset::load_string(text, kName), text);
  } catch (const RulesetError& error) {
    check_problems(error, text);
  } catch (const std::exception& e) {
    fuzz::fail(e.what(), text);
  }
  return 0;
}
