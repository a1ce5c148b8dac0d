// A simulated runner on an instrumented treadmill: plate forces, pelvis motion and IMU signals,
// with the ground truth of every step. Deterministic for a given config and seed.
//
// Frames: lab frame X forward (running direction), Y left, Z up. Forces are the ground reaction
// on the runner. Plate moments are about each plate's origin, which lies plate_origin_depth_m
// below the belt surface at the plate's centre (so COPx = (Fx·dz − My)/Fz, COPy = (Mx + Fy·dz)/Fz
// with dz = plate_origin_depth_m: cop_from_wrench, docs/science.md §3). Plate axes are the lab axes; a plate's
// origin is at its centre: X = 0 for every plate, Y = 0 on a single belt, Y =
// ±split_plate_centre_y_m on a split belt (left belt +).
//
// Pelvis angles (truth) are relative to the standing posture; the Cardan sequence and signs are
// in PelvisState and runner_pelvis.hpp. Sources for every default range are in
// docs/science.md §2. The model's equations are written at the top of
// sim/src/runner_plan.cpp (step plan, pelvis, start), runner_stance.hpp (force shapes) and
// sim/src/runner.cpp (shear, COP, moments, IMU), sim/src/runner_faults.cpp (plate zero drift and
// flight-phase ringing) and runner_script.hpp (scripted changes over time).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/sim/runner_fields.hpp"
#include "stridecue/sim/runner_random.hpp"
#include "stridecue/sim/runner_script.hpp"
#include "stridecue/sim/runner_stance.hpp"
#include "stridecue/sim/runner_track.hpp"

namespace stridecue::sim {

enum class Belt : std::uint8_t { kSplit, kSingle };
enum class Gait : std::uint8_t { kRun, kWalk };

/// Per-side settings; left and right differ to rehearse asymmetry.
struct SideConfig {
  double active_peak_bw = 2.5;     ///< peak vertical GRF, body weights (2.2–3.1 running)
  double impact_peak_bw = 0.0;     ///< rearfoot impact peak in BW; 0 = none (forefoot)
  double impact_time_frac = 0.12;  ///< time of the impact peak as a fraction of contact
  double contact_scale = 1.0;      ///< multiplies the contact time of this side
  double pelvic_drop_deg = 5.0;    ///< contralateral pelvic drop during this side's stance

  bool operator==(const SideConfig&) const = default;
};

struct RunnerConfig {
  double body_mass_kg = 70.0;
  Gait gait = Gait::kRun;
  Belt belt = Belt::kSplit;
  double speed_mps = 3.0;        ///< belt speed: the foot (and its COP) moves backward with it
  double cadence_spm = 170.0;    ///< steps per minute (155–185 running)
  double contact_time_s = 0.24;  ///< mean contact time (0.17–0.28 s running)
  double variability_cv = 0.02;  ///< step-to-step coefficient of variation of times and peaks
  double standing_s = 0.0;       ///< quiet standing before the first step (static calibration)
  SideConfig left{}, right{};
  double step_across_probability = 0.0;  ///< split belt: chance a contact lands on both belts

  // Pelvis kinematics, degrees (docs/science.md §2)
  double tilt_rom_deg = 7.0;               ///< sagittal tilt range per stride
  double anterior_tilt_offset_deg = 4.5;   ///< mean running tilt minus standing tilt
  double late_stance_tilt_gain_deg = 2.0;  ///< tilt rise from midstance to toe-off
  double rotation_rom_deg = 12.0;          ///< transverse rotation range per stride

  // IMU (sensor on the sacrum)
  double imu_rate_hz = 500.0;
  double acc_noise_mps2 = 0.05;  ///< white noise SD per sample
  double gyro_noise_rads = 0.005;
  std::array<double, 3> gyro_bias_rads{0.01, -0.008, 0.005};
  double gyro_bias_walk_rads_per_sqrt_s = 0.0005;                ///< bias random walk
  std::array<double, 3> mount_misalignment_deg{3.0, -2.0, 5.0};  ///< sensor vs pelvis, XYZ

  // Plates
  double plate_origin_depth_m = 0.0;
  double force_noise_n = 1.5;  ///< white noise SD on each force channel

  // Added by the model (defaults reproduce docs/science.md §2 ranges).
  double braking_peak_bw = 0.30;  ///< AP braking shear peak per contact (running 0.25–0.4 BW)
  double foot_y_m = 0.08;         ///< lateral foot position from the belt centreline (L +, R −)
  double split_plate_centre_y_m = 0.135;  ///< split belt: |Y| of each belt plate's centre
  /// Obliquity range per stride = mean of the two sides' pelvic_drop_deg + this. The pelvis has
  /// not come back to its opposite extreme by initial contact, so the range exceeds the drop
  /// (Perpiñá-Martínez 2023: ROM 7.8–9.6° with drops of ≈5°).
  double obliquity_rom_extra_deg = 3.5;

  // Plate faults (docs/science.md §3), in the noisy output of Runner::plates_at only — never in the
  // truth. Model in sim/src/runner_faults.cpp.
  double zero_drift_n_per_min = 0.0;  ///< |linear Fz zero drift| per plate, N/min (sign drawn)
  double zero_drift_walk_n_per_sqrt_s = 0.0;  ///< Fz zero random walk, N/√s (1 s grid)
  double flight_ringing_n = 0.0;  ///< Fz ringing envelope after each toe-off, N (0 = none)
  double ringing_hz = 35.0;       ///< ringing frequency (plate/belt natural frequency), Hz
  double ringing_decay_s = 0.03;  ///< ringing envelope time constant, s

  bool operator==(const RunnerConfig&) const = default;
};

/// Defaults for walking (Gait::kWalk): 110 steps/min, contact 62 % of the stride, double-hump
/// vGRF with 1.15 BW peaks, smaller pelvic ranges. A starting point for walking scenarios.
RunnerConfig walking_config();

/// Throws std::invalid_argument naming the first bad field, its value and the valid range.
void validate(const RunnerConfig& config);

/// Ground truth of one completed step.
struct StepTruth {
  std::uint32_t index = 0;  ///< 0, 1, 2, … in order of initial contact
  Side side = Side::kUnknown;
  TimeNs t_ic_ns = 0;          ///< initial contact, simulation clock
  TimeNs t_to_ns = 0;          ///< toe-off, simulation clock
  double peak_vgrf_bw = 0;     ///< true (noise-free) active peak
  double impact_peak_bw = 0;   ///< 0 when the step has none
  bool across_belts = false;   ///< split belt: this contact loaded both belts
  double pelvic_drop_deg = 0;  ///< true contralateral drop during this stance

  // Added by the model.
  double impulse_bw_s = 0;      ///< true vertical impulse of this contact, ∫Fz dt / BW
  double braking_peak_bw = 0;   ///< true peak of the braking (negative) AP shear, as a positive BW
  double tilt_rise_deg = 0;     ///< true tilt(toe-off) − tilt(50 % of stance)
  double own_belt_share = 1.0;  ///< split belt: fraction of the force on the foot's own belt
};

/// True pelvis orientation relative to standing, degrees. Anterior tilt +; obliquity + when the
/// LEFT hemipelvis is lower (right side up); rotation + when the left ASIS moves forward.
struct PelvisState {
  double tilt_deg = 0, obliquity_deg = 0, rotation_deg = 0;
};

/// Time derivatives of PelvisState, degrees per second.
struct PelvisRates {
  double tilt_dps = 0, obliquity_dps = 0, rotation_dps = 0;
};

/// Everything the pelvis does at one instant, noise-free (what an ideal, aligned IMU would see).
struct PelvisMotion {
  PelvisState angles;
  PelvisRates rates;
  std::array<double, 3> gyro_pelvis_rads{};            ///< angular velocity in the pelvis frame
  std::array<double, 3> specific_force_lab_mps2{};     ///< a − g in the lab frame (+9.81 Z still)
  std::array<double, 3> specific_force_pelvis_mps2{};  ///< the same in the pelvis frame
};

/// One IMU reading in the sensor frame, with noise, bias and mounting misalignment applied.
struct ImuReading {
  std::array<double, 3> acc_mps2{};
  std::array<double, 3> gyro_rads{};
};

/// The reading as acquisition hands it to processing: an ImuSample at t (host clock = the
/// simulation clock), the given counter and device, no flags. For tests and benchmarks that
/// drive the pipelines without the wire.
ImuSample to_imu_sample(const ImuReading& r, TimeNs t_ns, std::uint32_t counter,
                        std::uint8_t device = 1);

/// Noise-free wrench on one plate and the model's own centre of pressure (not derived from the
/// moments), in the plate frame (origin at the plate centre; COP on the belt surface).
struct PlateTruth {
  double fx_n = 0, fy_n = 0, fz_n = 0;
  double mx_nm = 0, my_nm = 0, mz_nm = 0;
  double cop_x_m = 0, cop_y_m = 0;  ///< Fz-weighted COP of every load on the plate; 0 unloaded
  double tz_nm = 0;                 ///< free moment about the vertical through the COP
};

/// Zero offset of one plate's force channels (what an unloaded plate reads), N. Moments carry
/// none: the offset acts at the plate origin.
struct ZeroOffset {
  double fx_n = 0, fy_n = 0, fz_n = 0;
};

/// The runner. Call the *_at functions with non-decreasing times (simulation clock, starting at
/// 0; earlier times read as the state at the start). One thread at a time (not thread-safe);
/// never blocks; allocates only when the step plan grows past the queried time (room for ≈ 6
/// minutes is reserved up front, then amortised doubling) — a query inside the planned horizon
/// does not allocate (tested), with or without scripted changes. The truth (steps, pelvis,
/// forces) and the plate zero drift do not depend on which functions are called or how often;
/// the white noise of plates_at and imu_at depends only on the sequence of their own calls
/// (separate random streams). schedule() allocates and must come before the queries.
class Runner {
 public:
  /// Throws std::invalid_argument (see validate()) for a bad config.
  Runner(const RunnerConfig& config, std::uint64_t seed);

  /// The base config (before scripted changes; see config_at()).
  const RunnerConfig& config() const { return config_; }

  /// Schedules a change of one field during the run (runner_script.hpp has the exact
  /// semantics, sim/src/runner_script.cpp the list of fields and where each takes effect).
  /// Step-level fields (timing, forces, pelvis, ringing) take the value in effect at each step's
  /// initial contact, so a change reaches the first step whose IC is at or after at_s (a ramp:
  /// the ramp's value at each IC) and the step truth describes what was simulated; per-sample
  /// fields (force_noise_n, the IMU noise fields) take the value at each sample time; the zero
  /// drift rate is integrated exactly over time. Changes of one field compose in order of at_s,
  /// each starting from the value the field had when it starts.
  /// Throws std::invalid_argument when the field cannot change during a run (body_mass_kg,
  /// standing_s, imu_rate_hz, gyro bias at start, mount misalignment, plate geometry), when
  /// at_s, ramp_s or value is not finite or negative where that is meaningless, or when the
  /// change makes the config invalid (validate()) at some time — the message names the field,
  /// the time and the value, and the change is not kept. Throws std::logic_error when at_s is
  /// not after planned_until_ns(): schedule every change before running. Allocates.
  void schedule(const ScriptedChange& change);

  /// The config in effect at t: the base config with every scheduled change applied at t.
  /// No allocation.
  RunnerConfig config_at(TimeNs t_ns) const { return script_.config_at(config_, t_ns); }

  /// The latest time the runner has committed to (planned steps, drift grid). A change must
  /// start after it. Right after construction this is the first initial contact; every query
  /// plans ≈ 4 steps past its time.
  TimeNs planned_until_ns() const;

  /// Plates the runner stands on: 2 on a split belt, 1 on a single belt.
  int plate_count() const { return config_.belt == Belt::kSplit ? 2 : 1; }

  /// Forces on the plates at time t. Split belt: out[0] = left belt, out[1] = right belt.
  /// Single belt: out[0] only. Includes force noise, zero drift and flight-phase ringing
  /// (runner_faults.cpp). out.size() must be >= plate_count()
  /// (std::invalid_argument otherwise); entries past plate_count() are zeroed.
  void plates_at(TimeNs t_ns, std::span<PlateWrench> out);

  /// The zero offset plates_at adds to plate `plate` at time t (sum of the linear drift and the
  /// random walk; runner_faults.cpp), so a drift corrector can be checked against the truth.
  /// Deterministic for the seed, independent of the call pattern; extends the drift grid as far
  /// as t (allocates only past ≈ 17 minutes). std::invalid_argument unless 0 <= plate <
  /// plate_count().
  ZeroOffset zero_offset_at(int plate, TimeNs t_ns);
  /// Fz part of zero_offset_at().
  double zero_offset_n(int plate, TimeNs t_ns) { return zero_offset_at(plate, t_ns).fz_n; }

  /// Noise-free plate wrenches and model COP at time t; same layout and size rule as plates_at.
  void plates_truth_at(TimeNs t_ns, std::span<PlateTruth> out);

  /// True pelvis angles at time t.
  PelvisState pelvis_at(TimeNs t_ns);

  /// True pelvis angles, rates, angular velocity and specific force at time t.
  PelvisMotion pelvis_motion_at(TimeNs t_ns);

  /// IMU reading at time t (call at the IMU rate).
  ImuReading imu_at(TimeNs t_ns);

  /// Appends the truth of every step whose toe-off is at or before t and was not yet taken.
  void take_completed_steps(TimeNs t_ns, std::vector<StepTruth>& out);

  /// Time of the first initial contact (after standing_s of standing and a push-off).
  TimeNs first_contact_ns() const { return first_ic_ns_; }

  /// When the noise-free vertical force of contact `step_index` (summed over both belts)
  /// first rises through (rising = true) or last falls through (rising = false) fz_n, to the
  /// nanosecond. For checking threshold-based event detectors against the truth at their own
  /// threshold. Running contacts leave 0 with zero slope (fz ∝ u^1.5 after IC, ∝ (1 − u)^1.8
  /// before TO; docs/science.md §3: 20 vs 50 N moves contact time by ≈ 8 ms in real data), so a
  /// threshold crossing extrapolated linearly to 0 lands ≈ 1–3 ms inside [IC, TO] at each end.
  /// Walking contacts have straight edges.
  /// Plans as far as needed. std::invalid_argument unless 0 < fz_n < the step's peak force.
  TimeNs contact_crossing_ns(std::uint32_t step_index, double fz_n, bool rising);

 private:
  struct PlannedStep {
    StepTruth truth;
    detail::StanceShape shape;
    double contact_s = 0;        ///< exactly (t_to_ns − t_ic_ns) in seconds
    double step_s = 0;           ///< this IC to the next IC
    double cop_x0_m = 0;         ///< lab X of the COP at IC
    double cop_roll_m = 0;       ///< heel→toe COP travel along the foot over stance
    double cop_y_m = 0;          ///< lab Y of the COP (of the part on the own belt) at IC
    double other_cop_y_m = 0;    ///< lab Y of the part on the other belt (across_belts only)
    double imu_force_scale = 1;  ///< κ: step time / impulse, keeps the implied COM periodic
    double obliquity_ic_deg = 0, obliquity_peak_deg = 0;
    // Values of the config in effect at this step's IC that are used after planning.
    double speed_mps = 0;                                        ///< belt speed during this contact
    double tilt_lo_deg = 0, tilt_gain_deg = 0, tilt_hi_deg = 0;  ///< tilt keyframe values
    double rotation_half_deg = 0;                                ///< rotation_rom_deg / 2
    double ring_amp_n = 0, ring_hz = 0, ring_decay_s = 0;        ///< ringing after this toe-off
  };
  /// One load on one plate at one instant, plate frame.
  struct Load {
    int plate = 0;
    double fx_n = 0, fy_n = 0, fz_n = 0, tz_nm = 0;
    double cop_x_m = 0, cop_y_m = 0;
    double imu_scale = 1;
  };
  static constexpr int kMaxLoads = 8;
  static constexpr TimeNs kDriftKnotNs = kNsPerS;  ///< random-walk grid of the zero drift
  static constexpr double kRingingDecays = 10.0;   ///< ringing is cut after 10 time constants
  using Loads = std::array<Load, kMaxLoads>;

  void plan_until(TimeNs t_ns);
  void plan_next_step();
  PlannedStep draw_step(std::size_t k);
  RunnerConfig step_config(std::size_t k, TimeNs t_ic_ns);
  void place_step(const PlannedStep& s);
  double steady_ic_velocity() const;
  void push_tilt_keyframes(std::size_t k);
  int loads_at(TimeNs t_ns, Loads& loads);
  double plate_centre_y_m(int plate) const;
  // Scripted changes (runner_script.cpp).
  const RunnerConfig& config_now(TimeNs t_ns, RunnerConfig& scratch) const;
  void check_schedule_from(TimeNs from_ns, const ScriptedChange& change) const;
  // Plate faults (runner_faults.cpp).
  void init_faults(std::uint64_t seed);
  void extend_drift_until(TimeNs t_ns);
  double ringing_n(int plate, TimeNs t_ns) const;

  RunnerConfig config_;
  double weight_n_ = 0;
  double step_nominal_s_ = 0;  ///< 60 / base cadence
  double horizon_step_s_ = 0;  ///< 60 / the lowest cadence scheduled: plan 4 of these ahead
  TimeNs gait_start_ns_ = 0;   ///< end of standing and push-off; angles leave 0 here
  TimeNs first_ic_ns_ = 0;
  double push_off_s_ = 0;     ///< duration of the push-off from standing (0 without standing)
  double push_off_gain_ = 0;  ///< β of the push-off force profile (see runner_plan.cpp)

  detail::RandomStream plan_rng_, force_rng_, imu_rng_;
  std::vector<PlannedStep> plan_;  ///< planned steps, in order of contact
  std::size_t next_to_report_ = 0;
  detail::MonotoneTrack obliquity_deg_, tilt_deg_, rotation_deg_;

  std::array<double, 9> mount_rotation_{};  ///< sensor axes in the pelvis frame, row-major
  std::array<double, 3> gyro_bias_rads_{};  ///< current bias (random walk state)
  TimeNs last_imu_ns_ = 0;

  detail::ChangeTimeline script_;  ///< scripted changes (schedule())
  RunnerConfig last_validated_;    ///< the last step config validated (skip repeats)

  // Zero drift: sign of the linear drift on Fz and of the shear offsets per plate, and the
  // random-walk knots every kDriftKnotNs (runner_faults.cpp).
  detail::RandomStream drift_rng_;
  std::array<std::array<double, 3>, kMaxPlates> drift_sign_{};  ///< z, x, y per plate
  std::vector<std::array<double, kMaxPlates>> drift_walk_n_;
  double ring_window_s_ = 0;  ///< ringing is cut after this long (10 × longest decay)
};

}  // namespace stridecue::sim
