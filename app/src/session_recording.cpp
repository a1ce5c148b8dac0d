#include "session_recording.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "stridecue/config/station_yaml.hpp"
#include "stridecue/session/library.hpp"
#include "stridecue/session/reader.hpp"

namespace stridecue::app {

processing::SymmetryBaseline baseline_from_session(const std::string& id_or_file,
                                                   std::string* full_id) {
  const session::SessionReader reader(session::SessionLibrary().find(id_or_file));
  if (full_id) *full_id = reader.meta().id;
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
