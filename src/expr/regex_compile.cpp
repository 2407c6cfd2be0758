// Parsing a pattern into a tree and compiling the tree to the NFA program that Regex::search
// runs. Every bound (pattern length, nesting, repetition counts, program size) is checked
// before the memory it guards is spent: a program's size is computed bottom-up while parsing,
// so `(a{1000}){1000}` is refused without building a million instructions.

#include <algorithm>
#include <cctype>
#include <string>

#include "expr/regex.hpp"
#include "expr/regex_utf8.hpp"

namespace fundrules::expr {

namespace {

using regex_detail::decode;
using regex_detail::kMaxSymbol;
using Range = Regex::Range;
using Inst = Regex::Inst;

/// A compile failure, caught in Regex::compile.
struct Failure {
  std::size_t offset;
  std::string message;
};

struct Node {
  enum class Kind { Empty, Char, Class, Any, Begin, End, Concat, Alt, Repeat };
  Kind kind = Kind::Empty;
  std::uint32_t c = 0;            ///< Char
  std::vector<Range> ranges;      ///< Class: sorted, merged, negation already applied
  std::vector<std::size_t> kids;  ///< Concat, Alt; Repeat has one
  int min = 0;                    ///< Repeat
  int max = 0;                    ///< Repeat; -1 for no upper bound
  std::size_t size = 0;           ///< instructions it compiles to, capped past the bound
};

constexpr std::size_t kCap = kMaxRegexProgram + 1;

std::size_t add_capped(std::size_t a, std::size_t b) { return std::min(kCap, a + b); }
std::size_t mul_capped(std::size_t a, std::size_t b) {
  return a == 0 || b == 0 ? 0 : (a > kCap / b ? kCap : std::min(kCap, a * b));
}

/// Sorts and merges ranges, then complements them over every symbol if `negated`.
std::vector<Range> normalize(std::vector<Range> ranges, bool negated) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<Range> merged;
  for (const Range& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  if (!negated) {
    return merged;
  }
  std::vector<Range> complement;
  std::uint32_t next = 0;
  for (const Range& r : merged) {
    if (r.first > next) {
      complement.emplace_back(next, r.first - 1);
    }
    next = r.second + 1;
  }
  if (next <= kMaxSymbol) {
    complement.emplace_back(next, kMaxSymbol);
  }
  return complement;
}

/// The ranges of \d, \w, \s (ASCII, as in RE2); upper-case letters negate them.
bool shorthand_class(char letter, std::vector<Range>& out) {
  std::vector<Range> ranges;
  switch (letter | 0x20) {
    case 'd':
      ranges = {{'0', '9'}};
      break;
    case 'w':
      ranges = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
      break;
    case 's':
      ranges = {{'\t', '\r'}, {' ', ' '}};
      break;
    default:
      return false;
  }
  const bool negated = letter >= 'A' && letter <= 'Z';
  const auto done = normalize(std::move(ranges), negated);
  out.insert(out.end(), done.begin(), done.end());
  return true;
}

}  // namespace

/// Recursive-descent parser and code generator; recursion depth is bounded by the nesting
/// limit, never by the pattern's length.
class RegexCompiler {
 public:
  explicit RegexCompiler(std::string_view pattern) : pattern_(pattern) {}

  Regex run() {
    if (pattern_.size() > kMaxRegexPatternBytes) {
      throw Failure{kMaxRegexPatternBytes,
                    "pattern longer than " + std::to_string(kMaxRegexPatternBytes) + " bytes"};
    }
    const std::size_t root = parse_alternation(0);
    if (pos_ < pattern_.size()) {  // only a ')' stops the top level early
      throw Failure{pos_, "unmatched ')'"};
    }
    Regex out;
    emit(root, out);
    out.program_.push_back({Inst::Op::Match, 0, 0});
    const Node& top = nodes_[root];
    out.anchored_ =
        top.kind == Node::Kind::Begin || (top.kind == Node::Kind::Concat && !top.kids.empty() &&
                                          nodes_[top.kids.front()].kind == Node::Kind::Begin);
    return out;
  }

 private:
  [[nodiscard]] bool at_end() const { return pos_ >= pattern_.size(); }
  [[nodiscard]] char peek() const { return pattern_[pos_]; }

  std::size_t add(Node node) {
    if (node.size > kMaxRegexProgram) {
      throw Failure{pos_, "pattern too large: more than " + std::to_string(kMaxRegexProgram) +
                              " steps once repetitions are expanded"};
    }
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }

  std::size_t parse_alternation(int depth) {
    if (depth > kMaxRegexNesting) {
      throw Failure{pos_, "groups nested more than " + std::to_string(kMaxRegexNesting) + " deep"};
    }
    Node alt;
    alt.kind = Node::Kind::Alt;
    alt.kids.push_back(parse_concat(depth));
    while (!at_end() && peek() == '|') {
      ++pos_;
      alt.kids.push_back(parse_concat(depth));
    }
    if (alt.kids.size() == 1) {
      return alt.kids.front();
    }
    for (const std::size_t kid : alt.kids) {
      alt.size = add_capped(alt.size, nodes_[kid].size);
    }
    alt.size = add_capped(alt.size, 2 * (alt.kids.size() - 1));
    return add(std::move(alt));
  }

  std::size_t parse_concat(int depth) {
    Node concat;
    concat.kind = Node::Kind::Concat;
    while (!at_end() && peek() != '|' && peek() != ')') {
      const std::size_t atom = parse_repeat(parse_atom(depth));
      concat.size = add_capped(concat.size, nodes_[atom].size);
      concat.kids.push_back(atom);
    }
    if (concat.kids.size() == 1) {
      return concat.kids.front();
    }
    return add(std::move(concat));
  }

  std::size_t parse_atom(int depth) {
    const std::size_t start = pos_;
    const char c = peek();
    Node node;
    node.size = 1;
    switch (c) {
      case '(': {
        ++pos_;
        if (!at_end() && peek() == '?') {
          if (pattern_.substr(pos_, 2) != "?:") {
            throw Failure{start, "only (...) and (?:...) groups are supported"};
          }
          pos_ += 2;
        }
        const std::size_t inner = parse_alternation(depth + 1);
        if (at_end()) {
          throw Failure{start, "missing ')' for this '('"};
        }
        ++pos_;
        return inner;
      }
      case '[':
        node.kind = Node::Kind::Class;
        node.ranges = parse_class();
        return add(std::move(node));
      case '.':
        ++pos_;
        node.kind = Node::Kind::Any;
        return add(std::move(node));
      case '^':
        ++pos_;
        node.kind = Node::Kind::Begin;
        return add(std::move(node));
      case '$':
        ++pos_;
        node.kind = Node::Kind::End;
        return add(std::move(node));
      case '*':
      case '+':
      case '?':
      case '{':
        throw Failure{start, std::string("nothing before '") + c + "' to repeat"};
      case '\\': {
        std::vector<Range> ranges;
        const std::uint32_t value = parse_escape(ranges);
        if (!ranges.empty()) {
          node.kind = Node::Kind::Class;
          node.ranges = std::move(ranges);
        } else {
          node.kind = Node::Kind::Char;
          node.c = value;
        }
        return add(std::move(node));
      }
      default:
        node.kind = Node::Kind::Char;
        node.c = next_literal();
        return add(std::move(node));
    }
  }

  /// A literal code point of the pattern itself; the pattern must be valid UTF-8.
  std::uint32_t next_literal() {
    std::size_t length = 0;
    const std::uint32_t value = decode(pattern_, pos_, length);
    if (value > regex_detail::kMaxCodePoint) {
      throw Failure{pos_, "pattern is not valid UTF-8"};
    }
    pos_ += length;
    return value;
  }

  /// Parses the escape at pos_ (a backslash). A class escape (\d ...) fills `ranges` and
  /// returns 0; any other returns the code point it stands for.
  std::uint32_t parse_escape(std::vector<Range>& ranges) {
    const std::size_t start = pos_;
    ++pos_;
    if (at_end()) {
      throw Failure{start, "pattern ends with a lone '\\'"};
    }
    const char c = peek();
    if (shorthand_class(c, ranges)) {
      ++pos_;
      return 0;
    }
    const auto ascii = static_cast<unsigned char>(c);
    if (ascii < 0x80 && !std::isalnum(ascii)) {
      ++pos_;
      return ascii;  // \. \* \\ \( and every other punctuation or space stand for themselves
    }
    ++pos_;
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'x':
        return parse_hex(start, 2);
      case 'u':
        if (!at_end() && peek() == '{') {
          ++pos_;
          const std::uint32_t value = parse_hex(start, 0);
          if (at_end() || peek() != '}') {
            throw Failure{start, "\\u{...} needs a closing '}'"};
          }
          ++pos_;
          return value;
        }
        return parse_hex(start, 4);
      case 'b':
      case 'B':
        throw Failure{start, "word boundaries (\\b, \\B) are not supported"};
      default:
        break;
    }
    if (c >= '0' && c <= '9') {
      throw Failure{start, "backreferences and octal escapes are not supported"};
    }
    throw Failure{start, std::string("unknown escape '\\") + c + "'"};
  }

  /// Exactly `digits` hex digits, or 1 to 6 if `digits` is 0; the value must be a code point.
  std::uint32_t parse_hex(std::size_t start, int digits) {
    std::uint32_t value = 0;
    int count = 0;
    const int most = digits == 0 ? 6 : digits;
    while (count < most && !at_end() && std::isxdigit(static_cast<unsigned char>(peek()))) {
      const char h = peek();
      value = value * 16 + static_cast<std::uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
      ++count;
      ++pos_;
    }
    if (count == 0 || (digits != 0 && count != digits)) {
      throw Failure{start, "escape needs " +
                               (digits == 0 ? std::string("1 to 6") : std::to_string(digits)) +
                               " hex digits"};
    }
    if (value > regex_detail::kMaxCodePoint || (value >= 0xD800 && value <= 0xDFFF)) {
      throw Failure{start, "escape is not a Unicode code point"};
    }
    return value;
  }

  std::vector<Range> parse_class() {
    const std::size_t start = pos_;
    ++pos_;
    bool negated = false;
    if (!at_end() && peek() == '^') {
      negated = true;
      ++pos_;
    }
    if (!at_end() && peek() == ']') {
      throw Failure{pos_, "empty class '[]'; write \\] for a literal ']'"};
    }
    std::vector<Range> ranges;
    while (!at_end() && peek() != ']') {
      std::uint32_t low = 0;
      if (!class_char(ranges, low)) {
        continue;  // a class escape such as \d
      }
      std::uint32_t high = low;
      if (pattern_.substr(pos_, 1) == "-" && pattern_.substr(pos_ + 1, 1) != "]" &&
          pos_ + 1 < pattern_.size()) {
        const std::size_t dash = pos_;
        ++pos_;
        if (!class_char(ranges, high)) {
          throw Failure{dash, "a range cannot end in a class escape"};
        }
        if (high < low) {
          throw Failure{dash, "range out of order"};
        }
      }
      ranges.emplace_back(low, high);
    }
    if (at_end()) {
      throw Failure{start, "missing ']' for this '['"};
    }
    ++pos_;
    return normalize(std::move(ranges), negated);
  }

  /// One member of a class: returns false after adding a class escape's ranges.
  bool class_char(std::vector<Range>& ranges, std::uint32_t& value) {
    if (peek() != '\\') {
      value = next_literal();
      return true;
    }
    std::vector<Range> escaped;
    value = parse_escape(escaped);
    if (!escaped.empty()) {
      ranges.insert(ranges.end(), escaped.begin(), escaped.end());
      return false;
    }
    return true;
  }

  std::size_t parse_repeat(std::size_t atom) {
    if (at_end()) {
      return atom;
    }
    int min = 0;
    int max = -1;
    switch (peek()) {
      case '*':
        ++pos_;
        break;
      case '+':
        ++pos_;
        min = 1;
        break;
      case '?':
        ++pos_;
        max = 1;
        break;
      case '{':
        parse_counts(min, max);
        break;
      default:
        return atom;
    }
    if (!at_end() && peek() == '?') {
      ++pos_;  // lazy: the same set of texts matches, and only whether one does matters here
    }
    if (!at_end() && (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{')) {
      throw Failure{pos_, "a repetition cannot be repeated directly; put it in a group"};
    }
    Node node;
    node.kind = Node::Kind::Repeat;
    node.kids = {atom};
    node.min = min;
    node.max = max;
    const std::size_t s = nodes_[atom].size;
    const auto copies = static_cast<std::size_t>(min);
    if (max < 0) {
      node.size = min == 0 ? add_capped(s, 2) : add_capped(mul_capped(copies, s), 1);
    } else {
      node.size = add_capped(mul_capped(copies, s),
                             mul_capped(static_cast<std::size_t>(max - min), add_capped(s, 1)));
    }
    return add(std::move(node));
  }

  /// {n}, {n,} or {n,m} at pos_.
  void parse_counts(int& min, int& max) {
    const std::size_t start = pos_;
    ++pos_;
    const auto number = [&]() {
      int value = -1;
      while (!at_end() && peek() >= '0' && peek() <= '9') {
        value = (value < 0 ? 0 : value) * 10 + (peek() - '0');
        if (value > kMaxRegexRepeat) {
          throw Failure{start, "repetition count above " + std::to_string(kMaxRegexRepeat)};
        }
        ++pos_;
      }
      return value;
    };
    const auto malformed = [&]() {
      return Failure{start, "'{' starts a repetition {n}, {n,} or {n,m}; write \\{ for a brace"};
    };
    min = number();
    if (min < 0) {
      throw malformed();
    }
    max = min;
    if (!at_end() && peek() == ',') {
      ++pos_;
      max = number();  // -1 if absent: no upper bound
    }
    if (at_end() || peek() != '}') {
      throw malformed();
    }
    ++pos_;
    if (max >= 0 && max < min) {
      throw Failure{start, "repetition {n,m} with m smaller than n"};
    }
  }

  void emit(std::size_t index, Regex& out) const {
    const Node& node = nodes_[index];
    auto& code = out.program_;
    const auto here = [&]() { return static_cast<std::uint32_t>(code.size()); };
    switch (node.kind) {
      case Node::Kind::Empty:
        return;
      case Node::Kind::Char:
        code.push_back({Inst::Op::Char, node.c, 0});
        return;
      case Node::Kind::Class: {
        const auto first = static_cast<std::uint32_t>(out.ranges_.size());
        out.ranges_.insert(out.ranges_.end(), node.ranges.begin(), node.ranges.end());
        code.push_back({Inst::Op::Class, first, static_cast<std::uint32_t>(out.ranges_.size())});
        return;
      }
      case Node::Kind::Any:
        code.push_back({Inst::Op::Any, 0, 0});
        return;
      case Node::Kind::Begin:
        code.push_back({Inst::Op::Begin, 0, 0});
        return;
      case Node::Kind::End:
        code.push_back({Inst::Op::End, 0, 0});
        return;
      case Node::Kind::Concat:
        for (const std::size_t kid : node.kids) {
          emit(kid, out);
        }
        return;
      case Node::Kind::Alt: {
        std::vector<std::size_t> jumps;
        for (std::size_t i = 0; i < node.kids.size(); ++i) {
          if (i + 1 == node.kids.size()) {
            emit(node.kids[i], out);
            break;
          }
          const std::size_t split = code.size();
          code.push_back({Inst::Op::Split, here() + 1, 0});
          emit(node.kids[i], out);
          jumps.push_back(code.size());
          code.push_back({Inst::Op::Jump, 0, 0});
          code[split].y = here();
        }
        for (const std::size_t jump : jumps) {
          code[jump].x = here();
        }
        return;
      }
      case Node::Kind::Repeat:
        emit_repeat(node, out);
        return;
    }
  }

  void emit_repeat(const Node& node, Regex& out) const {
    auto& code = out.program_;
    const auto here = [&]() { return static_cast<std::uint32_t>(code.size()); };
    const std::size_t kid = node.kids.front();
    if (node.max < 0) {
      for (int i = 1; i < node.min; ++i) {
        emit(kid, out);
      }
      if (node.min == 0) {  // L: split body, out; body; jump L
        const std::uint32_t loop = here();
        code.push_back({Inst::Op::Split, loop + 1, 0});
        emit(kid, out);
        code.push_back({Inst::Op::Jump, loop, 0});
        code[loop].y = here();
      } else {  // L: body; split L, out
        const std::uint32_t loop = here();
        emit(kid, out);
        code.push_back({Inst::Op::Split, loop, here() + 1});
      }
      return;
    }
    for (int i = 0; i < node.min; ++i) {
      emit(kid, out);
    }
    // Each optional copy may be skipped, and skipping one skips the rest.
    std::vector<std::size_t> splits;
    for (int i = node.min; i < node.max; ++i) {
      splits.push_back(code.size());
      code.push_back({Inst::Op::Split, here() + 1, 0});
      emit(kid, out);
    }
    for (const std::size_t split : splits) {
      code[split].y = here();
    }
  }

  std::string_view pattern_;
  std::size_t pos_ = 0;
  std::vector<Node> nodes_;
};

std::optional<Regex> Regex::compile(std::string_view pattern, RegexError& error) {
  try {
    return RegexCompiler(pattern).run();
  } catch (const Failure& failure) {
    error.offset = failure.offset;
    error.message = failure.message;
    return std::nullopt;
  }
}

}  // namespace fundrules::expr
