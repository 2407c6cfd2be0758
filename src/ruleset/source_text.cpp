#include "ruleset/source_text.hpp"

#include <algorithm>

namespace fundrules::detail {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

// Bytes an escape sequence takes in a double-quoted YAML scalar starting at its backslash.
std::size_t escape_length(std::string_view text, std::size_t pos) {
  if (pos + 1 >= text.size()) return 1;
  switch (text[pos + 1]) {
    case 'x':
      return 4;
    case 'u':
      return 6;
    case 'U':
      return 10;
    default:
      return 2;
  }
}

// Bytes of the UTF-8 character an escape produces, to keep the value side in step.
std::size_t escaped_value_length(std::string_view text, std::size_t pos) {
  if (pos + 1 >= text.size()) return 1;
  const char kind = text[pos + 1];
  if (kind != 'x' && kind != 'u' && kind != 'U') return 1;
  const std::size_t digits = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
  unsigned long code = 0;
  for (std::size_t i = 0; i < digits && pos + 2 + i < text.size(); ++i) {
    const char h = text[pos + 2 + i];
    const int v = h >= '0' && h <= '9'   ? h - '0'
                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                  : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                         : 0;
    code = code * 16 + static_cast<unsigned long>(v);
  }
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

}  // namespace

SourceText::SourceText(std::string file, std::string_view bytes) : file_(std::move(file)) {
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());
  text_ = std::string(bytes);
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourceLocation SourceText::at_byte(std::size_t pos) const {
  pos = std::min(pos, text_.size());
  const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), pos);
  const auto line_index = static_cast<std::size_t>(next - line_starts_.begin()) - 1;
  const std::size_t start = line_starts_[line_index];
  int column = 1;
  for (std::size_t i = start; i < pos; ++i) {
    if (!is_utf8_continuation(text_[i])) ++column;
  }
  return SourceLocation{file_, static_cast<int>(line_index) + 1, column};
}

SourceLocation SourceText::at(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.pos < 0) return SourceLocation{file_, 0, 0};
  return at_byte(static_cast<std::size_t>(mark.pos));
}

SourceLocation SourceText::in_scalar(const YAML::Mark& mark, std::string_view value,
                                     std::size_t offset) const {
  if (mark.is_null() || mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) {
    return at(mark);
  }
  return at_byte(scalar_source_pos(static_cast<std::size_t>(mark.pos), value, offset));
}

// Walks the scalar's source and its parsed value side by side until `offset` bytes of the
// value have been passed. Exact for plain and quoted single-line scalars and for literal block
// scalars; a close approximation for folded and multi-line forms.
std::size_t SourceText::scalar_source_pos(std::size_t start, std::string_view value,
                                          std::size_t offset) const {
  std::size_t p = start;
  const char first = text_[p];
  const bool double_quoted = first == '"';
  const bool single_quoted = first == '\'';
  const bool block = first == '|' || first == '>';
  std::size_t block_indent = 0;
  if (double_quoted || single_quoted) {
    ++p;
  } else if (block) {
    const std::size_t header_end = text_.find('\n', p);
    if (header_end == std::string::npos) return p;
    p = header_end + 1;
    // The block's indentation is that of its first line with content.
    for (std::size_t q = p; q < text_.size();) {
      std::size_t spaces = 0;
      while (q + spaces < text_.size() && text_[q + spaces] == ' ') ++spaces;
      if (q + spaces < text_.size() && text_[q + spaces] != '\n' && text_[q + spaces] != '\r') {
        block_indent = spaces;
        break;
      }
      const std::size_t eol = text_.find('\n', q);
      if (eol == std::string::npos) break;
      q = eol + 1;
    }
    for (std::size_t s = 0; s < block_indent && p < text_.size() && text_[p] == ' '; ++s) ++p;
  }

  std::size_t i = 0;
  while (i < offset && i < value.size() && p < text_.size()) {
    const char v = value[i];
    const char s = text_[p];
    if (s == '\r') {
      ++p;
    } else if (s == '\n') {
      ++p;
      if (block) {
        for (std::size_t n = 0; n < block_indent && p < text_.size() && text_[p] == ' '; ++n) ++p;
      } else {
        while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t')) ++p;
      }
      // A line break in the source is a newline in a literal value and a space when folded.
      if (v == '\n' || v == ' ') ++i;
    } else if (v == s) {
      ++p;
      ++i;
    } else if (double_quoted && s == '\\') {
      i += escaped_value_length(text_, p);
      p += escape_length(text_, p);
    } else if (single_quoted && s == '\'' && p + 1 < text_.size() && text_[p + 1] == '\'') {
      p += 2;
      ++i;
    } else {
      ++p;
      ++i;
    }
  }
  return std::min(p, text_.size());
}

}  // namespace fundrules::detail
