// The StrideCue wire protocol decoder. Turns one device's byte stream into samples on the host
// timeline: framing (COBS splitter), decoding (CRC, layout), scaling (counts → SI units from the
// device's HELLO), counter-gap detection and device-clock mapping. No I/O: the transport hands it
// bytes and their host receive time, so all of this is testable without a port.
#pragma once

#include <cstddef>
#include <cstdint>

#include "stridecue/acquisition/clock_mapper.hpp"
#include "stridecue/acquisition/decoder.hpp"
#include "stridecue/acquisition/device_info.hpp"
#include "stridecue/acquisition/health.hpp"
#include "stridecue/core/samples.hpp"
#include "stridecue/protocol/wire.h"

namespace stridecue::acquisition {

class WireDecoder final : public Decoder {
 public:
  WireDecoder(std::uint8_t device_index, DeviceHealth& health);

  /// Feeds bytes read at host time host_rx_ns. Acquisition thread; no allocation; never blocks
  /// except inside the sink.
  void feed(const std::uint8_t* data, std::size_t n, TimeNs host_rx_ns, SampleSink& sink) override;

  /// Forgets framing, counters and clock (after a reconnect). The last HELLO is kept, since the
  /// same device usually comes back; a new HELLO replaces it.
  void reset() override;

  const DeviceInfo& info() const { return info_; }
  bool has_info() const { return info_.kind != DeviceKind::kUnknown; }
  const ClockMapper& clock() const { return clock_; }
  /// Sample frames dropped because no HELLO had said how to scale them yet.
  std::uint64_t frames_before_hello() const { return frames_before_hello_; }

 private:
  static void on_frame_thunk(void* ctx, const std::uint8_t* frame, std::size_t len);
  void on_frame(const std::uint8_t* frame, std::size_t len);
  void handle_hello(const sc_hello& hello);
  bool check_counter(std::uint32_t counter, std::uint8_t n_samples, TimeNs t_ns);
  TimeNs sample_period_ns() const;

  std::uint8_t device_;
  DeviceHealth& health_;
  sc_splitter splitter_{};
  sc_message msg_{};
  DeviceInfo info_{};
  ClockMapper clock_{};
  SampleSink* sink_ = nullptr;  // valid during feed()
  TimeNs host_rx_ns_ = 0;       // valid during feed()
  bool synced_ = false;         // a frame has decoded since (re)start
  bool error_since_good_ = false;
  bool have_counter_ = false;
  std::uint32_t next_counter_ = 0;
  std::uint8_t pending_flags_ = 0;
  std::uint64_t frames_before_hello_ = 0;
};

}  // namespace stridecue::acquisition
