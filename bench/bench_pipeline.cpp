// The force pipeline (drift correction, contact detection, stance metrics, sides) on one core,
// over two-plate frames from the simulator (issue 5 target: >= 5 M frames/s); with the low-pass
// on; single-belt walking (one plate, steps separated by the COP); and the whole gait engine —
// plates and pelvis IMU, the join, symmetry and the cue — as the processing thread runs it.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;

namespace {

std::vector<ForceFrame> simulate(double seconds, double rate_hz, bool walking_single_belt = false) {
  sim::RunnerConfig rc;
  rc.zero_drift_n_per_min = 5;
  rc.flight_ringing_n = 40;
  if (walking_single_belt) {
    rc = sim::walking_config();
    rc.belt = sim::Belt::kSingle;
  }
  sim::Runner runner(rc, 3);
  const int n_plates = runner.plate_count();
  std::vector<ForceFrame> frames(static_cast<std::size_t>(seconds * rate_hz));
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto& f = frames[i];
    f.t_ns = static_cast<TimeNs>(static_cast<double>(i) * 1e9 / rate_hz);
    f.counter = static_cast<std::uint32_t>(i);
    f.n_plates = static_cast<std::uint8_t>(n_plates);
    runner.plates_at(f.t_ns, std::span(f.plate.data(), static_cast<std::size_t>(n_plates)));
  }
  return frames;
}

struct CountSink : processing::StepSink {
  std::uint64_t steps = 0;
  void on_step(const processing::StepResult&) override { ++steps; }
};

/// Runs `config` over `frames` once per iteration (a fresh pipeline each time).
void run_pipeline(benchmark::State& state, const std::vector<ForceFrame>& frames,
                  const processing::ForcePipelineConfig& config) {
  CountSink sink;
  for (auto _ : state) {
    processing::ForcePipeline pipeline(config);
    for (const auto& f : frames) pipeline.process(f, sink);
    benchmark::DoNotOptimize(sink.steps);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frames.size()));
}

void BM_ForcePipeline(benchmark::State& state) {
  run_pipeline(state, simulate(60, static_cast<double>(state.range(0))), {});
  state.counters["x_realtime"] = benchmark::Counter(static_cast<double>(state.iterations()) * 60.0,
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ForcePipeline)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

/// The same with the 4th-order 50 Hz low-pass on all 12 channels.
void BM_ForcePipelineLowPass(benchmark::State& state) {
  processing::ForcePipelineConfig config;
  config.filter.cutoff_hz = 50;
  run_pipeline(state, simulate(60, 1000), config);
}
BENCHMARK(BM_ForcePipelineLowPass)->Unit(benchmark::kMillisecond);

/// Single belt, walking: every step cut from the double-support bouts by the COP.
void BM_SingleBeltWalking(benchmark::State& state) {
  processing::ForcePipelineConfig config;
  config.belt = processing::BeltLayout::kSingle;
  run_pipeline(state, simulate(60, 1000, true), config);
}
BENCHMARK(BM_SingleBeltWalking)->Unit(benchmark::kMillisecond);

/// The gait engine over 60 s of two plates at 1 kHz and a pelvis IMU at 500 Hz (5 s standing
/// first), merged in time order: items are samples (frames + IMU samples).
void BM_GaitEngine(benchmark::State& state) {
  sim::RunnerConfig rc;
  rc.standing_s = 5.0;
  rc.zero_drift_n_per_min = 5;
  rc.flight_ringing_n = 40;
  sim::Runner runner(rc, 3);
  std::vector<SampleItem> items;
  std::uint32_t n_imu = 0;
  for (TimeNs t = 0; t < 60 * kNsPerS; t += kNsPerMs) {
    if (t % (2 * kNsPerMs) == 0)
      items.emplace_back(sim::to_imu_sample(runner.imu_at(t), t, n_imu++));
    ForceFrame f;
    f.t_ns = t;
    f.n_plates = 2;
    runner.plates_at(t, std::span(f.plate.data(), 2));
    items.emplace_back(f);
  }
  struct Count : processing::GaitSink {
    std::uint64_t steps = 0, updates = 0;
    void on_step(const processing::StepResult&) override { ++steps; }
    void on_symmetry(const processing::SymmetryUpdate&) override { ++updates; }
  } sink;
  for (auto _ : state) {
    auto engine = std::make_unique<processing::GaitEngine>(processing::GaitEngineConfig{});
    for (const auto& item : items) engine->process(item, sink);
    benchmark::DoNotOptimize(sink.steps);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items.size()));
  state.counters["x_realtime"] = benchmark::Counter(static_cast<double>(state.iterations()) * 60.0,
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GaitEngine)->Unit(benchmark::kMillisecond);

}  // namespace
