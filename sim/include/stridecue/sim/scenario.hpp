// Scenarios: a simulated session described in YAML (config/scenarios/*.yaml) — the runner, the
// devices, their faults and scripted changes over time. Every numeric runner knob is named as in
// runner_fields() ("cadence_spm", "right.pelvic_drop_deg", …).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/sim/runner_fields.hpp"
#include "stridecue/sim/treadmill_emulator.hpp"

namespace stridecue::sim {

/// A scenario that cannot be used. The message names the file, line and column, the setting,
/// what is wrong and how to fix it, e.g.
/// "right-drop.yaml:7:3: runner.cadance_spm: unknown setting; did you mean cadence_spm?"
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Scenario {
  std::string name;
  std::string description;
  EmulatorConfig emulator{};
};

/// Parses YAML text; `source` names it in errors (a file name). Validates the result.
Scenario parse_scenario(const std::string& yaml_text, const std::string& source);

/// Reads and parses a file. Throws ScenarioError (unreadable file included).
Scenario load_scenario(const std::filesystem::path& file);

/// Applies one command-line override "key=value": a runner field name ("right.pelvic_drop_deg"),
/// or seed, duration_s, gait (run|walk), belt (split|single), plates (force6|loadcell),
/// plates_rate_hz, imu_rate_hz, imu (on|off). Throws ScenarioError naming the key.
void apply_override(Scenario& scenario, std::string_view key_equals_value);

/// Resolves "healthy" or "healthy.yaml" in `dir`, or a path to a file. Throws ScenarioError
/// listing the scenarios in `dir` when there is no such scenario.
std::filesystem::path find_scenario(std::string_view name_or_path,
                                    const std::filesystem::path& dir);

/// Names of the *.yaml scenarios in `dir`, sorted.
std::vector<std::string> list_scenarios(const std::filesystem::path& dir);

/// Where the shipped scenarios are: $STRIDECUE_CONFIG_DIR/scenarios, the source tree's
/// config/scenarios, or the installed share/stridecue/config/scenarios, first that exists.
std::filesystem::path default_scenario_dir();

}  // namespace stridecue::sim
