// The pelvis IMU pipeline (pelvis_pipeline.hpp).
#include "stridecue/processing/pelvis_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace stridecue::processing {
namespace {

constexpr double kDegPerRad = 180.0 / std::numbers::pi;
constexpr double kConvergenceTau_s = 2.0;           // stride-averaging of the world specific force
constexpr TimeNs kMaxSampleGapNs = 100 * kNsPerMs;  // longer: integration restarts
constexpr TimeNs kMaxStanceHoleNs = 50 * kNsPerMs;  // a hole this long in a stance: no values
constexpr TimeNs kSaturationHoldNs = kNsPerS;       // confidence shows saturation this long
constexpr double kSideMinChangeDeg = 0.3;           // IMU-only sides: smaller is unknown

Eigen::Vector3d vec(const std::array<float, 3>& a) {
  return {static_cast<double>(a[0]), static_cast<double>(a[1]), static_cast<double>(a[2])};
}

double angle_between_deg(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  return std::atan2(a.cross(b).norm(), a.dot(b)) * kDegPerRad;
}

/// IMU-only contacts: the plates' minimum contact and flight durations, thresholds in BW.
ContactThresholds imu_thresholds(const PelvisPipelineConfig& c) {
  ContactThresholds t;
  t.on_n = c.imu_on_bw * c.body_mass_kg * kGravity_mps2;
  t.off_n = c.imu_off_bw * c.body_mass_kg * kGravity_mps2;
  return t;
}

}  // namespace

StepResult ImuStepTiming::next(const ImuStep& c) {
  StepResult s;
  s.index = index_++;
  s.side = c.side;
  s.side_source = c.side == Side::kUnknown ? SideSource::kUnknown : SideSource::kImu;
  s.t_ic_ns = c.t_ic_ns;
  s.t_to_ns = c.t_to_ns;
  s.t_peak_ns = c.t_ic_ns;
  s.contact_ms = ns_to_ms(c.t_to_ns - c.t_ic_ns);
  s.flight_ms = s.step_ms = s.stride_ms = s.cadence_spm = kNaN;
  s.peak_vgrf_bw = s.impulse_bw_s = s.impact_peak_bw = s.valr_bw_s = s.vilr_bw_s = kNaN;
  s.braking_impulse_bw_s = s.propulsive_impulse_bw_s = kNaN;
  s.cop_y_m = s.cop_progression_m = s.free_moment_peak_nm = s.zero_offset_n = kNaN;
  if (last_to_ns_ >= 0) s.flight_ms = ns_to_ms(c.t_ic_ns - last_to_ns_);
  last_to_ns_ = c.t_to_ns;
  if (c.side != Side::kLeft && c.side != Side::kRight) {
    last_ic_ns_ = {-1, -1};
    return s;
  }
  const std::size_t same = c.side == Side::kLeft ? 0 : 1;
  const TimeNs prev_same = last_ic_ns_[same], prev_other = last_ic_ns_[1 - same];
  if (prev_other >= 0 && prev_other > prev_same) s.step_ms = ns_to_ms(c.t_ic_ns - prev_other);
  if (prev_same >= 0) s.stride_ms = ns_to_ms(c.t_ic_ns - prev_same);
  if (s.step_ms > 0) s.cadence_spm = 60'000.0 / s.step_ms;
  last_ic_ns_[same] = c.t_ic_ns;
  return s;
}

const char* PelvisConfidence::summary() const {
  if (flags & kPelvisNoImu) return "no IMU data";
  if (flags & kPelvisNotCalibrated) return "not calibrated: stand still on the belt for 5 s";
  if (flags & kPelvisMountMoved) return "the sensor moved on the pelvis: calibrate again";
  if (flags & kPelvisHeadingPending) return "calibrated; learning the direction of travel";
  if (flags & kPelvisSaturated) return "the IMU saturated: values around it are unreliable";
  if (flags & kPelvisNotConverged) return "orientation settling";
  if (flags & kPelvisCalibrationOld) return "calibration is old: calibrate again";
  return "good";
}

PelvisPipeline::PelvisPipeline(const PelvisPipelineConfig& config)
    : config_(config),
      filter_(config.filter),
      calibrator_(config.calibration),
      standing_watch_(config.calibration),
      heading_(config.heading),
      cos_converged_(std::cos(config.converged_deg / kDegPerRad)),
      imu_contacts_(imu_thresholds(config)) {
  calibration_requested_ = config.calibrate_at_start;
}

void PelvisPipeline::request_calibration() {
  calibration_requested_ = true;
  explicit_request_ = true;
}

std::optional<StaticCalibration> PelvisPipeline::take_calibration_result() {
  auto r = pending_result_;
  pending_result_.reset();
  return r;
}

void PelvisPipeline::on_gap(const StreamGap& /*gap*/) {
  have_prev_ = false;
  imu_contacts_.reset();
}

void PelvisPipeline::apply_calibration(const StaticCalibration& cal) {
  calibration_ = cal;
  calibrated_ = true;
  calibration_t_ns_ = cal.t_ns;
  mount_moved_ = false;
  filter_.reset(cal.up_sensor * cal.gravity_mps2, cal.gyro_bias_rads);
  filter_.set_fast(false);
  heading_.reset();
  acc_world_lp_ = Eigen::Vector3d(0.0, 0.0, kGravity_mps2);
  converged_ = true;
  rotation_ref_init_ = false;
  count_ = 0;  // angles before this calibration are in another frame
  last_ic_ns_ = {-1, -1};
}

void PelvisPipeline::process(const ImuSample& s) {
  const TimeNs t = s.t_ns;
  const Eigen::Vector3d acc = vec(s.acc_mps2), gyro = vec(s.gyro_rads);
  const double acc_limit = 0.98 * config_.acc_range_g * kGravity_mps2;
  const double gyro_limit = 0.98 * config_.gyro_range_dps / kDegPerRad;
  const bool saturated =
      acc.cwiseAbs().maxCoeff() >= acc_limit || gyro.cwiseAbs().maxCoeff() >= gyro_limit;
  if (saturated) saturated_until_ns_ = t + kSaturationHoldNs;

  double dt_s = 0.0;
  if (have_prev_ && !(s.flags & kSampleGapBefore) && t > prev_t_ns_ &&
      t - prev_t_ns_ <= kMaxSampleGapNs) {
    dt_s = static_cast<double>(t - prev_t_ns_) * 1e-9;
  }
  prev_t_ns_ = t;
  have_prev_ = true;
  latest_ns_ = t;
  ++samples_;

  // Static trial: requested, or retried from the start until one is accepted.
  if (calibration_requested_ && !calibrator_.active()) {
    calibrator_.start(t);
    calibration_requested_ = false;
    trial_explicit_ = explicit_request_;
    explicit_request_ = false;
  }
  if (calibrator_.active()) {
    StaticCalibration result;
    if (calibrator_.add(s, saturated, result)) {
      ++calibration_trials_;
      // The automatic retries while nobody stands still refuse trial after trial: report the
      // first refusal and then one a minute, not hundreds.
      const bool report = result.ok || trial_explicit_ || !reported_refusal_ ||
                          t - last_refusal_report_ns_ >= kRefusalReportEveryNs;
      if (report) pending_result_ = result;
      if (report && !result.ok) {
        reported_refusal_ = true;
        last_refusal_report_ns_ = t;
      }
      if (result.ok) {
        apply_calibration(result);
      } else if (config_.calibrate_at_start && !calibrated_) {
        calibration_requested_ = true;
      }
    }
  }

  filter_.update(acc, gyro, dt_s);
  if (!filter_.initialised()) return;
  const Eigen::Quaterniond& q = filter_.orientation();
  const Eigen::Matrix3d r_ws = q.toRotationMatrix();
  const Eigen::Vector3d a_w = r_ws * acc;
  if (dt_s > 0.0) {
    acc_world_lp_ += std::min(1.0, dt_s / kConvergenceTau_s) * (a_w - acc_world_lp_);
  }
  if (!calibrated_) return;
  converged_ = acc_world_lp_.z() >= cos_converged_ * acc_world_lp_.norm();

  // Quiet standing after calibration: does the standing posture still match? Only samples
  // that look still go to the watch (running samples just end its trial: cheap).
  if (!calibrator_.active()) {
    const bool looks_still =
        gyro.cwiseAbs().maxCoeff() < config_.calibration.motion_gyro_rads &&
        std::abs(acc.norm() - kGravity_mps2) < config_.calibration.motion_acc_mps2;
    if (!looks_still) {
      standing_watch_.cancel();
    } else {
      if (!standing_watch_.active()) standing_watch_.start(t);
      StaticCalibration standing;
      if (standing_watch_.add(s, saturated, standing) && standing.ok &&
          angle_between_deg(standing.up_sensor, calibration_->up_sensor) >
              config_.mount_moved_deg) {
        mount_moved_ = true;
      }
    }
  }

  if (!heading_.ready()) {
    if (heading_.add(q, acc, dt_s, calibration_->up_sensor)) {
      sensor_from_pelvis_ =
          pelvis_axes_in_sensor(calibration_->up_sensor, heading_.forward_sensor());
    } else {
      return;
    }
  }

  PelvisAngles a = pelvis_angles_from_rotation(r_ws * sensor_from_pelvis_);
  // Heading relative to its running mean (unwrapped through ±180°).
  if (!rotation_ref_init_) {
    rotation_unwrapped_deg_ = rotation_ref_deg_ = prev_raw_rotation_deg_ = a.rotation_deg;
    rotation_ref_init_ = true;
  } else {
    double step = a.rotation_deg - prev_raw_rotation_deg_;
    if (step > 180.0) step -= 360.0;
    if (step < -180.0) step += 360.0;
    prev_raw_rotation_deg_ = a.rotation_deg;
    rotation_unwrapped_deg_ += step;
    rotation_ref_deg_ += std::min(1.0, dt_s / config_.rotation_tau_s) *
                         (rotation_unwrapped_deg_ - rotation_ref_deg_);
  }
  a.rotation_deg = rotation_unwrapped_deg_ - rotation_ref_deg_;
  latest_ = a;

  std::uint16_t flags = 0;
  if (saturated) flags |= kPelvisSaturated;
  if (!converged_) flags |= kPelvisNotConverged;
  history_[head_] = {t, static_cast<float>(a.tilt_deg), static_cast<float>(a.obliquity_deg),
                     static_cast<float>(a.rotation_deg), flags};
  head_ = (head_ + 1) % kHistory;
  count_ = std::min(count_ + 1, kHistory);

  update_imu_events(t, a_w.z() / kGravity_mps2);
}

void PelvisPipeline::update_imu_events(TimeNs t_ns, double vertical_g) {
  const double fz_n = vertical_g * config_.body_mass_kg * kGravity_mps2;
  if (imu_contacts_.feed(t_ns, fz_n) == ContactDetector::Event::kContactEnded) {
    const Contact& c = imu_contacts_.last_contact();
    const ImuStep step{c.t_ic_ns, c.t_to_ns, side_from_obliquity(c.t_ic_ns, c.t_to_ns)};
    imu_steps_[(imu_steps_head_ + imu_steps_count_) % imu_steps_.size()] = step;
    if (imu_steps_count_ < imu_steps_.size()) {
      ++imu_steps_count_;
    } else {
      imu_steps_head_ = (imu_steps_head_ + 1) % imu_steps_.size();  // oldest dropped
    }
  }
}

Side PelvisPipeline::side_from_obliquity(TimeNs t_ic_ns, TimeNs t_to_ns) const {
  // The swing-side hemipelvis drops in early stance: obliquity rises in a right stance.
  const TimeNs t_probe = t_ic_ns + (t_to_ns - t_ic_ns) * 2 / 5;
  const double change = interpolate(t_probe, &AngleSample::obliquity_deg) -
                        interpolate(t_ic_ns, &AngleSample::obliquity_deg);
  if (!std::isfinite(change) || std::abs(change) < kSideMinChangeDeg) return Side::kUnknown;
  return change > 0.0 ? Side::kRight : Side::kLeft;
}

Side PelvisPipeline::side_for(TimeNs t_ic_ns, TimeNs t_to_ns) const {
  if (!has_angles() || !converged_ || mount_moved_) return Side::kUnknown;
  const TimeNs t_probe = t_ic_ns + (t_to_ns - t_ic_ns) * 2 / 5;
  if (!covered(t_ic_ns, t_probe)) return Side::kUnknown;  // a hole: the change is a guess
  for (std::size_t i = lower_bound(t_ic_ns); i < count_ && history(i).t_ns <= t_probe; ++i) {
    if (history(i).flags & kPelvisSaturated) return Side::kUnknown;
  }
  return side_from_obliquity(t_ic_ns, t_to_ns);
}

bool PelvisPipeline::covered(TimeNs t0_ns, TimeNs t1_ns) const {
  // A sample at or before t0, one at or after t1, no hole longer than kMaxStanceHoleNs between.
  const std::size_t i0 = lower_bound(t0_ns), i1 = lower_bound(t1_ns);
  if (count_ == 0 || i1 >= count_ || i0 >= count_ || (history(i0).t_ns != t0_ns && i0 == 0)) {
    return false;
  }
  for (std::size_t i = i0 == 0 ? 1 : i0; i <= i1; ++i) {
    if (history(i).t_ns - history(i - 1).t_ns > kMaxStanceHoleNs) return false;
  }
  return true;
}

bool PelvisPipeline::take_imu_step(ImuStep& out) {
  if (imu_steps_count_ == 0) return false;
  out = imu_steps_[imu_steps_head_];
  imu_steps_head_ = (imu_steps_head_ + 1) % imu_steps_.size();
  --imu_steps_count_;
  return true;
}

PelvisConfidence PelvisPipeline::confidence() const {
  PelvisConfidence c;
  c.flags = 0;
  if (samples_ == 0) c.flags |= kPelvisNoImu;
  if (!calibrated_) {
    c.flags |= kPelvisNotCalibrated;
    return c;
  }
  c.calibration_age_s = static_cast<double>(latest_ns_ - calibration_t_ns_) * 1e-9;
  if (!heading_.ready()) c.flags |= kPelvisHeadingPending;
  if (!converged_) c.flags |= kPelvisNotConverged;
  if (latest_ns_ < saturated_until_ns_) c.flags |= kPelvisSaturated;
  if (mount_moved_) c.flags |= kPelvisMountMoved;
  if (c.calibration_age_s > config_.max_calibration_age_s) c.flags |= kPelvisCalibrationOld;
  return c;
}

std::size_t PelvisPipeline::lower_bound(TimeNs t_ns) const {
  std::size_t lo = 0, hi = count_;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (history(mid).t_ns < t_ns) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

double PelvisPipeline::interpolate(TimeNs t_ns, float AngleSample::*field) const {
  const std::size_t i = lower_bound(t_ns);
  if (count_ == 0 || i == count_) return kNaN;
  const AngleSample& b = history(i);
  if (b.t_ns == t_ns) return b.*field;
  if (i == 0) return kNaN;
  const AngleSample& a = history(i - 1);
  const double w = static_cast<double>(t_ns - a.t_ns) / static_cast<double>(b.t_ns - a.t_ns);
  return a.*field + w * (b.*field - a.*field);
}

PelvisPipeline::StepStatus PelvisPipeline::measure_step(TimeNs t_ic_ns, TimeNs t_to_ns, Side side,
                                                        PelvisStepMetrics& out) {
  out = PelvisStepMetrics{};
  if (samples_ == 0) return StepStatus::kUnavailable;  // flags: kPelvisNoImu
  if (latest_ns_ < t_to_ns) return StepStatus::kNotYet;
  const PelvisConfidence conf = confidence();
  out.flags = conf.flags & static_cast<std::uint16_t>(~kPelvisSaturated);
  if (!has_angles()) return StepStatus::kUnavailable;

  const std::size_t i0 = lower_bound(t_ic_ns), i1 = lower_bound(t_to_ns);
  if (!covered(t_ic_ns, t_to_ns)) {
    out.flags |= kPelvisNoImu;
    return StepStatus::kUnavailable;
  }

  const double obl_ic = interpolate(t_ic_ns, &AngleSample::obliquity_deg);
  const double tilt_ic = interpolate(t_ic_ns, &AngleSample::tilt_deg);
  const double obl_to = interpolate(t_to_ns, &AngleSample::obliquity_deg);
  const double tilt_to = interpolate(t_to_ns, &AngleSample::tilt_deg);
  // Swing-side drop: the left hemipelvis in a right stance (+obliquity), and vice versa.
  const double sign = side == Side::kRight ? 1.0 : side == Side::kLeft ? -1.0 : kNaN;
  double drop = sign * (obl_to - obl_ic), drop_static = std::max(sign * obl_ic, sign * obl_to);
  double tilt_peak = std::max(tilt_ic, tilt_to), tilt_area = 0.0;
  TimeNs prev_t = t_ic_ns;
  double prev_tilt = tilt_ic;
  std::uint16_t sample_flags = 0;
  for (std::size_t i = i0; i < i1; ++i) {
    const AngleSample& h = history(i);
    sample_flags |= h.flags;
    if (h.t_ns <= t_ic_ns) continue;
    drop = std::max(drop, sign * (h.obliquity_deg - obl_ic));
    drop_static = std::max(drop_static, sign * h.obliquity_deg);
    tilt_peak = std::max(tilt_peak, static_cast<double>(h.tilt_deg));
    tilt_area += 0.5 * (prev_tilt + h.tilt_deg) * static_cast<double>(h.t_ns - prev_t);
    prev_t = h.t_ns;
    prev_tilt = h.tilt_deg;
  }
  tilt_area += 0.5 * (prev_tilt + tilt_to) * static_cast<double>(t_to_ns - prev_t);
  sample_flags |= history(i1).flags;

  out.pelvic_drop_deg = std::max(drop, 0.0);
  out.pelvic_drop_static_deg = drop_static;
  out.obliquity_at_ic_deg = obl_ic;
  out.tilt_mean_deg =
      t_to_ns > t_ic_ns ? tilt_area / static_cast<double>(t_to_ns - t_ic_ns) : tilt_ic;
  out.tilt_peak_deg = tilt_peak;
  const TimeNs t_mid = t_ic_ns + (t_to_ns - t_ic_ns) / 2;
  out.late_stance_tilt_gain_deg = tilt_to - interpolate(t_mid, &AngleSample::tilt_deg);
  out.flags |= sample_flags;
  if (side != Side::kLeft && side != Side::kRight) out.flags |= kPelvisSideUnknown;

  // Stride ranges: previous contact of the same side → this one.
  const std::size_t s = side == Side::kLeft ? 0 : side == Side::kRight ? 1 : 2;
  if (s < 2) {
    const TimeNs prev_ic = last_ic_ns_[s];
    if (prev_ic >= 0 && count_ > 0 && history(0).t_ns <= prev_ic && prev_ic < t_ic_ns) {
      const std::size_t first = lower_bound(prev_ic);
      float lo_o = history(first).obliquity_deg, hi_o = lo_o;
      float lo_t = history(first).tilt_deg, hi_t = lo_t;
      float lo_r = history(first).rotation_deg, hi_r = lo_r;
      for (std::size_t i = first; i < count_ && history(i).t_ns <= t_ic_ns; ++i) {
        const AngleSample& h = history(i);
        lo_o = std::min(lo_o, h.obliquity_deg);
        hi_o = std::max(hi_o, h.obliquity_deg);
        lo_t = std::min(lo_t, h.tilt_deg);
        hi_t = std::max(hi_t, h.tilt_deg);
        lo_r = std::min(lo_r, h.rotation_deg);
        hi_r = std::max(hi_r, h.rotation_deg);
      }
      out.obliquity_range_deg = hi_o - lo_o;
      out.tilt_range_deg = hi_t - lo_t;
      out.rotation_range_deg = hi_r - lo_r;
    }
    last_ic_ns_[s] = t_ic_ns;
  }
  return StepStatus::kReady;
}

}  // namespace stridecue::processing
