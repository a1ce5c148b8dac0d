// Joining plate steps with pelvis values, live and offline alike.
//
// A step is complete at toe-off on the plates, but the IMU reaches the host with its own
// latency, so a step waits here until the pelvis pipeline's IMU stream has passed its toe-off,
// then gets its pelvis values and is handed on — in the order the steps came. A step the IMU
// is more than kImuWaitNs behind (unplugged, stalled, ended) goes on without pelvis values
// (flag kPelvisNoImu), and so does the oldest when more than kCapacity wait: steps are never
// stuck and never lost. Owned by GaitEngine (live, offline and replay alike).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/processing/step.hpp"

namespace stridecue::processing {

/// Processing thread (or the caller's); fixed capacity, no allocation; O(1) per step.
class StepJoiner {
 public:
  static constexpr std::size_t kCapacity = 32;
  static constexpr TimeNs kImuWaitNs = 300 * kNsPerMs;
  /// flush() argument: every waiting step goes on now (the end of the data).
  static constexpr TimeNs kEndOfData = std::numeric_limits<TimeNs>::max();
  /// flush() argument: no plate time to compare with; steps wait for the IMU only.
  static constexpr TimeNs kNoPlateTime = -1;

  /// Holds `step`; when kCapacity already wait, the oldest goes to emit(step) first, unmeasured.
  template <typename Emit>
  void hold(const StepResult& step, Emit&& emit) {
    if (count_ == kCapacity) {
      emit(ring_[head_]);  // the IMU is far behind: no pelvis values (kPelvisNoImu by default)
      head_ = (head_ + 1) % kCapacity;
      --count_;
    }
    ring_[(head_ + count_) % kCapacity] = step;
    ++count_;
  }

  /// Measures waiting steps in order while `pelvis` has passed their toe-off and hands each to
  /// emit(step). With plate time `plates_now_ns`, a step the IMU is more than kImuWaitNs behind
  /// goes on flagged kPelvisNoImu; kEndOfData sends all. `extra_flags` are ORed into the pelvis
  /// flags of every step handed on (e.g. kPelvisImuEvents).
  template <typename Emit>
  void flush(PelvisPipeline& pelvis, TimeNs plates_now_ns, std::uint16_t extra_flags, Emit&& emit) {
    using Status = PelvisPipeline::StepStatus;
    while (count_ > 0) {
      StepResult& s = ring_[head_];
      const Status status = pelvis.measure_step(s.t_ic_ns, s.t_to_ns, s.side, s.pelvis);
      if (status == Status::kNotYet) {
        const bool timed_out = plates_now_ns == kEndOfData ||
                               (plates_now_ns >= 0 && plates_now_ns - s.t_to_ns > kImuWaitNs);
        if (!timed_out) return;
        s.pelvis.flags |= kPelvisNoImu;
      }
      s.pelvis.flags |= extra_flags;
      emit(s);
      head_ = (head_ + 1) % kCapacity;
      --count_;
    }
  }

  std::size_t waiting() const { return count_; }

 private:
  std::array<StepResult, kCapacity> ring_{};
  std::size_t head_ = 0, count_ = 0;
};

}  // namespace stridecue::processing
