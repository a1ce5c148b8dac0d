// Plate wrenches of the simulated runner: COP vs moments, COP path, shear, which belt carries
// which foot, standing, and walking's double support and double hump.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "runner_test_support.hpp"

namespace stridecue::sim {
namespace {

using test::quiet;
using test::steps_until;
using test::weight_n;

constexpr TimeNs kMs = kNsPerMs;

// ---- COP and moments -----------------------------------------------------------------------

TEST(RunnerCop, CopFromTheMomentsMatchesTheModelCop) {
  for (const Belt belt : {Belt::kSplit, Belt::kSingle}) {
    RunnerConfig c = quiet();
    c.belt = belt;
    c.plate_origin_depth_m = 0.045;
    c.step_across_probability = belt == Belt::kSplit ? 0.3 : 0.0;
    Runner r(c, 21);
    const double dz = c.plate_origin_depth_m;
    std::array<PlateTruth, 2> p{};
    std::array<PlateWrench, 2> w{};
    int checked = 0;
    for (TimeNs t = 0; t < 5 * kNsPerS; t += kMs) {
      const auto n = static_cast<std::size_t>(r.plate_count());
      r.plates_truth_at(t, std::span(p.data(), n));
      r.plates_at(t, std::span(w.data(), n));
      for (std::size_t i = 0; i < n; ++i) {
        if (p[i].fz_n < 0.05 * weight_n(c)) continue;
        const double cx = (p[i].fx_n * dz - p[i].my_nm) / p[i].fz_n;
        const double cy = (p[i].mx_nm + p[i].fy_n * dz) / p[i].fz_n;
        ASSERT_NEAR(cx, p[i].cop_x_m, 1e-9);
        ASSERT_NEAR(cy, p[i].cop_y_m, 1e-9);
        const double tz = p[i].mz_nm - cx * p[i].fy_n + cy * p[i].fx_n;
        ASSERT_NEAR(tz, p[i].tz_nm, 1e-9);
        // The float channels say the same within float precision.
        const double fcx = (double(w[i].fx_n) * dz - double(w[i].my_nm)) / double(w[i].fz_n);
        const double fcy = (double(w[i].mx_nm) + double(w[i].fy_n) * dz) / double(w[i].fz_n);
        ASSERT_NEAR(fcx, p[i].cop_x_m, 1e-4);
        ASSERT_NEAR(fcy, p[i].cop_y_m, 1e-4);
        ++checked;
      }
    }
    EXPECT_GT(checked, 2500);
  }
}

TEST(RunnerCop, CopRollsHeelToToeAlongTheFootWhileTheBeltCarriesItBack) {
  RunnerConfig c = quiet();
  c.variability_cv = 0.0;
  c.left.impact_peak_bw = 1.7;  // rearfoot left: long roll; forefoot right: short roll
  Runner r(c, 2);
  for (const StepTruth& s : steps_until(r, 4 * kNsPerS)) {
    const int plate = s.side == Side::kLeft ? 0 : 1;
    auto cop = [&](TimeNs t) {
      std::array<PlateTruth, 2> p{};
      r.plates_truth_at(t, p);
      return p[static_cast<std::size_t>(plate)];
    };
    const TimeNs a = s.t_ic_ns + 1000, b = s.t_to_ns - 1000;
    const double contact = ns_to_s(s.t_to_ns - s.t_ic_ns);
    // In the foot's frame (moving back with the belt) the COP goes forward by 0.1–0.25 m.
    const double roll = (cop(b).cop_x_m + c.speed_mps * ns_to_s(b - s.t_ic_ns)) -
                        (cop(a).cop_x_m + c.speed_mps * ns_to_s(a - s.t_ic_ns));
    EXPECT_GE(roll, s.side == Side::kLeft ? 0.15 : 0.08);
    EXPECT_LE(roll, 0.25);
    // In the lab it moves back: the belt carries the foot ≈ 0.72 m, more than the roll.
    EXPECT_LT(cop(b).cop_x_m - cop(a).cop_x_m, -(c.speed_mps * contact - 0.25));
    // The stance is centred on the plate.
    EXPECT_NEAR(cop(a).cop_x_m + cop(b).cop_x_m, 0.0, 0.1);
    // Y on the left belt: the foot at +0.08 m lab is medial of the belt centre (+0.135 m).
    const double lab_y = cop(s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) / 2).cop_y_m +
                         (plate == 0 ? c.split_plate_centre_y_m : -c.split_plate_centre_y_m);
    EXPECT_NEAR(lab_y, s.side == Side::kLeft ? 0.08 : -0.08, 0.03);
  }
}

TEST(RunnerCop, SingleBeltMediolateralCopAlternatesWithTheSide) {
  RunnerConfig c = quiet();
  c.belt = Belt::kSingle;
  Runner r(c, 4);
  for (const StepTruth& s : steps_until(r, 6 * kNsPerS)) {
    std::array<PlateTruth, 1> p{};
    r.plates_truth_at(s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) / 2, p);
    if (s.side == Side::kLeft) {
      EXPECT_GT(p[0].cop_y_m, 0.03);
    } else {
      EXPECT_LT(p[0].cop_y_m, -0.03);
    }
    EXPECT_GT(p[0].fy_n * (s.side == Side::kLeft ? -1 : 1), 0.0) << "shear toward the midline";
  }
}

TEST(RunnerShear, BrakingThenPropulsionWithNoNetImpulse) {
  RunnerConfig c = quiet();
  Runner r(c, 6);
  const double bw = weight_n(c);
  for (const StepTruth& s : steps_until(r, 4 * kNsPerS)) {
    const int plate = s.side == Side::kLeft ? 0 : 1;
    double braking = 0, propulsive = 0, min_fx = 0, max_fx = 0, max_fy = 0;
    const TimeNs dt = 100 * kNsPerUs;
    const TimeNs mid = s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) / 2;
    for (TimeNs t = s.t_ic_ns; t < s.t_to_ns; t += dt) {
      std::array<PlateTruth, 2> p{};
      r.plates_truth_at(t, p);
      const double fx = p[static_cast<std::size_t>(plate)].fx_n / bw;
      (fx < 0 ? braking : propulsive) += fx * ns_to_s(dt);
      if (t < mid - 20 * kMs) {
        EXPECT_LE(fx, 0.0);
      }
      if (t > mid + 20 * kMs) {
        EXPECT_GE(fx, 0.0);
      }
      min_fx = std::min(min_fx, fx);
      max_fx = std::max(max_fx, fx);
      max_fy = std::max(max_fy, std::abs(p[static_cast<std::size_t>(plate)].fy_n / bw));
    }
    EXPECT_NEAR(-min_fx, s.braking_peak_bw, 0.002);
    EXPECT_GT(max_fx, 0.2);
    EXPECT_NEAR(braking + propulsive, 0.0, 1e-3);
    EXPECT_GE(max_fy, 0.05);
    EXPECT_LE(max_fy, 0.1);
  }
}

// ---- Belts ---------------------------------------------------------------------------------

TEST(RunnerBelts, SplitBeltLoadsOnlyTheOwnBeltUnlessAStepGoesAcross) {
  RunnerConfig c = quiet();
  c.step_across_probability = 0.3;
  Runner r(c, 31);
  const auto steps = steps_until(r, 100 * kNsPerS);
  int across = 0;
  for (const StepTruth& s : steps) {
    const std::size_t own = s.side == Side::kLeft ? 0 : 1;
    for (TimeNs t = s.t_ic_ns + kMs; t < s.t_to_ns; t += 5 * kMs) {
      std::array<PlateTruth, 2> p{};
      r.plates_truth_at(t, p);
      ASSERT_GT(p[own].fz_n, 0.0);
      if (s.across_belts) {
        ASSERT_GT(p[1 - own].fz_n, 0.0);
        ASSERT_NEAR(p[own].fz_n / (p[0].fz_n + p[1].fz_n), s.own_belt_share, 1e-9);
      } else {
        ASSERT_EQ(p[1 - own].fz_n, 0.0) << "step " << s.index << " leaked to the other belt";
        ASSERT_EQ(s.own_belt_share, 1.0);
      }
    }
    if (s.across_belts) {
      ++across;
      EXPECT_GE(s.own_belt_share, 0.6);
      EXPECT_LE(s.own_belt_share, 0.8);
    }
  }
  const double frac = static_cast<double>(across) / static_cast<double>(steps.size());
  EXPECT_NEAR(frac, 0.3, 0.05);  // n ≈ 560: SE 0.02
}

TEST(RunnerBelts, SingleBeltPutsEverythingOnPlateZero) {
  RunnerConfig c = quiet();
  c.belt = Belt::kSingle;
  c.step_across_probability = 0.5;  // ignored on a single belt
  Runner r(c, 2);
  EXPECT_EQ(r.plate_count(), 1);
  std::array<PlateWrench, 2> w{};
  w[1].fz_n = 123.0f;
  const auto steps = steps_until(r, 3 * kNsPerS);
  for (const StepTruth& s : steps) {
    EXPECT_FALSE(s.across_belts);
    r.plates_at(s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) / 2, w);
    EXPECT_GT(w[0].fz_n, 1000.0f);
    EXPECT_EQ(w[1].fz_n, 0.0f) << "entries past plate_count() are zeroed";
  }
  std::array<PlateWrench, 1> one{};
  EXPECT_NO_THROW(r.plates_at(4 * kNsPerS, one));
}

TEST(RunnerBelts, TooSmallOutputSpanIsRejected) {
  Runner r(RunnerConfig{}, 1);
  std::array<PlateWrench, 1> one{};
  EXPECT_THROW(r.plates_at(0, one), std::invalid_argument);
}

TEST(RunnerBelts, StandingLoadsHalfBodyWeightPerBeltThenPushesOff) {
  RunnerConfig c = quiet();
  c.standing_s = 2.0;
  Runner r(c, 1);
  const double bw = weight_n(c);
  std::array<PlateTruth, 2> p{};
  for (TimeNs t = 0; t < 2 * kNsPerS; t += 100 * kMs) {
    r.plates_truth_at(t, p);
    EXPECT_NEAR(p[0].fz_n, bw / 2, 1e-9);
    EXPECT_NEAR(p[1].fz_n, bw / 2, 1e-9);
    EXPECT_NEAR(p[0].cop_y_m, c.foot_y_m - c.split_plate_centre_y_m, 1e-12);
  }
  // Both belts are unloaded before the first contact, which is after standing_s.
  const auto first = steps_until(r, 4 * kNsPerS).front();
  EXPECT_EQ(first.t_ic_ns, r.first_contact_ns());
  EXPECT_GT(first.t_ic_ns, 2 * kNsPerS);
  r.plates_truth_at(first.t_ic_ns - 5 * kMs, p);
  EXPECT_EQ(p[0].fz_n + p[1].fz_n, 0.0);

  RunnerConfig single = quiet();
  single.belt = Belt::kSingle;
  single.standing_s = 1.0;
  Runner s(single, 1);
  std::array<PlateTruth, 1> q{};
  s.plates_truth_at(500 * kMs, q);
  EXPECT_NEAR(q[0].fz_n, bw, 1e-9);
  EXPECT_NEAR(q[0].cop_y_m, 0.0, 1e-12);
}

// ---- Walking -------------------------------------------------------------------------------

TEST(RunnerWalking, DoubleSupportLoadsBothBeltsAndEachStepHasADoubleHump) {
  const RunnerConfig c = quiet(walking_config());
  Runner r(c, 12);
  const double bw = weight_n(c);
  const auto steps = steps_until(r, 20 * kNsPerS);
  ASSERT_GT(steps.size(), 30u);
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    const StepTruth& s = steps[i];
    EXPECT_GT(s.t_to_ns, steps[i + 1].t_ic_ns) << "contact outlasts the step: double support";
    // Both plates loaded in the overlap.
    const TimeNs ds = (steps[i + 1].t_ic_ns + s.t_to_ns) / 2;
    std::array<PlateTruth, 2> p{};
    r.plates_truth_at(ds, p);
    EXPECT_GT(p[0].fz_n, 0.05 * bw);
    EXPECT_GT(p[1].fz_n, 0.05 * bw);
    // Own-plate profile: two humps of 1.1–1.2 BW with a 0.7–0.8 BW valley between.
    const std::size_t own = s.side == Side::kLeft ? 0 : 1;
    std::vector<double> f;
    for (TimeNs t = s.t_ic_ns; t <= s.t_to_ns; t += kMs)
      f.push_back(test::fz_truth(r, t, static_cast<int>(own)) / bw);
    std::vector<std::size_t> maxima;
    for (std::size_t j = 1; j + 1 < f.size(); ++j) {
      if (f[j] > f[j - 1] && f[j] >= f[j + 1]) maxima.push_back(j);
    }
    ASSERT_EQ(maxima.size(), 2u) << "step " << s.index;
    const double valley = *std::min_element(f.begin() + static_cast<std::ptrdiff_t>(maxima[0]),
                                            f.begin() + static_cast<std::ptrdiff_t>(maxima[1]));
    for (const std::size_t m : maxima) {
      EXPECT_GE(f[m], 1.05);
      EXPECT_LE(f[m], 1.25);
    }
    EXPECT_GE(valley, 0.68);
    EXPECT_LE(valley, 0.85);
  }
}

}  // namespace
}  // namespace stridecue::sim
