// A recorded session fed back into a station (StationConfig::external_feed) on its own thread:
// the items in the order processing took them, at the recorded pace (speed 1), faster, or as
// fast as the station takes them (speed 0). The requests go to the processing loop beforehand
// (ProcessingLoop::script_requests), so they land on the same items as when recorded.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "stridecue/acquisition/sample_queue.hpp"
#include "stridecue/session/reader.hpp"

namespace stridecue::session {

class Playback {
 public:
  /// A wait longer than this between two items (a device clock that jumped, a pause in the
  /// recording) is cut to it, so a replay never stalls.
  static constexpr TimeNs kMaxWait = kNsPerS;

  /// Opens the file (SessionError naming it). `queue` must outlive the playback.
  Playback(const std::filesystem::path& file, acquisition::SampleQueue& queue, double speed);
  ~Playback();
  Playback(const Playback&) = delete;
  Playback& operator=(const Playback&) = delete;

  const SessionReader& reader() const { return reader_; }
  /// The recorded requests, for ProcessingLoop::script_requests.
  std::vector<station::AppliedRequest> requests() const { return reader_.requests(); }

  void start();
  /// Stops early (within 50 ms) or waits for the end; joins. Idempotent.
  void stop();
  bool finished() const { return finished_.load(); }
  /// The problem that ended it early (a damaged chunk), or "".
  std::string problem() const;
  std::uint64_t items_fed() const { return fed_.load(); }

 private:
  void run();

  SessionReader reader_;
  acquisition::SampleQueue& queue_;
  double speed_;
  std::thread thread_;
  std::atomic<bool> stop_{false}, finished_{false};
  std::atomic<std::uint64_t> fed_{0};
  std::string problem_;  // written by the thread before finished_
};

}  // namespace stridecue::session
