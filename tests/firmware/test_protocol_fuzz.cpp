// Fuzz-style: a million random and mutated frames through splitter and decoder. Nothing may
// crash (run it under ASan/UBSan) and nothing may be accepted unless it is one of the
// messages that were actually encoded. Seeded, so every failure reproduces.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "protocol_fixtures.hpp"
#include "stridecue/protocol/wire.h"

namespace {

using namespace sc_test;

class ProtocolFuzz : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937 rng(20240611);
    for (int i = 0; i < 4096; ++i) {
      frames_.push_back(encode(random_message(rng)));
      originals_.insert(frames_.back());
    }
  }

  // The decoded message re-encodes to one of the frames that were sent.
  ::testing::AssertionResult is_original(const sc_message& m) const {
    uint8_t out[SC_MAX_FRAME_BYTES];
    const size_t n = sc_encode_frame(&m, out, sizeof out);
    if (n == 0) return ::testing::AssertionFailure() << "accepted a message the encoder refuses";
    if (originals_.count(Bytes(out, out + n)) == 0) {
      return ::testing::AssertionFailure() << "accepted a message nobody sent: " << describe(m);
    }
    return ::testing::AssertionSuccess();
  }

  std::vector<Bytes> frames_;  // complete frames, delimiter included
  std::set<Bytes> originals_;
};

enum Mutation { kIntact, kRandom, kBitFlips, kInsert, kDelete, kTruncate, kSplice, kBytes, kCount };

Bytes random_bytes(std::mt19937& rng) {
  Bytes b(rng() % 600);
  const unsigned zero_pct = rng() % 4 == 0 ? 0 : rng() % 20;
  for (auto& x : b) x = rng() % 100 < zero_pct ? 0 : static_cast<uint8_t>(rng());
  return b;
}

Bytes mutate(std::mt19937& rng, Mutation kind, const Bytes& frame, const Bytes& other) {
  Bytes b = frame;
  const auto pos = [&](size_t n) { return static_cast<long>(rng() % n); };
  switch (kind) {
    case kIntact:
      break;
    case kRandom:
      b = random_bytes(rng);
      break;
    case kBitFlips:
      for (unsigned i = 0, n = 1 + rng() % 8; i < n; ++i) {
        b[rng() % b.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
      }
      break;
    case kInsert:  // e.g. a glitch on the line, or bytes from another writer
      for (unsigned i = 0, n = 1 + rng() % 4; i < n; ++i) {
        b.insert(b.begin() + pos(b.size() + 1), static_cast<uint8_t>(rng()));
      }
      break;
    case kDelete:  // e.g. IGNPAR dropping bytes with parity errors
      for (unsigned i = 0, n = 1 + rng() % 4; i < n && !b.empty(); ++i) {
        b.erase(b.begin() + pos(b.size()));
      }
      break;
    case kTruncate:
      b.resize(rng() % b.size());
      break;
    case kSplice: {  // the head of one frame followed by the tail of another
      const long keep = pos(b.size());
      b.resize(static_cast<size_t>(keep));
      b.insert(b.end(), other.begin() + pos(other.size()), other.end());
      break;
    }
    case kBytes:
      for (unsigned i = 0, n = 1 + rng() % 6; i < n; ++i) {
        b[rng() % b.size()] = static_cast<uint8_t>(rng());
      }
      break;
    case kCount:
      break;
  }
  return b;
}

// Each case is fed on its own, followed by one extra 0x00 that closes whatever it left open,
// so every frame delivered during a case comes from that case.
TEST_F(ProtocolFuzz, MillionMutatedFramesThroughSplitterAndDecoder) {
  std::mt19937 rng(1);
  const size_t kCases = 1000000;
  size_t intact = 0, accepted = 0, accepted_intact = 0, delivered = 0;
  sc_splitter s;
  sc_splitter_init(&s);
  Collector got;
  for (size_t i = 0; i < kCases; ++i) {
    const Mutation kind = static_cast<Mutation>(rng() % kCount);
    const Bytes& frame = frames_[rng() % frames_.size()];
    Bytes bytes = mutate(rng, kind, frame, frames_[rng() % frames_.size()]);
    bytes.push_back(0x00);
    got.frames.clear();
    for (size_t at = 0; at < bytes.size();) {
      const size_t n = std::min<size_t>(bytes.size() - at, 1 + rng() % 64);
      sc_splitter_feed(&s, bytes.data() + at, n, Collector::on_frame, &got);
      at += n;
    }
    ASSERT_EQ(s.len, 0u);
    delivered += got.frames.size();
    size_t ok = 0;
    for (const Bytes& f : got.frames) {
      const Decoded d = decode(f);
      if (d.status != SC_OK) continue;
      ++ok;
      ASSERT_TRUE(is_original(d.msg)) << "case " << i << " mutation " << kind;
    }
    accepted += ok;
    if (kind == kIntact) {
      ++intact;
      accepted_intact += ok;
      ASSERT_EQ(ok, 1u) << "case " << i << ": an intact frame was not accepted";
    }
  }
  EXPECT_EQ(accepted_intact, intact);
  EXPECT_GT(intact, kCases / 10);
  EXPECT_GT(delivered, kCases);
  // Some mutations legitimately reproduce a sent frame (two flips of the same bit, a splice
  // at matching points); they must stay rare or the mutations are not doing their job.
  EXPECT_LT(accepted - intact, kCases / 100);
  RecordProperty("accepted", static_cast<int>(accepted));
}

// The same mutations back to back with no separators: damage now spreads into the next frame
// (a lost delimiter merges two), exactly as on a real link. Nothing false may be accepted,
// and most intact frames must still get through.
TEST_F(ProtocolFuzz, ContinuousStreamWithoutSeparators) {
  std::mt19937 rng(2);
  const size_t kCases = 200000;
  Bytes stream;
  size_t intact = 0;
  for (size_t i = 0; i < kCases; ++i) {
    const Mutation kind = static_cast<Mutation>(rng() % kCount);
    const Bytes b =
        mutate(rng, kind, frames_[rng() % frames_.size()], frames_[rng() % frames_.size()]);
    intact += kind == kIntact;
    stream.insert(stream.end(), b.begin(), b.end());
  }
  sc_splitter s;
  sc_splitter_init(&s);
  Collector got;
  for (size_t at = 0; at < stream.size();) {
    const size_t n = std::min<size_t>(stream.size() - at, 1 + rng() % 4096);
    sc_splitter_feed(&s, stream.data() + at, n, Collector::on_frame, &got);
    at += n;
  }
  size_t accepted = 0;
  for (const Bytes& f : got.frames) {
    const Decoded d = decode(f);
    if (d.status != SC_OK) continue;
    ++accepted;
    ASSERT_TRUE(is_original(d.msg));
  }
  EXPECT_GT(accepted, intact / 2);
}

// The decoder on its own, fed arbitrary bytes of every length up to past the limit
// (0x00 included, which the splitter would never pass on).
TEST_F(ProtocolFuzz, DecoderOnRawRandomBytes) {
  std::mt19937 rng(3);
  for (int i = 0; i < 200000; ++i) {
    Bytes b(rng() % (SC_MAX_FRAME_BYTES + 20));
    const unsigned zero_pct = rng() % 3;
    for (auto& x : b) x = rng() % 100 < zero_pct ? 0 : static_cast<uint8_t>(rng());
    const Decoded d = decode(b);
    if (d.status == SC_OK) {
      ASSERT_TRUE(is_original(d.msg)) << "case " << i;
    }
  }
}

// COBS decoding of arbitrary input never writes past cap, and whatever it accepts
// re-encodes to input that decodes the same way.
TEST(CobsFuzz, RandomInputAndCaps) {
  std::mt19937 rng(4);
  size_t ok = 0;
  for (int i = 0; i < 100000; ++i) {
    Bytes in(1 + rng() % 600);
    if (i % 2 == 0) {  // arbitrary bytes, mostly invalid
      for (auto& x : in) x = rng() % 64 == 0 ? static_cast<uint8_t>(rng() % 4) : 1 + rng() % 255;
    } else {  // a valid encoding, sometimes with one byte changed
      Bytes plain(in.size() - 1);
      for (auto& x : plain) x = rng() % 8 == 0 ? 0 : static_cast<uint8_t>(rng());
      in.resize(plain.size() + plain.size() / 254 + 1);
      in.resize(sc_cobs_encode(plain.data(), plain.size(), in.data(), in.size()));
      if (rng() % 2 == 0) in[rng() % in.size()] = static_cast<uint8_t>(rng());
    }
    const size_t cap = rng() % 700;
    Bytes out(cap + 4, 0xEE);
    size_t n = 0;
    const sc_status st = sc_cobs_decode(in.data(), in.size(), out.data(), cap, &n);
    for (size_t k = cap; k < out.size(); ++k) ASSERT_EQ(out[k], 0xEE) << "case " << i;
    if (st != SC_OK) continue;
    ++ok;
    ASSERT_LE(n, cap);
    Bytes again(n + n / 254 + 1);
    const size_t m = sc_cobs_encode(out.data(), n, again.data(), again.size());
    ASSERT_GT(m, 0u);
    Bytes round(n + 1);
    size_t n2 = 0;
    ASSERT_EQ(sc_cobs_decode(again.data(), m, round.data(), round.size(), &n2), SC_OK);
    ASSERT_EQ(n2, n);
    ASSERT_TRUE(std::equal(round.begin(), round.begin() + static_cast<long>(n), out.begin()));
  }
  EXPECT_GT(ok, 20000u);
}

}  // namespace
