#pragma once

// The groups a group rule folds rows into, stored compactly. A list of a million payments has
// hundreds of thousands of households and about as many ID numbers, so what each group costs
// is what bounds the memory of a check: here each distinct key (the group_by values, encoded
// as one string) is kept once in a KeyArena (an ID number in 11 bytes), groups are numbered densely
// in the order they are first seen, and each has one fixed record of 16 bytes (its hash, where
// it starts, a link to any further rows; where its key is follows from the order keys are
// stored in) instead of a hash-map node owning a string and several vectors. Storage grows in
// blocks, never by copying everything into an array twice as big.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/huge_pages.hpp"
#include "engine/key_arena.hpp"

namespace fundrules::engine {

/// A sequence that grows in blocks of kBlock elements: elements never move once a block is
/// full, so a large one never holds its contents twice while growing, and an empty one
/// allocates nothing (a check of one record makes many and fills few).
template <typename T, std::size_t kBlock = 4096>
class Blocks {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Elements the blocks have room for.
  [[nodiscard]] std::size_t capacity() const noexcept {
    std::size_t total = 0;
    for (const std::vector<T>& block : blocks_) total += block.capacity();
    return total;
  }
  T& operator[](std::size_t i) { return blocks_[i / kBlock][i % kBlock]; }
  const T& operator[](std::size_t i) const { return blocks_[i / kBlock][i % kBlock]; }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    // The first block grows as a vector does, up to kBlock; later ones are made whole.
    if (blocks_.empty() || blocks_.back().size() == kBlock) {
      blocks_.emplace_back();
      if (blocks_.size() > 1) blocks_.back().reserve(kBlock);
    }
    ++size_;
    return blocks_.back().emplace_back(std::forward<Args>(args)...);
  }
  /// Removes every element, keeping the first block's room (a state reused record after
  /// record allocates nothing).
  void clear() {
    if (blocks_.size() > 1) blocks_.resize(1);
    if (!blocks_.empty()) blocks_.front().clear();
    size_ = 0;
  }
  /// Appends `count` copies of `value`.
  void append(std::size_t count, const T& value = T()) {
    for (std::size_t i = 0; i < count; ++i) emplace_back(value);
  }

 private:
  std::vector<std::vector<T>> blocks_;
  std::size_t size_ = 0;
};

class GroupTable {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffU;

  /// The hash a table files an encoded key under: what insert() and prefetch() take.
  [[nodiscard]] static std::uint32_t hash(std::string_view key);
  /// The hash of group `group`'s key, as hash() gave it.
  [[nodiscard]] std::uint32_t hash_of(std::uint32_t group) const { return heads_[group].hash; }

  /// The group with this encoded key, or kNone.
  [[nodiscard]] std::uint32_t find(std::string_view key) const;
  /// The group with this encoded key, added when new (`added` then says so) with `row` and
  /// `line` as where it starts.
  std::uint32_t insert(std::string_view key, std::int64_t row, std::int64_t line, bool& added);
  /// As above, for a key whose hash() is known already.
  std::uint32_t insert(std::string_view key, std::uint32_t hash, std::int64_t row,
                       std::int64_t line, bool& added);
  /// As above, for a key already in the form it is stored in, and its hash().
  std::uint32_t insert(const KeyArena::Probe& probe, std::uint32_t hash, std::int64_t row,
                       std::int64_t line, bool& added);
  /// hash() of the probe's key.
  [[nodiscard]] static std::uint32_t hash(const KeyArena::Probe& probe);
  /// Starts loading the slot a key of this hash is looked up in, so that an insert() a few
  /// keys later finds it in the cache: a table of a million groups is far larger than the
  /// cache, and each lookup would otherwise wait for memory on its own.
  void prefetch(std::uint32_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }

  [[nodiscard]] std::size_t size() const noexcept { return heads_.size(); }
  /// The group's encoded key: a view of the table's storage, or of `buffer` when the key is
  /// stored packed.
  [[nodiscard]] std::string_view key(std::uint32_t group, std::string& buffer) const {
    return keys_.get(key_at(group), buffer);
  }
  /// The group's encoded key, copied.
  [[nodiscard]] std::string key(std::uint32_t group) const {
    std::string buffer;
    return std::string(key(group, buffer));
  }
  /// Row number and physical line of the row that started the group (the earliest, once
  /// states are merged).
  [[nodiscard]] std::int64_t first_row(std::uint32_t group) const {
    const Head& head = heads_[group];
    return head.line_gap == kWide ? wide_.at(group).row : head.row;
  }
  [[nodiscard]] std::int64_t first_line(std::uint32_t group) const {
    const Head& head = heads_[group];
    return head.line_gap == kWide ? wide_.at(group).line
                                  : static_cast<std::int64_t>(head.row) + head.line_gap;
  }
  /// Moves the group's start to `row`/`line` if `row` comes before it.
  void keep_earlier_start(std::uint32_t group, std::int64_t row, std::int64_t line);

  /// Adds a row number to the group's row list (the rows that took part in its fold).
  void add_row(std::uint32_t group, std::int64_t row);
  /// How many rows the group's list has.
  [[nodiscard]] std::int64_t row_count(std::uint32_t group) const;
  /// The group's rows, in no particular order.
  [[nodiscard]] std::vector<std::int64_t> rows(std::uint32_t group) const;
  /// Appends the rows of group `from` of `later` to the rows of `group`.
  void append_rows(std::uint32_t group, const GroupTable& later, std::uint32_t from);

  /// Bytes the table holds (capacity, not just what is used), so that its compactness can
  /// be checked.
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  // 16 bytes a group: a million ID numbers make a million groups. A group's start is kept
  // as a 32-bit row and the distance from it to its line, which is what a file gives (a
  // header, a few multi-line records); a start that does not fit, such as a host program's
  // rows numbered past 2^32, is kept aside in `wide_`. The group's first row is usually the
  // first of its list too, so it is listed by a flag rather than a link; the length of the
  // list is counted from the links when needed rather than stored.
  struct Head {
    std::uint32_t hash = 0;
    std::uint32_t row = 0;         // the first row, unless line_gap is kWide
    std::int32_t line_gap = 0;     // first line - first row, or kWide
    std::uint32_t list = kNoLink;  // kListsFirstRow | links_ index of the row listed last
  };
  // 8 bytes a row: a row number that does not fit 32 bits is kept aside in `wide_links_`.
  struct Link {
    std::uint32_t row = 0;             // or kWideRow
    std::uint32_t previous = kNoLink;  // the row listed before it
  };
  struct Origin {
    std::int64_t row = 0;
    std::int64_t line = 0;
  };
  static constexpr std::int32_t kWide = std::numeric_limits<std::int32_t>::min();
  static constexpr std::uint32_t kListsFirstRow = 0x80000000U;
  static constexpr std::uint32_t kNoLink = 0x7fffffffU;
  static constexpr std::uint32_t kWideRow = 0xffffffffU;

  // Where the group's key is stored: keys are stored in group order, so only every
  // kMarkEvery-th group's place is kept, and the next few are found by walking from it.
  static constexpr std::uint32_t kMarkEvery = 8;
  [[nodiscard]] std::uint32_t key_at(std::uint32_t group) const {
    std::uint32_t at = marks_[group / kMarkEvery];
    for (std::uint32_t i = group % kMarkEvery; i > 0; --i) at = keys_.next(at);
    return at;
  }
  // A slot holds, in its low bits (as many as index the slots), its group's number plus one,
  // 0 when empty; its high bits are those of the group's hash. A probe compares them before
  // it reads the group's record, so a probe passing other keys rarely touches memory beyond
  // the slots. The table is at most half full, so the group number always fits.
  [[nodiscard]] std::uint32_t slot_mask() const noexcept {
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  [[nodiscard]] static std::uint32_t slot_value(std::uint32_t group, std::uint32_t hash,
                                                std::uint32_t mask) noexcept {
    return (hash & ~mask) | (group + 1);
  }
  [[nodiscard]] std::size_t slot_of(const KeyArena::Probe& probe, std::uint32_t hash) const;
  void grow();
  void set_start(std::uint32_t group, std::int64_t row, std::int64_t line) {
    // The usual case first, without a call: a file's row, its line a little further on.
    if (row >= 0 && row <= std::numeric_limits<std::uint32_t>::max() && line >= row &&
        line - row < std::numeric_limits<std::int32_t>::max() && wide_.empty()) {
      Head& head = heads_[group];
      head.row = static_cast<std::uint32_t>(row);
      head.line_gap = static_cast<std::int32_t>(line - row);
      return;
    }
    set_wide_start(group, row, line);
  }
  // set_start() for any other start.
  void set_wide_start(std::uint32_t group, std::int64_t row, std::int64_t line);
  // Lists `row` after the link `previous`; returns the new link.
  std::uint32_t push_link(std::int64_t row, std::uint32_t previous);
  [[nodiscard]] std::int64_t link_row(std::uint32_t link) const {
    const std::uint32_t row = links_[link].row;
    return row == kWideRow ? wide_links_.at(link) : row;
  }

  KeyArena keys_;
  Blocks<Head> heads_;
  Blocks<std::uint32_t> marks_;  // the key's place of every kMarkEvery-th group
  Blocks<Link> links_;
  // Open addressing (see slot_value()), read at random: in huge pages where there are.
  std::vector<std::uint32_t, HugePageAllocator<std::uint32_t>> slots_;
  std::unordered_map<std::uint32_t, Origin> wide_;              // starts that do not fit a Head
  std::unordered_map<std::uint32_t, std::int64_t> wide_links_;  // rows that do not fit a Link
};

}  // namespace fundrules::engine
