#include "analyze_command.hpp"

#include "cli_checks.hpp"
#include "cue_option.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "stridecue/offline/analysis.hpp"
#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/offline/force_table_reader.hpp"
#include "stridecue/processing/limits.hpp"
#include "stridecue/processing/step_metric.hpp"

namespace stridecue::app {

namespace {

/// Exit codes of `stridecue analyze` (also in its --help): 0 steps found; 3 the file was read
/// but gave nothing usable (no step, or forces no runner makes), with the reason printed; 1 the
/// file or an option refused (the message names the file, line, column or option); CLI11's
/// codes (100–115) for a malformed command line.
constexpr int kExitNothingUsable = 3;

struct AnalyzeOptions {
  std::string file;
  double rate_hz = 0;
  std::string map;
  std::string units;
  std::string time = "auto";
  std::string separator = "auto";
  std::string belt;
  double mass_kg = 0;
  double on_n = 30, off_n = 20;
  double static_s = 0;    // 0: the pipeline's default (5 s)
  double lowpass_hz = 0;  // 0: raw force
  int lowpass_order = 4;
  std::string cue_metric = "peak_vgrf_bw";
  double cue_threshold_pct = 10.0;
  std::string steps_csv;
  bool json = false;
};

/// A step's value by the row name printed below (the StepMetric names; "loading_rate_bw_s" is
/// VALR).
double step_value(const processing::StepResult& s, std::string_view name) {
  if (name == "loading_rate_bw_s") return s.valr_bw_s;
  if (name == "late_tilt_gain_deg") return s.pelvis.late_stance_tilt_gain_deg;
  const auto metric = processing::step_metric_from_name(name);
  return metric ? processing::step_metric_value(s, *metric) : processing::kNaN;
}

int run_analyze(const AnalyzeOptions& o) {
  if (o.off_n > o.on_n) {
    throw std::runtime_error("--off " + CLI::detail::to_string(o.off_n) + " N is above --on " +
                             CLI::detail::to_string(o.on_n) +
                             " N: a contact ends when the force falls below --off, so it must "
                             "not exceed --on (e.g. --on 30 --off 20)");
  }
  offline::ImportOptions io;
  io.separator = offline::parse_separator(o.separator);
  io.rate_hz = o.rate_hz;
  io.time = offline::parse_time_spec(o.time);
  io.map = offline::parse_column_map(o.map);
  if (!o.units.empty()) io.units = offline::parse_units(o.units);
  io.body_mass_kg = o.mass_kg;
  if (!o.belt.empty()) io.belt = offline::parse_belt(o.belt);
  offline::ForceTableReader reader(o.file, io);

  processing::ForcePipelineConfig pc;
  pc.body_mass_kg = o.mass_kg;
  pc.thresholds.on_n = o.on_n;
  pc.thresholds.off_n = o.off_n;
  pc.belt =
      reader.n_plates() == 2 ? processing::BeltLayout::kSplit : processing::BeltLayout::kSingle;
  pc.plate_side = {Side::kLeft, Side::kRight};
  pc.filter.cutoff_hz = o.lowpass_hz;
  pc.filter.order = o.lowpass_order;
  offline::AnalysisConfig ac;
  ac.force = pc;
  ac.pelvis.body_mass_kg = o.mass_kg;
  ac.cue.metric = cue_metric(o.cue_metric);
  ac.cue.threshold_pct = o.cue_threshold_pct;
  if (o.static_s > 0) {
    auto& cal = ac.pelvis.calibration;
    cal.duration_ns = s_to_ns(o.static_s);
    cal.min_duration_ns = std::min(cal.min_duration_ns, cal.duration_ns);
  }
  const offline::AnalysisResult r = offline::analyze_table(reader, ac);

  if (!o.steps_csv.empty()) {
    std::ofstream out(o.steps_csv);
    offline::write_steps_csv(out, r);
    out.flush();
    if (!out) {
      throw std::runtime_error("cannot write " + o.steps_csv +
                               ": check the directory exists and the disk has space");
    }
  }
  const int rc = r.unusable_reason.empty() ? 0 : kExitNothingUsable;
  if (o.json) {
    std::cout << offline::summary_json(r);
    return rc;
  }
  std::printf("%s", reader.summary().to_text().c_str());
  std::printf("%zu steps (L %d, R %d), %llu rejected contacts; thresholds %.0f/%.0f N\n",
              r.steps.size(), r.contact_ms.n_left, r.contact_ms.n_right,
              static_cast<unsigned long long>(r.rejected_contacts), r.thresholds.on_n,
              r.thresholds.off_n);
  if (r.steps.empty()) {
    std::printf("No steps: %s\n", r.unusable_reason.c_str());
    if (!o.steps_csv.empty()) std::printf("Steps written to %s (none)\n", o.steps_csv.c_str());
    return rc;
  }
  if (rc != 0) std::printf("Not usable: %s\n", r.unusable_reason.c_str());
  const bool sides_unknown = !r.sides_unknown_reason.empty();
  if (sides_unknown) std::printf("%s\n", r.sides_unknown_reason.c_str());
  // Per side with their symmetry; without sides, the mean over every step.
  auto row = [&](const char* name, const offline::SideStat& s, int digits) {
    if (!sides_unknown) {
      std::printf("  %-18s L %.*f  R %.*f  SI %+.1f %%\n", name, digits, s.left, digits, s.right,
                  s.si_pct);
      return;
    }
    double sum = 0;
    int n = 0;
    for (const auto& step : r.steps) {
      const double v = step_value(step, name);
      if (std::isfinite(v)) {
        sum += v;
        ++n;
      }
    }
    if (n == 0) return;
    std::printf("  %-18s all steps %.*f (n %d)\n", name, digits, sum / n, n);
  };
  if (!r.filter_problem.empty()) {
    std::printf("Low-pass %.0f Hz NOT applied: %s\n", r.filter.cutoff_hz, r.filter_problem.c_str());
  } else if (r.filter.cutoff_hz > 0) {
    std::printf(
        "Low-pass %.0f Hz (order %d): events and peaks %.2f ms later than on the raw "
        "force\n",
        r.filter.cutoff_hz, r.filter.order, r.filter_delay_ms);
  }
  int walking = 0;
  for (const auto& s : r.steps) walking += s.flight_ms < 0;
  if (walking > 0) std::printf("%d steps with double support (walking)\n", walking);
  row("contact_ms", r.contact_ms, 1);
  row("step_ms", r.step_ms, 1);
  row("peak_vgrf_bw", r.peak_vgrf_bw, 2);
  row("loading_rate_bw_s", r.valr_bw_s, 1);
  row("impulse_bw_s", r.impulse_bw_s, 3);
  if (r.pelvis.imu) {
    const offline::PelvisSummary& p = r.pelvis;
    if (p.calibrated) {
      std::printf("Pelvis IMU: calibrated at %.1f s (|g| %.2f m/s^2); %d of %zu steps measured%s\n",
                  p.calibration_t_s, p.calibration_gravity_mps2, p.steps_measured, r.steps.size(),
                  p.imu_events ? "; contacts from the IMU (+-30 ms)" : "");
    } else {
      std::printf("Pelvis IMU: not calibrated: %s\n", p.calibration_reason.c_str());
      // A refused first trial that read 1 or 96 m/s² had the accelerometer unit wrong.
      const double g = processing::kGravity_mps2, read = p.calibration_gravity_mps2;
      if (std::fabs(read - 1.0) < 0.3) {
        std::printf("  gravity read as %.2f m/s^2: is the accelerometer in g? give --units acc=g\n",
                    read);
      } else if (std::fabs(read - g * g) < 3.0) {
        std::printf("  gravity read as %.1f m/s^2: is the accelerometer in m/s^2? drop acc=g\n",
                    read);
      }
    }
    row("pelvic_drop_deg", p.pelvic_drop_deg, 1);
    row("tilt_mean_deg", p.tilt_mean_deg, 1);
    row("late_tilt_gain_deg", p.late_stance_tilt_gain_deg, 1);
  }
  for (const auto& c : r.cues) {
    std::printf("%s %.2f s \"%s\" (%s)\n",
                c.kind == processing::CueKind::kPraise ? "PRAISE" : "CUE", ns_to_s(c.t_ns),
                c.text_c(), processing::describe_cue(c).c_str());
  }
  if (!o.steps_csv.empty()) std::printf("Steps written to %s\n", o.steps_csv.c_str());
  return rc;
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto o = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Run the step pipeline on a force recording made by another system (CSV/TSV with a "
      "header), with pelvis IMU columns if it has them, to check StrideCue against a lab's own "
      "tools.\nExit codes: 0 steps found; 3 the file was read but gave nothing usable (no step, "
      "or forces no runner makes), the reason printed; 1 the file or an option refused (file, "
      "line and column named); 100-115 the command line malformed (CLI11)");
  cmd->add_option("file", o->file, "The recording")->required()->check(CLI::ExistingFile);
  cmd->add_option(
         "--map", o->map,
         "Columns to StrideCue's lab frame (X forward, Y left, Z up): target=column "
         "pairs, e.g. fz=Fy,fx=Fx,fy=-Fz,cop_x=COPx,cop_y=-COPz; split belt with left./right. "
         "'-' negates a column. Pelvis IMU (all six or none, sensor axes): "
         "acc_x=..,acc_y=..,acc_z=..,gyro_x=..,gyro_y=..,gyro_z=.. (alone: contacts from the IMU)")
      ->required();
  cmd->add_option("--rate", o->rate_hz, "Sample rate, Hz (else from the time column)")
      ->check(finite_range(1.0, 100000.0));
  cmd->add_option("--time", o->time, "Time column: auto, none, NAME, NAME:s, NAME:ms, NAME:index")
      ->capture_default_str();
  cmd->add_option("--units", o->units,
                  "Units, e.g. force=N|kN|BW,length=mm|m,moment=N.m|N.mm,acc=mps2|g,gyro=rads|dps "
                  "(defaults N, m, N.m, m/s^2, rad/s)");
  cmd->add_option("--sep", o->separator, "Separator: auto, tab, comma, semicolon, whitespace")
      ->capture_default_str();
  cmd->add_option("--belt", o->belt, "single or split (default: from the map)");
  cmd->add_option("--mass", o->mass_kg, "Runner body mass, kg")
      ->required()
      ->check(finite_range(20.0, 250.0));
  using processing::limits::kContactMaxN;
  using processing::limits::kContactMinN;
  cmd->add_option("--on", o->on_n, "Contact-on threshold, N")
      ->check(finite_range(kContactMinN, kContactMaxN))
      ->capture_default_str();
  cmd->add_option("--off", o->off_n, "Toe-off threshold, N (not above --on)")
      ->check(finite_range(kContactMinN, kContactMaxN))
      ->capture_default_str();
  cmd->add_option("--static-s", o->static_s,
                  "Pelvis IMU: length of the standing static calibration taken from the first "
                  "still stretch of the file, s (default 5)")
      ->check(finite_range(0.5, 60.0));
  cmd->add_option("--lowpass", o->lowpass_hz,
                  "Causal Butterworth low-pass on the force channels, cut-off Hz (default: none); "
                  "it delays events and peaks by its group delay, printed with the results")
      ->check(finite_range(1.0, 500.0));
  cmd->add_option("--lowpass-order", o->lowpass_order, "Order of the low-pass: 2, 4 or 6")
      ->check(CLI::IsMember({2, 4, 6}))
      ->capture_default_str();
  add_cue_metric_option(cmd, o->cue_metric);
  cmd->add_option("--cue-threshold", o->cue_threshold_pct,
                  "Cue when |symmetry index| of the cue metric exceeds this, % (the symmetry table "
                  "flags at it too)")
      ->check(finite_range(0.1, 1000.0))
      ->capture_default_str();
  cmd->add_option("--steps-csv", o->steps_csv,
                  "Write one row per step to this CSV file (pelvis columns are empty without "
                  "IMU columns)");
  cmd->add_flag("--json", o->json, "Print the summary as JSON");
  cmd->callback([o] {
    const int rc = run_analyze(*o);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace stridecue::app
