// Fuzzes the regular expressions of matches(). The input is a pattern, a newline, and a text.
// Any pattern must compile or be refused with an offset inside it, and any text must be
// searched without a crash. Where the pattern and text are small and plain ASCII, the answer
// must agree with the C++ library's ECMAScript matcher (a backtracking implementation written
// independently), for the part of the syntax where the two languages mean the same thing.

#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "expr/regex.hpp"
#include "fuzz_support.hpp"

namespace {

using fundrules::expr::Regex;
using fundrules::expr::RegexError;

/// Whether the ECMAScript reference means the same as our language for this pattern and
/// text: printable ASCII only, short enough that backtracking stays fast, and none of the
/// constructs the two read differently (POSIX bracket classes, a quantifier on an anchor,
/// control and identity escapes the reference accepts and we refuse are filtered by the
/// reference or by us refusing the pattern).
bool comparable(std::string_view pattern, std::string_view text) {
  if (pattern.size() > 24 || text.size() > 12) {
    return false;
  }
  for (const std::string_view part : {pattern, text}) {
    for (const char c : part) {
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
  }
  if (pattern.find("[:") != std::string_view::npos ||
      pattern.find("[.") != std::string_view::npos ||
      pattern.find("[=") != std::string_view::npos) {
    return false;
  }
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    const char next = pattern[i + 1];
    const bool quantifier = next == '*' || next == '+' || next == '?' || next == '{';
    if ((pattern[i] == '^' || pattern[i] == '$') && quantifier) {
      return false;
    }
    if (pattern[i] == '\\') {
      const char escaped = pattern[i + 1];
      // The reference reads \c, \0, \u, \x, \b inside classes differently or not at all.
      if (escaped == 'c' || escaped == '0' || escaped == 'u' || escaped == 'x') {
        return false;
      }
      ++i;
    }
  }
  // A quantified group that holds a quantifier or an empty alternative, such as `(a*|)*`,
  // sends the reference's backtracking into exponential time on a dozen characters (ours is
  // linear): the reference cannot judge those, so they are left out.
  std::vector<bool> risky;  // per open group: it holds a quantifier or an empty alternative
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    const bool quantifier = c == '*' || c == '+' || c == '?' || c == '{';
    if (c == '(') {
      risky.push_back(false);
    } else if (quantifier ||
               (c == '|' && i > 0 && (pattern[i - 1] == '(' || pattern[i - 1] == '|'))) {
      if (!risky.empty()) risky.back() = true;
    } else if (c == ')' && !risky.empty()) {
      const bool inner = risky.back() || (i > 0 && pattern[i - 1] == '|');
      risky.pop_back();
      const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
      if (inner && (next == '*' || next == '+' || next == '?' || next == '{')) return false;
      if (inner && !risky.empty()) risky.back() = true;  // the outer group holds it too
    }
  }
  // Repetitions over 9 make the reference slow; skip counts of two digits or more.
  for (std::size_t i = 0; i + 2 < pattern.size(); ++i) {
    if (pattern[i] == '{' && std::isdigit(static_cast<unsigned char>(pattern[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(pattern[i + 2]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view text =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  RegexError error;
  const auto regex = Regex::compile(pattern, error);
  if (!regex) {
    fundrules::fuzz::require(!error.message.empty(), "a refused pattern has a reason", input);
    fundrules::fuzz::require(error.offset <= pattern.size(), "the error offset is inside", input);
    return 0;
  }
  fundrules::fuzz::require(regex->program_size() <= fundrules::expr::kMaxRegexProgram + 1,
                           "the program stays within its bound", input);
  const bool found = regex->search(text);
  fundrules::fuzz::require(regex->search(text) == found, "search is deterministic", input);

  if (comparable(pattern, text)) {
    std::regex reference;
    try {
      reference.assign(std::string(pattern), std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return 0;  // the reference refuses what we accept (e.g. `a{,2}` is ours to refuse too)
    }
    const std::string subject(text);
    const bool expected = std::regex_search(subject, reference);
    fundrules::fuzz::require(found == expected, "matches() agrees with the ECMAScript reference",
                             input);
  }
  return 0;
}
