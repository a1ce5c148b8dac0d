// What the processing thread hands to a session recorder: every item it took, in its order, and
// every gait event and applied request — so that a recording replays to the same steps and cues.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "stridecue/acquisition/sample_queue.hpp"
#include "stridecue/station/gait_event_queue.hpp"

namespace stridecue::station {

/// Single producer (the processing thread), single consumer (the recorder); pre-allocated, the
/// producer never blocks. The sample queue holds ≈ 40 s of two 2 kHz plates and a 1 kHz IMU:
/// when a stalled recorder lets it fill, the items that do not fit are counted and the first that
/// fits afterwards is preceded by a StreamGap{kRecordingOverflow} with the count. Never silent.
struct RecordingQueues {
  explicit RecordingQueues(std::size_t sample_capacity = 1 << 17,
                           std::size_t event_capacity = 1 << 13)
      : samples(sample_capacity), events(event_capacity) {}

  acquisition::SampleQueue samples;
  GaitEventQueue events;

  /// Producer thread: one item as processing took it.
  void push_sample(const SampleItem& item, TimeNs t_ns) {
    if (pending_lost_ > 0) {
      const StreamGap marker{t_ns, 0, pending_lost_, StreamGap::Reason::kRecordingOverflow};
      if (!samples.push(marker)) {
        note_lost();
        return;
      }
      pending_lost_ = 0;
    }
    if (!samples.push(item)) note_lost();
  }
  /// Samples that never reached the recorder, in total. Any thread.
  std::uint64_t sample_overflows() const { return overflows_.load(std::memory_order_relaxed); }

 private:
  void note_lost() {
    ++pending_lost_;
    overflows_.fetch_add(1, std::memory_order_relaxed);
  }
  std::uint64_t pending_lost_ = 0;  // producer only
  std::atomic<std::uint64_t> overflows_{0};
};

}  // namespace stridecue::station
