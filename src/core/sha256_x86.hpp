#pragma once

// The SHA-256 compression function on the x86 SHA extensions, kept apart so that only its
// translation unit is compiled for them and the rest of the library runs on any x86-64.

#include <cstddef>
#include <cstdint>

namespace fundrules::detail {

/// True when the CPU has the SHA extensions (and the SSSE3 and SSE4.1 they are used with) and
/// this build includes the code for them.
bool cpu_has_sha_ni() noexcept;

/// Compresses `count` 64-byte blocks into `state` (a, b, ..., h) with the SHA extensions.
/// Only to be called when cpu_has_sha_ni().
void sha256_compress_sha_ni(std::uint32_t* state, const std::uint8_t* blocks,
                            std::size_t count) noexcept;

}  // namespace fundrules::detail
