// The numeric knobs of a RunnerConfig by name ("cadence_spm", "right.pelvic_drop_deg", …), so
// scenario files, the command line and scripted changes all name them the same way.
#pragma once

#include <span>
#include <string_view>

namespace stridecue::sim {

struct RunnerConfig;

/// One numeric field: its name, what it means (with unit), and access to it.
struct RunnerField {
  std::string_view name;
  std::string_view help;
  double& (*ref)(RunnerConfig&);
};

/// Every numeric field, in documentation order.
std::span<const RunnerField> runner_fields();

/// The field called `name`, or nullptr.
const RunnerField* find_runner_field(std::string_view name);

/// A change of one field during a run: from its value at `at_s` to `value`, linearly over
/// `ramp_s` seconds (0 = at once). Applies to steps that start after the change begins.
struct ScriptedChange {
  double at_s = 0;
  double ramp_s = 0;
  const RunnerField* field = nullptr;
  double value = 0;
};

}  // namespace stridecue::sim
