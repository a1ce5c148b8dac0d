// ProtocolRunner: which blocks start and end when, and the station actions each needs — with time
// passing sample by sample, the clinician moving on, the session stopping, an until-next block,
// and the session clock jumping over several blocks at once.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "stridecue/config/protocol.hpp"
#include "stridecue/station/protocol_runner.hpp"

using namespace stridecue;
using namespace stridecue::station;
using config::BlockKind;

namespace {

/// Every call as one line, times in whole seconds.
class Log : public ActionSink {
 public:
  std::vector<std::string> lines;

  void block_started(const BlockStarted& b) override {
    lines.push_back("start " + std::to_string(b.index) + " " +
                    std::string(config::block_kind_name(b.kind)) + " '" + std::string(b.name) +
                    "' @" + s(b.t_ns));
  }
  void block_ended(const BlockEnded& b) override {
    lines.push_back("end " + std::to_string(b.index) + " " + std::string(block_end_name(b.why)) +
                    " @" + s(b.t_ns) + " lasted " + s(b.lasted_ns));
  }
  void tare(TimeNs duration_ns) override { lines.push_back("tare " + s(duration_ns)); }
  void calibrate() override { lines.push_back("calibrate"); }
  void begin_baseline() override { lines.push_back("begin_baseline"); }
  void end_baseline() override { lines.push_back("end_baseline"); }
  void mark(std::string_view label) override { marks.emplace_back(label); }
  void finished(TimeNs t_ns, bool completed) override {
    lines.push_back(std::string(completed ? "finished" : "stopped") + " @" + s(t_ns));
  }

  std::vector<std::string> marks;
  std::vector<std::string> take() { return std::exchange(lines, {}); }

 private:
  static std::string s(TimeNs t) {
    return t % kNsPerS == 0 ? std::to_string(t / kNsPerS) + "s" : std::to_string(t) + "ns";
  }
};

config::ProtocolBlock block(BlockKind kind, std::string name, std::optional<double> duration_s) {
  config::ProtocolBlock b;
  b.kind = kind;
  b.name = std::move(name);
  if (duration_s) b.duration_ns = s_to_ns(*duration_s);
  return b;
}

/// tare 3 s, static 5 s, warm-up 10 s, baseline 20 s, retraining 30 s, post-test 20 s.
config::Protocol full() {
  config::Protocol p;
  p.name = "full";
  p.blocks = {block(BlockKind::kTare, "Plate zero", 3),
              block(BlockKind::kStatic, "Static calibration", 5),
              block(BlockKind::kWarmup, "Warm-up", 10),
              block(BlockKind::kBaseline, "Baseline", 20),
              block(BlockKind::kRetraining, "Retraining", 30),
              block(BlockKind::kPostTest, "Post-test", 20)};
  p.blocks[4].cue_preset = "default";
  p.blocks[4].instruction = "Follow the cue";
  p.blocks[4].speed_kmh = 10.5;
  return p;
}

constexpr TimeNs kT0 = 1'000 * kNsPerS;  // the session clock does not start at 0

const std::vector<std::string> kFullSequence = {
    "start 0 tare 'Plate zero' @1000s",
    "tare 3s",
    "end 0 time up @1003s lasted 3s",
    "start 1 static 'Static calibration' @1003s",
    "calibrate",
    "end 1 time up @1008s lasted 5s",
    "start 2 warmup 'Warm-up' @1008s",
    "end 2 time up @1018s lasted 10s",
    "start 3 baseline 'Baseline' @1018s",
    "begin_baseline",
    "end_baseline",
    "end 3 time up @1038s lasted 20s",
    "start 4 retraining 'Retraining' @1038s",
    "end 4 time up @1068s lasted 30s",
    "start 5 post_test 'Post-test' @1068s",
    "end 5 time up @1088s lasted 20s",
    "finished @1088s",
};

}  // namespace

TEST(ProtocolRunner, AFullProtocolWithTimePassingSampleBySample) {
  ProtocolRunner runner(full());
  Log log;
  EXPECT_FALSE(runner.started());
  EXPECT_EQ(runner.current_block(), nullptr);
  // 1 kHz samples for 100 s: each block ends at its own end, to the nanosecond.
  for (TimeNs t = kT0; t <= kT0 + 100 * kNsPerS; t += kNsPerMs) {
    runner.advance(t, log);
    if (t == kT0 + 20 * kNsPerS) {
      EXPECT_EQ(runner.current_index(), 3u);
      EXPECT_EQ(runner.current_block()->kind, BlockKind::kBaseline);
      EXPECT_EQ(runner.time_in_block_ns(t), 2 * kNsPerS);
      EXPECT_EQ(runner.time_left_ns(t), 18 * kNsPerS);
      EXPECT_EQ(runner.block_start_ns(), kT0 + 18 * kNsPerS);
    }
  }
  EXPECT_EQ(log.take(), kFullSequence);
  EXPECT_TRUE(runner.finished());
  EXPECT_EQ(runner.current_index(), 6u);
  EXPECT_EQ(runner.current_block(), nullptr);
  EXPECT_EQ(runner.time_left_ns(kT0 + 200 * kNsPerS), std::nullopt);
  // Nothing more once finished.
  runner.advance(kT0 + 200 * kNsPerS, log);
  runner.next(kT0 + 200 * kNsPerS, log);
  runner.stop(kT0 + 200 * kNsPerS, log);
  EXPECT_TRUE(log.take().empty());
}

TEST(ProtocolRunner, BlockStartedCarriesWhatTheScreenShows) {
  struct Starts : Log {
    std::vector<BlockStarted> starts;
    void block_started(const BlockStarted& b) override { starts.push_back(b); }
  } sink;
  ProtocolRunner runner(full());
  runner.advance(kT0, sink);
  runner.advance(kT0 + 40 * kNsPerS, sink);
  ASSERT_EQ(sink.starts.size(), 5u);
  const BlockStarted& r = sink.starts[4];
  EXPECT_EQ(r.index, 4u);
  EXPECT_EQ(r.count, 6u);
  EXPECT_EQ(r.kind, BlockKind::kRetraining);
  EXPECT_EQ(r.name, "Retraining");
  EXPECT_EQ(r.instruction, "Follow the cue");
  EXPECT_EQ(r.cue_preset, "default");
  EXPECT_EQ(r.speed_kmh, 10.5);
  EXPECT_EQ(r.duration_ns, 30 * kNsPerS);
  EXPECT_EQ(r.t_ns, kT0 + 38 * kNsPerS);
  EXPECT_EQ(sink.starts[0].speed_kmh, std::nullopt);
}

TEST(ProtocolRunner, ATimeJumpOverSeveralBlocksStartsAndEndsEachInOrder) {
  // e.g. the first sample after a long device stall, or a replay fed in big slices.
  ProtocolRunner runner(full());
  Log log;
  runner.advance(kT0, log);
  runner.advance(kT0 + 50 * kNsPerS, log);  // into the retraining block
  EXPECT_EQ(runner.current_index(), 4u);
  EXPECT_EQ(runner.time_in_block_ns(kT0 + 50 * kNsPerS), 12 * kNsPerS);
  runner.advance(kT0 + 10'000 * kNsPerS, log);  // past the end
  EXPECT_EQ(log.take(), kFullSequence);
  // Exactly to the protocol's end in one call.
  ProtocolRunner jump(full());
  jump.advance(kT0, log);
  jump.advance(kT0 + 88 * kNsPerS, log);  // exactly the protocol's end
  EXPECT_TRUE(jump.finished());
}

TEST(ProtocolRunner, TheClinicianMovesOn) {
  ProtocolRunner runner(full());
  Log log;
  runner.advance(kT0, log);
  runner.advance(kT0 + 10 * kNsPerS, log);  // warm-up, 2 s in
  log.take();
  runner.next(kT0 + 10 * kNsPerS, log);  // warm-up cut short
  EXPECT_EQ(log.take(),
            (std::vector<std::string>{"end 2 moved on @1010s lasted 2s",
                                      "start 3 baseline 'Baseline' @1010s", "begin_baseline"}));
  EXPECT_EQ(runner.time_left_ns(kT0 + 15 * kNsPerS), 15 * kNsPerS);
  runner.next(kT0 + 15 * kNsPerS, log);  // baseline cut short: still ended, so the engine judges
  EXPECT_EQ(log.take(), (std::vector<std::string>{"end_baseline", "end 3 moved on @1015s lasted 5s",
                                                  "start 4 retraining 'Retraining' @1015s"}));
  // Moving on from the last block finishes the protocol.
  runner.next(kT0 + 16 * kNsPerS, log);
  runner.next(kT0 + 17 * kNsPerS, log);
  EXPECT_EQ(log.take(),
            (std::vector<std::string>{"end 4 moved on @1016s lasted 1s",
                                      "start 5 post_test 'Post-test' @1016s",
                                      "end 5 moved on @1017s lasted 1s", "finished @1017s"}));
  EXPECT_EQ(log.marks[0], "block 1 start: Plate zero");
  EXPECT_EQ(log.marks[5], "block 3 end, moved on: Warm-up");
}

TEST(ProtocolRunner, NextCatchesUpFirst) {
  // The clinician presses "next" 1 s into the warm-up, but the call comes with a time past the
  // static block's end: the static block ends on time, then the warm-up is moved on from.
  ProtocolRunner runner(full());
  Log log;
  runner.advance(kT0, log);
  runner.advance(kT0 + 4 * kNsPerS, log);  // static block
  log.take();
  runner.next(kT0 + 9 * kNsPerS, log);
  EXPECT_EQ(log.take(), (std::vector<std::string>{
                            "end 1 time up @1008s lasted 5s", "start 2 warmup 'Warm-up' @1008s",
                            "end 2 moved on @1009s lasted 1s", "start 3 baseline 'Baseline' @1009s",
                            "begin_baseline"}));
}

TEST(ProtocolRunner, TheSessionStops) {
  ProtocolRunner runner(full());
  Log log;
  runner.advance(kT0, log);
  runner.advance(kT0 + 25 * kNsPerS, log);  // baseline, 7 s in
  log.take();
  runner.stop(kT0 + 25 * kNsPerS, log);
  // A baseline cut short by a stop is not the runner's reference: no end_baseline.
  EXPECT_EQ(log.take(),
            (std::vector<std::string>{"end 3 stopped @1025s lasted 7s", "stopped @1025s"}));
  EXPECT_TRUE(runner.finished());
  EXPECT_EQ(log.marks.back(), "block 4 end, stopped: Baseline");
  runner.advance(kT0 + 100 * kNsPerS, log);
  runner.stop(kT0 + 100 * kNsPerS, log);
  EXPECT_TRUE(log.take().empty());
  // Stopped before the first sample: no block ran.
  ProtocolRunner idle(full());
  idle.stop(kT0, log);
  EXPECT_EQ(log.take(), (std::vector<std::string>{"stopped @1000s"}));
  EXPECT_TRUE(idle.finished());
}

TEST(ProtocolRunner, AnUntilNextBlockWaitsForTheClinician) {
  config::Protocol p;
  p.name = "demo";
  p.blocks = {block(BlockKind::kStatic, "Stand still", 6),
              block(BlockKind::kBaseline, "Baseline", std::nullopt),
              block(BlockKind::kRetraining, "Retraining", std::nullopt)};
  ProtocolRunner runner(p);
  Log log;
  runner.advance(0, log);
  runner.advance(3600 * kNsPerS, log);  // an hour: the baseline still runs
  EXPECT_EQ(log.take(),
            (std::vector<std::string>{"start 0 static 'Stand still' @0s", "calibrate",
                                      "end 0 time up @6s lasted 6s",
                                      "start 1 baseline 'Baseline' @6s", "begin_baseline"}));
  EXPECT_EQ(runner.time_left_ns(3600 * kNsPerS), std::nullopt);
  EXPECT_EQ(runner.time_in_block_ns(3600 * kNsPerS), 3594 * kNsPerS);
  runner.next(3600 * kNsPerS, log);
  EXPECT_EQ(log.take(),
            (std::vector<std::string>{"end_baseline", "end 1 moved on @3600s lasted 3594s",
                                      "start 2 retraining 'Retraining' @3600s"}));
  runner.stop(4000 * kNsPerS, log);  // retraining "until the end": the demo stops it
  EXPECT_EQ(log.take(),
            (std::vector<std::string>{"end 2 stopped @4000s lasted 400s", "stopped @4000s"}));
}

TEST(ProtocolRunner, NextBeforeTheFirstSampleStartsTheProtocol) {
  ProtocolRunner runner(full());
  Log log;
  runner.next(kT0, log);
  EXPECT_EQ(log.take(), (std::vector<std::string>{"start 0 tare 'Plate zero' @1000s", "tare 3s"}));
}

TEST(ProtocolRunner, TimeGoingBackwardsChangesNothing) {
  ProtocolRunner runner(full());
  Log log;
  runner.advance(kT0, log);
  runner.advance(kT0 + 4 * kNsPerS, log);  // static block, from 1003 s
  log.take();
  runner.advance(kT0, log);
  EXPECT_TRUE(log.take().empty());
  EXPECT_EQ(runner.time_in_block_ns(kT0), 0);
  EXPECT_EQ(runner.time_left_ns(kT0), 5 * kNsPerS);
  runner.next(kT0, log);  // ends at the block's start, not before it
  EXPECT_EQ(log.take().front(), "end 1 moved on @1003s lasted 0s");
}

TEST(ProtocolRunner, MarkersFitAMarkerAndKeepWholeCharacters) {
  config::Protocol p;
  p.name = "long";
  // 40 characters, 2 bytes each: the label must be cut before the Marker's 47 bytes, at a
  // character boundary.
  std::string name;
  for (int i = 0; i < 40; ++i) name += "é";
  p.blocks = {block(BlockKind::kFree, name, 1)};
  ProtocolRunner runner(p);
  Log log;
  runner.advance(0, log);
  runner.advance(kNsPerS, log);
  ASSERT_EQ(log.marks.size(), 2u);
  for (const auto& m : log.marks) {
    EXPECT_LE(m.size(), 47u);
    EXPECT_NE(static_cast<unsigned char>(m.back()), 0xC3) << "a character cut in two";
  }
  EXPECT_EQ(log.marks[0].rfind("block 1 start: éé", 0), 0u);
}

TEST(ProtocolRunner, RefusesAProtocolItCannotRun) {
  EXPECT_THROW(ProtocolRunner(config::Protocol{}), std::invalid_argument);
  config::Protocol p;
  p.blocks = {block(BlockKind::kFree, "x", 0)};
  EXPECT_THROW(ProtocolRunner{p}, std::invalid_argument);
}

TEST(ProtocolRunner, RunsTheShippedProtocolsToTheEnd) {
  for (const char* name : {"clinic-assessment", "clinic-retraining", "coach-drill", "demo"}) {
    const config::Protocol p = config::load_protocol(std::string(STRIDECUE_SOURCE_DIR) +
                                                     "/config/protocols/" + name + ".yaml");
    ProtocolRunner runner(p);
    Log log;
    for (TimeNs t = 0; !runner.finished() && t < 24 * 3600 * kNsPerS; t += 100 * kNsPerMs) {
      runner.advance(t, log);
      if (runner.current_block() && !runner.current_block()->duration_ns) runner.next(t, log);
    }
    EXPECT_TRUE(runner.finished()) << name;
    std::size_t starts = 0, ends = 0, begins = 0, end_baselines = 0;
    for (const auto& l : log.lines) {
      starts += l.rfind("start ", 0) == 0;
      ends += l.rfind("end ", 0) == 0;
      begins += l == "begin_baseline";
      end_baselines += l == "end_baseline";
    }
    EXPECT_EQ(starts, p.blocks.size()) << name;
    EXPECT_EQ(ends, p.blocks.size()) << name;
    EXPECT_EQ(begins, 1u) << name;
    EXPECT_EQ(end_baselines, 1u) << name;
    EXPECT_EQ(log.lines.back().rfind("finished", 0), 0u) << name;
  }
}

TEST(ProtocolRunner, AdvanceNextAndStopDoNotAllocate) {
  struct Counting : ActionSink {
    std::size_t calls = 0;
    void block_started(const BlockStarted&) override { ++calls; }
    void block_ended(const BlockEnded&) override { ++calls; }
    void tare(TimeNs) override { ++calls; }
    void calibrate() override { ++calls; }
    void begin_baseline() override { ++calls; }
    void end_baseline() override { ++calls; }
    void mark(std::string_view) override { ++calls; }
    void finished(TimeNs, bool) override { ++calls; }
  } sink;
  ProtocolRunner runner(full());
  const test::AllocationScope scope;
  for (TimeNs t = kT0; t < kT0 + 30 * kNsPerS; t += kNsPerMs) runner.advance(t, sink);
  runner.next(kT0 + 30 * kNsPerS, sink);
  runner.stop(kT0 + 31 * kNsPerS, sink);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_GT(sink.calls, 20u);
}
