// The demo station: an emulated split-belt treadmill and pelvis IMU on pseudo-terminals, read
// back through a real Station (Boost.Asio serial ports, processing). Used by `stridecue demo`
// and by the end-to-end tests.
#pragma once

#include "stridecue/sim/treadmill_emulator.hpp"
#include "stridecue/station/station.hpp"

namespace stridecue::demo {

using station::LiveOutputs;
using station::ProcessingLoop;
using station::Station;

struct DemoConfig {
  sim::EmulatorConfig emulator{};
  /// The automatic baseline block counts from the first sample, i.e. simulation time.
  processing::GaitEngineConfig engine{};
  std::size_t queue_capacity = 1 << 16;
  unsigned baud = 921600;
};

class DemoRig {
 public:
  /// `recording` (optional; it must outlive the rig): the session recorder's queues.
  explicit DemoRig(const DemoConfig& config, station::RecordingQueues* recording = nullptr);
  ~DemoRig();

  /// Opens the ports, then starts the emulator: simulation time 0 is now.
  void start();
  /// Stops the emulator, then the station (after it has read what is in flight). Idempotent.
  void stop();

  Station& station() { return station_; }
  sim::TreadmillEmulator& emulator() { return emulator_; }
  LiveOutputs& outputs() { return station_.outputs(); }
  acquisition::Acquisition& acquisition() { return *station_.acquisition(); }
  const ProcessingLoop& processing() const { return station_.processing(); }
  std::uint64_t queue_drops() const { return station_.queue_drops(); }
  double body_weight_n() const { return station_.body_weight_n(); }

 private:
  sim::TreadmillEmulator emulator_;
  Station station_;
  bool started_ = false;
};

}  // namespace stridecue::demo
