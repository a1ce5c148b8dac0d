// Replay of recorded wire-protocol byte streams (what a port carried, e.g. the plates.bin and
// imu.bin of `stridecue sim --out`) through the same decoders, at real-time pace or as fast as
// possible. Streams are aligned at their first frame: each device's time starts when its first
// frame was taken.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "stridecue/acquisition/decoder.hpp"
#include "stridecue/acquisition/health.hpp"

namespace stridecue::acquisition {

struct ReplayStream {
  std::string name;            ///< e.g. "plates"
  std::filesystem::path file;  ///< raw wire bytes
};

/// The first HELLO in a recorded wire stream (how many plates, which rate), read from its first
/// 64 KiB; nothing when there is none. Throws std::invalid_argument naming a file that cannot be
/// read. Caller's thread, allocates.
std::optional<DeviceInfo> first_device_info(const std::filesystem::path& file);

class Replay {
 public:
  /// speed: 1 = real time, 0 = as fast as possible (the sink is then expected to wait for
  /// space rather than drop, see QueueSink::Overflow::kWait). Throws std::invalid_argument
  /// naming a file that cannot be read.
  Replay(std::vector<ReplayStream> streams, SampleSink& sink, double speed = 1.0);
  ~Replay();
  Replay(const Replay&) = delete;
  Replay& operator=(const Replay&) = delete;

  /// Starts the replay thread; host time of the first frame = now.
  void start();
  /// Stops early (or waits for the end) and joins. Idempotent.
  void stop();
  /// True once every stream has been read to its end.
  bool finished() const { return finished_.load(); }

  std::size_t stream_count() const;
  HealthSnapshot health(std::size_t i) const;

 private:
  struct Source;
  void run();

  std::vector<std::unique_ptr<Source>> sources_;
  SampleSink& sink_;
  double speed_;
  std::thread thread_;
  std::atomic<bool> stop_{false}, finished_{false};
};

}  // namespace stridecue::acquisition
