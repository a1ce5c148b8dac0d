// Split belt, a foot across the gap (docs/science.md §3): two pieces of stance, one per belt,
// that began together are one foot — reported once, with the belts' forces summed, flagged
// across_belts. A piece that may yet get a partner (the other belt began a contact or a COP
// transfer with it) waits for it, at most kMaxWait_ns after its toe-off; the end of the data
// releases it. Running, the pieces are the belts' contacts; walking, a crossing foot's share is
// cut from a belt's loaded stretch at its COP transfers (walk_segmenter.hpp).
#pragma once

#include <array>
#include <cstddef>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

/// Longest stance kept for metrics: 4096 samples (2 s at 2 kHz).
inline constexpr std::size_t kMaxStanceSamples = 4096;

/// One belt's part of one foot's stance (on a single belt, the whole stance).
struct StancePiece {
  bool valid = false;
  TimeNs t_ic_ns = 0, t_to_ns = 0, t_first_ns = 0, deadline_ns = 0;
  /// First load on this belt; pairs the pieces (a small share crosses the contact threshold
  /// tens of ms after the foot lands).
  TimeNs t_begin_ns = 0;
  bool share = false;          ///< cut from a belt's loaded stretch at a COP transfer
  bool walking = false;        ///< from the walking separator (a double support bounds it)
  double side_shift_m = kNaN;  ///< single belt, walking: the COP's shift that names the side
  double dt_s = 1e-3;
  std::size_t n = 0;
  std::array<float, kMaxStanceSamples> fz{}, fx{};
  double sum_fz = 0, sum_copy_fz = 0;  ///< Σ Fz, Σ COPy·Fz (lab Y)
  double cop_progression_m = kNaN, free_moment_peak_nm = kNaN;
};

/// Where pieces go once decided: alone, or as the two pieces of one foot.
class PieceOut {
 public:
  virtual ~PieceOut() = default;
  virtual void single(std::size_t plate, const StancePiece& piece) = 0;
  virtual void pair(std::size_t plate_a, const StancePiece& a, std::size_t plate_b,
                    const StancePiece& b) = 0;
};

/// Processing thread; no allocation; O(1) per piece.
class BeltPairing {
 public:
  static constexpr TimeNs kTogetherNs = 40 * kNsPerMs;
  static constexpr TimeNs kShareLagNs = 120 * kNsPerMs;
  static constexpr TimeNs kMaxWaitNs = kNsPerS;

  /// Two pieces of one foot: they began within kTogetherNs — or, for a piece cut at a COP
  /// transfer, up to kShareLagNs after the other (a small share moves the belt's COP forward
  /// only once the trailing foot unloads, so its transfer is seen late).
  static bool together(TimeNs begin_a, bool share_a, TimeNs begin_b, bool share_b);

  /// A finished piece of `plate` (taken: `piece` is left invalid): merged with a waiting
  /// partner, left waiting for one, or sent out alone. `other_contact_ns` / `other_transfer_ns`:
  /// when the other belt's current contact or COP transfer began (-1: none).
  void offer(std::size_t plate, StancePiece& piece, TimeNs other_contact_ns,
             TimeNs other_transfer_ns, PieceOut& out);
  /// Pieces whose wait ended before data time now_ns go out alone.
  void expire(TimeNs now_ns, PieceOut& out);
  /// The data ended: waiting pieces go out alone.
  void finish(PieceOut& out);

 private:
  std::array<StancePiece, kMaxPlates> waiting_{};  // a piece per plate waiting for a partner
};

}  // namespace stridecue::processing
