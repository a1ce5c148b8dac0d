#include "stridecue/runtime/analysis.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <sstream>

#include "stridecue/processing/symmetry.hpp"

namespace stridecue::runtime {

namespace {

struct Collect : processing::StepSink {
  std::vector<processing::StepResult>* steps;
  void on_step(const processing::StepResult& s) override { steps->push_back(s); }
  void on_cue(const processing::Cue&) override {}
};

template <typename F>
SideStat side_stat(const std::vector<processing::StepResult>& steps, F value) {
  SideStat st;
  for (const auto& s : steps) {
    const double v = value(s);
    if (!std::isfinite(v)) continue;
    if (s.side == Side::kLeft) {
      st.left += v;
      ++st.n_left;
    } else if (s.side == Side::kRight) {
      st.right += v;
      ++st.n_right;
    }
  }
  st.left = st.n_left ? st.left / st.n_left : std::nan("");
  st.right = st.n_right ? st.right / st.n_right : std::nan("");
  st.si_pct = processing::symmetry_index_pct(st.left, st.right);
  st.sa_pct = processing::symmetry_angle_pct(st.left, st.right);
  return st;
}

std::string num(double v, int digits = 4) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string csv(double v, int digits) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string stat_json(const SideStat& s) {
  return "{\"left\": " + num(s.left) + ", \"right\": " + num(s.right) +
         ", \"n_left\": " + std::to_string(s.n_left) +
         ", \"n_right\": " + std::to_string(s.n_right) + ", \"si_pct\": " + num(s.si_pct, 2) +
         ", \"sa_pct\": " + num(s.sa_pct, 2) + "}";
}

}  // namespace

AnalysisResult analyze_frames(const std::vector<ForceFrame>& frames,
                              const processing::ForcePipelineConfig& config) {
  AnalysisResult r;
  processing::ForcePipeline pipeline(config);
  Collect sink;
  sink.steps = &r.steps;
  for (const auto& f : frames) pipeline.process(f, sink);
  r.rejected_contacts = pipeline.rejected_blips();
  r.rejected_zero_updates = pipeline.rejected_offsets();
  r.thresholds = pipeline.thresholds();
  if (frames.size() > 1) r.duration_s = ns_to_s(frames.back().t_ns - frames.front().t_ns);
  using S = processing::StepResult;
  r.contact_ms = side_stat(r.steps, [](const S& s) { return s.contact_ms; });
  r.peak_vgrf_bw = side_stat(r.steps, [](const S& s) { return s.peak_vgrf_bw; });
  r.valr_bw_s = side_stat(r.steps, [](const S& s) { return s.valr_bw_s; });
  r.impulse_bw_s = side_stat(r.steps, [](const S& s) { return s.impulse_bw_s; });
  r.step_ms = side_stat(r.steps, [](const S& s) { return s.step_ms; });
  return r;
}

void write_steps_csv(std::ostream& out, const AnalysisResult& r) {
  out << "side,t_ic_s,t_to_s,contact_ms,flight_ms,step_ms,peak_vgrf_bw,impact_peak_bw,"
         "loading_rate_bw_s,loading_rate_method,impulse_bw_s,stride_ms,vilr_bw_s,"
         "braking_impulse_bw_s,propulsive_impulse_bw_s,cop_y_m,cop_progression_m,"
         "zero_offset_n,plate,cadence_spm,free_moment_peak_nm,across_belts\n";
  for (const auto& s : r.steps) {
    out << side_name(s.side) << ',' << csv(ns_to_s(s.t_ic_ns), 4) << ','
        << csv(ns_to_s(s.t_to_ns), 4) << ',' << csv(s.contact_ms, 1) << ',' << csv(s.flight_ms, 1)
        << ',' << csv(s.step_ms, 1) << ',' << csv(s.peak_vgrf_bw, 3) << ','
        << csv(s.impact_peak_bw, 3) << ',' << csv(s.valr_bw_s, 1) << ','
        << s.loading_rate_method.data() << ',' << csv(s.impulse_bw_s, 4) << ','
        << csv(s.stride_ms, 1) << ',' << csv(s.vilr_bw_s, 1) << ','
        << csv(s.braking_impulse_bw_s, 4) << ',' << csv(s.propulsive_impulse_bw_s, 4) << ','
        << csv(s.cop_y_m, 4) << ',' << csv(s.cop_progression_m, 4) << ',' << csv(s.zero_offset_n, 2)
        << ',' << static_cast<int>(s.plate) << '\n';
  }
}

std::string summary_json(const AnalysisResult& r) {
  int left = 0, right = 0, unknown = 0;
  std::map<std::string, int> methods;
  for (const auto& s : r.steps) {
    (s.side == Side::kLeft ? left : s.side == Side::kRight ? right : unknown)++;
    ++methods[s.loading_rate_method.data()];
  }
  std::ostringstream j;
  j << "{\n  \"duration_s\": " << num(r.duration_s, 3) << ",\n  \"steps\": {\"left\": " << left
    << ", \"right\": " << right << ", \"unknown\": " << unknown
    << "},\n  \"rejected_contacts\": " << r.rejected_contacts
    << ",\n  \"rejected_zero_updates\": " << r.rejected_zero_updates
    << ",\n  \"thresholds_n\": {\"on\": " << num(r.thresholds.on_n, 1)
    << ", \"off\": " << num(r.thresholds.off_n, 1) << "},\n  \"loading_rate_methods\": {";
  bool first = true;
  for (const auto& [name, count] : methods) {
    j << (first ? "" : ", ") << '"' << name << "\": " << count;
    first = false;
  }
  j << "},\n  \"contact_ms\": " << stat_json(r.contact_ms)
    << ",\n  \"step_ms\": " << stat_json(r.step_ms)
    << ",\n  \"peak_vgrf_bw\": " << stat_json(r.peak_vgrf_bw)
    << ",\n  \"loading_rate_bw_s\": " << stat_json(r.valr_bw_s)
    << ",\n  \"impulse_bw_s\": " << stat_json(r.impulse_bw_s) << "\n}\n";
  return j.str();
}

}  // namespace stridecue::runtime
