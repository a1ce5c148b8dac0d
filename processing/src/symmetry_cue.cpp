#include "stridecue/processing/symmetry_cue.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "stridecue/processing/symmetry.hpp"

namespace stridecue::processing {

SymmetryCueRule::SymmetryCueRule(const SymmetryCueConfig& config) : cfg_(config) {
  if (cfg_.window_steps < 2 || cfg_.window_steps > kMaxWindow || cfg_.window_steps % 2) {
    throw std::invalid_argument("symmetry cue: window_steps " + std::to_string(cfg_.window_steps) +
                                " must be even and within 2.." + std::to_string(kMaxWindow));
  }
  if (!(cfg_.threshold_pct > 0)) {
    throw std::invalid_argument("symmetry cue: threshold_pct must be > 0");
  }
  since_cue_ = cfg_.hold_off_steps;
  si_pct_ = std::nan("");
}

std::optional<Cue> SymmetryCueRule::on_step(const StepResult& step) {
  ring_[head_] = step;
  head_ = (head_ + 1) % cfg_.window_steps;
  if (count_ < cfg_.window_steps) ++count_;
  ++since_cue_;

  double sum[2] = {0, 0};
  int n[2] = {0, 0};
  for (std::size_t i = 0; i < count_; ++i) {
    const StepResult& s = ring_[i];
    if (s.side == Side::kUnknown) continue;
    const int k = s.side == Side::kLeft ? 0 : 1;
    sum[k] += s.peak_vgrf_bw;
    ++n[k];
  }
  if (n[0] == 0 || n[1] == 0) {
    si_pct_ = std::nan("");
    return std::nullopt;
  }
  si_pct_ = symmetry_index_pct(sum[0] / n[0], sum[1] / n[1]);
  if (count_ < cfg_.window_steps || since_cue_ <= cfg_.hold_off_steps) return std::nullopt;
  if (std::fabs(si_pct_) <= cfg_.threshold_pct) return std::nullopt;
  since_cue_ = 0;
  Cue cue;
  cue.t_ns = step.t_to_ns;
  cue.kind = CueKind::kEvenOutSteps;
  cue.text = "Even out your steps";
  cue.value = si_pct_;
  cue.heavier = si_pct_ > 0 ? Side::kRight : Side::kLeft;
  return cue;
}

}  // namespace stridecue::processing
