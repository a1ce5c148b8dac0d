// A SampleSink that hands samples to the processing queue (and, later, the recording queue).
#pragma once

#include <functional>

#include "stridecue/acquisition/sample_queue.hpp"
#include "stridecue/acquisition/stream_decoder.hpp"

namespace stridecue::acquisition {

/// Acquisition thread. Pushing never allocates and never blocks; a full queue drops the item
/// and counts it (SampleQueue::dropped), which the app reports as an alarm.
class QueueSink final : public SampleSink {
 public:
  using InfoFn = std::function<void(std::uint8_t device, const DeviceInfo&)>;

  explicit QueueSink(SampleQueue& processing, InfoFn on_info = {})
      : processing_(processing), on_info_(std::move(on_info)) {}

  void on_force(const ForceFrame& f) override { processing_.push(f); }
  void on_load_cells(const LoadCellFrame& f) override { processing_.push(f); }
  void on_imu(const ImuSample& s) override { processing_.push(s); }
  void on_device_info(std::uint8_t device, const DeviceInfo& info) override {
    if (on_info_) on_info_(device, info);
  }
  void on_gap(std::uint8_t device, std::uint32_t, std::uint64_t lost, TimeNs t_ns) override {
    processing_.push(StreamGap{t_ns, device, lost});
  }

 private:
  SampleQueue& processing_;
  InfoFn on_info_;
};

}  // namespace stridecue::acquisition
