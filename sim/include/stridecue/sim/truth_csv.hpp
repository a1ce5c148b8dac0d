// Ground-truth files of a simulated session: steps.csv (one row per step) and pelvis.csv (true
// pelvis angles at the IMU rate). Units in the column names.
#pragma once

#include <cstdio>
#include <filesystem>

#include "stridecue/sim/treadmill_emulator.hpp"

namespace stridecue::sim {

class TruthCsvWriter {
 public:
  /// Creates dir/steps.csv and dir/pelvis.csv. Throws std::system_error naming the file.
  explicit TruthCsvWriter(const std::filesystem::path& dir);
  ~TruthCsvWriter();
  TruthCsvWriter(const TruthCsvWriter&) = delete;
  TruthCsvWriter& operator=(const TruthCsvWriter&) = delete;

  void step(const HostStepTruth& s);
  void pelvis(TimeNs t_sim_ns, const PelvisState& p);
  /// Flushes and closes; throws std::system_error if the disk refused data.
  void close();

  static constexpr const char* kStepsHeader =
      "index,side,t_ic_s,t_to_s,t_ic_host_ns,t_to_host_ns,t_ic_device_us,t_to_device_us,"
      "contact_ms,peak_vgrf_bw,impact_peak_bw,impulse_bw_s,braking_peak_bw,across_belts,"
      "pelvic_drop_deg,tilt_rise_deg";

 private:
  std::filesystem::path dir_;
  std::FILE* steps_ = nullptr;
  std::FILE* pelvis_ = nullptr;
};

}  // namespace stridecue::sim
