// What a device says about itself in its HELLO message, in host types.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace stridecue::acquisition {

enum class DeviceKind : std::uint8_t { kUnknown = 0, kForce6 = 1, kLoadCell = 2, kImu = 3 };

constexpr std::string_view device_kind_name(DeviceKind k) {
  switch (k) {
    case DeviceKind::kForce6:
      return "force plates (6-axis)";
    case DeviceKind::kLoadCell:
      return "force plates (load cells)";
    case DeviceKind::kImu:
      return "pelvis IMU";
    default:
      return "unknown";
  }
}

struct DeviceInfo {
  DeviceKind kind = DeviceKind::kUnknown;
  std::array<char, 17> serial{};  ///< NUL-terminated
  std::uint8_t fw_major = 0, fw_minor = 0, fw_patch = 0;
  std::uint32_t calibration_id = 0;
  std::uint32_t sample_rate_hz = 0;
  std::uint8_t n_plates = 0;
  std::uint8_t samples_per_frame = 0;
  std::array<float, 6> scale{};  ///< physical units per count, per channel (see wire.h)
  std::uint16_t accel_range_g = 0, gyro_range_dps = 0;

  std::string_view serial_view() const { return {serial.data()}; }
  bool operator==(const DeviceInfo&) const = default;
};

}  // namespace stridecue::acquisition
