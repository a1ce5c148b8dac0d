// The acquisition thread's SampleSink: hands every sample to the processing queue and, when a
// session is recording, to the recording queue.
#pragma once

#include <atomic>
#include <functional>

#include "stridecue/acquisition/decoder.hpp"
#include "stridecue/acquisition/sample_queue.hpp"

namespace stridecue::acquisition {

/// Acquisition thread. Pushing never allocates and never blocks.
/// - processing: a full queue drops the item and counts it (SampleQueue::dropped), which the app
///   reports as an alarm — live feedback is late, but nothing is recorded wrong.
/// - recording (optional): sized for seconds of backlog. If it is ever full, the items that do
///   not fit are counted (recording_overflows), and the first item that fits afterwards is
///   preceded by a StreamGap{kRecordingOverflow} with the count, so the file says where and how
///   much is missing. Never silent.
class QueueSink final : public SampleSink {
 public:
  using InfoFn = std::function<void(std::uint8_t device, const DeviceInfo& info)>;

  explicit QueueSink(SampleQueue& processing, SampleQueue* recording = nullptr, InfoFn on_info = {})
      : processing_(processing), recording_(recording), on_info_(std::move(on_info)) {}

  void on_force(const ForceFrame& f) override { push(f, f.t_ns, f.device); }
  void on_load_cells(const LoadCellFrame& f) override { push(f, f.t_ns, f.device); }
  void on_imu(const ImuSample& s) override { push(s, s.t_ns, s.device); }
  void on_device_info(std::uint8_t device, const DeviceInfo& info) override {
    if (on_info_) on_info_(device, info);
  }
  void on_gap(std::uint8_t device, std::uint32_t, std::uint64_t lost, TimeNs t_ns) override {
    const StreamGap gap{t_ns, device, lost,
                        lost ? StreamGap::Reason::kCounterGap : StreamGap::Reason::kDisconnected};
    push(gap, t_ns, device);
  }

  /// For sources that can wait (a file replayed as fast as possible): a full processing queue
  /// makes push wait for space instead of dropping. Never for live devices.
  void set_wait_when_full(bool wait) { wait_when_full_ = wait; }

  /// Items the recording queue could not take, in total. Any thread.
  std::uint64_t recording_overflows() const {
    return recording_overflows_.load(std::memory_order_relaxed);
  }

 private:
  void push(const SampleItem& item, TimeNs t_ns, std::uint8_t device) {
    if (wait_when_full_) {
      processing_.push_wait(item);
    } else {
      processing_.push(item);
    }
    if (!recording_) return;
    if (pending_overflow_) {
      const StreamGap marker{t_ns, device, pending_overflow_,
                             StreamGap::Reason::kRecordingOverflow};
      if (!recording_->push(marker)) {
        note_overflow();
        return;
      }
      pending_overflow_ = 0;
    }
    if (!recording_->push(item)) note_overflow();
  }
  void note_overflow() {
    ++pending_overflow_;
    recording_overflows_.fetch_add(1, std::memory_order_relaxed);
  }

  SampleQueue& processing_;
  SampleQueue* recording_;
  InfoFn on_info_;
  std::uint64_t pending_overflow_ = 0;  // acquisition thread only
  bool wait_when_full_ = false;
  std::atomic<std::uint64_t> recording_overflows_{0};
};

}  // namespace stridecue::acquisition
