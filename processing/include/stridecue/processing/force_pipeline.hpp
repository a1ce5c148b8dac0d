// The force pipeline: plates → zero-drift correction → contact detection per plate → per-step
// timing and loading (stance_metrics.hpp) → side. Its steps go to the gait engine
// (gait_engine.hpp), which joins the pelvis to them and runs symmetry and cues.
//
// Split belt, a foot across the gap (docs/science.md §3): two pieces of stance, one per belt,
// starting within 40 ms of each other are one step — reported once, with the belts' forces summed,
// flagged across_belts, on the side of the belt that carried most of it. Its contact and toe-off
// are the earliest and latest of the two belts' threshold crossings (each on its share of the
// force). Running, the pieces are the belts' contacts. Walking, the trailing foot still loads the
// other belt when a foot lands across, so that belt never unloads between the trailing foot, the
// crossing foot's share and the next foot: each belt has its own walking separator
// (walk_segmenter.hpp) that cuts such a belt's loaded stretch at its COP transfers, and the
// crossing foot's share is one of the pieces. A piece that may yet get a partner (the other belt
// started a contact or a transfer within 40 ms of it) waits for it, at most 1 s.
//
// Sides: on a split belt from the belt (plate_side); on a single belt from the COP and, when a
// pelvis IMU is present, the pelvis (single_belt_sides.hpp).
//
// Single-belt walking: the belt stays loaded through double support, so the one contact the
// detector sees is split into steps by the COP (walk_segmenter.hpp); each foot's force is
// separated out, timed by the same thresholds and reported like any step (flight_ms < 0 is the
// double support). A loaded stretch without such a transfer is a running contact, as before.
//
// Before any of this, each plate's channels are calibrated, optionally low-passed and zeroed
// (tare, and drift correction from the flight phases): plate_conditioner.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "stridecue/core/sample_item.hpp"
#include "stridecue/processing/belt_pairing.hpp"
#include "stridecue/processing/contact_detector.hpp"
#include "stridecue/processing/plate_conditioner.hpp"
#include "stridecue/processing/plates.hpp"
#include "stridecue/processing/single_belt_sides.hpp"
#include "stridecue/processing/stance_metrics.hpp"
#include "stridecue/processing/step.hpp"
#include "stridecue/processing/walk_segmenter.hpp"

namespace stridecue::processing {

enum class BeltLayout : std::uint8_t { kSplit, kSingle };

struct ForcePipelineConfig {
  double body_mass_kg = 70.0;
  ContactThresholds thresholds{};
  /// When > 0, thresholds as fractions of body weight (e.g. 0.05 = 5 % BW) replace on_n/off_n.
  double on_bw_fraction = 0, off_bw_fraction = 0;
  BeltLayout belt = BeltLayout::kSplit;
  /// Split belt: the side each plate carries (left belt, right belt).
  std::array<Side, kMaxPlates> plate_side{Side::kLeft, Side::kRight};
  double plate_origin_depth_m = 0;  ///< plate origin below the surface (cop_from_wrench)
  /// 6-axis plates: per-plate calibration (identity when absent).
  std::array<std::optional<CalibrationMatrix>, kMaxPlates> calibration{};
  /// Load-cell plates: where the cells are.
  LoadCellGeometry load_cells{};
  DriftCorrectionConfig drift{};
  ForceFilterConfig filter{};
  /// Single belt: walking steps inside double-support bouts, from the COP (walk_segmenter.hpp).
  WalkSegmenterConfig walk{};
  StanceMetricsOptions stance{};
};

/// Processing thread. process() does not allocate and does not block (beyond the sink).
class ForcePipeline {
 public:
  /// Longest stance kept for metrics: 4096 samples (2 s at 2 kHz); longer contacts are
  /// reported with metrics over their first 4096 samples and counted in truncated_stances().
  static constexpr std::size_t kMaxStanceSamples = processing::kMaxStanceSamples;

  /// Throws std::invalid_argument naming the setting and the valid range.
  explicit ForcePipeline(const ForcePipelineConfig& config);

  void process(const ForceFrame& frame, StepSink& sink);
  /// Load-cell plates: cells → Fz and COP (plates.hpp), then as a 6-axis frame.
  void process(const LoadCellFrame& frame, StepSink& sink) {
    process(load_cells_to_frame(frame, cfg_.load_cells), sink);
  }
  /// Data were lost: contacts in progress are abandoned rather than reported wrong.
  void on_gap(const StreamGap& gap);
  /// The data ended: a split-belt piece still waiting for its partner goes out on its own.
  void finish(StepSink& sink);

  /// Zero the plates from the next `duration_ns` of data; the treadmill must be unloaded and
  /// still. Refused (offsets unchanged) when a plate carries more than 150 N or its Fz varies
  /// by more than 10 N SD. Processing thread; no allocation.
  void request_tare(TimeNs duration_ns) { conditioner_.request_tare(duration_ns); }
  /// The result of the last tare, once, when it has finished.
  std::optional<TareResult> take_tare_result() { return conditioner_.take_tare_result(); }

  std::uint64_t steps() const { return next_index_; }
  std::uint64_t rejected_blips() const;
  std::uint64_t rejected_offsets() const { return conditioner_.rejected_offsets(); }
  std::uint64_t truncated_stances() const { return truncated_; }
  /// Single belt: contacts whose side came from alternation because the COP could not tell.
  std::uint64_t ambiguous_sides() const { return sides_.ambiguous(); }
  /// Single belt: contacts whose side came from the IMU, and those where a weak (1–5 cm) COP
  /// shift pointed the other way.
  std::uint64_t imu_sides() const { return sides_.from_imu(); }
  std::uint64_t cop_imu_disagreements() const { return sides_.disagreements(); }
  /// Single belt: a second opinion on sides (the pelvis pipeline), or nullptr. It must outlive
  /// the pipeline's use of it; processing thread.
  void set_side_hint(const SideHint* hint) { sides_.set_hint(hint); }
  /// The walking step separator of a plate (transfers seen, narrow ones, dropped stances):
  /// plate 0 on a single belt, each belt's own on a split belt.
  const WalkSegmenter& walk(std::size_t plate = 0) const { return walk_.at(plate); }
  double body_weight_n() const { return bw_n_; }
  /// The low-pass filter's delay (group delay at DC), ms: 0 when off; NaN until the sample rate
  /// has been measured (the first kRateFrames frames pass unfiltered).
  double filter_delay_ms() const { return conditioner_.filter_delay_ms(); }
  /// "" while the filter works or is off; else why it was not applied (static text).
  const char* filter_problem() const { return conditioner_.filter_problem(); }
  static constexpr std::uint32_t kRateFrames = PlateConditioner::kRateFrames;
  /// Current Fz zero offset of a plate, N.
  double zero_offset_n(std::size_t plate) const { return conditioner_.zero_offset_n(plate); }
  /// Data time since the plate's zero was last set (a flight phase or a tare; since the first
  /// frame when never), s. Walking on a single belt has no flight phase: this grows until a
  /// tare, and the zero drifts with the amplifier meanwhile.
  double zero_age_s(std::size_t plate) const { return conditioner_.zero_age_s(plate); }
  const ContactThresholds& thresholds() const { return thresholds_; }
  /// Vertical force of a plate at the last frame as the contact detector saw it: calibrated,
  /// low-passed (when on) and zeroed, N.
  double corrected_fz_n(std::size_t plate) const { return plates_.at(plate).last_fz_n; }

 private:
  struct PlateState {
    ContactDetector detector;
    TimeNs last_to_ns = 0;
    double last_fz_n = 0;  // corrected Fz of the last frame
    // Stance buffers (corrected values), from the contact's first sample.
    std::array<float, kMaxStanceSamples> fz{}, fx{}, cop_x{};
    double tz_peak_nm = 0;  // signed free moment of largest magnitude in this stance
    bool has_shear = false;
    std::size_t n = 0;
    double sum_fz = 0, sum_copy_fz = 0;  // Σ Fz, Σ COPy·Fz = Σ (Mx + Fy·dz)
    TimeNs t_first_ns = 0, t_prev_ns = 0;
    bool in_contact = false;
  };
  void finish_step(std::size_t plate, StepSink& sink);
  /// The piece just built (offered_): paired on a split belt (BeltPairing), published at once on
  /// a single.
  void piece_done(std::size_t plate, StepSink& sink);
  void publish_piece(std::size_t plate, const StancePiece& piece, StepSink& sink);
  void publish_across(std::size_t pa, const StancePiece& a, std::size_t pb, const StancePiece& b,
                      StepSink& sink);
  /// BeltPairing's decisions, to the sink of the current call.
  struct PairingOut final : PieceOut {
    PairingOut(ForcePipeline* pipeline, StepSink* step_sink) : self(pipeline), sink(step_sink) {}
    ForcePipeline* self;
    StepSink* sink;
    void single(std::size_t plate, const StancePiece& piece) override {
      self->publish_piece(plate, piece, *sink);
    }
    void pair(std::size_t pa, const StancePiece& a, std::size_t pb, const StancePiece& b) override {
      self->publish_across(pa, a, pb, b, *sink);
    }
  };
  PairingOut pairing_out(StepSink& sink) { return PairingOut(this, &sink); }
  /// Fills pieces_[plate] (the offer slot) from the plate's contact or a walking segment.
  void piece_from_contact(std::size_t plate);
  void piece_from_segment(std::size_t plate, const FootSegment& foot);
  void publish_walk(std::size_t plate, const FootSegment& foot, StepSink& sink);
  /// Stance metrics; walking steps get no impact peak and the fixed-window loading rate.
  StanceMetrics stance_metrics(std::span<const float> fz, double dt_s, std::span<const float> fx,
                               bool walking) const;
  void publish(StepResult& s, const Contact& c, const StanceMetrics& m, TimeNs t_first_ns,
               double dt_s, StepSink& sink);
  ForcePipelineConfig cfg_;
  double bw_n_;
  PlateConditioner conditioner_;
  SingleBeltSides sides_;
  ContactThresholds thresholds_;
  std::array<PlateState, kMaxPlates> plates_;
  std::array<float, kMaxStanceSamples> merged_fz_{}, merged_fx_{};  // across-belt steps
  std::array<WalkSegmenter, kMaxPlates> walk_;
  BeltPairing pairing_;    // split belt: pieces of one foot across the gap
  StancePiece offered_{};  // the piece being built and offered
  std::uint32_t next_index_ = 0;
  TimeNs last_to_ns_ = 0;
  std::array<TimeNs, 2> last_ic_by_side_{0, 0};
  std::uint64_t truncated_ = 0;
};

}  // namespace stridecue::processing
