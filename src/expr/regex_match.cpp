// Running a compiled pattern: Thompson's simulation. The set of live program counters moves
// forward one code point at a time; each counter is in a set at most once, so a step costs at
// most the program's size whatever the pattern (nested stars included), and no recursion
// depends on the text.

#include <algorithm>

#include "expr/regex.hpp"
#include "expr/regex_utf8.hpp"

namespace fundrules::expr {

namespace {

/// A set of program counters with O(1) insert, test and clear (Briggs and Torczon's sparse
/// set): `sparse` may hold stale values, which the cross-check against `dense` rejects.
struct PcSet {
  std::vector<std::uint32_t> dense;
  std::vector<std::uint32_t> sparse;
  std::size_t count = 0;

  void reset(std::size_t capacity) {
    if (dense.size() < capacity) {
      dense.resize(capacity);
      sparse.resize(capacity);
    }
    count = 0;
  }
  [[nodiscard]] bool contains(std::uint32_t pc) const {
    const std::uint32_t slot = sparse[pc];
    return slot < count && dense[slot] == pc;
  }
  void insert(std::uint32_t pc) {
    sparse[pc] = static_cast<std::uint32_t>(count);
    dense[count++] = pc;
  }
};

/// Reused between calls on one thread, so that matching allocates only when a thread first
/// meets a larger program.
struct Scratch {
  PcSet current;
  PcSet next;
  std::vector<std::uint32_t> stack;
};

/// Adds `start` and everything reachable from it without reading a code point to `set`;
/// returns true if that reaches Match (the pattern has matched).
bool follow(const std::vector<Regex::Inst>& program, std::uint32_t start, std::size_t pos,
            std::size_t end, PcSet& set, std::vector<std::uint32_t>& stack) {
  using Op = Regex::Inst::Op;
  stack.clear();
  stack.push_back(start);
  while (!stack.empty()) {
    const std::uint32_t pc = stack.back();
    stack.pop_back();
    if (set.contains(pc)) {
      continue;
    }
    set.insert(pc);
    const Regex::Inst& inst = program[pc];
    switch (inst.op) {
      case Op::Jump:
        stack.push_back(inst.x);
        break;
      case Op::Split:
        stack.push_back(inst.y);
        stack.push_back(inst.x);
        break;
      case Op::Begin:
        if (pos == 0) {
          stack.push_back(pc + 1);
        }
        break;
      case Op::End:
        if (pos == end) {
          stack.push_back(pc + 1);
        }
        break;
      case Op::Match:
        return true;
      case Op::Char:
      case Op::Class:
      case Op::Any:
        break;  // waits for the next code point
    }
  }
  return false;
}

bool in_class(const std::vector<Regex::Range>& ranges, std::uint32_t first, std::uint32_t last,
              std::uint32_t c) {
  const auto begin = ranges.begin() + first;
  const auto end = ranges.begin() + last;
  // The first range whose start is past c; the one before it is the only candidate.
  const auto after = std::upper_bound(
      begin, end, c, [](std::uint32_t value, const Regex::Range& r) { return value < r.first; });
  return after != begin && c <= std::prev(after)->second;
}

}  // namespace

bool Regex::search(std::string_view text) const {
  thread_local Scratch scratch;
  PcSet& current = scratch.current;
  PcSet& next = scratch.next;
  current.reset(program_.size());
  next.reset(program_.size());
  std::size_t pos = 0;
  while (true) {
    // A new attempt starts at every position unless the pattern is anchored at the start.
    if ((pos == 0 || !anchored_) && follow(program_, 0, pos, text.size(), current, scratch.stack)) {
      return true;
    }
    if (pos >= text.size() || (anchored_ && current.count == 0)) {
      return false;
    }
    std::size_t length = 0;
    const std::uint32_t c = regex_detail::decode(text, pos, length);
    next.count = 0;
    for (std::size_t i = 0; i < current.count; ++i) {
      const std::uint32_t pc = current.dense[i];
      const Inst& inst = program_[pc];
      bool takes = false;
      switch (inst.op) {
        case Inst::Op::Char:
          takes = c == inst.x;
          break;
        case Inst::Op::Class:
          takes = in_class(ranges_, inst.x, inst.y, c);
          break;
        case Inst::Op::Any:
          takes = c != '\n';
          break;
        default:
          break;
      }
      if (takes && follow(program_, pc + 1, pos + length, text.size(), next, scratch.stack)) {
        return true;
      }
    }
    std::swap(current.dense, next.dense);
    std::swap(current.sparse, next.sparse);
    std::swap(current.count, next.count);
    pos += length;
  }
}

}  // namespace fundrules::expr
