#include "ruleset/message_template.hpp"

namespace fundrules::detail {

namespace {

void append_literal(std::vector<MessagePart>& parts, char c) {
  if (parts.empty() || parts.back().placeholder) parts.push_back(MessagePart{false, ""});
  parts.back().text += c;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(' ');
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

ParsedTemplate parse_message_template(std::string_view text) {
  ParsedTemplate out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      append_literal(out.parts, '{');
      i += 2;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      append_literal(out.parts, '}');
      i += 2;
    } else if (c == '}') {
      out.errors.push_back({i, "a '}' closes no placeholder; write '}}' for a brace"});
      ++i;
    } else if (c == '{') {
      const std::size_t close = text.find('}', i + 1);
      const std::size_t nested = text.find('{', i + 1);
      if (close == std::string_view::npos || (nested != std::string_view::npos && nested < close)) {
        out.errors.push_back({i,
                              "a '{' opens a placeholder that is never closed; write '{{' "
                              "for a brace"});
        ++i;
        continue;
      }
      const std::string_view raw = text.substr(i + 1, close - i - 1);
      const std::string name = trim(raw);
      const std::size_t name_offset = i + 1 + raw.find_first_not_of(' ');
      if (name.empty()) {
        out.errors.push_back({i, "an empty placeholder '{}'; name a field or params.<name>"});
      } else {
        out.parts.push_back(MessagePart{true, name});
        out.placeholder_offsets.push_back(name_offset);
      }
      i = close + 1;
    } else {
      append_literal(out.parts, c);
      ++i;
    }
  }
  return out;
}

std::string render_message(const std::vector<MessagePart>& parts,
                           const std::function<std::string(const std::string&)>& lookup) {
  std::string out;
  for (const auto& part : parts) out += part.placeholder ? lookup(part.text) : part.text;
  return out;
}

}  // namespace fundrules::detail
