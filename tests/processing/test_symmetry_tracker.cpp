// SymmetryTracker: left/right symmetry per variable over a rolling window and against the
// runner's baseline block (docs/science.md §4, §6–7). Synthetic step streams with hand-computed SI.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "alloc_counter.hpp"
#include "stridecue/processing/symmetry.hpp"
#include "stridecue/processing/symmetry_tracker.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {

constexpr std::size_t kPeak = sym_index(SymVar::kPeakVgrfBw);

void set_label(StepResult& s, const char* label) {
  s.loading_rate_method = {};
  std::snprintf(s.loading_rate_method.data(), s.loading_rate_method.size(), "%s", label);
}

/// A plausible, perfectly symmetric rearfoot step (docs/science.md §2 ranges).
StepResult make_step(Side side) {
  StepResult s;
  s.side = side;
  s.contact_ms = 250;
  s.flight_ms = 110;
  s.step_ms = 360;
  s.peak_vgrf_bw = 2.5;
  s.impact_peak_bw = 1.6;
  s.valr_bw_s = 60;
  s.vilr_bw_s = 80;
  set_label(s, "impact_20_80");
  s.impulse_bw_s = 0.32;
  s.braking_impulse_bw_s = 0.03;
  s.propulsive_impulse_bw_s = 0.035;
  return s;
}

using Edit = std::function<void(StepResult&)>;

/// Feeds `strides` strides (left then right); `left`/`right` edit the step, given its stride.
void feed(SymmetryTracker& t, int strides, const std::function<void(StepResult&, int)>& left,
          const std::function<void(StepResult&, int)>& right) {
  for (int k = 0; k < strides; ++k) {
    StepResult l = make_step(Side::kLeft);
    left(l, k);
    t.on_step(l);
    StepResult r = make_step(Side::kRight);
    right(r, k);
    t.on_step(r);
  }
}

/// Peak force stream: left `l_bw`, right `r_bw`, every stride.
void feed_peak(SymmetryTracker& t, int strides, double l_bw, double r_bw) {
  feed(
      t, strides, [&](StepResult& s, int) { s.peak_vgrf_bw = l_bw; },
      [&](StepResult& s, int) { s.peak_vgrf_bw = r_bw; });
}

/// R such that SI(L, R) = si: SI = (R − L)/((R + L)/2)·100  ⇒  R = L·(200 + SI)/(200 − SI).
double right_for_si(double left, double si_pct) {
  return left * (200.0 + si_pct) / (200.0 - si_pct);
}

/// Every threshold off except peak force.
SymmetryTrackerConfig peak_only(double abs_pct, double delta_pct) {
  SymmetryTrackerConfig cfg;
  for (auto& t : cfg.thresholds) t = {kThresholdOff, kThresholdOff};
  cfg.thresholds[kPeak] = {abs_pct, delta_pct};
  return cfg;
}

std::string what_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no std::invalid_argument thrown)";
}

}  // namespace

TEST(SymmetryTracker, SiAndSaFromWindowMeansMatchHandComputedValues) {
  SymmetryTrackerConfig cfg;
  cfg.window_strides = 4;
  SymmetryTracker t(cfg);
  // Contact: left 250, 254, 250, 254 (mean 252), right 260. Peak force: left 2.0, right 2.2.
  feed(
      t, 4,
      [](StepResult& s, int k) {
        s.contact_ms = k % 2 ? 254 : 250;
        s.peak_vgrf_bw = 2.0;
      },
      [](StepResult& s, int) {
        s.contact_ms = 260;
        s.peak_vgrf_bw = 2.2;
      });
  const SymmetrySnapshot snap = t.snapshot();
  const SymVarStats& c = snap[SymVar::kContactMs];
  EXPECT_DOUBLE_EQ(c.mean_l, 252.0);
  EXPECT_DOUBLE_EQ(c.mean_r, 260.0);
  EXPECT_EQ(c.n_l, 4u);
  EXPECT_EQ(c.n_r, 4u);
  EXPECT_NEAR(c.si_pct, 3.125, 1e-9);  // 8 / 256
  // (45° − atan(252/260)) / 90° · 100 = (45 − 44.10483) / 0.9
  EXPECT_NEAR(c.sa_pct, 0.99464, 1e-4);
  const SymVarStats& p = snap[SymVar::kPeakVgrfBw];
  EXPECT_NEAR(p.si_pct, 9.5238, 1e-3);  // 0.2 / 2.1
  EXPECT_NEAR(p.sa_pct, 3.0292, 1e-3);  // atan(2.0/2.2) = 42.2737°
  // Untouched variables are symmetric.
  EXPECT_DOUBLE_EQ(snap[SymVar::kImpulseBwS].si_pct, 0.0);
  EXPECT_TRUE(snap.window_full);
  EXPECT_EQ(snap.steps_l, 4u);
  EXPECT_EQ(snap.steps_r, 4u);
}

TEST(SymmetryTracker, RollingWindowForgetsAnAsymmetryAfterWindowStrides) {
  SymmetryTrackerConfig cfg;
  cfg.window_strides = 4;
  SymmetryTracker t(cfg);
  feed_peak(t, 4, 2.0, 2.4);
  EXPECT_NEAR(t.snapshot()[SymVar::kPeakVgrfBw].si_pct, 18.1818, 1e-3);  // 0.4 / 2.2
  // Symmetric strides replace the old ones one by one: right mean 2.3, 2.2, 2.1, 2.0.
  const double expected[] = {13.9535, 9.5238, 4.8780, 0.0};  // (R − 2)/((R + 2)/2)
  for (double si : expected) {
    feed_peak(t, 1, 2.0, 2.0);
    const SymVarStats& p = t.snapshot()[SymVar::kPeakVgrfBw];
    EXPECT_NEAR(p.si_pct, si, 1e-3);
    EXPECT_EQ(p.n_r, 4u);
  }
  EXPECT_NEAR(t.snapshot()[SymVar::kPeakVgrfBw].mean_r, 2.0, 1e-12);
}

TEST(SymmetryTracker, BaselineIsCapturedOnlyBetweenBeginAndEnd) {
  SymmetryTracker t;
  const auto contact = [](double l, double r) {
    return std::pair{[l](StepResult& s, int) { s.contact_ms = l; },
                     [r](StepResult& s, int) { s.contact_ms = r; }};
  };
  auto [pre_l, pre_r] = contact(240, 300);
  feed(t, 5, pre_l, pre_r);
  EXPECT_FALSE(t.snapshot().has_baseline);

  t.begin_baseline();
  EXPECT_TRUE(t.baseline_recording());
  EXPECT_TRUE(t.snapshot().baseline_recording);
  auto [in_l, in_r] = contact(250, 255);
  feed(t, 6, in_l, in_r);
  ASSERT_TRUE(t.end_baseline());
  EXPECT_FALSE(t.baseline_recording());

  auto [post_l, post_r] = contact(200, 300);
  feed(t, 12, post_l, post_r);
  const SymVarStats& c = t.snapshot()[SymVar::kContactMs];
  EXPECT_DOUBLE_EQ(c.base_mean_l, 250.0);
  EXPECT_DOUBLE_EQ(c.base_mean_r, 255.0);
  EXPECT_EQ(c.base_n_l, 6u);
  EXPECT_EQ(c.base_n_r, 6u);
  EXPECT_NEAR(c.base_si_pct, 1.9802, 1e-3);  // 5 / 252.5
  EXPECT_NEAR(c.si_pct, 40.0, 1e-9);         // window: 100 / 250
  EXPECT_NEAR(c.si_change_pct, 40.0 - 1.9802, 1e-3);
  EXPECT_NEAR(c.pct_of_base_l, 80.0, 1e-9);  // 200 / 250
  ASSERT_TRUE(t.baseline().has_value());
  EXPECT_DOUBLE_EQ(t.baseline()->mean_l[sym_index(SymVar::kContactMs)], 250.0);

  // Closing again, or a block without a right step, leaves the baseline alone.
  EXPECT_FALSE(t.end_baseline());
  t.begin_baseline();
  StepResult only_left = make_step(Side::kLeft);
  only_left.contact_ms = 999;
  t.on_step(only_left);
  EXPECT_FALSE(t.end_baseline());
  EXPECT_FALSE(t.baseline_recording());
  EXPECT_DOUBLE_EQ(t.snapshot()[SymVar::kContactMs].base_mean_l, 250.0);

  // begin_baseline() restarts an open block.
  t.begin_baseline();
  feed(t, 3, pre_l, pre_r);
  t.begin_baseline();
  feed(t, 3, in_l, in_r);
  ASSERT_TRUE(t.end_baseline());
  EXPECT_DOUBLE_EQ(t.baseline()->mean_r[sym_index(SymVar::kContactMs)], 255.0);
  EXPECT_EQ(t.baseline()->n_r[sym_index(SymVar::kContactMs)], 3u);
}

TEST(SymmetryTracker, DeltaFlagFiresOnGrowthNotOnHabitualAsymmetry) {
  // A runner who habitually loads the right side 8 % more (SI +8 % peak force, docs/science.md §4:
  // thresholds relative to the runner's own baseline).
  SymmetryTracker both(peak_only(5, 5));
  SymmetryTracker delta_only(peak_only(kThresholdOff, 5));
  for (SymmetryTracker* t : {&both, &delta_only}) {
    t->begin_baseline();
    feed_peak(*t, 30, 2.0, right_for_si(2.0, 8.0));
    ASSERT_TRUE(t->end_baseline());
    feed_peak(*t, 10, 2.0, right_for_si(2.0, 9.0));  // unchanged habit, +1 point
  }
  SymmetrySnapshot s = both.snapshot();
  EXPECT_NEAR(s[SymVar::kPeakVgrfBw].base_si_pct, 8.0, 1e-9);
  EXPECT_NEAR(s[SymVar::kPeakVgrfBw].si_pct, 9.0, 1e-9);
  EXPECT_NEAR(s[SymVar::kPeakVgrfBw].si_change_pct, 1.0, 1e-9);
  EXPECT_EQ(s[SymVar::kPeakVgrfBw].flag, SymFlag::kAbsThreshold);  // 9 > 5, but Δ 1 ≤ 5
  EXPECT_EQ(delta_only.snapshot()[SymVar::kPeakVgrfBw].flag, SymFlag::kNone);

  for (SymmetryTracker* t : {&both, &delta_only}) {
    feed_peak(*t, 10, 2.0, right_for_si(2.0, 14.0));  // grew by 6 points
  }
  s = both.snapshot();
  EXPECT_EQ(s[SymVar::kPeakVgrfBw].flag, SymFlag::kBoth);
  EXPECT_EQ(s.flagged_mask, 1u << kPeak);
  EXPECT_EQ(delta_only.snapshot()[SymVar::kPeakVgrfBw].flag, SymFlag::kDeltaFromBaseline);
  EXPECT_EQ(delta_only.snapshot().flagged_mask, 1u << kPeak);
}

TEST(SymmetryTracker, DeltaFlagMeansAwayFromSymmetryNotAnyChange) {
  // Retraining aims at symmetry: a runner at SI +15 % in baseline who now runs at 0 % moved
  // 15 points but must not be flagged; one who crossed over to −9 % from +2 % must be.
  const auto run = [](double base_si, double now_si) {
    SymmetryTracker t(peak_only(kThresholdOff, 5));
    t.begin_baseline();
    feed_peak(t, 20, 2.0, right_for_si(2.0, base_si));
    t.end_baseline();
    feed_peak(t, 10, 2.0, right_for_si(2.0, now_si));
    return t.snapshot()[SymVar::kPeakVgrfBw];
  };
  const SymVarStats better = run(15, 0);
  EXPECT_NEAR(better.si_change_pct, -15.0, 1e-9);
  EXPECT_EQ(better.flag, SymFlag::kNone);
  EXPECT_EQ(run(8, -7.5).flag, SymFlag::kNone);  // smaller, on the other side
  EXPECT_EQ(run(2, -9).flag, SymFlag::kDeltaFromBaseline);
  EXPECT_EQ(run(-2, -8).flag, SymFlag::kDeltaFromBaseline);
  EXPECT_EQ(run(-2, -6).flag, SymFlag::kNone);  // grew by 4 ≤ 5
}

TEST(SymmetryTracker, NoFlagUntilTheWindowIsFull) {
  SymmetryTrackerConfig cfg;
  cfg.window_strides = 4;
  cfg.min_values_per_side = 1;
  SymmetryTracker t(cfg);
  feed_peak(t, 3, 2.0, 3.0);  // SI 40 % ≫ the 20 % default
  StepResult l = make_step(Side::kLeft);
  l.peak_vgrf_bw = 2.0;
  t.on_step(l);  // 4 left, 3 right
  SymmetrySnapshot s = t.snapshot();
  EXPECT_FALSE(s.window_full);
  EXPECT_NEAR(s[SymVar::kPeakVgrfBw].si_pct, 40.0, 1e-9);  // reported, not flagged
  EXPECT_EQ(s[SymVar::kPeakVgrfBw].flag, SymFlag::kNone);
  EXPECT_EQ(s.flagged_mask, 0u);
  StepResult r = make_step(Side::kRight);
  r.peak_vgrf_bw = 3.0;
  t.on_step(r);
  s = t.snapshot();
  EXPECT_TRUE(s.window_full);
  EXPECT_EQ(s[SymVar::kPeakVgrfBw].flag, SymFlag::kAbsThreshold);
  EXPECT_EQ(s.flagged_mask, 1u << kPeak);
}

TEST(SymmetryTracker, UnknownSideStepsAreIgnored) {
  SymmetryTrackerConfig cfg;
  cfg.window_strides = 4;
  SymmetryTracker t(cfg);
  feed_peak(t, 4, 2.0, 2.4);
  const SymmetrySnapshot before = t.snapshot();
  for (int i = 0; i < 10; ++i) {
    StepResult u = make_step(Side::kUnknown);
    u.peak_vgrf_bw = 9.0;
    u.contact_ms = 999;
    t.on_step(u);
  }
  const SymmetrySnapshot after = t.snapshot();
  EXPECT_EQ(after.unknown_side_steps, 10u);
  EXPECT_EQ(after.steps_l, 4u);
  EXPECT_EQ(after.steps_r, 4u);
  EXPECT_DOUBLE_EQ(after[SymVar::kPeakVgrfBw].si_pct, before[SymVar::kPeakVgrfBw].si_pct);
  EXPECT_DOUBLE_EQ(after[SymVar::kContactMs].mean_l, 250.0);
  EXPECT_DOUBLE_EQ(after[SymVar::kContactMs].mean_r, 250.0);
}

TEST(SymmetryTracker, NonFiniteValuesAreNotCounted) {
  SymmetryTrackerConfig cfg;
  cfg.window_strides = 4;
  cfg.min_values_per_side = 1;
  for (auto& th : cfg.thresholds) th = {1.0, kThresholdOff};
  SymmetryTracker t(cfg);
  // Left impact peak on strides 0 and 2 only; no flight time on the right; an Inf braking
  // impulse on one left step.
  feed(
      t, 4,
      [](StepResult& s, int k) {
        s.impact_peak_bw = k % 2 ? kNaN : 1.5;
        if (k == 1) s.braking_impulse_bw_s = std::numeric_limits<double>::infinity();
      },
      [](StepResult& s, int) {
        s.impact_peak_bw = 1.8;
        s.flight_ms = kNaN;
      });
  SymmetrySnapshot s = t.snapshot();
  const SymVarStats& ip = s[SymVar::kImpactPeakBw];
  EXPECT_EQ(ip.n_l, 2u);
  EXPECT_EQ(ip.n_r, 4u);
  EXPECT_DOUBLE_EQ(ip.mean_l, 1.5);
  EXPECT_NEAR(ip.si_pct, 18.1818, 1e-3);  // 0.3 / 1.65
  EXPECT_EQ(s[SymVar::kBrakingImpulseBwS].n_l, 3u);
  EXPECT_DOUBLE_EQ(s[SymVar::kBrakingImpulseBwS].mean_l, 0.03);
  const SymVarStats& fl = s[SymVar::kFlightMs];
  EXPECT_EQ(fl.n_r, 0u);
  EXPECT_TRUE(std::isnan(fl.mean_r));
  EXPECT_TRUE(std::isnan(fl.si_pct));
  EXPECT_EQ(fl.flag, SymFlag::kNone);  // cannot be evaluated, even with a 1 % threshold
  // Once the NaN steps leave the window, the sums carry no trace of them.
  feed(
      t, 4, [](StepResult& sr, int) { sr.impact_peak_bw = 1.5; },
      [](StepResult& sr, int) {
        sr.impact_peak_bw = 1.8;
        sr.flight_ms = 120;
      });
  s = t.snapshot();
  EXPECT_EQ(s[SymVar::kImpactPeakBw].n_l, 4u);
  EXPECT_NEAR(s[SymVar::kImpactPeakBw].si_pct, 18.1818, 1e-3);
  EXPECT_NEAR(s[SymVar::kFlightMs].si_pct, 8.6957, 1e-3);  // 10 / 115
  EXPECT_NEAR(s[SymVar::kBrakingImpulseBwS].mean_l, 0.03, 1e-15);
}

TEST(SymmetryTracker, LoadingRatesAreComparedWithinOneMethodOnly) {
  SymmetryTrackerConfig cfg;
  cfg.window_strides = 6;
  cfg.min_values_per_side = 1;
  {
    // Left: 4 impact_20_80 (60 BW/s) + 2 fixed window (30); right: 5 impact (66) + 1 fixed (90).
    // Mixing would give SI (66·5 + 90 − 60·4 − 30·2)/… ; the tracker compares 60 vs 66.
    SymmetryTracker t(cfg);
    feed(
        t, 6,
        [](StepResult& s, int k) {
          if (k >= 4) {
            set_label(s, "fixed_3_12pct");
            s.valr_bw_s = 30;
            s.vilr_bw_s = 40;
          }
        },
        [](StepResult& s, int k) {
          s.valr_bw_s = 66;
          s.vilr_bw_s = 88;
          if (k == 5) {
            set_label(s, "fixed_3_12pct");
            s.valr_bw_s = 90;
          }
        });
    const SymmetrySnapshot s = t.snapshot();
    EXPECT_EQ(std::string_view(s.lr_method.data()), "impact_20_80");
    const SymVarStats& valr = s[SymVar::kValrBwS];
    EXPECT_EQ(valr.n_l, 4u);
    EXPECT_EQ(valr.n_r, 5u);
    EXPECT_DOUBLE_EQ(valr.mean_l, 60.0);
    EXPECT_DOUBLE_EQ(valr.mean_r, 66.0);
    EXPECT_NEAR(valr.si_pct, 9.5238, 1e-3);                 // 6 / 63
    EXPECT_NEAR(s[SymVar::kVilrBwS].si_pct, 9.5238, 1e-3);  // 80 vs 88
    EXPECT_EQ(s.lr_other_method_l, 2u);
    EXPECT_EQ(s.lr_other_method_r, 1u);
  }
  {
    // Left rearfoot, right forefoot: no same-method pair, so no loading-rate SI at all.
    SymmetryTrackerConfig tight = cfg;
    for (auto& th : tight.thresholds) th = {0.1, kThresholdOff};
    SymmetryTracker t(tight);
    feed(
        t, 6, [](StepResult&, int) {},
        [](StepResult& s, int) {
          set_label(s, "fixed_3_12pct");
          s.valr_bw_s = 90;
        });
    const SymmetrySnapshot s = t.snapshot();
    EXPECT_TRUE(std::isnan(s[SymVar::kValrBwS].si_pct));
    EXPECT_EQ(s[SymVar::kValrBwS].flag, SymFlag::kNone);
    EXPECT_EQ(s[SymVar::kVilrBwS].flag, SymFlag::kNone);
    EXPECT_EQ(s.lr_other_method_l + s.lr_other_method_r, 6u);
  }
  {
    // Baseline measured impact_20_80; the runner now lands forefoot (fixed window). Loading
    // rates are not compared with the baseline, other variables are.
    SymmetryTracker t(cfg);
    t.begin_baseline();
    feed(
        t, 10, [](StepResult&, int) {}, [](StepResult& s, int) { s.valr_bw_s = 70; });
    ASSERT_TRUE(t.end_baseline());
    EXPECT_EQ(std::string_view(t.baseline()->lr_method.data()), "impact_20_80");
    const auto forefoot = [](StepResult& s, int) {
      set_label(s, "fixed_3_12pct");
      s.valr_bw_s = 40;
    };
    feed(t, 6, forefoot, forefoot);
    const SymmetrySnapshot s = t.snapshot();
    EXPECT_EQ(std::string_view(s.lr_method.data()), "fixed_3_12pct");
    EXPECT_EQ(std::string_view(s.baseline_lr_method.data()), "impact_20_80");
    EXPECT_DOUBLE_EQ(s[SymVar::kValrBwS].si_pct, 0.0);
    EXPECT_TRUE(std::isnan(s[SymVar::kValrBwS].base_si_pct));
    EXPECT_TRUE(std::isnan(s[SymVar::kValrBwS].pct_of_base_l));
    EXPECT_EQ(s[SymVar::kValrBwS].base_n_l, 0u);
    EXPECT_DOUBLE_EQ(s[SymVar::kPeakVgrfBw].base_mean_l, 2.5);
  }
  {
    // "none" (invalid stance) and empty labels are not measurements.
    SymmetryTracker t(cfg);
    const auto unlabeled = [](StepResult& s, int k) {
      set_label(s, k % 2 ? "none" : "");
      s.valr_bw_s = 500;
    };
    feed(t, 6, unlabeled, unlabeled);
    const SymmetrySnapshot s = t.snapshot();
    EXPECT_EQ(s[SymVar::kValrBwS].n_l + s[SymVar::kValrBwS].n_r, 0u);
    EXPECT_EQ(s.lr_method[0], '\0');
  }
}

TEST(SymmetryTracker, TargetsAsPercentOfBaseline) {
  // Crowell & Davis 2010 retrain to 50 % of the baseline loading rate (docs/science.md §6).
  SymmetryTracker t;
  t.begin_baseline();
  feed(
      t, 20, [](StepResult& s, int) { s.valr_bw_s = 60; },
      [](StepResult& s, int) { s.valr_bw_s = 70; });
  t.end_baseline();
  feed(
      t, 10, [](StepResult& s, int) { s.valr_bw_s = 30; },
      [](StepResult& s, int) { s.valr_bw_s = 42; });
  const SymVarStats& v = t.snapshot()[SymVar::kValrBwS];
  EXPECT_NEAR(v.pct_of_base_l, 50.0, 1e-9);
  EXPECT_NEAR(v.pct_of_base_r, 60.0, 1e-9);
}

TEST(SymmetryTracker, RestoredBaselineBehavesLikeARecordedOne) {
  SymmetryTracker recorded(peak_only(kThresholdOff, 5));
  recorded.begin_baseline();
  feed_peak(recorded, 20, 2.0, right_for_si(2.0, 3.0));
  ASSERT_TRUE(recorded.end_baseline());

  SymmetryTracker restored(peak_only(kThresholdOff, 5));
  restored.set_baseline(*recorded.baseline());
  for (SymmetryTracker* t : {&recorded, &restored}) feed_peak(*t, 10, 2.0, 2.4);
  const SymmetrySnapshot a = recorded.snapshot(), b = restored.snapshot();
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    SCOPED_TRACE(std::string(kSymVarNames[i]));
    EXPECT_EQ(a.vars[i].base_n_l, b.vars[i].base_n_l);
    EXPECT_DOUBLE_EQ(a.vars[i].base_mean_r, b.vars[i].base_mean_r);
    EXPECT_EQ(a.vars[i].flag, b.vars[i].flag);
  }
  EXPECT_EQ(b[SymVar::kPeakVgrfBw].flag, SymFlag::kDeltaFromBaseline);  // 3 → 18.2
  EXPECT_EQ(std::string_view(b.baseline_lr_method.data()), "impact_20_80");
  restored.clear_baseline();
  EXPECT_FALSE(restored.snapshot().has_baseline);
  EXPECT_EQ(restored.snapshot()[SymVar::kPeakVgrfBw].flag, SymFlag::kNone);
}

TEST(SymmetryTracker, OnStepAndSnapshotDoNotAllocate) {
  SymmetryTracker t;  // construction may allocate; nothing after it does
  StepResult steps[4] = {make_step(Side::kLeft), make_step(Side::kRight), make_step(Side::kUnknown),
                         make_step(Side::kRight)};
  set_label(steps[1], "fixed_3_12pct");
  steps[3].impact_peak_bw = kNaN;
  std::uint32_t sink = 0;
  test::AllocationScope scope;
  for (int i = 0; i < 2000; ++i) {
    if (i == 100) t.begin_baseline();
    if (i == 600) t.end_baseline();
    StepResult s = steps[i % 4];
    s.peak_vgrf_bw += 0.001 * (i % 7);
    t.on_step(s);
    const SymmetrySnapshot snap = t.snapshot();
    sink += snap.flagged_mask + snap.steps_l;
  }
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_GT(sink, 0u);
}

TEST(SymmetryTracker, ConfigErrorsNameTheField) {
  const auto error = [](const std::function<void(SymmetryTrackerConfig&)>& edit) {
    SymmetryTrackerConfig cfg;
    edit(cfg);
    return what_of([&] { SymmetryTracker t(cfg); });
  };
  EXPECT_NE(error([](auto& c) { c.window_strides = 0; }).find("window_strides = 0"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) { c.window_strides = 65; }).find("window_strides = 65"),
            std::string::npos);
  SymmetryTrackerConfig auto_min;
  auto_min.window_strides = 3;  // min_values_per_side 0 = half the window, rounded up
  EXPECT_EQ(SymmetryTracker(auto_min).config().min_values_per_side, 2u);
  EXPECT_EQ(SymmetryTracker().config().min_values_per_side, 5u);
  EXPECT_NE(error([](auto& c) { c.min_values_per_side = 11; }).find("min_values_per_side = 11"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) {
              c.thresholds[kPeak].abs_si_pct = -1;
            }).find("thresholds[peak_vgrf_bw].abs_si_pct = -1"),
            std::string::npos);
  EXPECT_NE(error([](auto& c) {
              c.thresholds[sym_index(SymVar::kValrBwS)].delta_from_baseline_si_pct = kNaN;
            }).find("thresholds[valr_bw_s].delta_from_baseline_si_pct"),
            std::string::npos);
  EXPECT_EQ(error([](auto& c) {
              c.thresholds[kPeak] = {kThresholdOff, kThresholdOff};
            }),
            "(no std::invalid_argument thrown)");

  SymmetryTracker t;
  SymmetryBaseline b;
  b.mean_l[sym_index(SymVar::kContactMs)] = 250;  // n_l still 0
  EXPECT_NE(what_of([&] { t.set_baseline(b); }).find("mean_l[contact_ms]"), std::string::npos);
  SymmetryBaseline lr;
  lr.mean_r[sym_index(SymVar::kValrBwS)] = 60;
  lr.n_r[sym_index(SymVar::kValrBwS)] = 40;  // but no method named
  EXPECT_NE(what_of([&] { t.set_baseline(lr); }).find("lr_method"), std::string::npos);
  EXPECT_FALSE(t.baseline().has_value());
}

TEST(SymmetryTracker, DefaultThresholdsAreTwiceGirard2019HealthyMeans) {
  // Girard et al. 2019 (Front Sports Act Living 1:36) symmetry angles of healthy runners,
  // converted to SI through the SA definition: L/R = tan(45° − 0.9°·SA).
  const struct {
    SymVar var;
    double sa_pct;
  } sources[] = {{SymVar::kContactMs, 0.6},
                 {SymVar::kFlightMs, 1.7},
                 {SymVar::kStepMs, 0.7},
                 {SymVar::kPeakVgrfBw, 3.2},
                 {SymVar::kValrBwS, 5.3},
                 {SymVar::kBrakingImpulseBwS, 3.7},
                 {SymVar::kPropulsiveImpulseBwS, 2.1}};
  for (const auto& src : sources) {
    SCOPED_TRACE(std::string(sym_var_name(src.var)));
    const double ratio = std::tan((45.0 - 0.9 * src.sa_pct) * std::numbers::pi / 180.0);
    ASSERT_NEAR(symmetry_angle_pct(ratio, 1.0), src.sa_pct, 1e-9);
    const double si = symmetry_index_pct(ratio, 1.0);
    const SymThresholds& t = kDefaultSymThresholds[sym_index(src.var)];
    EXPECT_DOUBLE_EQ(t.abs_si_pct, std::round(2.0 * si));
    EXPECT_DOUBLE_EQ(t.delta_from_baseline_si_pct, t.abs_si_pct);
  }
}

TEST(SymmetryTracker, NamesAreTheStepFieldNames) {
  EXPECT_EQ(sym_var_name(SymVar::kContactMs), "contact_ms");
  EXPECT_EQ(sym_var_name(SymVar::kValrBwS), "valr_bw_s");
  EXPECT_EQ(sym_var_name(SymVar::kPropulsiveImpulseBwS), "propulsive_impulse_bw_s");
  std::set<std::string_view> unique(kSymVarNames.begin(), kSymVarNames.end());
  EXPECT_EQ(unique.size(), kSymVarCount);
  EXPECT_EQ(sym_flag_name(SymFlag::kBoth), "both");
  EXPECT_EQ(sym_flag_name(SymFlag::kDeltaFromBaseline), "delta_from_baseline");
}
