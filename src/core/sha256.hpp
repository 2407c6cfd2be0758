#pragma once

// SHA-256 (FIPS 180-4), for the digests of rulesets and inputs that make a report auditable.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fundrules {

/// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  /// The digest as 64 lower-case hex characters. The object cannot be updated afterwards.
  std::string hex_digest();

 private:
  void compress(const std::uint8_t* block);
  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

/// SHA-256 of a string, hex.
std::string sha256_hex(std::string_view data);

}  // namespace fundrules
