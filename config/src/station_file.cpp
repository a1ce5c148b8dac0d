#include "stridecue/config/station_file.hpp"

#include "stridecue/core/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "stridecue/acquisition/health.hpp"
#include "stridecue/acquisition/port_list.hpp"
#include "stridecue/acquisition/text_line_decoder.hpp"
#include "stridecue/acquisition/wire_decoder.hpp"
#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/processing/limits.hpp"
#include "stridecue/processing/step_metric.hpp"

namespace stridecue::config {

namespace {

using Ctx = YamlReader<StationFileError>;
using Entry = Ctx::Entry;
namespace lim = processing::limits;

/// "unknown setting; did you mean X? (settings: a, b, c)".
[[noreturn]] void unknown(const Ctx& ctx, const Entry& e, const std::vector<std::string>& known) {
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  ctx.fail(e.at, printable(e.key),
           "unknown setting" + suggestion(e.name, known) + " (settings: " + list + ")");
}

Side parse_side(const YAML::Node& n, const std::string& key, const Ctx& ctx) {
  const std::string w = ctx.word(n, key);
  if (w == "left") return Side::kLeft;
  if (w == "right") return Side::kRight;
  ctx.fail(n, key, "'" + printable(w) + "' is not a side; use left or right");
}

acquisition::TextColumn parse_column(const Entry& c, const Ctx& ctx) {
  acquisition::TextColumn col;
  col.target = c.name;
  ctx.each(c.value, c.key, [&](const Entry& f) {
    if (f.name == "name") {
      col.name = ctx.word(f.value, f.key);
    } else if (f.name == "index") {
      col.index = static_cast<int>(ctx.whole(f.value, f.key, 0, 10000));
    } else if (f.name == "unit") {
      col.unit = ctx.word(f.value, f.key);
    } else if (f.name == "scale") {
      col.scale = ctx.number(f.value, f.key);
      if (col.scale == 0)
        ctx.fail(f.value, f.key, "a scale of 0 zeroes the channel; give 1 or more");
    } else if (f.name == "offset") {
      col.offset = ctx.number(f.value, f.key);
    } else {
      unknown(ctx, f, {"name", "index", "unit", "scale", "offset"});
    }
  });
  return col;
}

/// Two targets reading one column (by name or by index) is a mapping mistake, e.g. the left
/// plate's fz copied to the right's.
void check_column_uses(const std::vector<acquisition::TextColumn>& cols, const std::string& key,
                       const Ctx& ctx) {
  for (std::size_t i = 0; i < cols.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const bool same_name = !cols[i].name.empty() && cols[i].name == cols[j].name;
      const bool same_index = cols[i].index >= 0 && cols[i].index == cols[j].index;
      if (same_name || same_index) {
        const std::string which = same_name ? "name" : "index";
        const std::string setting = key + "." + cols[i].target + "." + which;
        ctx.problem_at(setting, "'" + ctx.typed_text(setting) + "' is also read as " +
                                    cols[j].target + "; map each column to one target");
      }
    }
  }
}

acquisition::TextLineConfig parse_text(const YAML::Node& node, const std::string& key,
                                       const Ctx& ctx) {
  acquisition::TextLineConfig t;
  const std::size_t problems_before = ctx.problems.size();
  ctx.each(node, key, [&](const Entry& e) {
    if (e.name == "kind") {
      const std::string w = ctx.word(e.value, e.key);
      if (w == "force6")
        t.kind = acquisition::DeviceKind::kForce6;
      else if (w == "loadcell")
        t.kind = acquisition::DeviceKind::kLoadCell;
      else if (w == "imu")
        t.kind = acquisition::DeviceKind::kImu;
      else
        ctx.fail(e.value, e.key,
                 "'" + printable(w) + "' is not a device kind; use force6, loadcell or imu");
    } else if (e.name == "plates") {
      t.n_plates = static_cast<int>(ctx.whole(e.value, e.key, 1, 2));
    } else if (e.name == "separator") {
      const std::string w = ctx.word(e.value, e.key);
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
        ctx.fail(e.value, e.key,
                 "'" + printable(w) +
                     "' is not a separator; use auto, comma, semicolon, tab or "
                     "whitespace");
    } else if (e.name == "header") {
      t.header = ctx.boolean(e.value, e.key);
    } else if (e.name == "rate_hz") {
      t.rate_hz = static_cast<std::uint32_t>(ctx.whole(e.value, e.key, 0, 100000));
    } else if (e.name == "time_wrap") {
      t.time_wrap = ctx.in_range(e.value, e.key, 0, 1e15, "",
                                 "the device clock's wrap in its own units, 0 for none");
    } else if (e.name == "counter_bits") {
      t.counter_bits = static_cast<int>(ctx.whole(e.value, e.key, 8, 32));
    } else if (e.name == "columns") {
      ctx.each(e.value, e.key, [&](const Entry& c) { t.channels.push_back(parse_column(c, ctx)); });
      check_column_uses(t.channels, e.key, ctx);
    } else {
      unknown(ctx, e,
              {"kind", "plates", "separator", "header", "rate_hz", "time_wrap", "counter_bits",
               "columns"});
    }
  });
  // The decoder's own checks (targets for the kind, units), so the error points into this file.
  if (ctx.problems.size() == problems_before) {
    try {
      acquisition::DeviceHealth scratch;
      acquisition::TextLineDecoder probe(0, scratch, t);
    } catch (const std::invalid_argument& e) {
      ctx.fail(node, key, printable(e.what(), 300));
    }
  }
  return t;
}

acquisition::SerialDeviceConfig parse_device(const YAML::Node& node, std::size_t i,
                                             const Ctx& ctx) {
  const std::string key = "devices[" + std::to_string(i) + "]";
  acquisition::SerialDeviceConfig d;
  std::string protocol = "wire";
  YAML::Node text;
  bool have_text = false;
  ctx.each(node, key, [&](const Entry& e) {
    if (e.name == "name") {
      d.name = ctx.word(e.value, e.key);
    } else if (e.name == "port") {
      d.path = ctx.word(e.value, e.key);
      if (d.path.empty()) ctx.fail(e.value, e.key, "empty; give a path such as /dev/ttyUSB0");
    } else if (e.name == "usb") {
      d.usb_identity = ctx.word(e.value, e.key);
      std::string why;
      if (!acquisition::parse_usb_identity(d.usb_identity, &why)) {
        ctx.fail(e.value, e.key,
                 "'" + printable(d.usb_identity) + "' is not a USB identity: " + why +
                     " (`stridecue ports` lists them)");
      }
    } else if (e.name == "baud") {
      const double b = ctx.number(e.value, e.key);
      d.baud = static_cast<unsigned>(std::clamp(b, 0.0, 1e9));
      if (b != d.baud || !acquisition::is_supported_baud(d.baud)) {
        ctx.fail(e.value, e.key,
                 printable(e.value.Scalar()) + " is not supported; " +
                     acquisition::supported_baud_hint(d.baud));
      }
    } else if (e.name == "protocol") {
      protocol = ctx.word(e.value, e.key);
      if (protocol != "wire" && protocol != "text") {
        ctx.fail(e.value, e.key,
                 "'" + printable(protocol) + "' is not a protocol; use wire or text");
      }
    } else if (e.name == "text") {
      text = e.value;
      have_text = true;
    } else if (e.name == "stall_timeout_ms") {
      d.stall_timeout_ns = static_cast<TimeNs>(
          ctx.in_range(e.value, e.key, 10, 60000, "ms", "how long without data before a stall") *
          1e6);
    } else {
      unknown(ctx, e, {"name", "port", "usb", "baud", "protocol", "text", "stall_timeout_ms"});
    }
  });
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

/// Two devices with one name, one port or one USB identity: the second would fight the first
/// for the port, and messages naming the device would be ambiguous.
void check_devices_distinct(const std::vector<acquisition::SerialDeviceConfig>& devices,
                            const Ctx& ctx) {
  for (std::size_t i = 0; i < devices.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto& a = devices[i];
      const auto& b = devices[j];
      const std::string key = "devices[" + std::to_string(i) + "]";
      const std::string other = "devices[" + std::to_string(j) + "] (" + b.name + ")";
      if (a.name == b.name) {
        ctx.problem_at(key + ".name", "'" + printable(a.name) + "' is also the name of " + other +
                                          "; give each device its own name");
      }
      if (!a.path.empty() && a.path == b.path) {
        ctx.problem_at(key + ".port", "'" + printable(a.path) + "' is also the port of " + other +
                                          "; one device per port");
      }
      if (!a.usb_identity.empty() && a.usb_identity == b.usb_identity) {
        ctx.problem_at(key + ".usb", "'" + printable(a.usb_identity) + "' is also the usb of " +
                                         other + "; add each adapter's serial (VID:PID:SERIAL)");
      }
    }
  }
}

/// baseline: {start_s: 30, duration_s: 60} — the runner's own baseline block, recorded
/// automatically from start_s to start_s + duration_s seconds of data after the first sample.
void parse_baseline(const Entry& block, StationConfig& s, const Ctx& ctx) {
  processing::BaselineBlockConfig& b = s.engine.baseline;
  bool have_duration = false;
  ctx.each(block.value, block.key, [&](const Entry& e) {
    if (e.name == "start_s") {
      b.start_s = ctx.in_range(e.value, e.key, 0, 24 * 3600.0, "s",
                               "seconds of data from the start of the session");
    } else if (e.name == "duration_s") {
      have_duration = true;
      b.duration_s =
          ctx.in_range(e.value, e.key, 5, 3600, "s",
                       "a shorter block holds too few steps per side to compare against");
    } else {
      unknown(ctx, e, {"start_s", "duration_s"});
    }
  });
  if (!have_duration) {
    ctx.fail(block.value, block.key, "give duration_s, e.g. {start_s: 30, duration_s: 60}");
  }
}

void parse_lowpass(const Entry& block, processing::ForcePipelineConfig& p, const Ctx& ctx) {
  // lowpass: {cutoff_hz: 50, order: 4}  (off when absent; cutoff_hz: 0 also off)
  ctx.each(block.value, block.key, [&](const Entry& e) {
    if (e.name == "cutoff_hz") {
      const double v = ctx.number(e.value, e.key);
      if (!(v == 0 || (v >= 1 && v <= 500))) {
        ctx.fail(e.value, e.key,
                 "'" + printable(e.value.Scalar()) +
                     "' Hz is out of range; use 1 .. 500 (e.g. 50), or 0 for off");
      }
      p.filter.cutoff_hz = v;
    } else if (e.name == "order") {
      const double v = ctx.number(e.value, e.key);
      if (v != 2 && v != 4 && v != 6) {
        ctx.fail(e.value, e.key,
                 "'" + printable(e.value.Scalar()) + "' is not supported; use 2, 4 or 6");
      }
      p.filter.order = static_cast<int>(v);
    } else {
      unknown(ctx, e, {"cutoff_hz", "order"});
    }
  });
}

/// symmetry: {window_strides: 10, thresholds: {peak_vgrf_bw: {abs_si_pct: 15,
///            delta_from_baseline_si_pct: 5}, contact_ms: {abs_si_pct: off}}}
void parse_symmetry(const Entry& block, StationConfig& s, const Ctx& ctx) {
  ctx.each(block.value, block.key, [&](const Entry& c) {
    if (c.name == "window_strides") {
      s.engine.symmetry.window_strides = static_cast<std::size_t>(ctx.whole(
          c.value, c.key, 1, static_cast<double>(processing::SymmetryTracker::kMaxWindowStrides)));
    } else if (c.name == "thresholds") {
      ctx.each(c.value, c.key, [&](const Entry& v) {
        std::size_t index = processing::kSymVarNames.size();
        for (std::size_t i = 0; i < processing::kSymVarNames.size(); ++i) {
          if (processing::kSymVarNames[i] == v.name) index = i;
        }
        if (index == processing::kSymVarNames.size()) {
          const std::vector<std::string> names(processing::kSymVarNames.begin(),
                                               processing::kSymVarNames.end());
          unknown(ctx, v, names);
        }
        ctx.each(v.value, v.key, [&](const Entry& t) {
          const double value = t.value.IsScalar() && t.value.Scalar() == "off"
                                   ? processing::kThresholdOff
                                   : ctx.in_range(t.value, t.key, 0.1, 200, "SI points", "or off");
          if (t.name == "abs_si_pct")
            s.engine.symmetry.thresholds[index].abs_si_pct = value;
          else if (t.name == "delta_from_baseline_si_pct")
            s.engine.symmetry.thresholds[index].delta_from_baseline_si_pct = value;
          else
            unknown(ctx, t, {"abs_si_pct", "delta_from_baseline_si_pct"});
        });
      });
    } else {
      unknown(ctx, c, {"window_strides", "thresholds"});
    }
  });
}

void parse_cue(const Entry& block, StationConfig& s, const Ctx& ctx) {
  processing::SymmetryCueConfig& cue = s.engine.cue;
  ctx.each(block.value, block.key, [&](const Entry& c) {
    if (c.name == "metric") {
      // Any per-step value, the pelvis's included (processing/step_metric.hpp).
      const std::string w = ctx.word(c.value, c.key);
      const auto metric = processing::step_metric_from_name(w);
      if (!metric) {
        const std::vector<std::string> names(processing::kStepMetricNames.begin(),
                                             processing::kStepMetricNames.end());
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        ctx.fail(c.value, c.key,
                 "'" + printable(w) + "' is not a step metric; use one of " + list +
                     suggestion(w, names));
      }
      cue.metric = *metric;
    } else if (c.name == "window_steps") {
      const double v = ctx.whole(c.value, c.key, 2,
                                 static_cast<double>(processing::SymmetryCueConfig::kMaxWindow));
      if (std::fmod(v, 2.0) != 0) {
        ctx.fail(c.value, c.key,
                 "'" + printable(c.value.Scalar()) +
                     "' is odd; give an even number of steps (as many left as right)");
      }
      cue.window_steps = static_cast<std::size_t>(v);
    } else if (c.name == "threshold_pct") {
      cue.threshold_pct = ctx.in_range(c.value, c.key, 0.1, 1000, "%",
                                       "the |symmetry index| above which the runner is cued");
    } else if (c.name == "hold_off_steps") {
      cue.hold_off_steps = static_cast<std::size_t>(ctx.whole(c.value, c.key, 0, 10000));
    } else {
      unknown(ctx, c, {"metric", "window_steps", "threshold_pct", "hold_off_steps"});
    }
  });
}

void parse_processing(const YAML::Node& node, StationConfig& s, const Ctx& ctx) {
  auto& p = s.engine.force;
  const auto newtons = [&](const Entry& e) {
    return ctx.in_range(e.value, e.key, lim::kContactMinN, lim::kContactMaxN, "N",
                        "typically 20 .. 50");
  };
  const auto fraction_bw = [&](const Entry& e) {
    return ctx.in_range(e.value, e.key, 0, lim::kContactMaxBw, "× body weight",
                        "e.g. 0.05 for 5 % BW; 0 for the newton threshold");
  };
  const auto phase_ms = [&](const Entry& e) {
    return static_cast<TimeNs>(ctx.in_range(e.value, e.key, 0, lim::kMinPhaseMaxMs, "ms") * 1e6);
  };
  ctx.each(node, "processing", [&](const Entry& e) {
    const std::string& k = e.name;
    if (k == "contact_on_n") {
      p.thresholds.on_n = newtons(e);
    } else if (k == "contact_off_n") {
      p.thresholds.off_n = newtons(e);
    } else if (k == "min_contact_ms") {
      p.thresholds.min_contact_ns = phase_ms(e);
    } else if (k == "min_flight_ms") {
      p.thresholds.min_flight_ns = phase_ms(e);
    } else if (k == "contact_on_bw") {
      p.on_bw_fraction = fraction_bw(e);
    } else if (k == "contact_off_bw") {
      p.off_bw_fraction = fraction_bw(e);
    } else if (k == "belt") {
      const std::string w = ctx.word(e.value, e.key);
      if (w == "split")
        p.belt = processing::BeltLayout::kSplit;
      else if (w == "single")
        p.belt = processing::BeltLayout::kSingle;
      else
        ctx.fail(e.value, e.key, "'" + printable(w) + "' is not a belt; use split or single");
    } else if (k == "drift_correction") {
      p.drift.enabled = ctx.boolean(e.value, e.key);
    } else if (k == "single_belt_walking") {
      p.walk.enabled = ctx.boolean(e.value, e.key);
    } else if (k == "lowpass") {
      parse_lowpass(e, p, ctx);
    } else if (k == "plate_origin_depth_m") {
      p.plate_origin_depth_m =
          ctx.in_range(e.value, e.key, 0, lim::kPlateOriginDepthMaxM, "m",
                       "the origin's depth below the surface, positive; see docs/science.md §3");
    } else if (k == "load_cells") {
      ctx.each(e.value, e.key, [&](const Entry& g) {
        if (g.name != "half_length_m" && g.name != "half_width_m") {
          unknown(ctx, g, {"half_length_m", "half_width_m"});
        }
        const double v = ctx.in_range(g.value, g.key, 0.05, 2, "m",
                                      "half the distance between the plate's load cells");
        (g.name == "half_length_m" ? p.load_cells.half_length_m : p.load_cells.half_width_m) = v;
      });
    } else if (k == "calibration") {
      // One 6×6 matrix (36 numbers, row-major) per plate, in plate order; ~ for none.
      if (!e.value.IsSequence() || e.value.size() > 2) {
        ctx.fail(e.value, e.key, "expected a list with one 36-number matrix (or ~) per plate");
      }
      for (std::size_t i = 0; i < e.value.size(); ++i) {
        const YAML::Node& m = e.value[i];
        if (m.IsNull()) continue;
        const std::string mk = e.key + "[" + std::to_string(i) + "]";
        if (!m.IsSequence() || m.size() != 36) {
          ctx.fail(m, mk, "expected 36 numbers (6 rows of Fx Fy Fz Mx My Mz, row-major)");
        }
        processing::CalibrationMatrix c{};
        for (std::size_t j = 0; j < 36; ++j) c[j] = ctx.number(m[j], mk);
        p.calibration[i] = c;
      }
    } else if (k == "plate_sides") {
      if (!e.value.IsSequence() || e.value.size() < 1 || e.value.size() > 2) {
        ctx.fail(e.value, e.key, "expected a list of one or two sides, e.g. [left, right]");
      }
      for (std::size_t i = 0; i < e.value.size(); ++i) {
        p.plate_side[i] = parse_side(e.value[i], e.key, ctx);
      }
    } else if (k == "symmetry") {
      parse_symmetry(e, s, ctx);
    } else if (k == "baseline") {
      parse_baseline(e, s, ctx);
    } else if (k == "symmetry_cue") {
      parse_cue(e, s, ctx);
    } else {
      unknown(ctx, e,
              {"contact_on_n", "contact_off_n", "contact_on_bw", "contact_off_bw", "min_contact_ms",
               "min_flight_ms", "belt", "plate_sides", "drift_correction", "single_belt_walking",
               "lowpass", "plate_origin_depth_m", "load_cells", "calibration", "symmetry",
               "symmetry_cue", "baseline"});
    }
  });
  // Settings that are only valid together, at the line of the later one.
  if (p.on_bw_fraction == 0 && p.off_bw_fraction == 0 && p.thresholds.off_n > p.thresholds.on_n) {
    ctx.problem_at(ctx.find("processing.contact_off_n") ? "processing.contact_off_n"
                                                        : "processing.contact_on_n",
                   "contact_off_n (" + std::to_string(static_cast<int>(p.thresholds.off_n)) +
                       " N) must not exceed contact_on_n (" +
                       std::to_string(static_cast<int>(p.thresholds.on_n)) +
                       " N): a contact ends below the force that starts it");
  }
  if (p.on_bw_fraction > 0 && p.off_bw_fraction > p.on_bw_fraction) {
    ctx.problem_at("processing.contact_off_bw",
                   "must not exceed contact_on_bw: a contact ends below the force that starts it");
  }
  if ((p.on_bw_fraction > 0) != (p.off_bw_fraction > 0) &&
      (ctx.find("processing.contact_on_bw") || ctx.find("processing.contact_off_bw"))) {
    ctx.problem_at(ctx.find("processing.contact_on_bw") ? "processing.contact_on_bw"
                                                        : "processing.contact_off_bw",
                   "give both contact_on_bw and contact_off_bw (or neither, for the newton "
                   "thresholds)");
  }
}

/// pelvis: {calibrate_at_start: true, static_s: 5, max_calibration_age_min: 30,
///          acc_range_g: 16, gyro_range_dps: 2000, mount_moved_deg: 3}
void parse_pelvis(const YAML::Node& node, StationConfig& s, const Ctx& ctx) {
  auto& p = s.engine.pelvis;
  ctx.each(node, "pelvis", [&](const Entry& e) {
    const std::string& k = e.name;
    if (k == "calibrate_at_start") {
      p.calibrate_at_start = ctx.boolean(e.value, e.key);
    } else if (k == "static_s") {
      const double v = ctx.in_range(e.value, e.key, 1.0, 60.0, "s");
      p.calibration.duration_ns = static_cast<TimeNs>(v * 1e9);
      p.calibration.min_duration_ns =
          std::min(p.calibration.min_duration_ns, p.calibration.duration_ns);
    } else if (k == "max_calibration_age_min") {
      p.max_calibration_age_s = ctx.in_range(e.value, e.key, 1.0, 24 * 60.0, "min") * 60.0;
    } else if (k == "acc_range_g") {
      p.acc_range_g = ctx.in_range(e.value, e.key, 1.0, 400.0, "g");
    } else if (k == "gyro_range_dps") {
      p.gyro_range_dps = ctx.in_range(e.value, e.key, 100.0, 10000.0, "deg/s");
    } else if (k == "mount_moved_deg") {
      p.mount_moved_deg = ctx.in_range(e.value, e.key, 0.5, 45.0, "deg");
    } else {
      unknown(ctx, e,
              {"calibrate_at_start", "static_s", "max_calibration_age_min", "acc_range_g",
               "gyro_range_dps", "mount_moved_deg"});
    }
  });
}

}  // namespace

StationConfig parse_station(const std::string& yaml_text, const std::string& source) {
  const Ctx ctx{source};
  const YAML::Node root = ctx.load(yaml_text);
  if (!root.IsMap()) ctx.fail(root, "(top level)", "expected station:, runner:, devices:, …");
  StationConfig s;
  bool have_devices = false;
  ctx.each(root, "", [&](const Entry& e) {
    const std::string& k = e.name;
    if (k == "station") {
      s.name = ctx.word(e.value, k);
    } else if (k == "runner") {
      ctx.each(e.value, k, [&](const Entry& r) {
        if (r.name != "body_mass_kg") unknown(ctx, r, {"body_mass_kg"});
        s.engine.pelvis.body_mass_kg = s.engine.force.body_mass_kg = ctx.in_range(
            r.value, r.key, lim::kBodyMassMinKg, lim::kBodyMassMaxKg, "kg", "the runner's mass");
      });
    } else if (k == "devices") {
      have_devices = true;
      if (!e.value.IsSequence() || e.value.size() == 0) {
        ctx.fail(e.value, k, "expected a list of devices (name, port or usb, baud, protocol)");
      }
      for (std::size_t i = 0; i < e.value.size(); ++i) {
        ctx.attempt([&] { s.devices.push_back(parse_device(e.value[i], i, ctx)); });
      }
      check_devices_distinct(s.devices, ctx);
    } else if (k == "processing") {
      parse_processing(e.value, s, ctx);
    } else if (k == "pelvis") {
      parse_pelvis(e.value, s, ctx);
    } else {
      ctx.fail(e.at, printable(k),
               "unknown section" +
                   suggestion(k, {"station", "runner", "devices", "processing", "pelvis"}) +
                   " (sections: station, runner, devices, processing, pelvis)");
    }
  });
  if (!have_devices) {
    ctx.attempt([&] { ctx.fail(root, "devices", "a station needs at least one device"); });
  }
  ctx.finish();
  // The engine's own checks: every value was range-checked above, so this only catches a
  // combination the checks above do not know of; the file is named.
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
