#include "stridecue/processing/single_belt_sides.hpp"

#include <cmath>

namespace stridecue::processing {

void SingleBeltSides::resolve(StepResult& s, double cop_shift_m, TimeNs t_ic_ns, TimeNs t_to_ns) {
  // Runners wander across the belt by more than their step width (RBDS001: left-foot COPs span
  // 5 cm and overlap the right foot's), so positions are never compared with a fixed midline:
  // only shifts between consecutive contacts.
  constexpr double kResolvable_m = 0.01, kStrong_m = 0.05;
  const double shift = std::fabs(cop_shift_m);  // NaN compares false below
  const Side by_cop =
      shift >= kResolvable_m ? (cop_shift_m > 0 ? Side::kLeft : Side::kRight) : Side::kUnknown;
  const Side by_imu =
      shift >= kStrong_m || !hint_ ? Side::kUnknown : hint_->side_for(t_ic_ns, t_to_ns);
  const Side alternate = have_reference_ ? other_side(reference_side_) : Side::kUnknown;
  const auto take = [&](Side side, SideSource source) {
    s.side = side;
    s.side_source = source;
    from_imu_ += source == SideSource::kImu;
  };
  if (shift >= kStrong_m) {
    take(by_cop, SideSource::kCop);
  } else if (by_imu != Side::kUnknown && by_cop != Side::kUnknown && by_imu != by_cop) {
    // Two sensors disagree: the one that keeps the alternation from the previous step wins
    // (the IMU when there is no previous side).
    ++disagreements_;
    if (alternate == by_cop) {
      take(by_cop, SideSource::kCop);
    } else {
      take(by_imu, SideSource::kImu);
    }
  } else if (by_imu != Side::kUnknown) {
    take(by_imu, SideSource::kImu);
  } else if (by_cop != Side::kUnknown) {
    take(by_cop, SideSource::kCop);
  } else if (have_reference_ && reference_side_ != Side::kUnknown) {
    s.side = other_side(reference_side_);
    s.side_source = SideSource::kAlternation;
    ++ambiguous_;
  } else {
    s.side = Side::kUnknown;
    s.side_source = SideSource::kUnknown;
  }
  reference_cop_y_m_ = s.cop_y_m;
  reference_side_ = s.side;
  have_reference_ = true;
}

}  // namespace stridecue::processing
