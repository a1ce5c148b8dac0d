#include "stridecue/processing/force_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "stridecue/processing/limits.hpp"

namespace stridecue::processing {

namespace {
ContactThresholds effective_thresholds(const ForcePipelineConfig& c, double bw_n) {
  ContactThresholds t = c.thresholds;
  if (c.on_bw_fraction > 0) t.on_n = c.on_bw_fraction * bw_n;
  if (c.off_bw_fraction > 0) t.off_n = c.off_bw_fraction * bw_n;
  return t;
}

WalkSegmenterConfig walk_config(const ForcePipelineConfig& c) {
  WalkSegmenterConfig w = c.walk;
  if (c.belt == BeltLayout::kSplit) w.min_load_bw = c.walk.split_belt_min_load_bw;
  return w;
}

double nan_if(bool missing, double v) {
  return missing ? std::nan("") : v;
}

/// The checks that come before anything is built from the config.
const ForcePipelineConfig& validated(const ForcePipelineConfig& config) {
  using namespace limits;
  if (!(config.body_mass_kg >= kBodyMassMinKg && config.body_mass_kg <= kBodyMassMaxKg)) {
    throw std::invalid_argument("body_mass_kg: " + std::to_string(config.body_mass_kg) +
                                " is outside 20..250 kg; give the runner's mass in kilograms");
  }
  if (!(config.on_bw_fraction >= 0 && config.on_bw_fraction <= kContactMaxBw &&
        config.off_bw_fraction >= 0 && config.off_bw_fraction <= kContactMaxBw)) {
    throw std::invalid_argument(
        "contact thresholds as a fraction of body weight must be within "
        "0..0.5 (e.g. 0.05 for 5 % BW)");
  }
  const auto newtons_ok = [](double n) { return n >= kContactMinN && n <= kContactMaxN; };
  if ((config.on_bw_fraction == 0 && !newtons_ok(config.thresholds.on_n)) ||
      (config.off_bw_fraction == 0 && !newtons_ok(config.thresholds.off_n))) {
    throw std::invalid_argument("contact thresholds must be within 1..1000 N (got on " +
                                std::to_string(config.thresholds.on_n) + " N, off " +
                                std::to_string(config.thresholds.off_n) + " N)");
  }
  if (!(config.plate_origin_depth_m >= 0 && config.plate_origin_depth_m <= kPlateOriginDepthMaxM)) {
    throw std::invalid_argument(
        "plate_origin_depth_m: " + std::to_string(config.plate_origin_depth_m) +
        " is outside 0..0.1 m (the origin's depth below the surface)");
  }
  validate(config.stance);
  return config;
}
}  // namespace

ForcePipeline::ForcePipeline(const ForcePipelineConfig& config)
    : cfg_(validated(config)),
      bw_n_(config.body_mass_kg * kGravity_mps2),
      conditioner_(config.calibration, config.drift, config.filter),
      thresholds_(effective_thresholds(config, bw_n_)),
      plates_{PlateState{ContactDetector(thresholds_)}, PlateState{ContactDetector(thresholds_)}},
      walk_{WalkSegmenter(walk_config(config), thresholds_, bw_n_),
            WalkSegmenter(walk_config(config), thresholds_, bw_n_)} {}

void ForcePipeline::finish(StepSink& sink) {
  PairingOut out = pairing_out(sink);
  pairing_.finish(out);
}

std::uint64_t ForcePipeline::rejected_blips() const {
  std::uint64_t n = 0;
  for (const auto& p : plates_) n += p.detector.rejected_blips();
  return n;
}

void ForcePipeline::on_gap(const StreamGap&) {
  sides_.forget();  // the contact before the gap may be missing: compare afresh
  for (auto& w : walk_) w.reset();
  conditioner_.on_gap();
  for (auto& p : plates_) {
    p.detector.reset();
    p.in_contact = false;
  }
}

void ForcePipeline::process(const ForceFrame& frame, StepSink& sink) {
  PairingOut out = pairing_out(sink);
  pairing_.expire(frame.t_ns, out);
  conditioner_.begin_frame(frame);
  if (frame.flags & kSampleGapBefore) on_gap(StreamGap{frame.t_ns, frame.device, 0, {}});
  const double dz = cfg_.plate_origin_depth_m;
  for (std::size_t i = 0; i < frame.n_plates && i < plates_.size(); ++i) {
    PlateState& p = plates_[i];
    Channels r;  // calibrated and filtered: the zero's reference
    const Channels w = conditioner_.condition(i, frame.t_ns, frame.plate[i], r);
    const double fz = w[2];
    p.last_fz_n = fz;
    // The walking separator: plate 0 of a single belt, each belt of a split belt.
    const bool walks = cfg_.belt == BeltLayout::kSplit || i == 0;
    WalkSegmenter& walk = walk_[i];

    const bool was_settled = p.detector.settled();
    const auto ev = p.detector.feed(frame.t_ns, fz);
    if (walks && !was_settled) {
      // After a gap the detector waits to see the plate unloaded before it trusts a contact,
      // but a walker never unloads a single belt: the separator resumes from the COP at the
      // next transfer, and the bout ends when the belt does unload.
      if (p.detector.settled()) {
        if (const FootSegment* foot = walk.end_bout(frame.t_ns)) publish_walk(i, *foot, sink);
      } else if (fz >= thresholds_.on_n) {
        if (!walk.in_bout()) walk.begin_bout_after_gap();
        const Cop cop = cop_from_wrench(w[0], w[1], fz, w[3], w[4], dz);
        if (const FootSegment* foot = walk.feed(frame.t_ns, fz, w[0], cop.x_m, cop.y_m)) {
          publish_walk(i, *foot, sink);
        }
      }
    }
    if (ev == ContactDetector::Event::kContactStarted) {
      conditioner_.contact_started(i, frame.t_ns);
      p.in_contact = true;
      p.n = 0;
      p.sum_fz = p.sum_copy_fz = 0;
      p.tz_peak_nm = 0;
      p.has_shear = false;
      p.t_first_ns = frame.t_ns;
      if (walks) walk.begin_bout(p.detector.contact_start_ns());
    }
    if (p.in_contact &&
        (ev == ContactDetector::Event::kContactStarted || p.detector.in_contact())) {
      if (p.n < kMaxStanceSamples) {
        p.fz[p.n] = static_cast<float>(fz);
        p.fx[p.n] = static_cast<float>(w[0]);
        p.cop_x[p.n] = fz > 1.0
                           ? static_cast<float>(cop_from_wrench(w[0], w[1], fz, w[3], w[4], dz).x_m)
                           : 0.0f;
        ++p.n;
      } else if (p.n == kMaxStanceSamples) {
        ++p.n;  // counted as truncated if reported as one contact (finish_step)
      }
      p.sum_fz += fz;
      p.sum_copy_fz += cop_y_times_fz(w[1], w[3], dz);
      if (fz > thresholds_.on_n) {
        // Free moment about the vertical through the COP (docs/science.md §3).
        const Cop cop = cop_from_wrench(w[0], w[1], fz, w[3], w[4], dz);
        const double tz = w[5] - cop.x_m * w[1] + cop.y_m * w[0];
        if (std::fabs(tz) > std::fabs(p.tz_peak_nm)) p.tz_peak_nm = tz;
        p.has_shear |= w[0] != 0.0 || w[1] != 0.0 || w[5] != 0.0;
      }
      p.t_prev_ns = frame.t_ns;
      if (walks && fz > 1.0) {
        const Cop cop = cop_from_wrench(w[0], w[1], fz, w[3], w[4], dz);
        if (const FootSegment* foot = walk.feed(frame.t_ns, fz, w[0], cop.x_m, cop.y_m)) {
          publish_walk(i, *foot, sink);
        }
      }
    } else if (ev == ContactDetector::Event::kContactEnded) {
      p.in_contact = false;
      p.last_to_ns = p.detector.last_contact().t_to_ns;
      const bool walked = walks && walk.walking();
      const FootSegment* last_foot = walks ? walk.end_bout(p.last_to_ns) : nullptr;
      if (last_foot) {
        publish_walk(i, *last_foot, sink);
      } else if (!walked) {
        finish_step(i, sink);
      }
    } else if (!p.detector.in_contact()) {
      if (p.in_contact) {  // a blip was rejected
        p.in_contact = false;
        if (walks) walk.reset();
      }
      // Zero from unloaded samples only: after a gap the plate may be loaded (unknown state).
      if (p.detector.settled() && frame.t_ns - p.last_to_ns >= cfg_.drift.settle_ns) {
        conditioner_.add_unloaded(i, r);
      }
    }
  }
}

void ForcePipeline::finish_step(std::size_t plate, StepSink& sink) {
  piece_from_contact(plate);
  piece_done(plate, sink);
}

void ForcePipeline::piece_done(std::size_t plate, StepSink& sink) {
  if (cfg_.belt == BeltLayout::kSplit) {
    // The other belt began a contact, or a transfer (a crossing foot's share), with this piece?
    const std::size_t other = plate == 0 ? 1 : 0;
    const PlateState& q = plates_[other];
    const TimeNs q_contact = q.in_contact ? q.detector.contact_start_ns() : -1;
    PairingOut out = pairing_out(sink);
    pairing_.offer(plate, offered_, q_contact, walk_[other].stance_start_ns(), out);
  } else {
    offered_.valid = false;
    publish_piece(plate, offered_, sink);
  }
}

void ForcePipeline::piece_from_contact(std::size_t plate) {
  const PlateState& p = plates_[plate];
  const Contact& c = p.detector.last_contact();
  StancePiece& o = offered_;
  o.valid = true;
  o.n = std::min(p.n, kMaxStanceSamples);
  if (p.n > kMaxStanceSamples) ++truncated_;
  o.t_ic_ns = o.t_begin_ns = c.t_ic_ns;
  o.share = o.walking = false;
  o.side_shift_m = kNaN;
  o.t_to_ns = c.t_to_ns;
  o.t_first_ns = p.t_first_ns;
  o.dt_s = o.n > 1 ? ns_to_s(p.t_prev_ns - p.t_first_ns) / static_cast<double>(o.n - 1) : 1e-3;
  std::copy_n(p.fz.begin(), o.n, o.fz.begin());
  std::copy_n(p.fx.begin(), o.n, o.fx.begin());
  // Plate COPy to lab Y: plates share the lab frame here (plate_origin offsets are zero).
  o.sum_fz = p.sum_fz;
  o.sum_copy_fz = p.sum_copy_fz;
  o.cop_progression_m =
      o.n >= 10 ? static_cast<double>(p.cop_x[(o.n * 9) / 10] - p.cop_x[o.n / 10]) : kNaN;
  o.free_moment_peak_nm = p.has_shear ? p.tz_peak_nm : kNaN;
}

void ForcePipeline::piece_from_segment(std::size_t /*plate*/, const FootSegment& foot) {
  StancePiece& o = offered_;
  o.valid = true;
  o.n = std::min(foot.fz_n.size(), kMaxStanceSamples);
  o.t_ic_ns = foot.t_ic_ns;
  o.t_begin_ns = foot.t_begin_ns;
  o.share = foot.t_begin_ns < foot.t_ic_ns;  // began at a transfer, not with the belt's load
  o.walking = true;
  o.side_shift_m = foot.side_shift_m;
  o.t_to_ns = foot.t_to_ns;
  o.t_first_ns = foot.t_first_ns;
  o.dt_s = foot.dt_s;
  std::copy_n(foot.fz_n.begin(), o.n, o.fz.begin());
  std::copy_n(foot.fx_n.begin(), o.n, o.fx.begin());
  double sum = 0;
  for (std::size_t k = 0; k < o.n; ++k) sum += o.fz[k];
  o.sum_fz = sum;
  o.sum_copy_fz = sum * foot.cop_y_m;
  o.cop_progression_m = foot.cop_progression_m;
  o.free_moment_peak_nm = kNaN;  // one belt under two feet: no per-foot free moment
  // Σ COPy·Fz above gives back foot.cop_y_m, except for an all-zero force (then 0).
}

void ForcePipeline::publish_piece(std::size_t plate, const StancePiece& piece, StepSink& sink) {
  // Walking: from the walking separator, or the other belt still loaded at contact.
  const bool walking = piece.walking || last_to_ns_ > piece.t_ic_ns;
  const StanceMetrics m =
      stance_metrics(std::span<const float>(piece.fz.data(), piece.n), piece.dt_s,
                     std::span<const float>(piece.fx.data(), piece.n), walking);
  StepResult s;
  s.plate = static_cast<std::uint8_t>(plate);
  s.cop_y_m = piece.sum_fz > 0 ? piece.sum_copy_fz / piece.sum_fz : 0.0;
  if (cfg_.belt == BeltLayout::kSplit) {
    s.side = cfg_.plate_side[plate];
    s.side_source = SideSource::kBelt;
  } else {
    // Running: this contact's mean COPy against the previous one's; walking: the COP's move
    // across the double supports (walk_segmenter.hpp).
    const double shift = piece.walking            ? piece.side_shift_m
                         : sides_.has_reference() ? s.cop_y_m - sides_.reference_cop_y_m()
                                                  : kNaN;
    sides_.resolve(s, shift, piece.t_ic_ns, piece.t_to_ns);
  }
  s.cop_progression_m = piece.cop_progression_m;
  s.zero_offset_n = conditioner_.zero_offset_n(plate);
  s.free_moment_peak_nm = piece.free_moment_peak_nm;
  publish(s, Contact{piece.t_ic_ns, piece.t_to_ns}, m, piece.t_first_ns, piece.dt_s, sink);
}

void ForcePipeline::publish_across(std::size_t pa, const StancePiece& a, std::size_t pb,
                                   const StancePiece& b, StepSink& sink) {
  // Sum the two belts' forces on a common time base starting at the earlier piece.
  const double dt_s = a.dt_s;
  const TimeNs t0 = std::min(a.t_first_ns, b.t_first_ns);
  const auto off = [&](TimeNs t) {
    return static_cast<std::size_t>(std::llround(ns_to_s(t - t0) / dt_s));
  };
  const std::size_t oa = off(a.t_first_ns), ob = off(b.t_first_ns);
  const std::size_t n = std::min(kMaxStanceSamples, std::max(oa + a.n, ob + b.n));
  std::fill_n(merged_fz_.begin(), n, 0.0f);
  std::fill_n(merged_fx_.begin(), n, 0.0f);
  for (std::size_t k = 0; k < a.n && oa + k < n; ++k) {
    merged_fz_[oa + k] += a.fz[k];
    merged_fx_[oa + k] += a.fx[k];
  }
  for (std::size_t k = 0; k < b.n && ob + k < n; ++k) {
    merged_fz_[ob + k] += b.fz[k];
    merged_fx_[ob + k] += b.fx[k];
  }
  const Contact c{std::min(a.t_ic_ns, b.t_ic_ns), std::max(a.t_to_ns, b.t_to_ns)};
  const bool walking = last_to_ns_ > c.t_ic_ns;
  const StanceMetrics m = stance_metrics(std::span<const float>(merged_fz_.data(), n), dt_s,
                                         std::span<const float>(merged_fx_.data(), n), walking);
  // The foot belongs to the belt that carried most of it.
  const std::size_t own = a.sum_fz >= b.sum_fz ? pa : pb;
  StepResult s;
  s.plate = static_cast<std::uint8_t>(own);
  s.side = cfg_.plate_side[own];
  s.side_source = SideSource::kBelt;
  s.across_belts = true;
  const double sum_fz = a.sum_fz + b.sum_fz;
  s.cop_y_m = sum_fz > 0 ? (a.sum_copy_fz + b.sum_copy_fz) / sum_fz : 0.0;
  s.cop_progression_m = std::nan("");  // two plates, two COPs
  s.zero_offset_n = conditioner_.zero_offset_n(own);
  s.free_moment_peak_nm = std::nan("");  // two plates, two COPs
  publish(s, c, m, t0, dt_s, sink);
}

StanceMetrics ForcePipeline::stance_metrics(std::span<const float> fz, double dt_s,
                                            std::span<const float> fx, bool walking) const {
  if (!walking) return compute_stance_metrics(fz, dt_s, bw_n_, fx, cfg_.stance);
  // Walking has no impact transient: its first hump is the weight-acceptance peak, sometimes
  // above the second and sometimes below, so "impact peak" and the impact_20_80 loading rate
  // would come and go from step to step and mix loading-rate methods. Walking steps have no
  // impact peak and their loading rate from the fixed window, always.
  StanceMetricsOptions o = cfg_.stance;
  o.loading_rate_policy = LoadingRatePolicy::kAlwaysFixedWindow;
  StanceMetrics m = compute_stance_metrics(fz, dt_s, bw_n_, fx, o);
  m.has_impact = false;
  return m;
}

void ForcePipeline::publish_walk(std::size_t plate, const FootSegment& foot, StepSink& sink) {
  piece_from_segment(plate, foot);
  piece_done(plate, sink);
}

void ForcePipeline::publish(StepResult& s, const Contact& c, const StanceMetrics& m,
                            TimeNs t_first_ns, double dt_s, StepSink& sink) {
  s.index = next_index_++;
  s.t_ic_ns = c.t_ic_ns;
  s.t_to_ns = c.t_to_ns;
  s.contact_ms = ns_to_ms(c.t_to_ns - c.t_ic_ns);
  s.flight_ms = last_to_ns_ ? ns_to_ms(c.t_ic_ns - last_to_ns_) : std::nan("");
  const Side other = other_side(s.side);
  const TimeNs other_ic = other == Side::kUnknown ? 0 : last_ic_by_side_[static_cast<int>(other)];
  s.step_ms = other_ic ? ns_to_ms(c.t_ic_ns - other_ic) : std::nan("");
  const TimeNs same_ic = s.side == Side::kUnknown ? 0 : last_ic_by_side_[static_cast<int>(s.side)];
  s.stride_ms = same_ic ? ns_to_ms(c.t_ic_ns - same_ic) : std::nan("");
  s.cadence_spm = s.step_ms > 0 ? 60000.0 / s.step_ms : std::nan("");
  s.peak_vgrf_bw = m.peak_vgrf_bw;
  s.t_peak_ns = t_first_ns + static_cast<TimeNs>(static_cast<double>(m.peak_index) * dt_s * 1e9);
  s.impulse_bw_s = m.impulse_bw_s;
  s.impact_peak_bw = nan_if(!m.has_impact, m.impact_peak_bw);
  s.valr_bw_s = m.valr_bw_s;
  s.vilr_bw_s = m.vilr_bw_s;
  loading_rate_label(m, s.loading_rate_method);
  s.braking_impulse_bw_s = m.braking_impulse_bw_s;
  s.propulsive_impulse_bw_s = m.propulsive_impulse_bw_s;

  last_to_ns_ = c.t_to_ns;
  if (s.side != Side::kUnknown) {
    last_ic_by_side_[static_cast<int>(s.side)] = c.t_ic_ns;
  }
  sink.on_step(s);
}

}  // namespace stridecue::processing
