#include "sim_command.hpp"

#include "cli_checks.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "stridecue/sim/runner.hpp"
#include "stridecue/sim/scenario.hpp"
#include "stridecue/sim/truth_csv.hpp"

namespace stridecue::app {

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_sim_signal(int) {
  g_stop = true;
}

struct SimOptions {
  std::string scenario = "healthy";
  std::vector<std::string> overrides;
  double duration_s = 0;
  long long seed = -1;
  std::string out_dir;
  std::string truth_dir;
  std::string port_dir;
  bool list = false;
  bool knobs = false;
};

std::string knob_table() {
  sim::RunnerConfig defaults;
  std::string out = "Runner knobs (--set NAME=VALUE, or under runner: in a scenario file):\n";
  for (const auto& f : sim::runner_fields()) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-32s %-10g %s\n", std::string(f.name).c_str(),
                  f.ref(defaults), std::string(f.help).c_str());
    out += line;
  }
  out +=
      "Other --set keys: seed, duration_s, gait=run|walk, belt=split|single,\n"
      "  plates=force6|loadcell, plates_rate_hz, imu_rate_hz, imu=on|off.\n"
      "Faults (corrupt_bytes_per_min, drop_frames_per_min, unplug, stall, clock_drift_ppm,\n"
      "  clock_jumps) and scripted changes go in scenario files: see docs/simulator.md.\n";
  return out;
}

void print_scenarios() {
  const auto dir = sim::default_scenario_dir();
  const auto names = sim::list_scenarios(dir);
  if (names.empty()) {
    std::printf("No scenarios in %s\n", dir.c_str());
    return;
  }
  std::printf("Scenarios in %s:\n", dir.c_str());
  for (const auto& n : names) {
    std::string desc;
    try {
      desc = sim::load_scenario(dir / (n + ".yaml")).description;
    } catch (const std::exception& e) {
      desc = std::string("(cannot load: ") + e.what() + ")";
    }
    std::printf("  %-24s %s\n", n.c_str(), desc.c_str());
  }
}

sim::Scenario build_scenario(const SimOptions& o) {
  sim::Scenario s = sim::load_scenario(sim::find_scenario(o.scenario, sim::default_scenario_dir()));
  for (const auto& kv : o.overrides) sim::apply_override(s, kv);
  if (o.duration_s > 0) s.emulator.duration_s = o.duration_s;
  if (o.seed >= 0) s.emulator.seed = static_cast<std::uint64_t>(o.seed);
  s.emulator.port_dir = o.port_dir;
  return s;
}

void print_stream_stats(const char* name, const sim::StreamStats& st) {
  std::printf(
      "  %-7s frames %llu (%llu bytes), refused by a full pty %llu, corrupted %llu, "
      "dropped %llu, not sent (stall/unplug) %llu, unplugs %llu\n",
      name, static_cast<unsigned long long>(st.frames_written),
      static_cast<unsigned long long>(st.bytes_written),
      static_cast<unsigned long long>(st.frames_refused),
      static_cast<unsigned long long>(st.frames_corrupted),
      static_cast<unsigned long long>(st.frames_dropped),
      static_cast<unsigned long long>(st.frames_not_sent),
      static_cast<unsigned long long>(st.unplugs));
}

int run_files(const sim::Scenario& s, const std::string& dir) {
  const auto st = sim::TreadmillEmulator::write_files(s.emulator, dir);
  std::printf("Wrote %.0f s of scenario '%s' to %s: plates.bin%s, steps.csv, pelvis.csv\n",
              s.emulator.duration_s, s.name.c_str(), dir.c_str(),
              s.emulator.with_imu ? ", imu.bin" : "");
  print_stream_stats("plates", st.plates);
  if (s.emulator.with_imu) print_stream_stats("imu", st.imu);
  return 0;
}

int run_realtime(sim::Scenario s, const std::string& truth_dir) {
  s.emulator.record_pelvis_truth = !truth_dir.empty();
  sim::TreadmillEmulator emu(s.emulator);
  std::unique_ptr<sim::TruthCsvWriter> truth;
  if (!truth_dir.empty()) {
    std::filesystem::create_directories(truth_dir);
    truth = std::make_unique<sim::TruthCsvWriter>(truth_dir);
  }
  std::printf("Scenario '%s': %s\n", s.name.c_str(), s.description.c_str());
  std::printf("plates: %s (%s, %u Hz)\n", emu.plates_port().c_str(),
              s.emulator.load_cell_plates ? "load cells" : "6-axis",
              s.emulator.plates.sample_rate_hz);
  if (s.emulator.with_imu) {
    std::printf("imu:    %s (%u Hz)\n", emu.imu_port().c_str(), s.emulator.imu.sample_rate_hz);
  }
  std::printf("Streaming in real time for %.0f s; Ctrl-C stops.\n", s.emulator.duration_s);
  std::fflush(stdout);
  std::signal(SIGINT, on_sim_signal);
  std::signal(SIGTERM, on_sim_signal);
  emu.start();
  auto flush_truth = [&] {
    if (!truth) return;
    for (const auto& h : emu.take_truth()) truth->step(h);
    for (const auto& p : emu.take_pelvis_truth()) truth->pelvis(p.t_sim_ns, p.angles);
  };
  while (!emu.finished() && !g_stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    flush_truth();
  }
  emu.stop();
  flush_truth();
  if (truth) truth->close();
  const auto st = emu.stats();
  std::printf("Done.\n");
  print_stream_stats("plates", st.plates);
  if (s.emulator.with_imu) print_stream_stats("imu", st.imu);
  return 0;
}

}  // namespace

void add_sim_command(CLI::App& app) {
  auto o = std::make_shared<SimOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sim",
      "Simulate a runner on an instrumented treadmill: stream the force-plate and pelvis-IMU "
      "wire protocol over pseudo-terminals in real time (acquisition opens them like USB "
      "adapters), or write it to files as fast as possible, with ground truth");
  cmd->add_option("scenario", o->scenario,
                  "Scenario name (see --list) or path to a scenario YAML file")
      ->capture_default_str();
  cmd->add_option("--set", o->overrides, "Override a knob: NAME=VALUE (repeatable; see below)");
  cmd->add_option("--duration", o->duration_s, "Seconds to simulate (overrides the scenario)")
      ->check(finite_range(0.1, 24 * 3600.0));
  cmd->add_option("--seed", o->seed, "Random seed (overrides the scenario)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", o->out_dir,
                  "Write plates.bin, imu.bin, steps.csv and pelvis.csv to this directory as fast "
                  "as possible instead of streaming");
  cmd->add_option("--truth", o->truth_dir,
                  "While streaming, write the ground truth (steps.csv, pelvis.csv) here");
  cmd->add_option("--ports", o->port_dir,
                  "Put the port links in this directory (e.g. /tmp/stridecue, as used by "
                  "config/station-sim.yaml) instead of a fresh temporary one");
  cmd->add_flag("--list", o->list, "List the shipped scenarios and exit");
  cmd->add_flag("--knobs", o->knobs, "List every runner knob with its default and exit");
  cmd->footer(knob_table());
  cmd->callback([o] {
    if (o->list) return print_scenarios();
    if (o->knobs) {
      std::printf("%s", knob_table().c_str());
      return;
    }
    const sim::Scenario s = build_scenario(*o);
    const int rc = o->out_dir.empty() ? run_realtime(s, o->truth_dir) : run_files(s, o->out_dir);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace stridecue::app
