#pragma once

// Message templates: "一线职工每人不超过{params.frontline_cap}元,本行{amount}元". Braces are
// written doubled ("{{", "}}") to stand for themselves.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ruleset/ruleset_impl.hpp"

namespace fundrules::detail {

/// A problem in a template, at a byte offset into its text.
struct TemplateError {
  std::size_t offset = 0;
  std::string message;
};

/// A parsed template: its parts in order, the byte offset of each placeholder's name (same
/// order as the placeholders in `parts`), and any syntax errors.
struct ParsedTemplate {
  std::vector<MessagePart> parts;
  std::vector<std::size_t> placeholder_offsets;
  std::vector<TemplateError> errors;
};

/// Splits `text` into literal text and placeholders. Placeholder names are trimmed of spaces.
ParsedTemplate parse_message_template(std::string_view text);

/// Fills a parsed template: literal parts as they are, each placeholder with what `lookup`
/// returns for its name.
std::string render_message(const std::vector<MessagePart>& parts,
                           const std::function<std::string(const std::string&)>& lookup);

}  // namespace fundrules::detail
