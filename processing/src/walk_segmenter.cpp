#include "stridecue/processing/walk_segmenter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace stridecue::processing {

namespace {
void require(bool ok, const char* field, double value, const char* range) {
  if (ok) return;
  throw std::invalid_argument(std::string("walk.") + field + ": " + std::to_string(value) +
                              " is out of range; use " + range);
}

}  // namespace

WalkSegmenter::WalkSegmenter(const WalkSegmenterConfig& c, const ContactThresholds& thresholds,
                             double body_weight_n)
    : cfg_(c), th_(thresholds), min_load_n_(c.min_load_bw * body_weight_n) {
  require(c.transfer_rise_m >= 0.03 && c.transfer_rise_m <= 0.3, "transfer_rise_m",
          c.transfer_rise_m, "0.03..0.3 m (a step length is 0.3–0.7 m)");
  require(c.max_rise_ns >= 20 * kNsPerMs && c.max_rise_ns <= kNsPerS, "max_rise_ms",
          ns_to_ms(c.max_rise_ns), "20..1000 ms");
  require(c.transfer_end_fall_m > 0 && c.transfer_end_fall_m < c.transfer_rise_m,
          "transfer_end_fall_m", c.transfer_end_fall_m,
          "more than 0 and less than transfer_rise_m");
  require(c.max_transfer_ns >= 100 * kNsPerMs && c.max_transfer_ns <= 2 * kNsPerS,
          "max_transfer_ms", ns_to_ms(c.max_transfer_ns), "100..2000 ms");
  require(c.min_step_width_m >= 0.01 && c.min_step_width_m <= 0.2, "min_step_width_m",
          c.min_step_width_m, "0.01..0.2 m");
  require(c.confirm_ns >= 0 && c.confirm_ns <= 500 * kNsPerMs, "confirm_ms", ns_to_ms(c.confirm_ns),
          "0..500 ms");
  require(c.settle_ns >= 0 && c.settle_ns <= kNsPerS, "settle_ms", ns_to_ms(c.settle_ns),
          "0..1000 ms");
  require(c.min_load_bw >= 0.05 && c.min_load_bw <= 0.8, "min_load_bw", c.min_load_bw,
          "0.05..0.8 (fraction of body weight)");
  require(c.max_stance_ns >= 500 * kNsPerMs && c.max_stance_ns <= 4 * kNsPerS, "max_stance_ms",
          ns_to_ms(c.max_stance_ns), "500..4000 ms (the ring holds 4 s at 2 kHz)");
}

void WalkSegmenter::reset() {
  phase_ = Phase::kIdle;
  bout_transfers_ = 0;
}

void WalkSegmenter::begin_bout(TimeNs t_ic_ns) {
  if (!cfg_.enabled) return;
  phase_ = Phase::kSingle;
  t_bout_ic_ns_ = t_ic_ns;
  bout_transfers_ = 0;
  prev_ = Boundary{};
  prev_.i_start = prev_.i_end = n_;
  have_min_ = false;
}

void WalkSegmenter::begin_bout_after_gap() {
  begin_bout(0);
  prev_.cut = true;
}

const FootSegment* WalkSegmenter::feed(TimeNs t_ns, double fz_n, double fx_n, double cop_x_m,
                                       double cop_y_m) {
  if (phase_ == Phase::kIdle) return nullptr;
  const std::uint64_t i = n_++;
  ring_[i % kRingSamples] = Sample{t_ns, static_cast<float>(fz_n), static_cast<float>(fx_n),
                                   static_cast<float>(cop_x_m), static_cast<float>(cop_y_m)};
  if (i == prev_.i_start) {  // the bout's first sample
    prev_.x_start = prev_.x_end = cop_x_m;
    prev_.y_start = prev_.y_end = cop_y_m;
    have_min_ = false;
    return nullptr;
  }
  const Sample& s = at(i);
  if (fz_n >= min_load_n_) last_loaded_ = i;
  if (fz_n < min_load_n_ || t_ns - t_bout_ic_ns_ < cfg_.settle_ns) {
    // Kept for the force split, but the COP of a lightly loaded plate, or of a contact's first
    // impact, is not trusted: look for a transfer afresh from the next trusted sample.
    // Walking's double support, and the single support after it, stay loaded: a transfer
    // whose belt unloads is a running contact's last milliseconds, not a step.
    have_min_ = false;
    phase_ = Phase::kSingle;
    return nullptr;
  }
  if (phase_ == Phase::kConfirm) {
    if (t_ns - at(i_max_).t_ns < cfg_.confirm_ns) return nullptr;
    close_transfer();
    const FootSegment* seg = cut_stance(prev_, pending_, 0);
    prev_ = pending_;
    phase_ = Phase::kSingle;
    have_min_ = false;
    return seg;
  }
  if (phase_ == Phase::kSingle) {
    if (!have_min_ || s.cop_x_m <= at(i_min_).cop_x_m) {
      i_min_ = i;
      have_min_ = true;
    } else if (s.cop_x_m - at(i_min_).cop_x_m >= cfg_.transfer_rise_m) {
      // Double support: the load started passing forward at the minimum.
      pending_ = Boundary{};
      pending_.transfer = true;
      pending_.i_start = i_min_;
      pending_.x_start = at(i_min_).cop_x_m;
      pending_.y_start = at(i_min_).cop_y_m;
      i_max_ = i;
      phase_ = Phase::kTransfer;
    } else if (t_ns - at(i_min_).t_ns > cfg_.max_rise_ns) {
      i_min_ = i;  // too slow for a transfer (sway, a slow roll): look again from here
    }
    return nullptr;
  }
  // Phase::kTransfer
  if (s.cop_x_m >= at(i_max_).cop_x_m) {
    i_max_ = i;
  } else if (at(i_max_).cop_x_m - s.cop_x_m >= cfg_.transfer_end_fall_m) {
    phase_ = Phase::kConfirm;  // the new foot carries the load: a step, if it goes on doing so
    return nullptr;
  }
  if (t_ns - at(pending_.i_start).t_ns > cfg_.max_transfer_ns) {
    phase_ = Phase::kSingle;  // not a double support after all
    have_min_ = false;
  }
  return nullptr;
}

void WalkSegmenter::close_transfer() {
  pending_.i_end = i_max_;
  pending_.x_end = at(i_max_).cop_x_m;
  pending_.y_end = at(i_max_).cop_y_m;
  pending_.narrow = std::fabs(pending_.y_end - pending_.y_start) < cfg_.min_step_width_m;
  narrow_ += pending_.narrow;
  ++transfers_;
  ++bout_transfers_;
}

const FootSegment* WalkSegmenter::end_bout(TimeNs t_to_ns) {
  if (phase_ == Phase::kIdle) return nullptr;
  const bool walked = bout_transfers_ > 0;
  const Phase phase = phase_;
  phase_ = Phase::kIdle;
  bout_transfers_ = 0;
  if (!walked || n_ == 0) return nullptr;
  if (phase == Phase::kConfirm) {
    // Stepped off just after a transfer: the old foot's stance is whole, the new one's is not.
    close_transfer();
    ++dropped_;
    return cut_stance(prev_, pending_, 0);
  }
  if (phase == Phase::kTransfer) {
    ++dropped_;  // stepped off mid-transfer: the old foot's toe-off was never seen
    return nullptr;
  }
  Boundary end{};
  end.i_start = end.i_end = n_ - 1;
  // Its COP where the belt still carried a trusted load (the last samples are near zero force).
  const std::uint64_t i_cop = last_loaded_ > prev_.i_end ? last_loaded_ : n_ - 1;
  end.x_start = end.x_end = at(i_cop).cop_x_m;
  end.y_start = end.y_end = at(i_cop).cop_y_m;
  return cut_stance(prev_, end, t_to_ns);
}

double WalkSegmenter::share_new(const Boundary& b, const Sample& s) const {
  const double share = b.narrow ? (s.cop_x_m - b.x_start) / (b.x_end - b.x_start)
                                : (s.cop_y_m - b.y_start) / (b.y_end - b.y_start);
  return std::isfinite(share) ? std::clamp(share, 0.0, 1.0) : 0.0;
}

const FootSegment* WalkSegmenter::cut_stance(const Boundary& from, const Boundary& to,
                                             TimeNs t_to_bout_ns) {
  if (from.cut || n_ - from.i_start > kRingSamples ||
      at(to.i_end).t_ns - at(from.i_start).t_ns > cfg_.max_stance_ns) {
    ++dropped_;
    return nullptr;
  }
  // The foot's own force: its share through each double support, all of Fz in between.
  const auto foot_share = [&](std::uint64_t i) {
    double share = 1.0;
    if (from.transfer && i <= from.i_end) share = share_new(from, at(i));
    if (to.transfer && i >= to.i_start) share = std::min(share, 1.0 - share_new(to, at(i)));
    return share;
  };
  // Initial contact: the foot's force rising through on_n (the bout's own contact when the
  // belt was unloaded before). Toe-off: its last fall through off_n (the bout's end).
  std::uint64_t first = from.i_start;
  TimeNs t_ic = t_bout_ic_ns_;
  if (from.transfer) {
    double f_prev = 0;
    TimeNs t_prev = at(from.i_start).t_ns;
    for (first = from.i_start; first <= to.i_end; ++first) {
      const double f = at(first).fz_n * foot_share(first);
      if (f >= th_.on_n) break;
      f_prev = f;
      t_prev = at(first).t_ns;
    }
    if (first > to.i_end) {
      ++dropped_;
      return nullptr;
    }
    t_ic = threshold_crossing_ns(t_prev, f_prev, at(first).t_ns, at(first).fz_n * foot_share(first),
                                 th_.on_n);
  }
  std::uint64_t last = to.i_end;
  TimeNs t_to = t_to_bout_ns;
  if (to.transfer) {
    double f_next = 0;
    TimeNs t_next = at(to.i_end).t_ns;
    for (;; --last) {
      const double f = at(last).fz_n * foot_share(last);
      if (f > th_.off_n) break;
      f_next = f;
      t_next = at(last).t_ns;
      if (last == first) {
        ++dropped_;
        return nullptr;
      }
    }
    t_to = threshold_crossing_ns(at(last).t_ns, at(last).fz_n * foot_share(last), t_next, f_next,
                                 th_.off_n);
  }
  if (last < first) {
    ++dropped_;
    return nullptr;
  }
  // A missed transfer (a double support the COP did not show) merges two feet into one stance
  // ≈ 1.8× as long as its neighbours: not reported. Only whole stances between two transfers
  // are compared and remembered (a walk's first and last are cut by its start and end).
  const TimeNs contact_ns = t_to - t_ic;
  if (from.transfer && to.transfer) {
    const std::size_t k = std::min<std::size_t>(recent_count_, kRecentStances);
    if (k >= 4) {
      std::array<TimeNs, kRecentStances> sorted{};
      std::copy_n(recent_contact_ns_.begin(), k, sorted.begin());
      std::nth_element(sorted.begin(), sorted.begin() + k / 2, sorted.begin() + k);
      if (static_cast<double>(contact_ns) > kMaxContactVsMedian * sorted[k / 2]) {
        ++implausible_;
        return nullptr;
      }
    }
    recent_contact_ns_[recent_count_++ % kRecentStances] = contact_ns;
  }

  const std::size_t n = static_cast<std::size_t>(last - first + 1);
  double single_fz = 0, single_y_fz = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint64_t i = first + k;
    const Sample& s = at(i);
    const double share = foot_share(i);
    foot_fz_[k] = static_cast<float>(s.fz_n * share);
    foot_fx_[k] = static_cast<float>(s.fx_n * share);
    if (share >= 1.0) {
      single_fz += s.fz_n;
      single_y_fz += s.fz_n * s.cop_y_m;
    }
  }
  out_ = FootSegment{};
  out_.t_ic_ns = t_ic;
  out_.t_to_ns = t_to;
  out_.t_first_ns = at(first).t_ns;
  out_.t_begin_ns = from.transfer ? at(from.i_start).t_ns : t_ic;
  out_.dt_s = n > 1 ? ns_to_s(at(last).t_ns - at(first).t_ns) / static_cast<double>(n - 1) : 1e-3;
  out_.fz_n = std::span<const float>(foot_fz_.data(), n);
  out_.fx_n = std::span<const float>(foot_fx_.data(), n);
  out_.cop_y_m = single_fz > 0 ? single_y_fz / single_fz : 0.5 * (from.y_end + to.y_start);
  out_.cop_progression_m = to.x_start - from.x_end;
  out_.narrow = from.narrow || to.narrow;
  // Side evidence: the COP moved toward this foot over the transfer that brought it, away from
  // it over the one that took the load off.
  const double dy_in = from.transfer ? from.y_end - from.y_start : 0.0;
  const double dy_out = to.transfer ? to.y_start - to.y_end : 0.0;
  out_.side_shift_m = std::fabs(dy_in) >= std::fabs(dy_out) ? dy_in : dy_out;
  return &out_;
}

}  // namespace stridecue::processing
