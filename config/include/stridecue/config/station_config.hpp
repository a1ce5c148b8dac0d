// What a station is: its devices (by port or USB identity, with their protocol), or recorded
// streams to replay, and the gait engine's settings for the runner. Filled from a station file
// (station_file.hpp) or by the demo; run by station::Station.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "stridecue/acquisition/acquisition.hpp"
#include "stridecue/acquisition/replay.hpp"
#include "stridecue/processing/gait_engine.hpp"

namespace stridecue::config {

struct StationConfig {
  std::string name = "station";
  std::vector<acquisition::SerialDeviceConfig> devices;
  /// Force, pelvis, symmetry, cue and the automatic baseline block (station file
  /// processing.baseline; none by default — the clinician begins and ends one live).
  processing::GaitEngineConfig engine{};
  std::size_t queue_capacity = 1 << 16;  ///< samples; ≥ 30 s of two 1 kHz plates + a 500 Hz IMU
  /// Instead of devices: recorded wire streams replayed through the same decoders.
  std::vector<acquisition::ReplayStream> replay;
  double replay_speed = 1.0;  ///< 1 = real time, 0 = as fast as possible
  /// Instead of devices or recorded streams: the caller feeds samples into Station::feed() (a
  /// session replay) and stops the station when it is done.
  bool external_feed = false;
};

}  // namespace stridecue::config
