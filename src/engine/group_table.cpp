#include "engine/group_table.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

// Keys are stored in blocks of this many bytes (an offset in a block fits the low bits of
// Head::key_at); a longer key gets a block of its own.
constexpr std::size_t kBlockBytes = std::size_t{1} << 16;
constexpr std::size_t kMaxBlocks = std::size_t{1} << 16;
constexpr std::size_t kFirstSlots = 16;
// A key's length takes one byte below kLongLength, else that byte and four more.
constexpr unsigned char kLongLength = 0xff;
constexpr std::size_t kLongPrefix = 1 + sizeof(std::uint32_t);

std::uint32_t hash_of(std::string_view key) {
  const std::size_t full = std::hash<std::string_view>{}(key);
  return static_cast<std::uint32_t>(full ^ (full >> 32));
}

}  // namespace

std::string_view GroupTable::key(std::uint32_t group) const {
  const std::uint32_t at = heads_[group].key_at;
  const std::string& block = blocks_[at >> kOffsetBits];
  std::size_t offset = at & (kBlockBytes - 1);
  std::size_t size = static_cast<unsigned char>(block[offset]);
  ++offset;
  if (size == kLongLength) {
    std::uint32_t long_size = 0;
    std::memcpy(&long_size, block.data() + offset, sizeof long_size);
    offset += sizeof long_size;
    size = long_size;
  }
  return std::string_view(block.data() + offset, size);
}

std::int64_t GroupTable::first_row(std::uint32_t group) const {
  const Head& head = heads_[group];
  if (head.line_gap == kWide) return wide_.at(group).row;
  return head.row;
}

std::int64_t GroupTable::first_line(std::uint32_t group) const {
  const Head& head = heads_[group];
  if (head.line_gap == kWide) return wide_.at(group).line;
  return static_cast<std::int64_t>(head.row) + head.line_gap;
}

void GroupTable::set_start(std::uint32_t group, std::int64_t row, std::int64_t line) {
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

std::size_t GroupTable::slot_of(std::string_view key, std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t group = slots_[slot];
    if (group == kNone) return slot;
    if (heads_[group].hash == hash && this->key(group) == key) return slot;
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
  if (key.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw LimitError("a group_by value of more than 4 GiB");
  }
  const std::size_t prefix = key.size() < kLongLength ? 1 : kLongPrefix;
  const std::size_t needed = prefix + key.size();
  if (blocks_.empty() || blocks_.back().size() + needed > kBlockBytes) {
    if (blocks_.size() == kMaxBlocks) throw LimitError("more than 4 GiB of group_by values");
    blocks_.emplace_back();
    blocks_.back().reserve(std::max(kBlockBytes, needed));
  }
  std::string& block = blocks_.back();
  head.key_at = static_cast<std::uint32_t>(((blocks_.size() - 1) << kOffsetBits) + block.size());
  if (prefix == 1) {
    block.push_back(static_cast<char>(key.size()));
  } else {
    const auto size = static_cast<std::uint32_t>(key.size());
    char bytes[sizeof size];
    std::memcpy(bytes, &size, sizeof size);
    block.push_back(static_cast<char>(kLongLength));
    block.append(bytes, sizeof bytes);
  }
  block.append(key);
}

std::uint32_t GroupTable::insert(std::string_view key, std::int64_t row, std::int64_t line,
                                 bool& added) {
  if ((heads_.size() + 1) * 2 > slots_.size()) {
    if (heads_.size() >= kNone - 1) throw LimitError("more than 4 billion groups");
    grow();
  }
  const std::uint32_t hash = hash_of(key);
  const std::size_t slot = slot_of(key, hash);
  added = slots_[slot] == kNone;
  if (!added) return slots_[slot];
  Head& head = heads_.emplace_back();
  head.hash = hash;
  store_key(key, head);
  const auto group = static_cast<std::uint32_t>(heads_.size() - 1);
  set_start(group, row, line);
  slots_[slot] = group;
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
  links_.emplace_back(Link{row, previous});
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
    out.push_back(links_[link].row);
  }
  return out;
}

void GroupTable::append_rows(std::uint32_t group, const GroupTable& later, std::uint32_t from) {
  const Head& source = later.heads_[from];
  if ((source.list & kListsFirstRow) != 0) add_row(group, later.first_row(from));
  for (std::uint32_t link = source.list & kNoLink; link != kNoLink;
       link = later.links_[link].previous) {
    add_row(group, later.links_[link].row);
  }
}

std::size_t GroupTable::memory_bytes() const {
  std::size_t bytes = slots_.capacity() * sizeof(std::uint32_t);
  for (const std::string& block : blocks_) bytes += block.capacity();
  bytes += heads_.capacity() * sizeof(Head) + links_.capacity() * sizeof(Link);
  bytes += wide_.size() * (sizeof(Origin) + sizeof(std::uint32_t) + 2 * sizeof(void*));
  return bytes;
}

}  // namespace fundrules::engine
