// What flows from acquisition to processing: one sample, a gap marker, or the end of stream.
#pragma once

#include <cstdint>
#include <variant>

#include "stridecue/core/samples.hpp"

namespace stridecue {

/// Samples of `device` were lost just before host time t_ns.
struct StreamGap {
  enum class Reason : std::uint8_t {
    kCounterGap,         ///< the device's sample counter skipped (frames lost or rejected)
    kDisconnected,       ///< the link went away; samples until it is back are lost
    kRecordingOverflow,  ///< the recording queue was full: these samples never reached the file
  };
  TimeNs t_ns = 0;
  std::uint8_t device = 0;
  std::uint64_t lost_samples = 0;  ///< 0 when unknown (e.g. while disconnected)
  Reason reason = Reason::kCounterGap;
};

/// The producer has stopped; the consumer should finish.
struct EndOfStream {};

/// Trivially copyable, fixed size: queues of it never allocate per item.
using SampleItem = std::variant<ForceFrame, LoadCellFrame, ImuSample, StreamGap, EndOfStream>;

/// The host time of an item, a gap marker included (0 for EndOfStream).
inline TimeNs item_time_ns(const SampleItem& item) {
  return std::visit(
      [](const auto& x) -> TimeNs {
        if constexpr (requires { x.t_ns; }) {
          return x.t_ns;
        } else {
          return 0;
        }
      },
      item);
}

}  // namespace stridecue
