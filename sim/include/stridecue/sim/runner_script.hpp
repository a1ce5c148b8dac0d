// Scripted changes of a RunnerConfig over time (Runner::schedule): the value of every changed
// field as a function of time, and the config in effect at any instant.
//
// Semantics. Changes are kept in order of start time (ties: in the order they were scheduled).
// Change k of field F starts at a_k, ramps over r_k (0 = a step at a_k) to the target y_k, from
//   x_k = the value of F at a_k under the changes before k (the base value when there are none),
// so a later change takes over from wherever an earlier one had got to:
//   F(t) = base                          for t < a_1 (the first change of F)
//   F(t) = x_k + (y_k − x_k)·λ_k(t)      for a_k ≤ t < a_{k+1} (the next change of F)
//   λ_k(t) = min(1, (t − a_k)/r_k), and λ_k = 1 when r_k = 0 (the value jumps at a_k itself).
// F is piecewise linear in t, continuous except at steps (r = 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "stridecue/core/time.hpp"

namespace stridecue::sim {
struct RunnerConfig;
}  // namespace stridecue::sim

namespace stridecue::sim::detail {

/// The changes of one runner, in order. Not thread-safe. insert/erase/breakpoints_from
/// allocate; the queries do not.
class ChangeTimeline {
 public:
  struct Change {
    std::string name;                         ///< the field's name, for messages
    double& (*ref)(RunnerConfig&) = nullptr;  ///< the field's accessor
    std::uintptr_t offset = 0;                ///< where the field lives in RunnerConfig
    TimeNs at_ns = 0;                         ///< a_k
    TimeNs ramp_ns = 0;                       ///< r_k
    double target = 0;                        ///< y_k
    double from = 0;                          ///< x_k (recomputed on every insert and erase)
  };

  bool empty() const noexcept { return changes_.empty(); }
  std::span<const Change> changes() const noexcept { return changes_; }

  /// True when some change has started by t (the config at t may differ from the base).
  bool active_at(TimeNs t_ns) const noexcept {
    return !changes_.empty() && changes_.front().at_ns <= t_ns;
  }

  /// Inserts c in order (its `from` and every later one are recomputed) and returns its
  /// position. c.offset must identify c.ref's field (offset_of).
  std::size_t insert(const RunnerConfig& base, Change c);
  /// Removes the change at pos and recomputes the `from` values.
  void erase(const RunnerConfig& base, std::size_t pos);

  /// base with every change applied at t.
  RunnerConfig config_at(const RunnerConfig& base, TimeNs t_ns) const;
  /// F(t) for the field `field` of `base` (a reference into base).
  double value_at(const RunnerConfig& base, const double& field, TimeNs t_ns) const;
  /// ∫₀ᵗ F(τ) dτ, field units × seconds, exact (F is piecewise linear); 0 for t <= 0.
  double integral_s(const RunnerConfig& base, const double& field, TimeNs t_ns) const;

  /// Every start and end (a_k, a_k + r_k) at or after from_ns, sorted, without duplicates:
  /// between two of them every field is linear in time.
  std::vector<TimeNs> breakpoints_from(TimeNs from_ns) const;

  /// Where `field` (a reference into `config`) lives in RunnerConfig.
  static std::uintptr_t offset_of(const RunnerConfig& config, const double& field) noexcept;

 private:
  void recompute_from(const RunnerConfig& base);

  std::vector<Change> changes_;
};

}  // namespace stridecue::sim::detail
