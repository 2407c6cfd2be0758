#include "engine/group_table.hpp"

#include <algorithm>
#include <cstring>

#include "expr/fast_hash.hpp"
#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

constexpr std::size_t kFirstSlots = 16;

std::uint32_t hash_of_identity(std::string_view identity) {
  const std::uint64_t full = expr::fast_hash(identity);
  return static_cast<std::uint32_t>(full ^ (full >> 32));
}

// Past 2^31 groups the slots would need more than 32 bits to hold a group number.
constexpr std::size_t kMaxGroups = 0x7fffffffU;

}  // namespace

std::uint32_t GroupTable::hash(std::string_view key) {
  return hash_of_identity(KeyArena::Probe(key).identity());
}

std::uint32_t GroupTable::hash(const KeyArena::Probe& probe) {
  return hash_of_identity(probe.identity());
}

void GroupTable::set_wide_start(std::uint32_t group, std::int64_t row, std::int64_t line) {
  Head& head = heads_[group];
  // Differences are taken only once both values are known to be small, so nothing overflows.
  const bool row_fits = row >= 0 && row <= std::numeric_limits<std::uint32_t>::max();
  const bool line_fits = line >= std::numeric_limits<std::int32_t>::min() &&
                         line <= std::numeric_limits<std::uint32_t>::max();
  const std::int64_t gap = row_fits && line_fits ? line - row : 0;
  if (row_fits && line_fits && gap > kWide && gap <= std::numeric_limits<std::int32_t>::max()) {
    head.row = static_cast<std::uint32_t>(row);
    head.line_gap = static_cast<std::int32_t>(gap);
    if (!wide_.empty()) wide_.erase(group);
    return;
  }
  head.row = 0;
  head.line_gap = kWide;
  wide_[group] = Origin{row, line};
}

std::size_t GroupTable::slot_of(const KeyArena::Probe& probe, std::uint32_t hash) const {
  const std::uint32_t mask = slot_mask();
  const std::uint32_t tag = hash & ~mask;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t value = slots_[slot];
    if (value == 0) return slot;
    if ((value & ~mask) != tag) continue;
    const std::uint32_t group = (value & mask) - 1;
    if (heads_[group].hash == hash && keys_.equals(key_at(group), probe)) return slot;
  }
}

std::uint32_t GroupTable::find(std::string_view key) const {
  if (slots_.empty()) return kNone;
  const KeyArena::Probe probe(key);
  const std::uint32_t value = slots_[slot_of(probe, hash_of_identity(probe.identity()))];
  return value == 0 ? kNone : (value & slot_mask()) - 1;
}

void GroupTable::grow() {
  // Kept at most half full, so that probes stay short.
  decltype(slots_) slots(slots_.empty() ? kFirstSlots : slots_.size() * 2, 0);
  const auto mask = static_cast<std::uint32_t>(slots.size() - 1);
  for (std::uint32_t group = 0; group < heads_.size(); ++group) {
    const std::uint32_t hash = heads_[group].hash;
    std::size_t slot = hash & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = slot_value(group, hash, mask);
  }
  slots_ = std::move(slots);
}

std::uint32_t GroupTable::insert(std::string_view key, std::int64_t row, std::int64_t line,
                                 bool& added) {
  const KeyArena::Probe probe(key);
  return insert(probe, hash_of_identity(probe.identity()), row, line, added);
}

std::uint32_t GroupTable::insert(std::string_view key, std::uint32_t hash, std::int64_t row,
                                 std::int64_t line, bool& added) {
  return insert(KeyArena::Probe(key), hash, row, line, added);
}

std::uint32_t GroupTable::insert(const KeyArena::Probe& probe, std::uint32_t hash, std::int64_t row,
                                 std::int64_t line, bool& added) {
  if ((heads_.size() + 1) * 2 > slots_.size()) {
    if (heads_.size() >= kMaxGroups) throw LimitError("more than 2 billion groups");
    grow();
  }
  const std::size_t slot = slot_of(probe, hash);
  added = slots_[slot] == 0;
  if (!added) return (slots_[slot] & slot_mask()) - 1;
  const std::uint32_t at = keys_.add(probe);
  Head& head = heads_.emplace_back();
  head.hash = hash;
  const auto group = static_cast<std::uint32_t>(heads_.size() - 1);
  if (group % kMarkEvery == 0) marks_.emplace_back(at);
  set_start(group, row, line);
  slots_[slot] = slot_value(group, hash, slot_mask());
  return group;
}

void GroupTable::keep_earlier_start(std::uint32_t group, std::int64_t row, std::int64_t line) {
  const std::int64_t first = first_row(group);
  if (row >= first) return;
  Head& head = heads_[group];
  if ((head.list & kListsFirstRow) != 0) {
    // The old first row stays listed, now by a link of its own.
    head.list = push_link(first, head.list & kNoLink);
  }
  set_start(group, row, line);
}

void GroupTable::add_row(std::uint32_t group, std::int64_t row) {
  Head& head = heads_[group];
  if ((head.list & kListsFirstRow) == 0 && row == first_row(group)) {
    head.list |= kListsFirstRow;
    return;
  }
  head.list = (head.list & kListsFirstRow) | push_link(row, head.list & kNoLink);
}

std::uint32_t GroupTable::push_link(std::int64_t row, std::uint32_t previous) {
  const auto link = static_cast<std::uint32_t>(links_.size());
  if (link == kNoLink) throw LimitError("more than 2 billion rows in groups");
  if (row >= 0 && row < kWideRow) {
    links_.emplace_back(Link{static_cast<std::uint32_t>(row), previous});
  } else {
    links_.emplace_back(Link{kWideRow, previous});
    wide_links_[link] = row;
  }
  return link;
}

std::int64_t GroupTable::row_count(std::uint32_t group) const {
  const Head& head = heads_[group];
  std::int64_t count = (head.list & kListsFirstRow) != 0 ? 1 : 0;
  for (std::uint32_t link = head.list & kNoLink; link != kNoLink; link = links_[link].previous) {
    ++count;
  }
  return count;
}

std::vector<std::int64_t> GroupTable::rows(std::uint32_t group) const {
  const Head& head = heads_[group];
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(row_count(group)));
  if ((head.list & kListsFirstRow) != 0) out.push_back(first_row(group));
  for (std::uint32_t link = head.list & kNoLink; link != kNoLink; link = links_[link].previous) {
    out.push_back(link_row(link));
  }
  return out;
}

void GroupTable::append_rows(std::uint32_t group, const GroupTable& later, std::uint32_t from) {
  const Head& source = later.heads_[from];
  if ((source.list & kListsFirstRow) != 0) add_row(group, later.first_row(from));
  for (std::uint32_t link = source.list & kNoLink; link != kNoLink;
       link = later.links_[link].previous) {
    add_row(group, later.link_row(link));
  }
}

std::size_t GroupTable::memory_bytes() const {
  std::size_t bytes = slots_.capacity() * sizeof(std::uint32_t) + keys_.memory_bytes();
  bytes += heads_.capacity() * sizeof(Head) + links_.capacity() * sizeof(Link);
  bytes += marks_.capacity() * sizeof(std::uint32_t);
  bytes += wide_.size() * (sizeof(Origin) + sizeof(std::uint32_t) + 2 * sizeof(void*));
  bytes += wide_links_.size() * (sizeof(std::int64_t) + sizeof(std::uint32_t) + 2 * sizeof(void*));
  return bytes;
}

}  // namespace fundrules::engine
