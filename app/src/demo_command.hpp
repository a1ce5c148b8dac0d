// `stridecue demo`: the emulated treadmill, through the real acquisition path, to live cues.
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace stridecue::app {

struct DemoOptions {
  bool headless = false;
  double duration_s = 60.0;
  double mass_kg = 70.0;
  double right_peak_bw = 2.75;
  double left_peak_bw = 2.45;
  double cadence_spm = 170.0;
  std::uint64_t seed = 1;
  double threshold_pct = 10.0;
  std::string cue_metric = "peak_vgrf_bw";  ///< what the cue rule watches (StepMetric name)
  std::string scenario;                     ///< a simulator scenario instead of the built-in runner
  /// The baseline block, "FROM:TO" seconds of simulation time, or "off".
  std::string baseline = "10:20";
  bool record = true;  ///< record the run as a session in the library
  /// The protocol run block by block (a shipped name or a file), or "off".
  std::string protocol = "demo";
  std::string baseline_from;  ///< a session whose saved baseline the run starts from
  std::string subject;        ///< a subject id: the run is theirs (their mass, unless --mass)
  bool mass_given = false;    ///< --mass was on the command line
  /// The simulated runner acts on a cue with this probability (cue_response.hpp); 0: never.
  double respond = 0.7;
};

/// Adds the subcommand; the callback runs the demo and exits with its status.
void add_demo_command(CLI::App& app);

/// Runs the demo; returns the process exit code.
int run_demo(const DemoOptions& options);

}  // namespace stridecue::app
