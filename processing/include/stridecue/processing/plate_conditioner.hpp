// Plate conditioning: what happens to a plate's six channels before contact detection —
// calibration matrix, optional causal low-pass, and the zero (explicit tare, and drift
// correction from the flight phases). The force pipeline's first stage (force_pipeline.hpp).
//
// Zero drift (docs/science.md §3, "the flight phase gives a zero reference every step"): while a
// plate is unloaded (the pipeline says when: in flight for more than DriftCorrectionConfig::
// settle_ns after a toe-off, so ringing has decayed), its six filtered channels are averaged; at
// the next contact the averages become the plate's zero offsets, removed from every sample. A
// zero that jumps by more than max_offset_change_n is not trusted (counted in
// rejected_offsets()).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "stridecue/core/samples.hpp"
#include "stridecue/processing/butterworth.hpp"
#include "stridecue/processing/plates.hpp"

namespace stridecue::processing {

/// Outcome of an explicit tare (zeroing the unloaded treadmill; docs/science.md §3, §7).
struct TareResult {
  bool ok = false;
  TimeNs t_ns = 0;  ///< end of the tare window
  std::array<double, kMaxPlates> fz_offset_n{};
  std::array<double, kMaxPlates> fz_sd_n{};
  /// Static text: why the tare was refused ("" when ok).
  const char* reason = "";
};

struct DriftCorrectionConfig {
  bool enabled = true;
  TimeNs settle_ns = 60 * kNsPerMs;  ///< skip this long after toe-off (plate ringing)
  std::size_t min_samples = 10;      ///< fewer unloaded samples: keep the previous offsets
  /// A new Fz zero differing from the current one by more than this is not trusted (something
  /// touched the plate in "flight"): counted, not applied. Drift is slow: ≤ a few N per step.
  double max_offset_change_n = 50.0;
};

/// Causal low-pass on every plate channel before anything else (butterworth.hpp). Off by
/// default: events are then the raw threshold crossings. A causal filter delays the force: every
/// event and peak time comes filter_delay_ms() later (group delay at DC; 8.25 ms for 4th order at
/// 50 Hz, 1 kHz), contact times change much less (both ends move). Offline, prefer the raw data.
struct ForceFilterConfig {
  double cutoff_hz = 0;  ///< 0 = off; else 1..500 Hz and below 0.45 × the sample rate
  int order = 4;         ///< 2, 4 or 6
};

/// Six channels in PlateWrench order: Fx, Fy, Fz, Mx, My, Mz.
using Channels = std::array<double, 6>;

/// Processing thread; no allocation; O(plates × channels) per frame.
class PlateConditioner {
 public:
  /// Frames used to measure the sample rate before the low-pass is designed.
  static constexpr std::uint32_t kRateFrames = 64;

  /// Throws std::invalid_argument naming the filter setting and its valid range.
  PlateConditioner(const std::array<std::optional<CalibrationMatrix>, kMaxPlates>& calibration,
                   const DriftCorrectionConfig& drift, const ForceFilterConfig& filter);

  /// Once per frame, before its plates: dates the frame, feeds a tare in progress.
  void begin_frame(const ForceFrame& frame);
  /// One plate of the current frame: calibrated and low-passed into `filtered` (the zero's
  /// reference), returned zeroed.
  Channels condition(std::size_t plate, TimeNs t_ns, const PlateWrench& raw, Channels& filtered);
  /// The plate is unloaded and settled: `filtered` counts toward its next zero.
  void add_unloaded(std::size_t plate, const Channels& filtered);
  /// A contact began at t_ns: the unloaded stretch's mean becomes the plate's zero (when there
  /// were enough samples and it is trusted); the sums restart.
  void contact_started(std::size_t plate, TimeNs t_ns);
  /// Data were lost: the filters restart at the next sample, unloaded sums are dropped, an
  /// unfinished rate measurement starts over.
  void on_gap();

  /// Zero the plates from the next `duration_ns` of data; the treadmill must be unloaded and
  /// still. Refused (offsets unchanged) when a plate carries more than 150 N or its Fz varies
  /// by more than 10 N SD.
  void request_tare(TimeNs duration_ns);
  /// The result of the last tare, once, when it has finished.
  std::optional<TareResult> take_tare_result();

  /// Current Fz zero offset of a plate, N.
  double zero_offset_n(std::size_t plate) const { return plates_.at(plate).offset[2]; }
  /// Data time since the plate's zero was last set (a flight phase or a tare; since the first
  /// frame when never), s.
  double zero_age_s(std::size_t plate) const;
  std::uint64_t rejected_offsets() const { return rejected_offsets_; }
  /// The low-pass filter's delay (group delay at DC), ms: 0 when off; NaN until the sample rate
  /// has been measured (the first kRateFrames frames pass unfiltered).
  double filter_delay_ms() const;
  /// "" while the filter works or is off; else why it was not applied (static text).
  const char* filter_problem() const { return filter_problem_; }

 private:
  struct Plate {
    Channels offset{};      // zero offsets
    Channels flight_sum{};  // filtered sums while unloaded
    std::size_t flight_n = 0;
    TimeNs zero_t_ns = -1;  // when the offsets were last set (drift correction or tare)
  };
  void filter(std::size_t plate, TimeNs t_ns, Channels& r);
  void feed_tare(const ForceFrame& frame);

  std::array<std::optional<CalibrationMatrix>, kMaxPlates> calibration_;
  DriftCorrectionConfig drift_;
  ForceFilterConfig filter_cfg_;
  std::array<Plate, kMaxPlates> plates_{};
  std::array<std::array<std::optional<ButterworthLowPass>, 6>, kMaxPlates> filters_{};
  TimeNs rate_t0_ns_ = 0;
  std::uint32_t rate_frames_ = 0;
  std::array<bool, kMaxPlates> filter_reset_{};  // restart the state at the next value
  const char* filter_problem_ = "";
  std::uint64_t rejected_offsets_ = 0;
  TimeNs first_frame_ns_ = -1, last_frame_ns_ = 0;
  // Explicit tare in progress
  TimeNs tare_duration_ns_ = 0, tare_start_ns_ = -1;
  std::array<Channels, kMaxPlates> tare_sum_{};
  std::array<double, kMaxPlates> tare_sum_sq_fz_{};
  std::size_t tare_n_ = 0;
  std::optional<TareResult> tare_result_;
};

}  // namespace stridecue::processing
