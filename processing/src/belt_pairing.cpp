#include "stridecue/processing/belt_pairing.hpp"

#include <cstdlib>
#include <utility>

namespace stridecue::processing {

bool BeltPairing::together(TimeNs begin_a, bool share_a, TimeNs begin_b, bool share_b) {
  const TimeNs d = begin_b - begin_a;  // > 0: b began later
  if (std::llabs(d) <= kTogetherNs) return true;
  return (share_b && d > 0 && d <= kShareLagNs) || (share_a && d < 0 && -d <= kShareLagNs);
}

void BeltPairing::offer(std::size_t plate, StancePiece& mine, TimeNs other_contact_ns,
                        TimeNs other_transfer_ns, PieceOut& out) {
  const std::size_t other = plate == 0 ? 1 : 0;
  StancePiece& theirs = waiting_[other];
  if (theirs.valid) {
    if (together(theirs.t_begin_ns, theirs.share, mine.t_begin_ns, mine.share)) {
      theirs.valid = mine.valid = false;  // one foot across the gap
      out.pair(other, theirs, plate, mine);
      return;
    }
    if (mine.t_begin_ns > theirs.t_begin_ns) {
      theirs.valid = false;  // this belt has moved past it: it will get no partner
      out.single(other, theirs);
    }
  }
  // The other belt began a contact, or a transfer (a crossing foot's share), with this piece:
  // its part of the foot is still to come.
  const bool partner_due =
      (other_contact_ns >= 0 && together(other_contact_ns, false, mine.t_begin_ns, mine.share)) ||
      (other_transfer_ns >= 0 && together(other_transfer_ns, true, mine.t_begin_ns, mine.share));
  if (partner_due && !waiting_[plate].valid) {
    std::swap(waiting_[plate], mine);
    waiting_[plate].deadline_ns = waiting_[plate].t_to_ns + kMaxWaitNs;
    mine.valid = false;
    return;
  }
  mine.valid = false;
  out.single(plate, mine);
}

void BeltPairing::expire(TimeNs now_ns, PieceOut& out) {
  for (std::size_t i = 0; i < waiting_.size(); ++i) {
    if (waiting_[i].valid && now_ns > waiting_[i].deadline_ns) {
      waiting_[i].valid = false;  // no partner came: a step of its own
      out.single(i, waiting_[i]);
    }
  }
}

void BeltPairing::finish(PieceOut& out) {
  for (std::size_t i = 0; i < waiting_.size(); ++i) {
    if (!waiting_[i].valid) continue;
    waiting_[i].valid = false;
    out.single(i, waiting_[i]);
  }
}

}  // namespace stridecue::processing
