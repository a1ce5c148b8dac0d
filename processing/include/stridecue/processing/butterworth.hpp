// Causal Butterworth low-pass for force and IMU channels: a cascade of second-order sections.
//
// Design: analog Butterworth prototype, poles on the unit circle at angles
// θ_k = π(2k + 1)/(2N) from the negative real axis, k = 0 … N/2 − 1, so section k is
//   H_k(s) = Ω² / (s² + (Ω/Q_k) s + Ω²),  Q_k = 1 / (2 cos θ_k),
// mapped to z by the bilinear transform with the cut-off prewarped, Ω = 2 fs tan(π fc / fs), so
// that the digital response is exactly −3.01 dB at fc (Oppenheim & Schafer, Discrete-Time Signal
// Processing, 3rd ed., §7.2.2). Each section runs in transposed direct form II with double state.
//
// Even orders only (2, 4, 6): every section is then the same biquad and the code is one loop;
// an odd order adds a first-order section for no benefit here — the orders used on gait data
// are 2 and 4 (and a 2nd-order pass run forwards and backwards, offline, is a 4th-order
// zero-lag filter: Winter, Biomechanics and Motor Control of Human Movement, 4th ed., §2.2.4).
//
// A causal filter delays the signal. group_delay_s() gives the delay from the designed sections
// (exact, not an estimate), e.g. 4th order, fc = 50 Hz at fs = 1 kHz: 8.25 ms at DC. Peaks and
// events found on filtered data come that much later than on the raw force.
#pragma once

#include <array>
#include <cstddef>
#include <span>

namespace stridecue::processing {

/// One second-order section y/x = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²).
struct Biquad {
  double b0 = 1, b1 = 0, b2 = 0;
  double a1 = 0, a2 = 0;
};

/// Single thread; process() and reset() do not allocate, do not block and are O(order).
/// The constructor throws std::invalid_argument on a bad design (naming the value and the fix).
class ButterworthLowPass {
 public:
  static constexpr int kMaxOrder = 6;

  /// order ∈ {2, 4, 6}; 0 < cutoff_hz < 0.45 · sample_rate_hz (both finite).
  ButterworthLowPass(int order, double sample_rate_hz, double cutoff_hz);

  /// Filters one sample. The state starts at rest (all zero) unless reset() says otherwise.
  double process(double x) noexcept {
    for (std::size_t k = 0; k < n_sections_; ++k) {
      const Biquad& c = sections_[k];
      State& s = state_[k];
      const double y = c.b0 * x + s.s1;
      s.s1 = c.b1 * x - c.a1 * y + s.s2;
      s.s2 = c.b2 * x - c.a2 * y;
      x = y;
    }
    return x;
  }

  /// Sets the state to the steady state of a constant input `initial_value`: the next outputs
  /// for that input equal it, so a plate already loaded (or at rest at its offset) does not
  /// ring at start-up.
  void reset(double initial_value = 0.0) noexcept;

  /// Group delay, seconds, at frequency f_hz (default DC), from the designed sections:
  /// τ(ω) = Σ_sections [τ_B(ω) − τ_A(ω)] / fs, τ_P(ω) = Re(Σ k p_k e^{−jωk} / Σ p_k e^{−jωk}).
  /// f_hz must be in [0, fs/2); NaN otherwise.
  double group_delay_s(double f_hz = 0.0) const noexcept;
  /// Magnitude response |H(e^{jω})| at f_hz (linear, 1 at DC); NaN outside [0, fs/2].
  double magnitude(double f_hz) const noexcept;

  int order() const noexcept { return order_; }
  double sample_rate_hz() const noexcept { return fs_hz_; }
  double cutoff_hz() const noexcept { return fc_hz_; }
  std::span<const Biquad> sections() const noexcept { return {sections_.data(), n_sections_}; }

 private:
  struct State {
    double s1 = 0, s2 = 0;
  };
  static constexpr std::size_t kMaxSections = kMaxOrder / 2;

  int order_;
  double fs_hz_, fc_hz_;
  std::size_t n_sections_;
  std::array<Biquad, kMaxSections> sections_{};
  std::array<State, kMaxSections> state_{};
};

}  // namespace stridecue::processing
