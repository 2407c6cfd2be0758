#include "engine/group_table.hpp"

#include <algorithm>
#include <functional>
#include <limits>

#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

// Keys are stored in blocks of this many bytes (an offset in a block fits the low bits of
// Head::key_at); a longer key gets a block of its own.
constexpr std::size_t kBlockBytes = std::size_t{1} << 16;
constexpr std::size_t kMaxBlocks = std::size_t{1} << 16;
constexpr std::size_t kFirstSlots = 16;

std::uint32_t hash_of(std::string_view key) {
  const std::size_t full = std::hash<std::string_view>{}(key);
  return static_cast<std::uint32_t>(full ^ (full >> 32));
}

}  // namespace

std::string_view GroupTable::key(std::uint32_t group) const {
  const Head& head = heads_[group];
  return std::string_view(blocks_[head.key_at >> kOffsetBits])
      .substr(head.key_at & (kBlockBytes - 1), head.key_size);
}

std::size_t GroupTable::slot_of(std::string_view key, std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t group = slots_[slot];
    if (group == kNone) return slot;
    const Head& head = heads_[group];
    if (head.hash == hash && this->key(group) == key) return slot;
  }
}

std::uint32_t GroupTable::find(std::string_view key) const {
  if (slots_.empty()) return kNone;
  return slots_[slot_of(key, hash_of(key))];
}

void GroupTable::grow() {
  // Kept at most half full, so that probes stay short.
  std::vector<std::uint32_t> slots(slots_.empty() ? kFirstSlots : slots_.size() * 2, kNone);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t group = 0; group < heads_.size(); ++group) {
    std::size_t slot = heads_[group].hash & mask;
    while (slots[slot] != kNone) slot = (slot + 1) & mask;
    slots[slot] = group;
  }
  slots_ = std::move(slots);
}

void GroupTable::store_key(std::string_view key, Head& head) {
  if (blocks_.empty() || blocks_.back().size() + key.size() > kBlockBytes) {
    if (blocks_.size() == kMaxBlocks || key.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw LimitError("more than 4 GiB of group_by values");
    }
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockBytes, key.size()));
  }
  std::string& block = blocks_.back();
  head.key_at = static_cast<std::uint32_t>(((blocks_.size() - 1) << kOffsetBits) + block.size());
  head.key_size = static_cast<std::uint32_t>(key.size());
  block.append(key);
}

std::uint32_t GroupTable::insert(std::string_view key, std::int64_t row, std::int64_t line,
                                 bool& added) {
  if ((heads_.size() + 1) * 2 > slots_.size()) grow();
  const std::uint32_t hash = hash_of(key);
  const std::size_t slot = slot_of(key, hash);
  added = slots_[slot] == kNone;
  if (!added) return slots_[slot];
  Head& head = heads_.emplace_back();
  head.hash = hash;
  head.first_row = row;
  head.first_line = line;
  store_key(key, head);
  slots_[slot] = static_cast<std::uint32_t>(heads_.size() - 1);
  return slots_[slot];
}

void GroupTable::keep_earlier_start(std::uint32_t group, std::int64_t row, std::int64_t line) {
  Head& head = heads_[group];
  if (row >= head.first_row) return;
  if (head.lists_first_row) {
    // The old first row stays listed, now by a link of its own.
    head.lists_first_row = false;
    head.last_link = push_link(head.first_row, head.last_link);
  }
  head.first_row = row;
  head.first_line = line;
}

void GroupTable::add_row(std::uint32_t group, std::int64_t row) {
  Head& head = heads_[group];
  ++head.row_count;
  if (row == head.first_row && !head.lists_first_row) {
    head.lists_first_row = true;
    return;
  }
  head.last_link = push_link(row, head.last_link);
}

std::uint32_t GroupTable::push_link(std::int64_t row, std::uint32_t previous) {
  const auto link = static_cast<std::uint32_t>(links_.size());
  if (link == kNone) throw LimitError("more than 4 billion rows in groups");
  links_.emplace_back(Link{row, previous});
  return link;
}

std::vector<std::int64_t> GroupTable::rows(std::uint32_t group) const {
  const Head& head = heads_[group];
  std::vector<std::int64_t> out;
  out.reserve(head.row_count);
  if (head.lists_first_row) out.push_back(head.first_row);
  for (std::uint32_t link = head.last_link; link != kNone; link = links_[link].previous) {
    out.push_back(links_[link].row);
  }
  return out;
}

void GroupTable::append_rows(std::uint32_t group, const GroupTable& later, std::uint32_t from) {
  const Head& source = later.heads_[from];
  if (source.lists_first_row) add_row(group, source.first_row);
  for (std::uint32_t link = source.last_link; link != kNone; link = later.links_[link].previous) {
    add_row(group, later.links_[link].row);
  }
}

}  // namespace fundrules::engine
