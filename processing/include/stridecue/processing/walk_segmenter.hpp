// Single-belt walking: the steps inside a double-support bout, from the centre of pressure.
//
// On one plate under both feet, walking never unloads the belt: the summed vertical force never
// falls to the contact threshold, so a contact detector sees one endless contact. The COP still
// shows every step (the "butterfly" of treadmill COP traces; Roerdink, Coolen, Clairbois, Lamoth
// & Beek 2008, J Biomech 41:2628, detect walking events from it online):
//  - single support: the COP lies under one foot and moves BACKWARD in the lab (the belt carries
//    the foot back faster than the COP rolls heel→toe);
//  - double support: the load passes from the trailing foot to the leading one, so the COP jumps
//    FORWARD (a step length, ≈ 0.3–0.7 m, in ≈ 0.1–0.15 s) and across (the step width).
// A transfer therefore starts at a local minimum of COPx — the new foot's first load (initial
// contact) — and ends at the next local maximum — the old foot's last load (toe-off). It is found
// with hysteresis: COPx rising `transfer_rise_m` above its running minimum within
// `max_rise_ns` opens it; falling `transfer_end_fall_m` below its running maximum closes it.
// Only the COP of a well-loaded belt (≥ min_load_bw), after the first settle_ns of a loaded
// stretch, is trusted, and a transfer counts only once the belt has stayed loaded for
// confirm_ns after it: real running contacts (RBDS001, 300 Hz) jitter by 5–10 cm in their first
// and last, lightly loaded milliseconds, and must never look like a transfer.
//
// Each foot's force through double support (Davis & Cavanagh 1993, J Biomech 26:593, separate
// superimposed left/right forces from the COP): the two feet stand at fixed lateral positions
// y_old (COPy at the transfer's start, where all the load is on the old foot) and y_new (at its
// end), so the new foot carries share = (COPy − y_old) / (y_new − y_old) of Fz (clamped to 0..1).
// Lateral positions do not move with the belt, which is why Y and not X is used. Closer than
// `min_step_width_m` the share comes from COPx instead (ignoring the belt's motion during
// double support: counted in narrow_transfers(); metrics of those steps are less exact).
// Fx is split with the same share.
//
// A foot's stance runs from the start of the transfer that brought it (or the start of the bout:
// the belt loaded from unloaded) to the end of the transfer that takes the load off it (or the
// end of the bout). Its initial contact and toe-off are where ITS share of Fz crosses the
// contact thresholds (as on every other plate, interpolated), so walking and running steps are
// timed alike. Side: the COP moves toward the new foot across a transfer (lab Y +: left); the
// shift is handed to the pipeline, which weighs it against the IMU (force_pipeline.hpp).
//
// A bout without transfers (a running contact, a runner standing still) yields nothing here.
// Stances longer than `max_stance_ns` (standing, then walking off) are not steps: counted.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/processing/contact_detector.hpp"

namespace stridecue::processing {

struct WalkSegmenterConfig {
  bool enabled = true;
  /// Forward COP jump that opens a transfer, m. Walking's is most of a step length (≥ 0.2 m);
  /// a running contact's COP jitters by up to 5–10 cm sample to sample in its first, lightly
  /// loaded milliseconds (RBDS001, 300 Hz).
  double transfer_rise_m = 0.08;
  TimeNs max_rise_ns = 250 * kNsPerMs;      ///< ...within this long (standing sway is slower)
  double transfer_end_fall_m = 0.01;        ///< COP moving back by this much closes it, m
  TimeNs max_transfer_ns = 600 * kNsPerMs;  ///< longer: not a double support; abandoned
  double min_step_width_m = 0.03;           ///< below: share from COPx (narrow gait)
  TimeNs max_stance_ns = 2 * kNsPerS;       ///< longer "stances" are standing, not steps
  /// The COP of a lightly loaded plate is noise (a 1 N·m moment error is 3 cm at 30 N): transfers
  /// are looked for only while the belt carries at least this fraction of body weight. Walking's
  /// double support carries ≈ 1 BW (never under ≈ 0.7); a running contact's first and last
  /// milliseconds do not.
  double min_load_bw = 0.5;
  /// Nor in the first this-long of a loaded stretch: a foot's impact moves its COP fast, and
  /// the first double support of a walk comes ≥ 0.4 s after the belt is loaded.
  TimeNs settle_ns = 200 * kNsPerMs;
  /// A transfer counts once the belt has stayed loaded this long after it (the new foot's single
  /// support): a running contact's COP may jump near toe-off, but the belt then unloads.
  TimeNs confirm_ns = 100 * kNsPerMs;
  /// Split belt: min_load_bw for each belt's own separator. A belt normally carries one foot,
  /// so a crossing foot's share on the other belt arrives while the trailing foot unloads and
  /// the belt's load through that transfer can fall to ≈ 0.3 BW.
  double split_belt_min_load_bw = 0.15;
};

/// One foot's stance inside a walking bout, its share of the force separated out.
struct FootSegment {
  /// Lateral COP shift that tells the side, m, + = this foot is the left one: across the
  /// transfer that brought the foot (toward it) or the one that took the load off (away from
  /// it), whichever moved more. The pipeline names the side from it (force_pipeline.hpp).
  double side_shift_m = 0;
  TimeNs t_ic_ns = 0, t_to_ns = 0;  ///< threshold crossings of the foot's own force
  /// Where the stance began on this plate: the start of the transfer that brought the foot (its
  /// first load, before its share reaches the threshold), or the loaded stretch's start.
  TimeNs t_begin_ns = 0;
  TimeNs t_first_ns = 0;              ///< time of fz[0]
  double dt_s = 0;                    ///< sample period
  std::span<const float> fz_n, fx_n;  ///< the foot's force, first sample after IC..before TO
  double cop_y_m = 0;                 ///< mean COPy in single support (all load on this foot)
  /// COPx at the end of single support minus at its start (lab frame; the belt carries it back).
  double cop_progression_m = 0;
  bool narrow = false;  ///< a double support of this step was split by COPx (narrow gait)
};

/// Processing thread; no allocation after construction; O(1) per sample, O(stance) per step.
class WalkSegmenter {
 public:
  /// Samples of the current bout kept for separating steps: 4 s at 2 kHz.
  static constexpr std::size_t kRingSamples = 8192;

  /// Throws std::invalid_argument naming the field and the valid range.
  WalkSegmenter(const WalkSegmenterConfig& config, const ContactThresholds& thresholds,
                double body_weight_n);

  /// The belt became loaded (the contact detector's initial contact at `t_ic_ns`).
  void begin_bout(TimeNs t_ic_ns);
  /// The data resumed after a gap with the belt loaded (a walker never unloads it): steps
  /// resume from the first transfer; the stance cut by the gap is not reported.
  void begin_bout_after_gap();
  bool in_bout() const { return phase_ != Phase::kIdle; }
  /// Where the current foot's stance began when a transfer began it (the start of that
  /// transfer), else -1.
  TimeNs stance_start_ns() const {
    return phase_ != Phase::kIdle && prev_.transfer ? at(prev_.i_start).t_ns : -1;
  }
  /// One sample of the loaded belt: summed force and the COP, tared, lab frame. Returns the
  /// stance of the foot that a transfer took the load off — confirm_ns after that foot's
  /// toe-off, once the next foot has carried the belt that long — or nullptr. The span data
  /// stay valid until the next call.
  const FootSegment* feed(TimeNs t_ns, double fz_n, double fx_n, double cop_x_m, double cop_y_m);
  /// The belt unloaded at `t_to_ns`: the last foot of a walking bout, or nullptr when the bout
  /// had no transfer (a running contact; the caller reports it as usual).
  const FootSegment* end_bout(TimeNs t_to_ns);
  /// Forget the bout (a gap in the data, a rejected blip).
  void reset();

  /// True while the current bout has had at least one transfer (the runner is walking).
  bool walking() const { return bout_transfers_ > 0; }
  std::uint64_t transfers() const { return transfers_; }
  std::uint64_t narrow_transfers() const { return narrow_; }
  /// Stances not reported: longer than max_stance_ns, older than the ring holds, cut by the
  /// end of a walk or a gap.
  std::uint64_t dropped_stances() const { return dropped_; }
  /// Stances not reported because they lasted more than 1.5× the median of the last 8: two
  /// feet merged by a transfer the COP did not show.
  std::uint64_t implausible_stances() const { return implausible_; }

 private:
  struct Sample {
    TimeNs t_ns;
    float fz_n, fx_n, cop_x_m, cop_y_m;
  };
  /// A boundary between two feet: a transfer, or the start/end of a bout.
  struct Boundary {
    std::uint64_t i_start = 0, i_end = 0;  ///< absolute sample numbers (inclusive)
    double x_start = 0, x_end = 0, y_start = 0, y_end = 0;
    bool transfer = false;  ///< false: bout start/end (the whole load on one foot)
    bool narrow = false;
    bool cut = false;  ///< a bout start after a gap: the stance began before the data
  };
  enum class Phase : std::uint8_t { kIdle, kSingle, kTransfer, kConfirm };

  const Sample& at(std::uint64_t i) const { return ring_[i % kRingSamples]; }
  /// The new foot's share of Fz at sample i inside transfer b.
  double share_new(const Boundary& b, const Sample& s) const;
  const FootSegment* cut_stance(const Boundary& from, const Boundary& to, TimeNs t_to_bout_ns);
  void close_transfer();

  WalkSegmenterConfig cfg_;
  ContactThresholds th_;
  double min_load_n_;
  std::array<Sample, kRingSamples> ring_{};
  std::uint64_t n_ = 0;            ///< samples written (absolute number of the next one)
  std::uint64_t last_loaded_ = 0;  ///< last sample whose COP was trusted (≥ min_load_bw)
  Phase phase_ = Phase::kIdle;
  std::uint64_t i_min_ = 0, i_max_ = 0;  ///< running extremes of COPx
  bool have_min_ = false;                ///< i_min_ is a trusted sample of this single support
  Boundary prev_{};                      ///< where the current foot's stance began
  Boundary pending_{};                   ///< the transfer in progress
  TimeNs t_bout_ic_ns_ = 0;
  std::uint32_t bout_transfers_ = 0;
  std::uint64_t transfers_ = 0, narrow_ = 0, dropped_ = 0, implausible_ = 0;
  static constexpr std::size_t kRecentStances = 8;
  static constexpr double kMaxContactVsMedian = 1.5;
  std::array<TimeNs, kRecentStances> recent_contact_ns_{};  // whole walking stances, ring
  std::size_t recent_count_ = 0;
  std::array<float, kRingSamples> foot_fz_{}, foot_fx_{};
  FootSegment out_{};
};

}  // namespace stridecue::processing
