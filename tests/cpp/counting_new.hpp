#pragma once
// Replaces every form of the global operator new and delete with malloc and free, counting
// each allocation in g_allocations. Include it in exactly one file of a test program.
//
// All forms are replaced, not only `operator new(size_t)`: the library's nothrow, array and
// sized forms (std::stable_sort's temporary buffer uses the nothrow one) would otherwise still
// come from the sanitizer's or the C++ runtime's allocator and then be freed by the replaced
// delete, which AddressSanitizer rightly reports as an alloc-dealloc mismatch. Over-aligned
// forms (align_val_t) are left to the runtime: they pair with their own deletes.

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_allocations{0};

void* counted_malloc(std::size_t size) noexcept {
  ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}

// How many allocations `work` made.
template <typename Work>
long allocations_during(Work&& work) {
  const long before = g_allocations.load();
  work();
  return g_allocations.load() - before;
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = counted_malloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_malloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t /*size*/) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t /*size*/) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
