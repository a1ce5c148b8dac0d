// Scripted changes of the simulated runner (Runner::schedule, runner_script.hpp): the step truth
// follows each change, steps and ramps compose as documented, bad schedules fail with typed
// errors that name the field, and the run stays deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "runner_test_support.hpp"
#include "stridecue/sim/runner_fields.hpp"

namespace stridecue::sim {
namespace {

using test::quiet;
using test::steps_until;

constexpr TimeNs kMs = kNsPerMs;

// Fields defined here, not taken from runner_fields(): the tests pin the runner's behaviour
// independently of the name table.
const RunnerField kRightDrop{"right.pelvic_drop_deg", "deg",
                             [](RunnerConfig& c) -> double& { return c.right.pelvic_drop_deg; }};
const RunnerField kCadence{"cadence_spm", "steps/min",
                           [](RunnerConfig& c) -> double& { return c.cadence_spm; }};
const RunnerField kContact{"contact_time_s", "s",
                           [](RunnerConfig& c) -> double& { return c.contact_time_s; }};
const RunnerField kMass{"body_mass_kg", "kg",
                        [](RunnerConfig& c) -> double& { return c.body_mass_kg; }};
const RunnerField kMountZ{"mount_misalignment_z_deg", "deg",
                          [](RunnerConfig& c) -> double& { return c.mount_misalignment_deg[2]; }};
const RunnerField kNoise{"force_noise_n", "N",
                         [](RunnerConfig& c) -> double& { return c.force_noise_n; }};
const RunnerField kDriftRate{"zero_drift_n_per_min", "N/min",
                             [](RunnerConfig& c) -> double& { return c.zero_drift_n_per_min; }};
const RunnerField kRinging{"flight_ringing_n", "N",
                           [](RunnerConfig& c) -> double& { return c.flight_ringing_n; }};
const RunnerField kTiltGain{"late_stance_tilt_gain_deg", "deg",
                            [](RunnerConfig& c) -> double& { return c.late_stance_tilt_gain_deg; }};
const RunnerField kSpeed{"speed_mps", "m/s",
                         [](RunnerConfig& c) -> double& { return c.speed_mps; }};

ScriptedChange change(const RunnerField& f, double at_s, double ramp_s, double value) {
  return ScriptedChange{at_s, ramp_s, &f, value};
}

// No variability: the truth of each step is exactly the config in effect at its IC.
RunnerConfig exact() {
  RunnerConfig c = quiet();
  c.variability_cv = 0.0;
  c.right.pelvic_drop_deg = 8.0;
  return c;
}

// Largest drop of the swing side between IC and TO, measured on the pelvis track.
double measured_drop(Runner& r, const StepTruth& s) {
  const double sign = s.side == Side::kRight ? 1.0 : -1.0;
  const double obl_ic = r.pelvis_at(s.t_ic_ns).obliquity_deg;
  double drop = 0;
  for (TimeNs t = s.t_ic_ns; t <= s.t_to_ns; t += kMs / 4) {
    drop = std::max(drop, sign * (r.pelvis_at(t).obliquity_deg - obl_ic));
  }
  return drop;
}

TEST(RunnerScript, StepChangeOfPelvicDropReachesEveryLaterRightStance) {
  // "Right pelvic drop shrinks from 8° to 3° after a cue at 30 s."
  Runner r(exact(), 1);
  r.schedule(change(kRightDrop, 30.0, 0.0, 3.0));
  int before = 0, after = 0;
  for (const StepTruth& s : steps_until(r, 60 * kNsPerS)) {
    const double t = ns_to_s(s.t_ic_ns);
    if (s.side == Side::kLeft) {
      ASSERT_NEAR(s.pelvic_drop_deg, 5.0, 1e-9) << "left untouched";
    } else {
      ASSERT_NEAR(s.pelvic_drop_deg, t < 30.0 ? 8.0 : 3.0, 1e-9) << "step at " << t << " s";
      (t < 30.0 ? before : after)++;
    }
    // The pelvis track does what the truth says, across the change too.
    if (std::abs(t - 30.0) < 3.0) {
      ASSERT_NEAR(measured_drop(r, s), s.pelvic_drop_deg, 2e-3);
    }
  }
  EXPECT_GT(before, 40);
  EXPECT_GT(after, 40);
  EXPECT_EQ(r.config_at(s_to_ns(29.9)).right.pelvic_drop_deg, 8.0);
  EXPECT_EQ(r.config_at(s_to_ns(30.0)).right.pelvic_drop_deg, 3.0);
  EXPECT_EQ(r.config().right.pelvic_drop_deg, 8.0) << "the base config is kept";
}

TEST(RunnerScript, RampOfPelvicDropIsLinearInTheTimeOfInitialContact) {
  // 8° → 3° over 20 s from 60 s.
  Runner r(exact(), 2);
  r.schedule(change(kRightDrop, 60.0, 20.0, 3.0));
  double prev = 1e9;
  int in_ramp = 0;
  for (const StepTruth& s : steps_until(r, 90 * kNsPerS)) {
    if (s.side != Side::kRight) continue;
    const double t = ns_to_s(s.t_ic_ns);
    const double expect = 8.0 - 5.0 * std::clamp((t - 60.0) / 20.0, 0.0, 1.0);
    ASSERT_NEAR(s.pelvic_drop_deg, expect, 1e-6) << "step at " << t << " s";
    ASSERT_LE(s.pelvic_drop_deg, prev + 1e-12);
    prev = s.pelvic_drop_deg;
    in_ramp += t > 60.0 && t < 80.0;
    if (t > 60.0 && t < 62.0) {
      ASSERT_NEAR(measured_drop(r, s), s.pelvic_drop_deg, 2e-3);
    }
  }
  EXPECT_GT(in_ramp, 25);
}

TEST(RunnerScript, PelvisRangesFollowTheirChanges) {
  // After a change the pelvis ranges per stride are those of the new config (docs/science.md §2
  // relations of runner_plan.cpp), not of the base: obliquity ROM = max(mean drop + extra,
  // max drop) = 10° → 7.5°, tilt ROM 7° → 6°, rotation ROM 12° → 16°, tilt rise 2° → 4°.
  const RunnerField tilt_rom{"tilt_rom_deg", "deg",
                             [](RunnerConfig& c) -> double& { return c.tilt_rom_deg; }};
  const RunnerField rot_rom{"rotation_rom_deg", "deg",
                            [](RunnerConfig& c) -> double& { return c.rotation_rom_deg; }};
  Runner r(exact(), 9);
  r.schedule(change(kRightDrop, 20.0, 0.0, 3.0));
  r.schedule(change(tilt_rom, 20.0, 0.0, 6.0));
  r.schedule(change(kTiltGain, 20.0, 0.0, 4.0));
  r.schedule(change(rot_rom, 20.0, 0.0, 16.0));
  auto range = [&r](double from_s, double to_s, double PelvisState::*angle) {
    double lo = 1e9, hi = -1e9;
    for (TimeNs t = s_to_ns(from_s); t < s_to_ns(to_s); t += kMs / 4) {
      const double v = r.pelvis_at(t).*angle;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    return hi - lo;
  };
  EXPECT_NEAR(range(12, 14, &PelvisState::obliquity_deg), 10.0, 1e-3);
  EXPECT_NEAR(range(30, 32, &PelvisState::obliquity_deg), 7.5, 1e-3);
  EXPECT_NEAR(range(12, 14, &PelvisState::tilt_deg), 7.0, 1e-3);
  EXPECT_NEAR(range(30, 32, &PelvisState::tilt_deg), 6.0, 1e-3);
  EXPECT_NEAR(range(12, 14, &PelvisState::rotation_deg), 12.0, 1e-3);
  EXPECT_NEAR(range(30, 32, &PelvisState::rotation_deg), 16.0, 1e-3);
  for (const StepTruth& s : steps_until(r, 40 * kNsPerS)) {
    const double expect = ns_to_s(s.t_ic_ns) < 20.0 ? 2.0 : 4.0;
    ASSERT_NEAR(s.tilt_rise_deg, expect, 1e-9);
    const TimeNs mid = s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) / 2;
    ASSERT_NEAR(r.pelvis_at(s.t_to_ns).tilt_deg - r.pelvis_at(mid).tilt_deg, expect, 1e-9);
  }
}

TEST(RunnerScript, CadenceChangeSetsTheStepTimes) {
  Runner r(exact(), 3);
  r.schedule(change(kCadence, 20.0, 0.0, 180.0));
  const auto steps = steps_until(r, 40 * kNsPerS);
  int after = 0;
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    const double t = ns_to_s(steps[i].t_ic_ns);
    const double step_s = ns_to_s(steps[i + 1].t_ic_ns - steps[i].t_ic_ns);
    ASSERT_NEAR(step_s, 60.0 / (t < 20.0 ? 170.0 : 180.0), 2e-9) << "step at " << t << " s";
    after += t >= 20.0;
  }
  EXPECT_GT(after, 50);
}

TEST(RunnerScript, ALargeCadenceDropKeepsEveryQueryAnswerable) {
  // The runner plans ≈ 4 steps ahead; after a drop from 240 to 40 steps/min those steps are
  // six times longer, and the pelvis tracks must still reach every queried time.
  RunnerConfig c = quiet();
  c.cadence_spm = 240;
  c.contact_time_s = 0.2;
  Runner r(c, 10);
  r.schedule(change(kCadence, 5.0, 0.0, 40.0));
  std::array<PlateWrench, 2> w{};
  for (TimeNs t = 0; t < 30 * kNsPerS; t += kMs) {
    ASSERT_NO_THROW(r.plates_at(t, w)) << ns_to_s(t);
    ASSERT_NO_THROW((void)r.imu_at(t)) << ns_to_s(t);
  }
  EXPECT_LT(steps_until(r, 30 * kNsPerS).size(), 5 * 4 + 25 * 40 / 60 + 2u);
}

TEST(RunnerScript, ChangesOfOneFieldComposeInOrderOfStart) {
  // A ramp 8 → 3 over [20, 40] s is overtaken at 30 s (at 5.5°) by a step to 6°. Scheduled
  // out of order on purpose.
  Runner r(exact(), 4);
  r.schedule(change(kRightDrop, 30.0, 0.0, 6.0));
  r.schedule(change(kRightDrop, 20.0, 20.0, 3.0));
  auto drop = [&r](double t_s) { return r.config_at(s_to_ns(t_s)).right.pelvic_drop_deg; };
  EXPECT_EQ(drop(19.0), 8.0);
  EXPECT_NEAR(drop(25.0), 6.75, 1e-12);
  EXPECT_NEAR(drop(29.999), 5.50025, 1e-9);
  EXPECT_EQ(drop(30.0), 6.0);
  EXPECT_EQ(drop(100.0), 6.0);
  // A second ramp starts from wherever the first had got to.
  Runner q(exact(), 4);
  q.schedule(change(kRightDrop, 20.0, 20.0, 3.0));
  q.schedule(change(kRightDrop, 30.0, 10.0, 8.0));
  EXPECT_NEAR(q.config_at(s_to_ns(35.0)).right.pelvic_drop_deg, 5.5 + 0.5 * 2.5, 1e-9);
  EXPECT_EQ(q.config_at(s_to_ns(45.0)).right.pelvic_drop_deg, 8.0);
}

TEST(RunnerScript, AChangeScheduledAfterTheRunnerPlannedPastItThrowsLogicError) {
  Runner r(exact(), 5);
  // Right after construction only the first step is planned.
  EXPECT_EQ(r.planned_until_ns(), r.first_contact_ns());
  EXPECT_NO_THROW(r.schedule(change(kRightDrop, ns_to_s(r.first_contact_ns()) + 0.001, 0, 4)));
  (void)r.pelvis_at(10 * kNsPerS);
  EXPECT_GT(r.planned_until_ns(), 10 * kNsPerS);
  for (const double at : {5.0, 10.0}) {
    try {
      r.schedule(change(kCadence, at, 1.0, 175.0));
      ADD_FAILURE() << "no exception at " << at;
    } catch (const std::logic_error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("cadence_spm"), std::string::npos) << msg;
      EXPECT_NE(msg.find("too late"), std::string::npos) << msg;
      EXPECT_NE(msg.find("planned up to"), std::string::npos) << msg;
    }
  }
  EXPECT_NO_THROW(r.schedule(change(kCadence, 30.0, 1.0, 175.0)));
}

TEST(RunnerScript, FieldsFixedAtConstructionCannotBeScheduled) {
  for (const RunnerField* f : {&kMass, &kMountZ}) {
    Runner r(exact(), 6);
    try {
      r.schedule(change(*f, 10.0, 0.0, 1.0));
      ADD_FAILURE() << "no exception for " << f->name;
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(std::string(f->name)), std::string::npos) << msg;
      EXPECT_NE(msg.find("cannot change during a run"), std::string::npos) << msg;
    }
  }
  Runner r(exact(), 6);
  EXPECT_THROW(r.schedule(ScriptedChange{10.0, 0.0, nullptr, 1.0}), std::invalid_argument);
  EXPECT_THROW(r.schedule(change(kCadence, -1.0, 0.0, 170.0)), std::invalid_argument);
  EXPECT_THROW(r.schedule(change(kCadence, 10.0, std::nan(""), 170.0)), std::invalid_argument);
  EXPECT_THROW(r.schedule(change(kCadence, 10.0, 0.0, INFINITY)), std::invalid_argument);
}

TEST(RunnerScript, AnInvalidTargetThrowsNamingFieldTimeAndValueAndIsNotKept) {
  Runner r(exact(), 7);
  try {
    r.schedule(change(kRightDrop, 12.5, 0.0, 20.0));
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    for (const char* part : {"right.pelvic_drop_deg", "20", "t = 12.5 s", "[0, 15]"}) {
      EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' not in: " << msg;
    }
  }
  EXPECT_EQ(r.config_at(100 * kNsPerS).right.pelvic_drop_deg, 8.0) << "the change was dropped";
  // Coupled limits: a cadence that leaves no flight for the contact time, reached mid-ramp.
  try {
    r.schedule(change(kCadence, 20.0, 10.0, 235.0));
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    for (const char* part : {"cadence_spm", "contact_time_s", "step time"}) {
      EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' not in: " << msg;
    }
  }
  // ...which a shorter contact scheduled first makes valid.
  EXPECT_NO_THROW(r.schedule(change(kContact, 20.0, 10.0, 0.2)));
  EXPECT_NO_THROW(r.schedule(change(kCadence, 20.0, 10.0, 235.0)));
  // A gain above the tilt range is a coupled limit too.
  try {
    r.schedule(change(kTiltGain, 40.0, 5.0, 9.0));
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("late_stance_tilt_gain_deg"), std::string::npos);
  }
  const auto steps = steps_until(r, 60 * kNsPerS);
  EXPECT_GT(steps.size(), 150u);
}

TEST(RunnerScript, StepsBeforeAChangeAreUntouchedAndLaterOnesKeepTheirRandomDraws) {
  // Same seed with and without a change of speed (which moves only the COP): every step's
  // times, peaks and drops are identical, so the change shifted no random draw.
  RunnerConfig c = quiet();
  Runner plain(c, 8), changed(c, 8);
  changed.schedule(change(kSpeed, 10.0, 5.0, 4.0));
  const auto a = steps_until(plain, 30 * kNsPerS), b = steps_until(changed, 30 * kNsPerS);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].t_ic_ns, b[i].t_ic_ns);
    ASSERT_EQ(a[i].t_to_ns, b[i].t_to_ns);
    ASSERT_EQ(a[i].peak_vgrf_bw, b[i].peak_vgrf_bw);
    ASSERT_EQ(a[i].pelvic_drop_deg, b[i].pelvic_drop_deg);
  }
  // The belt did speed up: the COP travels further back during a contact after 15 s.
  auto travel = [](Runner& r, const StepTruth& s) {
    std::array<PlateTruth, 2> p{}, q{};
    r.plates_truth_at(s.t_ic_ns + kMs, p);
    r.plates_truth_at(s.t_to_ns - kMs, q);
    const std::size_t i = s.side == Side::kLeft ? 0 : 1;
    return p[i].cop_x_m - q[i].cop_x_m;
  };
  const StepTruth& late = a[a.size() - 4];
  EXPECT_NEAR(travel(changed, late) - travel(plain, late),
              1.0 * ns_to_s(late.t_to_ns - late.t_ic_ns - 2 * kMs), 1e-6);
}

TEST(RunnerScript, DeterministicWithChangesWhateverTheCallPattern) {
  RunnerConfig c;  // with every noise source
  c.zero_drift_n_per_min = 3.0;
  c.flight_ringing_n = 40.0;
  auto make = [&c](bool reversed) {
    Runner r(c, 11);
    std::vector<ScriptedChange> script = {
        change(kRightDrop, 10.0, 5.0, 2.0), change(kCadence, 12.0, 0.0, 180.0),
        change(kNoise, 8.0, 0.0, 4.0), change(kDriftRate, 9.0, 3.0, 30.0),
        change(kRinging, 14.0, 0.0, 90.0)};
    if (reversed) std::reverse(script.begin(), script.end());
    for (const ScriptedChange& s : script) r.schedule(s);
    return r;
  };
  Runner a = make(false), b = make(true), coarse = make(false);
  std::vector<PlateWrench> wa, wb;
  std::vector<ImuReading> ia, ib;
  for (TimeNs t = 0; t < 25 * kNsPerS; t += kMs) {
    std::array<PlateWrench, 2> x{}, y{};
    a.plates_at(t, x);
    b.plates_at(t, y);
    wa.insert(wa.end(), x.begin(), x.end());
    wb.insert(wb.end(), y.begin(), y.end());
    if (t % (2 * kMs) == 0) {
      ia.push_back(a.imu_at(t));
      ib.push_back(b.imu_at(t));
    }
  }
  ASSERT_EQ(wa.size(), wb.size());
  for (std::size_t i = 0; i < wa.size(); ++i) {
    ASSERT_EQ(wa[i].fz_n, wb[i].fz_n) << i;
    ASSERT_EQ(wa[i].mx_nm, wb[i].mx_nm) << i;
  }
  for (std::size_t i = 0; i < ia.size(); ++i) ASSERT_EQ(ia[i].gyro_rads, ib[i].gyro_rads) << i;
  // The truth does not depend on which functions were called or how often.
  const auto sa = steps_until(a, 25 * kNsPerS), sc = steps_until(coarse, 25 * kNsPerS);
  ASSERT_EQ(sa.size(), sc.size());
  for (std::size_t i = 0; i < sa.size(); ++i) {
    ASSERT_EQ(sa[i].t_ic_ns, sc[i].t_ic_ns);
    ASSERT_EQ(sa[i].pelvic_drop_deg, sc[i].pelvic_drop_deg);
  }
  EXPECT_EQ(a.pelvis_at(20 * kNsPerS).obliquity_deg, coarse.pelvis_at(20 * kNsPerS).obliquity_deg);
  EXPECT_EQ(a.zero_offset_n(1, 24 * kNsPerS), coarse.zero_offset_n(1, 24 * kNsPerS));
}

TEST(RunnerScript, NoiseFieldsChangeAtTheSampleTime) {
  RunnerConfig c = quiet();
  Runner r(c, 13);
  r.schedule(change(kNoise, 10.0, 0.0, 5.0));
  double sum2 = 0;
  int n = 0;
  for (TimeNs t = 9 * kNsPerS; t < 20 * kNsPerS; t += kMs) {
    std::array<PlateWrench, 2> w{};
    std::array<PlateTruth, 2> p{};
    r.plates_at(t, w);
    r.plates_truth_at(t, p);
    const double e = double(w[0].fz_n) - p[0].fz_n;
    if (t < 10 * kNsPerS) {
      ASSERT_NEAR(e, 0.0, 1e-3) << "no noise before the change";
    } else {
      sum2 += e * e;
      ++n;
    }
  }
  EXPECT_NEAR(std::sqrt(sum2 / n), 5.0, 0.15);
}

TEST(RunnerScript, DriftRateChangeBendsTheOffsetWithoutAJump) {
  RunnerConfig c = quiet();
  Runner r(c, 14);
  r.schedule(change(kDriftRate, 10.0, 0.0, 60.0));  // 1 N/s from 10 s
  r.schedule(change(kDriftRate, 20.0, 10.0, 0.0));  // back to 0 over 10 s: +5 N more
  for (int plate = 0; plate < 2; ++plate) {
    const double sign = r.zero_offset_n(plate, 20 * kNsPerS) > 0 ? 1.0 : -1.0;
    EXPECT_EQ(r.zero_offset_n(plate, 10 * kNsPerS), 0.0);
    EXPECT_NEAR(sign * r.zero_offset_n(plate, 15 * kNsPerS), 5.0, 1e-9);
    EXPECT_NEAR(sign * r.zero_offset_n(plate, 20 * kNsPerS), 10.0, 1e-9);
    EXPECT_NEAR(sign * r.zero_offset_n(plate, 25 * kNsPerS), 10.0 + 3.75, 1e-9);
    EXPECT_NEAR(sign * r.zero_offset_n(plate, 60 * kNsPerS), 15.0, 1e-9);
    // Continuous at the step of rate.
    EXPECT_NEAR(r.zero_offset_n(plate, 10 * kNsPerS + kMs), sign * 0.001, 1e-9);
  }
}

TEST(RunnerScript, RingingFollowsItsAmplitudePerStep) {
  RunnerConfig c = quiet();
  Runner r(c, 15);
  r.schedule(change(kRinging, 5.0, 0.0, 80.0));
  for (const StepTruth& s : steps_until(r, 10 * kNsPerS)) {
    std::array<PlateWrench, 2> w{};
    r.plates_at(s.t_to_ns + 6 * kMs, w);
    const float fz = w[s.side == Side::kLeft ? 0 : 1].fz_n;
    if (s.t_ic_ns < 5 * kNsPerS) {
      ASSERT_EQ(fz, 0.0f);
    } else {
      ASSERT_GT(fz, 50.0f);
    }
  }
}

TEST(RunnerScript, ALongerRingingDecayIsNotCutShort) {
  // Ringing is looked up over the last 10 time constants of the longest decay scheduled: with
  // T = 0.2 s the ringing of the plate's toe-offs of the last 2 s (10 T, then cut) all add up.
  const RunnerField decay{"ringing_decay_s", "s",
                          [](RunnerConfig& c) -> double& { return c.ringing_decay_s; }};
  RunnerConfig c = quiet();
  c.flight_ringing_n = 80.0;
  Runner r(c, 17);
  r.schedule(change(decay, 5.0, 0.0, 0.2));
  const auto steps = steps_until(r, 12 * kNsPerS);
  int checked = 0;
  for (const StepTruth& s : steps) {
    if (s.t_ic_ns < 8 * kNsPerS) continue;
    const TimeNs t = s.t_to_ns + 351 * kMs;  // the own plate is still in flight
    double expect = 0;
    for (const StepTruth& e : steps) {
      const double tau = ns_to_s(t - e.t_to_ns);
      if (e.side != s.side || tau < 0 || tau >= 2.0 || e.t_ic_ns < 5 * kNsPerS) continue;
      expect += 80.0 * std::exp(-tau / 0.2) * std::sin(2 * std::numbers::pi * 35 * tau);
    }
    std::array<PlateWrench, 2> w{};
    r.plates_at(t, w);
    ASSERT_NEAR(w[s.side == Side::kLeft ? 0 : 1].fz_n, expect, 1e-4);
    ++checked;
  }
  EXPECT_GT(checked, 8);
}

TEST(RunnerScript, RandomChangesKeepTheTruthExact) {
  // Random valid schedules of the step-level fields: every step still has flight, zero force
  // at its events, and the drop its truth reports.
  std::mt19937_64 g(77);
  auto uni = [&g](double a, double b) { return std::uniform_real_distribution<double>(a, b)(g); };
  const RunnerField* fields[] = {&kRightDrop, &kCadence, &kContact, &kTiltGain, &kSpeed};
  const double lo[] = {0, 150, 0.18, 0, 2};
  const double hi[] = {15, 230, 0.28, 7, 6};  // cadence > 222 leaves no flight for 0.25 s
  int scheduled = 0, refused = 0;
  for (int trial = 0; trial < 6; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    RunnerConfig c = quiet();
    c.variability_cv = uni(0, 0.05);
    c.left.impact_peak_bw = uni(0, 1) < 0.5 ? 0.0 : 1.6;
    Runner r(c, static_cast<std::uint64_t>(trial));
    for (int k = 0; k < 8; ++k) {
      const std::size_t f = static_cast<std::size_t>(uni(0, 5));
      try {
        r.schedule(
            change(*fields[f], uni(1, 20), uni(0, 1) < 0.4 ? 0.0 : uni(0, 8), uni(lo[f], hi[f])));
        ++scheduled;
      } catch (const std::invalid_argument&) {
        ++refused;  // e.g. a cadence too high for the contact time in effect
      }
    }
    const auto steps = steps_until(r, 30 * kNsPerS);
    ASSERT_GT(steps.size(), 60u);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const StepTruth& s = steps[i];
      if (i > 0) {
        ASSERT_GT(s.t_ic_ns, steps[i - 1].t_to_ns);
      }
      ASSERT_EQ(test::fz_total(r, s.t_ic_ns), 0.0);
      ASSERT_EQ(test::fz_total(r, s.t_to_ns), 0.0);
      ASSERT_NEAR(measured_drop(r, s), s.pelvic_drop_deg, 2e-3) << "step " << i;
      const double tilt_rise = r.pelvis_at(s.t_to_ns).tilt_deg -
                               r.pelvis_at(s.t_ic_ns + (s.t_to_ns - s.t_ic_ns) / 2).tilt_deg;
      ASSERT_NEAR(tilt_rise, s.tilt_rise_deg, 1e-9) << "step " << i;
    }
  }
  EXPECT_GT(scheduled, 30);
  EXPECT_GT(refused, 0);
}

TEST(RunnerScriptAllocation, QueriesUnderChangesDoNotAllocateInsideThePlannedHorizon) {
  RunnerConfig c;
  c.zero_drift_n_per_min = 5.0;
  c.flight_ringing_n = 60.0;
  Runner r(c, 16);
  r.schedule(change(kRightDrop, 5.0, 5.0, 3.0));
  r.schedule(change(kNoise, 6.0, 0.0, 3.0));
  r.schedule(change(kCadence, 8.0, 2.0, 176.0));
  std::array<PlateWrench, 2> w{};
  std::vector<StepTruth> steps;
  steps.reserve(128);
  r.plates_at(20 * kNsPerS, w);  // plans past 20 s
  const stridecue::test::AllocationScope scope;
  for (TimeNs t = 0; t < 20 * kNsPerS; t += kMs) {
    r.plates_at(t, w);
    if (t % (2 * kMs) == 0) (void)r.imu_at(t);
    r.take_completed_steps(t, steps);
  }
  EXPECT_EQ(scope.count(), 0u);
}

TEST(RunnerScriptAllocation, ValidateDoesNotAllocateOnSuccess) {
  // The runner validates the config of every step planned under changes.
  const RunnerConfig c;
  const RunnerConfig w = walking_config();
  const stridecue::test::AllocationScope scope;
  validate(c);
  validate(w);
  EXPECT_EQ(scope.count(), 0u);
}

}  // namespace
}  // namespace stridecue::sim
