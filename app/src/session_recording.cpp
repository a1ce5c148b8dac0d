#include "session_recording.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "stridecue/config/preset_file.hpp"
#include "stridecue/config/station_yaml.hpp"
#include "stridecue/processing/step_metric.hpp"
#include "stridecue/session/library.hpp"
#include "stridecue/session/reader.hpp"

namespace stridecue::app {

namespace {
std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
}  // namespace

session::Subject load_subject(const std::string& id) {
  return session::SubjectStore().get(id);
}

std::string resolve_settings(processing::GaitEngineConfig& engine, const SettingInputs& in) {
  std::string lines;
  const auto line = [&lines](const std::string& name, const std::string& value,
                             const std::string& source) {
    lines += name + ": " + value + " (" + source + ")\n";
  };
  const std::string station =
      in.station_file.empty() ? std::string("default") : "station file " + in.station_file;
  // Body mass: --mass, else the subject's, else the station file's (or the default).
  double mass = engine.force.body_mass_kg;
  std::string mass_from = station;
  if (in.subject) {
    mass = in.subject->body_mass_kg;
    mass_from = "subject " + in.subject->id;
  }
  if (in.cli_mass_kg) {
    mass = *in.cli_mass_kg;
    mass_from = "command line --mass";
  }
  engine.force.body_mass_kg = engine.pelvis.body_mass_kg = mass;
  line("runner.body_mass_kg", number(mass), mass_from);
  if (in.subject) {
    const session::Subject& s = *in.subject;
    const std::string from = "subject " + s.id;
    if (s.height_m) line("subject.height_m", number(*s.height_m), from);
    if (s.leg_length_m) line("subject.leg_length_m", number(*s.leg_length_m), from);
    line("subject.affected_side", std::string(session::affected_side_name(s.affected_side)), from);
    if (!s.complaint.empty()) line("subject.complaint", s.complaint, from);
  }
  // The static calibration and the baseline block: the protocol's blocks, else the station's.
  bool protocol_static = false, protocol_baseline = false;
  if (in.protocol) {
    for (std::size_t i = 0; i < in.protocol->blocks.size(); ++i) {
      const auto& b = in.protocol->blocks[i];
      const std::string where = "protocol " + in.protocol->name + " block " + std::to_string(i + 1);
      if (b.kind == config::BlockKind::kStatic && !protocol_static) {
        protocol_static = true;
        line("pelvis.static_calibration", "at the static block", where);
      }
      if (b.kind == config::BlockKind::kBaseline && !protocol_baseline) {
        protocol_baseline = true;
        line("processing.baseline", "the baseline block", where);
      }
    }
    engine.baseline = {};
    if (protocol_static) engine.pelvis.calibrate_at_start = false;
  }
  if (!protocol_static) {
    line("pelvis.calibrate_at_start", engine.pelvis.calibrate_at_start ? "true" : "false", station);
  }
  if (!protocol_baseline) {
    line("processing.baseline",
         engine.baseline.enabled()
             ? number(engine.baseline.start_s) + " s + " + number(engine.baseline.duration_s) + " s"
             : std::string("none"),
         in.protocol ? "protocol " + in.protocol->name + " (no baseline block)" : station);
  }
  if (!in.baseline_from.empty()) {
    line("initial_baseline", "the runner's baseline", "restored from session " + in.baseline_from);
  }
  line("processing.symmetry_cue",
       std::string(processing::step_metric_name(engine.cue.metric)) + " > " +
           number(engine.cue.threshold_pct) + " % over " + std::to_string(engine.cue.window_steps) +
           " steps",
       in.cue_source);
  return lines;
}

processing::SymmetryBaseline baseline_from_session(const std::string& id_or_file,
                                                   std::string* full_id,
                                                   std::optional<processing::StepBaseline>* steps) {
  const session::SessionReader reader(session::SessionLibrary().find(id_or_file));
  if (full_id) *full_id = reader.meta().id;
  if (steps) *steps = reader.final_step_baseline();
  std::string from;
  const auto b = reader.final_baseline(&from);
  if (!b) {
    throw session::SessionError("session " + reader.meta().id.substr(0, 8) +
                                " has no baseline (no baseline block was completed in it); "
                                "record one with a protocol's baseline block");
  }
  std::printf("Starting from the baseline of session %s (%s)\n",
              reader.meta().id.substr(0, 8).c_str(), from.c_str());
  return *b;
}

std::vector<session::SessionMeta::PresetText> load_protocol_cues(
    processing::GaitEngineConfig& engine, const config::Protocol& protocol,
    const std::string& subject_id, std::string& sources) {
  std::vector<session::SessionMeta::PresetText> texts;
  std::vector<processing::CuePreset> presets;
  bool station_cue = false;
  for (std::size_t i = 0; i < protocol.blocks.size(); ++i) {
    const config::ProtocolBlock& b = protocol.blocks[i];
    if (b.kind != config::BlockKind::kRetraining) continue;
    if (b.cue_preset.empty()) {
      station_cue = true;
      continue;
    }
    const bool loaded = std::any_of(presets.begin(), presets.end(),
                                    [&](const auto& p) { return p.name == b.cue_preset; });
    if (loaded) continue;
    try {
      const std::filesystem::path file = config::find_preset(b.cue_preset);
      processing::CuePreset p = config::load_preset(file);
      p.name = b.cue_preset;  // the protocol selects it by this name
      std::ifstream in(file);
      std::ostringstream text;
      text << in.rdbuf();
      texts.push_back({p.name, file.string(), text.str()});
      sources += "cue_preset: " + p.name + " (protocol " + protocol.name + " block " +
                 std::to_string(i + 1) + ", " + file.string() + ")\n";
      presets.push_back(std::move(p));
    } catch (const config::PresetFileError& e) {
      throw config::PresetFileError("protocol " + protocol.name + " block " +
                                    std::to_string(i + 1) + " names cue preset '" + b.cue_preset +
                                    "': " + e.what());
    }
  }
  if (station_cue) {
    presets.push_back(
        processing::symmetry_preset(engine.cue.metric, engine.cue.threshold_pct,
                                    static_cast<std::uint32_t>(engine.cue.window_steps),
                                    static_cast<std::uint32_t>(engine.cue.hold_off_steps)));
  }
  if (presets.empty()) presets.push_back(processing::CuePreset{"none", "", {}, {}, 6, 3, 0, ""});
  engine.cue_presets = std::move(presets);
  engine.initial_cue_preset = processing::CueEngine::kNoPreset;
  // The subject's place in a programme: their earlier sessions + this one.
  std::uint32_t number = 1;
  if (!subject_id.empty()) {
    for (const auto& e : session::SessionLibrary().list()) {
      if (e.summary.meta.subject == subject_id) ++number;
    }
  }
  engine.session_number = number;
  sources += "session_number: " + std::to_string(number) +
             (subject_id.empty() ? " (no subject)" : " (subject " + subject_id + "'s sessions)") +
             "\n";
  return texts;
}

void cues_for_replay(const session::SessionReader& reader, processing::GaitEngineConfig& engine) {
  if (!engine.initial_step_baseline) engine.initial_step_baseline = reader.initial_step_baseline();
  const auto requests = reader.requests();
  const bool by_block = std::any_of(requests.begin(), requests.end(), [](const auto& r) {
    return r.kind == station::AppliedRequest::Kind::kCues;
  });
  if (!by_block) return;  // the station's own cue from the start, as recorded
  std::vector<processing::CuePreset> presets;
  for (const auto& t : reader.presets()) {
    processing::CuePreset p = config::parse_preset(t.yaml, "session preset " + t.name);
    p.name = t.name;
    presets.push_back(std::move(p));
  }
  presets.push_back(
      processing::symmetry_preset(engine.cue.metric, engine.cue.threshold_pct,
                                  static_cast<std::uint32_t>(engine.cue.window_steps),
                                  static_cast<std::uint32_t>(engine.cue.hold_off_steps)));
  engine.cue_presets = std::move(presets);
  engine.initial_cue_preset = processing::CueEngine::kNoPreset;
}

SessionRecording::SessionRecording(SessionOptions options, station::RecordingQueues& queues)
    : options_(std::move(options)), queues_(queues) {}

SessionRecording::~SessionRecording() {
  stop();
}

void SessionRecording::start(station::Station& station) {
  if (!options_.enabled) return;
  session::SessionMeta meta;
  meta.id = session::new_session_id();
  meta.station = station.config().name;
  meta.started_utc = session::utc_now();
  meta.software = "stridecue 0.1.0";
  meta.subject = options_.subject;
  meta.protocol = options_.protocol;
  meta.kind = options_.kind;
  meta.settings_yaml = config::station_yaml(station.config());
  meta.settings_sources = options_.sources;
  meta.initial_baseline = station.config().engine.initial_baseline;
  meta.initial_baseline_from = options_.baseline_from;
  meta.initial_step_baseline = station.config().engine.initial_step_baseline;
  meta.presets = options_.presets;
  if (!options_.station_file.empty()) {
    std::ifstream in(options_.station_file);
    std::ostringstream text;
    text << in.rdbuf();
    meta.settings_sources += "# station file " + options_.station_file + ":\n" + text.str();
  }
  const session::SessionLibrary library;
  try {
    recorder_ = std::make_unique<session::SessionRecorder>(
        library.new_session_file(meta), meta, queues_, [&station] {
          std::vector<session::HealthRow> rows;
          for (std::size_t i = 0; i < station.device_count(); ++i) {
            const auto h = station.device_health(i);
            session::HealthRow r;
            r.device = static_cast<std::uint8_t>(i);
            r.name = station.device_name(i);
            r.state = std::string(acquisition::link_state_name(h.state));
            r.frames = h.frames;
            r.samples = h.samples;
            r.crc_errors = h.crc_errors;
            r.other_errors = h.other_errors;
            r.counter_gaps = h.counter_gaps;
            r.lost_samples = h.lost_samples;
            r.reconnects = h.reconnects;
            if (const auto info = station.device_info(i)) {
              char id[160];
              std::snprintf(id, sizeof id, "%s %s fw %u.%u.%u, %u plate(s), %u Hz, cal %u",
                            std::string(acquisition::device_kind_name(info->kind)).c_str(),
                            std::string(info->serial_view()).c_str(), info->fw_major,
                            info->fw_minor, info->fw_patch, info->n_plates, info->sample_rate_hz,
                            info->calibration_id);
              r.identity = id;
            }
            rows.push_back(std::move(r));
          }
          // Samples the processing queue dropped (processing fell behind) never reached the
          // engine nor the file: counted here.
          session::HealthRow q;
          q.device = 255;
          q.name = "processing queue";
          q.state = "dropped";
          q.lost_samples = station.queue_drops();
          rows.push_back(std::move(q));
          return rows;
        });
  } catch (const session::SessionError& e) {
    std::fprintf(stderr, "Not recording this session: %s\n", e.what());
    return;
  }
  recorder_->start();
  session::SessionRecorder* r = recorder_.get();
  station.add_alarm_source([r] { return r->problem(); });
  std::printf("Recording session %s to %s\n", meta.id.c_str(), recorder_->file().c_str());
}

void SessionRecording::stop() {
  if (!recorder_ || stopped_) return;
  recorder_->stop();
  const std::string id = recorder_->meta().id;
  std::uint64_t steps = 0;
  try {
    steps = session::SessionReader(recorder_->file()).summary().steps;
  } catch (const session::SessionError& e) {
    std::fprintf(stderr, "%s\n", e.what());
  }
  std::printf("Session %s saved (%llu steps%s): %s\n  stridecue sessions show %s\n", id.c_str(),
              static_cast<unsigned long long>(steps),
              recorder_->ok() ? "" : "; recording stopped early, see above",
              recorder_->file().c_str(), id.substr(0, 8).c_str());
  stopped_ = true;  // the recorder stays: the station's alarm list still asks it
}

}  // namespace stridecue::app
