#include "console_report.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "stridecue/demo/truth_match.hpp"
#include "stridecue/processing/side_means.hpp"

namespace stridecue::app {

namespace {
/// "+1.2", or "-" when not computable.
std::string signed1(double v) {
  if (!std::isfinite(v)) return "-";
  if (std::fabs(v) < 0.05) v = 0;  // no "-0.0"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f", v);
  return buf;
}
}  // namespace

std::string ConsoleReport::time_since_start(TimeNs t_ns) const {
  if (steps_.empty()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", ns_to_s(t_ns - t0_ns_));
  return buf;
}

/// SI of contact time, peak force and VALR (with its method), the change from the baseline
/// when there is one ("!" = flagged), the flagged variables by name, and the window's state:
///   SYM    31.40  SI % (Δ from baseline): contact_ms -0.4 (Δ+0.2)  peak_vgrf_bw +11.6! (Δ-0.3)
///          valr_bw_s[impact_20_80] +12.3 (Δ+0.8)  window 10 L + 10 R  flagged: peak_vgrf_bw …
void ConsoleReport::print_symmetry(const station::SymmetryUpdate& u) {
  using processing::SymVar;
  const processing::SymmetrySnapshot& snap = u.snapshot;
  std::string line = "SYM    " + time_since_start(u.t_ns) + "  SI %";
  line += snap.has_baseline ? " (Δ from baseline):" : ":";
  for (const SymVar var : {SymVar::kContactMs, SymVar::kPeakVgrfBw, SymVar::kValrBwS}) {
    const processing::SymVarStats& v = snap[var];
    line += "  ";
    line += processing::sym_var_name(var);
    if (processing::is_loading_rate(var)) {
      line += "[";
      line += snap.lr_method[0] ? snap.lr_method.data() : "none";
      line += "]";
    }
    line += " " + signed1(v.si_pct);
    if (v.flag != processing::SymFlag::kNone) line += "!";
    if (snap.has_baseline) line += " (Δ" + signed1(v.si_change_pct) + ")";
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "  window %u L + %u R%s", snap.steps_l, snap.steps_r,
                snap.window_full ? "" : " (filling)");
  line += buf;
  if (snap.baseline_recording) {
    std::snprintf(buf, sizeof buf, "  baseline recording %u L + %u R", u.block_steps_l,
                  u.block_steps_r);
    line += buf;
  }
  if (snap.flagged_mask) {
    line += "  flagged:";
    for (std::size_t i = 0; i < processing::kSymVarCount; ++i) {
      if (!(snap.flagged_mask & (1u << i))) continue;
      line += " ";
      line += processing::kSymVarNames[i];
      line += " (";
      line += processing::sym_flag_name(snap.vars[i].flag);
      line += ")";
    }
  }
  std::fprintf(out_, "%s\n", line.c_str());
}

void ConsoleReport::print_header(double duration_s, const std::string& plates_port,
                                 const std::string& imu_port) {
  std::fprintf(out_,
               "StrideCue demo: emulated split-belt treadmill (2 plates, 1 kHz) on %s, pelvis IMU "
               "on %s, %.0f s\n",
               plates_port.c_str(), imu_port.empty() ? "-" : imu_port.c_str(), duration_s);
  print_columns();
}

void ConsoleReport::print_columns() {
  std::fprintf(out_, "%-6s %-5s %4s %11s %11s %10s %11s %9s %9s\n", "step", "t_s", "side",
               "contact_ms", "flight_ms", "peak_bw", "impulse_bws", "drop_deg", "tilt_deg");
  std::fflush(out_);
}

void ConsoleReport::drain(station::LiveOutputs& outputs, TimeNs first_sample_ns) {
  if (!t0_known_ && first_sample_ns >= 0) {
    t0_ns_ = first_sample_ns;
    t0_known_ = true;
  }
  processing::StepResult s;
  while (outputs.steps.pop(s)) {
    if (steps_.empty() && !t0_known_) t0_ns_ = s.t_ic_ns;
    steps_.push_back(s);
    std::fprintf(out_, "%-6u %-5.2f %4s %11.1f %11.1f %10.2f %11.3f %9.1f %9.1f\n", s.index,
                 ns_to_s(s.t_ic_ns - t0_ns_), std::string(side_name(s.side)).c_str(), s.contact_ms,
                 s.flight_ms, s.peak_vgrf_bw, s.impulse_bw_s, s.pelvis.pelvic_drop_deg,
                 s.pelvis.tilt_mean_deg);
  }
  processing::StaticCalibration cal;
  while (outputs.calibrations.pop(cal)) {
    if (cal.ok) {
      std::fprintf(out_, "PELVIS static calibration accepted (%u samples, sway %.3f rad/s)\n",
                   cal.samples, cal.gyro_sd_rads);
    } else {
      std::fprintf(out_, "PELVIS static calibration refused: %s\n", cal.reason);
    }
  }
  processing::PelvisConfidence conf;
  while (outputs.pelvis_status.pop(conf)) {
    std::fprintf(out_, "PELVIS %s\n", conf.summary());
  }
  station::BaselineEvent e;
  while (outputs.baseline_events.pop(e)) {
    const char* how = e.automatic ? " (automatic)" : "";
    const std::string t = time_since_start(e.t_ns);
    if (e.kind == station::BaselineEvent::Kind::kBegun) {
      std::fprintf(out_, "BASELINE %s block begun%s%s%s\n", t.c_str(), how, *e.reason ? ": " : "",
                   e.reason);
    } else if (e.kind == station::BaselineEvent::Kind::kEnded) {
      std::fprintf(out_, "BASELINE %s set from %u L + %u R steps%s%s%s\n", t.c_str(), e.steps_l,
                   e.steps_r, how, *e.reason ? "; " : "", e.reason);
    } else {
      std::fprintf(out_, "BASELINE %s refused%s: %s\n", t.c_str(), how, e.reason);
    }
  }
  station::SymmetryUpdate u;
  while (outputs.symmetry.pop(u)) {
    // By step index, so updates the display queue dropped do not stretch the interval.
    if (u.step_index >= next_symmetry_step_) {
      if (next_symmetry_step_ > 0) print_symmetry(u);
      next_symmetry_step_ = u.step_index + kSymmetryEverySteps;
    }
  }
  processing::Cue c;
  while (outputs.cues.pop(c)) {
    ++cues_;
    std::fprintf(out_, "%s %-5.2f \"%s\"  (%s)\n",
                 c.kind == processing::CueKind::kPraise ? "PRAISE" : "CUE   ",
                 ns_to_s(c.t_ns - t0_ns_), c.text_c(), processing::describe_cue(c).c_str());
  }
  std::fflush(out_);
}

void ConsoleReport::print_summary(station::Station& station, sim::TreadmillEmulator* emulator) {
  processing::SideMeans contact, peak, drop;
  int n[2] = {0, 0};
  for (const auto& s : steps_) {
    if (s.side != Side::kUnknown) ++n[static_cast<int>(s.side)];
    contact.add(s.side, s.contact_ms);
    peak.add(s.side, s.peak_vgrf_bw);
    drop.add(s.side, s.pelvis.pelvic_drop_deg);
  }
  std::fprintf(out_, "\nSummary: %zu steps (L %d, R %d), %zu cue(s)\n", steps_.size(), n[0], n[1],
               cues_);
  if (contact.both_sides()) {
    std::fprintf(out_, "  contact time  L %.1f ms  R %.1f ms  SI %+.1f %%\n", contact.left(),
                 contact.right(), contact.si_pct());
    std::fprintf(out_, "  peak vGRF     L %.2f BW  R %.2f BW  SI %+.1f %%\n", peak.left(),
                 peak.right(), peak.si_pct());
  }
  if (drop.both_sides()) {
    std::fprintf(out_,
                 "  pelvic drop   L stance %.1f deg  R stance %.1f deg  (%u + %u steps measured)\n",
                 drop.left(), drop.right(), drop.n_left(), drop.n_right());
  }
  for (std::size_t i = 0; i < station.device_count(); ++i) {
    const auto h = station.device_health(i);
    std::fprintf(out_,
                 "  device %-7s frames %llu, samples %llu, CRC errors %llu, counter gaps %llu, "
                 "reconnects %llu\n",
                 station.device_name(i).c_str(), static_cast<unsigned long long>(h.frames),
                 static_cast<unsigned long long>(h.samples),
                 static_cast<unsigned long long>(h.crc_errors),
                 static_cast<unsigned long long>(h.counter_gaps),
                 static_cast<unsigned long long>(h.reconnects));
  }
  for (const std::string& alarm : station.alarms()) {
    std::fprintf(out_, "  ALARM: %s\n", alarm.c_str());
  }
  if (!emulator) {
    std::fflush(out_);
    return;
  }
  const auto truth = emulator->take_truth();
  const auto m = demo::match_truth(steps_, truth);
  std::fprintf(out_,
               "  vs simulator truth: %zu matched, %zu missed, %zu false, %llu wrong side; "
               "max contact-time error %.2f ms, max peak error %.2f %%\n",
               m.matched.size(), m.missed.size(), m.false_steps.size(),
               static_cast<unsigned long long>(m.side_mismatches), m.max_abs_contact_error_ms,
               m.max_abs_peak_error_pct);
  double max_drop_err = 0;
  std::size_t n_drop_err = 0;
  for (const auto& ms : m.matched) {
    if (!std::isfinite(ms.detected.pelvis.pelvic_drop_deg)) continue;
    max_drop_err = std::max(max_drop_err, std::fabs(ms.detected.pelvis.pelvic_drop_deg -
                                                    ms.truth.step.pelvic_drop_deg));
    ++n_drop_err;
  }
  if (n_drop_err) {
    std::fprintf(out_, "  pelvic drop vs truth: %zu steps, max error %.2f deg\n", n_drop_err,
                 max_drop_err);
  }
  std::fflush(out_);
}

bool ConsoleReport::explain_empty(station::Station& station, const std::string& source,
                                  bool recording) {
  std::uint64_t frames = 0;
  for (std::size_t i = 0; i < station.device_count(); ++i) {
    const auto h = station.device_health(i);
    frames += h.frames;
    if (h.frames > 0) continue;
    const std::string name = station.device_name(i);
    if (h.bytes == 0) {
      std::fprintf(out_, "No data from %s (%s): %s\n", name.c_str(), source.c_str(),
                   recording ? "its file is empty."
                             : "nothing was received; check the cable, the port and that the "
                               "device is on.");
    } else {
      std::fprintf(out_, "No frame decoded from %s (%s): %llu bytes, none of them a frame; %s\n",
                   name.c_str(), source.c_str(), static_cast<unsigned long long>(h.bytes),
                   recording ? "a replay reads StrideCue's wire recordings (plates.bin, imu.bin "
                               "from `stridecue sim --out`); tables go to `stridecue analyze`."
                             : "check the device's protocol and baud rate in the station file.");
    }
  }
  if (frames > 0 && steps_.empty()) {
    const auto& t = station.config().engine.force.thresholds;
    std::fprintf(out_,
                 "No step found in %s: the force never made a contact (contact above %.0f N, "
                 "then below %.0f N, at least %.0f ms). Was anyone running, are the plates "
                 "zeroed (--tare), and is body_mass_kg right?\n",
                 source.c_str(), t.on_n, t.off_n, ns_to_ms(t.min_contact_ns));
  }
  std::fflush(out_);
  return station.device_count() > 0 && frames == 0;
}

}  // namespace stridecue::app
