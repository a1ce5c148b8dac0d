// Static calibration and heading from the direction of travel (pelvis_calibration.hpp).
#include "stridecue/processing/pelvis_calibration.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "stridecue/processing/step.hpp"

namespace stridecue::processing {
namespace {

Eigen::Vector3d vec(const std::array<float, 3>& a) {
  return {static_cast<double>(a[0]), static_cast<double>(a[1]), static_cast<double>(a[2])};
}

constexpr const char* kMoving =
    "the runner moved during the static trial: stand still on the belt and calibrate again";
constexpr const char* kLost =
    "IMU samples were lost during the static trial: check the sensor link and calibrate again";
constexpr const char* kSaturated =
    "the IMU saturated during the static trial: check the sensor range and calibrate again";
constexpr const char* kTooShort =
    "the static trial was too short: stand still for the whole trial and calibrate again";
constexpr const char* kNotOneG =
    "the accelerometer does not read 1 g at rest: check its units/scale (the station file, or "
    "--units acc= for a file)";
constexpr const char* kSway =
    "too much sway during the static trial: stand still on the belt and calibrate again";

}  // namespace

void StaticCalibrator::start(TimeNs t_ns) {
  active_ = true;
  t_start_ns_ = t_last_ns_ = t_ns;
  n_ = 0;
  acc_mean_ = acc_m2_ = gyro_mean_ = gyro_m2_ = Eigen::Vector3d::Zero();
}

bool StaticCalibrator::add(const ImuSample& s, bool saturated, StaticCalibration& out) {
  if (!active_) return false;
  const Eigen::Vector3d acc = vec(s.acc_mps2), gyro = vec(s.gyro_rads);
  const char* refusal = nullptr;
  if (n_ > 0 && (s.flags & kSampleGapBefore)) refusal = kLost;
  if (saturated) refusal = kSaturated;
  if (!refusal && n_ >= 10) {
    const bool moved = ((gyro - gyro_mean_).cwiseAbs().maxCoeff() > config_.motion_gyro_rads) ||
                       ((acc - acc_mean_).cwiseAbs().maxCoeff() > config_.motion_acc_mps2);
    if (moved) {
      // Stillness long enough before the runner set off is a good trial; shorter is not.
      if (t_last_ns_ - t_start_ns_ >= config_.min_duration_ns) {
        out = evaluate(nullptr);
      } else {
        out = evaluate(kMoving);
      }
      active_ = false;
      return true;
    }
  }
  if (refusal) {
    out = evaluate(refusal);
    active_ = false;
    return true;
  }
  // Welford running mean and sum of squared deviations, per axis.
  ++n_;
  const double inv_n = 1.0 / static_cast<double>(n_);
  const Eigen::Vector3d da = acc - acc_mean_, dg = gyro - gyro_mean_;
  acc_mean_ += da * inv_n;
  gyro_mean_ += dg * inv_n;
  acc_m2_ += da.cwiseProduct(acc - acc_mean_);
  gyro_m2_ += dg.cwiseProduct(gyro - gyro_mean_);
  t_last_ns_ = s.t_ns;
  if (t_last_ns_ - t_start_ns_ >= config_.duration_ns) {
    out = evaluate(nullptr);
    active_ = false;
    return true;
  }
  return false;
}

StaticCalibration StaticCalibrator::finish() {
  active_ = false;
  return evaluate(t_last_ns_ - t_start_ns_ >= config_.min_duration_ns ? nullptr : kTooShort);
}

StaticCalibration StaticCalibrator::evaluate(const char* refusal) const {
  StaticCalibration r;
  r.t_ns = t_last_ns_;
  r.samples = n_;
  const double denom = n_ > 1 ? static_cast<double>(n_ - 1) : 1.0;
  r.gyro_sd_rads = std::sqrt(gyro_m2_.maxCoeff() / denom);
  r.acc_sd_mps2 = std::sqrt(acc_m2_.maxCoeff() / denom);
  r.gravity_mps2 = acc_mean_.norm();
  r.gyro_bias_rads = gyro_mean_;
  if (r.gravity_mps2 > 0.0) r.up_sensor = acc_mean_ / r.gravity_mps2;
  if (refusal) {
    r.reason = refusal;
  } else if (n_ < 10) {
    r.reason = kTooShort;
  } else if (r.gyro_sd_rads > config_.max_gyro_sd_rads || r.acc_sd_mps2 > config_.max_acc_sd_mps2) {
    r.reason = kSway;
  } else if (std::abs(r.gravity_mps2 - kGravity_mps2) > config_.max_gravity_error_mps2) {
    r.reason = kNotOneG;
  } else {
    r.ok = true;
  }
  return r;
}

void HeadingEstimator::reset() {
  *this = HeadingEstimator(config_);
}

bool HeadingEstimator::add(const Eigen::Quaterniond& world_from_sensor,
                           const Eigen::Vector3d& acc_sensor_mps2, double dt_s,
                           const Eigen::Vector3d& up_sensor) {
  if (ready_) return true;
  const Eigen::Matrix3d r = world_from_sensor.toRotationMatrix();
  const Eigen::Vector3d a_w = r * acc_sensor_mps2;
  const double av = a_w.z();
  const bool had_prev = have_prev_ && dt_s > 0.0;
  const double jerk = had_prev ? (av - prev_av_) / dt_s : 0.0;
  prev_av_ = av;
  have_prev_ = true;
  const double dev_g = av / kGravity_mps2 - 1.0;
  constexpr double kActivityTau_s = 0.5;
  activity_ms_g2_ += std::min(1.0, dt_s / kActivityTau_s) * (dev_g * dev_g - activity_ms_g2_);
  if (!had_prev || activity_ms_g2_ <= config_.moving_rms_g * config_.moving_rms_g) return false;

  // Each sample's gait: running while a flight phase was seen within the last second.
  constexpr double kRunningHold_s = 1.0, kRunningStrongG = 0.25;
  if (av / kGravity_mps2 < config_.flight_g) {
    flight_n_ += 1.0;
    since_flight_s_ = 0.0;
  } else {
    since_flight_s_ += dt_s;
  }
  const bool running_sample = since_flight_s_ <= kRunningHold_s;
  // Running: the axis and sign come from the impacts and flights (|f − 1 g| > 0.25 g), where
  // the fore-aft force is large, and the window counts only those: 5 s of them span ≈ 7 s of
  // running, by when the filter has settled after the start (RBDS001: heading 10° off with a
  // window of the first 5 s, 8° with this). Walking never gets there: all its samples count.
  if (running_sample && std::abs(dev_g) <= kRunningStrongG) return false;
  moving_s_ += dt_s;  // the window counts the samples that inform the estimate
  n_ += 1.0;
  sx_ += a_w.x();
  sy_ += a_w.y();
  sxx_ += a_w.x() * a_w.x();
  sxy_ += a_w.x() * a_w.y();
  syy_ += a_w.y() * a_w.y();
  // The fore-aft force goes with the vertical jerk oppositely in the two gaits (see the
  // header): walking samples are summed with the sign flipped, so a window that holds both
  // (a walk-to-run ramp) adds them up instead of cancelling.
  const double signed_jerk = running_sample ? jerk : -jerk;
  cx_ += a_w.x() * signed_jerk;
  cy_ += a_w.y() * signed_jerk;
  // World X and Y in sensor axes: rows of R.
  ex_sensor_sum_ += r.row(0).transpose();
  ey_sensor_sum_ += r.row(1).transpose();

  const double window_s = static_cast<double>(config_.window_ns) * 1e-9;
  // Evaluated after the window, then once per further second of running while ambiguous.
  if (moving_s_ < std::max(window_s, next_eval_s_)) return false;
  next_eval_s_ = moving_s_ + 1.0;

  Eigen::Matrix2d cov;
  const double mx = sx_ / n_, my = sy_ / n_;
  cov << sxx_ / n_ - mx * mx, sxy_ / n_ - mx * my, sxy_ / n_ - mx * my, syy_ / n_ - my * my;
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(cov);
  const double lo = std::max(eig.eigenvalues()(0), 1e-12), hi = eig.eigenvalues()(1);
  axis_ratio_ = hi / lo;
  if (axis_ratio_ < config_.min_axis_ratio) return false;
  Eigen::Vector2d d = eig.eigenvectors().col(1);
  // Forward: running, braking (−) while the vertical force rises (+): E[a·d · jerk] < 0;
  // walking, the opposite — already folded into cx_, cy_ with its sign flipped.
  if (d.x() * cx_ + d.y() * cy_ > 0.0) d = -d;
  const Eigen::Vector3d f = d.x() * ex_sensor_sum_ + d.y() * ey_sensor_sum_;
  const Eigen::Vector3d up = up_sensor.normalized();
  const Eigen::Vector3d horizontal = f - f.dot(up) * up;
  if (horizontal.norm() < 1e-9) return false;
  forward_ = horizontal.normalized();
  ready_ = true;
  return true;
}

Eigen::Matrix3d pelvis_axes_in_sensor(const Eigen::Vector3d& up_sensor,
                                      const Eigen::Vector3d& forward_sensor) {
  const Eigen::Vector3d z = up_sensor.normalized();
  const Eigen::Vector3d x = (forward_sensor - forward_sensor.dot(z) * z).normalized();
  Eigen::Matrix3d m;
  m.col(0) = x;
  m.col(1) = z.cross(x);
  m.col(2) = z;
  return m;
}

}  // namespace stridecue::processing
