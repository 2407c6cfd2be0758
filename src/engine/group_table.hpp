#pragma once

// The groups a group rule folds rows into, stored compactly. A list of a million payments has
// hundreds of thousands of households and about as many ID numbers, so what each group costs
// is what bounds the memory of a check: here each distinct key (the group_by values, encoded
// as one string) is kept once in a text arena, groups are numbered densely in the order they
// are first seen, and each has one fixed record (where it starts, its first row, a link to
// any further rows) instead of a hash-map node owning a string and several vectors.
// Storage grows in blocks, never by copying everything into an array twice as big.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fundrules::engine {

/// A sequence that grows in blocks of kBlock elements: elements never move once a block is
/// full, so a large one never holds its contents twice while growing, and an empty one
/// allocates nothing (a check of one record makes many and fills few).
template <typename T, std::size_t kBlock = 4096>
class Blocks {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
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

  /// The group with this encoded key, or kNone.
  [[nodiscard]] std::uint32_t find(std::string_view key) const;
  /// The group with this encoded key, added when new (`added` then says so) with `row` and
  /// `line` as where it starts.
  std::uint32_t insert(std::string_view key, std::int64_t row, std::int64_t line, bool& added);

  [[nodiscard]] std::size_t size() const noexcept { return heads_.size(); }
  [[nodiscard]] std::string_view key(std::uint32_t group) const;
  /// Row number and physical line of the row that started the group (the earliest, once
  /// states are merged).
  [[nodiscard]] std::int64_t first_row(std::uint32_t group) const {
    return heads_[group].first_row;
  }
  [[nodiscard]] std::int64_t first_line(std::uint32_t group) const {
    return heads_[group].first_line;
  }
  /// Moves the group's start to `row`/`line` if `row` comes before it.
  void keep_earlier_start(std::uint32_t group, std::int64_t row, std::int64_t line);

  /// Adds a row number to the group's row list (the rows that took part in its fold).
  void add_row(std::uint32_t group, std::int64_t row);
  /// The group's rows, in no particular order.
  [[nodiscard]] std::vector<std::int64_t> rows(std::uint32_t group) const;
  /// Appends the rows of group `from` of `later` to the rows of `group`.
  void append_rows(std::uint32_t group, const GroupTable& later, std::uint32_t from);

 private:
  // 40 bytes a group: a million ID numbers make a million groups. The group's first row is
  // usually the first of its list too, so it is listed by a flag rather than a link.
  struct Head {
    std::int64_t first_row = 0;
    std::int64_t first_line = 0;
    std::uint32_t key_at = 0;  // block << kOffsetBits | offset in the block
    std::uint32_t key_size = 0;
    std::uint32_t hash = 0;
    std::uint32_t row_count = 0;
    std::uint32_t last_link = kNone;  // links_ index of the row listed last, or kNone
    bool lists_first_row = false;     // first_row is in the list without a link
  };
  struct Link {
    std::int64_t row = 0;
    std::uint32_t previous = kNone;  // the row listed before it
  };
  static constexpr unsigned kOffsetBits = 16;

  [[nodiscard]] std::size_t slot_of(std::string_view key, std::uint32_t hash) const;
  void grow();
  void store_key(std::string_view key, Head& head);
  // Lists `row` after the link `previous`; returns the new link.
  std::uint32_t push_link(std::int64_t row, std::uint32_t previous);

  std::vector<std::string> blocks_;  // the key arena: blocks filled in turn, never moved
  Blocks<Head> heads_;
  Blocks<Link> links_;
  std::vector<std::uint32_t> slots_;  // open addressing: group numbers, kNone where empty
};

}  // namespace fundrules::engine
