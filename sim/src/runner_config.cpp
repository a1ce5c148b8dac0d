// Validation of RunnerConfig and the walking defaults. Every error names the field, the value
// and the valid range (STYLE.md rule 7). validate() allocates only when it throws: the runner
// calls it for every step planned under scripted changes.
#include <cmath>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "stridecue/core/setting_error.hpp"
#include "stridecue/sim/runner.hpp"
#include "stridecue/sim/runner_stance.hpp"

namespace stridecue::sim {
namespace {

// Running needs at least this much flight per step; walking at least this much double support.
constexpr double kMinFlightS = 0.02;
constexpr double kMinDoubleSupportFrac = 0.05;  // of the step time
// The swing-side drop peaks at 35 % of stance, which must come before the next IC.
constexpr double kMaxWalkContactPerStep = 1.5;

[[noreturn]] void fail(std::string_view field, double value, std::string_view why) {
  std::ostringstream os;
  os << "RunnerConfig." << field << " = " << value << ": " << why;
  throw SettingError(std::string(field), std::string(why), os.str());
}

[[noreturn]] void fail_range(std::string_view field, double value, double lo, double hi,
                             std::string_view unit) {
  std::ostringstream os;
  os << "out of range; valid range is [" << lo << ", " << hi << "]" << (unit.empty() ? "" : " ")
     << unit;
  fail(field, value, os.str());
}

void check_range(std::string_view field, double value, double lo, double hi,
                 std::string_view unit) {
  // Written so that NaN fails too.
  if (value >= lo && value <= hi) return;
  fail_range(field, value, lo, hi, unit);
}

// A field of one side ("left." + field), named only when it fails.
void check_side_range(std::string_view side, std::string_view field, double value, double lo,
                      double hi, std::string_view unit) {
  if (value >= lo && value <= hi) return;
  fail_range(std::string(side) + "." + std::string(field), value, lo, hi, unit);
}

void check_side(const RunnerConfig& c, const SideConfig& s, std::string_view name) {
  const bool run = c.gait == Gait::kRun;
  auto field = [name](std::string_view f) { return std::string(name) + "." + std::string(f); };
  if (run) {
    check_side_range(name, "active_peak_bw", s.active_peak_bw, 1.0, 4.0, "BW when running");
  } else {
    if (!(s.active_peak_bw >= 0.8 && s.active_peak_bw <= 1.6)) {
      fail(field("active_peak_bw"), s.active_peak_bw,
           "out of range; valid range is [0.8, 1.6] BW when walking (start from "
           "walking_config())");
    }
  }
  check_side_range(name, "impact_time_frac", s.impact_time_frac, 0.05, 0.2, "of contact");
  check_side_range(name, "contact_scale", s.contact_scale, 0.5, 1.5, "");
  check_side_range(name, "pelvic_drop_deg", s.pelvic_drop_deg, 0.0, 15.0, "deg");
  if (!run) {
    if (s.impact_peak_bw != 0.0) {
      fail(field("impact_peak_bw"), s.impact_peak_bw, "must be 0 when walking (no impact model)");
    }
    return;
  }
  if (s.impact_peak_bw == 0.0) return;
  const double lo = detail::StanceShape::min_impact_peak_bw(s.active_peak_bw, s.impact_time_frac);
  const double hi = 0.9 * s.active_peak_bw;
  if (!(s.impact_peak_bw >= lo && s.impact_peak_bw <= hi)) {
    std::ostringstream os;
    os << "out of range; use 0 (no impact peak) or a value in [" << lo << ", " << hi << "] BW for "
       << field("active_peak_bw") << " = " << s.active_peak_bw << " and "
       << field("impact_time_frac") << " = " << s.impact_time_frac
       << " (smaller peaks do not rise above the active curve)";
    fail(field("impact_peak_bw"), s.impact_peak_bw, os.str());
  }
}

void check_contact(const RunnerConfig& c, const SideConfig& s, std::string_view name) {
  const double step_s = 60.0 / c.cadence_spm;
  const double contact_s = c.contact_time_s * s.contact_scale;
  const bool run = c.gait == Gait::kRun;
  const double lo = step_s * (1.0 + kMinDoubleSupportFrac);
  const double hi = step_s * kMaxWalkContactPerStep;
  if (run ? contact_s <= step_s - kMinFlightS : contact_s >= lo && contact_s <= hi) return;
  std::ostringstream os;
  os << std::setprecision(4) << "RunnerConfig.contact_time_s = " << c.contact_time_s << " s (× "
     << name << ".contact_scale " << s.contact_scale << " = " << contact_s << " s) ";
  if (run) {
    os << "must be at most the step time 60/cadence_spm = " << step_s << " s minus "
       << kMinFlightS * 1000 << " ms of flight when running; lower contact_time_s or "
       << "cadence_spm, or set gait = Gait::kWalk";
  } else {
    os << "must lie in [" << lo << ", " << hi << "] s when walking (longer than the step time "
       << "60/cadence_spm = " << step_s << " s for double support; typically 0.62 × stride)";
  }
  throw SettingError("contact_time_s", os.str(), os.str());
}

}  // namespace

void validate(const RunnerConfig& c) {
  check_range("body_mass_kg", c.body_mass_kg, 20.0, 250.0, "kg");
  if (c.gait != Gait::kRun && c.gait != Gait::kWalk) {
    fail("gait", static_cast<double>(c.gait), "is not Gait::kRun or Gait::kWalk");
  }
  if (c.belt != Belt::kSplit && c.belt != Belt::kSingle) {
    fail("belt", static_cast<double>(c.belt), "is not Belt::kSplit or Belt::kSingle");
  }
  check_range("speed_mps", c.speed_mps, 0.0, 10.0, "m/s");
  check_range("cadence_spm", c.cadence_spm, 40.0, 240.0, "steps/min");
  check_range("contact_time_s", c.contact_time_s, 0.05, 3.0, "s");
  check_range("variability_cv", c.variability_cv, 0.0, 0.1, "");
  check_range("standing_s", c.standing_s, 0.0, 3600.0, "s");
  check_side(c, c.left, "left");
  check_side(c, c.right, "right");
  check_contact(c, c.left, "left");
  check_contact(c, c.right, "right");
  check_range("step_across_probability", c.step_across_probability, 0.0, 1.0, "");

  check_range("tilt_rom_deg", c.tilt_rom_deg, 0.0, 30.0, "deg");
  check_range("anterior_tilt_offset_deg", c.anterior_tilt_offset_deg, -20.0, 30.0, "deg");
  if (!(c.late_stance_tilt_gain_deg >= 0.0 && c.late_stance_tilt_gain_deg <= c.tilt_rom_deg)) {
    std::ostringstream os;
    os << "out of range; valid range is [0, tilt_rom_deg = " << c.tilt_rom_deg
       << "] deg (the rise is part of the tilt range)";
    fail("late_stance_tilt_gain_deg", c.late_stance_tilt_gain_deg, os.str());
  }
  check_range("rotation_rom_deg", c.rotation_rom_deg, 0.0, 40.0, "deg");
  check_range("obliquity_rom_extra_deg", c.obliquity_rom_extra_deg, 0.0, 15.0, "deg");

  check_range("imu_rate_hz", c.imu_rate_hz, 1.0, 10000.0, "Hz");
  check_range("acc_noise_mps2", c.acc_noise_mps2, 0.0, 10.0, "m/s²");
  check_range("gyro_noise_rads", c.gyro_noise_rads, 0.0, 1.0, "rad/s");
  // Named as a scenario file names them (runner_fields.cpp).
  static constexpr std::string_view kBias[] = {"gyro_bias_x_rads", "gyro_bias_y_rads",
                                               "gyro_bias_z_rads"};
  static constexpr std::string_view kMount[] = {
      "mount_misalignment_x_deg", "mount_misalignment_y_deg", "mount_misalignment_z_deg"};
  for (std::size_t i = 0; i < 3; ++i) {
    check_range(kBias[i], c.gyro_bias_rads[i], -1.0, 1.0, "rad/s");
    check_range(kMount[i], c.mount_misalignment_deg[i], -45.0, 45.0, "deg");
  }
  check_range("gyro_bias_walk_rads_per_sqrt_s", c.gyro_bias_walk_rads_per_sqrt_s, 0.0, 0.1,
              "rad/s/√s");

  check_range("plate_origin_depth_m", c.plate_origin_depth_m, 0.0, 0.2, "m");
  check_range("force_noise_n", c.force_noise_n, 0.0, 200.0, "N");
  check_range("braking_peak_bw", c.braking_peak_bw, 0.0, 1.0, "BW");
  check_range("foot_y_m", c.foot_y_m, 0.0, 0.3, "m");
  check_range("split_plate_centre_y_m", c.split_plate_centre_y_m, 0.05, 0.5, "m");

  check_range("zero_drift_n_per_min", c.zero_drift_n_per_min, 0.0, 1000.0, "N/min");
  check_range("zero_drift_walk_n_per_sqrt_s", c.zero_drift_walk_n_per_sqrt_s, 0.0, 100.0, "N/√s");
  check_range("flight_ringing_n", c.flight_ringing_n, 0.0, 5000.0, "N");
  // 500 Hz: the Nyquist frequency of the 1 kHz plate stream; stream faster to go higher.
  check_range("ringing_hz", c.ringing_hz, 1.0, 500.0, "Hz");
  check_range("ringing_decay_s", c.ringing_decay_s, 0.001, 0.5, "s");
}

RunnerConfig walking_config() {
  RunnerConfig c;
  c.gait = Gait::kWalk;
  c.speed_mps = 1.3;
  c.cadence_spm = 110.0;
  c.contact_time_s = 0.62 * 2.0 * 60.0 / c.cadence_spm;  // 62 % of the stride
  for (SideConfig* s : {&c.left, &c.right}) {
    s->active_peak_bw = 1.15;
    s->impact_peak_bw = 0.0;
    s->pelvic_drop_deg = 4.0;
  }
  c.tilt_rom_deg = 3.0;
  c.anterior_tilt_offset_deg = 0.0;
  c.late_stance_tilt_gain_deg = 1.0;
  c.rotation_rom_deg = 8.0;
  c.braking_peak_bw = 0.2;
  return c;
}

}  // namespace stridecue::sim
