// A bounded queue for display paths: the newest data matters, so when it is full the oldest
// item is dropped and counted. Built on moodycamel::ConcurrentQueue, which (unlike the SPSC
// ReaderWriterQueue) lets the producer dequeue to make room.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include <concurrentqueue/concurrentqueue.h>

namespace stridecue {

/// Queue traits: an explicit producer's block index must hold every pre-allocated block, or
/// try_enqueue (which never allocates) fails long before the capacity is reached.
struct DropOldestQueueTraits : moodycamel::ConcurrentQueueDefaultTraits {
  static constexpr std::size_t BLOCK_SIZE = 32;
  static constexpr std::size_t EXPLICIT_INITIAL_INDEX_SIZE = 1024;  // 32768 items
};

/// One producer thread, one consumer thread. T trivially copyable.
/// push: producer only; wait-free unless full; never allocates (capacity pre-allocated);
///   when full, drops the oldest item, counts it in dropped(), and queues the new one.
/// pop: consumer only; never blocks; never allocates.
template <typename T>
class DropOldestQueue {
 public:
  /// capacity: at most 32768 items.
  explicit DropOldestQueue(std::size_t capacity) : q_(capacity), token_(q_) {}

  void push(const T& item) {
    if (q_.try_enqueue(token_, item)) return;
    T oldest;
    if (q_.try_dequeue_from_producer(token_, oldest)) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
    }
    if (!q_.try_enqueue(token_, item)) dropped_.fetch_add(1, std::memory_order_relaxed);
  }

  bool pop(T& out) { return q_.try_dequeue_from_producer(token_, out); }

  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  moodycamel::ConcurrentQueue<T, DropOldestQueueTraits> q_;
  moodycamel::ProducerToken token_;
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace stridecue
