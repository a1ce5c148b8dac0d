// Pelvis angle conventions shared by the IMU pipeline, the simulator's truth and the marker
// reference in the tests (docs/science.md §5: "a stated Cardan sequence and signs").
//
// Frames. Lab/world: X forward (the direction the runner faces on the treadmill), Y left, Z up.
// Pelvis: X forward, Y left, Z up; at the static calibration it is level (Z against gravity)
// and its X axis points along the direction of travel (pelvis_calibration.hpp), so every angle
// is relative to the standing posture.
//
// Sequence. R (pelvis → world) = Rz(ψ) · Ry(θ) · Rx(φ), intrinsic Z-Y-X — rotation first, then
// tilt, then obliquity. With heading first, tilt and obliquity do not depend on the heading,
// which a gyro-only orientation cannot hold (Baker 2001, Gait Posture 13:1, argues for
// rotation-obliquity-tilt ordering of pelvic angles for the same reason of interpretability).
//   tilt      = +θ  anterior tilt + (the forward axis tips down),
//   obliquity = −φ  + when the LEFT hemipelvis is lower (the right side up),
//   rotation  = −ψ  + when the left ASIS moves forward (the pelvis turns to the right).
// "Drop of the named side +": left drop = +obliquity, right drop = −obliquity.
// The simulator's truth uses the same definitions (sim/runner_pelvis.hpp).
#pragma once

#include <Eigen/Core>

namespace stridecue::processing {

/// Pelvis angles in degrees (conventions above).
struct PelvisAngles {
  double tilt_deg = 0;
  double obliquity_deg = 0;
  double rotation_deg = 0;
};

/// Decomposes R (pelvis → world) into the angles above. Gimbal lock (|tilt| = 90°) does not
/// occur for a pelvis. No allocation.
PelvisAngles pelvis_angles_from_rotation(const Eigen::Matrix3d& pelvis_to_world);

/// The inverse: R (pelvis → world) for the given angles. No allocation.
Eigen::Matrix3d rotation_from_pelvis_angles(const PelvisAngles& angles);

}  // namespace stridecue::processing
