// A StepSink that keeps every step it is given, for tests that run the force pipeline and then
// look at what came out.
#pragma once

#include <vector>

#include "stridecue/processing/step.hpp"

namespace stridecue::test {

struct StepCollector : processing::StepSink {
  std::vector<processing::StepResult> steps;
  void on_step(const processing::StepResult& s) override { steps.push_back(s); }
};

}  // namespace stridecue::test
