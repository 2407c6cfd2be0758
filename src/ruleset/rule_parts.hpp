#pragma once

// The parts of a rule that need compiling: its conditions (record or group programs) and its
// messages. Each reports its problems at their line and column and returns nothing usable
// when it fails, so the rest of the rule is still checked.

#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "expr/expr.hpp"
#include "ruleset/loader.hpp"

namespace fundrules::detail {

/// Compiles a record rule's `when` or `check` (or a group rule's `when`, which chooses rows).
/// `text_out` gets the expression as written.
std::shared_ptr<const expr::Program> compile_record_condition(const YAML::Node& node,
                                                              const std::string& what,
                                                              const expr::Environment& env,
                                                              LoadContext& ctx,
                                                              std::string& text_out);

/// Compiles a group or batch rule's `check`: aggregate calls fold the rows of a group, and
/// other field reads may name only `key_columns`. The aggregates go to `aggregates`.
std::shared_ptr<const expr::Program> compile_group_condition(
    const YAML::Node& node, const std::string& what, const expr::Environment& env,
    const std::vector<std::size_t>& key_columns, LoadContext& ctx, std::string& text_out,
    std::vector<expr::AggregateSpec>& aggregates);

/// Reads `message:` ({zh, en} or one string) into the rule; placeholders must be among
/// `placeholders`, and `hint` says what those are when one is not.
void load_messages(const YAML::Node& node, CompiledRule& rule,
                   const std::vector<std::string>& placeholders, const std::string& hint,
                   LoadContext& ctx);

}  // namespace fundrules::detail
