// Plate faults of the simulated runner (docs/science.md §3): zero drift that a flight-phase
// corrector must track, and flight-phase ringing that an event detector must reject. Both live in
// the noisy output only; the truth and the step count must not move.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "runner_test_support.hpp"

namespace stridecue::sim {
namespace {

using test::quiet;
using test::steps_until;

constexpr TimeNs kMs = kNsPerMs;
constexpr double kPi = std::numbers::pi;

std::array<PlateWrench, 2> noisy(Runner& r, TimeNs t) {
  std::array<PlateWrench, 2> w{};
  r.plates_at(t, std::span(w.data(), static_cast<std::size_t>(r.plate_count())));
  return w;
}

std::array<PlateTruth, 2> truth(Runner& r, TimeNs t) {
  std::array<PlateTruth, 2> p{};
  r.plates_truth_at(t, std::span(p.data(), static_cast<std::size_t>(r.plate_count())));
  return p;
}

// ---- Zero drift ----------------------------------------------------------------------------

struct FlightWindow {
  double t_mid_s = 0;
  double mean_fz_n = 0;      // noisy output
  double mean_offset_n = 0;  // zero_offset_n over the same samples
  int n = 0;
};

// Means over every run of ≥ 100 consecutive 1 kHz samples in which `plate` carries no load.
std::vector<FlightWindow> flight_windows(Runner& r, int plate, TimeNs t_end) {
  std::vector<FlightWindow> out;
  FlightWindow cur;
  double t_sum = 0;
  auto close = [&] {
    if (cur.n >= 100) {
      cur.mean_fz_n /= cur.n;
      cur.mean_offset_n /= cur.n;
      cur.t_mid_s = t_sum / cur.n;
      out.push_back(cur);
    }
    cur = {};
    t_sum = 0;
  };
  for (TimeNs t = 0; t < t_end; t += kMs) {
    const auto p = truth(r, t);
    const auto w = noisy(r, t);
    if (p[static_cast<std::size_t>(plate)].fz_n != 0.0) {
      close();
      continue;
    }
    cur.mean_fz_n += w[static_cast<std::size_t>(plate)].fz_n;
    cur.mean_offset_n += r.zero_offset_n(plate, t);
    t_sum += ns_to_s(t);
    ++cur.n;
  }
  close();
  return out;
}

TEST(RunnerZeroDrift, FlightPhaseMeanTracksTheConfiguredRateAndTheReportedOffset) {
  RunnerConfig c = quiet();
  c.force_noise_n = 1.5;
  c.zero_drift_n_per_min = 30.0;  // 0.5 N/s
  Runner r(c, 7);
  const TimeNs t_end = 60 * kNsPerS;
  for (int plate = 0; plate < 2; ++plate) {
    SCOPED_TRACE("plate " + std::to_string(plate));
    const std::vector<FlightWindow> win = flight_windows(r, plate, t_end);
    ASSERT_GT(win.size(), 70u);
    // Each flight's mean is the reported offset (noise SE ≈ 1.5 N / √400 ≈ 0.08 N).
    for (const FlightWindow& w : win) {
      ASSERT_NEAR(w.mean_fz_n, w.mean_offset_n, 0.4) << "flight at " << w.t_mid_s << " s";
    }
    // Independently of zero_offset_n: a line through the flight means has the configured
    // slope (either sign) and starts at zero (plates zeroed at t = 0).
    double st = 0, sf = 0, stt = 0, stf = 0;
    for (const FlightWindow& w : win) {
      st += w.t_mid_s;
      sf += w.mean_fz_n;
      stt += w.t_mid_s * w.t_mid_s;
      stf += w.t_mid_s * w.mean_fz_n;
    }
    const double n = static_cast<double>(win.size());
    const double slope = (n * stf - st * sf) / (n * stt - st * st);
    const double intercept = (sf - slope * st) / n;
    EXPECT_NEAR(std::abs(slope), 0.5, 0.01);
    EXPECT_NEAR(intercept, 0.0, 0.2);
    // No walk configured: the offset is exactly linear.
    EXPECT_NEAR(std::abs(r.zero_offset_n(plate, t_end)), 30.0, 1e-9);
    EXPECT_NEAR(r.zero_offset_n(plate, t_end / 2), 0.5 * r.zero_offset_n(plate, t_end), 1e-9);
    EXPECT_EQ(r.zero_offset_n(plate, 0), 0.0);
  }
}

TEST(RunnerZeroDrift, OnlyTheNoisyForcesMoveAndTheTruthIsUntouched) {
  // A twin without drift has the same force-noise stream, so the difference of the noisy
  // outputs is exactly the offset: shear 10 % of Fz, moments none.
  RunnerConfig c = quiet();
  c.force_noise_n = 1.5;
  c.step_across_probability = 0.2;
  RunnerConfig d = c;
  d.zero_drift_n_per_min = 120.0;
  d.zero_drift_walk_n_per_sqrt_s = 0.5;
  Runner plain(c, 3), drifting(d, 3);
  for (TimeNs t = 0; t < 20 * kNsPerS; t += kMs) {
    const auto w0 = noisy(plain, t), w1 = noisy(drifting, t);
    const auto p0 = truth(plain, t), p1 = truth(drifting, t);
    for (std::size_t i = 0; i < 2; ++i) {
      ASSERT_EQ(p0[i].fz_n, p1[i].fz_n);
      ASSERT_EQ(p0[i].fx_n, p1[i].fx_n);
      ASSERT_EQ(p0[i].my_nm, p1[i].my_nm);
      const ZeroOffset z = drifting.zero_offset_at(static_cast<int>(i), t);
      const double tol = 1e-4 + 2e-7 * std::abs(p0[i].fz_n);  // float rounding of the output
      ASSERT_NEAR(double(w1[i].fz_n) - double(w0[i].fz_n), z.fz_n, tol);
      ASSERT_NEAR(double(w1[i].fx_n) - double(w0[i].fx_n), z.fx_n, tol);
      ASSERT_NEAR(double(w1[i].fy_n) - double(w0[i].fy_n), z.fy_n, tol);
      ASSERT_NEAR(std::abs(z.fx_n), 0.1 * std::abs(z.fz_n), 1e-12);
      ASSERT_NEAR(std::abs(z.fy_n), 0.1 * std::abs(z.fz_n), 1e-12);
      ASSERT_EQ(w1[i].mx_nm, w0[i].mx_nm);
      ASSERT_EQ(w1[i].my_nm, w0[i].my_nm);
      ASSERT_EQ(w1[i].mz_nm, w0[i].mz_nm);
    }
  }
  EXPECT_GT(std::abs(drifting.zero_offset_n(0, 20 * kNsPerS)), 10.0) << "it did drift";
  const auto s0 = steps_until(plain, 20 * kNsPerS), s1 = steps_until(drifting, 20 * kNsPerS);
  ASSERT_EQ(s0.size(), s1.size());
  for (std::size_t i = 0; i < s0.size(); ++i) EXPECT_EQ(s0[i].t_to_ns, s1[i].t_to_ns);
}

TEST(RunnerZeroDrift, SignsAreDrawnPerPlateAndPerSeed) {
  RunnerConfig c = quiet();
  c.zero_drift_n_per_min = 6.0;
  int positive0 = 0, differ = 0;
  constexpr int kSeeds = 64;
  for (int seed = 0; seed < kSeeds; ++seed) {
    Runner r(c, static_cast<std::uint64_t>(seed));
    const double z0 = r.zero_offset_n(0, 60 * kNsPerS), z1 = r.zero_offset_n(1, 60 * kNsPerS);
    ASSERT_NEAR(std::abs(z0), 6.0, 1e-9);
    ASSERT_NEAR(std::abs(z1), 6.0, 1e-9);
    positive0 += z0 > 0;
    differ += (z0 > 0) != (z1 > 0);
  }
  EXPECT_GT(positive0, kSeeds / 4);
  EXPECT_LT(positive0, 3 * kSeeds / 4);
  EXPECT_GT(differ, kSeeds / 4);
  EXPECT_LT(differ, 3 * kSeeds / 4);
}

TEST(RunnerZeroDrift, RandomWalkSpreadsAsSigmaRootTime) {
  // W(t) has SD σ·√t: σ = 1 N/√s gives 10 N after 100 s. 400 seeds: SD known to ≈ 3.5 %.
  RunnerConfig c = quiet();
  c.zero_drift_walk_n_per_sqrt_s = 1.0;
  constexpr int kSeeds = 400;
  double sum = 0, sum2 = 0, inc2 = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    Runner r(c, static_cast<std::uint64_t>(seed) + 1000);
    const double w100 = r.zero_offset_n(0, 100 * kNsPerS);
    const double w75 = r.zero_offset_n(1, 75 * kNsPerS), w25 = r.zero_offset_n(1, 25 * kNsPerS);
    sum += w100;
    sum2 += w100 * w100;
    inc2 += (w75 - w25) * (w75 - w25);
    // Linear between the 1 s knots.
    const double a = r.zero_offset_n(0, 50 * kNsPerS), b = r.zero_offset_n(0, 51 * kNsPerS);
    ASSERT_NEAR(r.zero_offset_n(0, 50 * kNsPerS + 250 * kMs), 0.75 * a + 0.25 * b, 1e-9);
  }
  const double mean = sum / kSeeds;
  const double sd = std::sqrt(sum2 / kSeeds - mean * mean);
  EXPECT_NEAR(mean, 0.0, 2.0);
  EXPECT_NEAR(sd, 10.0, 1.2);
  EXPECT_NEAR(std::sqrt(inc2 / kSeeds), std::sqrt(50.0), 0.85);  // plate 1, 50 s apart
}

TEST(RunnerZeroDrift, OffsetDependsOnlyOnSeedAndTimeNotOnTheCallPattern) {
  RunnerConfig c = quiet();
  c.zero_drift_n_per_min = 10.0;
  c.zero_drift_walk_n_per_sqrt_s = 0.3;
  Runner forward(c, 9), backward(c, 9), busy(c, 9);
  std::vector<double> a, b;
  for (TimeNs t = 0; t <= 120 * kNsPerS; t += 250 * kMs) a.push_back(forward.zero_offset_n(1, t));
  for (TimeNs t = 120 * kNsPerS; t >= 0; t -= 250 * kMs) b.push_back(backward.zero_offset_n(1, t));
  std::reverse(b.begin(), b.end());
  EXPECT_EQ(a, b);
  // Streaming plates at 1 kHz and the IMU in between does not disturb it either.
  for (TimeNs t = 0; t < 30 * kNsPerS; t += kMs) {
    (void)noisy(busy, t);
    if (t % (2 * kMs) == 0) (void)busy.imu_at(t);
  }
  EXPECT_EQ(busy.zero_offset_n(1, 30 * kNsPerS), forward.zero_offset_n(1, 30 * kNsPerS));
}

TEST(RunnerZeroDrift, SingleBeltHasOnePlate) {
  RunnerConfig c = quiet();
  c.belt = Belt::kSingle;
  c.zero_drift_n_per_min = 10.0;
  Runner r(c, 1);
  EXPECT_NEAR(std::abs(r.zero_offset_n(0, 60 * kNsPerS)), 10.0, 1e-9);
  EXPECT_THROW((void)r.zero_offset_n(1, 0), std::invalid_argument);
  EXPECT_THROW((void)r.zero_offset_n(-1, 0), std::invalid_argument);
}

// ---- Flight-phase ringing ------------------------------------------------------------------

RunnerConfig ringing_config() {
  RunnerConfig c = quiet();
  c.flight_ringing_n = 80.0;
  c.ringing_hz = 35.0;
  c.ringing_decay_s = 0.03;
  return c;
}

TEST(RunnerRinging, FlightFzRingsAtTheConfiguredFrequencyAndDecay) {
  const RunnerConfig c = ringing_config();
  Runner r(c, 4);
  const auto steps = steps_until(r, 10 * kNsPerS);
  ASSERT_GT(steps.size(), 20u);
  constexpr TimeNs kFine = 10 * kNsPerUs;
  for (const StepTruth& s : steps) {
    SCOPED_TRACE("step " + std::to_string(s.index));
    const int plate = s.side == Side::kLeft ? 0 : 1;
    const auto pi = static_cast<std::size_t>(plate);
    // No jump at toe-off: the noisy output equals the (zero) truth there and stays close.
    ASSERT_EQ(noisy(r, s.t_to_ns)[pi].fz_n, 0.0f);
    ASSERT_LT(std::abs(noisy(r, s.t_to_ns + kFine)[pi].fz_n), 80 * 2 * kPi * 35 * 1e-5 * 1.01);
    // Scan five time constants of the flight on this plate at 10 µs.
    std::vector<double> crossings;  // times of sign changes, s after toe-off (interpolated)
    std::vector<double> peak_t, peak_v;
    double prev = 0, best = 0, best_t = 0, first_lobe = 0;
    for (TimeNs t = s.t_to_ns + kFine; t < s.t_to_ns + 150 * kMs; t += kFine) {
      ASSERT_EQ(truth(r, t)[pi].fz_n, 0.0) << "the plate is in flight";
      const double v = noisy(r, t)[pi].fz_n;
      const double tau = ns_to_s(t - s.t_to_ns);
      if (prev != 0 && (v > 0) != (prev > 0)) {
        crossings.push_back(tau - ns_to_s(kFine) * v / (v - prev));
        peak_t.push_back(best_t);
        peak_v.push_back(best);
        best = 0;
      }
      if (std::abs(v) > std::abs(best)) {
        best = v;
        best_t = tau;
      }
      if (crossings.empty()) first_lobe = std::max(first_lobe, v);
      prev = v;
    }
    // The first lobe is upward and crosses a 50 N contact threshold (≈ 0.8 × 80 N at ≈ 6.5 ms).
    EXPECT_GT(first_lobe, 60.0);
    EXPECT_LT(first_lobe, 66.0);
    ASSERT_GE(crossings.size(), 8u);
    // Frequency from the zero crossings: half a period apart.
    const double half_period =
        (crossings.back() - crossings.front()) / static_cast<double>(crossings.size() - 1);
    EXPECT_NEAR(1.0 / (2.0 * half_period), 35.0, 0.1);
    // Decay from successive lobes: |peak| falls by e^(−Δt/T).
    for (std::size_t k = 1; k + 1 < peak_v.size(); ++k) {
      const double decay = (peak_t[k] - peak_t[k - 1]) / std::log(peak_v[k - 1] / -peak_v[k]);
      EXPECT_NEAR(decay, 0.03, 0.0005) << "lobe " << k;
    }
  }
}

TEST(RunnerRinging, TruthAndStepCountDoNotMoveButANaiveDetectorSeesBlips) {
  const RunnerConfig quiet_plates = quiet();
  const RunnerConfig c = ringing_config();
  Runner plain(quiet_plates, 8), ringing(c, 8);
  const TimeNs t_end = 20 * kNsPerS;
  // A detector with a bare 50 N threshold, no hysteresis or minimum duration, on plate 0.
  int rising_plain = 0, rising_ringing = 0;
  bool above_plain = false, above_ringing = false;
  for (TimeNs t = 0; t < t_end; t += kMs) {
    const auto p0 = truth(plain, t), p1 = truth(ringing, t);
    ASSERT_EQ(p0[0].fz_n, p1[0].fz_n);
    ASSERT_EQ(p0[1].fz_n, p1[1].fz_n);
    const double f0 = noisy(plain, t)[0].fz_n, f1 = noisy(ringing, t)[0].fz_n;
    rising_plain += !above_plain && f0 > 50.0;
    rising_ringing += !above_ringing && f1 > 50.0;
    above_plain = f0 > 50.0;
    above_ringing = f1 > 50.0;
  }
  const auto s0 = steps_until(plain, t_end), s1 = steps_until(ringing, t_end);
  ASSERT_EQ(s0.size(), s1.size());
  for (std::size_t i = 0; i < s0.size(); ++i) {
    EXPECT_EQ(s0[i].t_ic_ns, s1[i].t_ic_ns);
    EXPECT_EQ(s0[i].t_to_ns, s1[i].t_to_ns);
    EXPECT_EQ(s0[i].peak_vgrf_bw, s1[i].peak_vgrf_bw);
  }
  const auto left_steps = static_cast<int>((s0.size() + 1) / 2);
  EXPECT_NEAR(rising_plain, left_steps, 1);
  EXPECT_NEAR(rising_ringing, 2 * left_steps, 2) << "one blip after every left toe-off";
}

TEST(RunnerRinging, AContactAcrossTheBeltsRingsOnBothPlatesByItsShare) {
  RunnerConfig c = ringing_config();
  c.step_across_probability = 1.0;
  Runner r(c, 12);
  const auto steps = steps_until(r, 5 * kNsPerS);
  ASSERT_GT(steps.size(), 6u);
  for (const StepTruth& s : steps) {
    ASSERT_TRUE(s.across_belts);
    const TimeNs t = s.t_to_ns + 2 * kMs;
    const double tau = 0.002;
    const double expect = 80.0 * std::exp(-tau / 0.03) * std::sin(2 * kPi * 35.0 * tau);
    const auto w = noisy(r, t);
    const std::size_t own = s.side == Side::kLeft ? 0 : 1;
    // Both plates are free 2 ms after toe-off (the other foot lands ≥ 20 ms later).
    EXPECT_NEAR(w[own].fz_n, s.own_belt_share * expect, 1e-3);
    EXPECT_NEAR(w[1 - own].fz_n, (1 - s.own_belt_share) * expect, 1e-3);
  }
}

TEST(RunnerRinging, ZeroAmplitudeLeavesTheOutputBitIdentical) {
  RunnerConfig c = quiet();
  c.force_noise_n = 2.0;
  RunnerConfig d = c;
  d.ringing_hz = 80.0;
  d.ringing_decay_s = 0.1;  // no amplitude: nothing changes
  Runner a(c, 5), b(d, 5);
  for (TimeNs t = 0; t < 5 * kNsPerS; t += kMs) {
    const auto wa = noisy(a, t), wb = noisy(b, t);
    for (std::size_t i = 0; i < 2; ++i) ASSERT_EQ(wa[i].fz_n, wb[i].fz_n);
  }
}

}  // namespace
}  // namespace stridecue::sim
