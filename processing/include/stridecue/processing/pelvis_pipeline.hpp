// The pelvis IMU pipeline (issue 6; docs/science.md §5): IMU samples on the host timeline →
// orientation (orientation_filter.hpp) → static calibration and heading (pelvis_calibration.hpp)
// → tilt, obliquity, rotation (pelvis_angles.hpp) → per-step values for stances whose contact
// and toe-off come from the force plates (or, with no plate, from the IMU itself).
//
// Timeline. Steps are measured over a history of angles (the last `kHistory` samples: 8 s at
// 1 kHz). A step can be measured once the IMU stream has passed its toe-off; measure_step()
// says kNotYet until then (the IMU and the plates reach the host with different latencies).
//
// Rotation is reported relative to its own running mean (first-order, `rotation_tau_s`): the
// heading of a gyro-only orientation drifts, and on a treadmill the mean heading is the
// direction of travel. Tilt and obliquity do not depend on heading (Z-Y-X sequence).
//
// IMU-only events (fallback, no plate): the vertical specific force in world axes times body
// mass is a total vertical GRF estimate; contacts are found on it with the same hysteresis
// detector as the plates (on/off in body weights), and the side from the obliquity change in
// early stance (the swing-side hemipelvis drops: + for a right stance). Sacral-IMU events are
// ≈ ±30 ms biased with wide limits (Kiernan 2023, Sensors 23:5022): plates are always
// preferred, steps so found carry kPelvisImuEvents.
//
// Thread: one (the processing thread). process() and measure_step() do not allocate.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "stridecue/core/sample_item.hpp"
#include "stridecue/processing/contact_detector.hpp"
#include "stridecue/processing/orientation_filter.hpp"
#include "stridecue/processing/pelvis_angles.hpp"
#include "stridecue/processing/pelvis_calibration.hpp"
#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

struct PelvisPipelineConfig {
  OrientationFilterConfig filter{};
  StaticCalibrationConfig calibration{};
  HeadingConfig heading{};
  /// Start a static trial at the first sample and retry until one is accepted (the runner
  /// stands on the belt before it starts). Otherwise only request_calibration() starts one.
  bool calibrate_at_start = true;
  double rotation_tau_s = 5.0;            ///< running-mean time constant of the heading
  double max_calibration_age_s = 1800.0;  ///< older calibrations are flagged
  double acc_range_g = 16.0;              ///< sensor full scale: ≥ 98 % of it is saturation
  double gyro_range_dps = 2000.0;
  double mount_moved_deg = 3.0;  ///< standing "up" this far from the calibration's: flagged
  /// Converged when the stride-averaged specific force (τ = 2 s) is within this of vertical.
  double converged_deg = 1.5;
  double body_mass_kg = 70.0;                ///< IMU-only events
  double imu_on_bw = 0.4, imu_off_bw = 0.3;  ///< IMU-only events: thresholds, body weights
};

/// Where the pelvis stands right now, for the dashboard and the export.
struct PelvisConfidence {
  std::uint16_t flags = kPelvisNoImu | kPelvisNotCalibrated;  ///< PelvisFlags
  double calibration_age_s = kNaN;                            ///< NaN without a calibration
  /// One line for people, e.g. "calibrated 3 min ago" or "not calibrated: stand still 5 s".
  /// Static string.
  const char* summary() const;
};

/// A stance found on the IMU alone (fallback).
struct ImuStep {
  TimeNs t_ic_ns = 0, t_to_ns = 0;
  Side side = Side::kUnknown;
};

/// Turns IMU-only steps into StepResults with the plates' timing definitions (docs/science.md §4):
/// flight from the previous toe-off, step time from the previous contralateral contact and
/// stride time from the previous same-side contact (both only back to the last step of unknown
/// side), cadence from the step time; NaN for every force value. Used live and by `analyze`.
/// The caller adds kPelvisImuEvents once the step's pelvis values are measured. No allocation.
class ImuStepTiming {
 public:
  StepResult next(const ImuStep& c);

 private:
  std::uint32_t index_ = 0;
  TimeNs last_to_ns_ = -1;
  std::array<TimeNs, 2> last_ic_ns_{-1, -1};  // left, right; -1 = none since an unknown side
};

class PelvisPipeline final : public SideHint {
 public:
  static constexpr std::size_t kHistory = 8192;

  explicit PelvisPipeline(const PelvisPipelineConfig& config = {});

  /// Starts a static trial at the next sample (the runner standing still). The previous
  /// calibration stays in use until the new one is accepted.
  void request_calibration();
  /// The result of the last static trial, once (accepted or refused with its reason). Of the
  /// automatic retries at the start (calibrate_at_start, until one is accepted), the first
  /// refusal and then one per kRefusalReportEveryNs are reported; explicit requests always are.
  std::optional<StaticCalibration> take_calibration_result();
  /// Static trials completed (accepted or refused), reported or not.
  std::uint32_t calibration_trials() const { return calibration_trials_; }
  static constexpr TimeNs kRefusalReportEveryNs = 60 * kNsPerS;

  /// One IMU sample. No allocation.
  void process(const ImuSample& s);
  /// Lost IMU samples: the filter carries on from the next one (gyro integration restarts).
  void on_gap(const StreamGap& gap);

  enum class StepStatus : std::uint8_t { kReady, kNotYet, kUnavailable };
  /// Pelvis values for the stance [t_ic, t_to] of `side`. kNotYet while the IMU stream has not
  /// reached t_to; kUnavailable (out filled with NaN and the reason in flags) when no angles
  /// cover the stance. Call in step order (the stride ranges use the previous same-side
  /// contact). No allocation.
  StepStatus measure_step(TimeNs t_ic_ns, TimeNs t_to_ns, Side side, PelvisStepMetrics& out);

  /// IMU-only steps found since the last call (fallback when no plate is present).
  bool take_imu_step(ImuStep& out);

  /// The side of a plate contact from the pelvis (SideHint): obliquity rises from IC to 40 % of
  /// stance in a right stance (the swing-side, left, hemipelvis drops), falls in a left one;
  /// a change under 0.3° is unknown. kUnknown too until calibrated, heading known and the
  /// filter converged, while the IMU has not reached 40 % of the stance, across a hole in the
  /// IMU data, a saturated sample, or once the mount has moved. No allocation.
  Side side_for(TimeNs t_ic_ns, TimeNs t_to_ns) const override;

  PelvisConfidence confidence() const;
  bool has_angles() const { return calibrated_ && heading_.ready(); }
  /// Latest angles (valid when has_angles()).
  const PelvisAngles& angles() const { return latest_; }
  TimeNs latest_ns() const { return latest_ns_; }
  std::uint64_t samples() const { return samples_; }
  const std::optional<StaticCalibration>& calibration() const { return calibration_; }
  /// Sensor → world rotation of the filter (for tests and diagnostics).
  const OrientationFilter& filter() const { return filter_; }

  /// Angle history, oldest first: sample i of size() (i < kHistory).
  struct AngleSample {
    TimeNs t_ns = 0;
    float tilt_deg = 0, obliquity_deg = 0, rotation_deg = 0;
    std::uint16_t flags = 0;  ///< PelvisFlags of this sample (saturation, not converged, …)
  };
  std::size_t history_size() const { return count_; }
  const AngleSample& history(std::size_t i) const {
    return history_[(head_ + kHistory - count_ + i) % kHistory];
  }

 private:
  void apply_calibration(const StaticCalibration& cal);
  void update_imu_events(TimeNs t_ns, double vertical_g);
  /// Index (in history order) of the first sample at or after t; size() when none.
  std::size_t lower_bound(TimeNs t_ns) const;
  double interpolate(TimeNs t_ns, float AngleSample::*field) const;
  /// Angles cover [t0, t1] without a hole (a sample at or before t0, one at or after t1).
  bool covered(TimeNs t0_ns, TimeNs t1_ns) const;
  /// The early-stance obliquity rule behind side_for() and the IMU-only steps.
  Side side_from_obliquity(TimeNs t_ic_ns, TimeNs t_to_ns) const;

  PelvisPipelineConfig config_;
  OrientationFilter filter_;
  StaticCalibrator calibrator_;
  StaticCalibrator standing_watch_;  // quiet standing after calibration: mount check
  HeadingEstimator heading_;
  double cos_converged_ = 1.0;
  std::optional<StaticCalibration> calibration_, pending_result_;
  bool calibration_requested_ = false;
  bool explicit_request_ = false, trial_explicit_ = false;
  bool reported_refusal_ = false;
  TimeNs last_refusal_report_ns_ = 0;
  std::uint32_t calibration_trials_ = 0;
  bool calibrated_ = false;
  bool mount_moved_ = false;
  Eigen::Matrix3d sensor_from_pelvis_ = Eigen::Matrix3d::Identity();
  TimeNs calibration_t_ns_ = 0;
  TimeNs prev_t_ns_ = 0, latest_ns_ = 0;
  bool have_prev_ = false;
  std::uint64_t samples_ = 0;
  double rotation_ref_deg_ = 0, rotation_unwrapped_deg_ = 0, prev_raw_rotation_deg_ = 0;
  bool rotation_ref_init_ = false;
  Eigen::Vector3d acc_world_lp_ = Eigen::Vector3d::Zero();
  bool converged_ = false;
  TimeNs saturated_until_ns_ = 0;
  PelvisAngles latest_{};
  std::array<AngleSample, kHistory> history_{};
  std::size_t head_ = 0, count_ = 0;          // head_: next write
  std::array<TimeNs, 2> last_ic_ns_{-1, -1};  // per side (left, right), for stride ranges

  // IMU-only events.
  ContactDetector imu_contacts_;
  std::array<ImuStep, 16> imu_steps_{};
  std::size_t imu_steps_head_ = 0, imu_steps_count_ = 0;
};

}  // namespace stridecue::processing
