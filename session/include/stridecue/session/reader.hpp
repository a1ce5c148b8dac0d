// Reading a session file back: what it holds (summary), its steps and cues, and its items in the
// order processing took them with the requests applied between them — what a replay feeds the
// gait engine. A file that is not a session, damaged, truncated or from a newer StrideCue is
// refused with a message naming it.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/session/session_file.hpp"

namespace stridecue::session {

class SessionReader {
 public:
  /// Opens (and, for an older schema, migrates) a session file. Throws SessionError.
  explicit SessionReader(const std::filesystem::path& file);
  ~SessionReader();
  SessionReader(const SessionReader&) = delete;
  SessionReader& operator=(const SessionReader&) = delete;

  const SessionMeta& meta() const { return meta_; }
  SessionSummary summary() const;
  /// `PRAGMA integrity_check`: "ok", or what SQLite found.
  std::string integrity() const;

  /// The recorded steps, in order.
  std::vector<processing::StepResult> steps() const;
  /// The recorded cues (text, metric, value, window, side), in order.
  struct CueRow {
    TimeNs t_ns = 0;
    std::string text, metric, larger_side;
    double value = 0;
    int window_steps = 0;
  };
  std::vector<CueRow> cues() const;

  /// The runner's baseline at the end of the session: the last one set in it, else the one it
  /// restored at its start; none without either. `from` gets "set" or "restored from <id>".
  std::optional<processing::SymmetryBaseline> final_baseline(std::string* from = nullptr) const;
  /// The baseline restored at the start (an exact replay starts from it too).
  std::optional<processing::SymmetryBaseline> initial_baseline() const;

  /// The recorded gaps (counter gaps, disconnections, recording overflows, lost events).
  struct GapRow {
    TimeNs t_ns = 0;
    int device = -1;  ///< -1: not a device's (lost events)
    std::uint64_t lost = 0;
    std::string reason;
  };
  std::vector<GapRow> gaps() const;

  /// The recorded requests, in the order they were applied.
  std::vector<station::AppliedRequest> requests() const;

  /// Calls `item` for every recorded item in order and `request` for every applied request just
  /// before the item it was applied before. Throws SessionError naming a damaged chunk.
  void for_each(const std::function<void(const SampleItem&)>& item,
                const std::function<void(const station::AppliedRequest&)>& request) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  SessionMeta meta_;
};

/// Feeds a session's items and requests through a gait engine built from `config` (the recorded
/// settings for an exact replay, or others to re-analyse), sending what it emits to `sink`.
void replay_session(const SessionReader& reader, const processing::GaitEngineConfig& config,
                    processing::GaitSink& sink);

}  // namespace stridecue::session
