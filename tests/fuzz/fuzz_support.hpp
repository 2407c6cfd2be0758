#pragma once

// What the fuzz targets share: the bundled Hefei ruleset (its schema and environment are the
// realistic ones to fuzz against), its example roster as a table, and a way to stop with a
// message when a checked property fails.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fundrules/csv.hpp"
#include "fundrules/ruleset.hpp"

namespace fundrules::fuzz {

/// The ruleset every target that needs a schema uses, loaded once.
const Ruleset& hefei_ruleset();

/// The example roster read against that ruleset's schema, as one table.
const Table& hefei_roster();

/// Prints what failed (with the input, escaped) and aborts, so libFuzzer saves the input.
[[noreturn]] inline void fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "\nproperty failed: %s\ninput (%zu bytes): \"", what, input.size());
  for (const char c : input) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && byte != '"' && byte != '\\') {
      std::fputc(byte, stderr);
    } else {
      std::fprintf(stderr, "\\x%02x", byte);
    }
  }
  std::fputs("\"\n", stderr);
  std::abort();
}

/// Checks a property; on failure reports `what` with the input and aborts.
inline void require(bool holds, const char* what, std::string_view input) {
  if (!holds) fail(what, input);
}

}  // namespace fundrules::fuzz
