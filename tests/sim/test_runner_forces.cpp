// Vertical force of the simulated runner against its own step truth: determinism, exact zeros
// outside contact, peaks and impulses, realistic ranges and variability, foot-strike patterns.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "runner_test_support.hpp"

namespace stridecue::sim {
namespace {

using test::quiet;
using test::steps_until;
using test::weight_n;

constexpr TimeNs kMs = kNsPerMs;

// ---- Determinism ---------------------------------------------------------------------------

struct Trace {
  std::vector<float> plates;
  std::vector<double> imu;
  std::vector<StepTruth> steps;
};

Trace record(const RunnerConfig& c, std::uint64_t seed, TimeNs t_end) {
  Runner r(c, seed);
  Trace tr;
  std::array<PlateWrench, 2> w{};
  for (TimeNs t = 0; t < t_end; t += kMs) {
    r.plates_at(t, w);
    for (const PlateWrench& p : w) {
      tr.plates.insert(tr.plates.end(), {p.fx_n, p.fy_n, p.fz_n, p.mx_nm, p.my_nm, p.mz_nm});
    }
    if (t % (2 * kMs) == 0) {
      const ImuReading i = r.imu_at(t);
      tr.imu.insert(tr.imu.end(), i.acc_mps2.begin(), i.acc_mps2.end());
      tr.imu.insert(tr.imu.end(), i.gyro_rads.begin(), i.gyro_rads.end());
    }
  }
  r.take_completed_steps(t_end, tr.steps);
  return tr;
}

bool same_steps(const std::vector<StepTruth>& a, const std::vector<StepTruth>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].t_ic_ns != b[i].t_ic_ns || a[i].t_to_ns != b[i].t_to_ns ||
        a[i].peak_vgrf_bw != b[i].peak_vgrf_bw || a[i].pelvic_drop_deg != b[i].pelvic_drop_deg ||
        a[i].across_belts != b[i].across_belts) {
      return false;
    }
  }
  return true;
}

TEST(RunnerDeterminism, SameSeedGivesIdenticalSignalsAndTruth) {
  RunnerConfig c;
  c.standing_s = 1.0;
  c.step_across_probability = 0.2;
  const Trace a = record(c, 42, 6 * kNsPerS);
  const Trace b = record(c, 42, 6 * kNsPerS);
  EXPECT_EQ(a.plates, b.plates);
  EXPECT_EQ(a.imu, b.imu);
  EXPECT_TRUE(same_steps(a.steps, b.steps));
  EXPECT_GT(a.steps.size(), 10u);
}

TEST(RunnerDeterminism, AnotherSeedGivesOtherSignalsAndTruth) {
  RunnerConfig c;
  const Trace a = record(c, 42, 4 * kNsPerS);
  const Trace b = record(c, 43, 4 * kNsPerS);
  EXPECT_NE(a.plates, b.plates);
  EXPECT_NE(a.imu, b.imu);
  EXPECT_FALSE(same_steps(a.steps, b.steps));
}

TEST(RunnerDeterminism, TruthDoesNotDependOnHowTheRunnerIsSampled) {
  // The plan has its own random stream: sampling forces densely, or jumping straight to the
  // end, must give the same steps.
  const RunnerConfig c;
  Runner dense(c, 7), jump(c, 7);
  std::array<PlateWrench, 2> w{};
  for (TimeNs t = 0; t < 20 * kNsPerS; t += kMs) {
    dense.plates_at(t, w);
    if (t % (4 * kMs) == 0) (void)dense.imu_at(t);
  }
  const auto a = steps_until(dense, 20 * kNsPerS);
  const auto b = steps_until(jump, 20 * kNsPerS);
  EXPECT_TRUE(same_steps(a, b));
  EXPECT_EQ(dense.pelvis_at(19 * kNsPerS).obliquity_deg,
            jump.pelvis_at(19 * kNsPerS).obliquity_deg);
}

// ---- Exact contact truth -------------------------------------------------------------------

TEST(RunnerContacts, ForcesAreExactlyZeroOutsideContactAndPositiveInside) {
  for (const Belt belt : {Belt::kSplit, Belt::kSingle}) {
    RunnerConfig c = quiet();
    c.belt = belt;
    c.right.impact_peak_bw = 1.7;  // one rearfoot side too
    Runner r(c, 3);
    const TimeNs t_end = 10 * kNsPerS;
    const auto steps = steps_until(r, t_end);
    ASSERT_GT(steps.size(), 25u);
    std::array<PlateWrench, 2> w{};
    std::size_t k = 0, inside = 0, outside = 0;
    for (TimeNs t = 0; t < steps.back().t_to_ns; t += kMs / 4) {
      while (k < steps.size() && steps[k].t_to_ns <= t) ++k;
      const bool in_contact = k < steps.size() && t > steps[k].t_ic_ns && t < steps[k].t_to_ns;
      r.plates_at(t, std::span(w.data(), static_cast<std::size_t>(r.plate_count())));
      if (in_contact) {
        ++inside;
        const int plate = belt == Belt::kSplit && steps[k].side == Side::kRight ? 1 : 0;
        ASSERT_GT(w[static_cast<std::size_t>(plate)].fz_n, 0.0f) << "t = " << t;
      } else {
        ++outside;
        for (int p = 0; p < r.plate_count(); ++p) {
          const PlateWrench& x = w[static_cast<std::size_t>(p)];
          ASSERT_TRUE(x.fx_n == 0 && x.fy_n == 0 && x.fz_n == 0 && x.mx_nm == 0 && x.my_nm == 0 &&
                      x.mz_nm == 0)
              << "plate " << p << " loaded at t = " << t << " outside every contact";
        }
      }
    }
    EXPECT_GT(inside, 1000u);
    EXPECT_GT(outside, 500u);
    // At the events themselves: exactly 0 at IC and TO, > 0 one nanosecond inside.
    for (const StepTruth& s : steps) {
      EXPECT_EQ(test::fz_total(r, s.t_ic_ns), 0.0);
      EXPECT_EQ(test::fz_total(r, s.t_to_ns), 0.0);
      EXPECT_GT(test::fz_total(r, s.t_ic_ns + 1), 0.0);
      EXPECT_GT(test::fz_total(r, s.t_to_ns - 1), 0.0);
    }
  }
}

TEST(RunnerContacts, TruthPeakIsTheSampledMaximumAndImpulseIsRealistic) {
  RunnerConfig c = quiet();
  c.left.impact_peak_bw = 1.6;
  Runner r(c, 5);
  const double bw = weight_n(c);
  const auto steps = steps_until(r, 8 * kNsPerS);
  ASSERT_GT(steps.size(), 15u);
  for (const StepTruth& s : steps) {
    const int plate = s.side == Side::kLeft ? 0 : 1;
    double max_1khz = 0, max_fine = 0, impulse = 0, prev = 0;
    const TimeNs dt = 20 * kNsPerUs;
    for (TimeNs t = s.t_ic_ns; t <= s.t_to_ns; t += dt) {
      const double f = test::fz_truth(r, t, plate) / bw;
      if ((t - s.t_ic_ns) % kMs == 0) max_1khz = std::max(max_1khz, f);
      max_fine = std::max(max_fine, f);
      impulse += 0.5 * (f + prev) * ns_to_s(dt);
      prev = f;
    }
    EXPECT_LE(max_fine, s.peak_vgrf_bw * (1 + 1e-12)) << "truth must be the maximum";
    EXPECT_NEAR(max_1khz, s.peak_vgrf_bw, 0.005 * s.peak_vgrf_bw) << "step " << s.index;
    EXPECT_NEAR(max_fine, s.peak_vgrf_bw, 1e-5);
    EXPECT_GE(impulse, 0.25);
    EXPECT_LE(impulse, 0.40);
    EXPECT_NEAR(impulse, s.impulse_bw_s, 0.002 * s.impulse_bw_s);
  }
}

TEST(RunnerContacts, ThresholdCrossingTimesAreExact) {
  RunnerConfig c = quiet();
  c.left.impact_peak_bw = 1.7;
  Runner r(c, 14);
  const auto steps = steps_until(r, 3 * kNsPerS);
  for (const StepTruth& s : steps) {
    for (const double level : {10.0, 20.0, 50.0, 500.0}) {
      const TimeNs on = r.contact_crossing_ns(s.index, level, true);
      const TimeNs off = r.contact_crossing_ns(s.index, level, false);
      EXPECT_LT(test::fz_total(r, on - 2), level);
      EXPECT_GE(test::fz_total(r, on + 1), level);
      EXPECT_GE(test::fz_total(r, off - 1), level);
      EXPECT_LT(test::fz_total(r, off + 2), level);
      EXPECT_GT(on, s.t_ic_ns);
      EXPECT_LT(off, s.t_to_ns);
    }
    // Realistic edges: 20 → 50 N shortens the contact by several ms (docs/science.md §3: ≈ 8 ms).
    const double shift_ms = ns_to_ms(
        (r.contact_crossing_ns(s.index, 50, true) - r.contact_crossing_ns(s.index, 20, true)) +
        (r.contact_crossing_ns(s.index, 20, false) - r.contact_crossing_ns(s.index, 50, false)));
    EXPECT_GT(shift_ms, 3.0);
    EXPECT_LT(shift_ms, 10.0);
  }
  EXPECT_THROW((void)r.contact_crossing_ns(0, 0.0, true), std::invalid_argument);
  EXPECT_THROW((void)r.contact_crossing_ns(0, 1e5, true), std::invalid_argument);
  EXPECT_GT(r.contact_crossing_ns(500, 20.0, true), steps.back().t_to_ns) << "plans ahead";
}

// ---- Ranges over scenarios -----------------------------------------------------------------

struct Scenario {
  const char* name;
  RunnerConfig config;
};

std::vector<Scenario> scenarios() {
  std::vector<Scenario> out;
  out.push_back({"defaults", RunnerConfig{}});
  // Each scenario is momentum-consistent (impulse ≈ BW × step time), as a real runner is.
  RunnerConfig easy;  // slow, rearfoot
  easy.speed_mps = 2.5;
  easy.cadence_spm = 158;
  easy.contact_time_s = 0.26;
  easy.left.active_peak_bw = easy.right.active_peak_bw = 2.3;
  easy.left.impact_peak_bw = easy.right.impact_peak_bw = 1.6;
  out.push_back({"easy rearfoot", easy});
  RunnerConfig tempo;  // fast, forefoot
  tempo.speed_mps = 5.0;
  tempo.cadence_spm = 182;
  tempo.contact_time_s = 0.185;
  tempo.left.active_peak_bw = tempo.right.active_peak_bw = 2.9;
  out.push_back({"tempo forefoot", tempo});
  RunnerConfig lbp;  // Drozda 2024: lower cadence; asymmetric
  lbp.cadence_spm = 166;
  lbp.contact_time_s = 0.24;
  lbp.left.active_peak_bw = 2.6;
  lbp.right.active_peak_bw = 2.4;
  lbp.right.contact_scale = 1.04;
  lbp.left.impact_peak_bw = 1.6;
  lbp.left.pelvic_drop_deg = 7.5;
  out.push_back({"LBP asymmetric", lbp});
  return out;
}

TEST(RunnerRanges, CadenceContactPeakAndImpulseStayInTheLiteratureRanges) {
  for (const Scenario& sc : scenarios()) {
    SCOPED_TRACE(sc.name);
    Runner r(sc.config, 11);
    const auto steps = steps_until(r, 60 * kNsPerS);
    ASSERT_GT(steps.size(), 140u);
    const double span_s = ns_to_s(steps.back().t_ic_ns - steps.front().t_ic_ns);
    const double cadence = 60.0 * static_cast<double>(steps.size() - 1) / span_s;
    EXPECT_NEAR(cadence, sc.config.cadence_spm, 0.01 * sc.config.cadence_spm);
    for (const StepTruth& s : steps) {
      const double contact = ns_to_s(s.t_to_ns - s.t_ic_ns);
      EXPECT_GE(contact, 0.17);
      EXPECT_LE(contact, 0.28);
      EXPECT_GE(s.peak_vgrf_bw, 2.2);
      EXPECT_LE(s.peak_vgrf_bw, 3.1);
      EXPECT_GE(s.impulse_bw_s, 0.25);
      EXPECT_LE(s.impulse_bw_s, 0.40);
      EXPECT_GE(s.braking_peak_bw, 0.25);
      EXPECT_LE(s.braking_peak_bw, 0.4);
    }
  }
}

double cv_of(const std::vector<double>& v) {
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1)) / mean;
}

TEST(RunnerRanges, ContactTimeAndPeakVariabilityMatchTheConfiguredCv) {
  for (const double cv : {0.02, 0.05}) {
    RunnerConfig c;
    c.variability_cv = cv;
    Runner r(c, 99);
    const auto steps = steps_until(r, 240 * kNsPerS);
    for (const Side side : {Side::kLeft, Side::kRight}) {
      std::vector<double> contact, peak;
      for (const StepTruth& s : steps) {
        if (s.side != side) continue;
        contact.push_back(ns_to_s(s.t_to_ns - s.t_ic_ns));
        peak.push_back(s.peak_vgrf_bw);
      }
      ASSERT_GT(contact.size(), 300u);
      // SE of a sample CV with n ≈ 340 is ≈ 4 % of the CV; allow 15 %.
      EXPECT_NEAR(cv_of(contact), cv, 0.15 * cv);
      EXPECT_NEAR(cv_of(peak), cv, 0.15 * cv);
    }
  }
}

TEST(RunnerRanges, NoVariabilityMeansEveryStepIsNominal) {
  RunnerConfig c = quiet();
  c.variability_cv = 0.0;
  c.right.contact_scale = 1.1;
  Runner r(c, 1);
  for (const StepTruth& s : steps_until(r, 5 * kNsPerS)) {
    const double want = c.contact_time_s * (s.side == Side::kRight ? 1.1 : 1.0);
    EXPECT_NEAR(ns_to_s(s.t_to_ns - s.t_ic_ns), want, 1e-9);
    EXPECT_NEAR(s.peak_vgrf_bw, 2.5, 1e-9);
    EXPECT_NEAR(s.braking_peak_bw, c.braking_peak_bw, 1e-6);
  }
}

// ---- Foot strike ---------------------------------------------------------------------------

/// Local maxima of one step's noise-free Fz (BW) before the active peak, sampled every 50 µs.
std::vector<double> early_local_maxima(Runner& r, const StepTruth& s, int plate, double bw) {
  std::vector<double> f;
  for (TimeNs t = s.t_ic_ns; t <= s.t_to_ns; t += 50 * kNsPerUs) {
    f.push_back(test::fz_truth(r, t, plate) / bw);
  }
  const auto peak = std::max_element(f.begin(), f.end()) - f.begin();
  std::vector<double> maxima;
  for (std::ptrdiff_t i = 1; i + 1 < peak; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (f[u] > f[u - 1] && f[u] >= f[u + 1]) maxima.push_back(f[u]);
  }
  return maxima;
}

TEST(RunnerFootStrike, RearfootHasAnImpactPeakBeforeTheActivePeakAndForefootNone) {
  RunnerConfig c = quiet();
  c.left.impact_peak_bw = 1.7;  // left rearfoot, right forefoot
  Runner r(c, 8);
  const double bw = weight_n(c);
  for (const StepTruth& s : steps_until(r, 6 * kNsPerS)) {
    const int plate = s.side == Side::kLeft ? 0 : 1;
    const auto maxima = early_local_maxima(r, s, plate, bw);
    if (s.side == Side::kLeft) {
      ASSERT_EQ(maxima.size(), 1u) << "step " << s.index;
      EXPECT_NEAR(maxima[0], s.impact_peak_bw, 0.002);
      EXPECT_NEAR(s.impact_peak_bw, 1.7, 3 * c.variability_cv * 1.7 + 1e-9);
      EXPECT_LT(s.impact_peak_bw, s.peak_vgrf_bw - 0.3);
    } else {
      EXPECT_TRUE(maxima.empty()) << "step " << s.index;
      EXPECT_EQ(s.impact_peak_bw, 0.0);
    }
  }
}

TEST(RunnerFootStrike, ImpactPeakTooSmallForTheActiveCurveIsRejected) {
  RunnerConfig c;
  c.left.impact_peak_bw = 0.5;
  try {
    Runner r(c, 1);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("left.impact_peak_bw"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stridecue::sim
