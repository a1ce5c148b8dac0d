// Sample types handed from acquisition to processing, session and display.
//
// Lab frame (used everywhere after acquisition): X forward = running direction, Y left, Z up.
// Forces are the ground reaction: the force the ground (plate) applies to the runner.
// Moments are about the plate's own origin, in N·m, as the amplifier reports them.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "stridecue/core/time.hpp"

namespace stridecue {

enum class Side : std::uint8_t { kLeft = 0, kRight = 1, kUnknown = 2 };

constexpr std::string_view side_name(Side side) noexcept {
  switch (side) {
    case Side::kLeft:
      return "L";
    case Side::kRight:
      return "R";
    default:
      return "?";
  }
}

constexpr Side other_side(Side side) noexcept {
  return side == Side::kLeft ? Side::kRight : (side == Side::kRight ? Side::kLeft : Side::kUnknown);
}

/// One plate's six channels at one instant, in physical units, plate frame = lab frame.
struct PlateWrench {
  float fx_n = 0, fy_n = 0, fz_n = 0;
  float mx_nm = 0, my_nm = 0, mz_nm = 0;
};

inline constexpr int kMaxPlates = 2;

/// A centre of pressure on the contact surface, lab frame, m.
struct Cop {
  double x_m = 0, y_m = 0;
};

/// The centre of pressure from a wrench taken about a plate origin that lies `depth_m` below
/// the contact surface, lab axes (Z up). The force acts at r = (x, y, +depth) from the origin,
/// so M = r × F + Tz·ẑ gives Mx = y·Fz − depth·Fy and My = depth·Fx − x·Fz, hence
///   x = (Fx·depth − My) / Fz,  y = (Mx + Fy·depth) / Fz   (docs/science.md §3).
/// The one COP formula in StrideCue: processing, the simulator and imports all use it. Fz must
/// not be 0 (callers only ask under load). No allocation; any thread.
constexpr Cop cop_from_wrench(double fx_n, double fy_n, double fz_n, double mx_nm, double my_nm,
                              double depth_m) noexcept {
  return {(fx_n * depth_m - my_nm) / fz_n, (mx_nm + fy_n * depth_m) / fz_n};
}

/// COPy·Fz from the wrench (the numerator of y above), for Fz-weighted COP means. N·m.
constexpr double cop_y_times_fz(double fy_n, double mx_nm, double depth_m) noexcept {
  return mx_nm + fy_n * depth_m;
}

/// Sample flags, set by acquisition.
enum SampleFlags : std::uint8_t {
  kSampleGapBefore = 0x01,      ///< samples were lost (counter gap, reconnect) just before this one
  kSampleDeviceOverrun = 0x02,  ///< the device reported an overrun before this sample
};

/// All plates of one force device at one sample instant.
struct ForceFrame {
  TimeNs t_ns = 0;            ///< host steady clock, mapped from the device clock
  std::uint32_t counter = 0;  ///< device sample counter
  std::uint8_t device = 0;    ///< index of the device in the station
  std::uint8_t n_plates = 0;
  std::uint8_t flags = 0;  ///< SampleFlags
  std::array<PlateWrench, kMaxPlates> plate{};
};

/// All plates of one load-cell device at one sample instant: vertical force per cell, in N.
/// Cell order per plate: 0 front-left, 1 front-right, 2 rear-right, 3 rear-left (seen from above).
struct LoadCellFrame {
  TimeNs t_ns = 0;
  std::uint32_t counter = 0;
  std::uint8_t device = 0;
  std::uint8_t n_plates = 0;
  std::uint8_t flags = 0;
  std::array<std::array<float, 4>, kMaxPlates> cell_n{};
};

/// One pelvis IMU sample in the sensor frame (calibration to the pelvis happens in processing).
struct ImuSample {
  TimeNs t_ns = 0;  ///< host steady clock, mapped from the device clock
  std::uint32_t counter = 0;
  std::uint8_t device = 0;
  std::uint8_t flags = 0;            ///< SampleFlags
  std::array<float, 3> acc_mps2{};   ///< specific force, sensor frame
  std::array<float, 3> gyro_rads{};  ///< angular rate, sensor frame
};

/// A ForceFrame, LoadCellFrame or ImuSample with the fields every sample has filled in.
template <typename Sample>
Sample make_sample(TimeNs t_ns, std::uint32_t counter, std::uint8_t device, std::uint8_t flags) {
  Sample s;
  s.t_ns = t_ns;
  s.counter = counter;
  s.device = device;
  s.flags = flags;
  return s;
}

}  // namespace stridecue
