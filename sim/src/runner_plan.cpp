// The step plan and the pelvis keyframes of the simulated runner.
//
// Model (per step k, side S; σ = +1 for a right stance, −1 for a left stance):
//   Timing. T = 60 / cadence. step_k = T (1 + cv·n), contact_k = C·scale_S (1 + cv·n), with
//   n ~ N(0, 1) clamped to ±3. Running keeps ≥ 10 ms of flight; walking keeps double support.
//   IC_{k+1} = IC_k + step_k, TO_k = IC_k + contact_k, both rounded to whole nanoseconds; the
//   force shape uses exactly (TO_k − IC_k), so it is 0 at both events. Sides alternate L, R, …
//   Start. standing_s of quiet standing (BW split over both feet), then a push-off of 0.15 s
//   (walking 0.3 s) whose impulse sends the runner into a flight of step 0's flight time
//   (walking 50 ms) that ends at the first IC with the vertical velocity for which the
//   implied COM height is periodic (steady_ic_velocity). Without standing, t = 0 is the top of
//   the flight before step 0. The pelvis angles are 0 until the push-off ends.
//   COM. The IMU's specific force is κ_k·ΣGRF/m with κ_k = step_k / impulse_k (BW·s), so
//   every step's vertical impulse balances gravity over its step time and the implied
//   vertical oscillation (≈ 9 cm per step for the defaults, lowest near midstance) does not
//   drift; κ is 1 ± a few % and is the only place where the IMU and the plates disagree.
//   Peaks. active_k = A_S (1 + cv·n), impact_k = I_S (1 + cv·n), braking scaled by active_k/A_S.
//   Pelvic obliquity (+ = left hemipelvis lower). Keyframes at IC_k (value o_ic) and at
//   P_k = IC_k + 0.35·contact_k (value o_pk = o_ic + σ·drop_k, drop_k = D_S (1 + cv·n)): the
//   swing side drops by drop_k from its IC value, peaking at 35 % of stance. The extremes are
//   held at ±H, H = ROM/2, ROM = max(mean(D_L, D_R) + obliquity_rom_extra_deg, max(D_L, D_R)),
//   so o_pk = σH and o_ic = σH − σ·drop_k (clamped to stay monotone from the previous extreme).
//   The monotone track (runner_track.hpp) has its extremes exactly at the keyframes, so the
//   largest drop between IC and TO is exactly σ(o_pk − o_ic): that is the truth.
//   Tilt (+ = anterior). Keyframes at midstance (lo = offset − rom/2), toe-off (lo + gain) and
//   halfway from toe-off to the next midstance (hi = offset + rom/2): ROM is exactly tilt_rom,
//   the rise from midstance to toe-off exactly late_stance_tilt_gain, two cycles per stride.
//   Rotation (+ = left ASIS forward). Keyframes at each IC: right IC −rom/2 (right side
//   forward), left IC +rom/2: one cycle per stride, ROM exactly rotation_rom.
//   Scripted changes (runner_script.hpp). Every per-step quantity above — T, C, scale_S, cv,
//   A_S, I_S, u_i, braking, D_S and H, the tilt and rotation keyframe values, the COP speed,
//   foot position, step-across chance and the ringing after toe-off — comes from the config in
//   effect at IC_k (validated there), so a change reaches the first step whose IC is at or after
//   its start and the step truth describes what was drawn. The draws per step stay the same, so
//   a change never shifts the random stream of later steps. The start (push-off, v_ic) uses the
//   base config.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "stridecue/sim/runner.hpp"
#include "stridecue/sim/runner_pelvis.hpp"

namespace stridecue::sim {
namespace {

constexpr double kGravity = 9.80665;
constexpr double kDropPeakFrac = 0.35;    // swing-side drop peaks at 35 % of stance
constexpr double kMinFlightPlanS = 0.01;  // per-step clamp (validation asks for 20 ms)
constexpr double kMinDoubleSupportFrac = 0.02;
constexpr double kMaxNormal = 3.0;  // variability draws are clamped to ±3 SD
constexpr double kRunPushOffS = 0.15;
constexpr double kWalkPushOffS = 0.30;
constexpr double kWalkLeadS = 0.05;
constexpr double kCopRollRearfootM = 0.20;  // heel→toe COP travel along the foot
constexpr double kCopRollForefootM = 0.10;
constexpr double kCopRollWalkM = 0.22;
constexpr double kCopXJitterM = 0.02;
constexpr double kCopYJitterM = 0.01;
constexpr double kAcrossCopYM = 0.03;  // |Y| of each part of a contact across the gap

}  // namespace

Runner::Runner(const RunnerConfig& config, std::uint64_t seed)
    : config_(config),
      plan_rng_(detail::splitmix64(seed ^ 0x706C616EULL)),
      force_rng_(detail::splitmix64(seed ^ 0x666F7263ULL)),
      imu_rng_(detail::splitmix64(seed ^ 0x696D7521ULL)) {
  validate(config_);
  last_validated_ = config_;
  const bool run = config_.gait == Gait::kRun;
  weight_n_ = config_.body_mass_kg * kGravity;
  step_nominal_s_ = 60.0 / config_.cadence_spm;
  horizon_step_s_ = step_nominal_s_;
  init_faults(seed);

  // Step 0 is drawn first (relative to t = 0): the start is shaped to meet it.
  PlannedStep first = draw_step(0);
  const double v_ic = steady_ic_velocity();  // < 0: falling
  double lead_s = run ? first.step_s - first.contact_s : kWalkLeadS;
  if (config_.standing_s > 0.0) {
    // Push-off force r(τ)·BW, r = (1 + cos πτ)/2 + β sin²(πτ), τ over push_off_s_: impulse
    // BW·push_off_s_·(1 + β)/2. From rest, the speed at the first IC is J/m − g·D (D = push-off
    // + lead), so β is set for that speed to be v_ic.
    push_off_s_ = run ? kRunPushOffS : kWalkPushOffS;
    push_off_gain_ =
        std::max(-0.4, 2.0 * (push_off_s_ + lead_s + v_ic / kGravity) / push_off_s_ - 1.0);
    gait_start_ns_ = s_to_ns(config_.standing_s + push_off_s_);
  } else {
    if (run) lead_s = std::max(0.01, -v_ic / kGravity);  // t = 0: top of the first flight
    gait_start_ns_ = 0;
  }
  first_ic_ns_ = gait_start_ns_ + s_to_ns(lead_s);
  first.truth.t_ic_ns += first_ic_ns_;
  first.truth.t_to_ns += first_ic_ns_;

  // Room for ≈ 6 minutes of running before the first reallocation (then amortised doubling).
  constexpr std::size_t kReserveSteps = 1024;
  plan_.reserve(kReserveSteps);
  obliquity_deg_.reserve(2 * kReserveSteps + 1);
  tilt_deg_.reserve(3 * kReserveSteps + 1);
  rotation_deg_.reserve(kReserveSteps + 1);
  const double t0 = ns_to_s(gait_start_ns_);
  obliquity_deg_.push(t0, 0.0);
  tilt_deg_.push(t0, 0.0);
  rotation_deg_.push(t0, 0.0);

  mount_rotation_ = mount_rotation_matrix(config_.mount_misalignment_deg);
  gyro_bias_rads_ = config_.gyro_bias_rads;
  place_step(first);
}

// Vertical COM velocity at IC for which a train of nominal steps (no variability, mean of the
// two sides) is periodic in height (∫v dt = 0 over a step): v_ic = −(1/T)∫₀ᵀ (T − t)·a(t) dt,
// a(t) = κ·g·Σⱼ fz((t + jT)/Tc) − g (the sum adds the overlapping tail of earlier contacts when
// walking). Composite Simpson. With variability the steps differ from the nominal one and the
// implied COM height random-walks by ≈ 1 cm per step (like integrating a real IMU: anything
// that double-integrates the accelerometer has to detrend per stride).
double Runner::steady_ic_velocity() const {
  constexpr int kN = 2000;
  const double t_step = step_nominal_s_;
  double v_sum = 0.0;
  for (const SideConfig* sc : {&config_.left, &config_.right}) {
    const double contact_s = config_.contact_time_s * sc->contact_scale;
    const detail::StanceShape shape =
        config_.gait == Gait::kRun
            ? detail::StanceShape::running(sc->active_peak_bw, sc->impact_peak_bw,
                                           sc->impact_time_frac, config_.braking_peak_bw)
            : detail::StanceShape::walking(sc->active_peak_bw, config_.braking_peak_bw);
    const double kappa = t_step / (shape.area_bw() * contact_s);
    double sum = 0.0;
    for (int i = 0; i <= kN; ++i) {
      const double t = t_step * i / kN;
      double fz = 0.0;
      for (int j = 0; j < 4; ++j) fz += shape.fz_bw((t + j * t_step) / contact_s);
      const double a = kGravity * (kappa * fz - 1.0);
      const double w = (i == 0 || i == kN) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
      sum += w * (t_step - t) * a;
    }
    v_sum += -(sum * t_step / (3.0 * kN)) / t_step;
  }
  return v_sum / 2.0;
}

void Runner::plan_until(TimeNs t_ns) {
  const TimeNs horizon = t_ns + s_to_ns(4.0 * horizon_step_s_);
  while (plan_.empty() || plan_.back().truth.t_ic_ns <= horizon) plan_next_step();
}

void Runner::plan_next_step() {
  place_step(draw_step(plan_.size()));
}

Runner::PlannedStep Runner::draw_step(std::size_t k) {
  // Step 0 is drawn relative to t = 0; the constructor moves it to first_ic_ns_.
  const TimeNs t_ic = k == 0 ? 0 : plan_[k - 1].truth.t_ic_ns + s_to_ns(plan_[k - 1].step_s);
  const RunnerConfig c = step_config(k, t_ic);  // base + scripted changes at IC, validated
  const bool run = c.gait == Gait::kRun;
  const Side side = (k % 2 == 0) ? Side::kLeft : Side::kRight;
  const SideConfig& sc = side == Side::kLeft ? c.left : c.right;
  const double sigma = side == Side::kRight ? 1.0 : -1.0;  // obliquity direction of this stance
  const double sy = side == Side::kLeft ? 1.0 : -1.0;      // lab Y of this foot

  // A fixed number of draws per step, in a fixed order, so the plan does not depend on how far
  // ahead it was planned.
  detail::RandomStream& rng = plan_rng_;
  const double n_step = rng.gaussian(), n_contact = rng.gaussian(), n_peak = rng.gaussian();
  const double n_impact = rng.gaussian(), n_drop = rng.gaussian();
  const double n_cop_x = rng.gaussian(), n_cop_y = rng.gaussian();
  const double u_across = rng.uniform(), u_share = rng.uniform();
  const double cv = c.variability_cv;
  auto vary = [cv](double nominal, double n) {
    return nominal * (1.0 + cv * std::clamp(n, -kMaxNormal, kMaxNormal));
  };

  PlannedStep s;
  s.step_s = vary(60.0 / c.cadence_spm, n_step);
  double contact_s = vary(c.contact_time_s * sc.contact_scale, n_contact);
  if (run) {
    contact_s = std::min(contact_s, s.step_s - kMinFlightPlanS);
  } else {
    contact_s = std::max(contact_s, s.step_s * (1.0 + kMinDoubleSupportFrac));
    contact_s = std::min(contact_s, 2.5 * s.step_s);  // drop peak (35 %) before the next IC
    if (k > 0) {
      // Midstance after the previous toe-off keeps the tilt keyframes in order.
      const double prev_to_s = ns_to_s(plan_[k - 1].truth.t_to_ns - t_ic);
      contact_s = std::max(contact_s, 2.0 * prev_to_s + 0.04);
    }
  }
  const TimeNs t_to = t_ic + s_to_ns(contact_s);
  s.contact_s = ns_to_s(t_to - t_ic);

  const double nominal_peak = sc.active_peak_bw;
  const double peak = vary(nominal_peak, n_peak);
  const double braking = c.braking_peak_bw * peak / nominal_peak;
  if (run) {
    const double impact = sc.impact_peak_bw > 0.0 ? vary(sc.impact_peak_bw, n_impact) : 0.0;
    s.shape = detail::StanceShape::running(peak, impact, sc.impact_time_frac, braking);
  } else {
    s.shape = detail::StanceShape::walking(peak, braking);
  }

  StepTruth& tr = s.truth;
  tr.index = static_cast<std::uint32_t>(k);
  tr.side = side;
  tr.t_ic_ns = t_ic;
  tr.t_to_ns = t_to;
  tr.peak_vgrf_bw = s.shape.peak_bw();
  tr.impact_peak_bw = s.shape.impact_peak_bw();
  tr.impulse_bw_s = s.shape.area_bw() * s.contact_s;
  tr.braking_peak_bw = s.shape.braking_peak_bw();
  tr.across_belts = c.belt == Belt::kSplit && u_across < c.step_across_probability;
  tr.own_belt_share = tr.across_belts ? 0.6 + 0.2 * u_share : 1.0;

  // COP: the foot lands ahead of the plate centre and the belt carries it back at speed_mps
  // while the COP rolls heel→toe along the foot; the stance is centred on the plate.
  s.cop_roll_m =
      !run ? kCopRollWalkM : (tr.impact_peak_bw > 0.0 ? kCopRollRearfootM : kCopRollForefootM);
  s.speed_mps = c.speed_mps;
  s.cop_x0_m = 0.5 * (c.speed_mps * s.contact_s - s.cop_roll_m) + kCopXJitterM * n_cop_x;
  if (tr.across_belts) {
    s.cop_y_m = sy * kAcrossCopYM;
    s.other_cop_y_m = -sy * kAcrossCopYM;
  } else {
    s.cop_y_m = sy * c.foot_y_m + kCopYJitterM * n_cop_y;
  }
  // κ = BW·step time / impulse: the IMU sees κ·GRF/m, so the implied vertical COM motion is
  // periodic even when the configured peak and contact time are not exactly momentum-balanced.
  s.imu_force_scale = s.step_s / tr.impulse_bw_s;

  // Pelvic obliquity keyframes (see the model at the top of this file).
  const double drop = std::max(0.0, vary(sc.pelvic_drop_deg, n_drop));
  const double d_l = c.left.pelvic_drop_deg, d_r = c.right.pelvic_drop_deg;
  const double half_rom =
      0.5 * std::max(0.5 * (d_l + d_r) + c.obliquity_rom_extra_deg, std::max(d_l, d_r));
  if (k == 0) {
    s.obliquity_ic_deg = 0.0;
  } else {
    const double prev_peak = plan_[k - 1].obliquity_peak_deg;
    s.obliquity_ic_deg = sigma * half_rom - sigma * drop;
    if (sigma * (s.obliquity_ic_deg - prev_peak) < 0.0) s.obliquity_ic_deg = prev_peak;
  }
  s.obliquity_peak_deg = s.obliquity_ic_deg + sigma * drop;
  tr.pelvic_drop_deg = sigma * (s.obliquity_peak_deg - s.obliquity_ic_deg);
  s.tilt_lo_deg = c.anterior_tilt_offset_deg - c.tilt_rom_deg / 2.0;
  s.tilt_hi_deg = c.anterior_tilt_offset_deg + c.tilt_rom_deg / 2.0;
  s.tilt_gain_deg = c.late_stance_tilt_gain_deg;
  tr.tilt_rise_deg = (s.tilt_lo_deg + s.tilt_gain_deg) - s.tilt_lo_deg;
  s.rotation_half_deg = c.rotation_rom_deg / 2.0;

  // Ringing after this toe-off (runner_faults.cpp).
  s.ring_amp_n = c.flight_ringing_n;
  s.ring_hz = c.ringing_hz;
  s.ring_decay_s = c.ringing_decay_s;
  return s;
}

void Runner::place_step(const PlannedStep& s) {
  const std::size_t k = plan_.size();
  const double sigma = s.truth.side == Side::kRight ? 1.0 : -1.0;
  const TimeNs t_ic = s.truth.t_ic_ns;
  const double ic_s = ns_to_s(t_ic);
  obliquity_deg_.push(ic_s, s.obliquity_ic_deg);
  obliquity_deg_.push(ns_to_s(t_ic + s_to_ns(kDropPeakFrac * s.contact_s)), s.obliquity_peak_deg);
  rotation_deg_.push(ic_s, -sigma * s.rotation_half_deg);
  plan_.push_back(s);
  if (k > 0) push_tilt_keyframes(k - 1);
}

void Runner::push_tilt_keyframes(std::size_t k) {
  const PlannedStep& s = plan_[k];
  const PlannedStep& next = plan_[k + 1];
  auto midstance_s = [](const PlannedStep& p) {
    return ns_to_s(p.truth.t_ic_ns + (p.truth.t_to_ns - p.truth.t_ic_ns) / 2);
  };
  const double to_s = ns_to_s(s.truth.t_to_ns);
  tilt_deg_.push(midstance_s(s), s.tilt_lo_deg);
  tilt_deg_.push(to_s, s.tilt_lo_deg + s.tilt_gain_deg);
  tilt_deg_.push(0.5 * (to_s + midstance_s(next)), s.tilt_hi_deg);
}

}  // namespace stridecue::sim
