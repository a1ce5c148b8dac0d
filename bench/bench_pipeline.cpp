// The full force pipeline (drift correction, contact detection, stance metrics, sides, cue) on
// one core, over two-plate frames from the simulator (issue 5 target: >= 5 M frames/s).
#include <benchmark/benchmark.h>

#include <vector>

#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;

namespace {

std::vector<ForceFrame> simulate(double seconds, double rate_hz) {
  sim::RunnerConfig rc;
  rc.zero_drift_n_per_min = 5;
  rc.flight_ringing_n = 40;
  sim::Runner runner(rc, 3);
  std::vector<ForceFrame> frames(static_cast<std::size_t>(seconds * rate_hz));
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto& f = frames[i];
    f.t_ns = static_cast<TimeNs>(static_cast<double>(i) * 1e9 / rate_hz);
    f.counter = static_cast<std::uint32_t>(i);
    f.n_plates = 2;
    runner.plates_at(f.t_ns, std::span(f.plate.data(), 2));
  }
  return frames;
}

struct CountSink : processing::StepSink {
  std::uint64_t steps = 0, cues = 0;
  void on_step(const processing::StepResult&) override { ++steps; }
  void on_cue(const processing::Cue&) override { ++cues; }
};

void BM_ForcePipeline(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  const auto frames = simulate(60, rate);
  CountSink sink;
  for (auto _ : state) {
    processing::ForcePipeline pipeline(processing::ForcePipelineConfig{});
    for (const auto& f : frames) pipeline.process(f, sink);
    benchmark::DoNotOptimize(sink.steps);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frames.size()));
  state.counters["x_realtime"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 60.0, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ForcePipeline)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

}  // namespace
