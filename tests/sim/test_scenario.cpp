// Scenario files: every shipped scenario loads and differs the way its name says; bad files
// fail with the file, line, setting and fix.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "stridecue/sim/scenario.hpp"

using namespace stridecue;
using namespace stridecue::sim;

namespace {

const std::filesystem::path kDir = std::filesystem::path(STRIDECUE_SOURCE_DIR) / "config/scenarios";

Scenario shipped(const std::string& name) {
  return load_scenario(kDir / (name + ".yaml"));
}

/// The truth of every step of `seconds` of a scenario, straight from the runner.
std::vector<StepTruth> steps_of(const Scenario& s, double seconds) {
  Runner r(s.emulator.runner, s.emulator.seed);
  for (const auto& c : s.emulator.script) r.schedule(c);
  std::vector<StepTruth> out;
  r.take_completed_steps(s_to_ns(seconds), out);
  return out;
}

struct SideMeans {
  double peak[2] = {0, 0}, impact[2] = {0, 0}, drop[2] = {0, 0}, contact_ms[2] = {0, 0};
};
SideMeans means(const std::vector<StepTruth>& steps) {
  SideMeans m;
  int n[2] = {0, 0};
  for (const auto& s : steps) {
    const int k = s.side == Side::kLeft ? 0 : 1;
    m.peak[k] += s.peak_vgrf_bw;
    m.impact[k] += s.impact_peak_bw;
    m.drop[k] += s.pelvic_drop_deg;
    m.contact_ms[k] += ns_to_ms(s.t_to_ns - s.t_ic_ns);
    ++n[k];
  }
  for (int k = 0; k < 2; ++k) {
    m.peak[k] /= n[k];
    m.impact[k] /= n[k];
    m.drop[k] /= n[k];
    m.contact_ms[k] /= n[k];
  }
  return m;
}

std::string error_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "test.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Scenarios, EveryShippedScenarioLoads) {
  const auto names = list_scenarios(kDir);
  ASSERT_GE(names.size(), 5u);
  for (const auto& n : names) {
    EXPECT_NO_THROW({
      const Scenario s = shipped(n);
      EXPECT_EQ(s.name, n);
      EXPECT_FALSE(s.description.empty()) << n;
    }) << n;
  }
}

TEST(Scenarios, HealthyRunnerIsEvenAndWithinTheTypicalRanges) {
  const auto m = means(steps_of(shipped("healthy"), 60));
  EXPECT_NEAR(m.peak[0], m.peak[1], 0.05);
  EXPECT_NEAR(m.drop[0], m.drop[1], 0.4);
  for (int k = 0; k < 2; ++k) {
    EXPECT_GT(m.impact[k], 1.2);  // rearfoot: an impact peak
    EXPECT_GE(m.peak[k], 2.2);
    EXPECT_LE(m.peak[k], 3.1);
    EXPECT_GE(m.contact_ms[k], 170);
    EXPECT_LE(m.contact_ms[k], 280);
  }
}

TEST(Scenarios, RightPelvicDropIsLargerInRightStanceAndShrinksAfterTheCue) {
  const Scenario s = shipped("right-pelvic-drop");
  const auto steps = steps_of(s, 119);
  std::vector<StepTruth> before, after;
  for (const auto& st : steps) {
    if (st.t_ic_ns < s_to_ns(60)) before.push_back(st);
    if (st.t_ic_ns > s_to_ns(90)) after.push_back(st);
  }
  const auto b = means(before), a = means(after);
  EXPECT_GT(b.drop[1], b.drop[0] + 3.5);  // right stance ≈ 9°, left ≈ 4.5°
  EXPECT_NEAR(a.drop[1], 5.0, 0.6);       // after the scripted improvement
  EXPECT_NEAR(a.drop[0], b.drop[0], 0.5);
}

TEST(Scenarios, LeftAnkleRunnerOffloadsTheLeftLeg) {
  const auto m = means(steps_of(shipped("left-ankle-asymmetry"), 60));
  const double si = (m.peak[1] - m.peak[0]) / (0.5 * (m.peak[0] + m.peak[1])) * 100;
  EXPECT_GT(si, 10.0);
  EXPECT_GT(m.impact[1], m.impact[0] + 0.3);
  EXPECT_LT(m.contact_ms[0], m.contact_ms[1]);
}

TEST(Scenarios, ForefootStrikerHasNoImpactPeak) {
  const auto m = means(steps_of(shipped("forefoot"), 60));
  EXPECT_EQ(m.impact[0], 0.0);
  EXPECT_EQ(m.impact[1], 0.0);
  EXPECT_LT(m.contact_ms[0], 230);
}

TEST(Scenarios, WalkerHasDoubleSupport) {
  const auto steps = steps_of(shipped("walker"), 60);
  ASSERT_GT(steps.size(), 20u);
  int overlaps = 0;
  for (std::size_t i = 1; i < steps.size(); ++i)
    overlaps += steps[i].t_ic_ns < steps[i - 1].t_to_ns;
  EXPECT_EQ(overlaps, static_cast<int>(steps.size()) - 1);
  EXPECT_LT(means(steps).peak[0], 1.6);
}

TEST(Scenarios, FaultyLabConfiguresEveryLinkFault) {
  const Scenario s = shipped("faulty-lab");
  EXPECT_GT(s.emulator.plates_faults.corrupt_bytes_per_min, 0);
  EXPECT_GT(s.emulator.plates_faults.drop_frames_per_min, 0);
  EXPECT_NE(s.emulator.plates_faults.clock_drift_ppm, 0);
  EXPECT_EQ(s.emulator.plates_faults.stall.size(), 1u);
  EXPECT_EQ(s.emulator.imu_faults.unplug.size(), 2u);
  EXPECT_EQ(s.emulator.imu_faults.clock_jumps.size(), 1u);
}

TEST(ScenarioErrors, UnknownSettingNamesFileLineAndSuggestsTheFix) {
  const std::string e = error_of("name: x\nrunner:\n  cadance_spm: 170\n");
  EXPECT_NE(e.find("test.yaml:3:3"), std::string::npos) << e;
  EXPECT_NE(e.find("runner.cadance_spm: unknown setting; did you mean cadence_spm?"),
            std::string::npos)
      << e;
}

TEST(ScenarioErrors, NonNumbersOutOfRangeValuesAndBadWordsAreExplained) {
  EXPECT_NE(error_of("runner: {cadence_spm: fast}").find("'fast' is not a number"),
            std::string::npos);
  const std::string range = error_of("runner: {cadence_spm: 400}");
  EXPECT_NE(range.find("cadence_spm"), std::string::npos) << range;
  EXPECT_NE(error_of("runner: {belt: triple}").find("use split or single"), std::string::npos);
  EXPECT_NE(error_of("devices: {plates: {kind: strain}}").find("use force6 or loadcell"),
            std::string::npos);
  EXPECT_NE(error_of("faults: {plates: {unplug: [{at_s: 3}]}}").find("at_s and duration_s"),
            std::string::npos);
  EXPECT_NE(error_of("duration_s: -1").find("test.yaml:1:13: duration_s: '-1' is out of range"),
            std::string::npos);
  EXPECT_NE(error_of("runer: {}").find("did you mean runner?"), std::string::npos);
  EXPECT_NE(error_of("runner: [1, 2").find("not valid YAML"), std::string::npos);
  // NaN would pass every range check after parsing (regression): refused with its position.
  const std::string nan = error_of("runner: {cadence_spm: nan}");
  EXPECT_NE(nan.find("test.yaml:1:23: runner.cadence_spm: 'nan' is not a finite number"),
            std::string::npos)
      << nan;
}

TEST(ScenarioErrors, AKeyWrittenTwiceIsAnError) {
  const std::string e = error_of("runner:\n  cadence_spm: 170\n  cadence_spm: 180\n");
  EXPECT_NE(e.find("test.yaml:3:3: runner.cadence_spm: written twice (first on line 2)"),
            std::string::npos)
      << e;
}

TEST(ScenarioErrors, AScenarioThatIsADeviceIsRefused) {
  try {
    load_scenario("/dev/zero");
    ADD_FAILURE() << "/dev/zero accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a regular file"), std::string::npos) << e.what();
  }
}

TEST(ScenarioErrors, AScriptedChangeToAnInvalidValueIsRejectedAtLoad) {
  const std::string e = error_of("script:\n  - { at_s: 10, set: { right.active_peak_bw: 9 } }\n");
  EXPECT_NE(e.find("test.yaml:2:46: script[0].set.right.active_peak_bw: '9' at 10 s: out of "
                   "range; valid range is [1, 4] BW"),
            std::string::npos)
      << e;
}

TEST(ScenarioOverrides, SetKnobsLikeTheFileDoes) {
  Scenario s = shipped("healthy");
  apply_override(s, "right.pelvic_drop_deg=8");
  apply_override(s, "cadence_spm=175");
  apply_override(s, "belt=single");
  apply_override(s, "plates=loadcell");
  apply_override(s, "imu=off");
  EXPECT_DOUBLE_EQ(s.emulator.runner.right.pelvic_drop_deg, 8);
  EXPECT_DOUBLE_EQ(s.emulator.runner.cadence_spm, 175);
  EXPECT_EQ(s.emulator.runner.belt, Belt::kSingle);
  EXPECT_TRUE(s.emulator.load_cell_plates);
  EXPECT_FALSE(s.emulator.with_imu);
  EXPECT_THROW(apply_override(s, "cadence_spm"), ScenarioError);
  EXPECT_THROW(apply_override(s, "cadence_spm=1000"), ScenarioError);
  EXPECT_THROW(apply_override(s, "nonsense=1"), ScenarioError);
  EXPECT_DOUBLE_EQ(s.emulator.runner.cadence_spm, 175);  // a failed override changes nothing
}

TEST(ScenarioFiles, FindByNameOrPathAndListTheChoicesWhenMissing) {
  EXPECT_EQ(find_scenario("healthy", kDir), kDir / "healthy.yaml");
  EXPECT_EQ(find_scenario("healthy.yaml", kDir), kDir / "healthy.yaml");
  try {
    find_scenario("marathon", kDir);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("healthy"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_scenario("/nonexistent/x.yaml"), ScenarioError);
}

TEST(ScenarioErrors, TheRunnersOwnChecksPointAtTheLineAndEveryMistakeIsReported) {
  const std::string e = error_of(
      "runner:\n"
      "  cadence_spm: 300\n"
      "  left: {pelvic_drop_deg: 40}\n"
      "seed: -3\n");
  // Parse-time mistakes first (all of them); the runner's checks once those are fixed.
  EXPECT_NE(e.find("test.yaml:4:7: seed: '-3' is not a whole number"), std::string::npos) << e;
  const std::string range = error_of("runner:\n  speed_mps: 3\n  cadence_spm: 300\n");
  EXPECT_NE(range.find("test.yaml:3:16: runner.cadence_spm: '300': out of range; valid range is "
                       "[40, 240] steps/min"),
            std::string::npos)
      << range;
  const std::string side = error_of("runner:\n  left: {pelvic_drop_deg: 40}\n");
  EXPECT_NE(side.find("test.yaml:2:27: runner.left.pelvic_drop_deg: '40': out of range"),
            std::string::npos)
      << side;
}
