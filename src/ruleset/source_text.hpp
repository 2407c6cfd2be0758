#pragma once

// The bytes of a ruleset file, kept so that every problem can be reported at a line and column
// a person finds in their editor: yaml-cpp's marks are 0-based byte positions, while people
// count lines from 1 and columns in characters, and an expression's error offset must be
// translated through the way its YAML scalar was written (plain, quoted or block).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/mark.h>

#include "fundrules/error.hpp"

namespace fundrules::detail {

class SourceText {
 public:
  /// `bytes` is the file as read; a UTF-8 byte order mark is dropped, as yaml-cpp drops it
  /// before counting positions.
  SourceText(std::string file, std::string_view bytes);

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// The text without its byte order mark: what yaml-cpp parses.
  [[nodiscard]] std::string_view text() const noexcept { return text_; }

  /// Location of a byte position in text(): 1-based line, 1-based column in characters.
  [[nodiscard]] SourceLocation at_byte(std::size_t pos) const;
  /// Location of a yaml-cpp mark (a null mark gives the file alone).
  [[nodiscard]] SourceLocation at(const YAML::Mark& mark) const;
  /// Location of byte `offset` of the scalar `value` whose node starts at `mark`, following
  /// quotes, escapes, folded lines and block indentation back to the source.
  [[nodiscard]] SourceLocation in_scalar(const YAML::Mark& mark, std::string_view value,
                                         std::size_t offset) const;

 private:
  [[nodiscard]] std::size_t scalar_source_pos(std::size_t start, std::string_view value,
                                              std::size_t offset) const;

  std::string file_;
  std::string text_;
  std::vector<std::size_t> line_starts_;  // byte position where each line begins
};

}  // namespace fundrules::detail
