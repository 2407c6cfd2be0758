#pragma once

// SHA-256 (FIPS 180-4), for the digests of rulesets and inputs that make a report auditable.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fundrules {

/// How the compression function runs: the x86 SHA extensions (SHA-NI) are several times
/// faster than portable code, and the input digest is computed over every byte read.
enum class Sha256Engine : std::uint8_t {
  Best,      ///< the SHA extensions when this CPU has them, else portable
  Portable,  ///< plain C++, on any CPU
  ShaNi,     ///< the SHA extensions; only where sha256_sha_ni_available()
};

/// True when this build and this CPU can use the SHA extensions.
bool sha256_sha_ni_available() noexcept;

/// Incremental SHA-256.
class Sha256 {
 public:
  /// `engine` ShaNi on a CPU without the extensions falls back to Portable.
  explicit Sha256(Sha256Engine engine = Sha256Engine::Best);
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  /// The digest as 64 lower-case hex characters. The object cannot be updated afterwards.
  std::string hex_digest();

 private:
  void compress(const std::uint8_t* blocks, std::size_t count);
  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
  bool sha_ni_ = false;
};

/// SHA-256 of a string, hex.
std::string sha256_hex(std::string_view data);

}  // namespace fundrules
