#include "stridecue/processing/butterworth.hpp"

#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <string>

namespace stridecue::processing {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// Σ k p_k e^{−jωk} / Σ p_k e^{−jωk} for a polynomial of degree 2 in z⁻¹ (real part = its
/// group delay in samples).
std::complex<double> delay_ratio(double p0, double p1, double p2, double w) {
  const std::complex<double> e1 = std::polar(1.0, -w), e2 = std::polar(1.0, -2.0 * w);
  return (p1 * e1 + 2.0 * p2 * e2) / (p0 + p1 * e1 + p2 * e2);
}

}  // namespace

ButterworthLowPass::ButterworthLowPass(int order, double sample_rate_hz, double cutoff_hz)
    : order_(order), fs_hz_(sample_rate_hz), fc_hz_(cutoff_hz), n_sections_(0) {
  if (order != 2 && order != 4 && order != 6) {
    throw std::invalid_argument("Butterworth low-pass: order " + std::to_string(order) +
                                " is not supported; use 2, 4 or 6 (even orders: cascaded "
                                "second-order sections)");
  }
  if (!std::isfinite(sample_rate_hz) || !(sample_rate_hz > 0.0)) {
    throw std::invalid_argument("Butterworth low-pass: sample rate " + num(sample_rate_hz) +
                                " Hz is not a positive finite number; give the device's sample "
                                "rate in Hz (e.g. 1000)");
  }
  if (!std::isfinite(cutoff_hz) || !(cutoff_hz > 0.0 && cutoff_hz < 0.45 * sample_rate_hz)) {
    throw std::invalid_argument("Butterworth low-pass: cut-off " + num(cutoff_hz) +
                                " Hz must lie in (0, " + num(0.45 * sample_rate_hz) +
                                ") Hz, i.e. 0 < fc < 0.45·fs at fs = " + num(sample_rate_hz) +
                                " Hz; lower the cut-off or raise the sample rate");
  }
  n_sections_ = static_cast<std::size_t>(order / 2);
  // Prewarped bilinear transform of Ω²/(s² + (Ω/Q)s + Ω²) with s = 2fs (1 − z⁻¹)/(1 + z⁻¹);
  // K = Ω/(2fs) = tan(π fc/fs).
  const double k = std::tan(std::numbers::pi * cutoff_hz / sample_rate_hz);
  const double k2 = k * k;
  for (std::size_t i = 0; i < n_sections_; ++i) {
    const double theta = std::numbers::pi * (2.0 * static_cast<double>(i) + 1.0) / (2.0 * order);
    const double inv_q = 2.0 * std::cos(theta);  // 1/Q_k
    const double norm = 1.0 / (1.0 + k * inv_q + k2);
    Biquad& c = sections_[i];
    c.b0 = k2 * norm;
    c.b1 = 2.0 * c.b0;
    c.b2 = c.b0;
    c.a1 = 2.0 * (k2 - 1.0) * norm;
    c.a2 = (1.0 - k * inv_q + k2) * norm;
  }
}

void ButterworthLowPass::reset(double initial_value) noexcept {
  // Steady state of TDF-II under constant x with output y = g·x, g = B(1)/A(1) (≈ 1, but use
  // the rounded coefficients so the first output is exactly the steady one):
  //   s2 = b2 x − a2 y,  s1 = b1 x − a1 y + s2  (then y = b0 x + s1 holds by construction).
  double x = initial_value;
  for (std::size_t i = 0; i < n_sections_; ++i) {
    const Biquad& c = sections_[i];
    const double g = (c.b0 + c.b1 + c.b2) / (1.0 + c.a1 + c.a2);
    const double y = g * x;
    state_[i].s2 = c.b2 * x - c.a2 * y;
    state_[i].s1 = c.b1 * x - c.a1 * y + state_[i].s2;
    x = y;
  }
}

double ButterworthLowPass::group_delay_s(double f_hz) const noexcept {
  if (!(f_hz >= 0.0 && f_hz < 0.5 * fs_hz_)) return std::nan("");
  const double w = 2.0 * std::numbers::pi * f_hz / fs_hz_;
  double samples = 0.0;
  for (std::size_t i = 0; i < n_sections_; ++i) {
    const Biquad& c = sections_[i];
    samples += delay_ratio(c.b0, c.b1, c.b2, w).real() - delay_ratio(1.0, c.a1, c.a2, w).real();
  }
  return samples / fs_hz_;
}

double ButterworthLowPass::magnitude(double f_hz) const noexcept {
  if (!(f_hz >= 0.0 && f_hz <= 0.5 * fs_hz_)) return std::nan("");
  const double w = 2.0 * std::numbers::pi * f_hz / fs_hz_;
  const std::complex<double> e1 = std::polar(1.0, -w), e2 = std::polar(1.0, -2.0 * w);
  double m = 1.0;
  for (std::size_t i = 0; i < n_sections_; ++i) {
    const Biquad& c = sections_[i];
    m *= std::abs((c.b0 + c.b1 * e1 + c.b2 * e2) / (1.0 + c.a1 * e1 + c.a2 * e2));
  }
  return m;
}

}  // namespace stridecue::processing
