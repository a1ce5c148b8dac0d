#include "stridecue/processing/symmetry_cue.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace stridecue::processing {

CueKind cue_kind_for(StepMetric metric) noexcept {
  switch (metric) {
    case StepMetric::kPelvicDropDeg:
      return CueKind::kLevelHips;
    case StepMetric::kTiltMeanDeg:
    case StepMetric::kLateStanceTiltGainDeg:
      return CueKind::kRunTall;
    default:
      return CueKind::kEvenOutSteps;
  }
}

const char* cue_text(CueKind kind) noexcept {
  switch (kind) {
    case CueKind::kLevelHips:
      return "Level your hips";
    case CueKind::kRunTall:
      return "Run tall";
    case CueKind::kEvenOutSteps:
      break;
  }
  return "Even out your steps";
}

SymmetryCueRule::SymmetryCueRule(const SymmetryCueConfig& config) : cfg_(config) {
  if (cfg_.window_steps < 2 || cfg_.window_steps > kMaxWindow || cfg_.window_steps % 2) {
    throw std::invalid_argument("symmetry cue: window_steps " + std::to_string(cfg_.window_steps) +
                                " must be even and within 2.." + std::to_string(kMaxWindow));
  }
  if (!(cfg_.threshold_pct > 0) || !std::isfinite(cfg_.threshold_pct)) {
    throw std::invalid_argument("symmetry cue: threshold_pct must be a number > 0");
  }
  if (static_cast<std::size_t>(cfg_.metric) >= kStepMetricCount) {
    throw std::invalid_argument("symmetry cue: unknown metric");
  }
  since_cue_ = cfg_.hold_off_steps;
  si_pct_ = std::nan("");
}

std::optional<Cue> SymmetryCueRule::on_step(const StepResult& step) {
  if (count_ == cfg_.window_steps) {
    const Entry& oldest = ring_[head_];
    means_.remove(oldest.side, oldest.value);
  } else {
    ++count_;
  }
  const Entry e{step.side, step_metric_value(step, cfg_.metric)};
  ring_[head_] = e;
  means_.add(e.side, e.value);
  head_ = (head_ + 1) % cfg_.window_steps;
  ++since_cue_;

  si_pct_ = means_.both_sides() ? means_.si_pct() : std::nan("");
  if (!std::isfinite(si_pct_)) return std::nullopt;
  if (count_ < cfg_.window_steps || since_cue_ <= cfg_.hold_off_steps) return std::nullopt;
  if (std::fabs(si_pct_) <= cfg_.threshold_pct) return std::nullopt;
  since_cue_ = 0;
  Cue cue;
  cue.t_ns = step.t_to_ns;
  cue.kind = cue_kind_for(cfg_.metric);
  cue.text = cue_text(cue.kind);
  cue.metric = step_metric_name(cfg_.metric).data();
  cue.value = si_pct_;
  cue.window_steps = static_cast<std::uint32_t>(cfg_.window_steps);
  cue.larger_side = si_pct_ > 0 ? Side::kRight : Side::kLeft;
  return cue;
}

}  // namespace stridecue::processing
