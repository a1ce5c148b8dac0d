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
  /// The recorded cues, in order. A version 1 file has no kind, rule or block ("", "", -1) and
  /// its side is the larger side of a symmetry index.
  struct CueRow {
    TimeNs t_ns = 0;
    std::string text, metric, side;
    double value = 0;
    int window_steps = 0;
    std::string kind;  ///< "correction" or "praise"
    std::string rule;
    int block = -1;
  };
  std::vector<CueRow> cues() const;

  /// The adherence rows a rule's block ended with (CueAdherence with final set), in order;
  /// empty for a version 1 file.
  struct AdherenceRow {
    TimeNs t_ns = 0;
    int block = -1;
    std::string rule, metric;
    std::uint64_t judged = 0, inside = 0, cues = 0, praises = 0, withheld = 0;
    TimeNs first_cue_ns = -1, first_success_ns = -1;
  };
  std::vector<AdherenceRow> final_adherence() const;

  /// The cue presets the session could select, as their files' text (empty for version 1).
  std::vector<SessionMeta::PresetText> presets() const;

  /// The per-step baseline at the end of the session (the last one set, else the restored one)
  /// and the one restored at its start; none without (and in version 1 files).
  std::optional<processing::StepBaseline> final_step_baseline() const;
  std::optional<processing::StepBaseline> initial_step_baseline() const;

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
  int version_ = 0;  ///< the file's schema version
};

/// Feeds a session's items and requests through a gait engine built from `config` (the recorded
/// settings for an exact replay, or others to re-analyse), sending what it emits to `sink`.
void replay_session(const SessionReader& reader, const processing::GaitEngineConfig& config,
                    processing::GaitSink& sink);

}  // namespace stridecue::session
