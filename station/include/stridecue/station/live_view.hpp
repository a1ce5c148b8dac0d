// What a live screen needs from a running station, and nothing more: the display queues
// (LiveOutputs), the few things it may ask for (StationControls), read-only device health
// (StationStatus) and the settings it shows. The window is built over this, not over Station,
// so a screen cannot reach into acquisition or processing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/acquisition/health.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/processing/symmetry_tracker.hpp"
#include "stridecue/station/live_outputs.hpp"

namespace stridecue::station {

/// Requests from a screen. Any thread; none blocks; results come back through LiveOutputs.
class StationControls {
 public:
  virtual ~StationControls() = default;
  /// Zero the plates from the next `duration_ns` of data (the treadmill unloaded and still).
  virtual void request_tare(TimeNs duration_ns) = 0;
  /// A static pelvis calibration (the runner standing still on the belt).
  virtual void request_calibration() = 0;
  virtual void begin_baseline() = 0;
  virtual void end_baseline() = 0;
  /// Mark this moment with a label (recorded with the session).
  virtual void mark(std::string_view label) = 0;
  /// The run is over: stop reading the devices (idempotent; may wait ≤ 1 s for data in flight).
  virtual void stop() = 0;
};

/// The devices' state for a health line. Any thread.
class StationStatus {
 public:
  virtual ~StationStatus() = default;
  virtual std::size_t device_count() const = 0;
  virtual std::string device_name(std::size_t i) const = 0;
  virtual acquisition::HealthSnapshot device_health(std::size_t i) const = 0;
  /// Bytes arrive but no valid frame: the baud rate or protocol is probably wrong.
  virtual bool device_suspect(std::size_t i) const = 0;
  /// What needs the operator now, each with its fix.
  virtual std::vector<std::string> alarms() const = 0;
};

/// The settings a live screen shows.
struct LiveViewSettings {
  std::string title;
  bool single_belt = false;                      ///< one plate under both feet: one force trace
  double body_weight_n = 0;                      ///< scales the force axes
  processing::SymmetryTrackerConfig symmetry{};  ///< what a symmetry flag means
};

/// Everything a live screen is built over. The references must outlive the screen.
struct LiveView {
  LiveOutputs& outputs;
  StationControls& controls;
  const StationStatus& status;
  LiveViewSettings settings;
};

}  // namespace stridecue::station
