#include "stridecue/demo/demo_rig.hpp"

namespace stridecue::demo {

namespace {
sim::EmulatorConfig with_truth_thresholds(const DemoConfig& c) {
  sim::EmulatorConfig e = c.emulator;
  e.truth_on_threshold_n = c.engine.force.thresholds.on_n;
  e.truth_off_threshold_n = c.engine.force.thresholds.off_n;
  return e;
}

config::StationConfig station_for(const DemoConfig& c, const sim::TreadmillEmulator& emu) {
  config::StationConfig s;
  s.name = "demo";
  s.devices.push_back({"plates", emu.plates_port(), c.baud});
  if (c.emulator.with_imu) s.devices.push_back({"pelvis", emu.imu_port(), c.baud});
  s.engine = c.engine;
  s.queue_capacity = c.queue_capacity;
  return s;
}
}  // namespace

DemoRig::DemoRig(const DemoConfig& config, station::RecordingQueues* recording)
    : emulator_(with_truth_thresholds(config)),
      station_(station_for(config, emulator_), recording) {
  // The simulated runner hears the corrections (and answers them when config.emulator.respond
  // says it does).
  station_.processing().set_cue_listener([this](const processing::Cue& c) {
    if (c.kind == processing::CueKind::kCorrection) emulator_.heed(c.metric, c.symmetry, c.side);
  });
}

DemoRig::~DemoRig() {
  stop();
}

void DemoRig::start() {
  if (started_) return;
  started_ = true;
  station_.start();
  // Wait until acquisition has the ports open so the first frames are not left in the pty.
  station_.wait_connected(2 * kNsPerS);
  emulator_.start();
}

void DemoRig::stop() {
  if (!started_) return;
  emulator_.stop();
  station_.stop();
}

}  // namespace stridecue::demo
