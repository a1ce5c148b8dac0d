// Configuration errors: each names the field, the value and the valid range (STYLE.md rule 7).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "stridecue/sim/runner.hpp"

namespace stridecue::sim {
namespace {

struct BadCase {
  const char* name;
  std::function<void(RunnerConfig&)> mutate;
  std::vector<std::string> expect_in_message;
};

std::vector<BadCase> bad_cases() {
  return {
      {"negative mass",
       [](RunnerConfig& c) { c.body_mass_kg = -70; },
       {"body_mass_kg", "-70", "[20, 250]"}},
      {"cadence too high",
       [](RunnerConfig& c) { c.cadence_spm = 300; },
       {"cadence_spm", "300", "[40, 240]"}},
      {"cadence too low", [](RunnerConfig& c) { c.cadence_spm = 20; }, {"cadence_spm", "20"}},
      {"NaN cadence",
       [](RunnerConfig& c) { c.cadence_spm = std::nan(""); },
       {"cadence_spm", "nan"}},
      {"contact longer than the step when running",
       [](RunnerConfig& c) { c.contact_time_s = 0.40; },
       {"contact_time_s", "0.4", "step time", "Gait::kWalk"}},
      {"contact scale pushes one side past the step",
       [](RunnerConfig& c) {
         c.contact_time_s = 0.28;
         c.right.contact_scale = 1.3;
       },
       {"contact_time_s", "right.contact_scale"}},
      {"walking contact shorter than the step",
       [](RunnerConfig& c) {
         c = walking_config();
         c.contact_time_s = 0.4;
       },
       {"contact_time_s", "double support"}},
      {"walking with running peaks",
       [](RunnerConfig& c) { c.gait = Gait::kWalk; },
       {"left.active_peak_bw", "2.5", "walking_config()"}},
      {"variability",
       [](RunnerConfig& c) { c.variability_cv = 0.5; },
       {"variability_cv", "0.5", "[0, 0.1]"}},
      {"impact above the active peak",
       [](RunnerConfig& c) { c.right.impact_peak_bw = 2.6; },
       {"right.impact_peak_bw", "2.6"}},
      {"impact time",
       [](RunnerConfig& c) { c.left.impact_time_frac = 0.5; },
       {"left.impact_time_frac", "0.5"}},
      {"drop",
       [](RunnerConfig& c) { c.left.pelvic_drop_deg = -1; },
       {"left.pelvic_drop_deg", "-1"}},
      {"across probability",
       [](RunnerConfig& c) { c.step_across_probability = 1.5; },
       {"step_across_probability", "1.5"}},
      {"tilt gain larger than the range",
       [](RunnerConfig& c) { c.late_stance_tilt_gain_deg = 9; },
       {"late_stance_tilt_gain_deg", "9", "tilt_rom_deg"}},
      {"misalignment",
       [](RunnerConfig& c) { c.mount_misalignment_deg[2] = 90; },
       {"mount_misalignment_z_deg", "90"}},
      {"negative noise", [](RunnerConfig& c) { c.force_noise_n = -1; }, {"force_noise_n", "-1"}},
      {"negative standing", [](RunnerConfig& c) { c.standing_s = -2; }, {"standing_s", "-2"}},
      {"imu rate", [](RunnerConfig& c) { c.imu_rate_hz = 0; }, {"imu_rate_hz", "0"}},
      {"negative drift",
       [](RunnerConfig& c) { c.zero_drift_n_per_min = -1; },
       {"zero_drift_n_per_min", "-1", "N/min"}},
      {"NaN drift walk",
       [](RunnerConfig& c) { c.zero_drift_walk_n_per_sqrt_s = std::nan(""); },
       {"zero_drift_walk_n_per_sqrt_s", "nan"}},
      {"negative ringing",
       [](RunnerConfig& c) { c.flight_ringing_n = -5; },
       {"flight_ringing_n", "-5"}},
      {"ringing above the plate Nyquist frequency",
       [](RunnerConfig& c) { c.ringing_hz = 600; },
       {"ringing_hz", "600", "[1, 500]"}},
      {"ringing decay zero",
       [](RunnerConfig& c) { c.ringing_decay_s = 0; },
       {"ringing_decay_s", "0"}},
      {"side field named in full",
       [](RunnerConfig& c) { c.right.contact_scale = 3; },
       {"right.contact_scale", "3", "[0.5, 1.5]"}},
  };
}

TEST(RunnerConfigErrors, EachBadFieldThrowsNamingFieldValueAndRange) {
  for (const BadCase& bc : bad_cases()) {
    SCOPED_TRACE(bc.name);
    RunnerConfig c;
    bc.mutate(c);
    try {
      Runner r(c, 1);
      ADD_FAILURE() << "no exception";
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      for (const std::string& part : bc.expect_in_message) {
        EXPECT_NE(msg.find(part), std::string::npos) << "'" << part << "' not in: " << msg;
      }
      EXPECT_EQ(msg.rfind("RunnerConfig.", 0), 0u) << msg;
    }
  }
}

TEST(RunnerConfigErrors, DefaultsAndWalkingDefaultsAreValid) {
  EXPECT_NO_THROW(validate(RunnerConfig{}));
  EXPECT_NO_THROW(validate(walking_config()));
  RunnerConfig edge;
  edge.cadence_spm = 240;
  edge.contact_time_s = 0.2;
  EXPECT_NO_THROW(validate(edge));
}

}  // namespace
}  // namespace stridecue::sim
