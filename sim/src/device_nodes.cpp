#include "stridecue/sim/device_nodes.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <stdexcept>

namespace stridecue::sim {

namespace {
std::int16_t to_counts(double value, double scale) {
  const double c = std::round(value / scale);
  return static_cast<std::int16_t>(std::clamp(c, -32768.0, 32767.0));
}
constexpr double kG = 9.80665;
const double kAccScale = kAccelRange_g * kG / 32768.0;
const double kGyroScale = kGyroRange_dps * std::numbers::pi / 180.0 / 32768.0;
}  // namespace

Node::Node(const NodeConfig& config) : config_(config) {
  if (config.sample_rate_hz == 0 || config.samples_per_frame == 0 ||
      config.samples_per_frame > SC_MAX_SAMPLES_PER_FRAME) {
    throw std::invalid_argument("node: sample_rate_hz must be > 0 and samples_per_frame 1..16");
  }
}

TimeNs Node::sample_time_ns(std::uint64_t k) const {
  return static_cast<TimeNs>(k * static_cast<std::uint64_t>(kNsPerS) / config_.sample_rate_hz);
}

TimeNs Node::next_frame_due_ns() const {
  return sample_time_ns(next_sample_ + config_.samples_per_frame - 1);
}

std::uint32_t Node::device_time_us(TimeNs t_sim_ns) const {
  // Wraps at 2^32 like the firmware's free-running microsecond timer.
  const double since_boot_us = static_cast<double>(t_sim_ns - boot_ns_) / kNsPerUs;
  double us = since_boot_us * (1.0 + drift_ppm_ * 1e-6);
  for (const ClockJump& j : jumps_) {
    if (s_to_ns(j.at_s) > boot_ns_ && s_to_ns(j.at_s) <= t_sim_ns) us += j.jump_ms * 1000.0;
  }
  const auto ticks = static_cast<std::int64_t>(std::floor(us));
  return config_.device_clock_start_us + static_cast<std::uint32_t>(ticks);
}

void Node::set_clock_faults(double drift_ppm, std::vector<ClockJump> jumps) {
  drift_ppm_ = drift_ppm;
  jumps_ = std::move(jumps);
}

void Node::reboot(TimeNs t_sim_ns) {
  counter_ = 0;
  boot_ns_ = t_sim_ns;
}

sc_message Node::begin_frame(sc_msg_type type) const {
  sc_message m{};
  m.header.type = type;
  m.header.counter = counter_;
  m.header.t_device_us = device_time_us(sample_time_ns(next_sample_));
  return m;
}

std::size_t Node::finish_frame(sc_message& m, unsigned n_samples, std::uint8_t* out,
                               std::size_t cap) {
  next_sample_ += n_samples;
  counter_ += n_samples;
  return sc_encode_frame(&m, out, cap);
}

void Node::skip_frame() {
  next_sample_ += config_.samples_per_frame;
  counter_ += config_.samples_per_frame;
}

void Node::fill_hello_common(sc_message& m, sc_device_kind kind) const {
  m.header.type = SC_MSG_HELLO;
  m.header.counter = 0;
  m.header.t_device_us = device_time_us(sample_time_ns(next_sample_));
  sc_hello& h = m.msg.hello;
  h.kind = static_cast<std::uint8_t>(kind);
  h.fw_major = 0;
  h.fw_minor = 1;
  h.fw_patch = 0;
  std::memset(h.serial, 0, sizeof h.serial);
  std::memcpy(h.serial, config_.serial.data(), std::min(config_.serial.size(), sizeof h.serial));
  h.calibration_id = 1;
  h.sample_rate_hz = static_cast<std::uint16_t>(config_.sample_rate_hz);
  h.samples_per_frame = config_.samples_per_frame;
}

ForcePlateNode::ForcePlateNode(const NodeConfig& config, unsigned n_plates)
    : Node(config), n_plates_(n_plates) {
  if (n_plates < 1 || n_plates > SC_MAX_PLATES) throw std::invalid_argument("n_plates: 1 or 2");
}

std::size_t ForcePlateNode::hello_frame(std::uint8_t* out, std::size_t cap) const {
  sc_message m{};
  fill_hello_common(m, SC_DEVICE_FORCE6);
  m.msg.hello.n_plates = static_cast<std::uint8_t>(n_plates_);
  const float s[6] = {kForceScale_n,   kForceScale_n,   kForceScale_n,
                      kMomentScale_nm, kMomentScale_nm, kMomentScale_nm};
  std::copy(std::begin(s), std::end(s), m.msg.hello.scale);
  return sc_encode_frame(&m, out, cap);
}

std::size_t ForcePlateNode::next_frame(Runner& runner, std::uint8_t* out, std::size_t cap) {
  sc_message m = begin_frame(SC_MSG_FORCE6);
  sc_force6& f = m.msg.force6;
  f.n_plates = static_cast<std::uint8_t>(n_plates_);
  f.n_samples = config_.samples_per_frame;
  std::array<PlateWrench, kMaxPlates> w{};
  for (unsigned i = 0; i < f.n_samples; ++i) {
    runner.plates_at(sample_time_ns(next_sample_ + i), std::span(w.data(), n_plates_));
    for (unsigned p = 0; p < n_plates_; ++p) {
      auto* c = f.counts[i][p];
      c[0] = to_counts(w[p].fx_n, kForceScale_n);
      c[1] = to_counts(w[p].fy_n, kForceScale_n);
      c[2] = to_counts(w[p].fz_n, kForceScale_n);
      c[3] = to_counts(w[p].mx_nm, kMomentScale_nm);
      c[4] = to_counts(w[p].my_nm, kMomentScale_nm);
      c[5] = to_counts(w[p].mz_nm, kMomentScale_nm);
    }
  }
  return finish_frame(m, f.n_samples, out, cap);
}

LoadCellNode::LoadCellNode(const NodeConfig& config, unsigned n_plates, double half_length_m,
                           double half_width_m)
    : Node(config), n_plates_(n_plates), a_m_(half_length_m), b_m_(half_width_m) {
  if (n_plates < 1 || n_plates > SC_MAX_PLATES) throw std::invalid_argument("n_plates: 1 or 2");
}

std::array<double, 4> LoadCellNode::cell_forces(const PlateWrench& w, double a, double b,
                                                double dz) {
  const double fz = w.fz_n;
  if (std::fabs(fz) < 1e-9) return {0, 0, 0, 0};
  // COP from the moments (docs/science.md §3).
  const Cop cop = cop_from_wrench(w.fx_n, w.fy_n, fz, w.mx_nm, w.my_nm, dz);
  const double x = std::clamp(cop.x_m, -a, a);
  const double y = std::clamp(cop.y_m, -b, b);
  auto cell = [&](double sx, double sy) { return fz / 4 * (1 + sx * x / a) * (1 + sy * y / b); };
  // front = +X, left = +Y
  return {cell(+1, +1), cell(+1, -1), cell(-1, -1), cell(-1, +1)};
}

std::size_t LoadCellNode::hello_frame(std::uint8_t* out, std::size_t cap) const {
  sc_message m{};
  fill_hello_common(m, SC_DEVICE_LOADCELL);
  m.msg.hello.n_plates = static_cast<std::uint8_t>(n_plates_);
  for (int i = 0; i < 4; ++i) m.msg.hello.scale[i] = kCellScale_n;
  return sc_encode_frame(&m, out, cap);
}

std::size_t LoadCellNode::next_frame(Runner& runner, std::uint8_t* out, std::size_t cap) {
  sc_message m = begin_frame(SC_MSG_LOADCELL);
  sc_loadcell& l = m.msg.loadcell;
  l.n_plates = static_cast<std::uint8_t>(n_plates_);
  l.n_samples = config_.samples_per_frame;
  std::array<PlateWrench, kMaxPlates> w{};
  for (unsigned i = 0; i < l.n_samples; ++i) {
    runner.plates_at(sample_time_ns(next_sample_ + i), std::span(w.data(), n_plates_));
    for (unsigned p = 0; p < n_plates_; ++p) {
      const auto cells = cell_forces(w[p], a_m_, b_m_, runner.config().plate_origin_depth_m);
      for (int c = 0; c < 4; ++c) {
        l.counts[i][p][c] = static_cast<std::int32_t>(std::lround(cells[c] / kCellScale_n));
      }
    }
  }
  return finish_frame(m, l.n_samples, out, cap);
}

ImuNode::ImuNode(const NodeConfig& config) : Node(config) {}

std::size_t ImuNode::hello_frame(std::uint8_t* out, std::size_t cap) const {
  sc_message m{};
  fill_hello_common(m, SC_DEVICE_IMU);
  m.msg.hello.n_plates = 0;
  for (int i = 0; i < 3; ++i) m.msg.hello.scale[i] = static_cast<float>(kAccScale);
  for (int i = 3; i < 6; ++i) m.msg.hello.scale[i] = static_cast<float>(kGyroScale);
  m.msg.hello.accel_range_g = kAccelRange_g;
  m.msg.hello.gyro_range_dps = kGyroRange_dps;
  return sc_encode_frame(&m, out, cap);
}

std::size_t ImuNode::next_frame(Runner& runner, std::uint8_t* out, std::size_t cap) {
  sc_message m = begin_frame(SC_MSG_IMU);
  sc_imu& imu = m.msg.imu;
  imu.n_samples = config_.samples_per_frame;
  for (unsigned i = 0; i < imu.n_samples; ++i) {
    const ImuReading r = runner.imu_at(sample_time_ns(next_sample_ + i));
    for (int a = 0; a < 3; ++a) {
      imu.counts[i][a] = to_counts(r.acc_mps2[a], kAccScale);
      imu.counts[i][3 + a] = to_counts(r.gyro_rads[a], kGyroScale);
    }
  }
  return finish_frame(m, imu.n_samples, out, cap);
}

}  // namespace stridecue::sim
