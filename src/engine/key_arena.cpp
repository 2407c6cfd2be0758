#include "engine/key_arena.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "fundrules/error.hpp"
#include "fundrules/table.hpp"

namespace fundrules::engine {

namespace {

// Blocks of keys: a key's place is its block's number and the offset in it, in 16 bits each;
// a key longer than a block gets one of its own. The first block is small, since many tables
// hold a handful of keys (a check of one record).
constexpr unsigned kOffsetBits = KeyArena::kOffsetBits;
constexpr std::size_t kBlockBytes = std::size_t{1} << kOffsetBits;
constexpr std::size_t kFirstBlockBytes = 1024;
constexpr std::size_t kMaxBlocks = std::size_t{1} << 16;

// The first byte of a stored key: below kPacked, the length of a key stored as it is; from
// kPacked up to kLong, kPacked + the length of a packed key; kLong, a key stored as it is
// whose length follows in four bytes.
constexpr unsigned kPacked = 0x80;
constexpr unsigned char kLong = 0xff;
constexpr std::size_t kMinPacked = 4;  // a shorter key gains nothing

// The sixteen characters a packed key is made of: digits, the X of an ID number, and what
// numbered codes and encoded keys carry besides ('5' is the digit of text, 0x1f ends a value).
constexpr char kSymbols[16] = {'0', '1', '2', '3', '4', '5', '6', '7',
                               '8', '9', 'X', 'x', '-', '.', ' ', '\x1f'};
constexpr unsigned char kNoSymbol = 0xff;

constexpr std::array<unsigned char, 256> make_codes() {
  std::array<unsigned char, 256> codes{};
  for (unsigned char& code : codes) code = kNoSymbol;
  for (unsigned i = 0; i < 16; ++i) codes[static_cast<unsigned char>(kSymbols[i])] = i;
  return codes;
}
constexpr std::array<unsigned char, 256> kCodes = make_codes();

std::size_t packed_bytes(std::size_t characters) { return (characters + 1) / 2; }

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr bool kLittleEndian = true;
#else
constexpr bool kLittleEndian = false;
#endif

// Whether each of the eight bytes is '0' to '9': a high nibble of 3, and a low one that adding
// 6 does not carry out of (no carry crosses bytes, since every byte is below 0x40 by then).
bool all_digits(std::uint64_t word) {
  constexpr std::uint64_t kHigh = 0xf0f0f0f0f0f0f0f0ULL;
  constexpr std::uint64_t kThrees = 0x3030303030303030ULL;
  return (word & kHigh) == kThrees && ((word + 0x0606060606060606ULL) & kHigh) == kThrees;
}

}  // namespace

KeyArena::Probe::Probe(std::string_view key) : key_(key) {
  const std::size_t n = key.size();
  if (n < kMinPacked || n > kMaxPacked) return;
  const auto* in = reinterpret_cast<const unsigned char*>(key.data());
  // Most keys that cannot be packed (a household code) show it by their second character.
  if (kCodes[in[1]] == kNoSymbol) return;
  // Codes are below 16 and kNoSymbol is not: one test after the loop says whether every
  // character had a code, and the loop itself does not branch on it.
  unsigned seen = 0;
  unsigned char* out = packed_ + 1;
  std::size_t i = 0;
  // Eight digits at a time while they last (the bulk of an ID number): a digit's code is its
  // value, so the low nibbles of the eight bytes, paired, are the four packed bytes.
  if constexpr (kLittleEndian) {
    for (; i + 8 <= n; i += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, in + i, sizeof word);
      if (!all_digits(word)) break;
      const std::uint64_t digits = word & 0x0f0f0f0f0f0f0f0fULL;
      // Each 16-bit lane: its first character's digit, then its second's, in its low byte.
      std::uint64_t pairs =
          ((digits & 0x000f000f000f000fULL) << 4) | ((digits >> 8) & 0x000f000f000f000fULL);
      pairs = (pairs | (pairs >> 8)) & 0x0000ffff0000ffffULL;
      pairs = (pairs | (pairs >> 16)) & 0x00000000ffffffffULL;
      const auto four = static_cast<std::uint32_t>(pairs);
      std::memcpy(out, &four, sizeof four);
      out += sizeof four;
    }
  }
  for (; i + 1 < n; i += 2) {
    const unsigned high = kCodes[in[i]];
    const unsigned low = kCodes[in[i + 1]];
    seen |= high | low;
    *out++ = static_cast<unsigned char>(high << 4 | low);
  }
  if (i < n) {
    const unsigned high = kCodes[in[i]];
    seen |= high;
    *out = static_cast<unsigned char>(high << 4);
  }
  if (seen > 0x0f) return;
  packed_[0] = static_cast<unsigned char>(kPacked + n);
  packed_size_ = 1 + packed_bytes(n);
}

unsigned char* KeyArena::reserve_block(std::size_t bytes, std::uint32_t& at) {
  if (blocks_.size() == kMaxBlocks) throw LimitError("more than 4 GiB of group_by values");
  const std::size_t size = blocks_.empty() ? kFirstBlockBytes : kBlockBytes;
  if (!blocks_.empty()) ends_.push_back(static_cast<std::uint32_t>(used_));
  blocks_.emplace_back(std::max(size, bytes), '\0');
  used_ = 0;
  at = static_cast<std::uint32_t>(((blocks_.size() - 1) << kOffsetBits) | used_);
  unsigned char* out = reinterpret_cast<unsigned char*>(blocks_.back().data()) + used_;
  used_ += bytes;
  return out;
}

std::uint32_t KeyArena::add(const Probe& probe) {
  std::uint32_t at = 0;
  if (probe.packed_size_ != 0) {
    // At most 64 bytes: copied without a call.
    fundrules::detail::copy_bytes(reinterpret_cast<char*>(reserve(probe.packed_size_, at)),
                                  reinterpret_cast<const char*>(probe.packed_), probe.packed_size_);
    return at;
  }
  const std::string_view key = probe.key_;
  if (key.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw LimitError("a group_by value of more than 4 GiB");
  }
  if (key.size() < kPacked) {
    unsigned char* out = reserve(1 + key.size(), at);
    out[0] = static_cast<unsigned char>(key.size());
    fundrules::detail::copy_bytes(reinterpret_cast<char*>(out + 1), key.data(), key.size());
    return at;
  }
  const auto size = static_cast<std::uint32_t>(key.size());
  unsigned char* out = reserve(1 + sizeof size + key.size(), at);
  out[0] = kLong;
  std::memcpy(out + 1, &size, sizeof size);
  std::memcpy(out + 1 + sizeof size, key.data(), key.size());
  return at;
}

const unsigned char* KeyArena::locate(std::uint32_t at) const {
  return reinterpret_cast<const unsigned char*>(blocks_[at >> kOffsetBits].data()) +
         (at & (kBlockBytes - 1));
}

bool KeyArena::equals(std::uint32_t at, const Probe& probe) const {
  const unsigned char* stored = locate(at);
  if (probe.packed_size_ != 0) {
    // The first byte gives the length: only a key as long is read further.
    return stored[0] == probe.packed_[0] &&
           std::memcmp(stored + 1, probe.packed_ + 1, probe.packed_size_ - 1) == 0;
  }
  const std::string_view key = probe.key_;
  if (stored[0] < kPacked) {
    // An empty key may have no data at all: memcmp is not given a null pointer.
    return stored[0] == key.size() &&
           (key.empty() || std::memcmp(stored + 1, key.data(), key.size()) == 0);
  }
  if (stored[0] != kLong) return false;
  std::uint32_t size = 0;
  std::memcpy(&size, stored + 1, sizeof size);
  return size == key.size() && std::memcmp(stored + 1 + sizeof size, key.data(), size) == 0;
}

std::uint32_t KeyArena::next(std::uint32_t at) const {
  const unsigned char* stored = locate(at);
  std::size_t size = 1;
  if (stored[0] < kPacked) {
    size += stored[0];
  } else if (stored[0] == kLong) {
    std::uint32_t length = 0;
    std::memcpy(&length, stored + 1, sizeof length);
    size += sizeof length + length;
  } else {
    size += packed_bytes(stored[0] - kPacked);
  }
  const std::size_t block = at >> kOffsetBits;
  const std::size_t end = (at & (kBlockBytes - 1)) + size;
  // A key that did not fit the rest of a block begins the next one.
  const std::size_t in_use = block + 1 < blocks_.size() ? ends_[block] : used_;
  if (end >= in_use) return static_cast<std::uint32_t>((block + 1) << kOffsetBits);
  return static_cast<std::uint32_t>((block << kOffsetBits) | end);
}

std::string_view KeyArena::get(std::uint32_t at, std::string& buffer) const {
  const unsigned char* stored = locate(at);
  const auto* text = reinterpret_cast<const char*>(stored);
  if (stored[0] < kPacked) return std::string_view(text + 1, stored[0]);
  if (stored[0] == kLong) {
    std::uint32_t size = 0;
    std::memcpy(&size, stored + 1, sizeof size);
    return std::string_view(text + 1 + sizeof size, size);
  }
  const std::size_t n = stored[0] - kPacked;
  buffer.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char pair = stored[1 + i / 2];
    buffer[i] = kSymbols[i % 2 == 0 ? pair >> 4 : pair & 0x0f];
  }
  return buffer;
}

std::size_t KeyArena::memory_bytes() const {
  std::size_t bytes = 0;
  for (const std::string& block : blocks_) bytes += block.capacity();
  return bytes + ends_.capacity() * sizeof(std::uint32_t);
}

}  // namespace fundrules::engine
