// The session recorder: drains the processing thread's recording queues on its own thread into a
// session file. Samples go in chunks in the order processing took them; every gait event, applied
// request, gap, protocol block and (once a second) device health goes in its table. A commit at
// least every kCommitEvery: a crash loses at most that much. A write that fails (a full disk, a
// removed drive) stops the recording with a clear problem() while the live feedback goes on.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "stridecue/session/session_file.hpp"
#include "stridecue/station/recording_queues.hpp"

namespace stridecue::session {

class SessionRecorder {
 public:
  static constexpr TimeNs kCommitEvery = 100 * kNsPerMs;  ///< well inside the 250 ms promise

  using HealthFn = std::function<std::vector<HealthRow>()>;

  /// Creates `file` (and its folder, readable by the owner only: 0700 folder, 0600 file), writes
  /// the schema and `meta`. Throws SessionError naming the file (exists already, no space, not
  /// writable). `queues` must outlive the recorder; `health` is called on the recorder thread.
  SessionRecorder(const std::filesystem::path& file, SessionMeta meta,
                  station::RecordingQueues& queues, HealthFn health = {});
  ~SessionRecorder();
  SessionRecorder(const SessionRecorder&) = delete;
  SessionRecorder& operator=(const SessionRecorder&) = delete;

  /// Starts the recorder thread.
  void start();
  /// Writes what is still queued (call after the station has stopped, so nothing more comes),
  /// the end time and a final commit, and closes the file. Idempotent.
  void stop();

  /// Protocol blocks, from any thread (queued for the recorder thread).
  void block_started(int index, const std::string& kind, const std::string& name, TimeNs t_ns);
  void block_ended(int index, TimeNs t_ns, const std::string& why);

  /// False once a write failed; problem() then says what and that live feedback goes on.
  bool ok() const { return ok_.load(); }
  std::string problem() const;
  /// Items (samples and gap markers) committed so far. Any thread.
  std::uint64_t items_committed() const { return committed_items_.load(); }
  const std::filesystem::path& file() const { return file_; }
  const SessionMeta& meta() const { return meta_; }

 private:
  struct Writer;
  void run();
  void cycle(bool final);
  void fail(const std::string& what);

  std::filesystem::path file_;
  SessionMeta meta_;
  station::RecordingQueues& queues_;
  HealthFn health_;
  std::unique_ptr<Writer> writer_;
  std::thread thread_;
  std::atomic<bool> stop_{false}, ok_{true};
  std::atomic<std::uint64_t> committed_items_{0};
  mutable std::mutex mutex_;  // guards problem_ and blocks_
  std::string problem_;
  std::vector<BlockRow> blocks_;  // pending block rows for the recorder thread
  bool stopped_ = false;
  TimeNs last_commit_ns_ = 0, last_health_ns_ = 0;  // recorder thread
};

}  // namespace stridecue::session
