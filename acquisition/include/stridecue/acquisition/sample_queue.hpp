// The hand-off from the acquisition thread to one consumer thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>

#include <readerwriterqueue/readerwriterqueue.h>

#include "stridecue/core/sample_item.hpp"

namespace stridecue::acquisition {

/// Single-producer (acquisition thread) single-consumer queue of samples, pre-allocated.
/// push: producer thread only; wait-free unless full; never allocates; when full the item is
///   NOT queued, counted in dropped() and push returns false (the caller decides what that means).
/// pop_wait: consumer thread only; blocks without spinning and without a timed wait
/// (docs/science.md
///   §8: moodycamel timed waits use CLOCK_REALTIME); a producer's EndOfStream wakes it for good.
class SampleQueue {
 public:
  explicit SampleQueue(std::size_t capacity) : q_(capacity) {}

  bool push(const SampleItem& item) {
    if (q_.try_enqueue(item)) return true;
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  /// Pushes, waiting (yielding) for space when full; for producers that can wait, such as a
  /// file replayed as fast as possible. Never allocates.
  void push_wait(const SampleItem& item) {
    while (!q_.try_enqueue(item)) std::this_thread::yield();
  }

  /// Pushes EndOfStream, waiting for space if the queue is full (never drops it).
  void close() { push_wait(SampleItem{EndOfStream{}}); }

  void pop_wait(SampleItem& out) { q_.wait_dequeue(out); }
  bool try_pop(SampleItem& out) { return q_.try_dequeue(out); }

  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  std::size_t size_approx() const { return q_.size_approx(); }

 private:
  moodycamel::BlockingReaderWriterQueue<SampleItem> q_;
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace stridecue::acquisition
