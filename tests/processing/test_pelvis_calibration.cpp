// Static calibration: accepted when the runner stands still, refused with a reason otherwise.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "stridecue/processing/pelvis_calibration.hpp"
#include "stridecue/processing/step.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

constexpr TimeNs kPeriod = 2 * kNsPerMs;  // 500 Hz

struct Standing {
  Eigen::Vector3d up{0.2, -0.1, 1.0};
  Eigen::Vector3d bias{0.01, -0.02, 0.005};
  double acc_noise = 0.05, gyro_noise = 0.005;
  double g = kGravity_mps2;
  std::mt19937 rng{5};

  ImuSample at(TimeNs t, std::uint32_t i) {
    std::normal_distribution<double> n(0.0, 1.0);
    ImuSample s = make_sample<ImuSample>(t, i, 1, 0);
    const Eigen::Vector3d a = up.normalized() * g;
    for (int k = 0; k < 3; ++k) {
      s.acc_mps2[static_cast<std::size_t>(k)] = static_cast<float>(a[k] + acc_noise * n(rng));
      s.gyro_rads[static_cast<std::size_t>(k)] = static_cast<float>(bias[k] + gyro_noise * n(rng));
    }
    return s;
  }
};

/// Feeds `standing` from t = 0 until the trial ends (or `limit`); `modify` may change a sample.
template <typename Modify>
StaticCalibration run_trial(StaticCalibrator& cal, Standing& standing, Modify modify,
                            TimeNs limit = 20 * kNsPerS) {
  cal.start(0);
  StaticCalibration out;
  std::uint32_t i = 0;
  for (TimeNs t = 0; t < limit; t += kPeriod, ++i) {
    ImuSample s = standing.at(t, i);
    bool saturated = false;
    modify(s, saturated);
    if (cal.add(s, saturated, out)) return out;
  }
  return cal.finish();
}

const auto kUnchanged = [](ImuSample&, bool&) {};

}  // namespace

TEST(StaticCalibration, StillStandingGivesUpAndGyroBias) {
  StaticCalibrator cal;
  Standing standing;
  const StaticCalibration r = run_trial(cal, standing, kUnchanged);
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_STREQ(r.reason, "");
  EXPECT_GE(r.t_ns, 5 * kNsPerS);
  EXPECT_LT(r.t_ns, 5 * kNsPerS + kPeriod);
  EXPECT_NEAR(std::acos(r.up_sensor.dot(standing.up.normalized())), 0.0, 0.002);
  EXPECT_NEAR((r.gyro_bias_rads - standing.bias).norm(), 0.0, 0.001);
  EXPECT_NEAR(r.gravity_mps2, kGravity_mps2, 0.01);
  EXPECT_FALSE(cal.active());
}

TEST(StaticCalibration, MovingEarlyIsRefusedWithTheReason) {
  StaticCalibrator cal;
  Standing standing;
  const StaticCalibration r = run_trial(cal, standing, [](ImuSample& s, bool&) {
    if (s.t_ns > kNsPerS) s.gyro_rads[1] += 1.5f;  // the runner starts jogging after 1 s
  });
  EXPECT_FALSE(r.ok);
  EXPECT_NE(std::string(r.reason).find("moved"), std::string::npos) << r.reason;
}

TEST(StaticCalibration, StillnessLongEnoughBeforeSettingOffIsAccepted) {
  StaticCalibrator cal;
  Standing standing;
  const StaticCalibration r = run_trial(cal, standing, [](ImuSample& s, bool&) {
    if (s.t_ns > 4 * kNsPerS) s.acc_mps2[2] += 12.0f;  // first stance after 4 s of standing
  });
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_LT(r.t_ns, 4 * kNsPerS + kPeriod);
  EXPECT_NEAR(r.gravity_mps2, kGravity_mps2, 0.01);  // the moving sample is not in it
}

TEST(StaticCalibration, LostOrSaturatedSamplesRefuseTheTrial) {
  StaticCalibrator cal;
  Standing standing;
  StaticCalibration r = run_trial(cal, standing, [](ImuSample& s, bool&) {
    if (s.counter == 1000) s.flags |= kSampleGapBefore;
  });
  EXPECT_FALSE(r.ok);
  EXPECT_NE(std::string(r.reason).find("lost"), std::string::npos) << r.reason;

  r = run_trial(cal, standing, [](ImuSample& s, bool& saturated) { saturated = s.counter == 700; });
  EXPECT_FALSE(r.ok);
  EXPECT_NE(std::string(r.reason).find("saturated"), std::string::npos) << r.reason;
}

TEST(StaticCalibration, AnAccelerometerInGIsCaught) {
  StaticCalibrator cal;
  Standing standing;
  standing.g = 1.0;  // station file declared m/s² but the device sends g
  standing.acc_noise = 0.005;
  const StaticCalibration r = run_trial(cal, standing, kUnchanged);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(std::string(r.reason).find("1 g"), std::string::npos) << r.reason;
}

TEST(StaticCalibration, SwayBelowTheMotionLimitButAboveTheSpreadLimitIsRefused) {
  StaticCalibrator cal;
  Standing standing;
  standing.gyro_noise = 0.07;  // restless: SD 0.07 rad/s > 0.05, spikes rarely > 0.25
  const StaticCalibration r = run_trial(cal, standing, kUnchanged);
  EXPECT_FALSE(r.ok);
  EXPECT_GT(r.gyro_sd_rads, 0.05);
}

TEST(StaticCalibration, EndingEarlyIsTooShort) {
  StaticCalibrator cal;
  Standing standing;
  const StaticCalibration r = run_trial(cal, standing, kUnchanged, 2 * kNsPerS);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(std::string(r.reason).find("too short"), std::string::npos) << r.reason;
}

TEST(PelvisAxes, OrthonormalRightHandedWithForwardMadeHorizontal) {
  const Eigen::Vector3d up = Eigen::Vector3d(0.1, 0.2, 1.0).normalized();
  const Eigen::Matrix3d m = pelvis_axes_in_sensor(up, Eigen::Vector3d(1.0, 0.3, 0.4));
  EXPECT_LT((m.transpose() * m - Eigen::Matrix3d::Identity()).norm(), 1e-12);
  EXPECT_NEAR(m.determinant(), 1.0, 1e-12);
  EXPECT_LT((m.col(2) - up).norm(), 1e-12);
  EXPECT_NEAR(m.col(0).dot(up), 0.0, 1e-12);
}
