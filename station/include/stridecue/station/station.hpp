// A running station: the acquisition thread reading the configured devices, the processing
// thread, and the live outputs — the real path, whatever feeds the ports (a treadmill's USB
// adapters, or the simulator's pseudo-terminals in the demo).
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "stridecue/acquisition/acquisition.hpp"
#include "stridecue/acquisition/queue_sink.hpp"
#include "stridecue/acquisition/replay.hpp"
#include "stridecue/config/station_config.hpp"
#include "stridecue/station/live_outputs.hpp"
#include "stridecue/station/live_view.hpp"
#include "stridecue/station/processing_loop.hpp"

namespace stridecue::station {

using config::StationConfig;

class Station final : public StationControls, public StationStatus {
 public:
  /// Throws std::invalid_argument for an unusable config (naming the device or setting).
  /// `recording` (optional; it must outlive the station) receives every item processing took,
  /// every gait event and every applied request, for the session recorder to drain.
  explicit Station(StationConfig config, RecordingQueues* recording = nullptr);
  ~Station();
  Station(const Station&) = delete;
  Station& operator=(const Station&) = delete;

  /// Starts processing and acquisition. Devices not there yet are retried until stop().
  void start();
  /// Waits until every device is connected or `timeout_ns` passes; returns whether all are.
  bool wait_connected(TimeNs timeout_ns);
  /// Lets acquisition read what is still in flight (until the byte count settles, ≤ 1 s), then
  /// stops acquisition and processing. Idempotent.
  void stop() override;

  const StationConfig& config() const { return config_; }
  LiveOutputs& outputs() { return outputs_; }
  /// Live devices (nullptr when replaying).
  acquisition::Acquisition* acquisition() { return acquisition_.get(); }
  /// The replay (nullptr when live).
  acquisition::Replay* replay() { return replay_.get(); }
  /// With StationConfig::external_feed: the queue the caller pushes samples into (one producer
  /// thread; push_wait when replaying as fast as possible).
  acquisition::SampleQueue& feed() { return queue_; }

  /// Devices or replayed streams, by index. Any thread.
  std::size_t device_count() const override;
  std::string device_name(std::size_t i) const override;
  acquisition::HealthSnapshot device_health(std::size_t i) const override;
  bool device_suspect(std::size_t i) const override;
  /// What device i said it is in its latest HELLO (kind, serial, firmware, rate), if it has.
  std::optional<acquisition::DeviceInfo> device_info(std::size_t i) const;
  const ProcessingLoop& processing() const { return *processing_; }
  ProcessingLoop& processing() { return *processing_; }
  std::uint64_t queue_drops() const { return queue_.dropped(); }
  /// What needs the operator now, each with its fix: dropped samples, a stale plate zero, a
  /// low-pass the data cannot take. The console and the window show the same list. Any thread.
  std::vector<std::string> alarms() const override;
  /// Another source of alarms (e.g. the session recorder: "Recording stopped: the disk is
  /// full…"): called from any thread, it returns the alarm's text or "". Before start().
  void add_alarm_source(std::function<std::string()> source) {
    alarm_sources_.push_back(std::move(source));
  }

  // StationControls: forwarded to the processing thread.
  void request_tare(TimeNs duration_ns) override { processing_->request_tare(duration_ns); }
  void request_calibration() override { processing_->request_calibration(); }
  void begin_baseline() override { processing_->begin_baseline(); }
  void end_baseline() override { processing_->end_baseline(); }
  void mark(std::string_view label) override { processing_->mark(label); }

  /// What a live screen is built over (outputs, controls, status, settings).
  LiveView live_view();
  double body_weight_n() const {
    return config_.engine.force.body_mass_kg * processing::kGravity_mps2;
  }

 private:
  StationConfig config_;
  acquisition::SampleQueue queue_;
  acquisition::QueueSink sink_;
  std::unique_ptr<acquisition::Acquisition> acquisition_;
  std::unique_ptr<acquisition::Replay> replay_;
  LiveOutputs outputs_;
  std::unique_ptr<ProcessingLoop> processing_;
  std::vector<std::function<std::string()>> alarm_sources_;
  mutable std::mutex info_mutex_;  // HELLOs are rare: the acquisition thread may take it
  std::array<std::optional<acquisition::DeviceInfo>, 8> infos_{};
  bool started_ = false, stopped_ = false;
};

}  // namespace stridecue::station
