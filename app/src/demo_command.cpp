#include "demo_command.hpp"

#include "cli_checks.hpp"
#include "cue_option.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "console_report.hpp"
#include "protocol_driver.hpp"
#include "session_recording.hpp"
#include "stridecue/demo/demo_rig.hpp"
#include "stridecue/sim/scenario.hpp"
#ifdef STRIDECUE_WITH_DISPLAY
#include "stridecue/display/live_window.hpp"
#endif

namespace stridecue::app {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) {
  g_interrupted = true;
}

bool display_available() {
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (w && *w);
}

/// "FROM:TO" seconds (0 <= FROM, TO - FROM >= 5) or "off"; nullopt when malformed.
std::optional<station::BaselineBlockConfig> parse_baseline(const std::string& text) {
  if (text == "off") return station::BaselineBlockConfig{};
  const auto colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string from = text.substr(0, colon), to = text.substr(colon + 1);
  char* end_from = nullptr;
  char* end_to = nullptr;
  const double a = std::strtod(from.c_str(), &end_from);
  const double b = std::strtod(to.c_str(), &end_to);
  if (from.empty() || to.empty() || *end_from || *end_to) return std::nullopt;
  if (!(a >= 0 && b - a >= 5 && b <= 24 * 3600.0)) return std::nullopt;
  return station::BaselineBlockConfig{a, b - a};
}

demo::DemoConfig make_config(const DemoOptions& o) {
  demo::DemoConfig c;
  c.engine.baseline = parse_baseline(o.baseline).value_or(station::BaselineBlockConfig{});
  if (!o.scenario.empty()) {
    const sim::Scenario s =
        sim::load_scenario(sim::find_scenario(o.scenario, sim::default_scenario_dir()));
    c.emulator = s.emulator;
    c.emulator.duration_s = o.duration_s;
    c.engine.force.belt = s.emulator.runner.belt == sim::Belt::kSingle
                              ? processing::BeltLayout::kSingle
                              : processing::BeltLayout::kSplit;
    c.engine.pelvis.body_mass_kg = c.engine.force.body_mass_kg = s.emulator.runner.body_mass_kg;
    c.engine.cue.threshold_pct = o.threshold_pct;
    c.engine.cue.metric = cue_metric(o.cue_metric);
    c.emulator.respond.probability = o.respond;
    return c;
  }
  auto& r = c.emulator.runner;
  r.body_mass_kg = o.mass_kg;
  r.cadence_spm = o.cadence_spm;
  r.left.active_peak_bw = o.left_peak_bw;
  r.right.active_peak_bw = o.right_peak_bw;
  r.belt = sim::Belt::kSplit;
  r.standing_s = 5.0;  // the runner stands still first: the pelvis IMU's static calibration
  c.emulator.seed = o.seed;
  c.emulator.duration_s = o.duration_s;
  c.engine.pelvis.body_mass_kg = c.engine.force.body_mass_kg = o.mass_kg;
  c.engine.cue.threshold_pct = o.threshold_pct;
  c.engine.cue.metric = cue_metric(o.cue_metric);
  c.emulator.respond.probability = o.respond;
  return c;
}

int run_headless(demo::DemoRig& rig, const DemoOptions& o, SessionRecording& recording,
                 ProtocolDriver* protocol) {
  ConsoleReport report(stdout);
  report.print_header(o.duration_s, rig.emulator().plates_port(), rig.emulator().imu_port());
  while (!rig.emulator().finished() && !g_interrupted) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (protocol) protocol->tick();
    report.drain(rig.outputs(), rig.station().processing().first_sample_ns());
  }
  if (protocol) protocol->stop();
  rig.stop();
  report.drain(rig.outputs(), rig.station().processing().first_sample_ns());
  report.print_summary(rig.station(), &rig.emulator());
  recording.stop();
  return 0;
}
}  // namespace

int run_demo(const DemoOptions& options) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // A protocol runs the blocks: its static block calibrates the pelvis and its baseline block
  // is the baseline (instead of --baseline and the calibration at start).
  std::optional<config::Protocol> protocol;
  if (options.protocol != "off") {
    protocol = config::load_protocol(config::find_protocol(options.protocol));
  }
  // The subject's mass, unless --mass; the simulated runner is then that heavy too.
  std::optional<session::Subject> subject;
  if (!options.subject.empty()) subject = load_subject(options.subject);
  demo::DemoConfig config = make_config(options);
  std::string baseline_id;
  if (!options.baseline_from.empty()) {
    config.engine.initial_baseline = baseline_from_session(options.baseline_from, &baseline_id,
                                                           &config.engine.initial_step_baseline);
  }
  std::string sources;
  std::vector<session::SessionMeta::PresetText> presets;
  if (protocol) {
    presets = load_protocol_cues(config.engine, *protocol, subject ? subject->id : "", sources);
  }
  SettingInputs in;
  if (options.mass_given) in.cli_mass_kg = options.mass_kg;
  in.subject = subject;
  in.protocol = protocol ? &*protocol : nullptr;
  in.baseline_from = baseline_id;
  in.cue_source = "command line --cue-metric/--threshold (or their defaults)";
  sources += resolve_settings(config.engine, in);
  config.emulator.runner.body_mass_kg = config.engine.force.body_mass_kg;
  if (protocol) {
    // The simulated runner stands still through a first static block.
    const auto& first = protocol->blocks.front();
    if (first.kind == config::BlockKind::kStatic && first.duration_ns) {
      auto& standing = config.emulator.runner.standing_s;
      standing = std::max(standing, ns_to_s(*first.duration_ns) + 0.5);
    }
  }
  station::RecordingQueues queues;
  demo::DemoRig rig(config, &queues);
  SessionRecording recording(
      {options.record, "demo", subject ? subject->id : std::string(),
       protocol ? protocol->name : std::string(), "", sources, baseline_id, presets},
      queues);

  bool headless = options.headless;
  if (!headless && !display_available()) {
    std::printf("No display found (DISPLAY and WAYLAND_DISPLAY are not set): running headless.\n");
    headless = true;
  }
#ifndef STRIDECUE_WITH_DISPLAY
  if (!headless) {
    std::printf("This build has no dashboard (built without Qt): running headless.\n");
    headless = true;
  }
#endif
  const station::BaselineBlockConfig& b = rig.station().config().engine.baseline;
  if (!protocol && b.enabled() && b.start_s + b.duration_s > options.duration_s) {
    std::printf(
        "Note: the baseline block (--baseline %s) ends after the run (--duration %.0f): "
        "no baseline will be set.\n",
        options.baseline.c_str(), options.duration_s);
  }
  recording.start(rig.station());
  std::unique_ptr<ProtocolDriver> driver;
  if (protocol) {
    driver =
        std::make_unique<ProtocolDriver>(*protocol, rig.station(), recording.recorder(), stdout);
    std::printf("Protocol '%s': %zu blocks (docs/protocols.md)\n", protocol->name.c_str(),
                protocol->blocks.size());
  }
  rig.start();
  if (headless) return run_headless(rig, options, recording, driver.get());
#ifdef STRIDECUE_WITH_DISPLAY
  station::LiveView view = rig.station().live_view();
  view.settings.title = "live demo";
  const int rc = display::run_live_window(view, [&rig, &driver] {
    if (driver) driver->tick();
    return rig.emulator().finished();
  });
  if (driver) driver->stop();
  rig.stop();
  recording.stop();
  return rc;
#else
  return 0;
#endif
}

void add_demo_command(CLI::App& app) {
  auto opts = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Run an emulated split-belt treadmill and pelvis IMU over pseudo-terminals through the "
      "real acquisition and processing path, printing every step and cue (or showing them live)");
  cmd->add_flag("--headless", opts->headless, "Print to the terminal instead of opening a window");
  cmd->add_option("--duration", opts->duration_s,
                  "Seconds to simulate: the runner stands still for the first 5 s (the pelvis "
                  "IMU calibrates on it), then runs")
      ->check(finite_range(1.0, 24 * 3600.0))
      ->capture_default_str();
  CLI::Option* mass = cmd->add_option("--mass", opts->mass_kg,
                                      "Runner body mass, kg (default: the subject's, else 70)")
                          ->check(finite_range(20.0, 250.0));
  cmd->add_option("--left-peak", opts->left_peak_bw, "Simulated left active peak, BW")
      ->check(finite_range(1.0, 4.0))
      ->capture_default_str();
  cmd->add_option("--right-peak", opts->right_peak_bw, "Simulated right active peak, BW")
      ->check(finite_range(1.0, 4.0))
      ->capture_default_str();
  cmd->add_option("--cadence", opts->cadence_spm, "Simulated cadence, steps/min")
      ->check(finite_range(140.0, 200.0))
      ->capture_default_str();
  add_cue_metric_option(cmd, opts->cue_metric);
  cmd->add_option("--threshold", opts->threshold_pct,
                  "Cue when |symmetry index| of the cue metric exceeds this, % (the symmetry table "
                  "flags at it too)")
      ->check(finite_range(1.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--seed", opts->seed, "Simulation seed")->capture_default_str();
  cmd->add_option("--baseline", opts->baseline,
                  "The runner's baseline block, FROM:TO seconds of simulation (at least 5 s "
                  "long), or off; symmetry is then also shown as the change from it")
      ->check([](const std::string& v) {
        return parse_baseline(v) ? std::string()
                                 : "'" + v +
                                       "' is not a block; use FROM:TO seconds, e.g. 10:20 "
                                       "(TO at least 5 s after FROM), or off";
      })
      ->capture_default_str();
  cmd->add_option("--protocol", opts->protocol,
                  "The protocol run block by block: a shipped one (demo, clinic-assessment, "
                  "clinic-retraining, coach-drill), a file, or off (then --baseline applies)")
      ->capture_default_str();
  cmd->add_option("--subject", opts->subject,
                  "The subject this session is of (`stridecue subjects add`): their mass, "
                  "unless --mass");
  cmd->add_option("--baseline-from", opts->baseline_from,
                  "Start from the runner's baseline saved in an earlier session (its id, the "
                  "first characters, or latest): symmetry is compared with it from the first "
                  "step");
  cmd->add_flag("!--no-record", opts->record,
                "Do not record the run as a session (recorded by default; `stridecue sessions "
                "list` shows them)");
  cmd->add_option("--respond", opts->respond,
                  "How likely the simulated runner acts on a cue, 0..1: after 2 s it moves the "
                  "cued fault 30 % of the way to healthy over 3 s (0: never)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--scenario", opts->scenario,
                  "Run a simulator scenario (see `stridecue sim --list`) instead of the built-in "
                  "runner; --left-peak/--right-peak/--cadence/--seed are then ignored");
  cmd->callback([opts, mass] {
    opts->mass_given = mass->count() > 0;
    const int rc = run_demo(*opts);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace stridecue::app
