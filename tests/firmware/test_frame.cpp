// Whole frames: golden bytes from an independent implementation, round trips of every
// message type and shape, what the encoder fills in and what it refuses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "protocol_fixtures.hpp"
#include "stridecue/protocol/check.h"
#include "stridecue/protocol/wire.h"

namespace {

using namespace sc_test;

// ---- Golden frames -------------------------------------------------------------------------
// Computed with a separate Python implementation (struct.pack '<', bitwise CRC-32C, textbook
// COBS), so a change that breaks the byte layout on both the encode and decode side at once
// still fails here.

TEST(GoldenFrame, CommandSetRate) {
  const Bytes want = {0x03, 0x01, 0x30, 0x01, 0x0A, 0x04, 0x03, 0x02, 0x01, 0x0D, 0x0C,
                      0x0B, 0x0A, 0x04, 0x07, 0xD0, 0x07, 0xB5, 0x88, 0xE1, 0xB7, 0x00};
  sc_message m{};
  m.header.type = SC_MSG_COMMAND;
  m.header.counter = 0x01020304u;
  m.header.t_device_us = 0x0A0B0C0Du;
  m.msg.command.command = SC_CMD_SET_RATE;
  m.msg.command.arg = 2000;
  EXPECT_EQ(encode(m), want);

  const Decoded d = decode(strip(want));
  ASSERT_EQ(d.status, SC_OK);
  EXPECT_EQ(d.msg.header.version, 1);
  EXPECT_EQ(d.msg.header.type, SC_MSG_COMMAND);
  EXPECT_EQ(d.msg.header.flags, 0);
  EXPECT_EQ(d.msg.header.n_samples, 0);
  EXPECT_EQ(d.msg.header.counter, 0x01020304u);
  EXPECT_EQ(d.msg.header.t_device_us, 0x0A0B0C0Du);
  EXPECT_EQ(d.msg.msg.command.command, SC_CMD_SET_RATE);
  EXPECT_EQ(d.msg.msg.command.arg, 2000);
}

TEST(GoldenFrame, Force6OnePlateOneSample) {
  const Bytes want = {0x06, 0x01, 0x10, 0x01, 0x01, 0x07, 0x01, 0x01, 0x04, 0x40, 0x42,
                      0x0F, 0x02, 0x01, 0x02, 0x01, 0x05, 0xFF, 0xFF, 0xE8, 0x03, 0x04,
                      0x80, 0xFF, 0x7F, 0x01, 0x05, 0x05, 0x1D, 0x88, 0x5C, 0x00};
  sc_message m{};
  m.header.type = SC_MSG_FORCE6;
  m.header.flags = SC_FLAG_OVERRUN;
  m.header.counter = 7;
  m.header.t_device_us = 1000000;
  m.msg.force6.n_plates = 1;
  m.msg.force6.n_samples = 1;
  const int16_t counts[6] = {1, -1, 1000, INT16_MIN, INT16_MAX, 0};
  std::memcpy(m.msg.force6.counts[0][0], counts, sizeof counts);
  EXPECT_EQ(encode(m), want);

  const Decoded d = decode(strip(want));
  ASSERT_EQ(d.status, SC_OK);
  EXPECT_EQ(d.msg.header.flags, SC_FLAG_OVERRUN);
  EXPECT_EQ(d.msg.header.n_samples, 1);
  EXPECT_EQ(d.msg.header.counter, 7u);
  EXPECT_EQ(d.msg.header.t_device_us, 1000000u);
  EXPECT_EQ(d.msg.msg.force6.n_plates, 1);
  EXPECT_EQ(d.msg.msg.force6.n_samples, 1);
  for (int c = 0; c < 6; ++c) EXPECT_EQ(d.msg.msg.force6.counts[0][0][c], counts[c]) << c;
}

TEST(GoldenFrame, HelloImu) {
  const Bytes want = {0x03, 0x01, 0x01, 0x01, 0x02, 0x2A, 0x01, 0x01, 0x14, 0x15, 0xCD, 0x5B, 0x07,
                      0x03, 0x01, 0x02, 0x03, 0x53, 0x43, 0x2D, 0x49, 0x4D, 0x55, 0x2D, 0x30, 0x30,
                      0x30, 0x31, 0x01, 0x01, 0x01, 0x01, 0x07, 0x0D, 0xF0, 0xFE, 0xCA, 0xF4, 0x01,
                      0x02, 0x04, 0x01, 0x03, 0x80, 0x3F, 0x01, 0x01, 0x02, 0xC0, 0x01, 0x01, 0x02,
                      0x3F, 0x01, 0x03, 0x80, 0x3E, 0x01, 0x01, 0x02, 0x3E, 0x01, 0x04, 0xC0, 0x3F,
                      0x10, 0x07, 0xD0, 0x07, 0xEF, 0xAD, 0x4F, 0xC8, 0x00};
  sc_message m{};
  m.header.type = SC_MSG_HELLO;
  m.header.counter = 42;
  m.header.t_device_us = 123456789;
  sc_hello& h = m.msg.hello;
  h.kind = SC_DEVICE_IMU;
  h.fw_major = 1;
  h.fw_minor = 2;
  h.fw_patch = 3;
  std::memcpy(h.serial, "SC-IMU-0001", 11);  // rest stays NUL
  h.calibration_id = 0xCAFEF00Du;
  h.sample_rate_hz = 500;
  h.n_plates = 0;
  h.samples_per_frame = 4;
  const float scale[6] = {1.0f, -2.0f, 0.5f, 0.25f, 0.125f, 1.5f};
  std::memcpy(h.scale, scale, sizeof scale);
  h.accel_range_g = 16;
  h.gyro_range_dps = 2000;
  EXPECT_EQ(encode(m), want);

  const Decoded d = decode(strip(want));
  ASSERT_EQ(d.status, SC_OK);
  EXPECT_TRUE(same_message(d.msg, [&] {
    sc_message e = m;
    e.header.version = 1;
    return e;
  }()));
  EXPECT_EQ(d.msg.msg.hello.scale[1], -2.0f);
}

// ---- Round trips ----------------------------------------------------------------------------

void expect_round_trip(const sc_message& m) {
  const Bytes frame = encode(m);
  ASSERT_FALSE(frame.empty());
  ASSERT_LE(frame.size(), static_cast<size_t>(SC_MAX_FRAME_BYTES));
  ASSERT_EQ(frame.back(), 0x00);
  ASSERT_EQ(std::count(frame.begin(), frame.end() - 1, 0), 0) << "0x00 inside the frame";
  const Decoded d = decode(strip(frame));
  ASSERT_EQ(d.status, SC_OK) << sc_status_name(d.status) << " for " << describe(m);
  EXPECT_TRUE(same_message(d.msg, m));
}

TEST(RoundTrip, HelloEveryKind) {
  std::mt19937 rng(1);
  for (int i = 0; i < 200; ++i) {
    expect_round_trip(make_hello(rng, SC_DEVICE_FORCE6, 1 + i % 2, 1 + i % 16));
    expect_round_trip(make_hello(rng, SC_DEVICE_LOADCELL, 1 + i % 2, 1 + i % 15));
    expect_round_trip(make_hello(rng, SC_DEVICE_IMU, 0, 1 + i % 16));
  }
}

TEST(RoundTrip, HelloScaleTravelsBitExact) {
  std::mt19937 rng(2);
  sc_message m = make_hello(rng, SC_DEVICE_FORCE6, 2, 4);
  const uint32_t nan_with_payload = 0x7FC12345u;
  std::memcpy(&m.msg.hello.scale[0], &nan_with_payload, 4);
  m.msg.hello.scale[1] = -0.0f;
  m.msg.hello.scale[2] = std::numeric_limits<float>::infinity();
  m.msg.hello.scale[3] = std::numeric_limits<float>::denorm_min();
  m.msg.hello.scale[4] = std::numeric_limits<float>::max();
  m.msg.hello.scale[5] = 9.80665f / 2048.0f;
  expect_round_trip(m);
}

TEST(RoundTrip, Force6OneAndTwoPlatesEverySampleCount) {
  std::mt19937 rng(3);
  for (uint8_t plates = 1; plates <= SC_MAX_PLATES; ++plates) {
    for (uint8_t n = 1; n <= SC_MAX_SAMPLES_PER_FRAME; ++n) {
      for (int rep = 0; rep < 20; ++rep) expect_round_trip(make_force6(rng, plates, n));
    }
  }
}

TEST(RoundTrip, LoadcellOneAndTwoPlatesUpToLargestFittingFrame) {
  std::mt19937 rng(4);
  EXPECT_EQ(max_loadcell_samples(1), SC_MAX_SAMPLES_PER_FRAME);
  EXPECT_EQ(max_loadcell_samples(2), 15);
  for (uint8_t plates = 1; plates <= SC_MAX_PLATES; ++plates) {
    for (uint8_t n = 1; n <= max_loadcell_samples(plates); ++n) {
      for (int rep = 0; rep < 20; ++rep) expect_round_trip(make_loadcell(rng, plates, n));
    }
  }
}

TEST(RoundTrip, ImuEverySampleCount) {
  std::mt19937 rng(5);
  for (uint8_t n = 1; n <= SC_MAX_SAMPLES_PER_FRAME; ++n) {
    for (int rep = 0; rep < 20; ++rep) expect_round_trip(make_imu(rng, n));
  }
}

TEST(RoundTrip, StatusCommandAck) {
  std::mt19937 rng(6);
  for (int i = 0; i < 200; ++i) {
    expect_round_trip(make_status(rng));
    expect_round_trip(
        make_command(rng, static_cast<uint8_t>(1 + i % 5), static_cast<uint16_t>(rng())));
    expect_round_trip(make_ack(rng, static_cast<uint8_t>(1 + i % 5), static_cast<uint8_t>(i % 4)));
  }
  sc_message m = make_status(rng);
  m.msg.status.temperature_centi_c = INT16_MIN;  // "unknown"
  expect_round_trip(m);
}

TEST(RoundTrip, HeaderExtremes) {
  std::mt19937 rng(7);
  for (uint32_t v : {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu}) {
    sc_message m = make_imu(rng, 3);
    m.header.counter = v;
    m.header.t_device_us = ~v;
    m.header.flags = static_cast<uint8_t>(v);
    expect_round_trip(m);
  }
}

// ---- Encoder contract ------------------------------------------------------------------------

TEST(Encode, FillsVersionAndSampleCountFromTheMessage) {
  std::mt19937 rng(8);
  sc_message m = make_force6(rng, 2, 4);
  m.header.version = 7;     // ignored: always SC_PROTOCOL_VERSION
  m.header.n_samples = 99;  // ignored: taken from msg.force6.n_samples
  const Bytes body = body_of(encode(m));
  EXPECT_EQ(body[0], SC_PROTOCOL_VERSION);
  EXPECT_EQ(body[1], SC_MSG_FORCE6);
  EXPECT_EQ(body[3], 4);

  sc_message s = make_status(rng);
  s.header.n_samples = 5;  // non-sample messages always carry 0
  EXPECT_EQ(body_of(encode(s))[3], 0);
}

TEST(Encode, ReturnsZeroWhenBufferTooSmallAndNeverWritesPastCap) {
  std::mt19937 rng(9);
  for (const sc_message& m : one_of_each(rng)) {
    const size_t need = encode(m).size();
    for (size_t cap = 0; cap < need; ++cap) {
      Bytes out(cap + 8, 0xEE);
      ASSERT_EQ(sc_encode_frame(&m, out.data(), cap), 0u) << describe(m) << " cap " << cap;
      for (size_t i = cap; i < out.size(); ++i) ASSERT_EQ(out[i], 0xEE) << "cap " << cap;
    }
    Bytes out(need);
    EXPECT_EQ(sc_encode_frame(&m, out.data(), need), need);
  }
}

TEST(Encode, LargestMessagesFitMaxFrameBytes) {
  std::mt19937 rng(10);
  size_t largest = 0;
  for (int i = 0; i < 200; ++i) {
    largest = std::max(largest, encode(make_loadcell(rng, 2, 15)).size());
    largest = std::max(largest, encode(make_force6(rng, 2, 16)).size());
  }
  EXPECT_LE(largest, static_cast<size_t>(SC_MAX_FRAME_BYTES));
  EXPECT_GE(largest, 500u);  // the loadcell frame is close to the limit: 498-byte body
}

struct Invalid {
  const char* name;
  sc_message msg;
  sc_status why;
};

std::vector<Invalid> invalid_messages() {
  std::mt19937 rng(11);
  std::vector<Invalid> v;
  // add(name, why, a valid message, the change that makes it invalid)
  const auto add = [&](const char* name, sc_status why, sc_message m, auto&& change) {
    change(m);
    v.push_back({name, m, why});
  };
  const auto as_is = [](sc_message&) {};
  add("type 0x00", SC_ERR_TYPE, make_status(rng), [](sc_message& m) { m.header.type = 0x00; });
  add("type 0x13", SC_ERR_TYPE, make_status(rng), [](sc_message& m) { m.header.type = 0x13; });
  add("type 0xFF", SC_ERR_TYPE, make_status(rng), [](sc_message& m) { m.header.type = 0xFF; });

  add("hello kind 0", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_FORCE6, 2, 4),
      [](sc_message& m) { m.msg.hello.kind = 0; });
  add("hello kind 4", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_FORCE6, 2, 4),
      [](sc_message& m) { m.msg.hello.kind = 4; });
  add("force6 hello, 0 plates", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_FORCE6, 0, 4), as_is);
  add("force6 hello, 3 plates", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_FORCE6, 3, 4), as_is);
  add("loadcell hello, 0 plates", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_LOADCELL, 0, 4), as_is);
  add("imu hello, 1 plate", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_IMU, 1, 4), as_is);
  add("hello samples_per_frame 0", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_IMU, 0, 0), as_is);
  add("hello samples_per_frame 17", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_IMU, 0, 17), as_is);
  add("loadcell hello, 2 plates x 16 samples cannot be framed", SC_ERR_FIELD,
      make_hello(rng, SC_DEVICE_LOADCELL, 2, 16), as_is);
  add("hello sample_rate_hz 0", SC_ERR_FIELD, make_hello(rng, SC_DEVICE_FORCE6, 1, 4),
      [](sc_message& m) { m.msg.hello.sample_rate_hz = 0; });

  add("force6 0 plates", SC_ERR_FIELD, make_force6(rng, 1, 1),
      [](sc_message& m) { m.msg.force6.n_plates = 0; });
  add("force6 3 plates", SC_ERR_FIELD, make_force6(rng, 2, 1),
      [](sc_message& m) { m.msg.force6.n_plates = 3; });
  add("force6 0 samples", SC_ERR_FIELD, make_force6(rng, 1, 1),
      [](sc_message& m) { m.msg.force6.n_samples = 0; });
  add("force6 17 samples", SC_ERR_FIELD, make_force6(rng, 1, 16),
      [](sc_message& m) { m.msg.force6.n_samples = 17; });
  add("loadcell 2 plates x 16 samples", SC_ERR_FIELD, make_loadcell(rng, 2, 15),
      [](sc_message& m) { m.msg.loadcell.n_samples = 16; });
  add("loadcell 0 plates", SC_ERR_FIELD, make_loadcell(rng, 1, 1),
      [](sc_message& m) { m.msg.loadcell.n_plates = 0; });
  add("loadcell 0 samples", SC_ERR_FIELD, make_loadcell(rng, 1, 1),
      [](sc_message& m) { m.msg.loadcell.n_samples = 0; });
  add("imu 0 samples", SC_ERR_FIELD, make_imu(rng, 1),
      [](sc_message& m) { m.msg.imu.n_samples = 0; });
  add("imu 17 samples", SC_ERR_FIELD, make_imu(rng, 16),
      [](sc_message& m) { m.msg.imu.n_samples = 17; });

  add("command 0", SC_ERR_FIELD, make_command(rng, 0, 0), as_is);
  add("command 6", SC_ERR_FIELD, make_command(rng, 6, 0), as_is);
  add("ack of command 0", SC_ERR_FIELD, make_ack(rng, 0, SC_ACK_OK), as_is);
  add("ack of command 6", SC_ERR_FIELD, make_ack(rng, 6, SC_ACK_OK), as_is);
  add("ack result 4", SC_ERR_FIELD, make_ack(rng, SC_CMD_START, 4), as_is);
  return v;
}

TEST(Encode, RefusesInvalidMessagesAndCheckSaysWhy) {
  for (const Invalid& bad : invalid_messages()) {
    uint8_t out[SC_MAX_FRAME_BYTES];
    EXPECT_EQ(sc_encode_frame(&bad.msg, out, sizeof out), 0u) << bad.name;
    EXPECT_EQ(sc_check_message(&bad.msg), bad.why) << bad.name;
  }
  std::mt19937 rng(12);
  for (const sc_message& good : one_of_each(rng)) {
    EXPECT_EQ(sc_check_message(&good), SC_OK) << describe(good);
  }
}

TEST(Encode, NullArgumentsAreRefused) {
  std::mt19937 rng(13);
  const sc_message m = make_status(rng);
  uint8_t out[SC_MAX_FRAME_BYTES];
  EXPECT_EQ(sc_encode_frame(nullptr, out, sizeof out), 0u);
  EXPECT_EQ(sc_encode_frame(&m, nullptr, sizeof out), 0u);
  EXPECT_EQ(sc_check_message(nullptr), SC_ERR_FIELD);
}

// ---- Helpers and names -------------------------------------------------------------------

TEST(PayloadBytes, MatchTheLayout) {
  EXPECT_EQ(sc_force6_payload_bytes(1, 1), 2u + 12u);
  EXPECT_EQ(sc_force6_payload_bytes(2, 4), 2u + 96u);
  EXPECT_EQ(sc_force6_payload_bytes(2, 16), 2u + 384u);
  EXPECT_EQ(sc_loadcell_payload_bytes(1, 16), 2u + 256u);
  EXPECT_EQ(sc_loadcell_payload_bytes(2, 15), 2u + 480u);
  EXPECT_EQ(sc_imu_payload_bytes(1), 12u);
  EXPECT_EQ(sc_imu_payload_bytes(16), 192u);
}

TEST(PayloadBytes, ZeroForShapesThatCannotBeFramed) {
  EXPECT_EQ(sc_force6_payload_bytes(0, 1), 0u);
  EXPECT_EQ(sc_force6_payload_bytes(3, 1), 0u);
  EXPECT_EQ(sc_force6_payload_bytes(1, 0), 0u);
  EXPECT_EQ(sc_force6_payload_bytes(1, 17), 0u);
  EXPECT_EQ(sc_loadcell_payload_bytes(2, 16), 0u);  // 514 > SC_MAX_PAYLOAD_BYTES
  EXPECT_EQ(sc_loadcell_payload_bytes(0, 4), 0u);
  EXPECT_EQ(sc_imu_payload_bytes(0), 0u);
  EXPECT_EQ(sc_imu_payload_bytes(17), 0u);
  EXPECT_EQ(sc_force6_payload_bytes(0xFFFFFFFFu, 0xFFFFFFFFu), 0u);  // no overflow
}

TEST(StatusName, EveryStatusHasItsOwnName) {
  std::vector<std::string> names;
  for (int s = SC_OK; s <= SC_ERR_BUFFER; ++s) {
    const char* name = sc_status_name(static_cast<sc_status>(s));
    ASSERT_NE(name, nullptr);
    ASSERT_GT(std::strlen(name), 0u);
    names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()), names.end()) << "two statuses share a name";
  EXPECT_STREQ(sc_status_name(SC_ERR_CRC), "CRC mismatch");
  EXPECT_NE(sc_status_name(static_cast<sc_status>(99)), nullptr);
}

}  // namespace
