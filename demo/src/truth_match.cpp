#include "stridecue/demo/truth_match.hpp"

#include <algorithm>
#include <cmath>

namespace stridecue::demo {

TruthMatch match_truth(const std::vector<processing::StepResult>& detected,
                       const std::vector<sim::HostStepTruth>& truth, double window_ms) {
  TruthMatch m;
  const TimeNs window_ns = static_cast<TimeNs>(window_ms * 1e6);
  if (detected.empty()) {
    m.missed = truth;
    return m;
  }
  TimeNs first = INT64_MAX, last = INT64_MIN;
  for (const auto& d : detected) {
    first = std::min(first, d.t_ic_ns);
    last = std::max(last, d.t_to_ns);
  }
  std::vector<bool> used(detected.size(), false);
  for (const auto& t : truth) {
    if (t.t_ic_host_ns < first - window_ns || t.t_to_host_ns > last + window_ns) continue;
    std::size_t best = detected.size();
    TimeNs best_dt = window_ns + 1;
    for (std::size_t i = 0; i < detected.size(); ++i) {
      if (used[i]) continue;
      const TimeNs dt = std::llabs(detected[i].t_ic_ns - t.t_ic_host_ns);
      if (dt < best_dt) {
        best_dt = dt;
        best = i;
      }
    }
    if (best == detected.size()) {
      m.missed.push_back(t);
      continue;
    }
    used[best] = true;
    const auto& d = detected[best];
    if (d.side != t.step.side) ++m.side_mismatches;
    MatchedStep s{d, t};
    s.ic_error_ms = ns_to_ms(d.t_ic_ns - t.t_ic_threshold_host_ns);
    s.to_error_ms = ns_to_ms(d.t_to_ns - t.t_to_threshold_host_ns);
    s.contact_error_ms = s.to_error_ms - s.ic_error_ms;
    s.peak_error_pct = (d.peak_vgrf_bw - t.step.peak_vgrf_bw) / t.step.peak_vgrf_bw * 100.0;
    m.max_abs_contact_error_ms =
        std::max(m.max_abs_contact_error_ms, std::fabs(s.contact_error_ms));
    m.max_abs_peak_error_pct = std::max(m.max_abs_peak_error_pct, std::fabs(s.peak_error_pct));
    m.matched.push_back(s);
  }
  for (std::size_t i = 0; i < detected.size(); ++i) {
    if (!used[i]) m.false_steps.push_back(detected[i]);
  }
  return m;
}

}  // namespace stridecue::demo
