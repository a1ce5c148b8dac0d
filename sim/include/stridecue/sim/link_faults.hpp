// Faults an emulated device can show on its link, on demand, to rehearse what a lab sees.
#pragma once

#include <vector>

namespace stridecue::sim {

/// [at_s, at_s + duration_s) on the simulation clock.
struct TimeWindow {
  double at_s = 0;
  double duration_s = 0;
  bool contains(double t_s) const { return t_s >= at_s && t_s < at_s + duration_s; }
};

struct ClockJump {
  double at_s = 0;
  double jump_ms = 0;  ///< + forward, − backward
};

struct LinkFaults {
  double corrupt_bytes_per_min = 0;  ///< one random byte of a frame altered (as by line noise)
  double drop_frames_per_min = 0;    ///< whole frames never sent: a counter gap on the host
  std::vector<TimeWindow> unplug;    ///< port disappears, then the device re-enumerates and
                                     ///< reboots (counter and clock restart, HELLO again)
  std::vector<TimeWindow> stall;     ///< connected but silent; samples in the window are lost
  double clock_drift_ppm = 0;        ///< device clock runs fast (+) or slow (−)
  std::vector<ClockJump> clock_jumps;

  bool any() const {
    return corrupt_bytes_per_min > 0 || drop_frames_per_min > 0 || !unplug.empty() ||
           !stall.empty() || clock_drift_ppm != 0 || !clock_jumps.empty();
  }
  bool unplugged_at(double t_s) const {
    for (const auto& w : unplug) {
      if (w.contains(t_s)) return true;
    }
    return false;
  }
  bool stalled_at(double t_s) const {
    for (const auto& w : stall) {
      if (w.contains(t_s)) return true;
    }
    return false;
  }
};

}  // namespace stridecue::sim
