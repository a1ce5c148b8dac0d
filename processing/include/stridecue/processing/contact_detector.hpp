// Foot-contact detection on one plate's vertical force, with hysteresis and minimum durations.
//
// Thresholds after Tirosh & Sparrow 2003 (J Appl Biomech 19:178): 10–50 N are interchangeable
// for initial contact, toe-off wants ≤ 10–20 N; a fixed 20 N fails light runners, so thresholds
// may be given as a fraction of body weight too (docs/science.md §3). Crossing times are linearly
// interpolated between samples. Flight-phase ringing that crosses the on-threshold is rejected
// by the minimum contact duration and counted (docs/science.md §3, "Ringing") — judged by what
// follows the crossing, never by the time since the last toe-off alone: a foot landing 20 ms
// after the other's toe-off (a short flight, fast running) is a step. Contact time depends
// on the thresholds (≈ 8 ms between 20 and 50 N on RBDS001, docs/science.md §3): outputs name them.
#pragma once

#include <cstdint>

#include "stridecue/core/time.hpp"

namespace stridecue::processing {

struct ContactThresholds {
  double on_n = 30.0;                     ///< force rising through this starts a contact
  double off_n = 20.0;                    ///< force falling through this ends it (≤ on_n)
  TimeNs min_contact_ns = 80 * kNsPerMs;  ///< shorter "contacts" are blips: rejected, counted
  /// An on-crossing sooner than this after a toe-off is suspected ringing: if it then ends
  /// within min_contact_ns it is counted in rejected_ringing() too.
  TimeNs min_flight_ns = 30 * kNsPerMs;
};

/// A confirmed contact, reported once, at toe-off.
struct Contact {
  TimeNs t_ic_ns = 0;  ///< on-threshold crossing, interpolated
  TimeNs t_to_ns = 0;  ///< off-threshold crossing, interpolated
};

/// Time at which the line through (t0, f0), (t1, f1) reaches `level`; t1 when the line is flat
/// or does not reach it between the two samples. Every threshold crossing in processing uses it.
TimeNs threshold_crossing_ns(TimeNs t0, double f0, TimeNs t1, double f1, double level);

/// Single thread; no allocation; O(1) per sample.
class ContactDetector {
 public:
  explicit ContactDetector(const ContactThresholds& thresholds = {});

  enum class Event : std::uint8_t { kNone, kContactStarted, kContactEnded };

  /// Feeds one sample; returns what happened at it. After kContactEnded, last_contact() holds
  /// the contact. kContactStarted is provisional until the contact outlives min_contact_ns.
  Event feed(TimeNs t_ns, double fz_n);

  bool in_contact() const { return state_ == State::kContact; }
  /// False after reset() until the plate has been seen unloaded: the detector does not know
  /// whether a contact is in progress (and so reports none).
  bool settled() const { return state_ != State::kUnknown; }
  const Contact& last_contact() const { return last_; }
  TimeNs contact_start_ns() const { return t_ic_; }
  std::uint64_t rejected_blips() const { return rejected_; }
  /// Of those, the ones that began within min_flight_ns of a toe-off (plate ringing).
  std::uint64_t rejected_ringing() const { return ringing_; }
  /// Forgets the current contact (after a gap in the data).
  void reset();

 private:
  enum class State : std::uint8_t { kUnknown, kFlight, kContact };

  ContactThresholds th_;
  State state_ = State::kUnknown;
  TimeNs prev_t_ = 0;
  double prev_f_ = 0;
  bool have_prev_ = false;
  TimeNs t_ic_ = 0;
  TimeNs t_to_candidate_ = 0;
  Contact last_{};
  std::uint64_t rejected_ = 0, ringing_ = 0;
  bool suspect_ringing_ = false;
};

}  // namespace stridecue::processing
