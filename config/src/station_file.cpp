#include "stridecue/config/station_file.hpp"

#include "stridecue/core/yaml_reader.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "stridecue/acquisition/health.hpp"
#include "stridecue/acquisition/text_line_decoder.hpp"
#include "stridecue/acquisition/wire_decoder.hpp"
#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/processing/step_metric.hpp"

namespace stridecue::config {

namespace {

using Ctx = YamlReader<StationFileError>;

Side parse_side(const YAML::Node& n, const std::string& key, const Ctx& ctx) {
  const std::string w = ctx.word(n, key);
  if (w == "left") return Side::kLeft;
  if (w == "right") return Side::kRight;
  ctx.fail(n, key, "'" + w + "' is not a side; use left or right");
}

acquisition::TextLineConfig parse_text(const YAML::Node& node, const std::string& key,
                                       const Ctx& ctx) {
  ctx.require_map(node, key);
  acquisition::TextLineConfig t;
  for (const auto& kv : node) {
    const std::string k = kv.first.as<std::string>();
    const std::string full = key + "." + k;
    if (k == "kind") {
      const std::string w = ctx.word(kv.second, full);
      if (w == "force6")
        t.kind = acquisition::DeviceKind::kForce6;
      else if (w == "loadcell")
        t.kind = acquisition::DeviceKind::kLoadCell;
      else if (w == "imu")
        t.kind = acquisition::DeviceKind::kImu;
      else
        ctx.fail(kv.second, full, "'" + w + "' is not a device kind; use force6, loadcell or imu");
    } else if (k == "plates") {
      t.n_plates = static_cast<int>(ctx.whole(kv.second, full, 1, 2));
    } else if (k == "separator") {
      const std::string w = ctx.word(kv.second, full);
      using S = acquisition::TextSeparator;
      if (w == "auto")
        t.separator = S::kAuto;
      else if (w == "comma")
        t.separator = S::kComma;
      else if (w == "semicolon")
        t.separator = S::kSemicolon;
      else if (w == "tab")
        t.separator = S::kTab;
      else if (w == "whitespace")
        t.separator = S::kWhitespace;
      else
        ctx.fail(kv.second, full, "use auto, comma, semicolon, tab or whitespace");
    } else if (k == "header") {
      t.header = ctx.boolean(kv.second, full);
    } else if (k == "rate_hz") {
      t.rate_hz = static_cast<std::uint32_t>(ctx.whole(kv.second, full, 0, 100000));
    } else if (k == "time_wrap") {
      t.time_wrap = ctx.number(kv.second, full);
    } else if (k == "counter_bits") {
      t.counter_bits = static_cast<int>(ctx.whole(kv.second, full, 8, 32));
    } else if (k == "columns") {
      ctx.require_map(kv.second, full);
      for (const auto& c : kv.second) {
        const std::string target = c.first.as<std::string>();
        const std::string ckey = full + "." + target;
        ctx.require_map(c.second, ckey);
        acquisition::TextColumn col;
        col.target = target;
        for (const auto& f : c.second) {
          const std::string fk = f.first.as<std::string>();
          if (fk == "name")
            col.name = ctx.word(f.second, ckey + ".name");
          else if (fk == "index")
            col.index = static_cast<int>(ctx.whole(f.second, ckey + ".index", 0, 10000));
          else if (fk == "unit")
            col.unit = ctx.word(f.second, ckey + ".unit");
          else if (fk == "scale")
            col.scale = ctx.number(f.second, ckey + ".scale");
          else if (fk == "offset")
            col.offset = ctx.number(f.second, ckey + ".offset");
          else
            ctx.fail(f.first, ckey + "." + fk,
                     "unknown setting; use name, index, unit, scale or offset");
        }
        t.channels.push_back(col);
      }
    } else {
      ctx.fail(kv.first, full,
               "unknown setting; use kind, plates, separator, header, rate_hz, time_wrap, "
               "counter_bits or columns");
    }
  }
  // Validate now (the decoder's own checks), so the error points into this file.
  try {
    acquisition::DeviceHealth scratch;
    acquisition::TextLineDecoder probe(0, scratch, t);
  } catch (const std::invalid_argument& e) {
    ctx.fail(node, key, e.what());
  }
  return t;
}

acquisition::SerialDeviceConfig parse_device(const YAML::Node& node, std::size_t i,
                                             const Ctx& ctx) {
  const std::string key = "devices[" + std::to_string(i) + "]";
  ctx.require_map(node, key);
  acquisition::SerialDeviceConfig d;
  std::string protocol = "wire";
  YAML::Node text;
  bool have_text = false;
  for (const auto& kv : node) {
    const std::string k = kv.first.as<std::string>();
    const std::string full = key + "." + k;
    if (k == "name")
      d.name = ctx.word(kv.second, full);
    else if (k == "port")
      d.path = ctx.word(kv.second, full);
    else if (k == "usb")
      d.usb_identity = ctx.word(kv.second, full);
    else if (k == "baud") {
      const double b = ctx.number(kv.second, full);
      d.baud = static_cast<unsigned>(b);
      if (b != d.baud || !acquisition::is_supported_baud(d.baud)) {
        ctx.fail(
            kv.second, full,
            kv.second.Scalar() + " is not supported; " + acquisition::supported_baud_hint(d.baud));
      }
    } else if (k == "protocol") {
      protocol = ctx.word(kv.second, full);
      if (protocol != "wire" && protocol != "text") {
        ctx.fail(kv.second, full, "'" + protocol + "' is not a protocol; use wire or text");
      }
    } else if (k == "text") {
      text = kv.second;
      have_text = true;
    } else if (k == "stall_timeout_ms") {
      d.stall_timeout_ns = static_cast<TimeNs>(ctx.number(kv.second, full) * 1e6);
    } else {
      ctx.fail(kv.first, full,
               "unknown setting" +
                   suggestion(
                       k, {"name", "port", "usb", "baud", "protocol", "text", "stall_timeout_ms"}) +
                   " (settings: name, port, usb, baud, protocol, text, stall_timeout_ms)");
    }
  }
  if (d.name.empty()) d.name = "device" + std::to_string(i);
  if (d.path.empty() == d.usb_identity.empty()) {
    ctx.fail(node, key,
             "give exactly one of port (a path such as /dev/ttyUSB0) or usb "
             "(VID:PID[:SERIAL], see `stridecue ports`)");
  }
  if (protocol == "text") {
    if (!have_text) ctx.fail(node, key, "protocol text needs a text: section (kind, columns, …)");
    const acquisition::TextLineConfig t = parse_text(text, key + ".text", ctx);
    d.make_decoder = [t](std::uint8_t index, acquisition::DeviceHealth& health) {
      return std::make_unique<acquisition::TextLineDecoder>(index, health, t);
    };
  } else if (have_text) {
    ctx.fail(text, key + ".text", "only for protocol: text");
  }
  return d;
}

/// baseline: {start_s: 30, duration_s: 60} — the runner's own baseline block, recorded
/// automatically from start_s to start_s + duration_s seconds of data after the first sample.
void parse_baseline(const YAML::Node& node, const std::string& key, StationConfig& s,
                    const Ctx& ctx) {
  ctx.require_map(node, key);
  processing::BaselineBlockConfig& b = s.engine.baseline;
  bool have_duration = false;
  for (const auto& kv : node) {
    const std::string k = kv.first.as<std::string>();
    const std::string full = key + "." + k;
    if (k == "start_s") {
      b.start_s = ctx.number(kv.second, full);
      if (!(b.start_s >= 0 && b.start_s <= 24 * 3600.0)) {
        ctx.fail(kv.second, full,
                 kv.second.Scalar() +
                     " is not a time in the session; use seconds of data from the start, "
                     "0 .. 86400");
      }
    } else if (k == "duration_s") {
      b.duration_s = ctx.number(kv.second, full);
      have_duration = true;
      if (!(b.duration_s >= 5 && b.duration_s <= 3600)) {
        ctx.fail(kv.second, full,
                 kv.second.Scalar() +
                     " s is not a usable block; use 5 .. 3600 (a shorter block holds too few "
                     "steps per side to compare against)");
      }
    } else {
      ctx.fail(kv.first, full,
               "unknown setting" + suggestion(k, {"start_s", "duration_s"}) +
                   " (settings: start_s, duration_s)");
    }
  }
  if (!have_duration) {
    ctx.fail(node, key, "give duration_s, e.g. {start_s: 30, duration_s: 60}");
  }
}

void parse_processing(const YAML::Node& node, StationConfig& s, const Ctx& ctx) {
  ctx.require_map(node, "processing");
  auto& p = s.engine.force;
  for (const auto& kv : node) {
    const std::string k = kv.first.as<std::string>();
    const std::string full = "processing." + k;
    if (k == "contact_on_n")
      p.thresholds.on_n = ctx.number(kv.second, full);
    else if (k == "contact_off_n")
      p.thresholds.off_n = ctx.number(kv.second, full);
    else if (k == "min_contact_ms")
      p.thresholds.min_contact_ns = static_cast<TimeNs>(ctx.number(kv.second, full) * 1e6);
    else if (k == "min_flight_ms")
      p.thresholds.min_flight_ns = static_cast<TimeNs>(ctx.number(kv.second, full) * 1e6);
    else if (k == "contact_on_bw")
      p.on_bw_fraction = ctx.number(kv.second, full);
    else if (k == "contact_off_bw")
      p.off_bw_fraction = ctx.number(kv.second, full);
    else if (k == "belt") {
      const std::string w = ctx.word(kv.second, full);
      if (w == "split")
        p.belt = processing::BeltLayout::kSplit;
      else if (w == "single")
        p.belt = processing::BeltLayout::kSingle;
      else
        ctx.fail(kv.second, full, "'" + w + "' is not a belt; use split or single");
    } else if (k == "drift_correction") {
      p.drift.enabled = ctx.boolean(kv.second, full);
    } else if (k == "single_belt_walking") {
      p.walk.enabled = ctx.boolean(kv.second, full);
    } else if (k == "lowpass") {
      // lowpass: {cutoff_hz: 50, order: 4}  (off when absent; cutoff_hz: 0 also off)
      ctx.require_map(kv.second, full);
      for (const auto& c : kv.second) {
        const std::string ck = c.first.as<std::string>();
        const double v = ctx.number(c.second, full + "." + ck);
        if (ck == "cutoff_hz") {
          if (!(v == 0 || (v >= 1 && v <= 500))) {
            ctx.fail(
                c.second, full + "." + ck,
                c.second.Scalar() + " Hz is out of range; use 1 .. 500 (e.g. 50), or 0 for off");
          }
          p.filter.cutoff_hz = v;
        } else if (ck == "order") {
          if (v != 2 && v != 4 && v != 6) {
            ctx.fail(c.second, full + "." + ck,
                     c.second.Scalar() + " is not supported; use 2, 4 or 6");
          }
          p.filter.order = static_cast<int>(v);
        } else {
          ctx.fail(c.first, full + "." + ck,
                   "unknown setting" + suggestion(ck, {"cutoff_hz", "order"}) +
                       " (settings: cutoff_hz, order)");
        }
      }
    } else if (k == "plate_origin_depth_m") {
      p.plate_origin_depth_m = ctx.number(kv.second, full);
    } else if (k == "load_cells") {
      ctx.require_map(kv.second, full);
      for (const auto& g : kv.second) {
        const std::string gk = g.first.as<std::string>();
        const double v = ctx.number(g.second, full + "." + gk);
        if (!(v > 0 && v < 2)) ctx.fail(g.second, full + "." + gk, "must be within 0..2 m");
        if (gk == "half_length_m")
          p.load_cells.half_length_m = v;
        else if (gk == "half_width_m")
          p.load_cells.half_width_m = v;
        else
          ctx.fail(g.first, full + "." + gk, "use half_length_m or half_width_m");
      }
    } else if (k == "calibration") {
      // One 6×6 matrix (36 numbers, row-major) per plate, in plate order; ~ for none.
      if (!kv.second.IsSequence() || kv.second.size() > 2) {
        ctx.fail(kv.second, full, "expected a list with one 36-number matrix (or ~) per plate");
      }
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        const YAML::Node& m = kv.second[i];
        if (m.IsNull()) continue;
        const std::string mk = full + "[" + std::to_string(i) + "]";
        if (!m.IsSequence() || m.size() != 36) {
          ctx.fail(m, mk, "expected 36 numbers (6 rows of Fx Fy Fz Mx My Mz, row-major)");
        }
        processing::CalibrationMatrix c{};
        for (std::size_t j = 0; j < 36; ++j) c[j] = ctx.number(m[j], mk);
        p.calibration[i] = c;
      }
    } else if (k == "plate_sides") {
      if (!kv.second.IsSequence() || kv.second.size() < 1 || kv.second.size() > 2) {
        ctx.fail(kv.second, full, "expected a list of one or two sides, e.g. [left, right]");
      }
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        p.plate_side[i] = parse_side(kv.second[i], full, ctx);
      }
    } else if (k == "symmetry") {
      // symmetry: {window_strides: 10, thresholds: {peak_vgrf_bw: {abs_si_pct: 15,
      //            delta_from_baseline_si_pct: 5}, contact_ms: {abs_si_pct: off}}}
      ctx.require_map(kv.second, full);
      for (const auto& c : kv.second) {
        const std::string ck = c.first.as<std::string>();
        if (ck == "window_strides") {
          s.engine.symmetry.window_strides = static_cast<std::size_t>(
              ctx.whole(c.second, full + "." + ck, 1,
                        static_cast<double>(processing::SymmetryTracker::kMaxWindowStrides)));
        } else if (ck == "thresholds") {
          ctx.require_map(c.second, full + ".thresholds");
          for (const auto& v : c.second) {
            const std::string vk = v.first.as<std::string>();
            const std::string vkey = full + ".thresholds." + vk;
            std::size_t index = processing::kSymVarNames.size();
            for (std::size_t i = 0; i < processing::kSymVarNames.size(); ++i) {
              if (processing::kSymVarNames[i] == vk) index = i;
            }
            if (index == processing::kSymVarNames.size()) {
              std::vector<std::string> names(processing::kSymVarNames.begin(),
                                             processing::kSymVarNames.end());
              ctx.fail(v.first, vkey, "not a step variable" + suggestion(vk, names));
            }
            ctx.require_map(v.second, vkey);
            for (const auto& t : v.second) {
              const std::string tk = t.first.as<std::string>();
              const double value = t.second.IsScalar() && t.second.Scalar() == "off"
                                       ? processing::kThresholdOff
                                       : ctx.number(t.second, vkey + "." + tk);
              if (tk == "abs_si_pct")
                s.engine.symmetry.thresholds[index].abs_si_pct = value;
              else if (tk == "delta_from_baseline_si_pct")
                s.engine.symmetry.thresholds[index].delta_from_baseline_si_pct = value;
              else
                ctx.fail(t.first, vkey + "." + tk, "use abs_si_pct or delta_from_baseline_si_pct");
            }
          }
        } else {
          ctx.fail(c.first, full + "." + ck, "use window_strides or thresholds");
        }
      }
    } else if (k == "baseline") {
      parse_baseline(kv.second, full, s, ctx);
    } else if (k == "symmetry_cue") {
      ctx.require_map(kv.second, full);
      for (const auto& c : kv.second) {
        const std::string ck = c.first.as<std::string>();
        if (ck == "metric") {
          // Any per-step value, the pelvis's included (processing/step_metric.hpp).
          const std::string w = ctx.word(c.second, full + ".metric");
          const auto metric = processing::step_metric_from_name(w);
          if (!metric) {
            std::vector<std::string> names(processing::kStepMetricNames.begin(),
                                           processing::kStepMetricNames.end());
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            ctx.fail(c.second, full + ".metric",
                     "'" + w + "' is not a step metric; use one of " + list + suggestion(w, names));
          }
          s.engine.cue.metric = *metric;
          continue;
        }
        const std::string ckey = full + "." + ck;
        if (ck == "window_steps")
          s.engine.cue.window_steps = static_cast<std::size_t>(ctx.whole(
              c.second, ckey, 2, static_cast<double>(processing::SymmetryCueRule::kMaxWindow)));
        else if (ck == "threshold_pct")
          s.engine.cue.threshold_pct = ctx.number(c.second, ckey);
        else if (ck == "hold_off_steps")
          s.engine.cue.hold_off_steps =
              static_cast<std::size_t>(ctx.whole(c.second, ckey, 0, 10000));
        else
          ctx.fail(c.first, full + "." + ck,
                   "use metric, window_steps, threshold_pct or hold_off_steps");
      }
    } else {
      ctx.fail(kv.first, full,
               "unknown setting; use contact_on_n, contact_off_n, contact_on_bw, contact_off_bw, "
               "min_contact_ms, min_flight_ms, belt, plate_sides, drift_correction, "
               "single_belt_walking, lowpass, plate_origin_depth_m, load_cells, calibration, "
               "symmetry, symmetry_cue or baseline");
    }
  }
}

/// pelvis: {calibrate_at_start: true, static_s: 5, max_calibration_age_min: 30,
///          acc_range_g: 16, gyro_range_dps: 2000, mount_moved_deg: 3}
void parse_pelvis(const YAML::Node& node, StationConfig& s, const Ctx& ctx) {
  ctx.require_map(node, "pelvis");
  auto& p = s.engine.pelvis;
  for (const auto& kv : node) {
    const std::string k = kv.first.as<std::string>();
    const std::string full = "pelvis." + k;
    const auto in_range = [&](double lo, double hi) {
      const double v = ctx.number(kv.second, full);
      if (!(v >= lo && v <= hi)) {
        ctx.fail(kv.second, full,
                 "must be within " + std::to_string(lo).substr(0, 6) + " .. " +
                     std::to_string(hi).substr(0, 6));
      }
      return v;
    };
    if (k == "calibrate_at_start") {
      p.calibrate_at_start = ctx.boolean(kv.second, full);
    } else if (k == "static_s") {
      const double v = in_range(1.0, 60.0);
      p.calibration.duration_ns = static_cast<TimeNs>(v * 1e9);
      p.calibration.min_duration_ns =
          std::min(p.calibration.min_duration_ns, p.calibration.duration_ns);
    } else if (k == "max_calibration_age_min") {
      p.max_calibration_age_s = in_range(1.0, 24 * 60.0) * 60.0;
    } else if (k == "acc_range_g") {
      p.acc_range_g = in_range(1.0, 400.0);
    } else if (k == "gyro_range_dps") {
      p.gyro_range_dps = in_range(100.0, 10000.0);
    } else if (k == "mount_moved_deg") {
      p.mount_moved_deg = in_range(0.5, 45.0);
    } else {
      ctx.fail(kv.first, full,
               "unknown setting; use calibrate_at_start, static_s, max_calibration_age_min, "
               "acc_range_g, gyro_range_dps or mount_moved_deg");
    }
  }
}

}  // namespace

StationConfig parse_station(const std::string& yaml_text, const std::string& source) {
  const Ctx ctx{source};
  const YAML::Node root = ctx.load(yaml_text);
  if (!root.IsMap()) ctx.fail(root, "(top level)", "expected station:, runner:, devices:, …");
  ctx.check_keys(root, "");
  StationConfig s;
  bool have_devices = false;
  for (const auto& kv : root) {
    const std::string k = kv.first.as<std::string>();
    if (k == "station") {
      s.name = ctx.word(kv.second, k);
    } else if (k == "runner") {
      ctx.require_map(kv.second, k);
      for (const auto& r : kv.second) {
        const std::string rk = r.first.as<std::string>();
        if (rk == "body_mass_kg")
          s.engine.pelvis.body_mass_kg = s.engine.force.body_mass_kg =
              ctx.number(r.second, "runner." + rk);
        else
          ctx.fail(r.first, "runner." + rk, "unknown setting; use body_mass_kg");
      }
    } else if (k == "devices") {
      if (!kv.second.IsSequence() || kv.second.size() == 0) {
        ctx.fail(kv.second, k, "expected a list of devices (name, port or usb, baud, protocol)");
      }
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        s.devices.push_back(parse_device(kv.second[i], i, ctx));
      }
      have_devices = true;
    } else if (k == "processing") {
      parse_processing(kv.second, s, ctx);
    } else if (k == "pelvis") {
      parse_pelvis(kv.second, s, ctx);
    } else {
      ctx.fail(kv.first, k, "unknown section; use station, runner, devices, processing or pelvis");
    }
  }
  if (!have_devices) ctx.fail(root, "devices", "a station needs at least one device");
  // The engine's own checks (mass, thresholds, cue window, symmetry, baseline) with the file
  // named.
  try {
    std::make_unique<processing::GaitEngine>(s.engine);  // heap: the engine is ≈ 1 MB
  } catch (const std::invalid_argument& e) {
    throw StationFileError(source + ": " + e.what());
  }
  return s;
}

StationConfig load_station(const std::filesystem::path& file) {
  const std::string text =
      read_settings_text<StationFileError>(file, "station file", "examples are in config/");
  return parse_station(text, file.filename().string());
}

}  // namespace stridecue::config
