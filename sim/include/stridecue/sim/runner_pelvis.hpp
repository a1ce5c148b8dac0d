// Pelvis orientation conventions of the simulated runner (the IMU truth).
//
// Pelvis frame: at standing it coincides with the lab frame (X forward, Y left, Z up).
// Orientation of the pelvis in the lab, v_lab = R · v_pelvis, intrinsic Z-Y-X Cardan sequence:
//   R = Rz(ψ) · Ry(θ) · Rx(φ),  ψ = −rotation,  θ = +tilt,  φ = −obliquity   (radians)
// Sign mapping (right-hand rule about the lab axes):
//   tilt      + = anterior: +θ about Y (left) tips the forward axis X down.
//   obliquity + = LEFT hemipelvis lower: −φ about X (forward) moves the left axis Y down.
//   rotation  + = left ASIS forward: −ψ about Z (up) moves the left axis Y forward.
// Angular velocity in the pelvis frame (standard Z-Y-X kinematics):
//   ω = (φ̇ − ψ̇ sin θ,  θ̇ cos φ + ψ̇ cos θ sin φ,  −θ̇ sin φ + ψ̇ cos θ cos φ)
// Sensor mounting: (a, b, c) = mount_misalignment_deg, sensor axes in the pelvis frame
//   M = Rx(a) · Ry(b) · Rz(c),  v_sensor = Mᵀ · v_pelvis.
#pragma once

#include <array>

#include "stridecue/sim/runner.hpp"

namespace stridecue::sim {

/// Row-major 3×3 rotation matrix.
using Mat3 = std::array<double, 9>;
using Vec3 = std::array<double, 3>;

/// R: pelvis frame → lab frame for the given angles. No allocation.
Mat3 pelvis_rotation_matrix(const PelvisState& angles);

/// Angular velocity of the pelvis in the pelvis frame, rad/s. No allocation.
Vec3 pelvis_angular_velocity(const PelvisState& angles, const PelvisRates& rates);

/// M: sensor frame → pelvis frame for mount_misalignment_deg (see the file comment).
Mat3 mount_rotation_matrix(const std::array<double, 3>& misalignment_deg);

/// m · v and mᵀ · v.
Vec3 rotate(const Mat3& m, const Vec3& v);
Vec3 rotate_transposed(const Mat3& m, const Vec3& v);

}  // namespace stridecue::sim
