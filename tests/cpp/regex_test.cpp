// The regular expressions of matches(): the documented syntax, the bounds, and linear-time
// matching on the patterns and texts that make backtracking matchers hang or overflow.

#include <catch2/catch.hpp>
#include <string>

#include "expr/regex.hpp"

using fundrules::expr::Regex;
using fundrules::expr::RegexError;

namespace {

bool search(const std::string& pattern, const std::string& text) {
  RegexError error;
  const auto regex = Regex::compile(pattern, error);
  INFO("pattern " << pattern << ": " << error.message);
  REQUIRE(regex);
  return regex->search(text);
}

/// The message of the compile error of `pattern` (empty if it compiles).
std::string error_of(const std::string& pattern) {
  RegexError error;
  return Regex::compile(pattern, error) ? std::string() : error.message;
}

}  // namespace

TEST_CASE("literals, dot, anchors and search semantics", "[regex]") {
  CHECK(search("abc", "xxabcxx"));
  CHECK_FALSE(search("abd", "xxabcxx"));
  CHECK(search("^abc", "abcxx"));
  CHECK_FALSE(search("^abc", "xabc"));
  CHECK(search("abc$", "xxabc"));
  CHECK_FALSE(search("abc$", "abcx"));
  CHECK(search("^$", ""));
  CHECK_FALSE(search("^$", "a"));
  CHECK(search("", "anything"));
  CHECK(search("a.c", "abc"));
  CHECK_FALSE(search("a.c", "a\nc"));  // dot does not match a line break
  CHECK(search("^..$", "张三"));       // dot is one code point, not one byte
  CHECK_FALSE(search("^.$", "张三"));
  CHECK(search("\\.", "a.b"));
  CHECK_FALSE(search("\\.", "ab"));
}

TEST_CASE("classes, ranges, negation and shorthands", "[regex]") {
  CHECK(search("^[abc]+$", "abccba"));
  CHECK_FALSE(search("^[abc]+$", "abcd"));
  CHECK(search("^[a-z0-9_]+$", "user_01"));
  CHECK(search("^[^0-9]+$", "abc"));
  CHECK_FALSE(search("^[^0-9]+$", "ab1"));
  CHECK(search("^\\d{17}[\\dXx]$", "11010519491231002X"));
  CHECK_FALSE(search("^\\d{17}[\\dXx]$", "11010519491231002Y"));
  CHECK(search("^\\w+$", "Abc_9"));
  CHECK_FALSE(search("^\\w+$", "a-b"));
  CHECK(search("^a\\sb$", "a\tb"));
  CHECK(search("^\\D\\W\\S$", "x-y"));
  CHECK(search("^[\\u4e00-\\u9fa5]{2,4}$", "张三丰"));  // the usual Chinese-name pattern
  CHECK_FALSE(search("^[\\u4e00-\\u9fa5]{2,4}$", "张"));
  CHECK_FALSE(search("^[\\u4e00-\\u9fa5]{2,4}$", "Zhang"));
  CHECK(search("^[一-龥]+$", "李四"));  // literal non-ASCII range
  CHECK(search("^[-a]+$", "-a-"));      // a dash at either end is literal
  CHECK(search("^[a-]+$", "-a-"));
  CHECK(search("^\\u{1F600}$", "\xF0\x9F\x98\x80"));
  CHECK(search("^\\x41$", "A"));
}

TEST_CASE("repetition, alternation and groups", "[regex]") {
  CHECK(search("^62[0-9]{14,17}$", "6222021234567890123"));
  CHECK_FALSE(search("^62[0-9]{14,17}$", "62220212345"));
  CHECK(search("^a{3}$", "aaa"));
  CHECK_FALSE(search("^a{3}$", "aaaa"));
  CHECK(search("^a{2,}$", "aaaaa"));
  CHECK_FALSE(search("^a{2,}$", "a"));
  CHECK(search("^(ab)+$", "ababab"));
  CHECK_FALSE(search("^(ab)+$", "ababa"));
  CHECK(search("^(?:cat|dog)s?$", "dogs"));
  CHECK_FALSE(search("^(?:cat|dog)s?$", "cow"));
  CHECK(search("^0\\d{2,3}-\\d{7,8}$", "0551-12345678"));
  CHECK(search("^(a|)$", ""));
  CHECK(search("^colou?r$", "color"));
  CHECK(search("^a+?b*?$", "aab"));  // lazy quantifiers match the same texts
  CHECK(search("^(()*)*$", ""));     // empty loops end
}

TEST_CASE("invalid UTF-8 in the text is one stray code point per byte", "[regex]") {
  CHECK(search("^a.b$",
               "a\xFF"
               "b"));
  CHECK(search("^a[^x]b$",
               "a\xC3"
               "b"));
  CHECK_FALSE(search("^a\\wb$",
                     "a\xFF"
                     "b"));
}

TEST_CASE("bad patterns are refused with a reason and an offset", "[regex]") {
  RegexError error;
  CHECK_FALSE(Regex::compile("ab(c", error));
  CHECK(error.message == "missing ')' for this '('");
  CHECK(error.offset == 2);
  CHECK(error_of("a)") == "unmatched ')'");
  CHECK(error_of("[abc") == "missing ']' for this '['");
  CHECK(error_of("[]") == "empty class '[]'; write \\] for a literal ']'");
  CHECK(error_of("*a") == "nothing before '*' to repeat");
  CHECK(error_of("a**") == "a repetition cannot be repeated directly; put it in a group");
  CHECK(error_of("[z-a]") == "range out of order");
  CHECK(error_of("a{2,1}") == "repetition {n,m} with m smaller than n");
  CHECK(error_of("a{x}").find("starts a repetition") != std::string::npos);
  CHECK(error_of("\\b") == "word boundaries (\\b, \\B) are not supported");
  CHECK(error_of("(a)\\1") == "backreferences and octal escapes are not supported");
  CHECK(error_of("\\q") == "unknown escape '\\q'");
  CHECK(error_of("(?i)a") == "only (...) and (?:...) groups are supported");
  CHECK(error_of("\\uD800") == "escape is not a Unicode code point");
  CHECK(error_of("a\\") == "pattern ends with a lone '\\'");
  CHECK(error_of("\xFF") == "pattern is not valid UTF-8");
}

TEST_CASE("the bounds on a pattern", "[regex][limits]") {
  using namespace fundrules::expr;
  CHECK(error_of(std::string(kMaxRegexPatternBytes, 'a')).empty());
  CHECK(error_of(std::string(kMaxRegexPatternBytes + 1, 'a')) == "pattern longer than 1000 bytes");
  CHECK(error_of("a{1000}").empty());
  CHECK(error_of("a{1001}") == "repetition count above 1000");
  CHECK(error_of("a{0,1001}") == "repetition count above 1000");
  // Expanded repetitions are counted before they are built.
  CHECK(error_of("(a{1000}){1000}") ==
        "pattern too large: more than 5000 steps once repetitions are expanded");
  CHECK(error_of("((a{100}){100}){100}").find("pattern too large") == 0);
  std::string nested;
  for (int i = 0; i < kMaxRegexNesting; ++i) {
    nested += '(';
  }
  CHECK(error_of(nested + std::string(kMaxRegexNesting, ')')).empty());
  CHECK(error_of("(" + nested + std::string(kMaxRegexNesting + 1, ')')) ==
        "groups nested more than 50 deep");
  RegexError error;
  const auto biggest = Regex::compile("[a-z]{1000}[0-9]{1000}.{1000}x{1000}y{999}", error);
  REQUIRE(biggest);
  CHECK(biggest->program_size() <= kMaxRegexProgram + 1);
}

TEST_CASE("nested stars and long texts match in linear time and constant stack",
          "[regex][regression]") {
  // The reproducers that made the old backtracking matcher hang or overflow its stack. A
  // backtracking matcher never finishes these, and ctest's timeout then fails the test; there is
  // no clock in the test itself, so a loaded machine (or a sanitizer build) cannot fail it.
  CHECK_FALSE(search("^(a*)*b$", std::string(40, 'a')));
  CHECK_FALSE(search("^(a|a)*b$", std::string(5000, 'a')));
  CHECK_FALSE(search("^(a+)+$", std::string(100000, 'a') + "!"));
  const std::string long_cell(1 << 20, '7');  // the CSV reader's longest row
  CHECK(search("^\\d*$", long_cell));
  CHECK(search("a+|7+", long_cell));
  CHECK_FALSE(search("^(\\d|\\d\\d)*x$", long_cell));
}
