// Aligning the sacral sensor to the pelvis (docs/science.md §5).
//
// Static calibration: the runner stands still for `duration` (5 s by default) before running.
// The mean specific force is the gravity reaction, "up" in sensor axes: it fixes tilt and
// obliquity zero. The mean gyro is the gyro bias. The trial is refused, with the reason, when
// the runner was not still (gyro or accelerometer spread too large), the magnitude is not 1 g
// (wrong accelerometer scale, or the sensor moving), samples were lost or saturated inside it.
//
// Heading: gravity says nothing about where "forward" is. On a treadmill the pelvis does not
// travel, but its horizontal specific force does: braking then propulsion along the direction of
// travel in every stance (±0.3 g), with the mediolateral part alternating sign from left to
// right steps. Over the first strides (heading window) HeadingEstimator accumulates, in the
// filter's world frame, the covariance of the horizontal specific force; its principal axis is
// the travel axis. Its sign: braking comes with RISING vertical force (first half of stance),
// propulsion with falling, so the forward direction d has E[(a_h · d) · da_v/dt] < 0. The
// sensor-frame forward axis is the mean over the window of d expressed in sensor axes,
// projected normal to "up". Refused (keeps accumulating) while the principal axis is not
// dominant enough: the ratio of the two eigenvalues must reach `min_axis_ratio`.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <cstdint>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"

namespace stridecue::processing {

// The trial ends after `duration`, or earlier when the runner starts moving after at least
// `min_duration` of stillness (a sample whose gyro or accelerometer departs from the trial's
// running mean by more than motion_gyro_rads / motion_acc_mps2); moving sooner refuses it.
struct StaticCalibrationConfig {
  TimeNs duration_ns = 5 * kNsPerS;      ///< length of the standing trial
  TimeNs min_duration_ns = 3 * kNsPerS;  ///< shortest stillness accepted
  double motion_gyro_rads = 0.25;        ///< per axis, from the trial mean: the runner moved
  double motion_acc_mps2 = 2.0;          ///< per axis, from the trial mean
  double max_gyro_sd_rads = 0.05;        ///< per axis; quiet standing sways far less
  double max_acc_sd_mps2 = 0.35;         ///< per axis
  double max_gravity_error_mps2 = 0.6;   ///< | |mean acc| − g |
};

/// Result of a static trial. `reason` is a static string ("" when ok).
struct StaticCalibration {
  bool ok = false;
  TimeNs t_ns = 0;                                       ///< end of the trial
  Eigen::Vector3d up_sensor = Eigen::Vector3d::UnitZ();  ///< unit, sensor axes
  Eigen::Vector3d gyro_bias_rads = Eigen::Vector3d::Zero();
  double gyro_sd_rads = 0;  ///< largest per-axis SD seen
  double acc_sd_mps2 = 0;   ///< largest per-axis SD seen
  double gravity_mps2 = 0;  ///< |mean acc|
  std::uint32_t samples = 0;
  const char* reason = "";
};

/// Accumulates one static trial. No allocation.
class StaticCalibrator {
 public:
  explicit StaticCalibrator(const StaticCalibrationConfig& config = {}) : config_(config) {}

  void start(TimeNs t_ns);
  bool active() const { return active_; }
  /// Abandons the trial without a result.
  void cancel() { active_ = false; }
  /// Adds one sample; returns true when the trial is complete (then inactive) with the result
  /// in `out`. A sample flagged kSampleGapBefore or `saturated` refuses the trial.
  bool add(const ImuSample& s, bool saturated, StaticCalibration& out);
  /// Ends the trial early (e.g. at the end of a file): refused unless long enough.
  StaticCalibration finish();

  const StaticCalibrationConfig& config() const { return config_; }

 private:
  StaticCalibration evaluate(const char* refusal) const;

  StaticCalibrationConfig config_;
  bool active_ = false;
  TimeNs t_start_ns_ = 0, t_last_ns_ = 0;
  std::uint32_t n_ = 0;
  Eigen::Vector3d acc_mean_ = Eigen::Vector3d::Zero(), acc_m2_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d gyro_mean_ = Eigen::Vector3d::Zero(), gyro_m2_ = Eigen::Vector3d::Zero();
};

struct HeadingConfig {
  TimeNs window_ns = 5 * kNsPerS;  ///< gait time accumulated before the first estimate
  double min_axis_ratio = 2.0;     ///< principal / secondary horizontal variance
  /// Samples count as gait while the RMS of the vertical specific force about 1 g, over the
  /// last ≈ 0.5 s, exceeds this: running ≈ 0.6 g, walking ≈ 0.15 g, quiet standing ≈ 0.01 g.
  double moving_rms_g = 0.06;
  /// A gait whose vertical specific force falls below this for more than 5 % of the time has
  /// flight phases: running. Otherwise walking.
  double flight_g = 0.3;
};

/// Accumulates the travel direction while the runner runs or walks. No allocation.
///
/// Axis: the principal axis of the horizontal specific force (fore-aft forces dwarf lateral
/// ones). Sign: from how the fore-aft force goes with the vertical one, which differs by gait
/// (Cavagna, Heglund & Taylor 1977, Am J Physiol 233:R243 — walking is an inverted pendulum,
/// running a bouncing spring). Running: vertical force peaks at midstance, braking before it and
/// propulsion after, so fore-aft force correlates NEGATIVELY with the vertical jerk. Walking:
/// the summed vertical force peaks around double support and dips at midstance, propulsion
/// (trailing foot) before the peak and braking (leading foot) after it, so the correlation is
/// POSITIVE. The gait is told per sample by flight phases (vertical specific force near 0 g
/// within the last second), so a window spanning a walk-to-run change still agrees.
class HeadingEstimator {
 public:
  explicit HeadingEstimator(const HeadingConfig& config = {}) : config_(config) {}

  void reset();
  /// One sample: `world_from_sensor` from the orientation filter, specific force in sensor
  /// axes, dt. Returns true when an estimate is ready (then forward_sensor() is valid).
  bool add(const Eigen::Quaterniond& world_from_sensor, const Eigen::Vector3d& acc_sensor_mps2,
           double dt_s, const Eigen::Vector3d& up_sensor);
  bool ready() const { return ready_; }
  /// Unit forward axis in sensor coordinates, normal to the calibration's up.
  const Eigen::Vector3d& forward_sensor() const { return forward_; }
  double axis_ratio() const { return axis_ratio_; }
  /// True when the estimate (or the data so far) had flight phases: running, not walking.
  bool running() const { return n_ > 0 && flight_n_ > 0.05 * n_; }

 private:
  HeadingConfig config_;
  bool ready_ = false;
  double moving_s_ = 0, next_eval_s_ = 0;
  double prev_av_ = 0;
  bool have_prev_ = false;
  double activity_ms_g2_ = 0;    // EMA of (vertical specific force / g − 1)²
  double flight_n_ = 0;          // gait samples below flight_g
  double since_flight_s_ = 1e9;  // gait time since the last flight sample
  double n_ = 0;
  double sx_ = 0, sy_ = 0, sxx_ = 0, sxy_ = 0, syy_ = 0;  // horizontal specific force
  double cx_ = 0, cy_ = 0;  // × vertical jerk, sign-flipped for walking samples
  Eigen::Vector3d ex_sensor_sum_ = Eigen::Vector3d::Zero(),
                  ey_sensor_sum_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d forward_ = Eigen::Vector3d::UnitX();
  double axis_ratio_ = 0;
};

/// The sensor → pelvis alignment: pelvis axes expressed in sensor coordinates (columns X, Y, Z)
/// from "up" and "forward" (forward is re-orthogonalised against up).
Eigen::Matrix3d pelvis_axes_in_sensor(const Eigen::Vector3d& up_sensor,
                                      const Eigen::Vector3d& forward_sensor);

}  // namespace stridecue::processing
