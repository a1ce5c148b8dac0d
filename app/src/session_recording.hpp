// A live or demo run recorded as a session in the library: the file is created when the run
// starts (its id printed), the recorder drains the station's recording queues, and the run's end
// prints where it went and how to look at it. Recording can be turned off; a file that cannot be
// created leaves the run going without it (and says so), as a full disk later does.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stridecue/config/protocol.hpp"
#include "stridecue/session/reader.hpp"
#include "stridecue/session/recorder.hpp"
#include "stridecue/session/subjects.hpp"
#include "stridecue/station/station.hpp"

namespace stridecue::app {

struct SessionOptions {
  bool enabled = true;
  std::string kind;           ///< "live" or "demo"
  std::string subject;        ///< subject id, or ""
  std::string protocol;       ///< protocol name, or ""
  std::string station_file;   ///< the station file run, kept in the session ("" for none)
  std::string sources;        ///< "setting: value (source)" lines
  std::string baseline_from;  ///< the session whose baseline the run starts from, or ""
  /// The cue presets the run may select, as their files' text (load_protocol_cues).
  std::vector<session::SessionMeta::PresetText> presets;
};

/// Where a run's settings can come from. One order decides (docs/sessions.md): the command line,
/// then the subject, then the protocol, then the station file, then the default.
struct SettingInputs {
  std::optional<double> cli_mass_kg;           ///< --mass
  std::optional<session::Subject> subject;     ///< --subject
  const config::Protocol* protocol = nullptr;  ///< --protocol
  std::string station_file;                    ///< --station ("" for none)
  std::string baseline_from;                   ///< --baseline-from: the session's id
  std::string cue_source = "station file";     ///< where the cue rule came from
};

/// Applies the inputs to `engine` in that order (mass from the subject unless --mass; a
/// protocol's static and baseline blocks replace the calibration at start and the automatic
/// block) and returns "setting: value (source)" lines for the session.
std::string resolve_settings(processing::GaitEngineConfig& engine, const SettingInputs& in);

/// Loads the cue presets a protocol's retraining blocks name (config/presets, docs/cues.md) into
/// engine.cue_presets — with the station's own symmetry cue for a retraining block that names
/// none — so no cue is given until the first retraining block; and the subject's session number
/// (their sessions in the library + 1) for faded schedules. Adds "setting: value (source)"
/// lines to `sources` and returns the presets' file texts for the session. Throws
/// config::PresetFileError naming the block and the preset.
std::vector<session::SessionMeta::PresetText> load_protocol_cues(
    processing::GaitEngineConfig& engine, const config::Protocol& protocol,
    const std::string& subject_id, std::string& sources);

/// A replay of a recorded session selects the cue presets it recorded: their texts are parsed
/// again into engine.cue_presets (with the station's own symmetry cue for blocks that named
/// none), and the replay starts without cues when the session selected cues by block, as it
/// did live. The per-step baseline it restored is restored too. Throws config::PresetFileError
/// for a recorded preset this build cannot read.
void cues_for_replay(const session::SessionReader& reader, processing::GaitEngineConfig& engine);

/// The subject with this id (SubjectError naming it, with "did you mean", when unknown).
session::Subject load_subject(const std::string& id);

/// The runner's baseline at the end of a recorded session (id, prefix, file or latest), to start
/// a new one from (`--baseline-from`). Throws SessionError when it has none, naming the session.
processing::SymmetryBaseline baseline_from_session(
    const std::string& id_or_file, std::string* full_id,
    std::optional<processing::StepBaseline>* steps = nullptr);

class SessionRecording {
 public:
  SessionRecording(SessionOptions options, station::RecordingQueues& queues);
  ~SessionRecording();

  /// Before the station starts: creates the file and starts the recorder (and adds its alarm to
  /// the station's).
  void start(station::Station& station);
  /// After the station has stopped: the rest is written and the file closed; prints the id.
  void stop();
  session::SessionRecorder* recorder() { return recorder_.get(); }

 private:
  SessionOptions options_;
  station::RecordingQueues& queues_;
  std::unique_ptr<session::SessionRecorder> recorder_;
  bool stopped_ = false;
};

}  // namespace stridecue::app
