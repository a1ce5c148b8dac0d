// Per-step values by name: what a cue rule (and later the session export) can point at. Every
// value a StepResult carries that a clinician may want to watch, the pelvis included.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

enum class StepMetric : std::uint8_t {
  kContactMs,
  kFlightMs,
  kStepMs,
  kCadenceSpm,
  kPeakVgrfBw,
  kImpactPeakBw,
  kValrBwS,
  kVilrBwS,
  kImpulseBwS,
  kPelvicDropDeg,          ///< contralateral drop in this side's stance (PelvisStepMetrics)
  kTiltMeanDeg,            ///< mean anterior tilt in stance, above standing
  kLateStanceTiltGainDeg,  ///< tilt at toe-off minus tilt at midstance
};
inline constexpr std::size_t kStepMetricCount = 12;

/// The StepResult field names, units included ("peak_vgrf_bw", "pelvic_drop_deg", …).
inline constexpr std::array<std::string_view, kStepMetricCount> kStepMetricNames = {
    "contact_ms",   "flight_ms",       "step_ms",       "cadence_spm",
    "peak_vgrf_bw", "impact_peak_bw",  "valr_bw_s",     "vilr_bw_s",
    "impulse_bw_s", "pelvic_drop_deg", "tilt_mean_deg", "late_stance_tilt_gain_deg"};

constexpr std::string_view step_metric_name(StepMetric m) noexcept {
  return kStepMetricNames[static_cast<std::size_t>(m)];
}

/// The metric called `name`, or nothing.
constexpr std::optional<StepMetric> step_metric_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kStepMetricCount; ++i) {
    if (kStepMetricNames[i] == name) return static_cast<StepMetric>(i);
  }
  return std::nullopt;
}

/// The smallest step-to-step spread a metric is measured with, in its unit: one sample at
/// 500 Hz for times (2 ms), 0.5° for pelvis angles (the IMU's angle noise and drift over a
/// stride), 0.02 BW for forces, 2 BW/s for loading rates, 0.01 BW·s for impulses, 1 step/min
/// for cadence. A baseline's SD below it is not the runner's variability but the measurement's
/// resolution (a simulated or unusually steady runner): SD targets use at least this.
inline constexpr std::array<double, kStepMetricCount> kStepMetricResolution = {
    2.0, 2.0, 2.0, 1.0, 0.02, 0.02, 2.0, 2.0, 0.01, 0.5, 0.5, 0.5};

constexpr double step_metric_resolution(StepMetric m) noexcept {
  return kStepMetricResolution[static_cast<std::size_t>(m)];
}

/// True for the metrics measured by the pelvis IMU (NaN on steps without pelvis values).
constexpr bool is_pelvis_metric(StepMetric m) noexcept {
  return m == StepMetric::kPelvicDropDeg || m == StepMetric::kTiltMeanDeg ||
         m == StepMetric::kLateStanceTiltGainDeg;
}

/// The step's value of `m`, in the unit its name says; NaN when not measured. No allocation.
constexpr double step_metric_value(const StepResult& s, StepMetric m) noexcept {
  switch (m) {
    case StepMetric::kContactMs:
      return s.contact_ms;
    case StepMetric::kFlightMs:
      return s.flight_ms;
    case StepMetric::kStepMs:
      return s.step_ms;
    case StepMetric::kCadenceSpm:
      return s.cadence_spm;
    case StepMetric::kPeakVgrfBw:
      return s.peak_vgrf_bw;
    case StepMetric::kImpactPeakBw:
      return s.impact_peak_bw;
    case StepMetric::kValrBwS:
      return s.valr_bw_s;
    case StepMetric::kVilrBwS:
      return s.vilr_bw_s;
    case StepMetric::kImpulseBwS:
      return s.impulse_bw_s;
    case StepMetric::kPelvicDropDeg:
      return s.pelvis.pelvic_drop_deg;
    case StepMetric::kTiltMeanDeg:
      return s.pelvis.tilt_mean_deg;
    case StepMetric::kLateStanceTiltGainDeg:
      return s.pelvis.late_stance_tilt_gain_deg;
  }
  return kNaN;
}

}  // namespace stridecue::processing
