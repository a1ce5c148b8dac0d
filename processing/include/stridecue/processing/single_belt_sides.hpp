// Sides on a single belt (docs/science.md §3): both feet land on one plate, so which foot a
// contact was comes from the mediolateral centre of pressure and, when a pelvis IMU is present,
// the pelvis. The COP's evidence is a lateral shift: running, each contact's mean COPy against
// the previous contact's (higher, Y left, is the left foot); walking, the COP's move across the
// double support (walk_segmenter.hpp). A shift of ≥ 5 cm names the side. Under that, the IMU's
// answer (a SideHint: the swing-side hemipelvis drops in early stance) and a shift of ≥ 1 cm are
// both asked: if they disagree, the one that keeps the alternation from the previous step wins;
// if only one answers, it does; if neither, the side alternates from the previous contact
// (counted in ambiguous()). The first contact, and the first after a gap, have nothing to compare
// with: the IMU or unknown. Never by assuming strict alternation alone. Each step says which
// source named it (StepResult::side_source).
#pragma once

#include <cstdint>

#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

/// Processing thread; no allocation; O(1) per contact.
class SingleBeltSides {
 public:
  /// Names s.side and s.side_source from the COP's lateral shift (m, + = left; NaN when there is
  /// nothing to compare with), the side hint, or alternation; then remembers s.cop_y_m and the
  /// side as the reference for the next contact.
  void resolve(StepResult& s, double cop_shift_m, TimeNs t_ic_ns, TimeNs t_to_ns);
  /// The contact before a gap may be missing: the next one compares afresh.
  void forget() { have_reference_ = false; }
  /// The previous contact's mean COPy, when there is one (running's shift is against it).
  bool has_reference() const { return have_reference_; }
  double reference_cop_y_m() const { return reference_cop_y_m_; }

  /// A second opinion (the pelvis pipeline), or nullptr. It must outlive its use here.
  void set_hint(const SideHint* hint) { hint_ = hint; }

  /// Contacts whose side came from alternation because nothing else could tell.
  std::uint64_t ambiguous() const { return ambiguous_; }
  /// Contacts whose side came from the IMU.
  std::uint64_t from_imu() const { return from_imu_; }
  /// Contacts where a weak (1–5 cm) COP shift and the IMU disagreed.
  std::uint64_t disagreements() const { return disagreements_; }

 private:
  const SideHint* hint_ = nullptr;
  double reference_cop_y_m_ = 0;
  Side reference_side_ = Side::kUnknown;
  bool have_reference_ = false;
  std::uint64_t ambiguous_ = 0, from_imu_ = 0, disagreements_ = 0;
};

}  // namespace stridecue::processing
