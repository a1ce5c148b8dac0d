#include "stridecue/offline/analysis.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <sstream>
#include <utility>
#include <variant>

#include "messages.hpp"
#include "stridecue/offline/force_table_reader.hpp"
#include "stridecue/processing/side_means.hpp"
#include "stridecue/processing/symmetry.hpp"

namespace stridecue::offline {

namespace {

using processing::StepResult;

template <typename F>
SideStat side_stat(const std::vector<processing::StepResult>& steps, F value) {
  processing::SideMeans m;
  for (const auto& s : steps) m.add(s.side, value(s));
  SideStat st;
  st.left = m.left();
  st.right = m.right();
  st.n_left = static_cast<int>(m.n_left());
  st.n_right = static_cast<int>(m.n_right());
  st.si_pct = m.si_pct();
  st.sa_pct = m.sa_pct();
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

/// A JSON string literal of static text (no characters that need escaping beyond these).
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void note_calibration(const processing::StaticCalibration& c, PelvisSummary& p) {
  ++p.calibration_trials;
  if (c.ok) {
    p.calibrated = true;
    p.calibration_reason.clear();
    p.calibration_t_s = ns_to_s(c.t_ns);
    p.calibration_gravity_mps2 = c.gravity_mps2;
  } else if (p.calibration_trials == 1) {
    // The first trial is the one at the start, where the runner should have stood still; the
    // retries that follow during running all say "moved".
    p.calibration_reason = c.reason;
    p.calibration_gravity_mps2 = c.gravity_mps2;
  }
}

std::string pelvis_json(const PelvisSummary& p) {
  if (!p.imu) return "{\"imu\": false}";
  std::ostringstream j;
  j << "{\"imu\": true, \"imu_samples\": " << p.imu_samples
    << ", \"events\": " << (p.imu_events ? "\"imu\"" : "\"plates\"")
    << ",\n    \"calibration\": {\"ok\": " << (p.calibrated ? "true" : "false")
    << ", \"reason\": " << json_string(p.calibration_reason)
    << ", \"trials\": " << p.calibration_trials << ", \"t_s\": " << num(p.calibration_t_s, 3)
    << ", \"gravity_mps2\": " << num(p.calibration_gravity_mps2, 3) << "},"
    << "\n    \"steps_measured\": " << p.steps_measured
    << ",\n    \"pelvic_drop_deg\": " << stat_json(p.pelvic_drop_deg)
    << ",\n    \"tilt_mean_deg\": " << stat_json(p.tilt_mean_deg)
    << ",\n    \"late_stance_tilt_gain_deg\": " << stat_json(p.late_stance_tilt_gain_deg) << "}";
  return j.str();
}

/// The cues given: [{"t_s", "kind", "rule", "text", "metric", "symmetry", "value", "side",
/// "window_steps"}, …].
std::string cues_json(const std::vector<processing::Cue>& cues) {
  std::string out = "[";
  for (const processing::Cue& c : cues) {
    out += (out.size() > 1 ? ", " : "") + std::string("{\"t_s\": ") + num(ns_to_s(c.t_ns), 3) +
           ", \"kind\": " +
           json_string(c.kind == processing::CueKind::kPraise ? "praise" : "correction") +
           ", \"rule\": " + json_string(c.rule_c()) + ", \"text\": " + json_string(c.text_c()) +
           ", \"metric\": " + json_string(c.metric) +
           ", \"symmetry\": " + (c.symmetry ? "true" : "false") +
           ", \"value\": " + num(c.value, 2) + ", \"side\": " +
           json_string(c.side == Side::kLeft    ? "left"
                       : c.side == Side::kRight ? "right"
                                                : "") +
           ", \"window_steps\": " + std::to_string(c.window_steps) + "}";
  }
  return out + "]";
}

/// Plain words for a recording whose steps have no side ("" when some step has one).
std::string sides_unknown_reason(const AnalysisResult& r, processing::BeltLayout belt) {
  if (r.steps.empty()) return "";
  for (const auto& s : r.steps) {
    if (s.side != Side::kUnknown) return "";
  }
  if (belt == processing::BeltLayout::kSingle && !r.pelvis.imu) {
    bool cop = false;
    for (const auto& s : r.steps) cop |= std::isfinite(s.cop_y_m) && s.cop_y_m != 0.0;
    if (!cop) {
      return "sides unknown: one plate under both feet, and the file gives neither the "
             "mediolateral centre of pressure nor a pelvis IMU; map cop_y (or mx/fy moments) "
             "or the IMU columns so each step can be given its side";
    }
    return "sides unknown: the centre of pressure never moved sideways enough between steps "
           "(under 1 cm); check that cop_y is the mediolateral axis, or map the IMU columns";
  }
  return "sides unknown: no step could be given a side";
}

/// `v` with 4 significant digits (or `sig`), for messages ("2.62", "-1800").
std::string num_g(double v, int sig = 4) {
  return detail::num_g(v, sig);
}

/// Why a recording gave no step, from what the engine saw: the force never crossing the
/// thresholds (and its likely unit or sign), contacts all too short, or nothing at all.
std::string no_steps_reason(const AnalysisResult& r, const AnalysisConfig& c) {
  const processing::ContactThresholds& th = r.thresholds;
  const std::string on = num_g(th.on_n) + " N", off = num_g(th.off_n) + " N";
  if (r.frames == 0) {
    if (!r.pelvis.imu) return "no force frame and no IMU sample was read";
    if (!r.pelvis.calibrated) {
      return "no step from the IMU alone: the pelvis was never calibrated (" +
             r.pelvis.calibration_reason + ")";
    }
    return "no step from the IMU alone: no running was recognised after the static trial";
  }
  if (!(r.fz_max_n >= th.on_n)) {
    if (r.fz_min_n <= -th.on_n) {
      return "the vertical force is never positive (lowest " + num_g(r.fz_min_n) +
             " N): is fz pointing down in the file? flip its sign in --map (fz=-COLUMN, or drop "
             "the '-')";
    }
    // A runner's peak, 1–3 BW, is 0.5–2.5 kN for 50–90 kg: in BW or kN it reads 0.3–8 "N".
    if (r.fz_max_n >= 0.3 && r.fz_max_n <= 8.0) {
      return "peak force " + num_g(r.fz_max_n) + " never reached the contact threshold (" + on +
             "): is the force in body weights or kN? use --units force=BW (or force=kN)";
    }
    return "the vertical force never reached the contact threshold (peak " + num_g(r.fz_max_n) +
           " N, --on " + on + "): check the column mapped to fz, or lower --on/--off";
  }
  if (r.fz_min_n >= th.off_n) {
    return "the vertical force never fell below the toe-off threshold (lowest " +
           num_g(r.fz_min_n) + " N, --off " + off +
           "): an unloaded plate reads about 0 N; check the column mapped to fz and its zero";
  }
  if (r.rejected_contacts > 0) {
    return "all " + std::to_string(r.rejected_contacts) + " contacts were shorter than " +
           num_g(ns_to_s(c.force.thresholds.min_contact_ns) * 1e3) +
           " ms or rang: check the sample rate (--rate, or the unit of the time column)";
  }
  return "no complete contact (force rising through " + on + " and falling through " + off +
         ") in " + num_g(r.duration_s) + " s of data";
}

/// Why steps with these peak forces cannot be right ("" when they can).
std::string implausible_force_reason(const AnalysisResult& r) {
  double sum = 0;
  int n = 0;
  for (const auto& s : r.steps) {
    if (!std::isfinite(s.peak_vgrf_bw)) continue;
    sum += s.peak_vgrf_bw;
    ++n;
  }
  if (n == 0) return "";
  const double mean = sum / n;
  if (mean > kPlausiblePeakMaxBw) {
    return "mean peak force " + num_g(mean) + " BW: no foot lands that hard; is the force in N? " +
           "drop --units force=kN/BW (and check --mass)";
  }
  if (mean < kPlausiblePeakMinBw) {
    return "mean peak force " + num_g(mean) + " BW: too light for a foot contact; is the force " +
           "in kN? use --units force=kN (and check --mass)";
  }
  return "";
}

}  // namespace

std::string implausible_rate_reason(const ImportSummary& summary, double rate_hz) {
  if (rate_hz >= kPlausibleRateMinHz && rate_hz <= kPlausibleRateMaxHz) return "";
  const bool high = rate_hz > kPlausibleRateMaxHz;
  std::string text = "sample rate " + num_g(rate_hz, 7) + " Hz is implausible for force data (" +
                     num_g(kPlausibleRateMinHz) + " to " + num_g(kPlausibleRateMaxHz, 7) + " Hz)";
  if (summary.rate_given || summary.time_column.empty()) return text + ": check --rate";
  const std::string col = detail::printable(summary.time_column);
  const bool ms = summary.time_unit == TimeUnit::kMilliseconds;
  if (high && ms) return text + ": is the time column in s? use --time " + col + ":s";
  if (!high && !ms && summary.time_unit == TimeUnit::kSeconds) {
    return text + ": is the time column in ms? use --time " + col + ":ms";
  }
  return text + ": check the unit of the time column " + detail::quoted(summary.time_column);
}

std::string pelvis_flags_text(std::uint16_t flags) {
  static constexpr std::array<std::pair<std::uint16_t, const char*>, 9> kNames{{
      {processing::kPelvisNoImu, "no_imu"},
      {processing::kPelvisNotCalibrated, "not_calibrated"},
      {processing::kPelvisHeadingPending, "heading_pending"},
      {processing::kPelvisNotConverged, "not_converged"},
      {processing::kPelvisSaturated, "saturated"},
      {processing::kPelvisMountMoved, "mount_moved"},
      {processing::kPelvisCalibrationOld, "calibration_old"},
      {processing::kPelvisImuEvents, "imu_events"},
      {processing::kPelvisSideUnknown, "side_unknown"},
  }};
  if (flags == 0) return "ok";
  std::string text;
  std::uint16_t known = 0;
  for (const auto& [bit, name] : kNames) {
    known = static_cast<std::uint16_t>(known | bit);
    if (!(flags & bit)) continue;
    if (!text.empty()) text += '|';
    text += name;
  }
  if (const auto unknown = static_cast<unsigned>(flags & ~known)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", unknown);
    text += (text.empty() ? "" : "|") + std::string(buf);
  }
  return text;
}

RecordingAnalysis::RecordingAnalysis(const AnalysisConfig& config, processing::GaitSink* also)
    : config_(config), engine_(std::make_unique<processing::GaitEngine>(config)), also_(also) {}

RecordingAnalysis::~RecordingAnalysis() = default;

void RecordingAnalysis::add(const SampleItem& item) {
  if (std::holds_alternative<ImuSample>(item)) ++imu_samples_;
  if (const auto* f = std::get_if<ForceFrame>(&item)) {
    ++r_.frames;
    for (std::size_t p = 0; p < f->n_plates && p < kMaxPlates; ++p) {
      const double fz = f->plate[p].fz_n;
      if (!(fz <= r_.fz_max_n)) r_.fz_max_n = fz;  // NaN until the first frame
      if (!(fz >= r_.fz_min_n)) r_.fz_min_n = fz;
    }
  }
  engine_->process(item, *this);
}

void RecordingAnalysis::on_step(const StepResult& s) {
  r_.steps.push_back(s);
  if (also_) also_->on_step(s);
}
void RecordingAnalysis::on_cue(const processing::Cue& c) {
  r_.cues.push_back(c);
  if (also_) also_->on_cue(c);
}
void RecordingAnalysis::on_symmetry(const processing::SymmetryUpdate& u) {
  r_.symmetry = u;
  if (also_) also_->on_symmetry(u);
}
void RecordingAnalysis::on_baseline(const processing::BaselineEvent& e) {
  r_.baseline_events.push_back(e);
  if (also_) also_->on_baseline(e);
}
void RecordingAnalysis::on_calibration(const processing::StaticCalibration& c) {
  note_calibration(c, r_.pelvis);
  if (also_) also_->on_calibration(c);
}
void RecordingAnalysis::on_tare(const processing::TareResult& t) {
  if (also_) also_->on_tare(t);
}
void RecordingAnalysis::on_pelvis_status(const processing::PelvisConfidence& c) {
  if (also_) also_->on_pelvis_status(c);
}
void RecordingAnalysis::on_alarm(const processing::GaitAlarm& a) {
  if (also_) also_->on_alarm(a);
}

AnalysisResult RecordingAnalysis::finish() {
  engine_->process(SampleItem{EndOfStream{}}, *this);
  AnalysisResult& r = r_;
  const processing::GaitEngine& e = *engine_;
  PelvisSummary& p = r.pelvis;
  p.imu = e.has_imu();
  p.imu_samples = imu_samples_;
  p.imu_events = p.imu && !e.has_force();
  p.calibration_trials = static_cast<int>(e.pelvis().calibration_trials());  // reported or not
  if (p.imu && p.calibration_trials == 0) {
    p.calibration_reason = "no static trial completed: the recording has no still stretch of " +
                           num(ns_to_s(config_.pelvis.calibration.duration_ns), 1) +
                           " s before the running";
  } else if (p.imu && !p.calibrated && config_.pelvis.calibrate_at_start) {
    p.calibration_reason =
        "no static trial accepted; the first one, at the start: " + p.calibration_reason;
  }

  const processing::ForcePipeline& force = e.force();
  r.rejected_contacts = force.rejected_blips();
  r.filter = config_.force.filter;
  r.filter_delay_ms = force.filter_delay_ms();
  r.filter_problem = force.filter_problem();
  r.rejected_zero_updates = force.rejected_offsets();
  r.thresholds = force.thresholds();
  r.duration_s = e.first_sample_ns() >= 0 ? ns_to_s(e.last_sample_ns() - e.first_sample_ns()) : 0;
  using S = StepResult;
  r.contact_ms = side_stat(r.steps, [](const S& s) { return s.contact_ms; });
  r.peak_vgrf_bw = side_stat(r.steps, [](const S& s) { return s.peak_vgrf_bw; });
  r.valr_bw_s = side_stat(r.steps, [](const S& s) { return s.valr_bw_s; });
  r.impulse_bw_s = side_stat(r.steps, [](const S& s) { return s.impulse_bw_s; });
  r.step_ms = side_stat(r.steps, [](const S& s) { return s.step_ms; });
  if (p.imu) {
    for (const auto& s : r.steps) p.steps_measured += std::isfinite(s.pelvis.pelvic_drop_deg);
    p.pelvic_drop_deg = side_stat(r.steps, [](const S& s) { return s.pelvis.pelvic_drop_deg; });
    p.tilt_mean_deg = side_stat(r.steps, [](const S& s) { return s.pelvis.tilt_mean_deg; });
    p.late_stance_tilt_gain_deg =
        side_stat(r.steps, [](const S& s) { return s.pelvis.late_stance_tilt_gain_deg; });
  }
  r.sides_unknown_reason = sides_unknown_reason(r, config_.force.belt);
  r.unusable_reason = r.steps.empty() ? no_steps_reason(r, config_) : implausible_force_reason(r);
  return std::move(r_);
}

AnalysisResult analyze_recording(const std::vector<ForceFrame>& frames,
                                 const std::vector<ImuSample>& imu, const AnalysisConfig& config) {
  RecordingAnalysis a(config);
  // One timeline: an IMU sample at t goes before a frame at t, so a step reported at a frame
  // can already be measured when the IMU is there.
  std::size_t fi = 0, ii = 0;
  while (fi < frames.size() || ii < imu.size()) {
    if (ii < imu.size() && (fi == frames.size() || imu[ii].t_ns <= frames[fi].t_ns)) {
      a.add(imu[ii++]);
    } else {
      a.add(frames[fi++]);
    }
  }
  return a.finish();
}

AnalysisResult analyze_table(ForceTableReader& reader, const AnalysisConfig& config) {
  constexpr std::size_t kChunkRows = 4096;
  std::vector<ForceFrame> frames(kChunkRows);
  std::vector<ImuSample> imu(reader.has_imu() ? kChunkRows : 0);
  RecordingAnalysis analysis(config);
  const bool plates = reader.n_plates() > 0;
  while (const std::size_t n = reader.read(frames, imu)) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!imu.empty()) analysis.add(SampleItem{imu[i]});
      if (plates) analysis.add(SampleItem{frames[i]});
    }
  }
  AnalysisResult r = analysis.finish();
  if (r.steps.empty()) {
    // A rate 1000 times off makes every contact too short or too long: the likelier cause.
    std::string rate = implausible_rate_reason(reader.summary(), reader.rate_hz());
    if (!rate.empty()) r.unusable_reason = std::move(rate);
  }
  return r;
}

AnalysisResult analyze_frames(const std::vector<ForceFrame>& frames,
                              const processing::ForcePipelineConfig& config) {
  AnalysisConfig c;
  c.force = config;
  return analyze_recording(frames, {}, c);
}

void write_steps_csv(std::ostream& out, const AnalysisResult& r) {
  out << "side,t_ic_s,t_to_s,contact_ms,flight_ms,step_ms,peak_vgrf_bw,impact_peak_bw,"
         "loading_rate_bw_s,loading_rate_method,impulse_bw_s,stride_ms,vilr_bw_s,"
         "braking_impulse_bw_s,propulsive_impulse_bw_s,cop_y_m,cop_progression_m,"
         "zero_offset_n,plate,cadence_spm,free_moment_peak_nm,across_belts,side_from,"
         "pelvic_drop_deg,pelvic_drop_static_deg,tilt_mean_deg,tilt_peak_deg,"
         "late_stance_tilt_gain_deg,obliquity_range_deg,tilt_range_deg,rotation_range_deg,"
         "pelvis_flags\n";
  for (const auto& s : r.steps) {
    out << side_name(s.side) << ',' << csv(ns_to_s(s.t_ic_ns), 4) << ','
        << csv(ns_to_s(s.t_to_ns), 4) << ',' << csv(s.contact_ms, 1) << ',' << csv(s.flight_ms, 1)
        << ',' << csv(s.step_ms, 1) << ',' << csv(s.peak_vgrf_bw, 3) << ','
        << csv(s.impact_peak_bw, 3) << ',' << csv(s.valr_bw_s, 1) << ','
        << s.loading_rate_method.data() << ',' << csv(s.impulse_bw_s, 4) << ','
        << csv(s.stride_ms, 1) << ',' << csv(s.vilr_bw_s, 1) << ','
        << csv(s.braking_impulse_bw_s, 4) << ',' << csv(s.propulsive_impulse_bw_s, 4) << ','
        << csv(s.cop_y_m, 4) << ',' << csv(s.cop_progression_m, 4) << ',' << csv(s.zero_offset_n, 2)
        << ',' << static_cast<int>(s.plate) << ',' << csv(s.cadence_spm, 1) << ','
        << csv(s.free_moment_peak_nm, 2) << ',' << (s.across_belts ? 1 : 0) << ','
        << processing::side_source_name(s.side_source);
    const processing::PelvisStepMetrics& m = s.pelvis;
    for (const double v : {m.pelvic_drop_deg, m.pelvic_drop_static_deg, m.tilt_mean_deg,
                           m.tilt_peak_deg, m.late_stance_tilt_gain_deg, m.obliquity_range_deg,
                           m.tilt_range_deg, m.rotation_range_deg}) {
      out << ',' << csv(v, 2);
    }
    out << ',' << (r.pelvis.imu ? pelvis_flags_text(m.flags) : "") << '\n';
  }
}

std::string summary_json(const AnalysisResult& r) {
  int left = 0, right = 0, unknown = 0, double_support = 0;
  std::map<std::string, int> methods, side_from;
  for (const auto& s : r.steps) {
    (s.side == Side::kLeft ? left : s.side == Side::kRight ? right : unknown)++;
    ++methods[s.loading_rate_method.data()];
    ++side_from[processing::side_source_name(s.side_source)];
    double_support += s.flight_ms < 0;
  }
  const auto counts = [](const std::map<std::string, int>& m) {
    std::string out = "{";
    for (const auto& [name, count] : m) {
      out += (out.size() > 1 ? ", \"" : "\"") + name + "\": " + std::to_string(count);
    }
    return out + "}";
  };
  std::ostringstream j;
  j << "{\n  \"duration_s\": " << num(r.duration_s, 3) << ",\n  \"steps\": {\"left\": " << left
    << ", \"right\": " << right << ", \"unknown\": " << unknown << "},\n  \"sides_unknown\": "
    << (r.sides_unknown_reason.empty() ? std::string("null") : json_string(r.sides_unknown_reason))
    << ",\n  \"unusable\": "
    << (r.unusable_reason.empty() ? std::string("null") : json_string(r.unusable_reason))
    << ",\n  \"side_from\": " << counts(side_from)
    << ",\n  \"double_support_steps\": " << double_support
    << ",\n  \"rejected_contacts\": " << r.rejected_contacts
    << ",\n  \"rejected_zero_updates\": " << r.rejected_zero_updates
    << ",\n  \"thresholds_n\": {\"on\": " << num(r.thresholds.on_n, 1)
    << ", \"off\": " << num(r.thresholds.off_n, 1)
    << "},\n  \"lowpass\": {\"cutoff_hz\": " << num(r.filter.cutoff_hz, 1)
    << ", \"order\": " << r.filter.order << ", \"delay_ms\": " << num(r.filter_delay_ms, 2)
    << ", \"applied\": " << (r.filter.cutoff_hz > 0 && r.filter_problem.empty() ? "true" : "false")
    << ", \"problem\": " << json_string(r.filter_problem)
    << "},\n  \"loading_rate_methods\": " << counts(methods)
    << ",\n  \"contact_ms\": " << stat_json(r.contact_ms)
    << ",\n  \"step_ms\": " << stat_json(r.step_ms)
    << ",\n  \"peak_vgrf_bw\": " << stat_json(r.peak_vgrf_bw)
    << ",\n  \"loading_rate_bw_s\": " << stat_json(r.valr_bw_s)
    << ",\n  \"impulse_bw_s\": " << stat_json(r.impulse_bw_s)
    << ",\n  \"pelvis\": " << pelvis_json(r.pelvis) << ",\n  \"cues\": " << cues_json(r.cues)
    << "\n}\n";
  return j.str();
}

}  // namespace stridecue::offline
