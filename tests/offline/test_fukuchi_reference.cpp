// The independent reference of fukuchi_reference.hpp: first on a signal with known answers,
// then on RBDS001 against the validation README's sanity values (with tolerances that catch a
// wrong threshold, a lost contact or swapped sides, not the README's rounding).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "fukuchi_reference.hpp"

using namespace stridecue;
namespace ref = stridecue::test::fukuchi;

TEST(FukuchiReference, KnownSignalGivesExactCrossingsAndDropsEdgesAndBlips) {
  // 300 Hz: a contact in progress at the start, a 2-sample blip, two full half-sine contacts
  // (right then left by COPz), and one still running at the end.
  const double rate = 300;
  std::vector<double> fy(600, 0.0), copz(600, 1000.0);
  for (int i = 0; i < 10; ++i) fy[static_cast<std::size_t>(i)] = 500;  // touches the start
  fy[40] = fy[41] = 100;                                               // blip, 2 samples
  auto contact = [&](double t0, double dur, double peak, double z) {
    for (std::size_t i = 0; i < fy.size(); ++i) {
      const double u = (static_cast<double>(i) / rate - t0) / dur;
      if (u > 0 && u < 1) {
        fy[i] = peak * std::sin(std::numbers::pi * u);
        copz[i] = z;
      }
    }
  };
  contact(0.5, 0.3, 1300, 1100);
  contact(0.9, 0.28, 1400, 1000);
  for (std::size_t i = 590; i < 600; ++i) fy[i] = 700;  // touches the end
  const auto c = ref::detect_contacts(fy, copz, ref::Options{20, 0.1, rate, 62});
  ASSERT_EQ(c.size(), 2u);
  // Threshold crossing of a half-sine: u = asin(thr / peak) / π (linear interpolation ≈ it).
  const double u1 = std::asin(20.0 / 1300) / std::numbers::pi;
  EXPECT_NEAR(c[0].t_ic_s, 0.5 + u1 * 0.3, 2e-4);
  EXPECT_NEAR(c[0].t_to_s, 0.8 - u1 * 0.3, 2e-4);
  EXPECT_NEAR(c[0].peak_fy_n, 1300, 1.0);
  EXPECT_NEAR(c[0].peak_bw, c[0].peak_fy_n / (62 * 9.80665), 1e-12);
  EXPECT_NEAR(c[0].mean_copz_mm, 1100, 1e-9);
  EXPECT_EQ(c[0].side, Side::kRight);
  EXPECT_EQ(c[1].side, Side::kLeft);
  const ref::Summary s = ref::summarize(c);
  EXPECT_NEAR(s.mean_step_s, 0.4, 2e-4);
  EXPECT_TRUE(s.sides_alternate);
}

TEST(FukuchiReference, ReaderSeesTheWholeFile) {
  const ref::Samples s = ref::read_samples(ref::forces_path());
  ASSERT_EQ(s.fy_n.size(), ref::kRows);
  EXPECT_EQ(s.index.front(), 1.0);
  EXPECT_EQ(s.index.back(), 9000.0);
  EXPECT_EQ(s.fy_n.front(), 328.67);  // first data row, by eye from `head`
  EXPECT_EQ(s.copz_mm.back(), 1031.57);
}

TEST(FukuchiReference, SanityValuesAt50N) {
  ref::Options o;
  o.threshold_n = 50;
  const auto c = ref::reference_contacts(ref::forces_path(), o);
  const ref::Summary s = ref::summarize(c, o);
  EXPECT_NEAR(static_cast<double>(s.contacts), 77, 1);  // README: 77 complete contacts
  EXPECT_NEAR(s.mean_contact_s, 0.276, 0.003);
  EXPECT_NEAR(s.mean_step_s, 0.382, 0.003);  // ≈ 157 steps/min
  EXPECT_NEAR(s.mean_flight_s, 0.106, 0.004);
  EXPECT_GE(s.mean_peak_bw, 2.1);
  EXPECT_LE(s.mean_peak_bw, 2.3);
  for (const ref::Contact& k : c) {
    EXPECT_GT(k.peak_bw, 2.0);
    EXPECT_LT(k.peak_bw, 2.45);
    EXPECT_GT(k.contact_s, 0.24);
    EXPECT_LT(k.contact_s, 0.32);
  }
  EXPECT_TRUE(s.sides_alternate);
  // Per-side mean peaks (README: R 21.44, L 22.32 N/kg): catches swapped sides.
  EXPECT_NEAR(s.mean_peak_right_n_per_kg, 21.44, 0.15);
  EXPECT_NEAR(s.mean_peak_left_n_per_kg, 22.32, 0.15);
  const double si = (s.mean_peak_right_n_per_kg - s.mean_peak_left_n_per_kg) /
                    (0.5 * (s.mean_peak_right_n_per_kg + s.mean_peak_left_n_per_kg)) * 100;
  EXPECT_NEAR(si, -4.0, 1.0);  // README: L/R peak SI ≈ 4 % (left larger)
}

TEST(FukuchiReference, LowerThresholdLengthensContactsByAboutEightMs) {
  ref::Options o20, o50;
  o20.threshold_n = 20;
  o50.threshold_n = 50;
  const auto c20 = ref::reference_contacts(ref::forces_path(), o20);
  const auto c50 = ref::reference_contacts(ref::forces_path(), o50);
  const ref::Summary s20 = ref::summarize(c20, o20), s50 = ref::summarize(c50, o50);
  EXPECT_NEAR(s20.mean_contact_s, 0.284, 0.003);  // README: 0.284 s at 20 N
  EXPECT_EQ(s20.contacts, s50.contacts);
  const double diff_ms = (s20.mean_contact_s - s50.mean_contact_s) * 1e3;
  EXPECT_GT(diff_ms, 5.0);  // DOMAIN.md §3: ≈ 8 ms on RBDS001
  EXPECT_LT(diff_ms, 12.0);
  EXPECT_NEAR(s20.mean_step_s, s50.mean_step_s, 0.001);
  ASSERT_EQ(c20.size(), c50.size());
  for (std::size_t k = 0; k < c20.size(); ++k) {
    EXPECT_LT(c20[k].t_ic_s, c50[k].t_ic_s) << k;
    EXPECT_GT(c20[k].t_to_s, c50[k].t_to_s) << k;
    EXPECT_EQ(c20[k].side, c50[k].side) << k;
  }
}
