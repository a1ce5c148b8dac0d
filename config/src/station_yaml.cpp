#include "stridecue/config/station_yaml.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include "stridecue/processing/step_metric.hpp"

namespace stridecue::config {

namespace {

/// The shortest text that reads back as exactly `v`, or `off` for an infinite threshold.
std::string num(double v) {
  if (std::isinf(v)) return "off";
  char buf[40];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

std::string ms(TimeNs ns) {
  return num(static_cast<double>(ns) / static_cast<double>(kNsPerMs));
}

const char* side(Side s) {
  return s == Side::kRight ? "right" : "left";
}

/// A word in double quotes, YAML-escaped (names and paths are the user's).
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string station_yaml(const StationConfig& c) {
  const auto& f = c.engine.force;
  const auto& p = c.engine.pelvis;
  std::ostringstream y;
  y << "# The settings as run (written by StrideCue; every value the station file can set).\n";
  y << "station: " << quoted(c.name) << "\n";
  y << "runner:\n  body_mass_kg: " << num(f.body_mass_kg) << "\n";
  y << "devices:\n";
  if (c.devices.empty()) y << "  - {name: recording, port: (none)}\n";
  for (const auto& d : c.devices) {
    y << "  - {name: " << quoted(d.name) << ", ";
    if (d.usb_identity.empty()) {
      y << "port: " << quoted(d.path);
    } else {
      y << "usb: " << quoted(d.usb_identity);
    }
    y << ", baud: " << d.baud << "}\n";
  }
  y << "processing:\n";
  y << "  contact_on_n: " << num(f.thresholds.on_n) << "\n";
  y << "  contact_off_n: " << num(f.thresholds.off_n) << "\n";
  if (f.on_bw_fraction > 0 || f.off_bw_fraction > 0) {
    y << "  contact_on_bw: " << num(f.on_bw_fraction) << "\n";
    y << "  contact_off_bw: " << num(f.off_bw_fraction) << "\n";
  }
  y << "  min_contact_ms: " << ms(f.thresholds.min_contact_ns) << "\n";
  y << "  min_flight_ms: " << ms(f.thresholds.min_flight_ns) << "\n";
  y << "  belt: " << (f.belt == processing::BeltLayout::kSingle ? "single" : "split") << "\n";
  y << "  plate_sides: [" << side(f.plate_side[0]) << ", " << side(f.plate_side[1]) << "]\n";
  y << "  drift_correction: " << (f.drift.enabled ? "true" : "false") << "\n";
  y << "  single_belt_walking: " << (f.walk.enabled ? "true" : "false") << "\n";
  y << "  lowpass: {cutoff_hz: " << num(f.filter.cutoff_hz) << ", order: " << f.filter.order
    << "}\n";
  y << "  plate_origin_depth_m: " << num(f.plate_origin_depth_m) << "\n";
  y << "  load_cells: {half_length_m: " << num(f.load_cells.half_length_m)
    << ", half_width_m: " << num(f.load_cells.half_width_m) << "}\n";
  if (f.calibration[0] || f.calibration[1]) {
    y << "  calibration:\n";
    for (const auto& m : f.calibration) {
      if (!m) {
        y << "    - ~\n";
        continue;
      }
      y << "    - [";
      for (std::size_t i = 0; i < m->size(); ++i) y << (i ? ", " : "") << num((*m)[i]);
      y << "]\n";
    }
  }
  const auto& s = c.engine.symmetry;
  y << "  symmetry:\n    window_strides: " << s.window_strides << "\n    thresholds:\n";
  for (std::size_t i = 0; i < processing::kSymVarNames.size(); ++i) {
    y << "      " << processing::kSymVarNames[i]
      << ": {abs_si_pct: " << num(s.thresholds[i].abs_si_pct)
      << ", delta_from_baseline_si_pct: " << num(s.thresholds[i].delta_from_baseline_si_pct)
      << "}\n";
  }
  const auto& cue = c.engine.cue;
  y << "  symmetry_cue: {metric: " << processing::step_metric_name(cue.metric)
    << ", window_steps: " << cue.window_steps << ", threshold_pct: " << num(cue.threshold_pct)
    << ", hold_off_steps: " << cue.hold_off_steps << "}\n";
  if (c.engine.baseline.enabled()) {
    y << "  baseline: {start_s: " << num(c.engine.baseline.start_s)
      << ", duration_s: " << num(c.engine.baseline.duration_s) << "}\n";
  }
  y << "pelvis:\n";
  y << "  calibrate_at_start: " << (p.calibrate_at_start ? "true" : "false") << "\n";
  y << "  static_s: " << num(ns_to_s(p.calibration.duration_ns)) << "\n";
  y << "  max_calibration_age_min: " << num(p.max_calibration_age_s / 60.0) << "\n";
  y << "  acc_range_g: " << num(p.acc_range_g) << "\n";
  y << "  gyro_range_dps: " << num(p.gyro_range_dps) << "\n";
  y << "  mount_moved_deg: " << num(p.mount_moved_deg) << "\n";
  return y.str();
}

}  // namespace stridecue::config
