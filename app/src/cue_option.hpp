// The --cue-metric option shared by `stridecue demo` and `stridecue analyze`: which per-step
// value the cue rule watches (processing/step_metric.hpp).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "stridecue/processing/step_metric.hpp"

namespace stridecue::app {

inline CLI::Option* add_cue_metric_option(CLI::App* cmd, std::string& metric) {
  const std::vector<std::string> names(processing::kStepMetricNames.begin(),
                                       processing::kStepMetricNames.end());
  return cmd
      ->add_option("--cue-metric", metric,
                   "The per-step value the cue rule watches, left vs right (e.g. peak_vgrf_bw, "
                   "pelvic_drop_deg, tilt_mean_deg)")
      ->check(CLI::IsMember(names))
      ->capture_default_str();
}

/// The metric named (checked by the option already).
inline processing::StepMetric cue_metric(const std::string& name) {
  return processing::step_metric_from_name(name).value_or(processing::StepMetric::kPeakVgrfBw);
}

}  // namespace stridecue::app
