#pragma once

// Helpers for tests of ruleset load errors: the diagnostics a ruleset text gives, the one that
// mentions a phrase, and where a piece of text stands in the ruleset (to compare positions).

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "fundrules/error.hpp"
#include "fundrules/ruleset.hpp"

namespace load_check {

/// The diagnostics of a ruleset that must not load; fails the test when it loads.
inline std::vector<fundrules::Diagnostic> load_errors(const std::string& yaml,
                                                      const std::string& name) {
  try {
    fundrules::Ruleset::load_string(yaml, name);
  } catch (const fundrules::RulesetError& e) {
    return e.diagnostics();
  }
  FAIL("the ruleset loaded, but it should not have");
  return {};
}

/// The diagnostics, one per line, for a failure message.
inline std::string dump(const std::vector<fundrules::Diagnostic>& diags) {
  std::string all;
  for (const auto& d : diags) all += "\n  " + d.to_string();
  return all;
}

/// The diagnostic whose message contains `text`; fails the test when there is none.
inline fundrules::Diagnostic find_diag(const std::vector<fundrules::Diagnostic>& diags,
                                       const std::string& text) {
  for (const auto& d : diags) {
    if (d.message.find(text) != std::string::npos) return d;
  }
  FAIL("no diagnostic mentions '" << text << "'; got:" << dump(diags));
  return {};
}

/// 1-based line and column (counted in characters, as diagnostics count) of `needle` in `text`.
inline std::pair<int, int> position_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  int line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  int column = 1;
  for (std::size_t i = start; i < at; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

}  // namespace load_check
