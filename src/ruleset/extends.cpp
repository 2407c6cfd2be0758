// `extends:` — a ruleset that starts from another: a district's rules on top of its city's.
// The base is loaded completely (its problems reported at its own lines), then the extending
// file adds fields, rules and documents and may set new values for the base's parameters.

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "ruleset/loader.hpp"

namespace fundrules::detail {

namespace {

constexpr std::size_t kMaxExtendsDepth = 8;

namespace fs = std::filesystem;

// The first existing file among: the extending file's directory, then each search directory.
std::optional<fs::path> find_base(const std::string& target, const LoadContext& ctx,
                                  std::vector<std::string>& looked_in) {
  std::vector<fs::path> directories;
  const fs::path self(ctx.source.file());
  directories.push_back(self.has_parent_path() ? self.parent_path() : fs::path("."));
  for (const auto& dir : ctx.search_path) directories.emplace_back(dir);
  const fs::path relative(target);
  if (relative.is_absolute()) directories = {fs::path()};
  for (const auto& dir : directories) {
    const fs::path candidate = dir / relative;
    std::error_code ec;
    // Normalized, so that reports name "rules/cn/national/base.yaml" rather than a path
    // through the extending file's directory.
    if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal();
    looked_in.push_back(dir.empty() ? target : dir.string());
  }
  return std::nullopt;
}

}  // namespace

std::string read_ruleset_file(const std::string& path, const RulesetLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(SourceLocation{path, 0, 0}, "cannot open the ruleset file");
  // Read in blocks rather than into a buffer of the largest size allowed: that buffer (1 MiB
  // by default) would be cleared and paged in on every load, for files of a few kilobytes.
  constexpr std::size_t kBlock = 64 * 1024;
  const std::size_t wanted = limits.max_file_bytes + 1;
  std::string bytes;
  while (bytes.size() < wanted && in) {
    const std::size_t have = bytes.size();
    bytes.resize(have + std::min(kBlock, wanted - have));
    in.read(bytes.data() + have, static_cast<std::streamsize>(bytes.size() - have));
    if (in.bad()) throw DataError(SourceLocation{path, 0, 0}, "cannot read the ruleset file");
    bytes.resize(have + static_cast<std::size_t>(in.gcount()));
  }
  return bytes;
}

bool load_base(const YAML::Node& node, LoadContext& ctx) {
  const auto target = scalar_text(node, "extends", ctx.diags);
  if (!target) return false;
  std::vector<std::string> looked_in;
  const auto found = find_base(*target, ctx, looked_in);
  if (!found) {
    std::string where;
    for (const auto& dir : looked_in) where += (where.empty() ? "" : ", ") + dir;
    ctx.diags.error(node.Mark(), "extends: no ruleset '" + *target + "' (looked in " + where + ")");
    return false;
  }
  std::error_code ec;
  const std::string canonical = fs::weakly_canonical(*found, ec).string();
  std::vector<std::string> chain = ctx.chain;
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& file : chain) cycle += file + " -> ";
    ctx.diags.error(node.Mark(),
                    "extends: '" + *target + "' leads back to itself: " + cycle + canonical);
    return false;
  }
  if (chain.size() >= kMaxExtendsDepth) {
    ctx.diags.error(node.Mark(), "extends: more than " + std::to_string(kMaxExtendsDepth) +
                                     " rulesets extend one another here");
    return false;
  }
  chain.push_back(canonical);

  std::shared_ptr<RulesetImpl> base;
  try {
    const std::string bytes = read_ruleset_file(found->string(), ctx.limits);
    base = load_ruleset(bytes, found->string(), ctx.limits, ctx.search_path, chain);
  } catch (const RulesetError& e) {
    ctx.diags.error(node.Mark(), "extends: the base ruleset '" + *target +
                                     "' does not load; its problems follow");
    for (const auto& d : e.diagnostics()) ctx.diags.error(d.where, d.message);
    return false;
  } catch (const DataError& e) {
    ctx.diags.error(node.Mark(), std::string("extends: ") + e.what());
    return false;
  }

  // Indexes stay valid: this file's fields and parameters come after the base's.
  ctx.base_id = base->id;
  ctx.impl.jurisdiction = base->jurisdiction;
  ctx.impl.default_as_of = base->default_as_of;
  ctx.impl.schema = base->schema;
  ctx.impl.params = base->params;
  ctx.impl.rules = base->rules;
  ctx.impl.rule_infos = base->rule_infos;
  ctx.impl.disabled = base->disabled;
  ctx.impl.summaries = base->summaries;
  ctx.impl.forms = base->forms;
  ctx.impl.form_infos = base->form_infos;
  ctx.impl.basis = base->basis;
  ctx.impl.references = base->references;
  ctx.impl.warnings = base->warnings;
  ctx.impl.sha256 = base->sha256;  // load_ruleset folds this file's digest in
  return true;
}

}  // namespace fundrules::detail
