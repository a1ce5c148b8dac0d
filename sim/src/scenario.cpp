#include "stridecue/sim/scenario.hpp"

#include "stridecue/core/yaml_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace stridecue::sim {

namespace fs = std::filesystem;

namespace {

using Ctx = YamlReader<ScenarioError>;

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
    ctx.fail(n, "runner.gait", "'" + gait + "' is not a gait; use run or walk");
  }
}

void set_belt(Scenario& s, const std::string& belt, const Ctx& ctx, const YAML::Node& n) {
  if (belt == "split")
    s.emulator.runner.belt = Belt::kSplit;
  else if (belt == "single")
    s.emulator.runner.belt = Belt::kSingle;
  else
    ctx.fail(n, "runner.belt", "'" + belt + "' is not a belt; use split or single");
}

/// runner: { key: value, left: {…}, right: {…} } → fields named "key", "left.key", …
void parse_runner(const YAML::Node& node, Scenario& s, const Ctx& ctx) {
  ctx.require_map(node, "runner");
  // gait first: walking starts from walking defaults, which the other keys then refine.
  if (node["gait"]) set_gait(s, ctx.word(node["gait"], "runner.gait"), ctx, node["gait"]);
  const auto names = runner_field_names();
  auto set_field = [&](const std::string& name, const YAML::Node& value, const YAML::Node& at) {
    const RunnerField* f = find_runner_field(name);
    if (!f) ctx.fail(at, "runner." + name, "unknown setting" + suggestion(name, names));
    f->ref(s.emulator.runner) = ctx.number(value, "runner." + name);
  };
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (key == "gait") continue;
    if (key == "belt") {
      set_belt(s, ctx.word(kv.second, "runner.belt"), ctx, kv.second);
    } else if (key == "left" || key == "right") {
      ctx.require_map(kv.second, "runner." + key);
      for (const auto& side_kv : kv.second) {
        set_field(key + "." + side_kv.first.as<std::string>(), side_kv.second, side_kv.first);
      }
    } else {
      set_field(key, kv.second, kv.first);
    }
  }
}

void parse_node_config(const YAML::Node& node, NodeConfig& nc, const std::string& key,
                       const Ctx& ctx, bool* load_cells) {
  ctx.require_map(node, key);
  for (const auto& kv : node) {
    const std::string k = kv.first.as<std::string>();
    const std::string full = key + "." + k;
    if (k == "rate_hz") {
      const double v = ctx.number(kv.second, full);
      if (v < 50 || v > 10000) ctx.fail(kv.second, full, "must be within 50..10000 Hz");
      nc.sample_rate_hz = static_cast<std::uint32_t>(v);
    } else if (k == "samples_per_frame") {
      const double v = ctx.number(kv.second, full);
      if (v < 1 || v > 16) ctx.fail(kv.second, full, "must be within 1..16");
      nc.samples_per_frame = static_cast<std::uint8_t>(v);
    } else if (k == "clock_start_us") {
      nc.device_clock_start_us = static_cast<std::uint32_t>(ctx.number(kv.second, full));
    } else if (k == "serial") {
      nc.serial = ctx.word(kv.second, full);
      if (nc.serial.size() > 16) ctx.fail(kv.second, full, "at most 16 characters");
    } else if (k == "kind" && load_cells) {
      const std::string kind = ctx.word(kv.second, full);
      if (kind == "force6")
        *load_cells = false;
      else if (kind == "loadcell")
        *load_cells = true;
      else
        ctx.fail(kv.second, full, "'" + kind + "' is not a plate kind; use force6 or loadcell");
    } else {
      ctx.fail(kv.first, full,
               "unknown setting" + suggestion(k, {"rate_hz", "samples_per_frame", "clock_start_us",
                                                  "serial", "kind"}));
    }
  }
}

std::vector<TimeWindow> parse_windows(const YAML::Node& node, const std::string& key,
                                      const Ctx& ctx) {
  if (!node.IsSequence()) ctx.fail(node, key, "expected a list of {at_s, duration_s}");
  std::vector<TimeWindow> out;
  for (const auto& w : node) {
    ctx.require_map(w, key);
    TimeWindow tw;
    if (!w["at_s"] || !w["duration_s"]) ctx.fail(w, key, "each entry needs at_s and duration_s");
    tw.at_s = ctx.number(w["at_s"], key + ".at_s");
    tw.duration_s = ctx.number(w["duration_s"], key + ".duration_s");
    if (tw.at_s < 0 || tw.duration_s <= 0) {
      ctx.fail(w, key, "at_s must be >= 0 and duration_s > 0");
    }
    out.push_back(tw);
  }
  return out;
}

void parse_faults(const YAML::Node& node, LinkFaults& f, const std::string& key, const Ctx& ctx) {
  ctx.require_map(node, key);
  for (const auto& kv : node) {
    const std::string k = kv.first.as<std::string>();
    const std::string full = key + "." + k;
    auto non_negative = [&](double v) {
      if (v < 0) ctx.fail(kv.second, full, "must be >= 0");
      return v;
    };
    if (k == "corrupt_bytes_per_min") {
      f.corrupt_bytes_per_min = non_negative(ctx.number(kv.second, full));
    } else if (k == "drop_frames_per_min") {
      f.drop_frames_per_min = non_negative(ctx.number(kv.second, full));
    } else if (k == "unplug") {
      f.unplug = parse_windows(kv.second, full, ctx);
    } else if (k == "stall") {
      f.stall = parse_windows(kv.second, full, ctx);
    } else if (k == "clock_drift_ppm") {
      f.clock_drift_ppm = ctx.number(kv.second, full);
    } else if (k == "clock_jumps") {
      if (!kv.second.IsSequence()) ctx.fail(kv.second, full, "expected a list of {at_s, jump_ms}");
      for (const auto& j : kv.second) {
        if (!j.IsMap() || !j["at_s"] || !j["jump_ms"]) {
          ctx.fail(j, full, "each entry needs at_s and jump_ms");
        }
        f.clock_jumps.push_back(
            {ctx.number(j["at_s"], full + ".at_s"), ctx.number(j["jump_ms"], full + ".jump_ms")});
      }
    } else {
      ctx.fail(
          kv.first, full,
          "unknown fault" + suggestion(k, {"corrupt_bytes_per_min", "drop_frames_per_min", "unplug",
                                           "stall", "clock_drift_ppm", "clock_jumps"}));
    }
  }
}

void parse_script(const YAML::Node& node, Scenario& s, const Ctx& ctx) {
  if (!node.IsSequence()) ctx.fail(node, "script", "expected a list of {at_s, ramp_s, set: {…}}");
  const auto names = runner_field_names();
  for (const auto& entry : node) {
    ctx.require_map(entry, "script[]");
    if (!entry["at_s"] || !entry["set"])
      ctx.fail(entry, "script[]", "each entry needs at_s and set");
    const double at = ctx.number(entry["at_s"], "script[].at_s");
    const double ramp = entry["ramp_s"] ? ctx.number(entry["ramp_s"], "script[].ramp_s") : 0.0;
    if (at < 0 || ramp < 0) ctx.fail(entry, "script[]", "at_s and ramp_s must be >= 0");
    ctx.require_map(entry["set"], "script[].set");
    for (const auto& kv : entry["set"]) {
      const std::string name = kv.first.as<std::string>();
      const RunnerField* f = find_runner_field(name);
      if (!f)
        ctx.fail(kv.first, "script[].set." + name, "unknown setting" + suggestion(name, names));
      s.emulator.script.push_back({at, ramp, f, ctx.number(kv.second, "script[].set." + name)});
    }
  }
  std::stable_sort(
      s.emulator.script.begin(), s.emulator.script.end(),
      [](const ScriptedChange& a, const ScriptedChange& b) { return a.at_s < b.at_s; });
}

void validate_scenario(const Scenario& s, const std::string& source) {
  try {
    validate(s.emulator.runner);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(source + ": runner: " + e.what());
  }
  // Scripted changes are checked by the runner itself, exactly as the run will apply them
  // (changes that are only valid together, fields that cannot change mid-run, starts too early).
  Runner runner(s.emulator.runner, s.emulator.seed);
  for (const ScriptedChange& c : s.emulator.script) {
    try {
      runner.schedule(c);
    } catch (const std::exception& e) {
      std::ostringstream m;
      m << source << ": script at " << c.at_s << " s sets " << c.field->name << " = " << c.value
        << ": " << e.what();
      throw ScenarioError(m.str());
    }
  }
}

}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& source) {
  const Ctx ctx{source};
  const YAML::Node root = ctx.load(yaml_text);
  if (!root.IsMap()) ctx.fail(root, "(top level)", "expected a mapping (name:, runner:, …)");
  ctx.check_keys(root, "");

  Scenario s;
  s.emulator.duration_s = 60;
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "name") {
      s.name = ctx.word(v, key);
    } else if (key == "description") {
      s.description = ctx.word(v, key);
    } else if (key == "seed") {
      s.emulator.seed = static_cast<std::uint64_t>(ctx.number(v, key));
    } else if (key == "duration_s") {
      s.emulator.duration_s = ctx.number(v, key);
      if (!(s.emulator.duration_s > 0)) ctx.fail(v, key, "must be > 0 seconds");
    } else if (key == "runner") {
      parse_runner(v, s, ctx);
    } else if (key == "devices") {
      ctx.require_map(v, key);
      for (const auto& d : v) {
        const std::string dev = d.first.as<std::string>();
        if (dev == "plates") {
          parse_node_config(d.second, s.emulator.plates, "devices.plates", ctx,
                            &s.emulator.load_cell_plates);
        } else if (dev == "imu") {
          if (d.second.IsScalar() && (d.second.Scalar() == "none" || d.second.Scalar() == "off")) {
            s.emulator.with_imu = false;
          } else {
            parse_node_config(d.second, s.emulator.imu, "devices.imu", ctx, nullptr);
          }
        } else {
          ctx.fail(d.first, "devices." + dev, "unknown device; use plates or imu");
        }
      }
    } else if (key == "faults") {
      ctx.require_map(v, key);
      for (const auto& d : v) {
        const std::string dev = d.first.as<std::string>();
        if (dev == "plates")
          parse_faults(d.second, s.emulator.plates_faults, "faults.plates", ctx);
        else if (dev == "imu")
          parse_faults(d.second, s.emulator.imu_faults, "faults.imu", ctx);
        else
          ctx.fail(d.first, "faults." + dev, "unknown device; use plates or imu");
      }
    } else if (key == "script") {
      parse_script(v, s, ctx);
    } else {
      ctx.fail(kv.first, key,
               "unknown section" + suggestion(key, {"name", "description", "seed", "duration_s",
                                                    "runner", "devices", "faults", "script"}));
    }
  }
  s.emulator.runner.imu_rate_hz = s.emulator.imu.sample_rate_hz;
  validate_scenario(s, source);
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
    throw ScenarioError("--set " + std::string(kv) + ": expected key=value, e.g. cadence_spm=175");
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
      throw ScenarioError("--set imu=" + value + ": use on or off");
    s.emulator.with_imu = value == "on";
    return;
  } else {
    const auto dot = key.find('.');
    doc = dot == std::string::npos ? "runner: {" + key + ": " + yaml_value + "}"
                                   : "runner: {" + key.substr(0, dot) + ": {" +
                                         key.substr(dot + 1) + ": " + yaml_value + "}}";
  }
  // Parse the override alone to validate it, then merge it onto the scenario.
  const Ctx ctx{"--set " + std::string(kv)};
  YAML::Node n;
  try {
    n = YAML::Load(doc);
  } catch (const YAML::Exception&) {
    throw ScenarioError("--set " + std::string(kv) + ": cannot read the value");
  }
  Scenario merged = s;
  if (n["seed"]) merged.emulator.seed = static_cast<std::uint64_t>(ctx.number(n["seed"], "seed"));
  if (n["duration_s"]) {
    merged.emulator.duration_s = ctx.number(n["duration_s"], "duration_s");
    if (!(merged.emulator.duration_s > 0)) ctx.fail(n, "duration_s", "must be > 0 seconds");
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
  validate_scenario(merged, ctx.source);
  s = std::move(merged);
}

std::vector<std::string> list_scenarios(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
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
  if (const char* env = std::getenv("STRIDECUE_CONFIG_DIR"); env && *env) {
    return fs::path(env) / "scenarios";
  }
#ifdef STRIDECUE_SOURCE_CONFIG_DIR
  if (fs::exists(STRIDECUE_SOURCE_CONFIG_DIR "/scenarios")) {
    return fs::path(STRIDECUE_SOURCE_CONFIG_DIR) / "scenarios";
  }
#endif
#ifdef STRIDECUE_INSTALL_CONFIG_DIR
  return fs::path(STRIDECUE_INSTALL_CONFIG_DIR) / "scenarios";
#else
  return fs::path("config/scenarios");
#endif
}

}  // namespace stridecue::sim
