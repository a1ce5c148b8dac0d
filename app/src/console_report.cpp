#include "console_report.hpp"

#include <cmath>

#include "stridecue/processing/symmetry.hpp"
#include "stridecue/runtime/truth_match.hpp"

namespace stridecue::app {

void ConsoleReport::print_header(double duration_s, const std::string& plates_port,
                                 const std::string& imu_port) {
  std::fprintf(out_,
               "StrideCue demo: emulated split-belt treadmill (2 plates, 1 kHz) on %s, pelvis IMU "
               "on %s, %.0f s\n",
               plates_port.c_str(), imu_port.empty() ? "-" : imu_port.c_str(), duration_s);
  print_columns();
}

void ConsoleReport::print_columns() {
  std::fprintf(out_, "%-6s %-5s %4s %11s %11s %10s %11s\n", "step", "t_s", "side", "contact_ms",
               "flight_ms", "peak_bw", "impulse_bws");
  std::fflush(out_);
}

void ConsoleReport::drain(runtime::LiveOutputs& outputs) {
  processing::StepResult s;
  while (outputs.steps.pop(s)) {
    if (steps_.empty()) t0_ns_ = s.t_ic_ns;
    steps_.push_back(s);
    std::fprintf(out_, "%-6u %-5.2f %4s %11.1f %11.1f %10.2f %11.3f\n", s.index,
                 ns_to_s(s.t_ic_ns - t0_ns_), std::string(side_name(s.side)).c_str(), s.contact_ms,
                 s.flight_ms, s.peak_vgrf_bw, s.impulse_bw_s);
  }
  processing::Cue c;
  while (outputs.cues.pop(c)) {
    ++cues_;
    std::fprintf(out_,
                 "CUE    %-5.2f \"%s\"  (peak force: %s leg %+.1f %% over the last 6 steps)\n",
                 ns_to_s(c.t_ns - t0_ns_), c.text, c.heavier == Side::kRight ? "right" : "left",
                 std::fabs(c.value));
  }
  std::fflush(out_);
}

void ConsoleReport::print_summary(runtime::Station& station, sim::TreadmillEmulator* emulator) {
  double contact[2] = {0, 0}, peak[2] = {0, 0};
  int n[2] = {0, 0};
  for (const auto& s : steps_) {
    if (s.side == Side::kUnknown) continue;
    const int k = static_cast<int>(s.side);
    contact[k] += s.contact_ms;
    peak[k] += s.peak_vgrf_bw;
    ++n[k];
  }
  std::fprintf(out_, "\nSummary: %zu steps (L %d, R %d), %zu cue(s)\n", steps_.size(), n[0], n[1],
               cues_);
  if (n[0] && n[1]) {
    const double cl = contact[0] / n[0], cr = contact[1] / n[1];
    const double pl = peak[0] / n[0], pr = peak[1] / n[1];
    std::fprintf(out_, "  contact time  L %.1f ms  R %.1f ms  SI %+.1f %%\n", cl, cr,
                 processing::symmetry_index_pct(cl, cr));
    std::fprintf(out_, "  peak vGRF     L %.2f BW  R %.2f BW  SI %+.1f %%\n", pl, pr,
                 processing::symmetry_index_pct(pl, pr));
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
  if (station.queue_drops()) {
    std::fprintf(out_, "  ALARM: %llu samples dropped at the processing queue\n",
                 static_cast<unsigned long long>(station.queue_drops()));
  }
  if (!emulator) {
    std::fflush(out_);
    return;
  }
  const auto truth = emulator->take_truth();
  const auto m = runtime::match_truth(steps_, truth);
  std::fprintf(out_,
               "  vs simulator truth: %zu matched, %zu missed, %zu false, %llu wrong side; "
               "max contact-time error %.2f ms, max peak error %.2f %%\n",
               m.matched.size(), m.missed.size(), m.false_steps.size(),
               static_cast<unsigned long long>(m.side_mismatches), m.max_abs_contact_error_ms,
               m.max_abs_peak_error_pct);
  std::fflush(out_);
}

}  // namespace stridecue::app
