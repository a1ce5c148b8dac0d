// QueueSink: the processing path may drop (counted); the recording path never loses data
// silently — an overflow is counted and marked in the stream at the point of loss.
#include <gtest/gtest.h>

#include <variant>

#include "stridecue/acquisition/queue_sink.hpp"

using namespace stridecue;
using namespace stridecue::acquisition;

namespace {
ForceFrame frame(std::uint32_t i) {
  ForceFrame f;
  f.t_ns = i * kNsPerMs;
  f.counter = i;
  f.n_plates = 1;
  return f;
}
}  // namespace

TEST(QueueSink, RecordingOverflowIsCountedAndMarkedWhereDataIsMissing) {
  SampleQueue processing(1024), recording(8);  // BlockingReaderWriterQueue rounds up a little
  QueueSink sink(processing, &recording);
  for (std::uint32_t i = 0; i < 100; ++i) sink.on_force(frame(i));
  ASSERT_GT(sink.recording_overflows(), 0u);
  const std::uint64_t overflowed = sink.recording_overflows();

  // The writer catches up: drain everything queued so far.
  SampleItem item;
  std::uint32_t kept = 0;
  while (recording.try_pop(item)) {
    ASSERT_TRUE(std::holds_alternative<ForceFrame>(item));
    ++kept;
  }
  EXPECT_EQ(kept + overflowed, 100u);

  // The next sample that fits comes after a marker that says how much is missing.
  sink.on_force(frame(100));
  ASSERT_TRUE(recording.try_pop(item));
  ASSERT_TRUE(std::holds_alternative<StreamGap>(item));
  const auto& gap = std::get<StreamGap>(item);
  EXPECT_EQ(gap.reason, StreamGap::Reason::kRecordingOverflow);
  EXPECT_EQ(gap.lost_samples, overflowed);
  EXPECT_EQ(gap.t_ns, 100 * kNsPerMs);
  ASSERT_TRUE(recording.try_pop(item));
  EXPECT_EQ(std::get<ForceFrame>(item).counter, 100u);

  // Processing had room for everything.
  EXPECT_EQ(processing.dropped(), 0u);
}

TEST(QueueSink, ProcessingOverflowDropsAndCounts) {
  SampleQueue processing(16);
  QueueSink sink(processing);
  for (std::uint32_t i = 0; i < 200; ++i) sink.on_force(frame(i));
  EXPECT_GT(processing.dropped(), 0u);
  EXPECT_EQ(processing.dropped() + processing.size_approx(), 200u);
}

TEST(QueueSink, GapsReachBothPathsWithTheirReason) {
  SampleQueue processing(16), recording(16);
  QueueSink sink(processing, &recording);
  sink.on_gap(2, 40, 8, 5 * kNsPerMs);
  sink.on_gap(1, 0, 0, 6 * kNsPerMs);
  SampleItem a, b;
  ASSERT_TRUE(recording.try_pop(a));
  ASSERT_TRUE(recording.try_pop(b));
  EXPECT_EQ(std::get<StreamGap>(a).reason, StreamGap::Reason::kCounterGap);
  EXPECT_EQ(std::get<StreamGap>(a).lost_samples, 8u);
  EXPECT_EQ(std::get<StreamGap>(b).reason, StreamGap::Reason::kDisconnected);
  ASSERT_TRUE(processing.try_pop(a));
  EXPECT_EQ(std::get<StreamGap>(a).device, 2);
}
