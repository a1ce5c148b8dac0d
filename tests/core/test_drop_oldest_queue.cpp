// DropOldestQueue: the display-path contract — keeps the newest, counts the dropped, never
// allocates after construction.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "alloc_counter.hpp"
#include "stridecue/core/drop_oldest_queue.hpp"

using stridecue::DropOldestQueue;

TEST(DropOldestQueue, HoldsItsWholeCapacity) {
  DropOldestQueue<int> q(16384);
  for (int i = 0; i < 16384; ++i) q.push(i);
  EXPECT_EQ(q.dropped(), 0u);
  int v = -1, n = 0;
  while (q.pop(v)) EXPECT_EQ(v, n++);
  EXPECT_EQ(n, 16384);
}

TEST(DropOldestQueue, WhenFullDropsTheOldestAndCountsIt) {
  DropOldestQueue<int> q(64);
  for (int i = 0; i < 1000; ++i) q.push(i);
  EXPECT_GT(q.dropped(), 0u);
  int v = -1, last = -1, n = 0;
  while (q.pop(v)) {
    EXPECT_GT(v, last);
    last = v;
    ++n;
  }
  EXPECT_EQ(last, 999);  // the newest survives
  EXPECT_EQ(static_cast<std::uint64_t>(n) + q.dropped(), 1000u);
}

TEST(DropOldestQueue, PushDoesNotAllocateAfterConstruction) {
  DropOldestQueue<int> q(256);
  stridecue::test::AllocationScope scope;
  for (int i = 0; i < 100'000; ++i) q.push(i);
  int v;
  while (q.pop(v)) {
  }
  EXPECT_EQ(scope.count(), 0u);
}

TEST(DropOldestQueue, ProducerAndConsumerThreadsAgreeOnCounts) {
  DropOldestQueue<long> q(128);
  constexpr long kItems = 200'000;
  std::atomic<bool> done{false};
  long received = 0, last = -1;
  bool ordered = true;
  std::thread consumer([&] {
    long v;
    for (;;) {
      const bool finished = done.load();
      while (q.pop(v)) {
        ordered &= v > last;
        last = v;
        ++received;
      }
      if (finished) break;
    }
  });
  for (long i = 0; i < kItems; ++i) q.push(i);
  done = true;
  consumer.join();
  EXPECT_TRUE(ordered);
  EXPECT_EQ(static_cast<std::uint64_t>(received) + q.dropped(), static_cast<std::uint64_t>(kItems));
}
