#pragma once

// Compares two yaml-cpp trees node by node: the fast parse route's against YAML::Load's. Shared
// by the unit test of that route and by its fuzz target, so that both hold it to one standard.

#include <string>

#include <yaml-cpp/yaml.h>

namespace fundrules::testing_support {

/// A mark as "pos@line:column", for messages.
inline std::string describe_mark(const YAML::Mark& mark) {
  return std::to_string(mark.pos) + "@" + std::to_string(mark.line) + ":" +
         std::to_string(mark.column);
}

/// Appends every difference between `fast` and `slow` below `path` to `differences`, one
/// "path: what" line each (nothing when the trees are the same): type, mark, tag, style, scalar
/// text, size, and the same for every key and value in order.
inline void compare_yaml_trees(const YAML::Node& fast, const YAML::Node& slow,
                               const std::string& path, std::string& differences) {
  const auto differ = [&](const std::string& what) { differences += path + ": " + what + "\n"; };
  if (fast.Type() != slow.Type()) return differ("type");
  if (describe_mark(fast.Mark()) != describe_mark(slow.Mark())) {
    differ("mark " + describe_mark(fast.Mark()) + " vs " + describe_mark(slow.Mark()));
  }
  if (fast.Tag() != slow.Tag()) differ("tag '" + fast.Tag() + "' vs '" + slow.Tag() + "'");
  if (fast.Style() != slow.Style()) differ("style");
  if (fast.IsScalar() && fast.Scalar() != slow.Scalar()) {
    differ("scalar '" + fast.Scalar() + "' vs '" + slow.Scalar() + "'");
  }
  if (!fast.IsMap() && !fast.IsSequence()) return;
  if (fast.size() != slow.size()) return differ("size");
  auto f = fast.begin();
  auto s = slow.begin();
  for (std::size_t i = 0; f != fast.end(); ++f, ++s, ++i) {
    const std::string at = path + "/" + std::to_string(i);
    if (fast.IsMap()) {
      compare_yaml_trees(f->first, s->first, at + "(key)", differences);
      compare_yaml_trees(f->second, s->second, at, differences);
    } else {
      compare_yaml_trees(*f, *s, at, differences);
    }
  }
}

}  // namespace fundrules::testing_support
