// Terminal output of the demo: one line per step, one per cue, one per baseline event, a
// compact symmetry line every kSymmetryEverySteps steps, and a closing summary.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "stridecue/sim/treadmill_emulator.hpp"
#include "stridecue/station/station.hpp"

namespace stridecue::app {

class ConsoleReport {
 public:
  /// One symmetry line per this many plate steps (10 strides), the first after that many.
  static constexpr std::uint64_t kSymmetryEverySteps = 20;

  explicit ConsoleReport(std::FILE* out) : out_(out) {}

  void print_header(double duration_s, const std::string& plates_port, const std::string& imu_port);
  /// Column titles only (for a live station, whose devices the log already names).
  void print_columns();
  /// Prints whatever steps, cues, baseline events and symmetry lines are waiting. Main thread.
  /// Prints what arrived; times count from `first_sample_ns` (the station's first sample, as
  /// the protocol's BLOCK lines do), or from the first step while it is unknown (-1).
  void drain(station::LiveOutputs& outputs, TimeNs first_sample_ns = -1);
  /// Totals per side, symmetry, device health and, with an emulator, the check against the
  /// simulator's truth.
  void print_summary(station::Station& station, sim::TreadmillEmulator* emulator = nullptr);
  /// When a run found nothing, says why: a device that delivered no frame (with what it did
  /// receive, and the likely fix), or frames but no step. `source` names the input ("the
  /// recording in DIR", "the station's devices"); `recording`: the devices are replayed files.
  /// Returns true when no device delivered a frame.
  bool explain_empty(station::Station& station, const std::string& source, bool recording);

 private:
  std::FILE* out_;
  std::vector<processing::StepResult> steps_;
  void print_symmetry(const station::SymmetryUpdate& u);
  /// Seconds since the first step, as the step lines show them ("-" before the first step).
  std::string time_since_start(TimeNs t_ns) const;

  std::size_t cues_ = 0;
  TimeNs t0_ns_ = 0;
  bool t0_known_ = false;
  std::uint64_t next_symmetry_step_ = 0;  ///< print the first update at or after this step
};

}  // namespace stridecue::app
