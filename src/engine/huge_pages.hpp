#pragma once

// An allocator for the large arrays of the engine's hash tables that are read at random, one
// place per row (the slots of a table of a million groups take 8 MiB). Mapped in pages of
// 4 KiB, such an array needs a page-table walk on most lookups besides the cache miss, and on
// a virtual machine a walk costs more than the miss; covered by 2 MiB pages, its translations
// stay cached. So on Linux an array of 2 MiB or more gets a mapping of its own, aligned to
// 2 MiB, which the kernel is asked to back with huge pages. Where it cannot (another system,
// the feature switched off), the memory is the same as any other and nothing else changes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace fundrules::engine {

/// A std::allocator that asks for huge pages for allocations of 2 MiB or more.
template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() noexcept = default;
  template <typename U>
  explicit HugePageAllocator(const HugePageAllocator<U>& /*other*/) noexcept {}

  /// Room for `count` elements.
  T* allocate(std::size_t count) {
    if (count > (std::size_t(-1) - 2 * kHugePage) / sizeof(T)) throw std::bad_array_new_length();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const std::size_t bytes = count * sizeof(T);
    if (bytes >= kHugePage) {
      // A fresh mapping (the heap would hand back pages already mapped small), trimmed to
      // start on a 2 MiB boundary.
      const std::size_t size = rounded(bytes);
      void* mapped = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mapped == MAP_FAILED) throw std::bad_alloc();
      auto* start = static_cast<char*>(mapped);
      const std::size_t skip =
          (kHugePage - reinterpret_cast<std::uintptr_t>(start) % kHugePage) % kHugePage;
      if (skip != 0) munmap(start, skip);
      munmap(start + skip + size, kHugePage - skip);
      // Advice only: a kernel without huge pages leaves the memory as it is.
      madvise(start + skip, size, MADV_HUGEPAGE);
      return reinterpret_cast<T*>(start + skip);
    }
#endif
    return std::allocator<T>().allocate(count);
  }

  /// Gives back what allocate(count) returned.
  void deallocate(T* memory, std::size_t count) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (count * sizeof(T) >= kHugePage) {
      munmap(memory, rounded(count * sizeof(T)));
      return;
    }
#endif
    std::allocator<T>().deallocate(memory, count);
  }

  /// Allocators of this kind are interchangeable.
  friend bool operator==(const HugePageAllocator& /*a*/, const HugePageAllocator& /*b*/) noexcept {
    return true;
  }
  friend bool operator!=(const HugePageAllocator& /*a*/, const HugePageAllocator& /*b*/) noexcept {
    return false;
  }

 private:
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static std::size_t rounded(std::size_t bytes) noexcept {
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
  }
};

}  // namespace fundrules::engine
