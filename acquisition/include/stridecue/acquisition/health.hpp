// Per-device health counters: written by the acquisition thread, read by anyone.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "stridecue/core/time.hpp"

namespace stridecue::acquisition {

enum class LinkState : std::uint8_t { kConnecting, kConnected, kStalled, kReconnecting, kStopped };

constexpr std::string_view link_state_name(LinkState s) {
  switch (s) {
    case LinkState::kConnecting:
      return "connecting";
    case LinkState::kConnected:
      return "connected";
    case LinkState::kStalled:
      return "stalled";
    case LinkState::kReconnecting:
      return "reconnecting";
    case LinkState::kStopped:
      return "stopped";
  }
  return "?";
}

/// Plain copy of a device's health at one moment.
struct HealthSnapshot {
  LinkState state = LinkState::kConnecting;
  std::uint64_t bytes = 0;
  std::uint64_t frames = 0;  ///< frames accepted
  std::uint64_t samples = 0;
  std::uint64_t crc_errors = 0;
  std::uint64_t other_errors = 0;      ///< COBS, length, version, field errors
  std::uint64_t unknown_messages = 0;  ///< valid frames of a type this host does not know
  std::uint64_t counter_gaps = 0;      ///< discontinuities in the sample counter
  std::uint64_t lost_samples = 0;      ///< samples missing according to the counter
  std::uint64_t resyncs = 0;           ///< rejected frames after which a good frame followed
  std::uint64_t reconnects = 0;
  std::uint64_t clock_jumps = 0;
  std::uint32_t declared_rate_hz = 0;
};

/// Live counters. Single writer (acquisition thread), relaxed atomics: each value is exact,
/// values are not mutually consistent at an instant. Wait-free; no allocation.
struct DeviceHealth {
  std::atomic<LinkState> state{LinkState::kConnecting};
  std::atomic<std::uint64_t> bytes{0}, frames{0}, samples{0}, crc_errors{0}, other_errors{0},
      counter_gaps{0}, lost_samples{0}, resyncs{0}, reconnects{0}, clock_jumps{0},
      unknown_messages{0};
  std::atomic<std::uint32_t> declared_rate_hz{0};

  static void bump(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) {
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }

  HealthSnapshot snapshot() const {
    constexpr auto r = std::memory_order_relaxed;
    HealthSnapshot s;
    s.state = state.load(r);
    s.bytes = bytes.load(r);
    s.frames = frames.load(r);
    s.samples = samples.load(r);
    s.crc_errors = crc_errors.load(r);
    s.other_errors = other_errors.load(r);
    s.unknown_messages = unknown_messages.load(r);
    s.counter_gaps = counter_gaps.load(r);
    s.lost_samples = lost_samples.load(r);
    s.resyncs = resyncs.load(r);
    s.reconnects = reconnects.load(r);
    s.clock_jumps = clock_jumps.load(r);
    s.declared_rate_hz = declared_rate_hz.load(r);
    return s;
  }
};

}  // namespace stridecue::acquisition
