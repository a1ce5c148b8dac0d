// Counts heap allocations made by the current thread, so a test can prove a hot path does not
// allocate. Link alloc_counter.cpp into the test executable (it replaces global operator new).
#pragma once

#include <cstdint>

namespace stridecue::test {

/// Allocations made by this thread since it started.
std::uint64_t thread_allocations();

/// Allocations made by this thread while the scope is alive.
class AllocationScope {
 public:
  AllocationScope() : start_(thread_allocations()) {}
  std::uint64_t count() const { return thread_allocations() - start_; }

 private:
  std::uint64_t start_;
};

}  // namespace stridecue::test
