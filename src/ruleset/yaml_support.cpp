#include "ruleset/yaml_support.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>

#include <yaml-cpp/eventhandler.h>

#include "ruleset/yaml_fast_parse.hpp"

namespace fundrules::detail {

void Diagnostics::error(SourceLocation where, std::string message) {
  if (errors_.size() > max_errors_) return;
  if (errors_.size() == max_errors_) {
    errors_.push_back(Diagnostic{
        SourceLocation{source_.file(), 0, 0},
        "too many errors; stopped reporting after " + std::to_string(max_errors_), "error"});
    return;
  }
  errors_.push_back(Diagnostic{std::move(where), std::move(message), "error"});
}

void Diagnostics::warning(SourceLocation where, std::string message) {
  if (warnings_.size() >= max_errors_) return;
  warnings_.push_back(Diagnostic{std::move(where), std::move(message), "warning"});
}

void Diagnostics::throw_if_errors() const {
  if (errors_.empty()) return;
  // Sections are read in a fixed order; people fix a file from top to bottom. Problems of the
  // whole file (line 0) come first, and the "too many errors" note stays last.
  std::vector<Diagnostic> sorted = errors_;
  const bool capped = errors_.size() > max_errors_;
  std::stable_sort(sorted.begin(), sorted.end() - (capped ? 1 : 0),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.where.line, a.where.column) <
                            std::tie(b.where.line, b.where.column);
                   });
  throw RulesetError(std::move(sorted));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
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

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(name, candidate);
    if (best == nullptr || d < best_distance) {
      best = &candidate;
      best_distance = d;
    }
  }
  // Close enough to be a typo: at most a third of the name's length, and at least one edit.
  if (best == nullptr || best_distance > std::max<std::size_t>(1, name.size() / 3)) return "";
  return " (did you mean '" + *best + "'?)";
}

namespace {

// Walks the parser's events, so that anchors, aliases and tags are caught before a tree is
// built, and nesting is counted without recursion of our own.
class Screen : public YAML::EventHandler {
 public:
  Screen(std::size_t max_depth, std::string_view kind, Diagnostics& diags)
      : max_depth_(max_depth), kind_(kind), diags_(diags) {}

  void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { node(mark, "", anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    diags_.error(mark, "YAML aliases (*name) are not allowed in a " + std::string(kind_) +
                           "; write the value out");
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& /*value*/) override {
    node(mark, tag, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(mark, tag, anchor);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(mark, tag, anchor);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void node(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) {
      diags_.error(mark, "YAML anchors (&name) are not allowed in a " + std::string(kind_) +
                             "; write the value out");
    }
    // "?" marks a plain node and "!" a quoted one; anything else was written by hand.
    if (!tag.empty() && tag != "?" && tag != "!") {
      diags_.error(mark, "YAML tags ('" + tag + "') are not used in a " + std::string(kind_) +
                             "; remove the tag");
    }
  }
  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    node(mark, tag, anchor);
    ++depth_;
    if (depth_ == max_depth_ + 1) {
      diags_.error(mark, "nesting deeper than " + std::to_string(max_depth_) + " levels; a " +
                             std::string(kind_) + " never needs this many");
    }
  }

  std::size_t max_depth_;
  std::string_view kind_;
  Diagnostics& diags_;
  std::size_t depth_ = 0;
};

}  // namespace

void screen_yaml(const SourceText& source, std::size_t max_depth, Diagnostics& diags,
                 std::string_view kind) {
  std::istringstream in{std::string(source.text())};
  Screen screen(max_depth, kind, diags);
  try {
    YAML::Parser parser(in);
    std::size_t documents = 0;
    while (parser.HandleNextDocument(screen)) {
      ++documents;
      if (documents == 2) {
        diags.error(SourceLocation{source.file(), 0, 0},
                    "the file holds more than one YAML document ('---'); a " + std::string(kind) +
                        " is one document");
        break;
      }
    }
    if (documents == 0) {
      diags.error(SourceLocation{source.file(), 0, 0}, "the " + std::string(kind) + " is empty");
    }
  } catch (const YAML::Exception& e) {
    diags.error(e.mark, "YAML syntax: " + e.msg);
  }
}

namespace {

// True when the text may hold a node property (an anchor &, an alias * or a tag !), a document
// marker (--- or ...) or a directive (%). A property can only start a node, and a node starts
// a line or follows one of the indicators : - ? [ { , (blanks between); anywhere else those
// characters are text inside a scalar or a comment ("a && !b"). Quotes and comments are not
// tracked, so a property-like character after an indicator inside them also answers true:
// the cost is only the full screen.
bool may_need_screen(std::string_view text) {
  char before = '\n';  // the last non-blank character; '\n' at the start of a line
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t') continue;
    if (c == '\n' || c == '\r') {
      before = '\n';
      continue;
    }
    const bool node_start = before == '\n' || before == ':' || before == '-' || before == '?' ||
                            before == '[' || before == '{' || before == ',';
    if (node_start && (c == '&' || c == '*' || c == '!')) return true;
    if (before == '\n' &&
        (c == '%' || text.compare(i, 3, "---") == 0 || text.compare(i, 3, "...") == 0)) {
      return true;
    }
    before = c;
  }
  return false;
}

// True when no mapping or sequence in the tree is nested deeper than `depth_left` levels, as
// screen_yaml() counts them (the root collection is level 1; keys count like values).
bool within_depth(const YAML::Node& node, std::size_t depth_left) {
  if (!node.IsMap() && !node.IsSequence()) return true;
  if (depth_left == 0) return false;
  for (const auto& entry : node) {
    if (node.IsMap()) {
      if (!within_depth(entry.first, depth_left - 1)) return false;
      if (!within_depth(entry.second, depth_left - 1)) return false;
    } else if (!within_depth(entry, depth_left - 1)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> load_if_clean(const SourceText& source, std::size_t max_depth) {
  if (may_need_screen(source.text())) return std::nullopt;
  try {
    // The fast parser checks the depth as it goes.
    std::optional<YAML::Node> fast = parse_plain_yaml(source.text(), max_depth);
    if (fast) return fast->IsNull() ? std::nullopt : std::move(fast);
    YAML::Node root = YAML::Load(std::string(source.text()));
    if (root.IsNull() || !within_depth(root, max_depth)) return std::nullopt;
    return root;
  } catch (const YAML::Exception&) {
    return std::nullopt;  // the screen reports it, with everything else it finds
  }
}

bool check_mapping(const YAML::Node& node, std::string_view what,
                   const std::vector<std::string>& allowed, Diagnostics& diags) {
  if (!node.IsMap()) {
    diags.error(node.Mark(), std::string(what) + " must be a mapping (key: value lines)");
    return false;
  }
  std::vector<std::string> seen;
  for (const auto& entry : node) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      diags.error(key.Mark(), "keys in " + std::string(what) + " must be plain names");
      continue;
    }
    const std::string& name = key.Scalar();
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      diags.error(key.Mark(), "'" + name + "' is given twice in " + std::string(what));
      continue;
    }
    seen.push_back(name);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      diags.error(key.Mark(), "unknown key '" + name + "' in " + std::string(what) +
                                  did_you_mean(name, allowed));
    }
  }
  return true;
}

std::optional<std::string> scalar_text(const YAML::Node& node, std::string_view what,
                                       Diagnostics& diags) {
  if (node.IsScalar()) return node.Scalar();
  diags.error(node.Mark(),
              std::string(what) + (node.IsNull() ? " has no value" : " must be a single value"));
  return std::nullopt;
}

bool is_quoted_scalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "!"; }

std::optional<bool> scalar_bool(const YAML::Node& node, std::string_view what, Diagnostics& diags) {
  const auto text = scalar_text(node, what, diags);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  diags.error(node.Mark(), std::string(what) + " must be true or false, not '" + *text + "'");
  return std::nullopt;
}

std::vector<std::string> string_list(const YAML::Node& node, std::string_view what,
                                     std::size_t max_items, Diagnostics& diags) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    diags.error(node.Mark(), std::string(what) + " must be a list such as [a, b]");
    return out;
  }
  if (node.size() > max_items) {
    diags.error(node.Mark(), std::string(what) + " has " + std::to_string(node.size()) +
                                 " entries; at most " + std::to_string(max_items) + " are allowed");
    return out;
  }
  for (const auto& item : node) {
    if (auto text = scalar_text(item, std::string(what) + " entry", diags)) {
      out.push_back(std::move(*text));
    }
  }
  return out;
}

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  const auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!letter(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

}  // namespace fundrules::detail
