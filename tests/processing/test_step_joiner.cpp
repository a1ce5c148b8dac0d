// StepJoiner (step_joiner.hpp): steps wait for the IMU in order, never get stuck, never get lost.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stridecue/processing/step_joiner.hpp"

using namespace stridecue;
using namespace stridecue::processing;

namespace {
processing::StepResult step(std::uint32_t index, double t_ic_s) {
  processing::StepResult s;
  s.index = index;
  s.side = index % 2 ? Side::kRight : Side::kLeft;
  s.t_ic_ns = s_to_ns(t_ic_s);
  s.t_to_ns = s.t_ic_ns + 250 * kNsPerMs;
  return s;
}
}  // namespace

TEST(StepJoiner, StepsWaitForTheImuThenGoOnInOrderFlaggedWhenItNeverCame) {
  // IMU data up to 0.1 s only: every step after it is "not yet" measurable.
  processing::PelvisPipeline pelvis;
  for (std::uint32_t i = 0; i < 50; ++i) {
    ImuSample s = make_sample<ImuSample>(i * 2 * kNsPerMs, i, 1, 0);
    s.acc_mps2[2] = static_cast<float>(processing::kGravity_mps2);
    pelvis.process(s);
  }
  StepJoiner joiner;
  std::vector<processing::StepResult> out;
  const auto emit = [&](const processing::StepResult& s) { out.push_back(s); };
  for (std::uint32_t i = 0; i < 5; ++i) joiner.hold(step(i, 0.2 + 0.35 * i), emit);
  joiner.flush(pelvis, StepJoiner::kNoPlateTime, 0, emit);
  EXPECT_TRUE(out.empty());  // the IMU may still come
  EXPECT_EQ(joiner.waiting(), 5u);
  // Plates 300 ms past a step's toe-off with no IMU: that step goes on, flagged.
  joiner.flush(pelvis, s_to_ns(0.2 + 0.35 * 1 + 0.25 + 0.301), processing::kPelvisImuEvents, emit);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].index, 0u);
  EXPECT_EQ(out[1].index, 1u);
  EXPECT_TRUE(out[1].pelvis.flags & processing::kPelvisNoImu);
  EXPECT_TRUE(out[1].pelvis.flags & processing::kPelvisImuEvents);
  joiner.flush(pelvis, StepJoiner::kEndOfData, 0, emit);
  ASSERT_EQ(out.size(), 5u);
  for (std::uint32_t i = 0; i < 5; ++i) EXPECT_EQ(out[i].index, i);
  EXPECT_EQ(joiner.waiting(), 0u);
}

TEST(StepJoiner, WhenFullTheOldestGoesOnUnmeasured) {
  StepJoiner joiner;
  std::vector<processing::StepResult> out;
  const auto emit = [&](const processing::StepResult& s) { out.push_back(s); };
  for (std::uint32_t i = 0; i < StepJoiner::kCapacity + 3; ++i)
    joiner.hold(step(i, 0.35 * i), emit);
  ASSERT_EQ(out.size(), 3u);
  for (std::uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out[i].index, i);
    EXPECT_TRUE(out[i].pelvis.flags & processing::kPelvisNoImu);
    EXPECT_TRUE(std::isnan(out[i].pelvis.pelvic_drop_deg));
  }
  EXPECT_EQ(joiner.waiting(), StepJoiner::kCapacity);
}
