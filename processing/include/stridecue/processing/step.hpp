// One detected step and what processing publishes about it.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"

namespace stridecue::processing {

/// Standard gravity, m/s² — body weight (BW) = mass · g.
inline constexpr double kGravity_mps2 = 9.80665;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Why pelvis values may not be trusted (PelvisConfidence::flags, PelvisStepMetrics::flags).
enum PelvisFlags : std::uint16_t {
  kPelvisNoImu = 0x001,           ///< no IMU data covers the step
  kPelvisNotCalibrated = 0x002,   ///< no accepted static calibration yet
  kPelvisHeadingPending = 0x004,  ///< direction of travel not yet known (first strides)
  kPelvisNotConverged = 0x008,    ///< orientation filter still settling
  kPelvisSaturated = 0x010,       ///< a sensor axis hit its range inside the step
  kPelvisMountMoved = 0x020,      ///< standing posture no longer matches the calibration
  kPelvisCalibrationOld = 0x040,  ///< calibration older than the configured age
  kPelvisImuEvents = 0x080,       ///< contact/toe-off from the IMU (no plate): ±30 ms
  kPelvisSideUnknown = 0x100,     ///< the step's side is unknown: no drop (which side swings?)
};
/// Flags that make pelvis values unusable (they are NaN then); the others degrade them.
inline constexpr std::uint16_t kPelvisUnusable =
    kPelvisNoImu | kPelvisNotCalibrated | kPelvisHeadingPending;

/// What the pelvis did during one stance (issue 6; docs/science.md §5). Angles relative to the
/// static calibration, conventions in pelvis_angles.hpp. NaN when not measured (see flags).
struct PelvisStepMetrics {
  /// Contralateral pelvic drop: largest drop of the swing-side hemipelvis between initial
  /// contact and toe-off of this (stance) side, relative to its value at contact, deg.
  double pelvic_drop_deg = kNaN;
  /// The same drop measured from static neutral (obliquity 0), deg.
  double pelvic_drop_static_deg = kNaN;
  double tilt_mean_deg = kNaN;  ///< mean anterior tilt over stance (time-weighted)
  double tilt_peak_deg = kNaN;  ///< largest anterior tilt in stance
  /// Tilt at toe-off minus tilt at midstance (50 % of contact): "the pelvis tips forward as the
  /// leg goes behind".
  double late_stance_tilt_gain_deg = kNaN;
  double obliquity_at_ic_deg = kNaN;
  /// Ranges over the stride that ends at this contact (previous same-side contact → this one).
  double obliquity_range_deg = kNaN, tilt_range_deg = kNaN, rotation_range_deg = kNaN;
  std::uint16_t flags = kPelvisNoImu;  ///< PelvisFlags at the time of the step
};

/// What named a step's side (docs/science.md §3: single belt from the COP, and the IMU when
/// present).
enum class SideSource : std::uint8_t {
  kUnknown,      ///< nothing could tell (first contact, after a gap)
  kBelt,         ///< split belt: the plate
  kCop,          ///< single belt: the mediolateral COP moved across
  kImu,          ///< single belt: the pelvis dropped on the swing side (the COP could not tell)
  kAlternation,  ///< single belt: the other side from the previous step (nothing else could)
};
/// "unknown", "belt", "cop", "imu", "alternation".
constexpr const char* side_source_name(SideSource source) noexcept {
  switch (source) {
    case SideSource::kBelt:
      return "belt";
    case SideSource::kCop:
      return "cop";
    case SideSource::kImu:
      return "imu";
    case SideSource::kAlternation:
      return "alternation";
    case SideSource::kUnknown:
      break;
  }
  return "unknown";
}

/// One foot contact, complete at toe-off. Times on the host steady clock.
struct StepResult {
  std::uint32_t index = 0;  ///< 0, 1, 2, … in order of reporting
  Side side = Side::kUnknown;
  SideSource side_source = SideSource::kUnknown;
  std::uint8_t plate = 0;
  TimeNs t_ic_ns = 0;  ///< initial contact (on-threshold crossing)
  TimeNs t_to_ns = 0;  ///< toe-off (off-threshold crossing)
  double contact_ms = 0;
  /// Previous toe-off (either side) to this contact. Negative = double support (walking).
  /// NaN when there is no previous step.
  double flight_ms = 0;
  /// Previous contralateral initial contact to this one; NaN when there is none.
  double step_ms = 0;
  /// Previous initial contact of the same side to this one (a stride); NaN when none.
  double stride_ms = 0;
  double cadence_spm = 0;   ///< 60 000 / step_ms, steps per minute; NaN without a step time
  double peak_vgrf_bw = 0;  ///< maximum vertical GRF in stance, body weights
  TimeNs t_peak_ns = 0;
  double impulse_bw_s = 0;    ///< ∫Fz dt over stance, BW·s
  double impact_peak_bw = 0;  ///< first (impact) peak, BW; NaN when the step has none
  double valr_bw_s = 0;       ///< vertical average loading rate, BW/s (method below)
  double vilr_bw_s = 0;       ///< vertical instantaneous loading rate, BW/s
  /// "impact_20_80" or "fixed_3_12pct" (docs/science.md §4: name the method in every output).
  std::array<char, 24> loading_rate_method{};
  double braking_impulse_bw_s = 0;     ///< NaN without AP shear (load-cell plates)
  double propulsive_impulse_bw_s = 0;  ///< NaN without AP shear
  double cop_y_m = 0;                  ///< mean mediolateral COP in stance, lab Y (left +), m
  double cop_progression_m = 0;  ///< COPx at 90 % minus at 10 % of stance (belt moves it back)
  /// Largest |free moment| in stance, Tz = Mz − COPx·Fy + COPy·Fx about the vertical through
  /// the COP (docs/science.md §3), N·m, signed; NaN on load-cell plates (no shear or Mz).
  double free_moment_peak_nm = 0;
  double zero_offset_n = 0;    ///< plate Fz zero offset removed by drift correction, N
  bool across_belts = false;   ///< split belt: the contact loaded both belts
  PelvisStepMetrics pelvis{};  ///< filled by the pelvis pipeline when an IMU is present
};

/// What a cue message is (docs/cues.md).
enum class CueKind : std::uint8_t {
  kCorrection,  ///< the runner is outside a rule's target: the rule's words
  kPraise,      ///< back inside after a correction (or a summary with nothing to correct)
};

/// One message to the runner, decided by CueEngine. Plain value: the words are copied in, so a
/// cue outlives the engine and crosses threads by copy.
struct Cue {
  TimeNs t_ns = 0;  ///< time of the data that decided it (toe-off of the step that completed it)
  CueKind kind = CueKind::kCorrection;
  std::uint8_t modalities = 1;  ///< CueModality bits (cue_preset.hpp): text, tone, speech
  std::uint8_t rule = 0;        ///< index of the rule in its preset
  std::uint8_t priority = 0;    ///< the rule's priority (1 = most important)
  bool symmetry = false;        ///< value is a symmetry index (%), not a step value
  std::int32_t block = -1;      ///< protocol block it was given in (-1: none)
  std::array<char, 41> text{};  ///< the runner-facing words, NUL-terminated
  std::array<char, 32> rule_name{};
  const char* metric = "";  ///< static: the StepMetric watched, e.g. "pelvic_drop_deg"
  double value = 0;         ///< the value that decided it: step value, or SI %
  double target_low = 0, target_high = 0;  ///< the target it was judged against, metric unit
  std::uint32_t window_steps = 0;          ///< judged steps behind the decision (persistence n)
  /// The side at fault: the stance side of the steps outside the target (a pelvic drop names the
  /// stance side whose opposite hip dropped), or the larger side of a symmetry index.
  Side side = Side::kUnknown;

  const char* text_c() const noexcept { return text.data(); }
  const char* rule_c() const noexcept { return rule_name.data(); }
};

/// A second opinion on which foot is on a single belt, from another sensor (the pelvis IMU).
/// Asked on the processing thread when a contact ends; must not block or allocate.
class SideHint {
 public:
  virtual ~SideHint() = default;
  /// The side of the stance [t_ic, t_to], or kUnknown when this source cannot tell (yet).
  virtual Side side_for(TimeNs t_ic_ns, TimeNs t_to_ns) const = 0;
};

/// Receives the force pipeline's steps. Called on the processing thread; must not block.
class StepSink {
 public:
  virtual ~StepSink() = default;
  virtual void on_step(const StepResult& step) = 0;
};

}  // namespace stridecue::processing
