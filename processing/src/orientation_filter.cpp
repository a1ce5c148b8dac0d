// Explicit complementary filter with bias (Mahony et al. 2008, eq. 32), adapted to running as
// described in orientation_filter.hpp.
#include "stridecue/processing/orientation_filter.hpp"

#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

OrientationFilter::OrientationFilter(const OrientationFilterConfig& config) : config_(config) {}

void OrientationFilter::reset(const Eigen::Vector3d& acc_sensor,
                              const Eigen::Vector3d& gyro_bias_rads) {
  // The rotation taking the measured "up" onto world Z; its heading is whatever the minimal
  // rotation gives, which is arbitrary anyway without a magnetometer.
  q_ = Eigen::Quaterniond::FromTwoVectors(acc_sensor, Eigen::Vector3d::UnitZ());
  bias_ = gyro_bias_rads;
  initialised_ = true;
}

void OrientationFilter::update(const Eigen::Vector3d& acc_mps2, const Eigen::Vector3d& gyro_rads,
                               double dt_s) {
  if (!initialised_) {
    if (acc_mps2.squaredNorm() > 0.0) reset(acc_mps2, bias_);
    return;
  }
  if (!(dt_s > 0.0)) return;
  // v̂: where the filter believes "up" is, in sensor axes.
  const Eigen::Vector3d up_est = q_.conjugate() * Eigen::Vector3d::UnitZ();
  Eigen::Vector3d e = Eigen::Vector3d::Zero();
  if (acc_mps2.norm() < config_.max_acc_g * kGravity_mps2) {
    e = (acc_mps2 / kGravity_mps2).cross(up_est);
  }
  const double kp = fast_ ? config_.kp_fast : config_.kp;
  if (!fast_) bias_ -= config_.ki * dt_s * e;
  const Eigen::Vector3d w = gyro_rads - bias_ + kp * e;
  const double angle = w.norm() * dt_s;
  if (angle > 0.0) {
    q_ = q_ * Eigen::Quaterniond(Eigen::AngleAxisd(angle, w / w.norm()));
    q_.normalize();
  }
}

}  // namespace stridecue::processing
