// The pelvis IMU pipeline (orientation filter, calibration, heading, angles, angle history,
// IMU-only events, and per-step measurement as steps come) on one core, over IMU samples from
// the simulator (issue 6 target: >= 5 M samples/s).
#include <benchmark/benchmark.h>

#include <vector>

#include "stridecue/processing/orientation_filter.hpp"
#include "stridecue/processing/pelvis_pipeline.hpp"
#include "stridecue/sim/runner.hpp"

using namespace stridecue;

namespace {

std::vector<ImuSample> simulate(double seconds, double rate_hz) {
  sim::RunnerConfig rc;
  rc.standing_s = 5.0;
  rc.imu_rate_hz = rate_hz;
  sim::Runner runner(rc, 3);
  std::vector<ImuSample> samples(static_cast<std::size_t>(seconds * rate_hz));
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto t = static_cast<TimeNs>(static_cast<double>(i) * 1e9 / rate_hz);
    samples[i] = sim::to_imu_sample(runner.imu_at(t), t, static_cast<std::uint32_t>(i));
  }
  return samples;
}

void BM_PelvisPipeline(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  const auto samples = simulate(60, rate);
  std::uint64_t steps = 0;
  for (auto _ : state) {
    processing::PelvisPipeline pipeline;
    processing::ImuStep is;
    processing::PelvisStepMetrics m;
    for (const auto& s : samples) {
      pipeline.process(s);
      while (pipeline.take_imu_step(is)) {
        pipeline.measure_step(is.t_ic_ns, is.t_to_ns, is.side, m);
        ++steps;
      }
    }
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * samples.size()));
  state.counters["steps_per_run"] =
      static_cast<double>(steps) / static_cast<double>(state.iterations());
  state.counters["x_realtime"] = benchmark::Counter(static_cast<double>(state.iterations()) * 60.0,
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PelvisPipeline)->Arg(500)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_OrientationFilterOnly(benchmark::State& state) {
  const auto samples = simulate(20, 1000);
  for (auto _ : state) {
    processing::OrientationFilter f;
    for (const auto& s : samples) {
      f.update({s.acc_mps2[0], s.acc_mps2[1], s.acc_mps2[2]},
               {s.gyro_rads[0], s.gyro_rads[1], s.gyro_rads[2]}, 0.001);
    }
    benchmark::DoNotOptimize(f.orientation());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * samples.size()));
}
BENCHMARK(BM_OrientationFilterOnly)->Unit(benchmark::kMillisecond);

}  // namespace
