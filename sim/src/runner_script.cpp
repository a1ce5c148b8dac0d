// Scripted changes of the simulated runner (semantics in runner_script.hpp) and
// Runner::schedule.
//
// Where each field takes effect:
//   per step (the value at the step's initial contact; the step truth records what was drawn):
//     cadence_spm, contact_time_s, speed_mps, variability_cv, step_across_probability,
//     left./right.{active_peak_bw, impact_peak_bw, impact_time_frac, contact_scale,
//     pelvic_drop_deg}, braking_peak_bw, foot_y_m, tilt_rom_deg, anterior_tilt_offset_deg,
//     late_stance_tilt_gain_deg, rotation_rom_deg, obliquity_rom_extra_deg, flight_ringing_n,
//     ringing_hz, ringing_decay_s;
//   per sample (the value at the sample time): force_noise_n, acc_noise_mps2, gyro_noise_rads,
//     gyro_bias_walk_rads_per_sqrt_s, zero_drift_walk_n_per_sqrt_s (at each 1 s drift interval's
//     midpoint);
//   integrated: zero_drift_n_per_min (the offset is the exact integral of the rate, so a change
//     of rate bends the drift without a jump).
// Everything else is fixed at construction and schedule() refuses it.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "stridecue/core/setting_error.hpp"
#include "stridecue/sim/runner.hpp"

namespace stridecue::sim {
namespace detail {
namespace {

double lambda(const ChangeTimeline::Change& c, TimeNs t_ns) {
  if (c.ramp_ns <= 0) return 1.0;
  return std::clamp(static_cast<double>(t_ns - c.at_ns) / static_cast<double>(c.ramp_ns), 0.0, 1.0);
}

double value_of(const ChangeTimeline::Change& c, TimeNs t_ns) {
  return c.from + (c.target - c.from) * lambda(c, t_ns);
}

// ∫ of F over [a, b] while change c (or, without one, the constant base value) is in force.
double piece_integral_s(const ChangeTimeline::Change* c, double base_value, TimeNs a, TimeNs b) {
  if (b <= a) return 0.0;
  if (c == nullptr) return base_value * ns_to_s(b - a);
  double sum = 0.0;
  const TimeNs ramp_end = c->at_ns + c->ramp_ns;
  if (a < ramp_end) {  // linear part: trapezoid is exact
    const TimeNs m = std::min(b, ramp_end);
    sum += 0.5 * (value_of(*c, a) + value_of(*c, m)) * ns_to_s(m - a);
    a = m;
  }
  return sum + c->target * ns_to_s(b - a);
}

}  // namespace

std::uintptr_t ChangeTimeline::offset_of(const RunnerConfig& config, const double& field) noexcept {
  return reinterpret_cast<std::uintptr_t>(&field) - reinterpret_cast<std::uintptr_t>(&config);
}

std::size_t ChangeTimeline::insert(const RunnerConfig& base, Change c) {
  const auto pos = std::upper_bound(changes_.begin(), changes_.end(), c.at_ns,
                                    [](TimeNs t, const Change& x) { return t < x.at_ns; });
  const auto index = static_cast<std::size_t>(pos - changes_.begin());
  changes_.insert(pos, std::move(c));
  recompute_from(base);
  return index;
}

void ChangeTimeline::erase(const RunnerConfig& base, std::size_t pos) {
  changes_.erase(changes_.begin() + static_cast<std::ptrdiff_t>(pos));
  recompute_from(base);
}

void ChangeTimeline::recompute_from(const RunnerConfig& base) {
  for (std::size_t k = 0; k < changes_.size(); ++k) {
    Change& c = changes_[k];
    RunnerConfig scratch = base;
    double v = c.ref(scratch);
    for (std::size_t j = 0; j < k; ++j) {
      if (changes_[j].offset == c.offset) v = value_of(changes_[j], c.at_ns);
    }
    c.from = v;
  }
}

RunnerConfig ChangeTimeline::config_at(const RunnerConfig& base, TimeNs t_ns) const {
  RunnerConfig c = base;
  for (const Change& x : changes_) {
    if (x.at_ns > t_ns) break;
    x.ref(c) = value_of(x, t_ns);  // a later change of the same field overrides
  }
  return c;
}

double ChangeTimeline::value_at(const RunnerConfig& base, const double& field, TimeNs t_ns) const {
  const std::uintptr_t off = offset_of(base, field);
  double v = field;
  for (const Change& x : changes_) {
    if (x.at_ns > t_ns) break;
    if (x.offset == off) v = value_of(x, t_ns);
  }
  return v;
}

double ChangeTimeline::integral_s(const RunnerConfig& base, const double& field,
                                  TimeNs t_ns) const {
  if (t_ns <= 0) return 0.0;
  const std::uintptr_t off = offset_of(base, field);
  double sum = 0.0;
  const Change* current = nullptr;
  TimeNs start = 0;
  for (const Change& x : changes_) {
    if (x.offset != off) continue;
    if (x.at_ns >= t_ns) break;
    sum += piece_integral_s(current, field, start, x.at_ns);
    current = &x;
    start = x.at_ns;
  }
  return sum + piece_integral_s(current, field, start, t_ns);
}

std::vector<TimeNs> ChangeTimeline::breakpoints_from(TimeNs from_ns) const {
  std::vector<TimeNs> b{from_ns};
  for (const Change& x : changes_) {
    for (const TimeNs t : {x.at_ns, x.at_ns + x.ramp_ns}) {
      if (t >= from_ns) b.push_back(t);
    }
  }
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return b;
}

}  // namespace detail

namespace {

// The fields a run may change (see the top of this file); every other field of RunnerConfig
// is fixed at construction. An allow-list, so a field added later is refused until the model
// handles its change.
bool changeable_during_run(RunnerConfig& c, const double* field) {
  const double* const allowed[] = {
      &c.speed_mps,
      &c.cadence_spm,
      &c.contact_time_s,
      &c.variability_cv,
      &c.step_across_probability,
      &c.left.active_peak_bw,
      &c.left.impact_peak_bw,
      &c.left.impact_time_frac,
      &c.left.contact_scale,
      &c.left.pelvic_drop_deg,
      &c.right.active_peak_bw,
      &c.right.impact_peak_bw,
      &c.right.impact_time_frac,
      &c.right.contact_scale,
      &c.right.pelvic_drop_deg,
      &c.tilt_rom_deg,
      &c.anterior_tilt_offset_deg,
      &c.late_stance_tilt_gain_deg,
      &c.rotation_rom_deg,
      &c.obliquity_rom_extra_deg,
      &c.acc_noise_mps2,
      &c.gyro_noise_rads,
      &c.gyro_bias_walk_rads_per_sqrt_s,
      &c.force_noise_n,
      &c.braking_peak_bw,
      &c.foot_y_m,
      &c.zero_drift_n_per_min,
      &c.zero_drift_walk_n_per_sqrt_s,
      &c.flight_ringing_n,
      &c.ringing_hz,
      &c.ringing_decay_s,
  };
  return std::find(std::begin(allowed), std::end(allowed), field) != std::end(allowed);
}

std::string describe(const ScriptedChange& c, std::string_view name) {
  std::ostringstream os;
  os << name << " -> " << c.value << " at " << c.at_s << " s over " << c.ramp_s << " s";
  return os.str();
}

}  // namespace

TimeNs Runner::planned_until_ns() const {
  TimeNs t = plan_.empty() ? 0 : plan_.back().truth.t_ic_ns;
  if (!drift_walk_n_.empty()) {
    t = std::max(t, static_cast<TimeNs>(drift_walk_n_.size() - 1) * kDriftKnotNs);
  }
  return t;
}

const RunnerConfig& Runner::config_now(TimeNs t_ns, RunnerConfig& scratch) const {
  if (!script_.active_at(t_ns)) return config_;
  scratch = script_.config_at(config_, t_ns);
  return scratch;
}

void Runner::schedule(const ScriptedChange& change) {
  if (change.field == nullptr || change.field->ref == nullptr) {
    throw std::invalid_argument(
        "Runner::schedule: the change has no field; look it up with find_runner_field()");
  }
  const RunnerField& f = *change.field;
  RunnerConfig probe = config_;
  const double* field = &f.ref(probe);
  const std::uintptr_t offset = detail::ChangeTimeline::offset_of(probe, *field);
  if (offset >= sizeof(RunnerConfig)) {
    throw std::invalid_argument("Runner::schedule: field " + std::string(f.name) +
                                ": its accessor does not refer to a member of RunnerConfig");
  }
  if (!changeable_during_run(probe, field)) {
    throw std::invalid_argument("Runner::schedule: " + std::string(f.name) +
                                " cannot change during a run (it is fixed when the runner is "
                                "built); set it in the base config instead");
  }
  auto bad = [&](const char* what, double v) {
    std::ostringstream os;
    os << "Runner::schedule: " << describe(change, f.name) << ": " << what << " = " << v;
    return std::invalid_argument(os.str());
  };
  if (!(std::isfinite(change.at_s) && change.at_s >= 0.0 && change.at_s < 1e9)) {
    throw bad("at_s must be a time >= 0 s; at_s", change.at_s);
  }
  if (!(std::isfinite(change.ramp_s) && change.ramp_s >= 0.0 && change.ramp_s < 1e9)) {
    throw bad("ramp_s must be >= 0 s; ramp_s", change.ramp_s);
  }
  if (!std::isfinite(change.value)) throw bad("the target must be finite; value", change.value);
  const TimeNs at_ns = s_to_ns(change.at_s);
  if (at_ns <= planned_until_ns()) {
    std::ostringstream os;
    os << "Runner::schedule: " << describe(change, f.name)
       << " comes too late: the runner has already planned up to " << ns_to_s(planned_until_ns())
       << " s; schedule every change before running (right "
       << "after construction a change may start at any time after the first contact, "
       << ns_to_s(first_ic_ns_) << " s)";
    throw std::logic_error(os.str());
  }

  const std::size_t pos = script_.insert(
      config_, {std::string(f.name), f.ref, offset, at_ns, s_to_ns(change.ramp_s), change.value});
  try {
    check_schedule_from(at_ns, change);
  } catch (...) {
    script_.erase(config_, pos);
    throw;
  }
  // Plan far enough ahead for the slowest cadence, and look back far enough for the longest
  // ringing, that any change may set.
  for (const auto& x : script_.changes()) {
    if (x.offset == detail::ChangeTimeline::offset_of(probe, probe.cadence_spm)) {
      horizon_step_s_ = std::max(horizon_step_s_, 60.0 / x.target);
    }
    if (x.offset == detail::ChangeTimeline::offset_of(probe, probe.ringing_decay_s)) {
      ring_window_s_ = std::max(ring_window_s_, kRingingDecays * x.target);
    }
  }
}

// Validates the config at every breakpoint from from_ns on and at points in between (coupled
// limits such as contact time vs cadence are not linear in time along a ramp).
void Runner::check_schedule_from(TimeNs from_ns, const ScriptedChange& change) const {
  constexpr int kSamplesPerPiece = 16;
  const std::vector<TimeNs> b = script_.breakpoints_from(from_ns);
  auto check = [&](TimeNs t) {
    const RunnerConfig c = script_.config_at(config_, t);
    try {
      validate(c);
    } catch (const std::invalid_argument& e) {
      RunnerConfig probe = c;
      std::ostringstream os;
      os << "Runner::schedule: " << describe(change, change.field->name) << " makes the runner "
         << "invalid at t = " << ns_to_s(t) << " s (" << change.field->name << " = "
         << change.field->ref(probe) << " there): " << e.what();
      // Keeps the refused setting and the reason, for a scenario file to name at its line.
      const auto* setting = dynamic_cast<const SettingError*>(&e);
      if (setting) throw SettingError(setting->setting(), setting->reason(), os.str());
      throw std::invalid_argument(os.str());
    }
  };
  for (std::size_t i = 0; i < b.size(); ++i) {
    check(b[i]);
    if (i + 1 == b.size()) break;
    const auto span = static_cast<double>(b[i + 1] - b[i]);  // double: no overflow near 1e9 s
    for (int j = 1; j < kSamplesPerPiece; ++j) {
      check(b[i] + static_cast<TimeNs>(span * j / kSamplesPerPiece));
    }
    check(b[i + 1] - 1);
  }
}

RunnerConfig Runner::step_config(std::size_t k, TimeNs t_ic_ns) {
  if (!script_.active_at(t_ic_ns)) return config_;
  RunnerConfig c = script_.config_at(config_, t_ic_ns);
  // validate() costs up to ≈ 2 ms with impact peaks: only while a ramp changes the config.
  if (c == last_validated_) return c;
  try {
    validate(c);
  } catch (const std::invalid_argument& e) {
    // schedule() samples every ramp, so this is a narrow corner between two samples.
    std::ostringstream os;
    os << "Runner: step " << k << " (initial contact at " << ns_to_s(t_ic_ns)
       << " s) after scripted changes (";
    RunnerConfig probe = c;
    const char* sep = "";
    for (const auto& x : script_.changes()) {
      if (x.at_ns > t_ic_ns) break;
      os << sep << x.name << " = " << x.ref(probe);
      sep = ", ";
    }
    os << "): " << e.what();
    throw std::invalid_argument(os.str());
  }
  last_validated_ = c;
  return c;
}

}  // namespace stridecue::sim
