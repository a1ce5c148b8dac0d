// Stream splitter: frames cut at arbitrary chunk boundaries, empty frames, resynchronisation
// after garbage, and over-long runs discarded, counted and recovered from.
#include <gtest/gtest.h>

#include <random>

#include "protocol_fixtures.hpp"
#include "stridecue/protocol/wire.h"

namespace {

using namespace sc_test;

struct Stream {
  std::vector<sc_message> messages;
  Bytes bytes;
};

Stream make_stream(std::mt19937& rng, size_t n_messages) {
  Stream s;
  for (size_t i = 0; i < n_messages; ++i) {
    s.messages.push_back(random_message(rng));
    s.messages.back().header.counter = static_cast<uint32_t>(i);  // tells frames apart
    const Bytes f = encode(s.messages.back());
    s.bytes.insert(s.bytes.end(), f.begin(), f.end());
  }
  return s;
}

// Feeds `bytes` in chunks whose sizes come from next_chunk(); returns what was delivered and
// checks that the return values add up to it.
template <typename NextChunk>
Collector split(sc_splitter& s, const Bytes& bytes, NextChunk next_chunk) {
  Collector got;
  size_t delivered = 0;
  for (size_t at = 0; at < bytes.size();) {
    const size_t n = std::min(bytes.size() - at, next_chunk());
    delivered += sc_splitter_feed(&s, bytes.data() + at, n, Collector::on_frame, &got);
    at += n;
  }
  EXPECT_EQ(delivered, got.frames.size());
  return got;
}

std::vector<sc_message> accepted(const Collector& got) {
  std::vector<sc_message> out;
  for (const Bytes& f : got.frames) {
    const Decoded d = decode(f);
    if (d.status == SC_OK) out.push_back(d.msg);
  }
  return out;
}

void expect_all_recovered(const std::vector<sc_message>& want, const Collector& got) {
  ASSERT_EQ(got.frames.size(), want.size());
  const std::vector<sc_message> ok = accepted(got);
  ASSERT_EQ(ok.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) ASSERT_TRUE(same_message(ok[i], want[i])) << i;
}

TEST(Splitter, WholeStreamInOneCall) {
  std::mt19937 rng(1);
  const Stream st = make_stream(rng, 300);
  sc_splitter s;
  sc_splitter_init(&s);
  expect_all_recovered(st.messages, split(s, st.bytes, [&] { return st.bytes.size(); }));
}

TEST(Splitter, OneByteAtATime) {
  std::mt19937 rng(2);
  const Stream st = make_stream(rng, 300);
  sc_splitter s;
  sc_splitter_init(&s);
  expect_all_recovered(st.messages, split(s, st.bytes, [] { return size_t{1}; }));
  EXPECT_EQ(s.len, 0u);
}

TEST(Splitter, RandomChunkBoundaries) {
  std::mt19937 rng(3);
  const Stream st = make_stream(rng, 300);
  for (size_t max_chunk : {2, 7, 64, 517, 518, 4096}) {
    sc_splitter s;
    sc_splitter_init(&s);
    expect_all_recovered(st.messages, split(s, st.bytes, [&] { return 1 + rng() % max_chunk; }));
    EXPECT_EQ(s.oversize_runs, 0u);
  }
}

TEST(Splitter, EveryCutPointOfTwoFrames) {
  std::mt19937 rng(4);
  const Stream st = make_stream(rng, 2);
  for (size_t cut = 0; cut <= st.bytes.size(); ++cut) {
    sc_splitter s;
    sc_splitter_init(&s);
    Collector got;
    sc_splitter_feed(&s, st.bytes.data(), cut, Collector::on_frame, &got);
    sc_splitter_feed(&s, st.bytes.data() + cut, st.bytes.size() - cut, Collector::on_frame, &got);
    expect_all_recovered(st.messages, got);
  }
}

TEST(Splitter, BackToBackDelimitersDeliverEmptyFrames) {
  std::mt19937 rng(5);
  const sc_message m = make_imu(rng, 2);
  const Bytes f = encode(m);
  Bytes bytes = {0x00, 0x00};
  bytes.insert(bytes.end(), f.begin(), f.end());
  bytes.push_back(0x00);
  sc_splitter s;
  sc_splitter_init(&s);
  Collector got;
  EXPECT_EQ(sc_splitter_feed(&s, bytes.data(), bytes.size(), Collector::on_frame, &got), 4u);
  ASSERT_EQ(got.frames.size(), 4u);
  EXPECT_TRUE(got.frames[0].empty());
  EXPECT_TRUE(got.frames[1].empty());
  EXPECT_TRUE(got.frames[3].empty());
  EXPECT_EQ(decode(got.frames[0]).status, SC_ERR_EMPTY);
  const Decoded d = decode(got.frames[2]);
  ASSERT_EQ(d.status, SC_OK);
  EXPECT_TRUE(same_message(d.msg, m));
}

TEST(Splitter, NoDelimiterNoFrame) {
  const Bytes partial = {0x05, 0x11, 0x22};
  sc_splitter s;
  sc_splitter_init(&s);
  Collector got;
  EXPECT_EQ(sc_splitter_feed(&s, partial.data(), partial.size(), Collector::on_frame, &got), 0u);
  EXPECT_TRUE(got.frames.empty());
  EXPECT_EQ(s.len, partial.size());
  EXPECT_EQ(sc_splitter_feed(&s, nullptr, 0, Collector::on_frame, &got), 0u);
}

Bytes garbage(std::mt19937& rng, size_t n, bool with_zeros) {
  Bytes g(n);
  for (auto& b : g)
    b = with_zeros ? static_cast<uint8_t>(rng()) : static_cast<uint8_t>(1 + rng() % 255);
  return g;
}

// Joining a stream mid-frame (the host opens the port while the device is sending): the
// garbage merges with the first frame, which is lost; every later frame is recovered.
TEST(Splitter, ResyncAfterGarbagePrefix) {
  std::mt19937 rng(6);
  for (int trial = 0; trial < 200; ++trial) {
    const Stream st = make_stream(rng, 5);
    Bytes bytes = garbage(rng, 1 + rng() % 600, trial % 2 == 0);
    const size_t garbage_n = bytes.size();
    bytes.insert(bytes.end(), st.bytes.begin(), st.bytes.end());
    sc_splitter s;
    sc_splitter_init(&s);
    const std::vector<sc_message> ok = accepted(split(s, bytes, [&] { return 1 + rng() % 100; }));
    // Garbage that happens to end in 0x00 delimits itself and the first frame survives.
    const size_t lost = bytes[garbage_n - 1] == 0x00 ? 0 : 1;
    ASSERT_EQ(ok.size(), 5 - lost) << "trial " << trial << ", " << garbage_n << " bytes";
    for (size_t i = 0; i < ok.size(); ++i) {
      ASSERT_TRUE(same_message(ok[i], st.messages[i + lost])) << "trial " << trial;
    }
  }
}

// A device that sends one 0x00 before its first frame (docs/protocol.md recommends it) loses
// nothing, whatever came before.
TEST(Splitter, LeadingDelimiterSavesTheFirstFrame) {
  std::mt19937 rng(7);
  const Stream st = make_stream(rng, 5);
  Bytes bytes = garbage(rng, 300, false);
  bytes.push_back(0x00);
  bytes.insert(bytes.end(), st.bytes.begin(), st.bytes.end());
  sc_splitter s;
  sc_splitter_init(&s);
  const std::vector<sc_message> ok = accepted(split(s, bytes, [] { return size_t{13}; }));
  ASSERT_EQ(ok.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_TRUE(same_message(ok[i], st.messages[i]));
}

// Garbage written into the middle of frame k (line noise, a second writer): frame k is lost,
// frames before and after it are recovered.
TEST(Splitter, ResyncAfterGarbageInTheMiddle) {
  std::mt19937 rng(8);
  for (int trial = 0; trial < 200; ++trial) {
    const Stream st = make_stream(rng, 6);
    Bytes bytes;
    const size_t k = 1 + rng() % 4;
    for (size_t i = 0; i < st.messages.size(); ++i) {
      Bytes f = encode(st.messages[i]);
      if (i == k) {
        const Bytes g = garbage(rng, 1 + rng() % 700, trial % 2 == 0);
        // Strictly inside the frame: garbage ending in 0x00 right before an intact frame
        // would just be an extra junk frame, not damage to frame k.
        const size_t at = 1 + rng() % (f.size() - 2);
        f.insert(f.begin() + static_cast<long>(at), g.begin(), g.end());
      }
      bytes.insert(bytes.end(), f.begin(), f.end());
    }
    sc_splitter s;
    sc_splitter_init(&s);
    const std::vector<sc_message> ok = accepted(split(s, bytes, [&] { return 1 + rng() % 300; }));
    ASSERT_EQ(ok.size(), 5u) << "trial " << trial;
    for (size_t i = 0, j = 0; i < st.messages.size(); ++i) {
      if (i != k) {
        ASSERT_TRUE(same_message(ok[j++], st.messages[i])) << "trial " << trial;
      }
    }
  }
}

TEST(Splitter, RunOfExactlyMaxFrameBytesIsDelivered) {
  Bytes bytes(SC_MAX_FRAME_BYTES, 0x01);
  bytes.push_back(0x00);
  sc_splitter s;
  sc_splitter_init(&s);
  const Collector got = split(s, bytes, [] { return size_t{100}; });
  ASSERT_EQ(got.frames.size(), 1u);
  EXPECT_EQ(got.frames[0].size(), static_cast<size_t>(SC_MAX_FRAME_BYTES));
  EXPECT_EQ(decode(got.frames[0]).status, SC_ERR_TOO_LONG);
  EXPECT_EQ(s.oversize_runs, 0u);
}

TEST(Splitter, OverlongRunIsDiscardedCountedAndRecoveredFrom) {
  std::mt19937 rng(9);
  for (size_t chunk : {size_t{1}, size_t{37}, size_t{516}, size_t{100000}}) {
    const Stream before = make_stream(rng, 3);
    const Stream after = make_stream(rng, 3);
    Bytes bytes = before.bytes;
    const size_t run_n = SC_MAX_FRAME_BYTES + 1 + rng() % 3000;
    const Bytes run = garbage(rng, run_n, false);
    bytes.insert(bytes.end(), run.begin(), run.end());
    bytes.push_back(0x00);
    bytes.insert(bytes.end(), after.bytes.begin(), after.bytes.end());

    sc_splitter s;
    sc_splitter_init(&s);
    const Collector got = split(s, bytes, [&] { return chunk; });
    EXPECT_EQ(s.oversize_runs, 1u) << "chunk " << chunk;
    EXPECT_EQ(s.discarded_bytes, run_n) << "chunk " << chunk;
    EXPECT_FALSE(s.discarding);
    std::vector<sc_message> want = before.messages;
    want.insert(want.end(), after.messages.begin(), after.messages.end());
    expect_all_recovered(want, got);
  }
}

// A long run that ends the feed leaves the splitter discarding; the next delimiter ends it.
TEST(Splitter, DiscardingSurvivesAcrossCalls) {
  std::mt19937 rng(10);
  const Bytes run = garbage(rng, 2 * SC_MAX_FRAME_BYTES, false);
  const Stream after = make_stream(rng, 2);
  sc_splitter s;
  sc_splitter_init(&s);
  Collector got;
  EXPECT_EQ(sc_splitter_feed(&s, run.data(), run.size(), Collector::on_frame, &got), 0u);
  EXPECT_TRUE(s.discarding);
  EXPECT_EQ(s.oversize_runs, 1u);
  sc_splitter_feed(&s, run.data(), 10, Collector::on_frame, &got);
  EXPECT_EQ(s.discarded_bytes, run.size() + 10);
  const uint8_t zero = 0;
  EXPECT_EQ(sc_splitter_feed(&s, &zero, 1, Collector::on_frame, &got), 0u);
  EXPECT_FALSE(s.discarding);
  EXPECT_EQ(s.oversize_runs, 1u);
  expect_all_recovered(after.messages, split(s, after.bytes, [] { return size_t{5}; }));
}

TEST(Splitter, TwoOverlongRunsAreCountedTwice) {
  Bytes bytes(SC_MAX_FRAME_BYTES + 1, 0x33);
  bytes.push_back(0x00);
  bytes.insert(bytes.end(), SC_MAX_FRAME_BYTES + 5, 0x44);
  bytes.push_back(0x00);
  sc_splitter s;
  sc_splitter_init(&s);
  const Collector got = split(s, bytes, [] { return size_t{64}; });
  EXPECT_TRUE(got.frames.empty());
  EXPECT_EQ(s.oversize_runs, 2u);
  EXPECT_EQ(s.discarded_bytes, 2u * SC_MAX_FRAME_BYTES + 6u);
}

}  // namespace
