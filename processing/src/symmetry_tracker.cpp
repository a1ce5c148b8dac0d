#include "stridecue/processing/symmetry_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "stridecue/processing/symmetry.hpp"

namespace stridecue::processing {
namespace {

/// Where each SymVar lives in a StepResult (same order as the enum).
constexpr std::array<double StepResult::*, kSymVarCount> kFields = {
    &StepResult::contact_ms,
    &StepResult::flight_ms,
    &StepResult::step_ms,
    &StepResult::peak_vgrf_bw,
    &StepResult::impact_peak_bw,
    &StepResult::valr_bw_s,
    &StepResult::vilr_bw_s,
    &StepResult::impulse_bw_s,
    &StepResult::braking_impulse_bw_s,
    &StepResult::propulsive_impulse_bw_s,
};

constexpr std::size_t kValr = sym_index(SymVar::kValrBwS);

std::size_t label_length(const LoadingRateLabel& label) noexcept {
  return static_cast<std::size_t>(std::find(label.begin(), label.end(), '\0') - label.begin());
}

/// A label that names a method: terminated, not empty, not "none".
bool names_method(const LoadingRateLabel& label) noexcept {
  const std::size_t len = label_length(label);
  return len > 0 && len < label.size() && std::string_view(label.data(), len) != "none";
}

bool same_label(const LoadingRateLabel& a, const LoadingRateLabel& b) noexcept {
  return std::strncmp(a.data(), b.data(), a.size()) == 0;
}

double mean_or_nan(double sum, std::uint32_t n) noexcept {
  return n ? sum / static_cast<double>(n) : kNaN;
}

/// a as % of b; NaN when either is NaN or b is 0.
double pct_of(double a, double b) noexcept {
  return b == 0.0 ? kNaN : a / b * 100.0;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string_view sym_flag_name(SymFlag flag) noexcept {
  switch (flag) {
    case SymFlag::kNone:
      return "none";
    case SymFlag::kAbsThreshold:
      return "abs_threshold";
    case SymFlag::kDeltaFromBaseline:
      return "delta_from_baseline";
    case SymFlag::kBoth:
      return "both";
  }
  return "?";
}

SymmetryTracker::SymmetryTracker(const SymmetryTrackerConfig& config) : cfg_(config) {
  const std::string where = "symmetry tracker: ";
  if (cfg_.window_strides < 1 || cfg_.window_strides > kMaxWindowStrides) {
    throw std::invalid_argument(where + "window_strides = " + std::to_string(cfg_.window_strides) +
                                " is out of range; use 1.." + std::to_string(kMaxWindowStrides));
  }
  if (cfg_.min_values_per_side == 0) cfg_.min_values_per_side = (cfg_.window_strides + 1) / 2;
  if (cfg_.min_values_per_side > cfg_.window_strides) {
    throw std::invalid_argument(
        where + "min_values_per_side = " + std::to_string(cfg_.min_values_per_side) +
        " is out of range; use 1..window_strides (" + std::to_string(cfg_.window_strides) +
        "), or 0 for half of it");
  }
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    const SymThresholds& t = cfg_.thresholds[i];
    const auto check = [&](double v, const char* field) {
      if (!(v > 0)) {
        throw std::invalid_argument(where + "thresholds[" + std::string(kSymVarNames[i]) + "]." +
                                    field + " = " + num(v) +
                                    " must be > 0 (SI points); use kThresholdOff to disable it");
      }
    };
    check(t.abs_si_pct, "abs_si_pct");
    check(t.delta_from_baseline_si_pct, "delta_from_baseline_si_pct");
  }
}

void SymmetryTracker::apply(AccTable& acc, const Entry& e, bool add) noexcept {
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    const double v = e.value[i];
    if (!std::isfinite(v)) continue;
    const std::uint8_t slot = is_loading_rate(static_cast<SymVar>(i)) ? e.lr_slot : 0;
    if (slot == kNoSlot) continue;
    Acc& a = acc[i][slot];
    if (add) {
      a.sum += v;
      ++a.n;
    } else if (--a.n == 0) {
      a.sum = 0;  // no rounding residue outlives the values
    } else {
      a.sum -= v;
    }
  }
}

std::uint8_t SymmetryTracker::lr_slot_for(const LoadingRateLabel& label) noexcept {
  if (!names_method(label)) return kNoSlot;
  for (std::size_t k = 0; k < lr_label_count_; ++k) {
    if (same_label(lr_labels_[k], label)) return static_cast<std::uint8_t>(k);
  }
  if (lr_label_count_ == kMaxLrMethods) return kNoSlot;
  LoadingRateLabel& dst = lr_labels_[lr_label_count_];
  dst = {};
  std::memcpy(dst.data(), label.data(), label_length(label));
  return static_cast<std::uint8_t>(lr_label_count_++);
}

std::size_t SymmetryTracker::pick_lr_slot(const AccTable& left, const AccTable& right,
                                          const LoadingRateLabel* prefer) const noexcept {
  std::size_t best = kMaxLrMethods;
  std::uint32_t best_pairs = 0, best_total = 0;
  bool best_match = false;
  for (std::size_t k = 0; k < lr_label_count_; ++k) {
    const std::uint32_t nl = left[kValr][k].n, nr = right[kValr][k].n;
    if (nl + nr == 0) continue;
    const std::uint32_t pairs = std::min(nl, nr), total = nl + nr;
    const bool match = prefer != nullptr && same_label(lr_labels_[k], *prefer);
    const bool better = best == kMaxLrMethods || pairs > best_pairs ||
                        (pairs == best_pairs &&
                         (match > best_match || (match == best_match && total > best_total)));
    if (better) {
      best = k;
      best_pairs = pairs;
      best_total = total;
      best_match = match;
    }
  }
  return best;
}

void SymmetryTracker::on_step(const StepResult& step) noexcept {
  if (step.side != Side::kLeft && step.side != Side::kRight) {
    ++unknown_side_steps_;
    return;
  }
  const std::size_t s = static_cast<std::size_t>(step.side);
  Entry e;
  for (std::size_t i = 0; i < kSymVarCount; ++i) e.value[i] = step.*kFields[i];
  e.lr_slot = lr_slot_for(step.loading_rate_method);
  const bool valr_finite = std::isfinite(e.value[kValr]);

  SideWindow& w = window_[s];
  Entry& slot = w.ring[w.head];
  if (w.size == cfg_.window_strides) {  // full: the slot at head holds the oldest step
    apply(w.acc, slot, false);
    if (std::isfinite(slot.value[kValr])) --w.valr_finite;
  } else {
    ++w.size;
  }
  slot = e;
  apply(w.acc, e, true);
  if (valr_finite) ++w.valr_finite;
  w.head = (w.head + 1) % cfg_.window_strides;

  if (recording_) {
    apply(block_[s], e, true);
    ++block_steps_[s];
  }
}

void SymmetryTracker::begin_baseline() noexcept {
  recording_ = true;
  block_ = {};
  block_steps_ = {};
}

bool SymmetryTracker::end_baseline() noexcept {
  if (!recording_) return false;
  recording_ = false;
  if (block_steps_[0] == 0 || block_steps_[1] == 0) return false;
  SymmetryBaseline b;
  const std::size_t lr = pick_lr_slot(block_[0], block_[1], nullptr);
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    std::size_t slot = 0;
    if (is_loading_rate(static_cast<SymVar>(i))) {
      if (lr == kMaxLrMethods) continue;
      slot = lr;
    }
    const Acc& l = block_[0][i][slot];
    const Acc& r = block_[1][i][slot];
    b.mean_l[i] = mean_or_nan(l.sum, l.n);
    b.mean_r[i] = mean_or_nan(r.sum, r.n);
    b.n_l[i] = l.n;
    b.n_r[i] = r.n;
  }
  if (lr != kMaxLrMethods) b.lr_method = lr_labels_[lr];
  baseline_ = b;
  return true;
}

void SymmetryTracker::set_baseline(const SymmetryBaseline& baseline) {
  const std::string where = "symmetry baseline: ";
  bool lr_values = false;
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    const auto check = [&](double mean, std::uint32_t n, const char* side) {
      const std::string name = std::string(kSymVarNames[i]);
      if (n == 0 && !std::isnan(mean)) {
        throw std::invalid_argument(where + "mean_" + side + "[" + name + "] = " + num(mean) +
                                    " with n_" + side + " = 0; a mean without values is NaN");
      }
      if (n > 0 && !std::isfinite(mean)) {
        throw std::invalid_argument(where + "mean_" + side + "[" + name + "] = " + num(mean) +
                                    " with n_" + side + " = " + std::to_string(n) +
                                    "; a mean of values must be finite");
      }
    };
    check(baseline.mean_l[i], baseline.n_l[i], "l");
    check(baseline.mean_r[i], baseline.n_r[i], "r");
    if (is_loading_rate(static_cast<SymVar>(i)) && (baseline.n_l[i] || baseline.n_r[i])) {
      lr_values = true;
    }
  }
  if (label_length(baseline.lr_method) == baseline.lr_method.size()) {
    throw std::invalid_argument(where + "lr_method is not NUL-terminated; at most " +
                                std::to_string(baseline.lr_method.size() - 1) + " characters");
  }
  if (lr_values && !names_method(baseline.lr_method)) {
    throw std::invalid_argument(where + "lr_method = \"" + baseline.lr_method.data() +
                                "\" but valr_bw_s/vilr_bw_s have values; name the loading-rate " +
                                "method they were measured with (e.g. \"impact_20_80\")");
  }
  recording_ = false;
  baseline_ = baseline;
}

SymmetrySnapshot SymmetryTracker::snapshot() const noexcept {
  SymmetrySnapshot snap;
  const SideWindow& left = window_[0];
  const SideWindow& right = window_[1];
  snap.steps_l = static_cast<std::uint32_t>(left.size);
  snap.steps_r = static_cast<std::uint32_t>(right.size);
  snap.window_full = left.size == cfg_.window_strides && right.size == cfg_.window_strides;
  snap.has_baseline = baseline_.has_value();
  snap.baseline_recording = recording_;
  snap.unknown_side_steps = unknown_side_steps_;

  const std::size_t lr =
      pick_lr_slot(left.acc, right.acc, baseline_ ? &baseline_->lr_method : nullptr);
  const bool have_lr = lr != kMaxLrMethods;
  if (have_lr) snap.lr_method = lr_labels_[lr];
  snap.lr_other_method_l = left.valr_finite - (have_lr ? left.acc[kValr][lr].n : 0);
  snap.lr_other_method_r = right.valr_finite - (have_lr ? right.acc[kValr][lr].n : 0);
  if (baseline_) snap.baseline_lr_method = baseline_->lr_method;
  // Baseline loading rates are shown when the window has none yet, compared only when same.
  const bool base_lr_ok =
      baseline_ && (!have_lr || same_label(lr_labels_[lr], baseline_->lr_method));

  const std::uint32_t min_n = static_cast<std::uint32_t>(cfg_.min_values_per_side);
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    SymVarStats& v = snap.vars[i];
    const bool lr_var = is_loading_rate(static_cast<SymVar>(i));
    if (!lr_var || have_lr) {
      const Acc& l = left.acc[i][lr_var ? lr : 0];
      const Acc& r = right.acc[i][lr_var ? lr : 0];
      v.n_l = l.n;
      v.n_r = r.n;
      v.mean_l = mean_or_nan(l.sum, l.n);
      v.mean_r = mean_or_nan(r.sum, r.n);
      if (l.n && r.n) {
        v.si_pct = symmetry_index_pct(v.mean_l, v.mean_r);
        v.sa_pct = symmetry_angle_pct(v.mean_l, v.mean_r);
      }
    }
    if (baseline_ && (!lr_var || base_lr_ok)) {
      v.base_mean_l = baseline_->mean_l[i];
      v.base_mean_r = baseline_->mean_r[i];
      v.base_n_l = baseline_->n_l[i];
      v.base_n_r = baseline_->n_r[i];
      if (v.base_n_l && v.base_n_r)
        v.base_si_pct = symmetry_index_pct(v.base_mean_l, v.base_mean_r);
      v.si_change_pct = v.si_pct - v.base_si_pct;
      v.pct_of_base_l = pct_of(v.mean_l, v.base_mean_l);
      v.pct_of_base_r = pct_of(v.mean_r, v.base_mean_r);
    }

    if (!snap.window_full || v.n_l < min_n || v.n_r < min_n || !std::isfinite(v.si_pct)) continue;
    const SymThresholds& t = cfg_.thresholds[i];
    unsigned flag = 0;
    if (std::fabs(v.si_pct) > t.abs_si_pct) flag |= static_cast<unsigned>(SymFlag::kAbsThreshold);
    const bool base_ok = v.base_n_l >= min_n && v.base_n_r >= min_n && std::isfinite(v.base_si_pct);
    if (base_ok && std::fabs(v.si_change_pct) > t.delta_from_baseline_si_pct &&
        std::fabs(v.si_pct) > std::fabs(v.base_si_pct)) {
      flag |= static_cast<unsigned>(SymFlag::kDeltaFromBaseline);
    }
    v.flag = static_cast<SymFlag>(flag);
    if (flag) snap.flagged_mask |= 1u << i;
  }
  return snap;
}

}  // namespace stridecue::processing
