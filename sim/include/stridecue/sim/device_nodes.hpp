// Emulated device nodes: what the force-plate node and the pelvis IMU node firmware put on the
// wire, sampled from a simulated Runner. Pure frame production, no I/O, so the same nodes feed a
// pty in real time or a file as fast as possible.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "stridecue/core/time.hpp"
#include "stridecue/protocol/wire.h"
#include "stridecue/sim/link_faults.hpp"
#include "stridecue/sim/runner.hpp"

namespace stridecue::sim {

/// Scaling the emulated nodes declare in HELLO (counts → SI units).
inline constexpr float kForceScale_n = 0.25f;   ///< ±8192 N full scale
inline constexpr float kMomentScale_nm = 0.1f;  ///< ±3276.8 N·m full scale
inline constexpr int kAccelRange_g = 16;
inline constexpr int kGyroRange_dps = 2000;

struct NodeConfig {
  std::uint32_t sample_rate_hz = 1000;
  std::uint8_t samples_per_frame = 4;
  std::uint32_t device_clock_start_us = 0;  ///< device clock at simulation time 0
  std::string serial = "SIM-0000";          ///< at most 16 characters go on the wire
};

/// Common part: sample counter, device clock, frame timing.
class Node {
 public:
  explicit Node(const NodeConfig& config);
  virtual ~Node() = default;

  /// Simulation time at which the next frame is complete (its last sample taken).
  TimeNs next_frame_due_ns() const;
  /// Builds the next frame into out (cap ≥ SC_MAX_FRAME_BYTES); returns its length.
  virtual std::size_t next_frame(Runner& runner, std::uint8_t* out, std::size_t cap) = 0;
  /// The HELLO frame for this node.
  virtual std::size_t hello_frame(std::uint8_t* out, std::size_t cap) const = 0;

  std::uint32_t counter() const { return counter_; }

  /// Device clock faults: drift and jumps (from LinkFaults).
  void set_clock_faults(double drift_ppm, std::vector<ClockJump> jumps);
  /// Power cycle at simulation time t: the sample counter restarts at 0 and the device clock at
  /// device_clock_start_us, as after an unplug.
  void reboot(TimeNs t_sim_ns);
  /// Skips the samples of the next frame without producing it (stall, unplug, dropped frame).
  void skip_frame();
  /// Device clock (µs, wrapping) at simulation time t.
  std::uint32_t device_time_us(TimeNs t_sim_ns) const;

 protected:
  TimeNs sample_time_ns(std::uint64_t k) const;
  /// A sample message of `type` whose header carries the next sample's counter and time.
  sc_message begin_frame(sc_msg_type type) const;
  /// Advances past the frame's samples and encodes it.
  std::size_t finish_frame(sc_message& m, unsigned n_samples, std::uint8_t* out, std::size_t cap);
  void fill_hello_common(sc_message& m, sc_device_kind kind) const;

  NodeConfig config_;
  std::uint64_t next_sample_ = 0;  ///< index of the next sample to take
  std::uint32_t counter_ = 0;      ///< wire counter of the next sample
  TimeNs boot_ns_ = 0;             ///< simulation time of the last (re)boot
  double drift_ppm_ = 0;
  std::vector<ClockJump> jumps_;
};

/// Split- or single-belt treadmill with 6-axis plates (FORCE6 messages).
class ForcePlateNode final : public Node {
 public:
  ForcePlateNode(const NodeConfig& config, unsigned n_plates);
  std::size_t next_frame(Runner& runner, std::uint8_t* out, std::size_t cap) override;
  std::size_t hello_frame(std::uint8_t* out, std::size_t cap) const override;

 private:
  unsigned n_plates_;
};

/// Plates built on four uniaxial load cells each (LOADCELL messages). Cells sit at the corners
/// (±half_length_m in X, ±half_width_m in Y) of a plate centred on its origin; the vertical force
/// is shared bilinearly, F_i = Fz/4 · (1 + s_x·COPx/a) · (1 + s_y·COPy/b), which reproduces Fz and
/// the COP exactly (a load-cell plate measures no shear). Cell order: 0 front-left,
/// 1 front-right, 2 rear-right, 3 rear-left, as in core LoadCellFrame.
class LoadCellNode final : public Node {
 public:
  static constexpr float kCellScale_n = 0.01f;  ///< N per count
  LoadCellNode(const NodeConfig& config, unsigned n_plates, double half_length_m = 0.8,
               double half_width_m = 0.25);
  std::size_t next_frame(Runner& runner, std::uint8_t* out, std::size_t cap) override;
  std::size_t hello_frame(std::uint8_t* out, std::size_t cap) const override;

  /// The four cell forces for a plate wrench (plate frame; moments about the plate origin,
  /// which lies origin_depth_m below the surface).
  static std::array<double, 4> cell_forces(const PlateWrench& w, double half_length_m,
                                           double half_width_m, double origin_depth_m);

 private:
  unsigned n_plates_;
  double a_m_, b_m_;
};

/// Sacral IMU (IMU messages).
class ImuNode final : public Node {
 public:
  explicit ImuNode(const NodeConfig& config);
  std::size_t next_frame(Runner& runner, std::uint8_t* out, std::size_t cap) override;
  std::size_t hello_frame(std::uint8_t* out, std::size_t cap) const override;
};

}  // namespace stridecue::sim
