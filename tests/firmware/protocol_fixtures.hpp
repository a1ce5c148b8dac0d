// Test fixtures for the wire protocol: message builders with random field values, encode /
// decode wrappers, body-level surgery (COBS-decode, patch, re-CRC, re-encode) and a frame
// collector for the splitter. Header-only, test code only.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "stridecue/protocol/wire.h"

namespace sc_test {

using Bytes = std::vector<uint8_t>;

inline uint32_t random_u32(std::mt19937& rng) {
  return static_cast<uint32_t>(rng());
}

// Full-range values with extra weight on 0 and the extremes, so COBS sees runs of zeros and
// the sign handling sees INT_MIN / INT_MAX.
inline int16_t random_i16(std::mt19937& rng) {
  switch (rng() % 8) {
    case 0:
      return 0;
    case 1:
      return INT16_MIN;
    case 2:
      return INT16_MAX;
    default:
      return static_cast<int16_t>(static_cast<uint16_t>(rng()));
  }
}

inline int32_t random_i32(std::mt19937& rng) {
  switch (rng() % 8) {
    case 0:
      return 0;
    case 1:
      return INT32_MIN;
    case 2:
      return INT32_MAX;
    default:
      return static_cast<int32_t>(static_cast<uint32_t>(rng()));
  }
}

// A header as the decoder will report it: version 1, n_samples equal to the payload's.
inline sc_message blank(std::mt19937& rng, uint8_t type, uint8_t n_samples) {
  sc_message m;
  std::memset(&m, 0, sizeof m);
  m.header.version = SC_PROTOCOL_VERSION;
  m.header.type = type;
  m.header.flags = static_cast<uint8_t>(rng());  // every bit is passed through
  m.header.n_samples = n_samples;
  m.header.counter = random_u32(rng);
  m.header.t_device_us = random_u32(rng);
  return m;
}

inline sc_message make_hello(std::mt19937& rng, uint8_t kind, uint8_t n_plates,
                             uint8_t samples_per_frame) {
  sc_message m = blank(rng, SC_MSG_HELLO, 0);
  sc_hello& h = m.msg.hello;
  h.kind = kind;
  h.fw_major = static_cast<uint8_t>(rng());
  h.fw_minor = static_cast<uint8_t>(rng());
  h.fw_patch = static_cast<uint8_t>(rng());
  for (char& c : h.serial) c = static_cast<char>(rng() % 3 == 0 ? 0 : 'A' + rng() % 26);
  h.calibration_id = random_u32(rng);
  h.sample_rate_hz = static_cast<uint16_t>(1 + rng() % 65535);
  h.n_plates = n_plates;
  h.samples_per_frame = samples_per_frame;
  std::uniform_real_distribution<float> scale(-1.0f, 1.0f);
  for (float& s : h.scale) s = scale(rng);
  h.accel_range_g = static_cast<uint16_t>(rng());
  h.gyro_range_dps = static_cast<uint16_t>(rng());
  return m;
}

inline sc_message make_force6(std::mt19937& rng, uint8_t n_plates, uint8_t n_samples) {
  sc_message m = blank(rng, SC_MSG_FORCE6, n_samples);
  m.msg.force6.n_plates = n_plates;
  m.msg.force6.n_samples = n_samples;
  for (unsigned s = 0; s < n_samples; ++s)
    for (unsigned k = 0; k < n_plates; ++k)
      for (int16_t& c : m.msg.force6.counts[s][k]) c = random_i16(rng);
  return m;
}

inline sc_message make_loadcell(std::mt19937& rng, uint8_t n_plates, uint8_t n_samples) {
  sc_message m = blank(rng, SC_MSG_LOADCELL, n_samples);
  m.msg.loadcell.n_plates = n_plates;
  m.msg.loadcell.n_samples = n_samples;
  for (unsigned s = 0; s < n_samples; ++s)
    for (unsigned k = 0; k < n_plates; ++k)
      for (int32_t& c : m.msg.loadcell.counts[s][k]) c = random_i32(rng);
  return m;
}

inline sc_message make_imu(std::mt19937& rng, uint8_t n_samples) {
  sc_message m = blank(rng, SC_MSG_IMU, n_samples);
  m.msg.imu.n_samples = n_samples;
  for (unsigned s = 0; s < n_samples; ++s)
    for (int16_t& c : m.msg.imu.counts[s]) c = random_i16(rng);
  return m;
}

inline sc_message make_status(std::mt19937& rng) {
  sc_message m = blank(rng, SC_MSG_STATUS, 0);
  m.msg.status.overruns = random_u32(rng);
  m.msg.status.buffer_level = static_cast<uint16_t>(rng());
  m.msg.status.buffer_capacity = static_cast<uint16_t>(rng());
  m.msg.status.temperature_centi_c = random_i16(rng);
  m.msg.status.status_flags = static_cast<uint16_t>(rng());
  return m;
}

inline sc_message make_command(std::mt19937& rng, uint8_t command, uint16_t arg) {
  sc_message m = blank(rng, SC_MSG_COMMAND, 0);
  m.msg.command.command = command;
  m.msg.command.arg = arg;
  return m;
}

inline sc_message make_ack(std::mt19937& rng, uint8_t command, uint8_t result) {
  sc_message m = blank(rng, SC_MSG_ACK, 0);
  m.msg.ack.command = command;
  m.msg.ack.result = result;
  return m;
}

// Largest n_samples a LOADCELL frame with this many plates can carry (15 for two plates).
inline uint8_t max_loadcell_samples(uint8_t n_plates) {
  uint8_t n = SC_MAX_SAMPLES_PER_FRAME;
  while (sc_loadcell_payload_bytes(n_plates, n) == 0) --n;
  return n;
}

// Any valid message, every type and shape reachable.
inline sc_message random_message(std::mt19937& rng) {
  const auto samples = [&](unsigned max) { return static_cast<uint8_t>(1 + rng() % max); };
  switch (rng() % 7) {
    case 0: {
      const uint8_t kind = static_cast<uint8_t>(1 + rng() % 3);
      const uint8_t plates = kind == SC_DEVICE_IMU ? 0 : static_cast<uint8_t>(1 + rng() % 2);
      const unsigned max_spf = kind == SC_DEVICE_LOADCELL ? max_loadcell_samples(plates)
                                                          : unsigned{SC_MAX_SAMPLES_PER_FRAME};
      return make_hello(rng, kind, plates, samples(max_spf));
    }
    case 1:
      return make_force6(rng, static_cast<uint8_t>(1 + rng() % 2),
                         samples(SC_MAX_SAMPLES_PER_FRAME));
    case 2: {
      const uint8_t plates = static_cast<uint8_t>(1 + rng() % 2);
      return make_loadcell(rng, plates, samples(max_loadcell_samples(plates)));
    }
    case 3:
      return make_imu(rng, samples(SC_MAX_SAMPLES_PER_FRAME));
    case 4:
      return make_status(rng);
    case 5:
      return make_command(rng, static_cast<uint8_t>(1 + rng() % 5), static_cast<uint16_t>(rng()));
    default:
      return make_ack(rng, static_cast<uint8_t>(1 + rng() % 5), static_cast<uint8_t>(rng() % 4));
  }
}

// One message per type and shape that matters: smallest and largest sample frames, one and
// two plates, every device kind in HELLO.
inline std::vector<sc_message> one_of_each(std::mt19937& rng) {
  return {make_hello(rng, SC_DEVICE_FORCE6, 2, 4),
          make_hello(rng, SC_DEVICE_LOADCELL, 1, 16),
          make_hello(rng, SC_DEVICE_IMU, 0, 5),
          make_force6(rng, 1, 1),
          make_force6(rng, 2, 4),
          make_force6(rng, 2, SC_MAX_SAMPLES_PER_FRAME),
          make_loadcell(rng, 1, SC_MAX_SAMPLES_PER_FRAME),
          make_loadcell(rng, 2, max_loadcell_samples(2)),
          make_imu(rng, 1),
          make_imu(rng, SC_MAX_SAMPLES_PER_FRAME),
          make_status(rng),
          make_command(rng, SC_CMD_SET_RATE, 2000),
          make_ack(rng, SC_CMD_TARE, SC_ACK_BUSY)};
}

inline std::string describe(const sc_message& m) {
  char text[96];
  std::snprintf(text, sizeof text, "type 0x%02X n_samples %u counter %lu", m.header.type,
                static_cast<unsigned>(m.header.n_samples),
                static_cast<unsigned long>(m.header.counter));
  return text;
}

// Every field that the message's type defines, floats compared bit for bit.
inline ::testing::AssertionResult same_message(const sc_message& a, const sc_message& b) {
  const auto fail = [&](const char* what) {
    return ::testing::AssertionFailure()
           << what << " differs (" << describe(a) << " vs " << describe(b) << ")";
  };
  const sc_header& x = a.header;
  const sc_header& y = b.header;
  if (x.version != y.version) return fail("header.version");
  if (x.type != y.type) return fail("header.type");
  if (x.flags != y.flags) return fail("header.flags");
  if (x.n_samples != y.n_samples) return fail("header.n_samples");
  if (x.counter != y.counter) return fail("header.counter");
  if (x.t_device_us != y.t_device_us) return fail("header.t_device_us");
  switch (x.type) {
    case SC_MSG_HELLO: {
      const sc_hello& p = a.msg.hello;
      const sc_hello& q = b.msg.hello;
      if (p.kind != q.kind) return fail("hello.kind");
      if (p.fw_major != q.fw_major || p.fw_minor != q.fw_minor || p.fw_patch != q.fw_patch)
        return fail("hello.fw_*");
      if (std::memcmp(p.serial, q.serial, sizeof p.serial) != 0) return fail("hello.serial");
      if (p.calibration_id != q.calibration_id) return fail("hello.calibration_id");
      if (p.sample_rate_hz != q.sample_rate_hz) return fail("hello.sample_rate_hz");
      if (p.n_plates != q.n_plates) return fail("hello.n_plates");
      if (p.samples_per_frame != q.samples_per_frame) return fail("hello.samples_per_frame");
      if (std::memcmp(p.scale, q.scale, sizeof p.scale) != 0) return fail("hello.scale");
      if (p.accel_range_g != q.accel_range_g) return fail("hello.accel_range_g");
      if (p.gyro_range_dps != q.gyro_range_dps) return fail("hello.gyro_range_dps");
      return ::testing::AssertionSuccess();
    }
    case SC_MSG_FORCE6: {
      const sc_force6& p = a.msg.force6;
      const sc_force6& q = b.msg.force6;
      if (p.n_plates != q.n_plates) return fail("force6.n_plates");
      if (p.n_samples != q.n_samples) return fail("force6.n_samples");
      for (unsigned s = 0; s < p.n_samples; ++s)
        for (unsigned k = 0; k < p.n_plates; ++k)
          for (unsigned c = 0; c < SC_FORCE6_CHANNELS; ++c)
            if (p.counts[s][k][c] != q.counts[s][k][c]) return fail("force6.counts");
      return ::testing::AssertionSuccess();
    }
    case SC_MSG_LOADCELL: {
      const sc_loadcell& p = a.msg.loadcell;
      const sc_loadcell& q = b.msg.loadcell;
      if (p.n_plates != q.n_plates) return fail("loadcell.n_plates");
      if (p.n_samples != q.n_samples) return fail("loadcell.n_samples");
      for (unsigned s = 0; s < p.n_samples; ++s)
        for (unsigned k = 0; k < p.n_plates; ++k)
          for (unsigned c = 0; c < SC_LOADCELL_CHANNELS; ++c)
            if (p.counts[s][k][c] != q.counts[s][k][c]) return fail("loadcell.counts");
      return ::testing::AssertionSuccess();
    }
    case SC_MSG_IMU: {
      const sc_imu& p = a.msg.imu;
      const sc_imu& q = b.msg.imu;
      if (p.n_samples != q.n_samples) return fail("imu.n_samples");
      for (unsigned s = 0; s < p.n_samples; ++s)
        for (unsigned c = 0; c < SC_IMU_CHANNELS; ++c)
          if (p.counts[s][c] != q.counts[s][c]) return fail("imu.counts");
      return ::testing::AssertionSuccess();
    }
    case SC_MSG_STATUS: {
      const sc_status_msg& p = a.msg.status;
      const sc_status_msg& q = b.msg.status;
      if (p.overruns != q.overruns) return fail("status.overruns");
      if (p.buffer_level != q.buffer_level) return fail("status.buffer_level");
      if (p.buffer_capacity != q.buffer_capacity) return fail("status.buffer_capacity");
      if (p.temperature_centi_c != q.temperature_centi_c) return fail("status.temperature");
      if (p.status_flags != q.status_flags) return fail("status.status_flags");
      return ::testing::AssertionSuccess();
    }
    case SC_MSG_COMMAND:
      if (a.msg.command.command != b.msg.command.command) return fail("command.command");
      if (a.msg.command.arg != b.msg.command.arg) return fail("command.arg");
      return ::testing::AssertionSuccess();
    case SC_MSG_ACK:
      if (a.msg.ack.command != b.msg.ack.command) return fail("ack.command");
      if (a.msg.ack.result != b.msg.ack.result) return fail("ack.result");
      return ::testing::AssertionSuccess();
    default:
      return ::testing::AssertionFailure() << "unknown type " << int{x.type};
  }
}

// Complete wire frame including the 0x00; empty (and a test failure) if the encoder refuses.
inline Bytes encode(const sc_message& m) {
  Bytes out(SC_MAX_FRAME_BYTES);
  const size_t n = sc_encode_frame(&m, out.data(), out.size());
  EXPECT_GT(n, 0u) << "encoder refused " << describe(m);
  out.resize(n);
  return out;
}

// The frame without its trailing delimiter, as the splitter hands it over.
inline Bytes strip(const Bytes& frame) {
  return Bytes(frame.begin(), frame.end() - 1);
}

struct Decoded {
  sc_status status;
  sc_message msg;
};

inline Decoded decode(std::span<const uint8_t> frame) {
  Decoded d;
  std::memset(&d.msg, 0, sizeof d.msg);
  d.status = sc_decode_frame(frame.data(), frame.size(), &d.msg);
  return d;
}

// Body (header | payload | CRC) of a complete frame.
inline Bytes body_of(const Bytes& frame) {
  Bytes body(SC_MAX_FRAME_BYTES);
  size_t n = 0;
  EXPECT_EQ(sc_cobs_decode(frame.data(), frame.size() - 1, body.data(), body.size(), &n), SC_OK);
  body.resize(n);
  return body;
}

// Complete frame for any body (even one longer than the protocol allows).
inline Bytes frame_of(const Bytes& body) {
  Bytes out(body.size() + body.size() / 254 + 2);
  const size_t n = sc_cobs_encode(body.data(), body.size(), out.data(), out.size());
  EXPECT_GT(n, 0u);
  out.resize(n);
  out.push_back(0);
  return out;
}

// Replaces the last four bytes of a body by the CRC-32C of the rest.
inline void recrc(Bytes& body) {
  const uint32_t crc = sc_crc32c(body.data(), body.size() - SC_CRC_BYTES);
  for (int i = 0; i < 4; ++i) body[body.size() - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
}

// Collects what a splitter delivers.
struct Collector {
  std::vector<Bytes> frames;
  static void on_frame(void* ctx, const uint8_t* frame, size_t len) {
    static_cast<Collector*>(ctx)->frames.emplace_back(frame, frame + len);
  }
};

}  // namespace sc_test
