// The runner's own reference per step metric and side: mean, standard deviation and count over
// the baseline block. Cue targets relative to the baseline (a % of the mean, a number of SDs)
// read it, and a session saves it so the next session can start from it. No allocation.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "stridecue/core/samples.hpp"
#include "stridecue/processing/step.hpp"
#include "stridecue/processing/step_metric.hpp"

namespace stridecue::processing {

/// One metric on one side. mean and sd are NaN exactly when n is 0 (sd also when n is 1).
struct StepStat {
  double mean = kNaN, sd = kNaN;
  std::uint32_t n = 0;
};

struct StepBaseline {
  /// [metric][0 = left, 1 = right]
  std::array<std::array<StepStat, 2>, kStepMetricCount> stats{};

  const StepStat& of(StepMetric m, Side side) const noexcept {
    return stats[static_cast<std::size_t>(m)][side == Side::kRight ? 1 : 0];
  }
  /// Preferred cadence: the mean of both sides' step cadence, weighted by n; NaN without one.
  double cadence_spm() const noexcept {
    const StepStat& l = of(StepMetric::kCadenceSpm, Side::kLeft);
    const StepStat& r = of(StepMetric::kCadenceSpm, Side::kRight);
    const std::uint32_t n = l.n + r.n;
    if (n == 0) return kNaN;
    return ((l.n ? l.mean * l.n : 0.0) + (r.n ? r.mean * r.n : 0.0)) / n;
  }
};

/// Welford's running mean and variance of every metric per side over a block (Welford 1962,
/// Technometrics 4:419): numerically stable in one pass, O(metrics) per step.
class StepBaselineBlock {
 public:
  void clear() noexcept { *this = StepBaselineBlock{}; }
  /// Adds a step's finite values; steps of unknown side are not counted.
  void add(const StepResult& step) noexcept {
    if (step.side == Side::kUnknown) return;
    const std::size_t k = step.side == Side::kRight ? 1 : 0;
    for (std::size_t m = 0; m < kStepMetricCount; ++m) {
      const double x = step_metric_value(step, static_cast<StepMetric>(m));
      if (!std::isfinite(x)) continue;
      Acc& a = acc_[m][k];
      ++a.n;
      const double d = x - a.mean;
      a.mean += d / a.n;
      a.m2 += d * (x - a.mean);
    }
  }
  StepBaseline result() const noexcept {
    StepBaseline b;
    for (std::size_t m = 0; m < kStepMetricCount; ++m) {
      for (std::size_t k = 0; k < 2; ++k) {
        const Acc& a = acc_[m][k];
        StepStat& s = b.stats[m][k];
        s.n = a.n;
        if (a.n > 0) s.mean = a.mean;
        if (a.n > 1) s.sd = std::sqrt(a.m2 / (a.n - 1));
      }
    }
    return b;
  }

 private:
  struct Acc {
    double mean = 0, m2 = 0;
    std::uint32_t n = 0;
  };
  std::array<std::array<Acc, 2>, kStepMetricCount> acc_{};
};

}  // namespace stridecue::processing
