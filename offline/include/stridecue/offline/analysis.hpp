// Offline analysis: the live gait engine run over a whole recording (made by StrideCue or by
// another system), with per-step rows and a summary a lab can compare with its own tools. With
// pelvis IMU samples beside the frames, the pelvis pipeline runs on the same timeline and every
// step gets its pelvis values (docs/science.md §5).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <memory>
#include <optional>

#include "stridecue/core/sample_item.hpp"
#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/processing/gait_engine.hpp"

namespace stridecue::offline {

/// Mean of one variable per side and their symmetry.
struct SideStat {
  double left = 0, right = 0;
  int n_left = 0, n_right = 0;
  double si_pct = 0;  ///< signed symmetry index, + = right larger (docs/science.md §4)
  double sa_pct = 0;  ///< symmetry angle
};

/// What the pelvis IMU contributed. All NaN / false / 0 without IMU samples.
struct PelvisSummary {
  bool imu = false;  ///< IMU samples were given
  std::uint64_t imu_samples = 0;
  /// No plate data: contacts came from the IMU itself (steps carry kPelvisImuEvents, ±30 ms).
  bool imu_events = false;
  bool calibrated = false;  ///< a static trial was accepted
  /// Why not: the reason the first trial (the one at the start) was refused, or that none was
  /// completed; "" when a trial was accepted.
  std::string calibration_reason;
  /// Static trials completed, accepted or refused. With calibrate_at_start a refused trial is
  /// retried at once, so running without a still start gives one refusal per few samples.
  int calibration_trials = 0;
  double calibration_t_s = processing::kNaN;  ///< end of the accepted trial, recording time
  /// |mean specific force| of the accepted trial, else of the first refused one (≈ 1 hints at
  /// an accelerometer in g read as m/s²), m/s².
  double calibration_gravity_mps2 = processing::kNaN;
  int steps_measured = 0;  ///< steps whose pelvic_drop_deg is a number
  SideStat pelvic_drop_deg, tilt_mean_deg, late_stance_tilt_gain_deg;
};

struct AnalysisResult {
  std::vector<processing::StepResult> steps;
  std::vector<processing::Cue> cues;
  std::vector<processing::BaselineEvent> baseline_events;
  /// The symmetry after the last step with forces (none without such a step).
  std::optional<processing::SymmetryUpdate> symmetry;
  std::uint64_t rejected_contacts = 0;  ///< blips shorter than the minimum contact, ringing
  std::uint64_t rejected_zero_updates = 0;
  double duration_s = 0;
  SideStat contact_ms, peak_vgrf_bw, valr_bw_s, impulse_bw_s, step_ms;
  processing::ContactThresholds thresholds{};
  processing::ForceFilterConfig filter{};  ///< the low-pass used (cutoff 0 = none)
  double filter_delay_ms = 0;              ///< its delay; events and peaks come this much later
  std::string filter_problem;              ///< why the low-pass was not applied ("" = it was)
  /// Why no step has a side, in plain words ("" when some do).
  std::string sides_unknown_reason;
  PelvisSummary pelvis;
  /// What the force frames held, to explain an empty result: frames seen, and the highest and
  /// lowest vertical force of any plate as read (before zeroing), N; NaN without frames.
  std::uint64_t frames = 0;
  double fz_max_n = processing::kNaN, fz_min_n = processing::kNaN;
  /// Why the result is not usable, in plain words with the fix; "" when it is. Set when no step
  /// was found, or when the steps' mean peak force is outside kPlausiblePeakBw (a unit mix-up:
  /// newtons read as kN or BW, or the wrong --mass).
  std::string unusable_reason;
};

/// Mean peak vertical force a foot contact can have, body weights: slow walking ≈ 1 BW, fast
/// running 2–3 BW, landing from a jump ≈ 5–6 BW (Cavanagh & Lafortune 1980; Keller et al. 1996).
/// Outside [min, max] the force was read in the wrong unit or with the wrong mass.
inline constexpr double kPlausiblePeakMinBw = 0.3, kPlausiblePeakMaxBw = 10.0;
/// Sample rates of force data read right; outside, the time column's unit or --rate is wrong
/// (contacts then look 1000 times too short or too long).
inline constexpr double kPlausibleRateMinHz = 50.0, kPlausibleRateMaxHz = 20000.0;

/// Why the sample rate cannot be that of force data, with the fix for where it came from (the
/// time column and its unit, or --rate); "" when it is within kPlausibleRate*Hz.
std::string implausible_rate_reason(const ImportSummary& summary, double rate_hz);

/// The gait engine's configuration: force, pelvis (used only with IMU samples;
/// calibrate_at_start, the default, takes the static trial from the first still stretch of the
/// recording), symmetry, cue and the automatic baseline block (from the first sample).
using AnalysisConfig = processing::GaitEngineConfig;

/// The analysis of one recording, streamed: samples go in one at a time, in time order, through
/// the same GaitEngine as the live station; steps, cues and events are kept, traces are not.
/// Memory grows with the steps only (≈ 0.4 kB each), never with the samples. Caller's thread;
/// add() does not allocate except when a step or cue is appended.
class RecordingAnalysis final : private processing::GaitSink {
 public:
  /// `also` (optional) receives everything the engine emits as well (tests compare with live).
  explicit RecordingAnalysis(const AnalysisConfig& config, processing::GaitSink* also = nullptr);
  ~RecordingAnalysis() override;
  /// One sample (or gap), in time order.
  void add(const SampleItem& item);
  /// Ends the data (what still waits goes out) and returns the result. Call once.
  AnalysisResult finish();

 private:
  void on_step(const processing::StepResult& s) override;
  void on_cue(const processing::Cue& c) override;
  void on_symmetry(const processing::SymmetryUpdate& u) override;
  void on_baseline(const processing::BaselineEvent& e) override;
  void on_calibration(const processing::StaticCalibration& c) override;
  void on_tare(const processing::TareResult& t) override;
  void on_pelvis_status(const processing::PelvisConfidence& c) override;
  void on_alarm(const processing::GaitAlarm& a) override;

  AnalysisConfig config_;
  std::unique_ptr<processing::GaitEngine> engine_;  // heap: ≈ 1 MB of stance buffers
  processing::GaitSink* also_;
  AnalysisResult r_;
  std::uint64_t imu_samples_ = 0;  // reported; the engine knows whether any came
};

/// Runs the gait engine over `frames` and `imu` merged into one timeline in time order (an IMU
/// sample at t before a frame at t). Both sorted by t_ns. Steps are reported at toe-off and
/// joined with pelvis values once the IMU has passed their toe-off; with IMU samples but no
/// frames the contacts come from the IMU (after GaitEngine::kImuOnlyAfterNs; the force values
/// of those steps are NaN). Caller's thread, allocates.
AnalysisResult analyze_recording(const std::vector<ForceFrame>& frames,
                                 const std::vector<ImuSample>& imu, const AnalysisConfig& config);

class ForceTableReader;

/// Streams a table through the gait engine, 4096 rows at a time: memory stays flat in the
/// length of the file. A row's IMU sample goes before its frame (one time stamp: the IMU first,
/// as in analyze_recording). An ImportError part-way propagates (the partial analysis is
/// dropped). With no step found and an implausible sample rate, unusable_reason names the rate
/// (the likelier cause). Caller's thread, allocates; blocking file I/O.
AnalysisResult analyze_table(ForceTableReader& reader, const AnalysisConfig& config);

/// Force only: analyze_recording(frames, {}, {config}).
AnalysisResult analyze_frames(const std::vector<ForceFrame>& frames,
                              const processing::ForcePipelineConfig& config);

/// PelvisFlags as text: "ok" for none, else the names joined by '|' in bit order, e.g.
/// "heading_pending|not_converged". Names: no_imu, not_calibrated, heading_pending,
/// not_converged, saturated, mount_moved, calibration_old, imu_events (unknown bits: 0x…).
std::string pelvis_flags_text(std::uint16_t flags);

/// The step rows, one per line, units in the column names. The first columns are
/// side,t_ic_s,t_to_s,contact_ms,flight_ms,step_ms,peak_vgrf_bw,impact_peak_bw,
/// loading_rate_bw_s,loading_rate_method,impulse_bw_s; the last are the pelvis columns
/// pelvic_drop_deg,pelvic_drop_static_deg,tilt_mean_deg,tilt_peak_deg,
/// late_stance_tilt_gain_deg,obliquity_range_deg,tilt_range_deg,rotation_range_deg,pelvis_flags
/// (PelvisStepMetrics), always present: empty cells without IMU data, an empty number where
/// the value is NaN, pelvis_flags as pelvis_flags_text(). Empty cell = not measured.
void write_steps_csv(std::ostream& out, const AnalysisResult& result);

/// The summary as JSON: counts per side, rejected contacts, per-side means and symmetry, the
/// thresholds and loading-rate methods used, and "pelvis": {"imu": false} or the calibration
/// result and per-side means of pelvic_drop_deg, tilt_mean_deg, late_stance_tilt_gain_deg.
std::string summary_json(const AnalysisResult& result);

}  // namespace stridecue::offline
