// A StepSink that keeps every step (and cue) it is given, for tests that run a pipeline and then
// look at what came out.
#pragma once

#include <vector>

#include "stridecue/processing/step.hpp"

namespace stridecue::test {

struct StepCollector : processing::StepSink {
  std::vector<processing::StepResult> steps;
  std::vector<processing::Cue> cues;
  void on_step(const processing::StepResult& s) override { steps.push_back(s); }
  void on_cue(const processing::Cue& c) override { cues.push_back(c); }
};

}  // namespace stridecue::test
