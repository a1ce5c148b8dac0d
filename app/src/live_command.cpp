#include "live_command.hpp"

#include "exit_codes.hpp"
#include "session_recording.hpp"

#include "cli_checks.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "console_report.hpp"
#include "protocol_driver.hpp"
#include "stridecue/config/station_file.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/session/library.hpp"
#include "stridecue/session/playback.hpp"
#ifdef STRIDECUE_WITH_DISPLAY
#include "stridecue/display/live_window.hpp"
#endif

namespace stridecue::app {

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_live_signal(int) {
  g_stop = true;
}

struct LiveOptions {
  std::string station_file;
  std::string replay_dir;
  double speed = 1.0;
  bool headless = false;
  double duration_s = 0;
  double mass_kg = 0;
  double tare_s = 0;
  bool record = true;
  std::string protocol;       ///< a shipped protocol's name or a file; "" for none
  std::string baseline_from;  ///< a session whose saved baseline the run starts from
  std::string subject;        ///< the subject this session is of
};

/// Asks for a tare and waits for its result; returns whether it succeeded.
bool tare(station::Station& station, double seconds) {
  std::printf("Tare: keep the treadmill unloaded and the belt still for %.1f s…\n", seconds);
  std::fflush(stdout);
  station.processing().request_tare(s_to_ns(seconds));
  const TimeNs give_up = steady_now_ns() + s_to_ns(seconds + 5);
  processing::TareResult r;
  while (!station.outputs().tares.pop(r)) {
    if (steady_now_ns() > give_up || g_stop) {
      std::printf("Tare: no data from the plates; check the devices (nothing was changed).\n");
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (r.ok) {
    std::printf("Tare: done (Fz zero %.1f N / %.1f N).\n", r.fz_offset_n[0], r.fz_offset_n[1]);
  } else {
    std::printf("Tare refused: %s.\n", r.reason);
  }
  return r.ok;
}

[[maybe_unused]] bool have_display() {
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

/// Fills `cfg` for a replay of recorded wire streams (plates.bin, imu.bin in a folder).
void replay_streams(const LiveOptions& o, config::StationConfig& cfg) {
  namespace fs = std::filesystem;
  cfg.name = "replay of " + o.replay_dir;
  cfg.devices.clear();
  for (const char* name : {"plates", "imu"}) {
    const fs::path f = fs::path(o.replay_dir) / (std::string(name) + ".bin");
    if (fs::exists(f)) cfg.replay.push_back({name, f});
  }
  if (cfg.replay.empty()) {
    throw std::runtime_error(o.replay_dir +
                             ": no plates.bin or imu.bin to replay (record one "
                             "with `stridecue sim SCENARIO --out DIR`)");
  }
  cfg.replay_speed = o.speed;
  // The recording says how many plates it has: one plate is a single belt, whatever the
  // default; a station file that says otherwise is named.
  const auto plates = std::find_if(cfg.replay.begin(), cfg.replay.end(),
                                   [](const auto& r) { return r.name == "plates"; });
  if (plates == cfg.replay.end()) return;
  const auto info = acquisition::first_device_info(plates->file);
  if (!info) return;
  const bool single = info->n_plates == 1;
  const bool station_single = cfg.engine.force.belt == processing::BeltLayout::kSingle;
  if (o.station_file.empty()) {
    cfg.engine.force.belt =
        single ? processing::BeltLayout::kSingle : processing::BeltLayout::kSplit;
    if (single) std::printf("Replaying a single-belt recording (one plate).\n");
  } else if (single != station_single) {
    std::printf(
        "Warning: %s has %d plate(s) but %s says a %s belt; the station file is used "
        "(set processing.belt: %s to match the recording).\n",
        plates->file.string().c_str(), info->n_plates, o.station_file.c_str(),
        station_single ? "single" : "split", single ? "single" : "split");
  }
}

/// Fills `cfg` for a replay of a recorded session (by id, id prefix or file): its recorded
/// settings unless a station file gives others. Returns the session file.
std::filesystem::path replay_session(const LiveOptions& o, config::StationConfig& cfg) {
  const std::filesystem::path file = session::SessionLibrary().find(o.replay_dir);
  const session::SessionReader reader(file);
  const session::SessionMeta& m = reader.meta();
  if (o.station_file.empty()) {
    cfg = config::parse_station(m.settings_yaml, "the settings of session " + m.id.substr(0, 8));
  }
  if (!cfg.engine.initial_baseline) cfg.engine.initial_baseline = reader.initial_baseline();
  cues_for_replay(reader, cfg.engine);
  cfg.name = "replay of session " + m.id.substr(0, 8);
  cfg.devices.clear();
  cfg.external_feed = true;
  std::printf("Replaying session %s (%s, %s, %s) with %s\n", m.id.c_str(), m.station.c_str(),
              m.started_utc.c_str(), m.kind.c_str(),
              o.station_file.empty() ? "the recorded settings"
                                     : ("the settings of " + o.station_file).c_str());
  return file;
}

int run_live(const LiveOptions& o) {
  namespace fs = std::filesystem;
  config::StationConfig cfg;
  if (!o.station_file.empty()) cfg = config::load_station(o.station_file);
  fs::path session_file;
  if (!o.replay_dir.empty()) {
    std::error_code ec;
    if (fs::is_directory(o.replay_dir, ec)) {
      replay_streams(o, cfg);
    } else {
      session_file = replay_session(o, cfg);
    }
  }
  if (o.mass_kg > 0 && !o.replay_dir.empty()) {
    cfg.engine.pelvis.body_mass_kg = cfg.engine.force.body_mass_kg = o.mass_kg;
  }
  // A live run is a session; a replay re-analyses one and records nothing.
  const bool record = o.record && o.replay_dir.empty();
  std::optional<config::Protocol> protocol;
  std::optional<session::Subject> subject;
  std::string baseline_id, sources;
  std::vector<session::SessionMeta::PresetText> presets;
  if (!o.replay_dir.empty() && (!o.protocol.empty() || !o.subject.empty())) {
    throw std::runtime_error(
        "--protocol and --subject set up a live session; a replay applies "
        "what was recorded (drop them, or give --station to re-analyse)");
  }
  if (o.replay_dir.empty()) {
    if (!o.protocol.empty()) protocol = config::load_protocol(config::find_protocol(o.protocol));
    if (!o.subject.empty()) subject = load_subject(o.subject);
    if (!o.baseline_from.empty()) {
      cfg.engine.initial_baseline =
          baseline_from_session(o.baseline_from, &baseline_id, &cfg.engine.initial_step_baseline);
    }
    if (protocol) {
      presets = load_protocol_cues(cfg.engine, *protocol, subject ? subject->id : "", sources);
    }
    SettingInputs in;
    if (o.mass_kg > 0) in.cli_mass_kg = o.mass_kg;
    in.subject = subject;
    in.protocol = protocol ? &*protocol : nullptr;
    in.station_file = o.station_file;
    in.baseline_from = baseline_id;
    sources += resolve_settings(cfg.engine, in);
  }
  station::RecordingQueues queues;
  station::Station station(std::move(cfg), record ? &queues : nullptr);
  SessionRecording recording(
      {record, "live", subject ? subject->id : std::string(),
       protocol ? protocol->name : std::string(), o.station_file, sources, baseline_id, presets},
      queues);
  std::unique_ptr<session::Playback> playback;
  if (!session_file.empty()) {
    playback = std::make_unique<session::Playback>(session_file, station.feed(), o.speed);
    station.processing().script_requests(playback->requests());
  }
  std::signal(SIGINT, on_live_signal);
  std::signal(SIGTERM, on_live_signal);
  const TimeNs end_ns = o.duration_s > 0 ? steady_now_ns() + s_to_ns(o.duration_s) : INT64_MAX;
  acquisition::Replay* replaying = nullptr;
  auto over = [end_ns, &replaying, &playback] {
    return g_stop.load() || steady_now_ns() >= end_ns || (replaying && replaying->finished()) ||
           (playback && playback->finished());
  };
  std::unique_ptr<ProtocolDriver> driver;
  // Everything that feeds the station stops first, then the station (which then has all of it).
  auto stop_all = [&] {
    if (driver) driver->stop();
    if (playback) playback->stop();
    station.stop();
  };

  bool headless = o.headless;
#ifdef STRIDECUE_WITH_DISPLAY
  if (!headless && !have_display()) {
    std::printf("No display found (DISPLAY and WAYLAND_DISPLAY are not set): running headless.\n");
    headless = true;
  }
#else
  headless = true;
#endif
  recording.start(station);
  if (protocol) {
    driver = std::make_unique<ProtocolDriver>(*protocol, station, recording.recorder(), stdout);
    std::printf("Protocol '%s': %zu blocks (docs/protocols.md)\n", protocol->name.c_str(),
                protocol->blocks.size());
  }
  station.start();
  if (playback) playback->start();
  replaying = station.replay();
  if (o.tare_s > 0) tare(station, o.tare_s);
  if (!headless) {
#ifdef STRIDECUE_WITH_DISPLAY
    const int rc = display::run_live_window(station.live_view(), [&] {
      if (driver) driver->tick();
      return over();
    });
    stop_all();
    recording.stop();
    return rc;
#endif
  }
  std::printf("Station '%s': %zu device(s); Ctrl-C stops.\n", station.config().name.c_str(),
              station.config().devices.size());
  ConsoleReport report(stdout);
  report.print_columns();
  while (!over()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (driver) driver->tick();
    report.drain(station.outputs(), station.processing().first_sample_ns());
  }
  stop_all();
  report.drain(station.outputs(), station.processing().first_sample_ns());
  report.print_summary(station);
  if (playback && !playback->problem().empty()) {
    std::printf("Replay ended early: %s\n", playback->problem().c_str());
  }
  recording.stop();
  const bool nothing = report.explain_empty(
      station, o.replay_dir.empty() ? "the station's devices" : "the recording in " + o.replay_dir,
      !o.replay_dir.empty());
  // A replay that decoded nothing is a wrong input, not an empty session.
  return nothing && !o.replay_dir.empty() ? kExitNothingReadable : 0;
}

}  // namespace

void add_live_command(CLI::App& app) {
  auto o = std::make_shared<LiveOptions>();
  CLI::App* cmd = app.add_subcommand(
      "live",
      "Run a station from its YAML file (devices by port or USB identity, protocols, processing "
      "settings) with live step metrics and cues");
  cmd->add_option("--station", o->station_file, "Station file, e.g. config/station-sim.yaml")
      ->check(CLI::ExistingFile);
  cmd->add_option(
      "--replay", o->replay_dir,
      "Replay instead of opening devices: a recorded session (its id, the first "
      "characters of it, its file, or latest; with its recorded settings) or a folder of "
      "recorded wire streams (plates.bin, imu.bin); --station gives other processing "
      "settings to re-analyse with");
  cmd->add_option("--speed", o->speed, "Replay speed: 1 = real time, 0 = as fast as possible")
      ->check(finite_range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_flag("--headless", o->headless, "Print to the terminal instead of opening a window");
  cmd->add_option("--protocol", o->protocol,
                  "Run a protocol block by block: a shipped one (clinic-assessment, "
                  "clinic-retraining, coach-drill, demo) or a file (docs/protocols.md)");
  cmd->add_option("--subject", o->subject,
                  "The subject this session is of (`stridecue subjects add`): their mass, "
                  "unless --mass");
  cmd->add_option("--baseline-from", o->baseline_from,
                  "Start from the runner's baseline saved in an earlier session (its id, the "
                  "first characters, or latest): symmetry is compared with it from the first "
                  "step");
  cmd->add_flag("!--no-record", o->record,
                "Do not record the run as a session (live runs are recorded by default; replays "
                "never are)");
  cmd->add_option("--duration", o->duration_s, "Stop after this many seconds (default: Ctrl-C)")
      ->check(finite_range(0.1, 24 * 3600.0));
  cmd->add_option("--tare", o->tare_s,
                  "Zero the plates at start from this many seconds of an unloaded, still "
                  "treadmill (refused, with the reason, if someone stands on it)")
      ->check(finite_range(0.1, 10.0));
  cmd->add_option("--mass", o->mass_kg,
                  "Runner body mass, kg (overrides the subject's and the station file's)")
      ->check(finite_range(20.0, 250.0));
  cmd->callback([o] {
    if (o->station_file.empty() && o->replay_dir.empty()) {
      throw CLI::ValidationError("live", "give --station FILE, or --replay DIR");
    }
    const int rc = run_live(*o);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace stridecue::app
