#include "cli/args.hpp"

#include <algorithm>

namespace fundrules::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
  const auto it = repeated_.find(name);
  return it == repeated_.end() ? std::vector<std::string>() : it->second;
}

namespace {

const OptionSpec* find_long(const std::vector<OptionSpec>& specs, const std::string& name) {
  for (const OptionSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const OptionSpec* find_short(const std::vector<OptionSpec>& specs, char name) {
  for (const OptionSpec& spec : specs) {
    if (spec.short_name != '\0' && spec.short_name == name) return &spec;
  }
  return nullptr;
}

// Edit distance, to suggest the option a typing mistake meant.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(const std::vector<OptionSpec>& specs, const std::string& name) {
  const OptionSpec* best = nullptr;
  std::size_t best_distance = 3;  // farther than two edits is not a typing mistake
  for (const OptionSpec& spec : specs) {
    const std::size_t d = distance(name, spec.name);
    if (d < best_distance) {
      best = &spec;
      best_distance = d;
    }
  }
  return best == nullptr ? std::string() : " (did you mean '--" + best->name + "'?)";
}

}  // namespace

ParsedArgs parse_args(const std::string& command, const std::vector<OptionSpec>& specs,
                      const std::vector<std::string>& args) {
  ParsedArgs parsed;
  const std::string where = "fundrules " + command;
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (options_ended || word.size() < 2 || word[0] != '-') {
      parsed.positionals_.push_back(word);
      continue;
    }
    if (word == "--") {
      options_ended = true;
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::string shown;  // the option as the user wrote it, for messages
    std::optional<std::string> inline_value;
    if (word.rfind("--", 0) == 0) {
      const std::size_t equals = word.find('=');
      const std::string name =
          word.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
      if (equals != std::string::npos) inline_value = word.substr(equals + 1);
      shown = "--" + name;
      spec = find_long(specs, name);
    } else {
      shown = word.substr(0, 2);
      spec = word.size() == 2 ? find_short(specs, word[1]) : nullptr;
      if (word.size() != 2) shown = word;
    }
    if (spec == nullptr) {
      const std::string hint =
          shown.rfind("--", 0) == 0 ? suggestion(specs, shown.substr(2)) : std::string();
      throw UsageError(where + ": unknown option '" + shown + "'" + hint);
    }
    if (parsed.values_.count(spec->name) > 0 && !spec->repeatable) {
      throw UsageError(where + ": option '--" + spec->name + "' given more than once");
    }
    if (!spec->takes_value) {
      if (inline_value) {
        throw UsageError(where + ": option '--" + spec->name + "' takes no value");
      }
      parsed.values_[spec->name] = "";
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        throw UsageError(where + ": option '" + shown + "' needs a value");
      }
      inline_value = args[++i];
    }
    parsed.values_[spec->name] = *inline_value;
    if (spec->repeatable) parsed.repeated_[spec->name].push_back(*inline_value);
  }
  return parsed;
}

}  // namespace fundrules::cli
