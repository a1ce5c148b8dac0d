// Finding serial ports: what is plugged in, and which USB device each one is (libserialport).
// libserialport 0.1.1 cannot open pseudo-terminals (it needs a /sys/class/tty entry), so it is
// used only to enumerate and identify; I/O goes through Boost.Asio (docs/science.md §8).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue::acquisition {

struct PortInfo {
  std::string path;  ///< /dev/ttyUSB0
  std::string description;
  std::string transport;           ///< "usb", "native", "bluetooth" or "unknown"
  int usb_vid = -1, usb_pid = -1;  ///< -1 when not USB
  std::string manufacturer, product, serial_number;
  /// FTDI-style latency timer in ms from sysfs, when the driver has one (16 by default: too
  /// slow for live feedback; docs/science.md §8).
  std::optional<int> latency_timer_ms;

  /// "0403:6001" or "" when not USB.
  std::string usb_id() const;
};

/// All serial ports the system reports. Throws std::runtime_error naming libserialport's error.
std::vector<PortInfo> list_ports();

/// Reads the latency timer of a tty (e.g. "ttyUSB0") from sysfs, if present.
std::optional<int> read_latency_timer_ms(const std::string& tty_name);

/// What `stridecue ports` prints: a table, or a plain sentence when there are no ports.
std::string format_port_table(const std::vector<PortInfo>& ports);
/// The same as a JSON array.
std::string format_port_json(const std::vector<PortInfo>& ports);

/// A USB identity as a station file gives it: "VID:PID" or "VID:PID:SERIAL", VID and PID in hex.
struct UsbIdentity {
  int vid = 0, pid = 0;
  std::string serial;  ///< empty: any
};
/// Parses one; nothing (and why, in why_not) when it is malformed, so a station file can refuse
/// it at its line instead of waiting for a device that can never match.
std::optional<UsbIdentity> parse_usb_identity(std::string_view text,
                                              std::string* why_not = nullptr);

/// Matches a configured USB identity "VID:PID" or "VID:PID:SERIAL" (hex VID/PID) to a port.
/// Returns the path, or nullopt when none (or more than one, without a serial) matches.
std::optional<std::string> find_port_by_usb_id(const std::vector<PortInfo>& ports,
                                               const std::string& usb_identity,
                                               std::string* why_not = nullptr);

}  // namespace stridecue::acquisition
