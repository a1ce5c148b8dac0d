// compute_stance_metrics on analytic shapes with known answers (half-sine; half-sine plus a
// raised-cosine impact bump; piecewise-linear shapes that sit either side of the impact-peak
// criterion), on the simulator's own stance shapes against their exact truth, under plate
// noise (statistical: 1,000 trials), on hostile input (never throws), and the no-allocation
// contract.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"
#include "stridecue/processing/stance_metrics.hpp"
#include "stridecue/sim/runner_stance.hpp"

using namespace stridecue::processing;
using stridecue::sim::detail::StanceShape;

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kBwN = 700.0;  // ≈ 71 kg
constexpr double kDt = 0.001;   // 1 kHz

// The time base of the contract: sample k at stance fraction (k + ½)/n.
std::vector<float> sample_n(const std::function<double(double)>& f_bw, int n, double bw = kBwN) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k)
    v[static_cast<std::size_t>(k)] = static_cast<float>(f_bw((k + 0.5) / n) * bw);
  return v;
}

// Piecewise-linear shape through (u, BW) vertices.
std::function<double(double)> polyline(std::vector<std::pair<double, double>> pts) {
  return [pts = std::move(pts)](double u) {
    for (std::size_t i = 1; i < pts.size(); ++i) {
      if (u <= pts[i].first) {
        const auto [u0, f0] = pts[i - 1];
        const auto [u1, f1] = pts[i];
        return f0 + (f1 - f0) * (u - u0) / (u1 - u0);
      }
    }
    return 0.0;
  };
}

// Bisection for f(u) = level on [lo, hi] with f(lo) < level ≤ f(hi), f increasing there.
double solve_rising(const std::function<double(double)>& f, double lo, double hi, double level) {
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < level ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Maximum of g over [lo, hi] on a dense grid.
double dense_max(const std::function<double(double)>& g, double lo, double hi, int n = 200000) {
  double m = -std::numeric_limits<double>::infinity();
  for (int i = 0; i <= n; ++i) m = std::max(m, g(lo + (hi - lo) * i / n));
  return m;
}

// Half-sine active curve plus a raised-cosine impact bump: every quantity has a closed form or
// a dense numerical truth computed here, independently of the code under test.
struct SinePlusBump {
  double a_bw = 2.0, h_bw = 1.2, uc = 0.10, w = 0.05;
  double f(double u) const {
    double v = a_bw * std::sin(kPi * u);
    if (std::abs(u - uc) < w) v += h_bw * 0.5 * (1 + std::cos(kPi * (u - uc) / w));
    return v;
  }
  double df(double u) const {
    double d = a_bw * kPi * std::cos(kPi * u);
    if (std::abs(u - uc) < w) d -= h_bw * 0.5 * (kPi / w) * std::sin(kPi * (u - uc) / w);
    return d;
  }
  // First local maximum: the first + → − sign change of f', refined by bisection.
  std::pair<double, double> impact() const {
    const int n = 1000000;
    for (int i = 1; i < n; ++i) {
      double lo = 0.5 * (i - 1) / n, hi = 0.5 * i / n;
      if (df(lo) > 0 && df(hi) <= 0) {
        for (int k = 0; k < 100; ++k) {
          const double mid = 0.5 * (lo + hi);
          (df(mid) > 0 ? lo : hi) = mid;
        }
        return {lo, f(lo)};
      }
    }
    return {0, 0};
  }
};

}  // namespace

TEST(StanceMetrics, HalfSineHasNoImpactAndAnalyticFixedWindowRates) {
  const double a = 2.5;
  const int n = 250;
  const double t = n * kDt;
  const auto fz = sample_n([&](double u) { return a * std::sin(kPi * u); }, n);
  const StanceMetrics m = compute_stance_metrics(fz, kDt, kBwN);
  ASSERT_TRUE(m.valid());
  EXPECT_DOUBLE_EQ(m.contact_s, 0.25);
  EXPECT_FALSE(m.has_impact);
  EXPECT_TRUE(std::isnan(m.impact_peak_bw));
  EXPECT_NEAR(m.peak_vgrf_bw, a, 1e-4);
  EXPECT_NEAR(m.t_peak_frac, 0.5, 1.0 / n);
  EXPECT_NEAR(m.impulse_bw_s, a * 2 * t / kPi, 1e-4 * a * 2 * t / kPi);  // ∫ A sin = 2AT/π
  // Fixed window 3–12 %: mean slope A(sin 0.12π − sin 0.03π)/(0.09 T); the steepest point of a
  // half-sine in the window is its start, A π/T cos(0.03π).
  ASSERT_EQ(m.lr_method, LoadingRateMethod::kFixedWindow);
  const double valr = a * (std::sin(0.12 * kPi) - std::sin(0.03 * kPi)) / (0.09 * t);
  const double vilr = a * kPi / t * std::cos(0.03 * kPi);
  EXPECT_NEAR(m.valr_bw_s, valr, 1e-3 * valr);
  EXPECT_NEAR(m.vilr_bw_s, vilr, 3e-3 * vilr);
  EXPECT_DOUBLE_EQ(m.lr_start_frac, 0.03);
  EXPECT_DOUBLE_EQ(m.lr_end_frac, 0.12);
  std::array<char, 32> buf{};
  EXPECT_EQ(loading_rate_label(m, buf), "fixed_3_12pct");
  EXPECT_STREQ(loading_rate_method_name(m.lr_method), "fixed_window");
}

TEST(StanceMetrics, SinePlusImpactBumpGivesImpactPeakAndTwentyEightyRates) {
  const SinePlusBump s;
  const auto [u_ip, ip] = s.impact();
  ASSERT_GT(ip, 0);
  // Truth at high resolution: crossings of 20 % and 80 % of the true impact peak on the
  // continuous curve (monotone up to the impact peak), slopes from the analytic derivative.
  const auto f = [&](double u) { return s.f(u); };
  const double u20 = solve_rising(f, 0, u_ip, 0.2 * ip), u80 = solve_rising(f, 0, u_ip, 0.8 * ip);
  const double valr_per_stance = 0.6 * ip / (u80 - u20);  // BW per unit stance fraction
  const double vilr_per_stance = dense_max([&](double u) { return s.df(u); }, u20, u80);

  // 0.25 s stance at 1 kHz and 4 kHz. The 20 % crossing sits where the bump starts (a jump in
  // f'', ≈ 2400 BW per stance²), so interpolating between 1 kHz samples misplaces it by
  // ≈ f''Δ²/8: VALR within 1 % at 1 kHz, converging as Δ² (0.1 % at 4 kHz).
  for (const auto& [fs, rate_tol] : {std::pair{1000.0, 0.01}, std::pair{4000.0, 0.001}}) {
    SCOPED_TRACE(testing::Message() << "fs " << fs);
    const int n = static_cast<int>(0.25 * fs);
    const double dt = 1.0 / fs, t = n * dt;
    const StanceMetrics m = compute_stance_metrics(sample_n(f, n), dt, kBwN);
    ASSERT_TRUE(m.valid());
    ASSERT_TRUE(m.has_impact);
    // A sample lies within half a sample of the true peak: height error ≤ ½|f''|(0.5/n)²
    // (≈ 0.005 BW at 1 kHz for this bump), never above it.
    EXPECT_NEAR(m.impact_peak_bw, ip, 0.005);
    EXPECT_LE(m.impact_peak_bw, ip + 1e-6);
    EXPECT_NEAR(m.t_impact_frac, u_ip, 0.5 / n + 1e-9);
    EXPECT_NEAR(m.peak_vgrf_bw, s.a_bw, 1e-4);
    ASSERT_EQ(m.lr_method, LoadingRateMethod::kImpact20To80);
    EXPECT_NEAR(m.valr_bw_s, valr_per_stance / t, rate_tol * valr_per_stance / t);
    EXPECT_NEAR(m.vilr_bw_s, vilr_per_stance / t, rate_tol * vilr_per_stance / t);
    EXPECT_NEAR(m.lr_start_frac, u20, 1.0 / n);
    EXPECT_NEAR(m.lr_end_frac, u80, 1.0 / n);
    std::array<char, 32> buf{};
    EXPECT_EQ(loading_rate_label(m, buf), "impact_20_80");
  }

  const int n = 250;
  const double t = n * kDt;
  const auto fz = sample_n(f, n);
  // The clinician may ask for the fixed window on every step: then the impact peak is still
  // reported, the loading rate is not the 20–80 one.
  StanceMetricsOptions fixed;
  fixed.loading_rate_policy = LoadingRatePolicy::kAlwaysFixedWindow;
  const StanceMetrics mf = compute_stance_metrics(fz, kDt, kBwN, {}, fixed);
  EXPECT_TRUE(mf.has_impact);
  EXPECT_EQ(mf.lr_method, LoadingRateMethod::kFixedWindow);
  const double valr_fixed = (s.f(0.12) - s.f(0.03)) / (0.09 * t);
  EXPECT_NEAR(mf.valr_bw_s, valr_fixed, 0.005 * std::abs(valr_fixed));
}

// Hand-made samples where every number can be worked out on paper (BW = 1000 N, dt = 1 ms,
// so N/sample = BW/s): pins the conventions — crossings interpolated on the polyline, the
// segments spanning the window ends count for VILR, the first sample of a tied maximum, and
// shear segments split at their zero crossing.
TEST(StanceMetrics, HandWorkedSamplesPinTheConventions) {
  std::vector<float> fz = {50, 100, 400, 500, 600, 700, 800, 900, 1000, 800, 700};
  for (int i = 1; i <= 30; ++i) fz.push_back(static_cast<float>(700 + 60 * i));  // to 2500
  fz.push_back(2500);  // a tied active peak: the first sample (index 40) is reported
  for (int i = 1; i <= 24; ++i) fz.push_back(static_cast<float>(2500 - 100 * i));  // to 100
  const double bw = 1000.0;
  const StanceMetrics m = compute_stance_metrics(fz, 1e-3, bw);
  ASSERT_TRUE(m.valid());
  EXPECT_EQ(m.peak_index, 40u);
  EXPECT_DOUBLE_EQ(m.peak_vgrf_bw, 2.5);
  ASSERT_TRUE(m.has_impact);
  EXPECT_EQ(m.impact_index, 8u);
  EXPECT_DOUBLE_EQ(m.impact_peak_bw, 1.0);
  EXPECT_NEAR(m.impact_dip_bw, 0.3, 1e-12);
  // 20 % = 200 N: on segment 1→2 (100 → 400 N), a third of the way: τ = 1.5 + 1/3.
  // 80 % = 800 N: reached at sample 6, τ = 6.5. VALR = 600 N / (14/3 ms) = 128.57 BW/s.
  ASSERT_EQ(m.lr_method, LoadingRateMethod::kImpact20To80);
  EXPECT_NEAR(m.valr_bw_s, 600.0 / (14.0 / 3.0), 1e-9);
  EXPECT_NEAR(m.lr_start_frac, (1.5 + 1.0 / 3.0) / static_cast<double>(fz.size()), 1e-12);
  EXPECT_NEAR(m.lr_end_frac, 6.5 / static_cast<double>(fz.size()), 1e-12);
  // The steepest segment that spans the window is the one through the 20 % crossing.
  EXPECT_NEAR(m.vilr_bw_s, 300.0, 1e-9);

  // Shear: points (τ, N) = (0, 0), (0.5, −100), (1.5, 300), (2.5, 300), (3.5, −100), (4, 0).
  // Braking: 25 + 12.5 (zero at a quarter of segment 0.5→1.5) + 12.5 + 25 = 75 N·ms;
  // propulsive: 112.5 + 300 + 112.5 = 525 N·ms.
  const std::vector<float> fz4 = {1000, 1000, 1000, 1000}, fx4 = {-100, 300, 300, -100};
  const StanceMetrics s = compute_stance_metrics(fz4, 1e-3, bw, fx4);
  ASSERT_EQ(s.shear, ShearStatus::kOk);
  EXPECT_NEAR(s.braking_impulse_bw_s, 75e-6, 1e-15);
  EXPECT_NEAR(s.propulsive_impulse_bw_s, 525e-6, 1e-15);
  EXPECT_DOUBLE_EQ(s.braking_peak_bw, 0.1);
  EXPECT_DOUBLE_EQ(s.propulsive_peak_bw, 0.3);
  // Vertical impulse on the same polyline: (Σ f − (f₀ + f₃)/4)·dt = 3500 N·ms.
  EXPECT_NEAR(s.impulse_bw_s, 3.5e-3, 1e-15);
}

// The criterion: a local maximum counts only if the force then drops by impact_min_drop_bw
// before climbing above it. Shapes whose sampled dip is 0.036 BW and 0.058 BW sit either side
// of the 0.05 BW default.
TEST(StanceMetrics, ImpactNeedsADipOfAtLeastTheMinimumDrop) {
  const int n = 200;
  auto shape = [](double dip_bw) {
    return polyline({{0, 0}, {0.10, 1.5}, {0.15, 1.5 - dip_bw}, {0.45, 2.5}, {1.0, 0}});
  };
  const StanceMetrics shallow = compute_stance_metrics(sample_n(shape(0.04), n), kDt, kBwN);
  EXPECT_FALSE(shallow.has_impact);
  EXPECT_EQ(shallow.lr_method, LoadingRateMethod::kFixedWindow);

  const StanceMetrics deep = compute_stance_metrics(sample_n(shape(0.065), n), kDt, kBwN);
  ASSERT_TRUE(deep.has_impact);
  EXPECT_NEAR(deep.impact_peak_bw, 1.5, 0.005);
  EXPECT_NEAR(deep.t_impact_frac, 0.1025, 1e-9);
  EXPECT_NEAR(deep.impact_dip_bw, 0.0585, 0.001);

  StanceMetricsOptions loose;
  loose.impact_min_drop_bw = 0.03;
  EXPECT_TRUE(compute_stance_metrics(sample_n(shape(0.04), n), kDt, kBwN, {}, loose).has_impact);
}

TEST(StanceMetrics, ImpactIsTheFirstRealPeakAndOnlyInEarlyStance) {
  const int n = 200;
  // Two early humps: the first (1.2 BW at 8 %) is the impact peak, not the higher second one.
  const auto two =
      polyline({{0, 0}, {0.08, 1.2}, {0.10, 1.0}, {0.15, 1.6}, {0.20, 1.3}, {0.45, 2.5}, {1.0, 0}});
  const StanceMetrics m2 = compute_stance_metrics(sample_n(two, n), kDt, kBwN);
  ASSERT_TRUE(m2.has_impact);
  EXPECT_NEAR(m2.t_impact_frac, 0.08, 1.0 / n);
  EXPECT_NEAR(m2.impact_peak_bw, 1.175, 1e-6);  // the best sample, ¼ sample after the vertex

  // A local maximum at 55 % of stance is not early: no impact peak unless the search is widened.
  const auto late = polyline({{0, 0}, {0.55, 1.8}, {0.60, 1.5}, {0.80, 2.5}, {1.0, 0}});
  EXPECT_FALSE(compute_stance_metrics(sample_n(late, n), kDt, kBwN).has_impact);
  StanceMetricsOptions wide;
  wide.impact_search_end_frac = 0.7;
  const StanceMetrics mw = compute_stance_metrics(sample_n(late, n), kDt, kBwN, {}, wide);
  ASSERT_TRUE(mw.has_impact);
  EXPECT_NEAR(mw.t_impact_frac, 0.55, 1.0 / n);

  // Custom fixed window: named by the label.
  StanceMetricsOptions win;
  win.fixed_window_start_frac = 0.05;
  win.fixed_window_end_frac = 0.15;
  const StanceMetrics mf = compute_stance_metrics(sample_n(late, n), kDt, kBwN, {}, win);
  std::array<char, 32> buf{};
  EXPECT_EQ(loading_rate_label(mf, buf), "fixed_5_15pct");
  EXPECT_NEAR(mf.valr_bw_s, 1.8 / 0.55 / (n * kDt), 1e-3);  // a straight line: exact
  std::array<char, 6> tiny{};
  EXPECT_EQ(loading_rate_label(mf, tiny), "fixed");
}

// The simulator's shapes (sim/runner_stance.hpp) with its exact truth: the scenarios' rearfoot
// and forefoot settings, 0.24 s and 0.17 s contacts, 1 and 2 kHz.
TEST(StanceMetrics, MatchesTheSimulatorTruth) {
  struct Case {
    double active, impact, braking;
  };
  const Case cases[] = {
      {2.5, 1.6, 0.30}, {2.45, 1.5, 0.30}, {2.35, 1.4, 0.25}, {2.7, 1.9, 0.40}, {2.7, 0, 0.30}};
  for (const Case& c : cases) {
    const StanceShape s = StanceShape::running(c.active, c.impact, 0.12, c.braking);
    for (const double contact_s : {0.24, 0.17}) {
      for (const double fs : {1000.0, 2000.0}) {
        const int n = static_cast<int>(std::lround(contact_s * fs));
        const double dt = 1.0 / fs, t = n * dt;
        const auto fz = sample_n([&](double u) { return s.fz_bw(u); }, n);
        const auto fx = sample_n([&](double u) { return s.fx_bw(u); }, n);
        const StanceMetrics m = compute_stance_metrics(fz, dt, kBwN, fx);
        SCOPED_TRACE(testing::Message() << "active " << c.active << " impact " << c.impact
                                        << " contact " << contact_s << " fs " << fs);
        ASSERT_TRUE(m.valid());
        EXPECT_NEAR(m.peak_vgrf_bw, s.peak_bw(), 0.005 * s.peak_bw());
        EXPECT_NEAR(m.t_peak_frac, s.peak_u(), 1.0 / n);
        EXPECT_NEAR(m.impulse_bw_s, s.area_bw() * t, 0.005 * s.area_bw() * t);
        ASSERT_EQ(m.has_impact, c.impact > 0);
        const auto f = [&](double u) { return s.fz_bw(u); };
        if (c.impact > 0) {
          EXPECT_NEAR(m.impact_peak_bw, s.impact_peak_bw(), 0.01 * s.impact_peak_bw());
          EXPECT_NEAR(m.t_impact_frac, s.impact_u(), 1.0 / n);
          const double ip = s.impact_peak_bw();
          const double u20 = solve_rising(f, 0, s.impact_u(), 0.2 * ip);
          const double u80 = solve_rising(f, 0, s.impact_u(), 0.8 * ip);
          const double valr = 0.6 * ip / ((u80 - u20) * t);
          const double vilr = dense_max([&](double u) { return s.dfz_du(u); }, u20, u80) / t;
          EXPECT_EQ(m.lr_method, LoadingRateMethod::kImpact20To80);
          EXPECT_NEAR(m.valr_bw_s, valr, 0.01 * valr);
          EXPECT_NEAR(m.vilr_bw_s, vilr, 0.02 * vilr);
        } else {
          const double valr = (s.fz_bw(0.12) - s.fz_bw(0.03)) / (0.09 * t);
          const double vilr = dense_max([&](double u) { return s.dfz_du(u); }, 0.03, 0.12) / t;
          EXPECT_EQ(m.lr_method, LoadingRateMethod::kFixedWindow);
          EXPECT_NEAR(m.valr_bw_s, valr, 0.01 * valr);
          EXPECT_NEAR(m.vilr_bw_s, vilr, 0.02 * vilr);
        }
        // AP shear: zero net impulse by construction, braking peak known.
        ASSERT_EQ(m.shear, ShearStatus::kOk);
        EXPECT_NEAR(m.braking_peak_bw, s.braking_peak_bw(), 0.01 * s.braking_peak_bw());
        EXPECT_NEAR(m.braking_impulse_bw_s, m.propulsive_impulse_bw_s,
                    0.005 * m.braking_impulse_bw_s);
        const double braking_true = -t * 1e-5 * [&] {
          double acc = 0;  // ∫ min(fx, 0) du, midpoint rule on 1e5 cells
          for (int i = 0; i < 100000; ++i) acc += std::min(0.0, s.fx_bw((i + 0.5) * 1e-5));
          return acc;
        }();
        EXPECT_NEAR(m.braking_impulse_bw_s, braking_true, 0.005 * braking_true);
      }
    }
  }
}

// Statistical: ±3 N (σ) Gaussian plate noise at 1 kHz. A forefoot shape must never show an
// impact peak; a 1.5 BW impact peak (sampled dip 0.16 BW) must always be found, in the right
// place. 1,000 trials each, fixed seed; for a 70 kg and a 50 kg runner (0.05 BW = 24.5 N).
TEST(StanceMetrics, ImpactCriterionIsRobustToPlateNoise) {
  const int n = 240, trials = 1000;
  std::mt19937_64 rng(20240611);
  std::normal_distribution<double> noise_n(0.0, 3.0);
  const StanceShape forefoot = StanceShape::running(2.5, 0, 0.12, 0.3);
  const StanceShape rearfoot = StanceShape::running(2.5, 1.5, 0.12, 0.3);
  for (const double bw : {700.0, 490.0}) {
    int false_impacts = 0, missed = 0, misplaced = 0;
    for (int trial = 0; trial < trials; ++trial) {
      auto ff = sample_n([&](double u) { return forefoot.fz_bw(u); }, n, bw);
      auto rf = sample_n([&](double u) { return rearfoot.fz_bw(u); }, n, bw);
      for (auto& x : ff) x += static_cast<float>(noise_n(rng));
      for (auto& x : rf) x += static_cast<float>(noise_n(rng));
      if (compute_stance_metrics(ff, kDt, bw).has_impact) ++false_impacts;
      const StanceMetrics m = compute_stance_metrics(rf, kDt, bw);
      if (!m.has_impact) {
        ++missed;
      } else if (std::abs(m.impact_peak_bw - 1.5) > 0.03 ||
                 std::abs(m.t_impact_frac - rearfoot.impact_u()) > 3.0 / n ||
                 m.lr_method != LoadingRateMethod::kImpact20To80) {
        ++misplaced;
      }
    }
    EXPECT_EQ(false_impacts, 0) << "body weight " << bw << " N";
    EXPECT_EQ(missed, 0) << "body weight " << bw << " N";
    EXPECT_EQ(misplaced, 0) << "body weight " << bw << " N";
  }
}

// The sim's smallest impact bump (its fallback for a too-small request) has a dip of ≈ 0.01 BW
// (7 N at 70 kg, the size of plate noise): by our criterion it is a shoulder, not a peak. This
// pins down a deliberate disagreement with the simulator's truth.
TEST(StanceMetrics, BarelyThereSimBumpIsAShoulderNotAnImpactPeak) {
  const StanceShape s = StanceShape::running(2.5, 1e-9, 0.12, 0.3);
  ASSERT_GT(s.impact_peak_bw(), 0);
  const StanceMetrics m =
      compute_stance_metrics(sample_n([&](double u) { return s.fz_bw(u); }, 240), kDt, kBwN);
  EXPECT_FALSE(m.has_impact);
  EXPECT_EQ(m.lr_method, LoadingRateMethod::kFixedWindow);
}

TEST(StanceMetrics, BrakingAndPropulsiveImpulsesOfAnOffsetSine) {
  // fx = −a sin(2πu) + b (BW): negative between u1 = asin(b/a)/(2π) and ½ − u1, so
  // ∫ negative part = (a/π) cos(2π u1) − b (½ − 2 u1) (per unit stance), net = b.
  const double a = 0.3, b = 0.05;
  const int n = 250;
  const double t = n * kDt;
  const auto fz = sample_n([](double u) { return 2.5 * std::sin(kPi * u); }, n);
  const auto fx = sample_n([&](double u) { return -a * std::sin(2 * kPi * u) + b; }, n);
  const StanceMetrics m = compute_stance_metrics(fz, kDt, kBwN, fx);
  ASSERT_EQ(m.shear, ShearStatus::kOk);
  const double u1 = std::asin(b / a) / (2 * kPi);
  const double braking = ((a / kPi) * std::cos(2 * kPi * u1) - b * (0.5 - 2 * u1)) * t;
  const double propulsive = braking + b * t;
  EXPECT_NEAR(m.braking_impulse_bw_s, braking, 0.002 * braking);
  // The polyline pins Fx to 0 at IC and TO, where this shape is b: ≈ b·dt/4 at each end.
  EXPECT_NEAR(m.propulsive_impulse_bw_s, propulsive, 0.002 * propulsive);
  EXPECT_NEAR(m.braking_peak_bw, a - b, 1e-3);
  EXPECT_NEAR(m.propulsive_peak_bw, a + b, 1e-3);
}

TEST(StanceMetrics, BadShearLeavesTheVerticalMetricsIntact) {
  const auto fz = sample_n([](double u) { return 2.5 * std::sin(kPi * u); }, 100);
  std::vector<float> fx(99, -10.0f);
  StanceMetrics m = compute_stance_metrics(fz, kDt, kBwN, fx);
  EXPECT_TRUE(m.valid());
  EXPECT_EQ(m.shear, ShearStatus::kLengthMismatch);
  EXPECT_TRUE(std::isnan(m.braking_impulse_bw_s));
  fx.push_back(std::numeric_limits<float>::quiet_NaN());
  m = compute_stance_metrics(fz, kDt, kBwN, fx);
  EXPECT_TRUE(m.valid());
  EXPECT_EQ(m.shear, ShearStatus::kNonFiniteSample);
  EXPECT_TRUE(std::isnan(m.braking_peak_bw));
  EXPECT_NEAR(m.peak_vgrf_bw, 2.5, 1e-3);
}

TEST(StanceMetrics, InvalidInputGivesAnInvalidResultNotAnException) {
  const auto fz = sample_n([](double u) { return 2.5 * std::sin(kPi * u); }, 100);
  EXPECT_EQ(compute_stance_metrics({}, kDt, kBwN).status, StanceStatus::kEmpty);
  EXPECT_FALSE(compute_stance_metrics({}, kDt, kBwN).valid());
  EXPECT_TRUE(std::isnan(compute_stance_metrics({}, kDt, kBwN).peak_vgrf_bw));
  EXPECT_EQ(compute_stance_metrics(fz, 0.0, kBwN).status, StanceStatus::kBadSamplePeriod);
  EXPECT_EQ(compute_stance_metrics(fz, std::nan(""), kBwN).status, StanceStatus::kBadSamplePeriod);
  EXPECT_EQ(compute_stance_metrics(fz, kDt, -1.0).status, StanceStatus::kBadBodyWeight);
  auto bad = fz;
  bad[40] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(compute_stance_metrics(bad, kDt, kBwN).status, StanceStatus::kNonFiniteSample);
  StanceMetricsOptions o;
  o.fixed_window_end_frac = 0.02;  // before the start
  EXPECT_EQ(compute_stance_metrics(fz, kDt, kBwN, {}, o).status, StanceStatus::kBadOptions);
  try {
    validate(o);
    ADD_FAILURE() << "validate() accepted a reversed window";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("fixed_window_end_frac: 0.02"), std::string::npos) << msg;
    EXPECT_NE(msg.find("e.g. 0.12"), std::string::npos) << msg;
  }
  EXPECT_NO_THROW(validate(StanceMetricsOptions{}));
  o = {};
  o.impact_min_drop_bw = 0;
  EXPECT_THROW(validate(o), std::invalid_argument);
}

// Any finite input — short, negative, flat, huge, spiky — gives a result and never throws
// (compute_stance_metrics is noexcept: a throw would terminate the test binary).
TEST(StanceMetrics, NeverFailsOnArbitraryFiniteInput) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> len(0, 40), kind(0, 4);
  std::uniform_real_distribution<double> any(-1e6, 1e6), small(-50, 50);
  int valid = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const int n = len(rng);
    std::vector<float> fz(static_cast<std::size_t>(n)), fx(static_cast<std::size_t>(n));
    const int k = kind(rng);
    for (int i = 0; i < n; ++i) {
      const double v = k == 0 ? any(rng) : k == 1 ? small(rng) : k == 2 ? 500.0 : (i % 2) * 3e4;
      fz[static_cast<std::size_t>(i)] = static_cast<float>(k == 4 ? -v : v);
      fx[static_cast<std::size_t>(i)] = static_cast<float>(small(rng));
    }
    const StanceMetrics m = compute_stance_metrics(fz, kDt, kBwN, fx);
    if (n == 0) {
      EXPECT_FALSE(m.valid());
      continue;
    }
    ASSERT_TRUE(m.valid()) << trial;
    ++valid;
    EXPECT_TRUE(std::isfinite(m.peak_vgrf_bw)) << trial;
    EXPECT_TRUE(std::isfinite(m.impulse_bw_s)) << trial;
    EXPECT_TRUE(std::isfinite(m.valr_bw_s)) << trial;
    EXPECT_TRUE(std::isfinite(m.vilr_bw_s)) << trial;
    EXPECT_LT(m.peak_index, fz.size());
    if (m.has_impact) {
      EXPECT_LT(m.impact_index, m.peak_index) << trial;
    }
  }
  EXPECT_GT(valid, 15000);
}

TEST(StanceMetrics, DoesNotAllocate) {
  const StanceShape s = StanceShape::running(2.5, 1.6, 0.12, 0.3);
  const auto fz = sample_n([&](double u) { return s.fz_bw(u); }, 240);
  const auto fx = sample_n([&](double u) { return s.fx_bw(u); }, 240);
  std::array<char, 32> buf{};
  double sink = 0;
  stridecue::test::AllocationScope scope;
  for (int i = 0; i < 100; ++i) {
    const StanceMetrics m = compute_stance_metrics(fz, kDt, kBwN, fx);
    sink += m.valr_bw_s + static_cast<double>(loading_rate_label(m, buf).size());
  }
  sink += compute_stance_metrics({}, kDt, kBwN).n_samples;
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_TRUE(std::isfinite(sink));
}
