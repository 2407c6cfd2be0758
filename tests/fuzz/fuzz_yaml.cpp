// Fuzzes the ruleset loader's fast YAML route (libyaml building yaml-cpp nodes) against
// YAML::Load, the parser it stands in for. Checked: wherever the fast route gives a tree,
// YAML::Load gives the same one (structure, order, scalars, tags, styles, every mark); wherever
// YAML::Load rejects a text, the fast route gives none, so the loader reports the problem with
// yaml-cpp's message and place. A build without libyaml checks that the route stays shut.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "fuzz_support.hpp"
#include "ruleset/yaml_fast_parse.hpp"
#include "yaml_tree_diff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::optional<YAML::Node> fast = fundrules::detail::parse_plain_yaml(text);
  if (!fundrules::detail::have_fast_yaml()) {
    fundrules::fuzz::require(!fast.has_value(), "a tree from a build without libyaml", text);
    return 0;
  }
  YAML::Node slow;
  try {
    slow = YAML::Load(text);
  } catch (const YAML::Exception&) {
    fundrules::fuzz::require(!fast.has_value(), "the fast route took a text yaml-cpp rejects",
                             text);
    return 0;
  }
  if (!fast) return 0;
  std::string differences;
  fundrules::testing_support::compare_yaml_trees(*fast, slow, "", differences);
  if (!differences.empty()) {
    std::fprintf(stderr, "\nthe trees differ:\n%s", differences.c_str());
    fundrules::fuzz::fail("the fast route's tree differs from YAML::Load's", text);
  }
  return 0;
}
