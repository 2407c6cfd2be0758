#include "cli/list_options.hpp"

#include <algorithm>

namespace fundrules::cli {

namespace {

unsigned long parse_count(const std::string& command, const std::string& option,
                          const std::string& text, unsigned long max) {
  const auto fail = [&]() -> unsigned long {
    throw UsageError(command + ": --" + option + " needs a whole number from 1 to " +
                     std::to_string(max) + ", not '" + text + "'");
  };
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return fail();
  if (text.size() > 9) return fail();
  const unsigned long value = std::stoul(text);
  if (value < 1 || value > max) return fail();
  return value;
}

std::string declared_references(const Ruleset& ruleset) {
  std::string names;
  for (const ReferenceInfo& reference : ruleset.references()) {
    names += (names.empty() ? "" : ", ") + reference.name;
  }
  return names.empty() ? "none" : names;
}

}  // namespace

std::vector<OptionSpec> list_option_specs() {
  return {{"ref", true, '\0', true}, {"encoding", true}, {"threads", true}, {"batch-rows", true}};
}

void read_list_options(const std::string& command, const ParsedArgs& parsed, RefArgs& refs,
                       CheckOptions& check, CsvOptions& csv) {
  for (const std::string& ref : parsed.values("ref")) {
    const std::size_t equals = ref.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == ref.size()) {
      throw UsageError(command +
                       ": --ref takes NAME=FILE, e.g. --ref registry=registry.csv, "
                       "not '" +
                       ref + "'");
    }
    refs.emplace_back(ref.substr(0, equals), ref.substr(equals + 1));
  }
  if (const auto encoding = parsed.value("encoding")) {
    if (*encoding == "auto") {
      csv.encoding = Encoding::Auto;
    } else if (*encoding == "utf-8" || *encoding == "utf8") {
      csv.encoding = Encoding::Utf8;
    } else if (*encoding == "gb18030" || *encoding == "gbk") {
      csv.encoding = Encoding::Gb18030;
    } else {
      throw UsageError(command + ": --encoding is auto, utf-8 or gb18030, not '" + *encoding + "'");
    }
  }
  if (const auto threads = parsed.value("threads")) {
    check.threads = static_cast<unsigned>(parse_count(command, "threads", *threads, 256));
  }
  if (const auto rows = parsed.value("batch-rows")) {
    csv.batch_rows = parse_count(command, "batch-rows", *rows, 100000000);
  }
}

CheckOptions with_references(const std::string& command, const Ruleset& ruleset,
                             const RefArgs& refs, CheckOptions check) {
  std::vector<std::string> given;
  for (const auto& [name, path] : refs) {
    if (ruleset.reference(name) == nullptr) {
      throw UsageError(command + ": --ref " + name + ": the ruleset " + ruleset.id() +
                       " declares no reference table '" + name +
                       "' (it declares: " + declared_references(ruleset) + ")");
    }
    if (std::find(given.begin(), given.end(), name) != given.end()) {
      throw UsageError(command + ": --ref " + name + " given more than once");
    }
    given.push_back(name);
  }
  for (const ReferenceInfo& reference : ruleset.references()) {
    const bool is_given = std::find(given.begin(), given.end(), reference.name) != given.end();
    if (!is_given && !reference.optional && !reference.rules.empty()) {
      throw UsageError(command + ": the ruleset needs --ref " + reference.name + "=FILE (" +
                       reference.title() + ", keyed by " + reference.key + ")");
    }
  }
  for (const auto& [name, path] : refs) {
    check.references.load_csv(ruleset, name, path, CsvOptions{});  // each file its own encoding
  }
  return check;
}

}  // namespace fundrules::cli
