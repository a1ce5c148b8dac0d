// The acquisition stage: one thread running a Boost.Asio io_context that reads any number of
// serial devices (USB adapters and pseudo-terminals alike), decodes their streams and hands
// samples to a SampleSink. Devices that fail are reopened with backoff until stop().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stridecue/acquisition/decoder.hpp"
#include "stridecue/acquisition/device_info.hpp"
#include "stridecue/acquisition/health.hpp"

namespace stridecue::acquisition {

/// Makes the decoder of one device (called once, at construction).
using DecoderFactory =
    std::function<std::unique_ptr<Decoder>(std::uint8_t device_index, DeviceHealth& health)>;

struct SerialDeviceConfig {
  SerialDeviceConfig() = default;
  SerialDeviceConfig(std::string device_name, std::string device_path, unsigned baud_rate = 921600)
      : name(std::move(device_name)), path(std::move(device_path)), baud(baud_rate) {}

  std::string name;  ///< e.g. "plates", "pelvis" — used in messages
  std::string path;  ///< /dev/ttyUSB0, /dev/pts/7, a /dev/serial/by-id link, …
  /// Instead of a path: the USB identity "VID:PID" or "VID:PID:SERIAL" (hex), looked up with
  /// libserialport at every (re)connect, so the device is found again after re-enumeration.
  std::string usb_identity;
  unsigned baud = 921600;
  TimeNs stall_timeout_ns = 500 * kNsPerMs;  ///< no bytes for this long → "stalled"
  TimeNs reconnect_max_backoff_ns = 500 * kNsPerMs;
  /// Bytes but no valid frame for this long → suspect_line_settings() (wrong baud or protocol).
  TimeNs line_check_window_ns = 2 * kNsPerS;
  /// The device's protocol; empty = the StrideCue wire protocol (WireDecoder).
  DecoderFactory make_decoder;
};

/// Supported baud rates: what Boost 1.74's serial_port accepts (standard termios constants).
bool is_supported_baud(unsigned baud);
/// "use 921600 or 2000000"-style hint listing the nearest supported rates.
std::string supported_baud_hint(unsigned baud);

class Acquisition {
 public:
  /// sink is called on the acquisition thread. Throws std::invalid_argument naming the device
  /// when a config is unusable (unsupported baud, neither path nor USB identity).
  Acquisition(std::vector<SerialDeviceConfig> devices, SampleSink& sink);
  ~Acquisition();
  Acquisition(const Acquisition&) = delete;
  Acquisition& operator=(const Acquisition&) = delete;

  /// Starts the acquisition thread. Devices that cannot be opened yet are retried.
  void start();
  /// Cancels reads, closes ports, stops the io_context and joins the thread. Idempotent.
  void stop();

  std::size_t device_count() const;
  const SerialDeviceConfig& device_config(std::size_t i) const;
  /// Any thread.
  HealthSnapshot health(std::size_t i) const;
  /// True when bytes arrive but no valid frame decoded for line_check_window_ns: the usual sign of
  /// a wrong baud rate or protocol (the log says which device and what to check). Any thread.
  bool suspect_line_settings(std::size_t i) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stridecue::acquisition
