// Queries of the simulated runner: plate wrenches, pelvis motion, IMU readings and step truth.
//
// Per contact (u = stance fraction, W = body weight, sy = +1 left foot / −1 right foot):
//   Fz = W·fz(u), Fx = W·fx(u) (runner_stance.hpp), Fy = −sy·ν·Fz (toward the midline;
//   ν = 0.035 running, 0.05 walking), free moment Tz = −sy·ζ·Fz (ζ = 3 mm).
//   COPx = x0 − speed·u·contact + roll·(1 − cos πu)/2 (belt carries the foot back, COP rolls
//   heel→toe), COPy = y0 − sy·1 cm·(1 − cos πu)/2 (slight medial drift), lab frame; a contact
//   across the belts puts share s ∈ [0.6, 0.8] on its own belt at |Y| = 3 cm, the rest on the
//   other belt at the mirrored Y. Plate moments from the header's formulas:
//   Mx = COPy·Fz − Fy·dz, My = −COPx·Fz + Fx·dz, Mz = Tz + COPx·Fy − COPy·Fx (M = r × F + Tz·ẑ
//   with r = (COPx, COPy, +dz) from an origin dz below the surface, Z up; cop_from_wrench).
// Standing: BW/2 per foot (split belt) or BW at the midline (single belt), COP under each foot.
// IMU: specific force f = κ·ΣGRF/m in the lab frame (exact for the centre of mass; κ per step
//   in runner_plan.cpp), rotated into the pelvis frame, then into the sensor frame; gyro =
//   analytic pelvis angular velocity, rotated likewise, + bias (random walk) + white noise.
// Noise: white noise per sample (force_noise_n on forces, × 0.1 m on moments) plus the plate
//   faults of runner_faults.cpp. Noise fields take the scripted value at the sample time.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "stridecue/sim/runner.hpp"
#include "stridecue/sim/runner_pelvis.hpp"

namespace stridecue::sim {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kRunMlRatio = 0.035;
constexpr double kWalkMlRatio = 0.05;
constexpr double kFreeMomentArmM = 0.003;
constexpr double kMedialDriftM = 0.01;
constexpr double kMomentNoiseArmM = 0.1;  // moment noise SD = force noise SD × 0.1 m

void check_span(std::size_t size, int needed, const char* what) {
  if (size >= static_cast<std::size_t>(needed)) return;
  throw std::invalid_argument(std::string("Runner::") + what + ": out has " + std::to_string(size) +
                              " entries; this belt needs " + std::to_string(needed) +
                              " (plate_count())");
}

}  // namespace

double Runner::plate_centre_y_m(int plate) const {
  if (config_.belt == Belt::kSingle) return 0.0;
  return plate == 0 ? config_.split_plate_centre_y_m : -config_.split_plate_centre_y_m;
}

int Runner::loads_at(TimeNs t_ns, Loads& loads) {
  plan_until(t_ns);
  int n = 0;
  const bool split = config_.belt == Belt::kSplit;

  // Quiet standing, then the push-off.
  if (config_.standing_s > 0.0 && t_ns < gait_start_ns_) {
    const TimeNs stand_end = s_to_ns(config_.standing_s);
    double r = 1.0;
    if (t_ns >= stand_end) {
      const double tau =
          static_cast<double>(t_ns - stand_end) / static_cast<double>(gait_start_ns_ - stand_end);
      const double s = std::sin(kPi * tau);
      r = 0.5 * (1.0 + std::cos(kPi * tau)) + push_off_gain_ * s * s;
    }
    if (split) {
      for (int p = 0; p < 2; ++p) {
        const double y = (p == 0 ? 1.0 : -1.0) * config_.foot_y_m;
        loads[static_cast<std::size_t>(n++)] =
            Load{p, 0.0, 0.0, 0.5 * weight_n_ * r, 0.0, 0.0, y - plate_centre_y_m(p), 1.0};
      }
    } else {
      loads[static_cast<std::size_t>(n++)] = Load{0, 0.0, 0.0, weight_n_ * r, 0.0, 0.0, 0.0, 1.0};
    }
  }

  // Contacts with IC < t < TO. At most two overlap (walking), so look back a few steps.
  const auto after =
      std::upper_bound(plan_.begin(), plan_.end(), t_ns,
                       [](TimeNs t, const PlannedStep& p) { return t < p.truth.t_ic_ns; });
  const auto last = static_cast<std::ptrdiff_t>(after - plan_.begin()) - 1;
  for (std::ptrdiff_t k = last; k >= 0 && k >= last - 3; --k) {
    const PlannedStep& s = plan_[static_cast<std::size_t>(k)];
    if (!(t_ns > s.truth.t_ic_ns && t_ns < s.truth.t_to_ns)) continue;
    const double u = static_cast<double>(t_ns - s.truth.t_ic_ns) /
                     static_cast<double>(s.truth.t_to_ns - s.truth.t_ic_ns);
    const double sy = s.truth.side == Side::kLeft ? 1.0 : -1.0;
    const double ml = config_.gait == Gait::kRun ? kRunMlRatio : kWalkMlRatio;
    const double fz = weight_n_ * s.shape.fz_bw(u);
    const double fx = weight_n_ * s.shape.fx_bw(u);
    const double fy = -sy * ml * fz;
    const double tz = -sy * kFreeMomentArmM * fz;
    const double roll = 0.5 * (1.0 - std::cos(kPi * u));
    const double x = s.cop_x0_m - s.speed_mps * u * s.contact_s + s.cop_roll_m * roll;
    const double drift = -sy * kMedialDriftM * roll;
    const int own = split ? (s.truth.side == Side::kLeft ? 0 : 1) : 0;
    const double share = s.truth.own_belt_share;
    loads[static_cast<std::size_t>(n++)] = Load{own,
                                                share * fx,
                                                share * fy,
                                                share * fz,
                                                share * tz,
                                                x,
                                                s.cop_y_m + drift - plate_centre_y_m(own),
                                                s.imu_force_scale};
    if (s.truth.across_belts) {
      const int other = 1 - own;
      const double o = 1.0 - share;
      loads[static_cast<std::size_t>(n++)] = Load{other,
                                                  o * fx,
                                                  o * fy,
                                                  o * fz,
                                                  o * tz,
                                                  x,
                                                  s.other_cop_y_m + drift - plate_centre_y_m(other),
                                                  s.imu_force_scale};
    }
  }
  return n;
}

void Runner::plates_truth_at(TimeNs t_ns, std::span<PlateTruth> out) {
  check_span(out.size(), plate_count(), "plates_truth_at");
  std::fill(out.begin(), out.end(), PlateTruth{});
  Loads loads;
  const int n = loads_at(t_ns, loads);
  const double dz = config_.plate_origin_depth_m;
  for (int i = 0; i < n; ++i) {
    const Load& l = loads[static_cast<std::size_t>(i)];
    PlateTruth& p = out[static_cast<std::size_t>(l.plate)];
    p.fx_n += l.fx_n;
    p.fy_n += l.fy_n;
    p.fz_n += l.fz_n;
    p.mx_nm += l.cop_y_m * l.fz_n - l.fy_n * dz;
    p.my_nm += -l.cop_x_m * l.fz_n + l.fx_n * dz;
    p.mz_nm += l.tz_nm + l.cop_x_m * l.fy_n - l.cop_y_m * l.fx_n;
    p.cop_x_m += l.cop_x_m * l.fz_n;  // Fz-weighted sums, divided below
    p.cop_y_m += l.cop_y_m * l.fz_n;
  }
  for (int i = 0; i < plate_count(); ++i) {
    PlateTruth& p = out[static_cast<std::size_t>(i)];
    if (p.fz_n > 0.0) {
      p.cop_x_m /= p.fz_n;
      p.cop_y_m /= p.fz_n;
    } else {
      p.cop_x_m = p.cop_y_m = 0.0;
    }
    p.tz_nm = p.mz_nm - p.cop_x_m * p.fy_n + p.cop_y_m * p.fx_n;
  }
}

void Runner::plates_at(TimeNs t_ns, std::span<PlateWrench> out) {
  check_span(out.size(), plate_count(), "plates_at");
  std::array<PlateTruth, kMaxPlates> truth{};
  plates_truth_at(t_ns,
                  std::span<PlateTruth>(truth.data(), static_cast<std::size_t>(plate_count())));
  std::fill(out.begin(), out.end(), PlateWrench{});
  RunnerConfig scratch;
  const double sf = config_now(t_ns, scratch).force_noise_n;
  const double sm = sf * kMomentNoiseArmM;
  for (int i = 0; i < plate_count(); ++i) {
    const PlateTruth& p = truth[static_cast<std::size_t>(i)];
    PlateWrench& w = out[static_cast<std::size_t>(i)];
    // Faults (runner_faults.cpp): zero offset on the forces, ringing on Fz.
    const ZeroOffset z = zero_offset_at(i, t_ns);
    const double ring = ringing_n(i, t_ns);
    w.fx_n = static_cast<float>(p.fx_n + z.fx_n + sf * force_rng_.gaussian());
    w.fy_n = static_cast<float>(p.fy_n + z.fy_n + sf * force_rng_.gaussian());
    w.fz_n = static_cast<float>(p.fz_n + z.fz_n + ring + sf * force_rng_.gaussian());
    w.mx_nm = static_cast<float>(p.mx_nm + sm * force_rng_.gaussian());
    w.my_nm = static_cast<float>(p.my_nm + sm * force_rng_.gaussian());
    w.mz_nm = static_cast<float>(p.mz_nm + sm * force_rng_.gaussian());
  }
}

PelvisState Runner::pelvis_at(TimeNs t_ns) {
  return pelvis_motion_at(t_ns).angles;
}

PelvisMotion Runner::pelvis_motion_at(TimeNs t_ns) {
  Loads loads;
  const int n = loads_at(t_ns, loads);  // also extends the plan (and the keyframes) past t
  const double t_s = ns_to_s(t_ns);
  const detail::TrackPoint tilt = tilt_deg_.at(t_s);
  const detail::TrackPoint obl = obliquity_deg_.at(t_s);
  const detail::TrackPoint rot = rotation_deg_.at(t_s);
  PelvisMotion m;
  m.angles = {tilt.value, obl.value, rot.value};
  m.rates = {tilt.rate, obl.rate, rot.rate};
  m.gyro_pelvis_rads = pelvis_angular_velocity(m.angles, m.rates);
  Vec3 f{0.0, 0.0, 0.0};
  for (int i = 0; i < n; ++i) {
    const Load& l = loads[static_cast<std::size_t>(i)];
    f[0] += l.imu_scale * l.fx_n;
    f[1] += l.imu_scale * l.fy_n;
    f[2] += l.imu_scale * l.fz_n;
  }
  for (double& c : f) c /= config_.body_mass_kg;
  m.specific_force_lab_mps2 = f;
  m.specific_force_pelvis_mps2 = rotate_transposed(pelvis_rotation_matrix(m.angles), f);
  return m;
}

ImuSample to_imu_sample(const ImuReading& r, TimeNs t_ns, std::uint32_t counter,
                        std::uint8_t device) {
  ImuSample s = make_sample<ImuSample>(t_ns, counter, device, 0);
  for (std::size_t i = 0; i < 3; ++i) {
    s.acc_mps2[i] = static_cast<float>(r.acc_mps2[i]);
    s.gyro_rads[i] = static_cast<float>(r.gyro_rads[i]);
  }
  return s;
}

ImuReading Runner::imu_at(TimeNs t_ns) {
  const PelvisMotion m = pelvis_motion_at(t_ns);
  const Vec3 acc = rotate_transposed(mount_rotation_, m.specific_force_pelvis_mps2);
  const Vec3 gyro = rotate_transposed(mount_rotation_, m.gyro_pelvis_rads);
  const double dt_s = t_ns > last_imu_ns_ ? ns_to_s(t_ns - last_imu_ns_) : 0.0;
  last_imu_ns_ = std::max(last_imu_ns_, t_ns);
  RunnerConfig scratch;
  const RunnerConfig& now = config_now(t_ns, scratch);  // noise fields may be scripted
  const double walk = now.gyro_bias_walk_rads_per_sqrt_s * std::sqrt(dt_s);
  ImuReading r;
  for (std::size_t i = 0; i < 3; ++i) gyro_bias_rads_[i] += walk * imu_rng_.gaussian();
  for (std::size_t i = 0; i < 3; ++i) {
    r.gyro_rads[i] = gyro[i] + gyro_bias_rads_[i] + now.gyro_noise_rads * imu_rng_.gaussian();
  }
  for (std::size_t i = 0; i < 3; ++i) {
    r.acc_mps2[i] = acc[i] + now.acc_noise_mps2 * imu_rng_.gaussian();
  }
  return r;
}

TimeNs Runner::contact_crossing_ns(std::uint32_t step_index, double fz_n, bool rising) {
  while (plan_.size() <= step_index) plan_next_step();
  const PlannedStep& s = plan_[step_index];
  const double level = fz_n / weight_n_;
  if (!(level > 0.0 && level < s.shape.peak_bw())) {
    throw std::invalid_argument("Runner::contact_crossing_ns: fz_n = " + std::to_string(fz_n) +
                                " N must lie in (0, " +
                                std::to_string(s.shape.peak_bw() * weight_n_) +
                                ") N, the peak of step " + std::to_string(step_index));
  }
  // Scan from the event toward the peak for the first sample past the level, then bisect.
  constexpr int kGrid = 4000;
  const double from = rising ? 0.0 : 1.0;
  const double du = (s.shape.peak_u() - from) / kGrid;  // negative when falling
  double inside = s.shape.peak_u(), outside = from;
  for (int j = 1; j <= kGrid; ++j) {
    const double u = from + du * j;
    if (s.shape.fz_bw(u) >= level) {
      inside = u;
      outside = u - du;
      break;
    }
  }
  for (int k = 0; k < 64; ++k) {
    const double mid = 0.5 * (inside + outside);
    (s.shape.fz_bw(mid) >= level ? inside : outside) = mid;
  }
  const auto span = static_cast<double>(s.truth.t_to_ns - s.truth.t_ic_ns);
  return s.truth.t_ic_ns + static_cast<TimeNs>(std::llround(inside * span));
}

void Runner::take_completed_steps(TimeNs t_ns, std::vector<StepTruth>& out) {
  plan_until(t_ns);
  while (next_to_report_ < plan_.size() && plan_[next_to_report_].truth.t_to_ns <= t_ns) {
    out.push_back(plan_[next_to_report_].truth);
    ++next_to_report_;
  }
}

}  // namespace stridecue::sim
