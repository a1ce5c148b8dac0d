// Terminal output of the demo: one line per step, one per cue, and a closing summary.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "stridecue/runtime/station.hpp"
#include "stridecue/sim/treadmill_emulator.hpp"

namespace stridecue::app {

class ConsoleReport {
 public:
  explicit ConsoleReport(std::FILE* out) : out_(out) {}

  void print_header(double duration_s, const std::string& plates_port, const std::string& imu_port);
  /// Column titles only (for a live station, whose devices the log already names).
  void print_columns();
  /// Prints whatever steps and cues are waiting. Main thread.
  void drain(runtime::LiveOutputs& outputs);
  /// Totals per side, symmetry, device health and, with an emulator, the check against the
  /// simulator's truth.
  void print_summary(runtime::Station& station, sim::TreadmillEmulator* emulator = nullptr);

 private:
  std::FILE* out_;
  std::vector<processing::StepResult> steps_;
  std::size_t cues_ = 0;
  TimeNs t0_ns_ = 0;
};

}  // namespace stridecue::app
