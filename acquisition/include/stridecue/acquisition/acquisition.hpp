// The acquisition stage: one thread running a Boost.Asio io_context that reads any number of
// serial devices (USB adapters and pseudo-terminals alike), decodes their streams and hands
// samples to a SampleSink. Devices that fail are reopened with backoff until stop().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stridecue/acquisition/device_info.hpp"
#include "stridecue/acquisition/health.hpp"
#include "stridecue/acquisition/stream_decoder.hpp"

namespace stridecue::acquisition {

struct SerialDeviceConfig {
  std::string name;  ///< e.g. "plates", "pelvis" — used in messages
  std::string path;  ///< /dev/ttyUSB0, /dev/pts/7, …
  unsigned baud = 921600;
  TimeNs stall_timeout_ns = 500 * kNsPerMs;  ///< no bytes for this long → "stalled"
  TimeNs reconnect_max_backoff_ns = 500 * kNsPerMs;
};

/// Supported baud rates: what Boost 1.74's serial_port accepts (standard termios constants).
bool is_supported_baud(unsigned baud);
/// "use 921600 or 2000000"-style hint listing the nearest supported rates.
std::string supported_baud_hint(unsigned baud);

class Acquisition {
 public:
  /// sink is called on the acquisition thread. Throws std::invalid_argument naming the device
  /// when a config is unusable (unsupported baud, empty path).
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stridecue::acquisition
