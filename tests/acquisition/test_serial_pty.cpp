// The real transport over pseudo-terminals: Boost.Asio opens a pty as a serial port, reads,
// decodes, and stops cleanly with a read in flight.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "stridecue/acquisition/acquisition.hpp"
#include "stridecue/protocol/wire.h"
#include "stridecue/sim/pty.hpp"

using namespace stridecue;
using namespace stridecue::acquisition;
using namespace std::chrono_literals;

namespace {

struct CountingSink : SampleSink {
  std::atomic<int> force{0}, infos{0}, gaps{0};
  void on_force(const ForceFrame&) override { ++force; }
  void on_load_cells(const LoadCellFrame&) override {}
  void on_imu(const ImuSample&) override {}
  void on_device_info(std::uint8_t, const DeviceInfo&) override { ++infos; }
  void on_gap(std::uint8_t, std::uint32_t, std::uint64_t, TimeNs) override { ++gaps; }
};

std::vector<std::uint8_t> frame(const sc_message& m) {
  std::vector<std::uint8_t> out(SC_MAX_FRAME_BYTES);
  out.resize(sc_encode_frame(&m, out.data(), out.size()));
  return out;
}

sc_message hello() {
  sc_message m{};
  m.header.type = SC_MSG_HELLO;
  m.msg.hello.kind = SC_DEVICE_FORCE6;
  std::strcpy(m.msg.hello.serial, "PTY-TEST");
  m.msg.hello.sample_rate_hz = 1000;
  m.msg.hello.n_plates = 1;
  m.msg.hello.samples_per_frame = 2;
  for (float& s : m.msg.hello.scale) s = 1.0f;
  return m;
}

sc_message force(std::uint32_t counter) {
  sc_message m{};
  m.header.type = SC_MSG_FORCE6;
  m.header.counter = counter;
  m.header.t_device_us = counter * 1000;
  m.msg.force6.n_plates = 1;
  m.msg.force6.n_samples = 2;
  return m;
}

template <typename Pred>
bool wait_for(Pred pred, std::chrono::milliseconds limit = 3000ms) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

}  // namespace

TEST(SerialPty, ReadsFramesFromAPseudoTerminalAndStopsCleanly) {
  sim::Pty pty;
  CountingSink sink;
  Acquisition acq({{"plates", pty.path(), 921600}}, sink);
  acq.start();
  ASSERT_TRUE(wait_for([&] { return acq.health(0).state == LinkState::kConnected; }));
  auto h = frame(hello());
  pty.write_some(h.data(), h.size());
  for (std::uint32_t k = 0; k < 200; ++k) {
    auto f = frame(force(2 * k));
    ASSERT_EQ(pty.write_some(f.data(), f.size()), f.size());
  }
  ASSERT_TRUE(wait_for([&] { return sink.force.load() == 400; }));
  const auto health = acq.health(0);
  EXPECT_EQ(health.frames, 201u);
  EXPECT_EQ(health.crc_errors, 0u);
  EXPECT_EQ(health.counter_gaps, 0u);
  // A read is in flight now: stop must cancel it, close the port and join.
  acq.stop();
  EXPECT_EQ(acq.health(0).state, LinkState::kStopped);
}

TEST(SerialPty, SecondOpenOfTheSamePortIsRefused) {
  sim::Pty pty;
  CountingSink a, b;
  Acquisition first({{"one", pty.path(), 921600}}, a);
  first.start();
  ASSERT_TRUE(wait_for([&] { return first.health(0).state == LinkState::kConnected; }));
  Acquisition second({{"two", pty.path(), 921600}}, b);
  second.start();
  std::this_thread::sleep_for(100ms);
  EXPECT_NE(second.health(0).state, LinkState::kConnected);  // TIOCEXCL: EBUSY, retrying
  second.stop();
  first.stop();
}

TEST(SerialPty, AMissingPortIsRetriedUntilStop) {
  CountingSink sink;
  Acquisition acq({{"ghost", "/dev/does-not-exist-stridecue", 921600}}, sink);
  acq.start();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(acq.health(0).state, LinkState::kConnecting);
  acq.stop();
  EXPECT_EQ(acq.health(0).state, LinkState::kStopped);
}

TEST(SerialPty, UnsupportedBaudIsRejectedWithTheDeviceAndTheFix) {
  CountingSink sink;
  try {
    Acquisition acq({{"plates", "/dev/ttyUSB0", 1500000}}, sink);
    FAIL() << "1500000 baud accepted";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("plates"), std::string::npos) << msg;
    EXPECT_NE(msg.find("1500000 is not supported"), std::string::npos) << msg;
    EXPECT_NE(msg.find("use 1152000 or 2000000"), std::string::npos) << msg;
  }
}

TEST(SerialPty, StopWithoutStartIsHarmless) {
  CountingSink sink;
  Acquisition acq({{"plates", "/dev/null-not-a-port", 921600}}, sink);
  acq.stop();
  SUCCEED();
}

TEST(SerialPty, GarbageWithoutAValidFrameIsReportedAsSuspectLineSettings) {
  // A device at another baud rate: bytes arrive, none of them forms a frame.
  sim::Pty pty;
  CountingSink sink;
  SerialDeviceConfig cfg{"plates", pty.path(), 921600};
  cfg.line_check_window_ns = 300 * kNsPerMs;
  Acquisition acq({cfg}, sink);
  acq.start();
  ASSERT_TRUE(wait_for([&] { return acq.health(0).state == LinkState::kConnected; }));
  std::vector<std::uint8_t> noise(200);
  std::uint32_t x = 12345;
  const auto end = std::chrono::steady_clock::now() + 1200ms;
  bool flagged = false;
  while (std::chrono::steady_clock::now() < end && !flagged) {
    for (auto& b : noise) {
      x = x * 1664525u + 1013904223u;
      b = static_cast<std::uint8_t>(x >> 24);
    }
    pty.write_some(noise.data(), noise.size());
    std::this_thread::sleep_for(10ms);
    flagged = acq.suspect_line_settings(0);
  }
  EXPECT_TRUE(flagged);
  // Valid frames clear it.
  auto h = frame(hello());
  for (int k = 0; k < 60 && acq.suspect_line_settings(0); ++k) {
    pty.write_some(h.data(), h.size());
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(acq.suspect_line_settings(0));
  acq.stop();
}
