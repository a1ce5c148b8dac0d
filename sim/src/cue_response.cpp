#include "stridecue/sim/cue_response.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace stridecue::sim {

void validate(const CueResponseConfig& c) {
  const auto check = [](double v, double lo, double hi, const char* name) {
    if (!(v >= lo && v <= hi)) {
      throw std::invalid_argument(std::string("respond.") + name + ": " + std::to_string(v) +
                                  " is out of range; use " + std::to_string(lo) + " .. " +
                                  std::to_string(hi));
    }
  };
  check(c.probability, 0, 1, "probability");
  check(c.delay_s, 0, 60, "delay_s");
  check(c.ramp_s, 0, 60, "ramp_s");
  check(c.reduction_pct, 0, 100, "reduction_pct");
}

std::optional<ScriptedChange> answer_cue(const RunnerConfig& now, std::string_view metric,
                                         bool symmetry, Side side, double at_s,
                                         const CueResponseConfig& config) {
  const double share = config.reduction_pct / 100;
  const bool right = side == Side::kRight;
  const std::string own = right ? "right." : "left.";
  const SideConfig& mine = right ? now.right : now.left;
  const SideConfig& theirs = right ? now.left : now.right;
  std::string field;
  double from = 0, to = 0;
  if (metric == "pelvic_drop_deg") {
    if (side == Side::kUnknown) return std::nullopt;
    field = own + "pelvic_drop_deg";
    from = mine.pelvic_drop_deg;
    to = symmetry ? theirs.pelvic_drop_deg : 4.5;
  } else if (metric == "tilt_mean_deg") {
    field = "anterior_tilt_offset_deg";
    from = now.anterior_tilt_offset_deg;
    to = 2.0;
  } else if (metric == "late_stance_tilt_gain_deg") {
    field = "late_stance_tilt_gain_deg";
    from = now.late_stance_tilt_gain_deg;
    to = 1.0;
  } else if (metric == "peak_vgrf_bw" || metric == "impulse_bw_s") {
    if (side == Side::kUnknown) return std::nullopt;
    field = own + "active_peak_bw";
    from = mine.active_peak_bw;
    to = symmetry ? theirs.active_peak_bw : from * 0.95;
  } else if (metric == "valr_bw_s" || metric == "vilr_bw_s" || metric == "impact_peak_bw") {
    if (side == Side::kUnknown) return std::nullopt;
    field = own + "impact_peak_bw";
    from = mine.impact_peak_bw;
    to = symmetry ? theirs.impact_peak_bw : 0.0;
  } else if (metric == "contact_ms") {
    if (side == Side::kUnknown || !symmetry) return std::nullopt;
    field = own + "contact_scale";
    from = mine.contact_scale;
    to = theirs.contact_scale;
  } else if (metric == "cadence_spm" || metric == "step_ms") {
    field = "cadence_spm";
    from = now.cadence_spm;
    to = from * 1.03;  // quicker feet: +3 % at a full answer
  } else {
    return std::nullopt;
  }
  const RunnerField* f = find_runner_field(field);
  if (f == nullptr) return std::nullopt;
  const double value = from + (to - from) * share;
  if (!std::isfinite(value) || value == from) return std::nullopt;
  return ScriptedChange{at_s, config.ramp_s, f, value};
}

CueResponder::CueResponder(const CueResponseConfig& config, std::uint64_t seed)
    : cfg_(config), rng_(seed ^ 0x5eedc0de) {
  validate(cfg_);
}

std::optional<ScriptedChange> CueResponder::on_cue(const RunnerConfig& now, std::string_view metric,
                                                   bool symmetry, Side side, double cue_s) {
  std::uniform_real_distribution<double> u(0, 1);
  if (!(u(rng_) < cfg_.probability)) {
    ++ignored_;
    return std::nullopt;
  }
  auto change = answer_cue(now, metric, symmetry, side, cue_s + cfg_.delay_s, cfg_);
  if (change) {
    ++heeded_;
  } else {
    ++ignored_;
  }
  return change;
}

}  // namespace stridecue::sim
