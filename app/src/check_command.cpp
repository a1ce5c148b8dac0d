#include "check_command.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "stridecue/config/preset_file.hpp"
#include "stridecue/config/protocol.hpp"
#include "stridecue/config/station_file.hpp"
#include "stridecue/processing/step_metric.hpp"
#include "stridecue/sim/scenario.hpp"

namespace stridecue::app {

namespace {

struct CheckOptions {
  std::vector<std::string> stations;
  std::vector<std::string> scenarios;
  std::vector<std::string> protocols;
  std::vector<std::string> presets;
};

/// What a station file sets up, in the words a lab engineer checks it against.
void print_station(const std::string& file, const config::StationConfig& s) {
  const auto& f = s.engine.force;
  std::printf("%s: OK: station '%s', %zu device(s)\n", file.c_str(), s.name.c_str(),
              s.devices.size());
  for (const auto& d : s.devices) {
    std::printf("  %-10s %s at %u baud, %s protocol\n", d.name.c_str(),
                d.path.empty() ? ("usb " + d.usb_identity).c_str() : d.path.c_str(), d.baud,
                d.make_decoder ? "text" : "wire");
  }
  std::printf("  runner %.0f kg, %s belt, contact %s\n", f.body_mass_kg,
              f.belt == processing::BeltLayout::kSingle ? "single" : "split",
              f.on_bw_fraction > 0 ? "thresholds as a fraction of body weight"
                                   : (std::to_string(static_cast<int>(f.thresholds.on_n)) + "/" +
                                      std::to_string(static_cast<int>(f.thresholds.off_n)) + " N")
                                         .c_str());
  const auto& cue = s.engine.cue;
  std::printf("  cue when |SI| of %s over %zu steps exceeds %.1f %%\n",
              std::string(processing::step_metric_name(cue.metric)).c_str(), cue.window_steps,
              cue.threshold_pct);
}

void print_scenario(const std::string& file, const sim::Scenario& s) {
  const auto& r = s.emulator.runner;
  std::printf(
      "%s: OK: scenario '%s', %.0f s, %s at %.0f steps/min, %.1f m/s, %s belt%s\n", file.c_str(),
      s.name.c_str(), s.emulator.duration_s, r.gait == sim::Gait::kWalk ? "walking" : "running",
      r.cadence_spm, r.speed_mps, r.belt == sim::Belt::kSingle ? "single" : "split",
      s.emulator.script.empty()
          ? ""
          : (", " + std::to_string(s.emulator.script.size()) + " scripted change(s)").c_str());
}

/// "90 s", "5 min", "2 min 30 s", "2.5 s".
std::string duration_text(TimeNs ns) {
  char text[48];
  if (ns % kNsPerS != 0 || ns < 60 * kNsPerS) {
    std::snprintf(text, sizeof text, "%g s", ns_to_s(ns));
  } else if (const long long s = ns / kNsPerS; s % 60 == 0) {
    std::snprintf(text, sizeof text, "%lld min", s / 60);
  } else {
    std::snprintf(text, sizeof text, "%lld min %lld s", s / 60, s % 60);
  }
  return text;
}

/// The blocks in order, as the clinician will see them run.
void print_protocol(const std::string& file, const config::Protocol& p) {
  TimeNs timed_ns = 0;
  std::size_t until_next = 0;
  for (const auto& b : p.blocks) {
    if (b.duration_ns) {
      timed_ns += *b.duration_ns;
    } else {
      ++until_next;
    }
  }
  std::string length = duration_text(timed_ns);
  if (until_next > 0) {
    length += " + " + std::to_string(until_next) + " block(s) until the clinician moves on";
  }
  std::printf("%s: OK: protocol '%s', %zu block(s), %s\n", file.c_str(), p.name.c_str(),
              p.blocks.size(), length.c_str());
  for (std::size_t i = 0; i < p.blocks.size(); ++i) {
    const auto& b = p.blocks[i];
    char head[160];
    std::snprintf(head, sizeof head, "  %2zu %-10s %-20s %-10s", i + 1,
                  std::string(config::block_kind_name(b.kind)).c_str(), b.name.c_str(),
                  b.duration_ns ? duration_text(*b.duration_ns).c_str() : "until next");
    std::string line = head;
    if (b.speed_kmh) {
      char speed[32];
      std::snprintf(speed, sizeof speed, " %4g km/h", *b.speed_kmh);
      line += speed;
    }
    if (!b.cue_preset.empty()) line += "  cues: " + b.cue_preset;
    if (!b.instruction.empty()) line += "  \"" + b.instruction + "\"";
    std::printf("%s\n", line.c_str());
  }
}

/// A preset's rules, one line each, as the engine will judge them.
void print_preset(const std::string& file, const processing::CuePreset& p) {
  std::printf("%s: OK: cue preset '%s', %zu rule(s), %s schedule, at most %u a minute\n",
              file.c_str(), p.name.c_str(), p.rules.size(),
              std::string(processing::schedule_kind_name(p.schedule.kind)).c_str(),
              p.max_per_minute);
  if (p.metronome_pct > 0) {
    std::printf("  metronome at %g %% of the baseline cadence\n", p.metronome_pct);
  }
  for (const auto& r : p.rules) {
    const auto bound = [&](double v) {
      char text[32];
      std::snprintf(text, sizeof text, "%g", v);
      return std::string(text);
    };
    std::string target;
    if (r.target.from_table) {
      target = "the symmetry table's threshold";
    } else {
      const char* unit = r.target.ref == processing::TargetRef::kBaselinePct  ? " % of baseline"
                         : r.target.ref == processing::TargetRef::kBaselineSd ? " SD from baseline"
                                                                              : "";
      if (std::isfinite(r.target.low)) target += ">= " + bound(r.target.low) + unit;
      if (std::isfinite(r.target.high)) {
        target += (target.empty() ? "<= " : ", <= ") + bound(r.target.high) + unit;
      }
    }
    std::printf("  %d %-16s %s %s%s, target %s, %u of %u, \"%s\"\n", r.priority, r.name.c_str(),
                std::string(processing::step_metric_name(r.metric)).c_str(),
                r.value == processing::CueValueKind::kSymmetry ? "symmetry" : "step",
                r.value == processing::CueValueKind::kSymmetry
                    ? ""
                    : (" (" + std::string(processing::cue_sides_name(r.sides)) + ")").c_str(),
                target.c_str(), r.persist_k, r.persist_n, r.words.c_str());
  }
}

/// The presets a protocol's retraining blocks name must load too; 0 when all do.
int check_protocol_presets(const std::string& file, const config::Protocol& p) {
  int bad = 0;
  for (std::size_t i = 0; i < p.blocks.size(); ++i) {
    const auto& b = p.blocks[i];
    if (b.cue_preset.empty()) continue;
    try {
      (void)config::load_preset(config::find_preset(b.cue_preset));
    } catch (const config::PresetFileError& e) {
      std::fprintf(stderr, "%s: blocks[%zu].cue_preset '%s': %s\n", file.c_str(), i,
                   b.cue_preset.c_str(), e.what());
      ++bad;
    }
  }
  return bad;
}

int run_check(const CheckOptions& o) {
  int bad = 0;
  for (const auto& file : o.stations) {
    try {
      print_station(file, config::load_station(file));
    } catch (const config::StationFileError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ++bad;
    }
  }
  for (const auto& file : o.protocols) {
    try {
      const config::Protocol p = config::load_protocol(config::find_protocol(file));
      print_protocol(file, p);
      bad += check_protocol_presets(file, p);
    } catch (const config::ProtocolFileError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ++bad;
    }
  }
  for (const auto& file : o.presets) {
    try {
      print_preset(file, config::load_preset(config::find_preset(file)));
    } catch (const config::PresetFileError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ++bad;
    }
  }
  for (const auto& file : o.scenarios) {
    try {
      sim::Scenario s = sim::load_scenario(file);
      print_scenario(file, s);
    } catch (const sim::ScenarioError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ++bad;
    }
  }
  return bad == 0 ? 0 : 1;
}

}  // namespace

void add_check_command(CLI::App& app) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Check station, scenario, protocol and cue preset files without opening a port: every "
      "mistake with its file, line and setting (exit 1), or what the file sets up (exit 0)");
  cmd->add_option("--station", o->stations, "A station file (repeatable)");
  cmd->add_option("--scenario", o->scenarios, "A scenario file (repeatable)");
  cmd->add_option("--protocol", o->protocols,
                  "A protocol file, or a shipped protocol's name (repeatable)");
  cmd->add_option("--preset", o->presets,
                  "A cue preset file, or a shipped preset's name (repeatable; docs/cues.md)");
  cmd->callback([o] {
    if (o->stations.empty() && o->scenarios.empty() && o->protocols.empty() && o->presets.empty()) {
      throw CLI::ValidationError(
          "check", "give --station FILE, --scenario FILE, --protocol FILE or --preset FILE");
    }
    const int rc = run_check(*o);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace stridecue::app
