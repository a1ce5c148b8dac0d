// OrientationFilter (Mahony explicit complementary filter with bias) and the pelvis angle
// conventions.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "alloc_counter.hpp"
#include "stridecue/processing/orientation_filter.hpp"
#include "stridecue/processing/pelvis_angles.hpp"
#include "stridecue/processing/step.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

/// Angle between the filter's "up" and the true one, degrees.
double up_error_deg(const OrientationFilter& f, const Eigen::Matrix3d& world_from_sensor) {
  const Eigen::Vector3d est = f.orientation().conjugate() * Eigen::Vector3d::UnitZ();
  const Eigen::Vector3d truth = world_from_sensor.transpose() * Eigen::Vector3d::UnitZ();
  return std::atan2(est.cross(truth).norm(), est.dot(truth)) / kDeg;
}

Eigen::Vector3d gravity_reaction_in_sensor(const Eigen::Matrix3d& world_from_sensor) {
  return world_from_sensor.transpose() * Eigen::Vector3d(0, 0, kGravity_mps2);
}

}  // namespace

TEST(PelvisAngles, RoundTripAndSigns) {
  const PelvisAngles a{12.0, -7.0, 20.0};
  const PelvisAngles b = pelvis_angles_from_rotation(rotation_from_pelvis_angles(a));
  EXPECT_NEAR(b.tilt_deg, a.tilt_deg, 1e-9);
  EXPECT_NEAR(b.obliquity_deg, a.obliquity_deg, 1e-9);
  EXPECT_NEAR(b.rotation_deg, a.rotation_deg, 1e-9);

  // Anterior tilt tips the forward axis down.
  EXPECT_LT((rotation_from_pelvis_angles({10, 0, 0}) * Eigen::Vector3d::UnitX()).z(), 0.0);
  // Obliquity + = left hemipelvis lower: the left axis points down.
  EXPECT_LT((rotation_from_pelvis_angles({0, 10, 0}) * Eigen::Vector3d::UnitY()).z(), 0.0);
  // Rotation + = left ASIS forward: the left axis gains a forward component.
  EXPECT_GT((rotation_from_pelvis_angles({0, 0, 10}) * Eigen::Vector3d::UnitY()).x(), 0.0);
}

TEST(PelvisAngles, TiltAndObliquityDoNotDependOnHeading) {
  const Eigen::Matrix3d r = rotation_from_pelvis_angles({6.0, 4.0, 0.0});
  const Eigen::Matrix3d turned = Eigen::AngleAxisd(1.0, Eigen::Vector3d::UnitZ()) * r;
  const PelvisAngles a = pelvis_angles_from_rotation(turned);
  EXPECT_NEAR(a.tilt_deg, 6.0, 1e-9);
  EXPECT_NEAR(a.obliquity_deg, 4.0, 1e-9);
}

TEST(OrientationFilter, ResetPutsUpWhereTheAccelerometerSaysAndKeepsIt) {
  const Eigen::Matrix3d r = (Eigen::AngleAxisd(20 * kDeg, Eigen::Vector3d::UnitX()) *
                             Eigen::AngleAxisd(-35 * kDeg, Eigen::Vector3d::UnitY()))
                                .toRotationMatrix();
  OrientationFilter f;
  f.reset(gravity_reaction_in_sensor(r), Eigen::Vector3d::Zero());
  EXPECT_LT(up_error_deg(f, r), 1e-6);
  f.set_fast(false);
  for (int i = 0; i < 5000; ++i)
    f.update(gravity_reaction_in_sensor(r), Eigen::Vector3d::Zero(), 0.002);
  EXPECT_LT(up_error_deg(f, r), 1e-6);
}

TEST(OrientationFilter, FastGainConvergesFromAWrongStart) {
  const Eigen::Matrix3d r =
      Eigen::AngleAxisd(25 * kDeg, Eigen::Vector3d::UnitY()).toRotationMatrix();
  OrientationFilter f;
  f.reset(Eigen::Vector3d(0, 0, kGravity_mps2), Eigen::Vector3d::Zero());  // believes level
  EXPECT_GT(up_error_deg(f, r), 24.0);
  for (int i = 0; i < 2500; ++i)
    f.update(gravity_reaction_in_sensor(r), Eigen::Vector3d::Zero(), 0.002);
  EXPECT_LT(up_error_deg(f, r), 0.1);  // 5 s at kp_fast = 2 s⁻¹: e^-10
}

TEST(OrientationFilter, IntegratesTheGyroAndLearnsItsBias) {
  // Level sensor, gyro bias on X and Y: without correction the estimate would tilt by
  // 0.02 rad/s · 120 s ≈ 140°. The integral term must find the bias.
  const Eigen::Vector3d bias(0.02, -0.015, 0.0);
  OrientationFilter f;
  f.reset(Eigen::Vector3d(0, 0, kGravity_mps2), Eigen::Vector3d::Zero());
  f.set_fast(false);
  for (int i = 0; i < 60000; ++i) f.update(Eigen::Vector3d(0, 0, kGravity_mps2), bias, 0.002);
  EXPECT_NEAR(f.gyro_bias_rads().x(), bias.x(), 0.001);
  EXPECT_NEAR(f.gyro_bias_rads().y(), bias.y(), 0.001);
  EXPECT_LT(up_error_deg(f, Eigen::Matrix3d::Identity()), 0.05);

  // A turn about the vertical is pure gyro: 1 rad/s for 1 s turns the heading by 1 rad.
  const Eigen::Quaterniond before = f.orientation();
  for (int i = 0; i < 500; ++i) {
    f.update(Eigen::Vector3d(0, 0, kGravity_mps2), bias + Eigen::Vector3d(0, 0, 1.0), 0.002);
  }
  const Eigen::Vector3d x0 = before * Eigen::Vector3d::UnitX(),
                        x1 = f.orientation() * Eigen::Vector3d::UnitX();
  EXPECT_NEAR(std::atan2(x0.cross(x1).z(), x0.dot(x1)), 1.0, 1e-3);
}

TEST(OrientationFilter, ImpactsAboveTheLimitDoNotCorrect) {
  OrientationFilter f;
  f.reset(Eigen::Vector3d(0, 0, kGravity_mps2), Eigen::Vector3d::Zero());
  f.set_fast(false);
  // A sideways 6 g spike (above max_acc_g = 4) must not tilt the estimate at all.
  f.update(Eigen::Vector3d(6 * kGravity_mps2, 0, 0), Eigen::Vector3d::Zero(), 0.002);
  EXPECT_LT(up_error_deg(f, Eigen::Matrix3d::Identity()), 1e-9);
}

TEST(OrientationFilter, UpdateDoesNotAllocate) {
  OrientationFilter f;
  f.update(Eigen::Vector3d(0, 0, kGravity_mps2), Eigen::Vector3d::Zero(), 0.0);
  test::AllocationScope scope;
  for (int i = 0; i < 1000; ++i) {
    f.update(Eigen::Vector3d(0.1 * i, 0, kGravity_mps2), Eigen::Vector3d(0.01, 0.2, 0), 0.001);
  }
  EXPECT_EQ(scope.count(), 0u);
}
