// WireDecoder: bytes → scaled samples on the host timeline, with gaps, corruption and resync
// accounted for. No port involved.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "stridecue/acquisition/wire_decoder.hpp"

using namespace stridecue;
using namespace stridecue::acquisition;

namespace {

struct Recorder : SampleSink {
  std::vector<ForceFrame> force;
  std::vector<ImuSample> imu;
  std::vector<LoadCellFrame> cells;
  std::vector<DeviceInfo> infos;
  std::vector<std::uint64_t> gaps;
  void on_force(const ForceFrame& f) override { force.push_back(f); }
  void on_load_cells(const LoadCellFrame& f) override { cells.push_back(f); }
  void on_imu(const ImuSample& s) override { imu.push_back(s); }
  void on_device_info(std::uint8_t, const DeviceInfo& i) override { infos.push_back(i); }
  void on_gap(std::uint8_t, std::uint32_t, std::uint64_t lost, TimeNs) override {
    gaps.push_back(lost);
  }
};

std::vector<std::uint8_t> encode(const sc_message& m) {
  std::vector<std::uint8_t> out(SC_MAX_FRAME_BYTES);
  const std::size_t n = sc_encode_frame(&m, out.data(), out.size());
  EXPECT_GT(n, 0u);
  out.resize(n);
  return out;
}

std::vector<std::uint8_t> hello_force(std::uint16_t rate_hz = 1000) {
  sc_message m{};
  m.header.type = SC_MSG_HELLO;
  auto& h = m.msg.hello;
  h.kind = SC_DEVICE_FORCE6;
  std::strcpy(h.serial, "PLATE-7");
  h.sample_rate_hz = rate_hz;
  h.n_plates = 2;
  h.samples_per_frame = 4;
  for (int i = 0; i < 3; ++i) h.scale[i] = 0.25f;
  for (int i = 3; i < 6; ++i) h.scale[i] = 0.1f;
  return encode(m);
}

// Four samples per frame; plate p channel c of sample i = 100·p + 10·c + i + counter.
std::vector<std::uint8_t> force_frame(std::uint32_t counter, std::uint32_t t_us) {
  sc_message m{};
  m.header.type = SC_MSG_FORCE6;
  m.header.counter = counter;
  m.header.t_device_us = t_us;
  m.msg.force6.n_plates = 2;
  m.msg.force6.n_samples = 4;
  for (int i = 0; i < 4; ++i)
    for (int p = 0; p < 2; ++p)
      for (int c = 0; c < 6; ++c)
        m.msg.force6.counts[i][p][c] =
            static_cast<std::int16_t>(100 * p + 10 * c + i + counter % 50);
  return encode(m);
}

void feed(WireDecoder& d, const std::vector<std::uint8_t>& bytes, TimeNs t, SampleSink& s) {
  d.feed(bytes.data(), bytes.size(), t, s);
}

}  // namespace

TEST(WireDecoder, ScalesSamplesFromHelloAndSpacesThemAtTheDeclaredRate) {
  DeviceHealth health;
  WireDecoder d(3, health);
  Recorder r;
  feed(d, hello_force(), 0, r);
  ASSERT_EQ(r.infos.size(), 1u);
  EXPECT_EQ(r.infos[0].serial_view(), "PLATE-7");
  // Frame k carries samples 4k..4k+3 taken at 4k..4k+3 ms; it is read 0.2 ms after the last.
  for (std::uint32_t k = 0; k < 100; ++k) {
    feed(d, force_frame(4 * k, 1'000'000 + 4000 * k),
         7 * kNsPerS + (4 * k + 3) * kNsPerMs + 200'000, r);
  }
  ASSERT_EQ(r.force.size(), 400u);
  for (std::size_t i = 0; i < r.force.size(); ++i) {
    const ForceFrame& f = r.force[i];
    EXPECT_EQ(f.counter, i);
    EXPECT_EQ(f.device, 3);
    EXPECT_EQ(f.n_plates, 2);
    EXPECT_EQ(f.flags, 0);
    EXPECT_NEAR(ns_to_ms(f.t_ns - 7 * kNsPerS), static_cast<double>(i) + 0.2, 1e-6);
    const int base = static_cast<int>(i % 4 + (i - i % 4) % 50);
    EXPECT_FLOAT_EQ(f.plate[1].fz_n, 0.25f * (100 + 20 + base));
    EXPECT_FLOAT_EQ(f.plate[0].my_nm, 0.1f * (40 + base));
  }
  const auto h = health.snapshot();
  EXPECT_EQ(h.frames, 101u);
  EXPECT_EQ(h.samples, 400u);
  EXPECT_EQ(h.crc_errors, 0u);
  EXPECT_EQ(h.declared_rate_hz, 1000u);
}

TEST(WireDecoder, DropsSamplesUntilTheFirstHello) {
  DeviceHealth health;
  WireDecoder d(0, health);
  Recorder r;
  feed(d, force_frame(0, 0), 1, r);
  EXPECT_TRUE(r.force.empty());
  EXPECT_EQ(d.frames_before_hello(), 1u);
  feed(d, hello_force(), 2, r);
  feed(d, force_frame(4, 4000), 3, r);
  EXPECT_EQ(r.force.size(), 4u);
}

TEST(WireDecoder, CountsCounterGapsAndFlagsTheNextSample) {
  DeviceHealth health;
  WireDecoder d(0, health);
  Recorder r;
  feed(d, hello_force(), 0, r);
  feed(d, force_frame(0, 0), kNsPerMs, r);
  feed(d, force_frame(12, 12000), 16 * kNsPerMs, r);  // frames with counters 4 and 8 lost
  ASSERT_EQ(r.gaps.size(), 1u);
  EXPECT_EQ(r.gaps[0], 8u);
  ASSERT_EQ(r.force.size(), 8u);
  EXPECT_EQ(r.force[4].flags & kSampleGapBefore, kSampleGapBefore);
  EXPECT_EQ(r.force[5].flags, 0);
  EXPECT_EQ(health.snapshot().lost_samples, 8u);
}

TEST(WireDecoder, CorruptedFrameIsCountedAndTheStreamResyncs) {
  DeviceHealth health;
  WireDecoder d(0, health);
  Recorder r;
  feed(d, hello_force(), 0, r);
  feed(d, force_frame(0, 0), 1, r);
  auto bad = force_frame(4, 4000);
  bad[10] ^= 0x10;  // one bit flipped in transit
  feed(d, bad, 2, r);
  feed(d, force_frame(8, 8000), 3, r);
  const auto h = health.snapshot();
  EXPECT_EQ(h.crc_errors + h.other_errors, 1u);
  EXPECT_EQ(h.resyncs, 1u);
  EXPECT_EQ(r.force.size(), 8u);
  EXPECT_EQ(h.counter_gaps, 1u);
}

TEST(WireDecoder, JoiningMidFrameIsNotAnError) {
  DeviceHealth health;
  WireDecoder d(0, health);
  Recorder r;
  auto first = hello_force();
  std::vector<std::uint8_t> stream(first.begin() + 7, first.end());  // joined mid-frame
  auto f = force_frame(0, 0);
  stream.insert(stream.end(), f.begin(), f.end());
  feed(d, stream, 1, r);
  EXPECT_EQ(health.snapshot().crc_errors + health.snapshot().other_errors, 0u);
}

TEST(WireDecoder, ByteAtATimeDeliveryGivesTheSameSamples) {
  DeviceHealth health;
  WireDecoder d(0, health);
  Recorder r;
  std::vector<std::uint8_t> stream = hello_force();
  for (std::uint32_t k = 0; k < 10; ++k) {
    auto f = force_frame(4 * k, 4000 * k);
    stream.insert(stream.end(), f.begin(), f.end());
  }
  for (std::size_t i = 0; i < stream.size(); ++i) d.feed(&stream[i], 1, static_cast<TimeNs>(i), r);
  EXPECT_EQ(r.force.size(), 40u);
  EXPECT_EQ(health.snapshot().bytes, stream.size());
}
