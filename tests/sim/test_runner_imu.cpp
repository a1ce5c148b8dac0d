// IMU of the simulated runner: gravity at rest, gyro = bias at rest, the gyro integrates to the
// orientation change, mounting misalignment, the accelerometer is consistent with the plates.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "runner_test_support.hpp"
#include "stridecue/sim/runner_pelvis.hpp"

namespace stridecue::sim {
namespace {

using test::kG;
using test::quiet;

constexpr TimeNs kMs = kNsPerMs;

double norm(const std::array<double, 3>& v) {
  return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

TEST(RunnerImu, StandingAccelerometerReadsGravityAndGyroReadsTheBias) {
  RunnerConfig c;  // default noise, bias, bias walk and misalignment
  c.standing_s = 3.0;
  Runner r(c, 13);
  std::array<double, 3> acc{}, gyro{};
  int n = 0;
  for (TimeNs t = 0; t < 2500 * kMs; t += 2 * kMs) {
    const ImuReading x = r.imu_at(t);
    ASSERT_NEAR(norm(x.acc_mps2), kG, 6 * c.acc_noise_mps2 * std::sqrt(3.0));
    for (std::size_t i = 0; i < 3; ++i) {
      acc[i] += x.acc_mps2[i];
      gyro[i] += x.gyro_rads[i];
    }
    ++n;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    acc[i] /= n;
    gyro[i] /= n;
    // Bias walk over 2.5 s: 0.0005·√2.5 ≈ 0.0008 rad/s (1 SD); white noise averages out.
    EXPECT_NEAR(gyro[i], c.gyro_bias_rads[i], 0.003) << "axis " << i;
  }
  EXPECT_NEAR(norm(acc), kG, 0.01);
  // Gravity seen through the mount: a = Mᵀ·(0, 0, g), M = Rx(a)·Ry(b)·Rz(c) (hand-written).
  const auto& m = c.mount_misalignment_deg;
  const test::M3 mount =
      test::mul(test::rot_x(m[0] * test::kDeg),
                test::mul(test::rot_y(m[1] * test::kDeg), test::rot_z(m[2] * test::kDeg)));
  const auto want = test::apply(test::transpose(mount), {0, 0, kG});
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(acc[i], want[i], 0.01) << "axis " << i;
  EXPECT_GT(std::abs(acc[0]) + std::abs(acc[1]), 0.3) << "the misalignment is visible";
}

TEST(RunnerImu, IntegratedGyroReproducesTheOrientationChange) {
  RunnerConfig c = quiet();
  c.mount_misalignment_deg = {0, 0, 0};
  c.standing_s = 0.5;
  Runner r(c, 19);
  // Integrate ω (pelvis frame) with the midpoint rule: R ← R·exp(ω(t + h/2)·h).
  const TimeNs h = 200 * kNsPerUs;
  const TimeNs t0 = 0, t1 = 6 * kNsPerS;
  test::M3 integrated = test::pelvis_r(r.pelvis_at(t0));
  double worst = 0;
  for (TimeNs t = t0; t < t1; t += h) {
    const ImuReading x = r.imu_at(t + h / 2);
    const double dt = ns_to_s(h);
    integrated = test::mul(
        integrated, test::expmap({x.gyro_rads[0] * dt, x.gyro_rads[1] * dt, x.gyro_rads[2] * dt}));
    if ((t + h) % (250 * kMs) == 0) {
      const test::M3 truth = test::pelvis_r(r.pelvis_at(t + h));
      worst = std::max(worst, test::angle_deg(test::mul(test::transpose(truth), integrated)));
    }
  }
  EXPECT_LT(worst, 0.05) << "degrees of disagreement after 6 s of running";
}

TEST(RunnerImu, GyroSignsFollowTheAngleConventions) {
  // Pure obliquity rate → rotation about −X; pure tilt rate → about +Y; rotation → about −Z.
  const auto w_obl = pelvis_angular_velocity({}, {0, 10, 0});
  const auto w_tilt = pelvis_angular_velocity({}, {10, 0, 0});
  const auto w_rot = pelvis_angular_velocity({}, {0, 0, 10});
  EXPECT_NEAR(w_obl[0], -10 * test::kDeg, 1e-12);
  EXPECT_NEAR(w_tilt[1], 10 * test::kDeg, 1e-12);
  EXPECT_NEAR(w_rot[2], -10 * test::kDeg, 1e-12);
}

TEST(RunnerImu, MisalignmentRotatesBothSensorsByTheMountRotation) {
  RunnerConfig aligned = quiet();
  aligned.mount_misalignment_deg = {0, 0, 0};
  RunnerConfig mounted = aligned;
  mounted.mount_misalignment_deg = {4.0, -3.0, 10.0};
  Runner a(aligned, 77), b(mounted, 77);
  const auto& m = mounted.mount_misalignment_deg;
  const test::M3 mt = test::transpose(
      test::mul(test::rot_x(m[0] * test::kDeg),
                test::mul(test::rot_y(m[1] * test::kDeg), test::rot_z(m[2] * test::kDeg))));
  double diff = 0;
  for (TimeNs t = 0; t < 3 * kNsPerS; t += 5 * kMs) {
    const ImuReading x = a.imu_at(t), y = b.imu_at(t);
    const auto acc = test::apply(mt, x.acc_mps2);
    const auto gyro = test::apply(mt, x.gyro_rads);
    for (std::size_t i = 0; i < 3; ++i) {
      ASSERT_NEAR(y.acc_mps2[i], acc[i], 1e-9);
      ASSERT_NEAR(y.gyro_rads[i], gyro[i], 1e-12);
      diff = std::max(diff, std::abs(y.acc_mps2[i] - x.acc_mps2[i]));
    }
  }
  EXPECT_GT(diff, 1.0) << "the mounts differ visibly";
}

TEST(RunnerImu, NoiseAndBiasWalkHaveTheConfiguredSize) {
  RunnerConfig c = quiet();
  c.standing_s = 30.0;
  c.mount_misalignment_deg = {0, 0, 0};
  c.acc_noise_mps2 = 0.05;
  c.gyro_noise_rads = 0.005;
  Runner r(c, 8);
  double ss_acc = 0, ss_gyro = 0;
  int n = 0;
  for (TimeNs t = 0; t < 10 * kNsPerS; t += 2 * kMs) {
    const ImuReading x = r.imu_at(t);
    ss_acc += x.acc_mps2[0] * x.acc_mps2[0];
    ss_gyro += x.gyro_rads[1] * x.gyro_rads[1];
    ++n;
  }
  EXPECT_NEAR(std::sqrt(ss_acc / n), 0.05, 0.003);
  EXPECT_NEAR(std::sqrt(ss_gyro / n), 0.005, 0.0003);

  // Bias walk: with no noise, the gyro at rest is the bias alone; its change over T has SD
  // σ_w·√T. Over many independent runners the spread matches.
  RunnerConfig w = quiet();
  w.standing_s = 30.0;
  w.gyro_bias_walk_rads_per_sqrt_s = 0.002;
  double ss = 0;
  const int runs = 200;
  for (int s = 0; s < runs; ++s) {
    Runner q(w, static_cast<std::uint64_t>(s));
    for (TimeNs t = 0; t <= 4 * kNsPerS; t += 10 * kMs) (void)q.imu_at(t);
    const double b = q.imu_at(4 * kNsPerS + 10 * kMs).gyro_rads[2];
    ss += b * b;
  }
  EXPECT_NEAR(std::sqrt(ss / runs), 0.002 * std::sqrt(4.01), 0.0007);
}

TEST(RunnerImu, AccelerometerIsTheGroundReactionOverMass) {
  // Specific force of the centre of mass = κ·GRF/m, κ = step time / impulse constant per step
  // (it absorbs the independent variability of step time, contact time and peak).
  RunnerConfig c = quiet();
  c.mount_misalignment_deg = {0, 0, 0};
  Runner r(c, 3);
  const auto steps = test::steps_until(r, 10 * kNsPerS);
  for (const StepTruth& s : steps) {
    double lo = 1e9, hi = -1e9;
    for (TimeNs t = s.t_ic_ns + kMs; t < s.t_to_ns; t += 2 * kMs) {
      const double ratio =
          r.pelvis_motion_at(t).specific_force_lab_mps2[2] * c.body_mass_kg / test::fz_total(r, t);
      lo = std::min(lo, ratio);
      hi = std::max(hi, ratio);
    }
    EXPECT_NEAR(hi, lo, 1e-9) << "κ is constant within a step";
    const double step_s = s.index + 1 < steps.size()
                              ? ns_to_s(steps[s.index + 1].t_ic_ns - s.t_ic_ns)
                              : 60.0 / c.cadence_spm;
    EXPECT_NEAR(lo, step_s / s.impulse_bw_s, s.index + 1 < steps.size() ? 1e-3 : 0.2);
    EXPECT_GT(lo, 0.85);
    EXPECT_LT(lo, 1.2);
  }
  // Flight is free fall: the accelerometer reads 0.
  const TimeNs flight = (steps[5].t_to_ns + steps[6].t_ic_ns) / 2;
  for (double f : r.pelvis_motion_at(flight).specific_force_lab_mps2) EXPECT_EQ(f, 0.0);
}

TEST(RunnerImu, VerticalOscillationIsSixToTenCentimetresAndLowestNearMidstance) {
  RunnerConfig c = quiet();
  c.variability_cv = 0.0;
  Runner r(c, 1);
  const auto steps = test::steps_until(r, 10 * kNsPerS);
  // Integrate a_z = f_z − g from the top of the first flight (v = 0 at t = 0).
  const TimeNs h = 50 * kNsPerUs;
  double v = 0, z = 0;
  std::vector<double> zs;
  for (TimeNs t = 0; t < steps.back().t_to_ns; t += h) {
    const double a = r.pelvis_motion_at(t + h / 2).specific_force_lab_mps2[2] - kG;
    v += a * ns_to_s(h);
    z += v * ns_to_s(h);
    zs.push_back(z);
  }
  auto z_at = [&](TimeNs t) { return zs[static_cast<std::size_t>(t / h)]; };
  for (std::size_t i = 2; i + 1 < steps.size(); ++i) {
    double lo = 1e9, hi = -1e9;
    TimeNs t_lo = 0;
    for (TimeNs t = steps[i].t_ic_ns; t < steps[i + 1].t_ic_ns; t += h) {
      if (z_at(t) < lo) {
        lo = z_at(t);
        t_lo = t;
      }
      hi = std::max(hi, z_at(t));
    }
    EXPECT_GE(hi - lo, 0.06);
    EXPECT_LE(hi - lo, 0.10);
    const double u = static_cast<double>(t_lo - steps[i].t_ic_ns) /
                     static_cast<double>(steps[i].t_to_ns - steps[i].t_ic_ns);
    EXPECT_NEAR(u, 0.5, 0.1) << "lowest near midstance";
    // No drift: the same height at every IC.
    EXPECT_NEAR(z_at(steps[i].t_ic_ns), z_at(steps[2].t_ic_ns), 0.005);
  }
}

}  // namespace
}  // namespace stridecue::sim
