// ButterworthLowPass: design validation, measured gain (DC, −3.01 dB at fc, roll-off at 2·fc),
// pole placement against the bilinear map of the analog prototype, steady-state reset, group
// delay against the analog prototype and a ramp's lag, and the no-allocation hot path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "stridecue/processing/butterworth.hpp"

using namespace stridecue::processing;

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kFs = 1000.0;

struct Design {
  int order;
  double fc_hz;
};
const Design kDesigns[] = {{2, 20}, {4, 20}, {6, 20}, {2, 50}, {4, 50}, {6, 50}, {4, 125}};

// Amplitude of the steady-state response to a unit sine at f_hz: the sine runs for `settle_s`,
// then a least-squares fit of a·sin + b·cos over a whole number of periods.
double measured_gain(ButterworthLowPass& f, double f_hz, double settle_s = 3.0) {
  f.reset(0.0);
  const double w = 2 * kPi * f_hz / kFs;
  const long settle = static_cast<long>(settle_s * kFs);
  const long periods = 50;
  const long n_fit = static_cast<long>(std::lround(periods * kFs / f_hz));
  double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
  for (long i = 0; i < settle + n_fit; ++i) {
    const double s = std::sin(w * static_cast<double>(i)), c = std::cos(w * static_cast<double>(i));
    const double y = f.process(s);
    if (i < settle) continue;
    ss += s * s;
    sc += s * c;
    cc += c * c;
    ys += y * s;
    yc += y * c;
  }
  const double det = ss * cc - sc * sc;
  const double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
  return std::hypot(a, b);
}

double db(double gain) {
  return 20.0 * std::log10(gain);
}

// Prewarped analog cut-off, rad/s, computed here from its definition rather than taken from
// the filter.
double prewarped_omega(double fc_hz) {
  return 2.0 * kFs * std::tan(kPi * fc_hz / kFs);
}

}  // namespace

TEST(Butterworth, RejectsBadDesignsNamingTheValueAndTheFix) {
  auto message = [](auto make) {
    try {
      make();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no exception)");
  };
  EXPECT_NE(message([] { ButterworthLowPass(3, 1000, 50); }).find("order 3"), std::string::npos);
  EXPECT_NE(message([] { ButterworthLowPass(8, 1000, 50); }).find("use 2, 4 or 6"),
            std::string::npos);
  const std::string high = message([] { ButterworthLowPass(4, 1000, 450); });
  EXPECT_NE(high.find("cut-off 450 Hz"), std::string::npos) << high;
  EXPECT_NE(high.find("(0, 450)"), std::string::npos) << high;
  EXPECT_NE(high.find("lower the cut-off"), std::string::npos) << high;
  EXPECT_THROW(ButterworthLowPass(4, 1000, 0), std::invalid_argument);
  EXPECT_THROW(ButterworthLowPass(4, 1000, -5), std::invalid_argument);
  EXPECT_THROW(ButterworthLowPass(4, 1000, std::nan("")), std::invalid_argument);
  EXPECT_NE(message([] { ButterworthLowPass(4, 0, 50); }).find("sample rate 0 Hz"),
            std::string::npos);
  EXPECT_NO_THROW(ButterworthLowPass(4, 1000, 449.9));
}

TEST(Butterworth, UnitGainAtDc) {
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    double y = 0;
    for (int i = 0; i < 5000; ++i) y = f.process(1.0);
    EXPECT_NEAR(y, 1.0, 1e-12) << d.order << " " << d.fc_hz;
    EXPECT_NEAR(f.magnitude(0.0), 1.0, 1e-12);
  }
}

TEST(Butterworth, MinusThreeDbAtCutoffMeasuredWithASine) {
  // |H(fc)|² = 1/2 exactly with prewarping: −10·log10(2) = −3.0103 dB.
  const double half_power_db = -10.0 * std::log10(2.0);
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    EXPECT_NEAR(db(measured_gain(f, d.fc_hz)), half_power_db, 0.005) << d.order << " " << d.fc_hz;
    EXPECT_NEAR(db(f.magnitude(d.fc_hz)), half_power_db, 1e-9);
  }
}

TEST(Butterworth, AttenuationOneOctaveAboveCutoff) {
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    const double measured_db = db(measured_gain(f, 2.0 * d.fc_hz));
    // Analog Butterworth |H|² = 1/(1 + (Ω/Ωc)^2N), at the frequency the bilinear transform maps
    // 2·fc to: Ω/Ωc = tan(2π fc/fs) / tan(π fc/fs) (> 2, so a little more than analog).
    const double ratio = std::tan(2 * kPi * d.fc_hz / kFs) / std::tan(kPi * d.fc_hz / kFs);
    const double expected_db = -10.0 * std::log10(1.0 + std::pow(ratio, 2.0 * d.order));
    EXPECT_NEAR(measured_db, expected_db, 0.02) << d.order << " " << d.fc_hz;
    // The textbook roll-off: at least order × 6.02 dB per octave.
    EXPECT_LT(measured_db, -6.02 * d.order) << d.order << " " << d.fc_hz;
  }
}

TEST(Butterworth, PolesAreTheBilinearImagesOfTheAnalogPrototypeAndStable) {
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    // Analog prototype poles (left half plane): s_k = Ω e^{jπ(2k + N + 1)/(2N)}, k = 0 … N−1;
    // bilinear map z = (2fs + s)/(2fs − s).
    const double omega = prewarped_omega(d.fc_hz);
    std::vector<std::complex<double>> expected;
    for (int k = 0; k < d.order; ++k) {
      const auto s = std::polar(omega, kPi * (2.0 * k + d.order + 1) / (2.0 * d.order));
      expected.push_back((2 * kFs + s) / (2 * kFs - s));
    }
    ASSERT_EQ(f.sections().size(), static_cast<std::size_t>(d.order / 2));
    for (const Biquad& c : f.sections()) {
      // Roots of z² + a1 z + a2.
      const std::complex<double> disc = std::sqrt(std::complex<double>(c.a1 * c.a1 - 4 * c.a2));
      for (const auto& p : {(-c.a1 + disc) / 2.0, (-c.a1 - disc) / 2.0}) {
        EXPECT_LT(std::abs(p), 1.0) << d.order << " " << d.fc_hz;
        double nearest = 1e9;
        for (const auto& e : expected) nearest = std::min(nearest, std::abs(p - e));
        EXPECT_LT(nearest, 1e-12) << d.order << " " << d.fc_hz;
      }
      // Both zeros at z = −1 (b0 : b1 : b2 = 1 : 2 : 1).
      EXPECT_DOUBLE_EQ(c.b1, 2 * c.b0);
      EXPECT_DOUBLE_EQ(c.b2, c.b0);
    }
  }
}

TEST(Butterworth, ResetStartsAtTheSteadyStateOfAConstantInput) {
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    f.reset(700.0);  // a runner standing on the plate
    double worst = 0;
    for (int i = 0; i < 2000; ++i) worst = std::max(worst, std::abs(f.process(700.0) - 700.0));
    EXPECT_LT(worst, 1e-9) << d.order << " " << d.fc_hz;
    // Without the reset the same input rings up from zero (what the reset prevents).
    ButterworthLowPass cold(d.order, kFs, d.fc_hz);
    EXPECT_LT(cold.process(700.0), 100.0);
  }
}

TEST(Butterworth, DcGroupDelayMatchesTheAnalogPrototype) {
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    // Bilinear transform: τ_d(0) = τ_a(0) at the prewarped cut-off (dΩ/dω = 1 at DC), and an
    // analog section Ω²/(s² + (Ω/Q)s + Ω²) delays DC by 1/(QΩ): τ = Σ_k 2cos θ_k / Ω.
    double sum = 0;
    for (int k = 0; k < d.order / 2; ++k) sum += 2 * std::cos(kPi * (2.0 * k + 1) / (2 * d.order));
    const double expected_s = sum / prewarped_omega(d.fc_hz);
    EXPECT_NEAR(f.group_delay_s(), expected_s, 1e-12 * expected_s) << d.order << " " << d.fc_hz;
  }
}

TEST(Butterworth, DcGroupDelayIsTheLagOfASlowRamp) {
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    // A ramp through a unity-DC-gain filter settles to the input delayed by τ(0) exactly.
    const double slope_per_sample = 0.37;
    double x = 0, y = 0;
    for (int i = 0; i < 20000; ++i) {
      x = slope_per_sample * i;
      y = f.process(x);
    }
    const double lag_s = (x - y) / slope_per_sample / kFs;
    EXPECT_NEAR(lag_s, f.group_delay_s(), 1e-9) << d.order << " " << d.fc_hz;
  }
}

TEST(Butterworth, GroupDelayAtAFrequencyMatchesTheNumericalPhaseSlope) {
  for (const Design& d : kDesigns) {
    ButterworthLowPass f(d.order, kFs, d.fc_hz);
    // Second implementation: H(e^{jω}) as a product of the sections, phase slope by central
    // difference of arg(H(f + h) / H(f − h)), which needs no phase unwrapping.
    auto response = [&](double f_hz) {
      const double w = 2 * kPi * f_hz / kFs;
      std::complex<double> h = 1;
      for (const Biquad& c : f.sections()) {
        const auto z1 = std::polar(1.0, -w), z2 = std::polar(1.0, -2 * w);
        h *= (c.b0 + c.b1 * z1 + c.b2 * z2) / (1.0 + c.a1 * z1 + c.a2 * z2);
      }
      return h;
    };
    for (double frac : {0.25, 0.5, 1.0, 1.5}) {
      const double fq = frac * d.fc_hz, h = 1e-4;
      const double numeric_s = -std::arg(response(fq + h) / response(fq - h)) / (2 * kPi * 2 * h);
      EXPECT_NEAR(f.group_delay_s(fq), numeric_s, 1e-7) << d.order << " " << d.fc_hz << " " << fq;
    }
  }
  ButterworthLowPass f(4, kFs, 50);
  EXPECT_TRUE(std::isnan(f.group_delay_s(500.0)));
  EXPECT_TRUE(std::isnan(f.group_delay_s(-1.0)));
}

// The figures the docs quote; printed so the test log carries them.
TEST(Butterworth, DocumentedDelayFigures) {
  struct Row {
    int order;
    double fc_hz, dc_ms;
  };
  // Σ 2cos θ_k / (2 fs tan(π fc/fs)), rounded to 0.01 ms.
  for (const Row& r : {Row{2, 20, 11.24}, Row{4, 20, 20.77}, Row{2, 50, 4.46}, Row{4, 50, 8.25}}) {
    ButterworthLowPass f(r.order, kFs, r.fc_hz);
    const double dc_ms = f.group_delay_s() * 1e3;
    const double at_fc_ms = f.group_delay_s(r.fc_hz) * 1e3;
    std::printf(
        "  Butterworth order %d, fc %4.0f Hz @ 1 kHz: group delay %.2f ms at DC, %.2f ms "
        "at fc\n",
        r.order, r.fc_hz, dc_ms, at_fc_ms);
    EXPECT_NEAR(dc_ms, r.dc_ms, 0.005) << r.order << " " << r.fc_hz;
  }
}

TEST(Butterworth, ProcessDoesNotAllocate) {
  ButterworthLowPass f(6, kFs, 50);
  double acc = 0;
  stridecue::test::AllocationScope scope;
  f.reset(10.0);
  for (int i = 0; i < 10000; ++i) acc += f.process(std::sin(0.01 * i));
  acc += f.group_delay_s(25.0) + f.magnitude(25.0);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_TRUE(std::isfinite(acc));
}
