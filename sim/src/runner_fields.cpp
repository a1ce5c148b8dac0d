#include "stridecue/sim/runner_fields.hpp"

#include <array>

#include "stridecue/sim/runner.hpp"

namespace stridecue::sim {

namespace {

#define SC_FIELD(name, help, expr)                              \
  RunnerField {                                                 \
    name, help, [](RunnerConfig& c) -> double& { return expr; } \
  }
#define SC_SIDE(side)                                                                              \
  SC_FIELD(#side ".active_peak_bw",                                                                \
           "peak vertical GRF of " #side " contacts, BW (2.2–3.1 running)",                        \
           c.side.active_peak_bw),                                                                 \
      SC_FIELD(#side ".impact_peak_bw",                                                            \
               "rearfoot impact peak of " #side " contacts, BW; 0 = forefoot",                     \
               c.side.impact_peak_bw),                                                             \
      SC_FIELD(#side ".impact_time_frac", "time of the impact peak, fraction of contact",          \
               c.side.impact_time_frac),                                                           \
      SC_FIELD(#side ".contact_scale", "multiplies the contact time of " #side " contacts",        \
               c.side.contact_scale),                                                              \
      SC_FIELD(#side ".pelvic_drop_deg", "contralateral pelvic drop during " #side " stance, deg", \
               c.side.pelvic_drop_deg)

const std::array kFields = {
    SC_FIELD("body_mass_kg", "runner body mass, kg", c.body_mass_kg),
    SC_FIELD("speed_mps", "belt speed, m/s", c.speed_mps),
    SC_FIELD("cadence_spm", "steps per minute (155–185 running)", c.cadence_spm),
    SC_FIELD("contact_time_s", "mean contact time, s (0.17–0.28 running)", c.contact_time_s),
    SC_FIELD("variability_cv", "step-to-step coefficient of variation (0.02–0.03)",
             c.variability_cv),
    SC_FIELD("standing_s", "quiet standing before the first step, s (static calibration)",
             c.standing_s),
    SC_FIELD("step_across_probability", "split belt: chance a contact lands on both belts",
             c.step_across_probability),
    SC_SIDE(left),
    SC_SIDE(right),
    SC_FIELD("braking_peak_bw", "peak AP braking shear, BW (0.25–0.4)", c.braking_peak_bw),
    SC_FIELD("tilt_rom_deg", "pelvic tilt range per stride, deg (5.9–7.4)", c.tilt_rom_deg),
    SC_FIELD("anterior_tilt_offset_deg", "mean running tilt minus standing tilt, deg (≈4–5)",
             c.anterior_tilt_offset_deg),
    SC_FIELD("late_stance_tilt_gain_deg", "tilt rise from midstance to toe-off, deg",
             c.late_stance_tilt_gain_deg),
    SC_FIELD("rotation_rom_deg", "pelvic rotation range per stride, deg (9.7–16.1)",
             c.rotation_rom_deg),
    SC_FIELD("obliquity_rom_extra_deg", "obliquity range beyond the mean pelvic drop, deg",
             c.obliquity_rom_extra_deg),
    SC_FIELD("imu_rate_hz", "IMU sample rate the pelvis model is evaluated at, Hz", c.imu_rate_hz),
    SC_FIELD("acc_noise_mps2", "accelerometer white noise SD, m/s²", c.acc_noise_mps2),
    SC_FIELD("gyro_noise_rads", "gyroscope white noise SD, rad/s", c.gyro_noise_rads),
    SC_FIELD("gyro_bias_x_rads", "gyroscope bias at start, x, rad/s", c.gyro_bias_rads[0]),
    SC_FIELD("gyro_bias_y_rads", "gyroscope bias at start, y, rad/s", c.gyro_bias_rads[1]),
    SC_FIELD("gyro_bias_z_rads", "gyroscope bias at start, z, rad/s", c.gyro_bias_rads[2]),
    SC_FIELD("gyro_bias_walk_rads_per_sqrt_s", "gyroscope bias random walk, rad/s/√s",
             c.gyro_bias_walk_rads_per_sqrt_s),
    SC_FIELD("mount_misalignment_x_deg", "sensor vs pelvis rotation about x, deg",
             c.mount_misalignment_deg[0]),
    SC_FIELD("mount_misalignment_y_deg", "sensor vs pelvis rotation about y, deg",
             c.mount_misalignment_deg[1]),
    SC_FIELD("mount_misalignment_z_deg", "sensor vs pelvis rotation about z, deg",
             c.mount_misalignment_deg[2]),
    SC_FIELD("plate_origin_depth_m", "plate origin below the belt surface, m",
             c.plate_origin_depth_m),
    SC_FIELD("force_noise_n", "white noise SD on each force channel, N", c.force_noise_n),
    SC_FIELD("zero_drift_n_per_min", "plate zero drift rate (Fz; sign drawn per plate), N/min",
             c.zero_drift_n_per_min),
    SC_FIELD("zero_drift_walk_n_per_sqrt_s", "random walk on top of the zero drift, N/√s",
             c.zero_drift_walk_n_per_sqrt_s),
    SC_FIELD("flight_ringing_n", "plate ringing amplitude after each toe-off, N; 0 = none",
             c.flight_ringing_n),
    SC_FIELD("ringing_hz", "plate ringing frequency, Hz", c.ringing_hz),
    SC_FIELD("ringing_decay_s", "plate ringing decay time constant, s", c.ringing_decay_s),
    SC_FIELD("foot_y_m", "lateral foot position from the belt centreline, m", c.foot_y_m),
    SC_FIELD("split_plate_centre_y_m", "split belt: |Y| of each belt plate's centre, m",
             c.split_plate_centre_y_m),
};

#undef SC_SIDE
#undef SC_FIELD

}  // namespace

std::span<const RunnerField> runner_fields() {
  return kFields;
}

const RunnerField* find_runner_field(std::string_view name) {
  for (const RunnerField& f : kFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace stridecue::sim
