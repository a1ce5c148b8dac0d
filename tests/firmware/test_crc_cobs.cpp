// CRC-32C and COBS: published check values, known vectors, table coverage and round trips.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "protocol_fixtures.hpp"
#include "stridecue/protocol/wire.h"

namespace {

using sc_test::Bytes;

// Bit-at-a-time CRC-32C, straight from the definition (reflected 0x82F63B78, init and final
// XOR all ones): the reference the table-driven implementation must match.
uint32_t crc32c_bitwise(const uint8_t* data, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int b = 0; b < 8; ++b) crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return ~crc;
}

uint32_t crc_of(const Bytes& b) {
  return sc_crc32c(b.data(), b.size());
}

TEST(Crc32c, CheckValue) {
  const char* check = "123456789";
  EXPECT_EQ(sc_crc32c(reinterpret_cast<const uint8_t*>(check), 9), 0xE3069283u);
}

// RFC 3720 (iSCSI), appendix B.4: 32-byte test patterns.
TEST(Crc32c, Rfc3720Vectors) {
  Bytes zeros(32, 0x00);
  Bytes ones(32, 0xFF);
  Bytes up(32);
  std::iota(up.begin(), up.end(), uint8_t{0});
  Bytes down(up.rbegin(), up.rend());
  EXPECT_EQ(crc_of(zeros), 0x8A9136AAu);
  EXPECT_EQ(crc_of(ones), 0x62A8AB43u);
  EXPECT_EQ(crc_of(up), 0x46DD794Eu);
  EXPECT_EQ(crc_of(down), 0x113FDB5Cu);
}

TEST(Crc32c, EmptyInputIsZero) {
  EXPECT_EQ(sc_crc32c(nullptr, 0), 0x00000000u);
}

// Slicing-by-8 looks byte j of every 8-byte block up in table 7 - j, the first four after
// XOR with the register. Eight copies of byte b at the start (register all ones) therefore
// look up b ^ 0xFF in tables 7..4 and b in tables 3..0: all 256 values reach every entry.
TEST(Crc32c, CrcTablesEveryEntryMatchesBitwise) {
  for (int b = 0; b < 256; ++b) {
    const Bytes block(8, static_cast<uint8_t>(b));
    ASSERT_EQ(crc_of(block), crc32c_bitwise(block.data(), block.size())) << "byte " << b;
  }
}

TEST(Crc32c, MatchesBitwiseAtEveryLengthAndAlignment) {
  std::mt19937 rng(20240601);
  Bytes data(2048 + 8);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t n = 0; n <= 600; ++n) {
      ASSERT_EQ(sc_crc32c(data.data() + offset, n), crc32c_bitwise(data.data() + offset, n))
          << "offset " << offset << " length " << n;
    }
  }
  EXPECT_EQ(sc_crc32c(data.data(), data.size()), crc32c_bitwise(data.data(), data.size()));
}

// ---- COBS ---------------------------------------------------------------------------------

Bytes cobs_encode(const Bytes& in) {
  Bytes out(in.size() + in.size() / 254 + 1);
  const size_t n = sc_cobs_encode(in.data(), in.size(), out.data(), out.size());
  EXPECT_GT(n, 0u);
  out.resize(n);
  return out;
}

Bytes cobs_decode(const Bytes& in, sc_status* status) {
  Bytes out(1024);
  size_t n = 0;
  *status = sc_cobs_decode(in.data(), in.size(), out.data(), out.size(), &n);
  out.resize(*status == SC_OK ? n : 0);
  return out;
}

Bytes run(int first, int last) {  // first..last inclusive
  Bytes b;
  for (int v = first; v <= last; ++v) b.push_back(static_cast<uint8_t>(v));
  return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

struct CobsVector {
  const char* name;
  Bytes decoded;
  Bytes encoded;  // without delimiter
};

// The examples from the Wikipedia article "Consistent Overhead Byte Stuffing".
std::vector<CobsVector> cobs_vectors() {
  return {
      {"empty", {}, {0x01}},
      {"00", {0x00}, {0x01, 0x01}},
      {"00 00", {0x00, 0x00}, {0x01, 0x01, 0x01}},
      {"00 11 00", {0x00, 0x11, 0x00}, {0x01, 0x02, 0x11, 0x01}},
      {"11 22 00 33", {0x11, 0x22, 0x00, 0x33}, {0x03, 0x11, 0x22, 0x02, 0x33}},
      {"11 22 33 44", {0x11, 0x22, 0x33, 0x44}, {0x05, 0x11, 0x22, 0x33, 0x44}},
      {"11 00 00 00", {0x11, 0x00, 0x00, 0x00}, {0x02, 0x11, 0x01, 0x01, 0x01}},
      {"01..FE (254 non-zero)", run(0x01, 0xFE), cat({{0xFF}, run(0x01, 0xFE)})},
      {"00 01..FE", cat({{0x00}, run(0x01, 0xFE)}), cat({{0x01, 0xFF}, run(0x01, 0xFE)})},
      {"01..FF (255 non-zero)", run(0x01, 0xFF), cat({{0xFF}, run(0x01, 0xFE), {0x02, 0xFF}})},
      {"02..FF 00", cat({run(0x02, 0xFF), {0x00}}), cat({{0xFF}, run(0x02, 0xFF), {0x01, 0x01}})},
      {"03..FF 00 01", cat({run(0x03, 0xFF), {0x00, 0x01}}),
       cat({{0xFE}, run(0x03, 0xFF), {0x02, 0x01}})},
  };
}

TEST(Cobs, EncodesKnownVectors) {
  for (const CobsVector& v : cobs_vectors()) {
    EXPECT_EQ(cobs_encode(v.decoded), v.encoded) << v.name;
  }
}

TEST(Cobs, DecodesKnownVectors) {
  for (const CobsVector& v : cobs_vectors()) {
    sc_status st;
    const Bytes out = cobs_decode(v.encoded, &st);
    EXPECT_EQ(st, SC_OK) << v.name;
    EXPECT_EQ(out, v.decoded) << v.name;
  }
}

TEST(Cobs, LongerRunsSplitEvery254Bytes) {
  // 508 non-zero bytes: two full blocks, nothing after the last one.
  Bytes in(508, 0x5A);
  Bytes want = cat({{0xFF}, Bytes(254, 0x5A), {0xFF}, Bytes(254, 0x5A)});
  EXPECT_EQ(cobs_encode(in), want);
  // 509: a third block with one byte.
  in.push_back(0x5A);
  want.insert(want.end(), {0x02, 0x5A});
  EXPECT_EQ(cobs_encode(in), want);
}

// The canonical encoder never emits a trailing 01 after a full block at the end, but a
// decoder must accept it (other COBS implementations emit it); it adds nothing.
TEST(Cobs, DecoderAcceptsTrailingEmptyBlock) {
  sc_status st;
  EXPECT_EQ(cobs_decode(cat({{0xFF}, run(0x01, 0xFE), {0x01}}), &st), run(0x01, 0xFE));
  EXPECT_EQ(st, SC_OK);
}

TEST(Cobs, RejectsMalformedInput) {
  struct Bad {
    const char* name;
    Bytes in;
    sc_status want;
  };
  const std::vector<Bad> bad = {
      {"no bytes", {}, SC_ERR_EMPTY},
      {"code 00", {0x00}, SC_ERR_COBS},
      {"code points past the end", {0x03, 0x11}, SC_ERR_COBS},
      {"second code points past the end", {0x02, 0x11, 0x05, 0x22}, SC_ERR_COBS},
      {"00 inside a block", {0x03, 0x11, 0x00}, SC_ERR_COBS},
      {"00 as a later code", {0x02, 0x11, 0x00, 0x01}, SC_ERR_COBS},
      {"full block cut short", cat({{0xFF}, Bytes(253, 0x01)}), SC_ERR_COBS},
  };
  for (const Bad& b : bad) {
    sc_status st;
    cobs_decode(b.in, &st);
    EXPECT_EQ(st, b.want) << b.name;
  }
}

TEST(Cobs, DecodeReportsTooLongAndNeverWritesPastCap) {
  const Bytes decoded = {0x11, 0x00, 0x22, 0x33, 0x00, 0x44};
  const Bytes encoded = cobs_encode(decoded);
  for (size_t cap = 0; cap < decoded.size(); ++cap) {
    Bytes out(cap + 16, 0xEE);
    size_t n = 12345;
    EXPECT_EQ(sc_cobs_decode(encoded.data(), encoded.size(), out.data(), cap, &n), SC_ERR_TOO_LONG)
        << "cap " << cap;
    for (size_t i = cap; i < out.size(); ++i) ASSERT_EQ(out[i], 0xEE) << "cap " << cap;
  }
  Bytes out(decoded.size());
  size_t n = 0;
  EXPECT_EQ(sc_cobs_decode(encoded.data(), encoded.size(), out.data(), out.size(), &n), SC_OK);
  EXPECT_EQ(n, decoded.size());
}

TEST(Cobs, EncodeReturnsZeroWhenCapTooSmallAndNeverWritesPastCap) {
  for (const Bytes& in : {Bytes{}, Bytes{0x00, 0x00}, Bytes(254, 0x77), Bytes(300, 0x01),
                          cat({Bytes(10, 0x00), run(1, 255)})}) {
    const size_t need = cobs_encode(in).size();
    for (size_t cap = 0; cap < need; ++cap) {
      Bytes out(cap + 16, 0xEE);
      EXPECT_EQ(sc_cobs_encode(in.data(), in.size(), out.data(), cap), 0u)
          << "size " << in.size() << " cap " << cap;
      for (size_t i = cap; i < out.size(); ++i) ASSERT_EQ(out[i], 0xEE) << "cap " << cap;
    }
  }
}

// Regression guard for a classic COBS encoder bug: the widely copied reference encoder
// (Wikipedia's cobsEncode) stores the final code byte one past the returned length when the
// input ends with a full 254-byte block, so a buffer of exactly the returned size overflows.
TEST(Cobs, EncodeWithExactCapWritesNothingPastTheResult) {
  for (const Bytes& in : {Bytes(254, 0x77), Bytes(508, 0x77), cat({{0x00}, Bytes(254, 0x77)}),
                          Bytes{0x11}, Bytes{}}) {
    const size_t need = cobs_encode(in).size();
    Bytes out(need + 16, 0xEE);
    ASSERT_EQ(sc_cobs_encode(in.data(), in.size(), out.data(), need), need) << in.size();
    for (size_t i = need; i < out.size(); ++i) ASSERT_EQ(out[i], 0xEE) << "size " << in.size();
  }
}

TEST(Cobs, RoundTripsRandomBodiesUpToMaxBodyBytes) {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 4000; ++trial) {
    const size_t n = rng() % (SC_MAX_BODY_BYTES + 1);
    const unsigned zero_pct = std::array<unsigned, 5>{0, 1, 10, 50, 100}[trial % 5];
    Bytes in(n);
    for (auto& b : in) b = (rng() % 100 < zero_pct) ? 0 : static_cast<uint8_t>(1 + rng() % 255);

    const Bytes enc = cobs_encode(in);
    ASSERT_LE(enc.size(), n + n / 254 + 1) << "length " << n;
    ASSERT_EQ(std::count(enc.begin(), enc.end(), 0), 0) << "0x00 in the encoding";
    sc_status st;
    const Bytes dec = cobs_decode(enc, &st);
    ASSERT_EQ(st, SC_OK) << "length " << n;
    ASSERT_EQ(dec, in) << "length " << n << ", " << zero_pct << "% zeros";
  }
}

TEST(Cobs, WorstCaseFitsTheFrameLimit) {
  // A body of SC_MAX_BODY_BYTES without zeros has the most COBS overhead; with its delimiter
  // it must fit SC_MAX_FRAME_BYTES (the splitter's buffer and the decoder's limit).
  const Bytes in(SC_MAX_BODY_BYTES, 0xA5);
  EXPECT_LE(cobs_encode(in).size() + 1, static_cast<size_t>(SC_MAX_FRAME_BYTES));
}

}  // namespace
