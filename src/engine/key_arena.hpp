#pragma once

// The encoded group keys of a group table, one after another in blocks that never move.
// Most keys of a payment list are ID numbers: an 18-character string of digits and X, 20
// bytes once encoded with its type digit and separator. Such a key, made only of digits and a
// few other symbols, is stored two characters a byte; any other key is stored as it is. Each
// key is preceded by one byte saying which and how long (or five, for a key of 127 bytes or
// more). A key is packed exactly when it can be, so two keys are equal exactly when their
// stored forms are, and a probe is compared without unpacking anything.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fundrules::engine {

class KeyArena {
 public:
  /// A key's place is its block's number and its offset in the block, in this many bits each.
  static constexpr unsigned kOffsetBits = 16;

  /// The stored form of a key about to be looked up or added.
  class Probe {
   public:
    explicit Probe(std::string_view key);
    [[nodiscard]] std::string_view key() const noexcept { return key_; }
    /// What identifies the key as well as its text does, in fewer bytes when packed: what a
    /// table hashes.
    [[nodiscard]] std::string_view identity() const noexcept {
      return packed_size_ == 0
                 ? key_
                 : std::string_view(reinterpret_cast<const char*>(packed_), packed_size_);
    }

   private:
    friend class KeyArena;
    static constexpr std::size_t kMaxPacked = 126;  // characters
    std::string_view key_;
    std::size_t packed_size_ = 0;  // bytes of packed_, 0 when the key is stored as it is
    unsigned char packed_[1 + (kMaxPacked + 1) / 2];  // written only as far as used
  };

  /// Stores a key; returns where (for equals() and get()).
  std::uint32_t add(const Probe& probe);
  /// Whether the key stored at `at` is the probe's.
  [[nodiscard]] bool equals(std::uint32_t at, const Probe& probe) const;
  /// The key stored at `at`: a view of the arena, or of `buffer` when it had to be unpacked.
  [[nodiscard]] std::string_view get(std::uint32_t at, std::string& buffer) const;

  /// Where the key stored after the one at `at` begins (keys are stored in the order added);
  /// `at` must not be the last key.
  [[nodiscard]] std::uint32_t next(std::uint32_t at) const;

  /// Bytes the arena holds.
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  // Where the stored key begins: the block and the bytes after its first byte.
  [[nodiscard]] const unsigned char* locate(std::uint32_t at) const;
  // Room for `bytes` more at the end of the last block, without a call while it has some.
  unsigned char* reserve(std::size_t bytes, std::uint32_t& at) {
    if (blocks_.empty() || used_ + bytes > blocks_.back().size()) return reserve_block(bytes, at);
    at = static_cast<std::uint32_t>(((blocks_.size() - 1) << kOffsetBits) | used_);
    unsigned char* out = reinterpret_cast<unsigned char*>(blocks_.back().data()) + used_;
    used_ += bytes;
    return out;
  }
  // reserve() in a new block.
  unsigned char* reserve_block(std::size_t bytes, std::uint32_t& at);

  std::vector<std::string> blocks_;  // each as long as it will ever be; the last one in use
  std::size_t used_ = 0;             // bytes of the last block in use
  std::vector<std::uint32_t> ends_;  // bytes in use of each block but the last
};

}  // namespace fundrules::engine
