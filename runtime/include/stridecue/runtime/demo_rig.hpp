// The demo station: an emulated split-belt treadmill and pelvis IMU on pseudo-terminals, read
// back through the real acquisition path (Boost.Asio serial ports), processed live.
// Used by `stridecue demo` and by the end-to-end tests.
#pragma once

#include <memory>

#include "stridecue/acquisition/acquisition.hpp"
#include "stridecue/acquisition/queue_sink.hpp"
#include "stridecue/runtime/live_outputs.hpp"
#include "stridecue/runtime/processing_loop.hpp"
#include "stridecue/sim/treadmill_emulator.hpp"

namespace stridecue::runtime {

struct DemoConfig {
  sim::EmulatorConfig emulator{};
  processing::ForcePipelineConfig processing{};
  std::size_t queue_capacity = 1 << 16;  ///< samples; ≥ 30 s at 1 kHz plates + 500 Hz IMU
  unsigned baud = 921600;
};

class DemoRig {
 public:
  explicit DemoRig(const DemoConfig& config);
  ~DemoRig();

  /// Opens the ports, then starts the emulator: simulation time 0 is now.
  void start();
  /// Stops the emulator, lets acquisition read what is in flight, then stops acquisition and
  /// processing. Idempotent.
  void stop();

  LiveOutputs& outputs() { return outputs_; }
  sim::TreadmillEmulator& emulator() { return emulator_; }
  acquisition::Acquisition& acquisition() { return *acquisition_; }
  const ProcessingLoop& processing() const { return *processing_; }
  std::uint64_t queue_drops() const { return queue_.dropped(); }
  double body_weight_n() const {
    return config_.processing.body_mass_kg * processing::kGravity_mps2;
  }

 private:
  DemoConfig config_;
  sim::TreadmillEmulator emulator_;
  acquisition::SampleQueue queue_;
  acquisition::QueueSink sink_;
  std::unique_ptr<acquisition::Acquisition> acquisition_;
  LiveOutputs outputs_;
  std::unique_ptr<ProcessingLoop> processing_;
  bool started_ = false, stopped_ = false;
};

}  // namespace stridecue::runtime
