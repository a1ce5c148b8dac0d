// Sensor orientation from accelerometer and gyroscope: the explicit complementary filter on
// SO(3) with gyro-bias estimation (Mahony, Hamel & Pflimlin 2008, IEEE TAC 53:1203, eq. 32).
// Why this one (docs/pelvis.md): two gains with a physical meaning (a crossover frequency and a
// bias time constant), a bias estimate the static calibration can seed, and it is cheap.
//
// Running adaptation. The accelerometer measures specific force, which in stance reaches
// 2–3 g and in flight ≈ 0 g; its direction is not gravity at any instant, but its mean over a
// stride is (the pelvis does not accelerate on average on a treadmill). So the correction uses
// the UN-normalised specific force (a/g) × v̂: a linear error whose stride mean is the gravity
// error, while the vertical part of the dynamic acceleration (parallel to v̂) adds nothing. A
// normalised error (Mahony, Madgwick) would weigh flight noise as much as stance. Samples
// above `max_acc_g` (impacts, saturation) are left out of the correction.
//
// Gains. kp sets the crossover: gravity is trusted at frequencies below ≈ kp/(2π) Hz, the gyro
// above. kp = 0.2 s⁻¹ (crossover ≈ 0.03 Hz, far below the 1.3–1.5 Hz stride) keeps the
// perturbation from braking/propulsion shear (±0.3 g for ≈ 0.1 s) near 0.2°. ki = 0.1 s⁻²
// tracks gyro-bias drift (natural frequency √ki ≈ 0.3 rad/s, damping kp/(2√ki) ≈ 0.3): with
// ki = 0.004 a bias random walk of 0.0005 rad/s/√s left ≈ 0.9° of slow tilt error; the
// scan over kp 0.1–1.0 and ki 0.004–0.15 on the simulator is in docs/pelvis.md. While
// converging (before a calibration, or `set_fast(true)`), kp_fast pulls the estimate in within
// a few seconds and the bias is held.
//
// Thread: one (the processing thread). update() does not allocate.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "stridecue/core/samples.hpp"

namespace stridecue::processing {

struct OrientationFilterConfig {
  double kp = 0.2;         ///< s⁻¹, proportional gain on the gravity error (running)
  double ki = 0.1;         ///< s⁻², integral gain: gyro-bias tracking
  double kp_fast = 2.0;    ///< s⁻¹, gain while converging
  double max_acc_g = 4.0;  ///< |specific force| above this is not used for correction
};

class OrientationFilter {
 public:
  explicit OrientationFilter(const OrientationFilterConfig& config = {});

  /// Starts from the orientation whose "up" (gravity reaction) is `acc_sensor` (the heading is
  /// arbitrary: world X = sensor X projected on the horizontal), with the given gyro bias.
  void reset(const Eigen::Vector3d& acc_sensor, const Eigen::Vector3d& gyro_bias_rads);

  /// Converging gain on or off.
  void set_fast(bool fast) { fast_ = fast; }
  bool fast() const { return fast_; }

  /// One sample: acc in m/s² and gyro in rad/s (sensor frame), dt since the previous sample.
  /// No allocation. Call reset() first (before that, update() initialises from this sample).
  void update(const Eigen::Vector3d& acc_mps2, const Eigen::Vector3d& gyro_rads, double dt_s);

  bool initialised() const { return initialised_; }
  /// Sensor → world rotation (world Z up, heading arbitrary and slowly drifting).
  const Eigen::Quaterniond& orientation() const { return q_; }
  const Eigen::Vector3d& gyro_bias_rads() const { return bias_; }

 private:
  OrientationFilterConfig config_;
  Eigen::Quaterniond q_ = Eigen::Quaterniond::Identity();
  Eigen::Vector3d bias_ = Eigen::Vector3d::Zero();
  bool initialised_ = false;
  bool fast_ = true;
};

}  // namespace stridecue::processing
