#include "stridecue/sim/scenario.hpp"

#include "stridecue/core/config_dir.hpp"
#include "stridecue/core/setting_error.hpp"
#include "stridecue/core/yaml_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace stridecue::sim {

namespace fs = std::filesystem;

namespace {

using Ctx = YamlReader<ScenarioError>;
using Entry = Ctx::Entry;

std::vector<std::string> runner_field_names() {
  std::vector<std::string> names;
  for (const auto& f : runner_fields()) names.emplace_back(f.name);
  return names;
}

void set_gait(Scenario& s, const std::string& gait, const Ctx& ctx, const YAML::Node& n) {
  if (gait == "walk") {
    const RunnerConfig keep = s.emulator.runner;
    s.emulator.runner = walking_config();
    s.emulator.runner.belt = keep.belt;
    s.emulator.runner.body_mass_kg = keep.body_mass_kg;
  } else if (gait == "run") {
    s.emulator.runner.gait = Gait::kRun;
  } else {
    ctx.fail(n, "runner.gait", "'" + printable(gait) + "' is not a gait; use run or walk");
  }
}

void set_belt(Scenario& s, const std::string& belt, const Ctx& ctx, const YAML::Node& n) {
  if (belt == "split")
    s.emulator.runner.belt = Belt::kSplit;
  else if (belt == "single")
    s.emulator.runner.belt = Belt::kSingle;
  else
    ctx.fail(n, "runner.belt", "'" + printable(belt) + "' is not a belt; use split or single");
}

/// runner: { key: value, left: {…}, right: {…} } → fields named "key", "left.key", …; each value
/// is remembered as "runner.<field>", the name the runner's own checks report.
void parse_runner(const YAML::Node& node, Scenario& s, const Ctx& ctx) {
  ctx.require_map(node, "runner");
  // gait first: walking starts from walking defaults, which the other keys then refine.
  if (node["gait"]) {
    ctx.attempt([&] { set_gait(s, ctx.word(node["gait"], "runner.gait"), ctx, node["gait"]); });
  }
  const auto names = runner_field_names();
  auto set_field = [&](const Entry& e) {
    const RunnerField* f = find_runner_field(e.key.substr(7));  // after "runner."
    if (!f) {
      ctx.fail(e.at, printable(e.key),
               "unknown setting" + suggestion(e.key.substr(7), names) +
                   " (`stridecue sim --knobs` lists them)");
    }
    f->ref(s.emulator.runner) = ctx.number(e.value, e.key);
  };
  ctx.each(node, "runner", [&](const Entry& e) {
    if (e.name == "gait") return;
    if (e.name == "belt") {
      set_belt(s, ctx.word(e.value, e.key), ctx, e.value);
    } else if (e.name == "left" || e.name == "right") {
      ctx.each(e.value, e.key, set_field);
    } else {
      set_field(e);
    }
  });
}

void parse_node_config(const YAML::Node& node, NodeConfig& nc, const std::string& key,
                       const Ctx& ctx, bool* load_cells) {
  ctx.each(node, key, [&](const Entry& e) {
    if (e.name == "rate_hz") {
      nc.sample_rate_hz = static_cast<std::uint32_t>(ctx.whole(e.value, e.key, 50, 10000));
    } else if (e.name == "samples_per_frame") {
      nc.samples_per_frame = static_cast<std::uint8_t>(ctx.whole(e.value, e.key, 1, 16));
    } else if (e.name == "clock_start_us") {
      nc.device_clock_start_us =
          static_cast<std::uint32_t>(ctx.whole(e.value, e.key, 0, 4294967295.0));
    } else if (e.name == "serial") {
      nc.serial = ctx.word(e.value, e.key);
      if (nc.serial.size() > 16) ctx.fail(e.value, e.key, "at most 16 characters");
    } else if (e.name == "kind" && load_cells) {
      const std::string kind = ctx.word(e.value, e.key);
      if (kind == "force6")
        *load_cells = false;
      else if (kind == "loadcell")
        *load_cells = true;
      else
        ctx.fail(e.value, e.key,
                 "'" + printable(kind) + "' is not a plate kind; use force6 or loadcell");
    } else {
      ctx.fail(e.at, printable(e.key),
               "unknown setting" + suggestion(e.name, {"rate_hz", "samples_per_frame",
                                                       "clock_start_us", "serial", "kind"}));
    }
  });
}

/// A list of {at_s, <second>} maps, each in its own attempt.
template <typename Read>
void each_item(const YAML::Node& node, const std::string& key, const char* second, const Ctx& ctx,
               Read&& read) {
  if (!node.IsSequence()) {
    ctx.fail(node, key, std::string("expected a list of {at_s, ") + second + "}");
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node w = node[i];
    const std::string item = key + "[" + std::to_string(i) + "]";
    ctx.attempt([&] {
      ctx.require_map(w, item);
      if (!w["at_s"] || !w[second]) {
        ctx.fail(w, item, std::string("each entry needs at_s and ") + second);
      }
      for (const auto& kv : w) {
        const std::string k = kv.first.Scalar();
        if (k != "at_s" && k != second) {
          ctx.fail(kv.first, item + "." + printable(k),
                   std::string("unknown setting; use at_s and ") + second);
        }
      }
      read(w, item);
    });
  }
}

std::vector<TimeWindow> parse_windows(const YAML::Node& node, const std::string& key,
                                      const Ctx& ctx) {
  std::vector<TimeWindow> out;
  each_item(node, key, "duration_s", ctx, [&](const YAML::Node& w, const std::string& item) {
    TimeWindow tw;
    tw.at_s = ctx.in_range(w["at_s"], item + ".at_s", 0, 1e6, "s");
    tw.duration_s = ctx.in_range(w["duration_s"], item + ".duration_s", 0.001, 1e6, "s");
    out.push_back(tw);
  });
  return out;
}

void parse_faults(const YAML::Node& node, LinkFaults& f, const std::string& key, const Ctx& ctx) {
  ctx.each(node, key, [&](const Entry& e) {
    if (e.name == "corrupt_bytes_per_min") {
      f.corrupt_bytes_per_min = ctx.in_range(e.value, e.key, 0, 1e6, "per minute");
    } else if (e.name == "drop_frames_per_min") {
      f.drop_frames_per_min = ctx.in_range(e.value, e.key, 0, 1e6, "per minute");
    } else if (e.name == "unplug") {
      f.unplug = parse_windows(e.value, e.key, ctx);
    } else if (e.name == "stall") {
      f.stall = parse_windows(e.value, e.key, ctx);
    } else if (e.name == "clock_drift_ppm") {
      f.clock_drift_ppm = ctx.in_range(e.value, e.key, -10000, 10000, "ppm");
    } else if (e.name == "clock_jumps") {
      each_item(e.value, e.key, "jump_ms", ctx, [&](const YAML::Node& j, const std::string& item) {
        f.clock_jumps.push_back({ctx.in_range(j["at_s"], item + ".at_s", 0, 1e6, "s"),
                                 ctx.in_range(j["jump_ms"], item + ".jump_ms", -3.6e6, 3.6e6, "ms",
                                              "at most an hour either way")});
      });
    } else {
      ctx.fail(e.at, printable(e.key),
               "unknown fault" +
                   suggestion(e.name, {"corrupt_bytes_per_min", "drop_frames_per_min", "unplug",
                                       "stall", "clock_drift_ppm", "clock_jumps"}));
    }
  });
}

/// Where each scripted change was typed, in script order (before sorting by time).
struct ScriptPlaces {
  std::vector<std::string> keys;  // "script[2].set.cadence_spm"
};

void parse_script(const YAML::Node& node, Scenario& s, const Ctx& ctx, ScriptPlaces& places) {
  if (!node.IsSequence()) ctx.fail(node, "script", "expected a list of {at_s, ramp_s, set: {…}}");
  const auto names = runner_field_names();
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node entry = node[i];
    const std::string item = "script[" + std::to_string(i) + "]";
    ctx.attempt([&] {
      double at = -1, ramp = 0;
      YAML::Node set;
      bool have_set = false;
      ctx.each(entry, item, [&](const Entry& e) {
        if (e.name == "at_s")
          at = ctx.in_range(e.value, e.key, 0, 1e6, "s");
        else if (e.name == "ramp_s")
          ramp = ctx.in_range(e.value, e.key, 0, 1e6, "s");
        else if (e.name == "set") {
          set = e.value;
          have_set = true;
        } else
          ctx.fail(e.at, printable(e.key), "unknown setting; use at_s, ramp_s and set");
      });
      if (at < 0 || !have_set) ctx.fail(entry, item, "each entry needs at_s and set");
      ctx.each(set, item + ".set", [&](const Entry& kv) {
        const RunnerField* f = find_runner_field(kv.name);
        if (!f) ctx.fail(kv.at, printable(kv.key), "unknown setting" + suggestion(kv.name, names));
        s.emulator.script.push_back({at, ramp, f, ctx.number(kv.value, kv.key)});
        places.keys.push_back(kv.key);
      });
    });
  }
}

/// The runner's own checks, at the line where the refused setting was typed.
void validate_scenario(Scenario& s, const Ctx& ctx, const ScriptPlaces& places) {
  try {
    validate(s.emulator.runner);
  } catch (const SettingError& e) {
    const std::string key = "runner." + e.setting();
    const std::string typed = ctx.typed_text(key);
    ctx.problem_at(key, typed.empty() ? e.what() : "'" + typed + "': " + e.reason());
    ctx.finish();
  } catch (const std::invalid_argument& e) {
    ctx.problem_at("runner", e.what());
    ctx.finish();
  }
  // Scripted changes are checked by the runner itself, exactly as the run will apply them
  // (changes that are only valid together, fields that cannot change mid-run, starts too early),
  // in time order; a refused one is named at the line where it was typed.
  std::vector<std::size_t> order(s.emulator.script.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return s.emulator.script[a].at_s < s.emulator.script[b].at_s;
  });
  Runner runner(s.emulator.runner, s.emulator.seed);
  std::vector<ScriptedChange> sorted;
  for (const std::size_t i : order) {
    const ScriptedChange& c = s.emulator.script[i];
    const std::string key = i < places.keys.size() ? places.keys[i] : "script";
    std::ostringstream m;
    m << "'" << (ctx.find(key) ? ctx.typed_text(key) : std::to_string(c.value)) << "' at " << c.at_s
      << " s: ";
    try {
      runner.schedule(c);
    } catch (const SettingError& e) {
      // The change itself, or another setting it makes invalid (contact time vs cadence).
      if (e.setting() != c.field->name) m << "makes " << e.setting() << " invalid: ";
      ctx.problem_at(key, m.str() + e.reason());
      ctx.finish();
    } catch (const std::exception& e) {
      ctx.problem_at(key, m.str() + printable(e.what(), 300));
      ctx.finish();
    }
    sorted.push_back(c);
  }
  s.emulator.script = std::move(sorted);
}

}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& source) {
  const Ctx ctx{source};
  const YAML::Node root = ctx.load(yaml_text);
  if (!root.IsMap()) ctx.fail(root, "(top level)", "expected a mapping (name:, runner:, …)");

  Scenario s;
  s.emulator.duration_s = 60;
  ScriptPlaces places;
  ctx.each(root, "", [&](const Entry& e) {
    const std::string& key = e.name;
    const YAML::Node& v = e.value;
    if (key == "name") {
      s.name = ctx.word(v, key);
    } else if (key == "description") {
      s.description = ctx.text(v, key);
    } else if (key == "seed") {
      s.emulator.seed = static_cast<std::uint64_t>(ctx.whole(v, key, 0, 1e15));
    } else if (key == "duration_s") {
      s.emulator.duration_s = ctx.in_range(v, key, 0.1, 24 * 3600.0, "s");
    } else if (key == "runner") {
      parse_runner(v, s, ctx);
    } else if (key == "devices") {
      ctx.each(v, key, [&](const Entry& d) {
        if (d.name == "plates") {
          parse_node_config(d.value, s.emulator.plates, d.key, ctx, &s.emulator.load_cell_plates);
        } else if (d.name == "imu") {
          if (d.value.IsScalar() && (d.value.Scalar() == "none" || d.value.Scalar() == "off")) {
            s.emulator.with_imu = false;
          } else {
            parse_node_config(d.value, s.emulator.imu, d.key, ctx, nullptr);
          }
        } else {
          ctx.fail(d.at, printable(d.key), "unknown device; use plates or imu");
        }
      });
    } else if (key == "faults") {
      ctx.each(v, key, [&](const Entry& d) {
        if (d.name == "plates")
          parse_faults(d.value, s.emulator.plates_faults, d.key, ctx);
        else if (d.name == "imu")
          parse_faults(d.value, s.emulator.imu_faults, d.key, ctx);
        else
          ctx.fail(d.at, printable(d.key), "unknown device; use plates or imu");
      });
    } else if (key == "script") {
      parse_script(v, s, ctx, places);
    } else {
      ctx.fail(e.at, printable(key),
               "unknown section" + suggestion(key, {"name", "description", "seed", "duration_s",
                                                    "runner", "devices", "faults", "script"}));
    }
  });
  ctx.finish();
  s.emulator.runner.imu_rate_hz = s.emulator.imu.sample_rate_hz;
  validate_scenario(s, ctx, places);
  return s;
}

Scenario load_scenario(const fs::path& file) {
  const std::string text = read_settings_text<ScenarioError>(
      file, "scenario file", "`stridecue sim --list` shows the shipped scenarios");
  Scenario s = parse_scenario(text, file.filename().string());
  if (s.name.empty()) s.name = file.stem().string();
  return s;
}

void apply_override(Scenario& s, std::string_view kv) {
  const auto eq = kv.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw ScenarioError("--set " + printable(kv) + ": expected key=value, e.g. cadence_spm=175");
  }
  const std::string key(kv.substr(0, eq)), value(kv.substr(eq + 1));
  const std::string yaml_value = value.empty() ? "''" : value;
  // Reuse the YAML parser so overrides are checked exactly like files.
  std::string doc;
  if (key == "seed" || key == "duration_s") {
    doc = key + ": " + yaml_value;
  } else if (key == "gait" || key == "belt") {
    doc = "runner: {" + key + ": " + yaml_value + "}";
  } else if (key == "plates") {
    doc = "devices: {plates: {kind: " + yaml_value + "}}";
  } else if (key == "plates_rate_hz") {
    doc = "devices: {plates: {rate_hz: " + yaml_value + "}}";
  } else if (key == "imu_rate_hz") {
    doc = "devices: {imu: {rate_hz: " + yaml_value + "}}";
  } else if (key == "imu") {
    if (value != "on" && value != "off")
      throw ScenarioError("--set imu=" + printable(value) + ": use on or off");
    s.emulator.with_imu = value == "on";
    return;
  } else {
    const auto dot = key.find('.');
    doc = dot == std::string::npos ? "runner: {" + key + ": " + yaml_value + "}"
                                   : "runner: {" + key.substr(0, dot) + ": {" +
                                         key.substr(dot + 1) + ": " + yaml_value + "}}";
  }
  // Parse the override alone to validate it, then merge it onto the scenario.
  const Ctx ctx{"--set " + printable(kv)};
  YAML::Node n;
  try {
    n = YAML::Load(doc);
  } catch (const YAML::Exception&) {
    throw ScenarioError("--set " + printable(kv) + ": cannot read the value");
  }
  Scenario merged = s;
  if (n["seed"]) {
    merged.emulator.seed = static_cast<std::uint64_t>(ctx.whole(n["seed"], "seed", 0, 1e15));
  }
  if (n["duration_s"]) {
    merged.emulator.duration_s = ctx.in_range(n["duration_s"], "duration_s", 0.1, 24 * 3600.0, "s");
  }
  if (n["runner"]) parse_runner(n["runner"], merged, ctx);
  if (n["devices"] && n["devices"]["plates"]) {
    parse_node_config(n["devices"]["plates"], merged.emulator.plates, "devices.plates", ctx,
                      &merged.emulator.load_cell_plates);
  }
  if (n["devices"] && n["devices"]["imu"]) {
    parse_node_config(n["devices"]["imu"], merged.emulator.imu, "devices.imu", ctx, nullptr);
    merged.emulator.runner.imu_rate_hz = merged.emulator.imu.sample_rate_hz;
  }
  ctx.finish();
  validate_scenario(merged, ctx, ScriptPlaces{});
  s = std::move(merged);
}

std::vector<std::string> list_scenarios(const fs::path& dir) {
  return yaml_names(dir);
}

fs::path find_scenario(std::string_view name_or_path, const fs::path& dir) {
  const fs::path direct(name_or_path);
  if (fs::exists(direct) && fs::is_regular_file(direct)) return direct;
  fs::path in_dir = dir / direct;
  if (in_dir.extension() != ".yaml") in_dir += ".yaml";
  if (fs::exists(in_dir)) return in_dir;
  std::string known;
  for (const auto& n : list_scenarios(dir)) known += (known.empty() ? "" : ", ") + n;
  throw ScenarioError(
      "scenario '" + std::string(name_or_path) + "' not found in " + dir.string() +
      (known.empty() ? std::string(" (no scenarios there)") : "; shipped scenarios: " + known));
}

fs::path default_scenario_dir() {
  return STRIDECUE_SHIPPED_DIR("scenarios");
}

}  // namespace stridecue::sim
