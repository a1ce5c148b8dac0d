// Decoding is separate from transport: a Decoder turns the bytes one device sends, stamped with
// their host receive time, into samples for a SampleSink. One per device; the transport owns it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "stridecue/acquisition/device_info.hpp"
#include "stridecue/core/samples.hpp"

namespace stridecue::acquisition {

/// Receives what a Decoder produces. Called on the decoder's thread (the acquisition thread);
/// implementations must not block.
class SampleSink {
 public:
  virtual ~SampleSink() = default;
  virtual void on_force(const ForceFrame& frame) = 0;
  virtual void on_load_cells(const LoadCellFrame& frame) = 0;
  virtual void on_imu(const ImuSample& sample) = 0;
  /// The device described itself (first time, or differently from before).
  virtual void on_device_info(std::uint8_t device, const DeviceInfo& info) = 0;
  /// Samples were lost: `lost` samples (0 = unknown) before counter `counter`, at host time t_ns.
  virtual void on_gap(std::uint8_t device, std::uint32_t counter, std::uint64_t lost,
                      TimeNs t_ns) = 0;
};

/// One device's protocol: the StrideCue wire protocol (WireDecoder) or text lines
/// (TextLineDecoder). Acquisition thread only.
class Decoder {
 public:
  virtual ~Decoder() = default;
  /// Feeds bytes read at host time host_rx_ns. Must not allocate or block (except in the sink).
  virtual void feed(const std::uint8_t* data, std::size_t n, TimeNs host_rx_ns,
                    SampleSink& sink) = 0;
  /// Forgets partial data, counters and clock state (after a reconnect).
  virtual void reset() = 0;
};

}  // namespace stridecue::acquisition
