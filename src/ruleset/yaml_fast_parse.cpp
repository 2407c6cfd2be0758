// libyaml's events turned into yaml-cpp nodes. yaml-cpp's own scanner spends about 1,300
// instructions per byte of a ruleset (most of a load); libyaml parses the same text in about a
// tenth of that. The nodes are built as yaml-cpp's NodeBuilder builds them from its parser's
// events (same tags, styles, null rules and insertion order), and every mark is translated to
// yaml-cpp's counting, so the loader cannot tell the two apart. Whatever could make them
// differ sends the caller back to YAML::Load.

#include "ruleset/yaml_fast_parse.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#ifdef FUNDRULES_HAVE_LIBYAML
#include <yaml.h>
#endif

namespace fundrules::detail {

#ifndef FUNDRULES_HAVE_LIBYAML

bool have_fast_yaml() noexcept { return false; }
std::optional<YAML::Node> parse_plain_yaml(std::string_view, std::size_t) { return std::nullopt; }

#else

bool have_fast_yaml() noexcept { return true; }

namespace {

// Text both parsers count the same way: UTF-8 (yaml-cpp counts bytes, libyaml characters,
// which the marks translate), lines ended by '\n' alone (libyaml also ends lines at '\r',
// U+0085, U+2028 and U+2029), no tabs (the two differ on where a tab may stand), no byte
// order mark (the SourceText has dropped it already; one inside the text is odd enough).
bool counted_alike(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\r' || c == '\t' || c == 0) return false;
      ++i;
      continue;
    }
    std::size_t width = 0;
    if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      width = 2;
    } else if ((c & 0xF0) == 0xE0) {
      width = 3;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      width = 4;
    } else {
      return false;
    }
    if (i + width > n) return false;
    for (std::size_t k = 1; k < width; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    const auto c1 = static_cast<unsigned char>(text[i + 1]);
    if (c == 0xC2 && c1 == 0x85) return false;  // U+0085
    if (c == 0xE2 && c1 == 0x80 && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      return false;  // U+2028, U+2029
    }
    if (c == 0xEF && c1 == 0xBB && text[i + 2] == '\xBF') return false;  // U+FEFF
    if (c == 0xE0 && c1 < 0xA0) return false;                            // overlong
    if (c == 0xED && c1 >= 0xA0) return false;                           // surrogate
    if (c == 0xF0 && c1 < 0x90) return false;                            // overlong
    if (c == 0xF4 && c1 >= 0x90) return false;                           // past U+10FFFF
    i += width;
  }
  return true;
}

// libyaml marks count characters; yaml-cpp's count bytes (position and column alike).
class MarkTranslator {
 public:
  explicit MarkTranslator(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  [[nodiscard]] YAML::Mark operator()(const yaml_mark_t& mark) const {
    YAML::Mark out;
    if (mark.line >= line_starts_.size()) {
      out.pos = static_cast<int>(text_.size());
      out.line = static_cast<int>(mark.line);
      out.column = 0;
      return out;
    }
    const std::size_t start = line_starts_[mark.line];
    std::size_t pos = start;
    for (std::size_t chars = 0; chars < mark.column && pos < text_.size(); ++chars) {
      pos += width_at(pos);
    }
    out.pos = static_cast<int>(pos);
    out.line = static_cast<int>(mark.line);
    out.column = static_cast<int>(pos - start);
    return out;
  }

 private:
  [[nodiscard]] std::size_t width_at(std::size_t pos) const {
    const auto c = static_cast<unsigned char>(text_[pos]);
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    return 4;
  }

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

// yaml-cpp reads these plain scalars as null (and no others).
bool is_null_text(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

struct Parser {
  yaml_parser_t parser{};
  yaml_event_t event{};
  bool has_event = false;

  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Parser() {
    if (has_event) yaml_event_delete(&event);
    yaml_parser_delete(&parser);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // The next event, or false on a syntax error.
  bool next() {
    if (has_event) yaml_event_delete(&event);
    has_event = yaml_parser_parse(&parser, &event) != 0;
    return has_event;
  }
};

// The nodes of one document, built as yaml-cpp's NodeBuilder builds them.
class TreeBuilder {
 public:
  TreeBuilder() : memory_(std::make_shared<YAML::detail::memory_holder>()) {}

  YAML::detail::node& push(const YAML::Mark& mark) {
    YAML::detail::node& node = memory_->create_node();
    node.set_mark(mark);
    const bool needs_key = !stack_.empty() && stack_.back()->type() == YAML::NodeType::Map &&
                           keys_.size() < map_depth_;
    stack_.push_back(&node);
    if (needs_key) keys_.emplace_back(&node, false);
    return node;
  }

  // A node is complete: it joins its collection (a map value once its key is there).
  void pop() {
    if (stack_.size() == 1) {
      root_ = stack_.back();
      stack_.pop_back();
      return;
    }
    YAML::detail::node& node = *stack_.back();
    stack_.pop_back();
    YAML::detail::node& collection = *stack_.back();
    if (collection.type() == YAML::NodeType::Sequence) {
      collection.push_back(node, memory_);
    } else {
      std::pair<YAML::detail::node*, bool>& key = keys_.back();
      if (key.second) {
        collection.insert(*key.first, node, memory_);
        keys_.pop_back();
      } else {
        key.second = true;
      }
    }
  }

  void start_map() { ++map_depth_; }
  void end_map() {
    --map_depth_;
    pop();
  }

  // The root as a YAML::Node. yaml-cpp offers no public way to wrap a node it did not build,
  // but its iterators wrap the nodes they walk, so the root is put in a sequence and read
  // back through one.
  [[nodiscard]] std::optional<YAML::Node> root() {
    if (root_ == nullptr) return std::nullopt;
    YAML::detail::node& holder = memory_->create_node();
    holder.set_type(YAML::NodeType::Sequence);
    holder.push_back(*root_, memory_);
    const YAML::detail::iterator_base<YAML::detail::iterator_value> first(holder.begin(), memory_);
    return YAML::Node(*first);
  }

 private:
  YAML::detail::shared_memory_holder memory_;
  std::vector<YAML::detail::node*> stack_;
  std::vector<std::pair<YAML::detail::node*, bool> > keys_;
  std::size_t map_depth_ = 0;
  YAML::detail::node* root_ = nullptr;
};

YAML::EmitterStyle::value style_of(bool flow) {
  return flow ? YAML::EmitterStyle::Flow : YAML::EmitterStyle::Block;
}

}  // namespace

std::optional<YAML::Node> parse_plain_yaml(std::string_view text, std::size_t max_depth) {
  if (!counted_alike(text)) return std::nullopt;
  const MarkTranslator mark_of(text);
  Parser parser(text);
  TreeBuilder tree;
  bool in_document = false;
  std::size_t open_collections = 0;
  while (parser.next()) {
    const yaml_event_t& event = parser.event;
    switch (event.type) {
      case YAML_STREAM_START_EVENT:
        break;
      case YAML_DOCUMENT_START_EVENT:
        if (event.data.document_start.version_directive != nullptr ||
            event.data.document_start.tag_directives.start !=
                event.data.document_start.tag_directives.end) {
          return std::nullopt;
        }
        // YAML::Load reads the first document alone, and yaml-cpp may reject text after it
        // that libyaml takes for a second document: leave those texts to yaml-cpp.
        if (in_document) return std::nullopt;
        in_document = true;
        break;
      case YAML_DOCUMENT_END_EVENT:
        break;
      case YAML_STREAM_END_EVENT:
        return in_document ? tree.root() : std::nullopt;
      case YAML_ALIAS_EVENT:
        return std::nullopt;
      case YAML_SCALAR_EVENT: {
        const auto& scalar = event.data.scalar;
        if (scalar.anchor != nullptr || scalar.tag != nullptr) return std::nullopt;
        const std::string_view value(reinterpret_cast<const char*>(scalar.value), scalar.length);
        const bool plain = scalar.style == YAML_PLAIN_SCALAR_STYLE;
        // An empty node (a key without a value, a bare "-"): yaml-cpp marks it at whatever
        // token comes next, by rules of its own scanner; leave those texts to it.
        if (plain && value.empty()) return std::nullopt;
        YAML::detail::node& node = tree.push(mark_of(event.start_mark));
        if (plain && is_null_text(value)) {
          node.set_null();
        } else {
          node.set_scalar(std::string(value));
          node.set_tag(plain ? "?" : "!");
        }
        tree.pop();
        break;
      }
      case YAML_SEQUENCE_START_EVENT: {
        if (++open_collections > max_depth) return std::nullopt;
        const auto& start = event.data.sequence_start;
        if (start.anchor != nullptr || start.tag != nullptr) return std::nullopt;
        YAML::detail::node& node = tree.push(mark_of(event.start_mark));
        node.set_tag("?");
        node.set_type(YAML::NodeType::Sequence);
        node.set_style(style_of(start.style == YAML_FLOW_SEQUENCE_STYLE));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
        --open_collections;
        tree.pop();
        break;
      case YAML_MAPPING_START_EVENT: {
        if (++open_collections > max_depth) return std::nullopt;
        const auto& start = event.data.mapping_start;
        if (start.anchor != nullptr || start.tag != nullptr) return std::nullopt;
        YAML::detail::node& node = tree.push(mark_of(event.start_mark));
        node.set_tag("?");
        node.set_type(YAML::NodeType::Map);
        node.set_style(style_of(start.style == YAML_FLOW_MAPPING_STYLE));
        tree.start_map();
        break;
      }
      case YAML_MAPPING_END_EVENT:
        --open_collections;
        tree.end_map();
        break;
      case YAML_NO_EVENT:
        return std::nullopt;
    }
  }
  return std::nullopt;  // a syntax error: YAML::Load reports it its own way
}

#endif  // FUNDRULES_HAVE_LIBYAML

}  // namespace fundrules::detail
