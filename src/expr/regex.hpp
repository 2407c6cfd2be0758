#pragma once
// The regular expressions of matches(): a small RE2-like language compiled to a Thompson NFA
// and run over the text's code points in lock step (all threads advance one code point at a
// time). Matching never backtracks and never recurses on the text, so its time is at most
// proportional to text length × program size and its stack use is constant: a hostile pattern
// or a huge cell cannot hang or crash a check. The syntax is listed in docs/expressions.md.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fundrules::expr {

/// Longest pattern accepted, in bytes.
inline constexpr std::size_t kMaxRegexPatternBytes = 1000;
/// Largest count in a repetition {n}, {n,} or {n,m}.
inline constexpr int kMaxRegexRepeat = 1000;
/// Largest compiled program, in instructions, once repetitions are expanded: the time of one
/// match is bounded by this times the text's length.
inline constexpr std::size_t kMaxRegexProgram = 5000;
/// Deepest nesting of groups.
inline constexpr int kMaxRegexNesting = 50;

/// Why a pattern does not compile.
struct RegexError {
  std::size_t offset = 0;  ///< byte offset in the pattern where the problem was seen
  std::string message;     ///< what is wrong, in words
};

/// A compiled pattern. Immutable once built; search() may be called from many threads at once.
class Regex {
 public:
  /// Compiles `pattern`; on failure returns nothing and fills `error`.
  static std::optional<Regex> compile(std::string_view pattern, RegexError& error);

  /// Whether the pattern matches somewhere in `text` (UTF-8; a byte that is not part of a
  /// valid sequence is a code point of its own that only `.` and negated classes match).
  [[nodiscard]] bool search(std::string_view text) const;

  /// Number of instructions of the compiled program (for tests of the bounds).
  [[nodiscard]] std::size_t program_size() const { return program_.size(); }

  /// One step of the program.
  struct Inst {
    enum class Op : std::uint8_t { Char, Class, Any, Split, Jump, Begin, End, Match };
    Op op = Op::Match;
    std::uint32_t x = 0;  ///< Char: code point; Class: first range; Split/Jump: target
    std::uint32_t y = 0;  ///< Class: one past the last range; Split: second target
  };
  /// An inclusive range of code points.
  using Range = std::pair<std::uint32_t, std::uint32_t>;

 private:
  friend class RegexCompiler;
  std::vector<Inst> program_;
  std::vector<Range> ranges_;  ///< of all classes, each class sorted and merged
  bool anchored_ = false;      ///< every match must start at offset 0 (pattern begins with ^)
};

}  // namespace fundrules::expr
