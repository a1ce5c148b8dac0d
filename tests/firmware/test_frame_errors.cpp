// Corrupt input: every kind of damage must be rejected with the documented sc_status, and no
// single-bit flip, truncation or burst may ever be accepted as a message.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <set>

#include "protocol_fixtures.hpp"
#include "stridecue/protocol/wire.h"

namespace {

using namespace sc_test;

// Decodes a frame built from a body that `change` edited; the CRC is recomputed afterwards so
// that only the edited field is wrong.
sc_status decode_edited(const sc_message& m, const std::function<void(Bytes&)>& change) {
  Bytes body = body_of(encode(m));
  change(body);
  recrc(body);
  return decode(strip(frame_of(body))).status;
}

constexpr size_t kPayload = SC_HEADER_BYTES;  // offset of the payload in a body

// Inserts (or erases, for n < 0) bytes at the end of the payload, before the CRC.
void resize_payload(Bytes& body, int n) {
  const auto crc_at = body.end() - SC_CRC_BYTES;
  if (n >= 0) {
    body.insert(crc_at, static_cast<size_t>(n), 0x5A);
  } else {
    body.erase(crc_at + n, crc_at);
  }
}

TEST(DecodeError, EmptyFrame) {
  const uint8_t none = 0;
  sc_message m;
  EXPECT_EQ(sc_decode_frame(&none, 0, &m), SC_ERR_EMPTY);
}

TEST(DecodeError, FrameLongerThanTheLimit) {
  Bytes frame(SC_MAX_FRAME_BYTES, 0x01);  // valid COBS (all empty blocks), one byte too long
  EXPECT_EQ(decode(frame).status, SC_ERR_TOO_LONG);
  frame.resize(5000, 0x01);
  EXPECT_EQ(decode(frame).status, SC_ERR_TOO_LONG);
  // Size is checked before structure: an over-long run is reported as such even when its
  // COBS is broken too (0x00 inside), without being decoded.
  frame[1] = 0x00;
  EXPECT_EQ(decode(frame).status, SC_ERR_TOO_LONG);
}

TEST(DecodeError, BodyLongerThanTheLimit) {
  // Frames short enough on the wire whose bodies decode to more than SC_MAX_BODY_BYTES
  // (zeros cost nothing extra in COBS). The CRC is valid: the length alone is wrong.
  std::mt19937 rng(1);
  for (size_t n : {size_t{SC_MAX_BODY_BYTES} + 1, size_t{SC_MAX_BODY_BYTES} + 2}) {
    Bytes body = body_of(encode(make_loadcell(rng, 2, 15)));
    body.insert(body.end() - SC_CRC_BYTES, n - body.size(), 0x00);
    recrc(body);
    const Bytes frame = strip(frame_of(body));
    ASSERT_LT(frame.size(), static_cast<size_t>(SC_MAX_FRAME_BYTES));
    EXPECT_EQ(decode(frame).status, SC_ERR_TOO_LONG) << "body " << n;
  }
}

TEST(DecodeError, BodyShorterThanHeaderAndCrc) {
  for (size_t n = 0; n < SC_HEADER_BYTES + SC_CRC_BYTES; ++n) {
    const Bytes body(n, 0x42);
    EXPECT_EQ(decode(strip(frame_of(body))).status, SC_ERR_TOO_SHORT) << "body " << n;
  }
}

TEST(DecodeError, InvalidCobs) {
  EXPECT_EQ(decode(Bytes{0x05, 0x01, 0x02}).status, SC_ERR_COBS);
  EXPECT_EQ(decode(Bytes{0x03, 0x00, 0x02}).status, SC_ERR_COBS);
}

TEST(DecodeError, CrcMismatch) {
  std::mt19937 rng(2);
  for (const sc_message& m : one_of_each(rng)) {
    Bytes body = body_of(encode(m));
    body.back() ^= 0x80;  // the CRC's top bit
    EXPECT_EQ(decode(strip(frame_of(body))).status, SC_ERR_CRC) << describe(m);
  }
}

TEST(DecodeError, WrongVersionWithValidCrc) {
  std::mt19937 rng(3);
  for (const sc_message& m : one_of_each(rng)) {
    for (uint8_t v : {0, 2, 0x81, 0xFF}) {
      EXPECT_EQ(decode_edited(m, [&](Bytes& b) { b[0] = v; }), SC_ERR_VERSION)
          << describe(m) << " version " << int{v};
    }
  }
}

TEST(DecodeError, UnknownTypeWithValidCrc) {
  std::mt19937 rng(4);
  const std::set<int> known = {0x01, 0x10, 0x11, 0x12, 0x20, 0x30, 0x31};
  const sc_message m = make_status(rng);
  for (int t = 0; t < 256; ++t) {
    if (known.count(t) != 0) continue;
    EXPECT_EQ(decode_edited(m, [&](Bytes& b) { b[1] = static_cast<uint8_t>(t); }), SC_ERR_TYPE)
        << "type " << t;
  }
}

TEST(DecodeError, ChecksRunInTheDocumentedOrder) {
  std::mt19937 rng(5);
  const sc_message m = make_force6(rng, 2, 4);
  // CRC before version: wrong version and wrong CRC reports the CRC.
  Bytes body = body_of(encode(m));
  body[0] = 2;
  EXPECT_EQ(decode(strip(frame_of(body))).status, SC_ERR_CRC);
  // Version before type, type before length and fields.
  EXPECT_EQ(decode_edited(m, [](Bytes& b) { b[0] = 2, b[1] = 0x7F, b[3] = 0; }), SC_ERR_VERSION);
  EXPECT_EQ(decode_edited(m, [](Bytes& b) { b[1] = 0x7F, resize_payload(b, 3); }), SC_ERR_TYPE);
  // Header n_samples before payload length.
  EXPECT_EQ(decode_edited(m, [](Bytes& b) { b[3] = 0, resize_payload(b, 3); }), SC_ERR_FIELD);
}

TEST(DecodeError, PayloadLengthDoesNotMatchHeader) {
  std::mt19937 rng(6);
  for (const sc_message& m : one_of_each(rng)) {
    for (int delta : {-1, +1, +2, +12}) {
      EXPECT_EQ(decode_edited(m, [&](Bytes& b) { resize_payload(b, delta); }), SC_ERR_LENGTH)
          << describe(m) << " payload " << std::showpos << delta;
    }
  }
  // Sample count changed in the header only.
  const sc_message f = make_force6(rng, 2, 4);
  EXPECT_EQ(decode_edited(f, [](Bytes& b) { b[3] = 3; }), SC_ERR_LENGTH);
  EXPECT_EQ(decode_edited(f, [](Bytes& b) { b[3] = 5; }), SC_ERR_LENGTH);
  // Plate count changed: the payload is now the wrong size for it.
  EXPECT_EQ(decode_edited(f, [](Bytes& b) { b[kPayload] = 1; }), SC_ERR_LENGTH);
  const sc_message l = make_loadcell(rng, 1, 4);
  EXPECT_EQ(decode_edited(l, [](Bytes& b) { b[kPayload] = 2; }), SC_ERR_LENGTH);
  // Payload too short to hold even the plate prefix.
  EXPECT_EQ(decode_edited(f, [](Bytes& b) { resize_payload(b, -97); }), SC_ERR_LENGTH);
  EXPECT_EQ(decode_edited(f, [](Bytes& b) { resize_payload(b, -98); }), SC_ERR_LENGTH);
}

struct FieldCase {
  const char* name;
  sc_message msg;
  std::function<void(Bytes&)> change;
};

TEST(DecodeError, FieldOutOfRange) {
  std::mt19937 rng(7);
  const sc_message hello = make_hello(rng, SC_DEVICE_FORCE6, 2, 4);
  const sc_message imu_hello = make_hello(rng, SC_DEVICE_IMU, 0, 4);
  const sc_message lc_hello = make_hello(rng, SC_DEVICE_LOADCELL, 2, 4);
  const sc_message f6 = make_force6(rng, 2, 4);
  const sc_message lc = make_loadcell(rng, 2, 15);
  const sc_message imu = make_imu(rng, 16);
  const sc_message status = make_status(rng);
  const sc_message cmd = make_command(rng, SC_CMD_START, 0);
  const sc_message ack = make_ack(rng, SC_CMD_STOP, SC_ACK_OK);
  constexpr size_t kind = kPayload + 0, rate = kPayload + 24, plates = kPayload + 26,
                   spf = kPayload + 27;
  const std::vector<FieldCase> cases = {
      {"hello n_samples 1", hello, [](Bytes& b) { b[3] = 1; }},
      {"hello kind 0", hello, [](Bytes& b) { b[kind] = 0; }},
      {"hello kind 4", hello, [](Bytes& b) { b[kind] = 4; }},
      {"hello sample rate 0", hello, [](Bytes& b) { b[rate] = 0, b[rate + 1] = 0; }},
      {"force6 hello 0 plates", hello, [](Bytes& b) { b[plates] = 0; }},
      {"force6 hello 3 plates", hello, [](Bytes& b) { b[plates] = 3; }},
      {"imu hello 1 plate", imu_hello, [](Bytes& b) { b[plates] = 1; }},
      {"hello samples_per_frame 0", hello, [](Bytes& b) { b[spf] = 0; }},
      {"hello samples_per_frame 17", hello, [](Bytes& b) { b[spf] = 17; }},
      {"loadcell hello 2 plates x 16", lc_hello, [](Bytes& b) { b[spf] = 16; }},
      {"force6 n_samples 0", f6, [](Bytes& b) { b[3] = 0; }},
      {"force6 n_samples 17", f6, [](Bytes& b) { b[3] = 17; }},
      {"force6 0 plates", f6, [](Bytes& b) { b[kPayload] = 0; }},
      {"force6 3 plates", f6, [](Bytes& b) { b[kPayload] = 3; }},
      {"force6 reserved byte set", f6, [](Bytes& b) { b[kPayload + 1] = 1; }},
      {"loadcell 2 plates x 16 samples", lc, [](Bytes& b) { b[3] = 16; }},
      {"loadcell reserved byte set", lc, [](Bytes& b) { b[kPayload + 1] = 0x80; }},
      {"loadcell 0 plates", lc, [](Bytes& b) { b[kPayload] = 0; }},
      {"imu n_samples 0", imu, [](Bytes& b) { b[3] = 0; }},
      {"imu n_samples 17", imu, [](Bytes& b) { b[3] = 17; }},
      {"status n_samples 1", status, [](Bytes& b) { b[3] = 1; }},
      {"command n_samples 2", cmd, [](Bytes& b) { b[3] = 2; }},
      {"command 0", cmd, [](Bytes& b) { b[kPayload] = 0; }},
      {"command 6", cmd, [](Bytes& b) { b[kPayload] = 6; }},
      {"command reserved byte set", cmd, [](Bytes& b) { b[kPayload + 1] = 1; }},
      {"ack n_samples 1", ack, [](Bytes& b) { b[3] = 1; }},
      {"ack of command 0", ack, [](Bytes& b) { b[kPayload] = 0; }},
      {"ack of command 6", ack, [](Bytes& b) { b[kPayload] = 6; }},
      {"ack result 4", ack, [](Bytes& b) { b[kPayload + 1] = 4; }},
  };
  for (const FieldCase& c : cases) {
    EXPECT_EQ(decode_edited(c.msg, c.change), SC_ERR_FIELD) << c.name;
  }
}

// ---- Damage that must never be accepted ---------------------------------------------------

TEST(Truncation, EveryPrefixOfEveryFrameIsRejected) {
  std::mt19937 rng(8);
  for (const sc_message& m : one_of_each(rng)) {
    const Bytes frame = strip(encode(m));
    for (size_t n = 0; n < frame.size(); ++n) {
      const Bytes prefix(frame.begin(), frame.begin() + static_cast<long>(n));
      ASSERT_NE(decode(prefix).status, SC_OK) << describe(m) << " cut to " << n;
    }
  }
}

TEST(Truncation, EveryPrefixOfTheBodyFailsLengthOrCrc) {
  // A body cut short and re-stuffed (as if the device stopped mid-frame and its COBS layer
  // closed the frame anyway): too short, or the last four bytes are not the CRC.
  std::mt19937 rng(9);
  for (const sc_message& m : one_of_each(rng)) {
    const Bytes body = body_of(encode(m));
    for (size_t n = 0; n < body.size(); ++n) {
      const Bytes cut(body.begin(), body.begin() + static_cast<long>(n));
      const sc_status want = n < SC_HEADER_BYTES + SC_CRC_BYTES ? SC_ERR_TOO_SHORT : SC_ERR_CRC;
      ASSERT_EQ(decode(strip(frame_of(cut))).status, want) << describe(m) << " cut to " << n;
    }
  }
}

// Frames whose content was damaged must never come out as a message. Every single-bit flip of
// every byte of the encoded frame, the COBS code bytes and the delimiter included.
TEST(BitFlip, EverySingleBitFlipIsRejectedByTheDecoder) {
  std::mt19937 rng(10);
  size_t flips = 0;
  for (const sc_message& m : one_of_each(rng)) {
    const Bytes frame = strip(encode(m));
    for (size_t bit = 0; bit < frame.size() * 8; ++bit) {
      Bytes bad = frame;
      bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      ASSERT_NE(decode(bad).status, SC_OK) << describe(m) << " bit " << bit;
      ++flips;
    }
  }
  EXPECT_GT(flips, 14000u);  // 13 frames, 1849 bytes
}

// The same flips seen by a receiver: the stream "A | flipped B | C" through the splitter and
// decoder. A flip that makes a 0x00 splits B in two, and a flip of B's delimiter merges B with
// C; whatever happens, only A and C (intact) may be accepted, and A always is.
TEST(BitFlip, EverySingleBitFlipInAStreamYieldsOnlyIntactNeighbours) {
  std::mt19937 rng(11);
  for (const sc_message& b_msg : one_of_each(rng)) {
    const sc_message a_msg = make_imu(rng, 4);
    const sc_message c_msg = make_status(rng);
    const Bytes a = encode(a_msg);
    const Bytes b = encode(b_msg);
    const Bytes c = encode(c_msg);
    for (size_t bit = 0; bit < b.size() * 8; ++bit) {
      Bytes stream = a;
      stream.insert(stream.end(), b.begin(), b.end());
      stream[a.size() + bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      stream.insert(stream.end(), c.begin(), c.end());

      sc_splitter s;
      sc_splitter_init(&s);
      Collector got;
      sc_splitter_feed(&s, stream.data(), stream.size(), Collector::on_frame, &got);
      std::vector<sc_message> accepted;
      for (const Bytes& f : got.frames) {
        const Decoded d = decode(f);
        if (d.status == SC_OK) accepted.push_back(d.msg);
      }
      const bool delimiter_hit = bit / 8 == b.size() - 1;
      ASSERT_EQ(accepted.size(), delimiter_hit ? 1u : 2u) << describe(b_msg) << " bit " << bit;
      ASSERT_TRUE(same_message(accepted[0], a_msg)) << "bit " << bit;
      if (!delimiter_hit) {
        ASSERT_TRUE(same_message(accepted[1], c_msg)) << "bit " << bit;
      }
    }
  }
}

// CRC-32C properties for our frame lengths (bodies <= 512 bytes = 4064 data bits): Hamming
// distance 6 up to 5243 data bits, so every error of 1..5 bits is detected; every burst of
// <= 32 bits is detected. Bits count in UART order (LSB of each byte first), which is the
// order the reflected CRC is defined in. The error is applied to the body and re-stuffed, so
// the decoder must report exactly a CRC mismatch.
TEST(CrcDetection, EveryBurstUpTo32BitsIsDetected) {
  std::mt19937 rng(12);
  for (const sc_message& m : one_of_each(rng)) {
    const Bytes body = body_of(encode(m));
    const size_t bits = body.size() * 8;
    for (int trial = 0; trial < 3000; ++trial) {
      const size_t len = 1 + rng() % 32;
      const size_t start = rng() % (bits - len + 1);
      Bytes bad = body;
      for (size_t i = 0; i < len; ++i) {
        const bool edge = i == 0 || i == len - 1;  // a burst starts and ends with an error
        if (edge || (rng() & 1u)) {
          bad[(start + i) / 8] ^= static_cast<uint8_t>(1u << ((start + i) % 8));
        }
      }
      ASSERT_EQ(decode(strip(frame_of(bad))).status, SC_ERR_CRC)
          << describe(m) << " burst of " << len << " at bit " << start;
    }
  }
}

TEST(CrcDetection, EveryErrorOfUpToFiveBitsIsDetected) {
  std::mt19937 rng(13);
  for (const sc_message& m : one_of_each(rng)) {
    const Bytes body = body_of(encode(m));
    for (int trial = 0; trial < 3000; ++trial) {
      Bytes bad = body;
      std::set<size_t> positions;
      const size_t weight = 2 + rng() % 4;
      while (positions.size() < weight) positions.insert(rng() % (body.size() * 8));
      for (size_t p : positions) bad[p / 8] ^= static_cast<uint8_t>(1u << (p % 8));
      ASSERT_EQ(decode(strip(frame_of(bad))).status, SC_ERR_CRC)
          << describe(m) << " " << weight << "-bit error";
    }
  }
}

TEST(CrcDetection, EveryDoubleBitErrorInShortBodiesIsDetected) {
  std::mt19937 rng(14);
  for (const sc_message& m :
       {make_ack(rng, SC_CMD_START, SC_ACK_OK), make_command(rng, SC_CMD_TARE, 0), make_status(rng),
        make_imu(rng, 1)}) {
    const Bytes body = body_of(encode(m));
    const size_t bits = body.size() * 8;
    for (size_t i = 0; i < bits; ++i) {
      for (size_t j = i + 1; j < bits; ++j) {
        Bytes bad = body;
        bad[i / 8] ^= static_cast<uint8_t>(1u << (i % 8));
        bad[j / 8] ^= static_cast<uint8_t>(1u << (j % 8));
        ASSERT_EQ(decode(strip(frame_of(bad))).status, SC_ERR_CRC)
            << describe(m) << " bits " << i << ", " << j;
      }
    }
  }
}

}  // namespace
