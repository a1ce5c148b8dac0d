// A session file: one clinic session in one SQLite database (WAL), written by the recorder on its
// own thread and read back by the library, `sessions show` and replay. Its schema is in
// docs/sessions.md; the durability promise: a commit at least every 250 ms, so a crash or kill
// loses at most the last 250 ms and never what was committed before.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "stridecue/core/sample_item.hpp"
#include "stridecue/processing/step_baseline.hpp"
#include "stridecue/processing/symmetry_tracker.hpp"
#include "stridecue/station/gait_event_queue.hpp"

namespace stridecue::session {

/// A session file that cannot be written or read; the message names the file and the fix.
class SessionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The schema this build writes and reads. Older files are migrated on open; a newer one is
/// refused with "written by a newer StrideCue".
inline constexpr int kSchemaVersion = 2;
/// SQLite application_id of session files ("SCSN"), so `file` and tools can tell them apart.
inline constexpr std::int32_t kApplicationId = 0x5343534E;

/// Who and what a session is: written once when it starts (and `ended_utc` when it ends).
struct SessionMeta {
  std::string id;           ///< globally unique (UUID v4)
  std::string station;      ///< the station's name (sessions of several treadmills can be pooled)
  std::string started_utc;  ///< ISO 8601, e.g. 2026-12-06T07:30:00Z
  std::string ended_utc;    ///< empty while recording (or after a crash)
  std::string software;     ///< e.g. "stridecue 0.1.0"
  std::string subject;      ///< subject id (pseudonym), or empty
  std::string protocol;     ///< protocol name, or empty
  std::string kind;         ///< "live", "demo", "replay"
  /// The station file as run (the effective settings, every value, in station-file YAML): a
  /// replay with "the recorded settings" parses this.
  std::string settings_yaml;
  /// Where each setting's value came from, one "setting: value (source)" per line.
  std::string settings_sources;
  /// The runner's baseline in force from the start (from an earlier session), if any; written
  /// with origin "restored from <id>" so a replay starts from it too.
  std::optional<processing::SymmetryBaseline> initial_baseline;
  std::string initial_baseline_from;  ///< the session it came from
  /// The per-step baseline restored with it (cue targets relative to the baseline, metronome).
  std::optional<processing::StepBaseline> initial_step_baseline;
  /// The cue presets the run could select, each as its file's text (a replay parses them
  /// again, so a cue plan recorded by name finds its preset).
  struct PresetText {
    std::string name, source, yaml;
  };
  std::vector<PresetText> presets;
};

/// A fresh UUID v4 (from /dev/urandom).
std::string new_session_id();
/// Now in ISO 8601 UTC.
std::string utc_now();

/// What a recorder writes besides the queues' contents, on its own thread: device health and
/// identities, sampled about once a second. Any thread may provide them.
struct HealthRow {
  std::uint8_t device = 0;
  std::string name;
  std::string state;
  std::string identity;  ///< what the device said it is (HELLO), or ""
  std::uint64_t frames = 0, samples = 0, crc_errors = 0, other_errors = 0, counter_gaps = 0,
                lost_samples = 0, reconnects = 0;
};

/// One protocol block as it ran.
struct BlockRow {
  int index = 0;
  std::string kind, name;
  TimeNs t_start_ns = 0, t_end_ns = -1;  ///< -1: still running (or the session stopped)
  std::string why_ended;
};

/// What a reader finds in a file.
struct SessionSummary {
  SessionMeta meta;
  std::uint64_t items = 0;  ///< samples and gap markers recorded
  std::uint64_t chunks = 0;
  TimeNs t_first_ns = 0, t_last_ns = 0;
  std::uint64_t steps = 0, cues = 0, requests = 0, markers = 0, alarms = 0;
  std::uint64_t samples_lost = 0;  ///< recording overflows and counter gaps, as recorded
  std::vector<BlockRow> blocks;
  std::vector<HealthRow> health;  ///< the last row of each device
};

}  // namespace stridecue::session
