#pragma once

// A faster way to the same YAML tree: libyaml's parser (about ten times fewer instructions per
// byte than yaml-cpp's scanner) feeding yaml-cpp nodes, so that the loader reads exactly the
// nodes, tags and marks YAML::Load would give it.

#include <cstddef>
#include <optional>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace fundrules::detail {

/// True when this build has the libyaml parser behind parse_plain_yaml().
bool have_fast_yaml() noexcept;

/// The first document of `text` as YAML::Load(text) would build it (same structure, scalars,
/// tags, styles and marks), for a text without anchors, aliases, tags or directives. Nullopt
/// whenever the two parsers could disagree, so that the caller falls back to YAML::Load: the
/// text has no document or more than one, libyaml reports an error, it holds anchors, aliases,
/// explicit tags or empty nodes (a key without a value), or it has characters the two count lines
/// or columns differently for (carriage returns, tabs, a byte order mark, Unicode line separators,
/// bytes that are not UTF-8).
/// Nullopt too when mappings and sequences nest deeper than `max_depth` levels (the root
/// collection is level 1; a collection used as a key counts like a value), so that a tree it
/// gives needs no depth check of its own.
std::optional<YAML::Node> parse_plain_yaml(std::string_view text,
                                           std::size_t max_depth = static_cast<std::size_t>(-1));

}  // namespace fundrules::detail
