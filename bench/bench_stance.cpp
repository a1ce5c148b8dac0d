// Per-step and per-sample processing costs on the host: compute_stance_metrics on one stance of
// the simulator's rearfoot and forefoot shapes (with plate noise and AP shear), and the causal
// Butterworth low-pass per sample. Budget: a 2-plate, 2 kHz stream leaves 250 µs per sample
// pair and ≈ 3 steps/s, so anything under a few µs is invisible. Single thread.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "stridecue/processing/butterworth.hpp"
#include "stridecue/processing/stance_metrics.hpp"
#include "stridecue/sim/runner_stance.hpp"

namespace {

using stridecue::processing::ButterworthLowPass;
using stridecue::processing::compute_stance_metrics;
using stridecue::sim::detail::StanceShape;

constexpr double kBwN = 700.0;

struct Stance {
  std::vector<float> fz, fx;
};

// One stance of `n` samples (0.24 s at n/0.24 Hz), ±3 N Gaussian noise on both channels.
Stance make_stance(double impact_bw, int n) {
  const StanceShape s = StanceShape::running(2.5, impact_bw, 0.12, 0.3);
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.0, 3.0);
  Stance st;
  for (int k = 0; k < n; ++k) {
    const double u = (k + 0.5) / n;
    st.fz.push_back(static_cast<float>(s.fz_bw(u) * kBwN + noise(rng)));
    st.fx.push_back(static_cast<float>(s.fx_bw(u) * kBwN + noise(rng)));
  }
  return st;
}

// Arg 0: impact peak (0 = forefoot, 1 = 1.6 BW rearfoot); arg 1: samples per stance.
void BM_StanceMetrics(benchmark::State& state) {
  const Stance st = make_stance(state.range(0) ? 1.6 : 0.0, static_cast<int>(state.range(1)));
  const double dt = 0.24 / static_cast<double>(state.range(1));
  for (auto _ : state) {
    const auto m = compute_stance_metrics(st.fz, dt, kBwN, st.fx);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(state.range(0) ? "rearfoot, per step" : "forefoot, per step");
}
BENCHMARK(BM_StanceMetrics)->Args({1, 240})->Args({0, 240})->Args({1, 480})->Args({1, 2400});

// Arg: filter order. 50 Hz cut-off at 1 kHz; one call per sample.
void BM_ButterworthPerSample(benchmark::State& state) {
  ButterworthLowPass f(static_cast<int>(state.range(0)), 1000.0, 50.0);
  std::vector<double> x(4096);
  std::mt19937 rng(2);
  std::normal_distribution<double> noise(700.0, 3.0);
  for (auto& v : x) v = noise(rng);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.process(x[i]));
    i = (i + 1) & 4095;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ButterworthPerSample)->Arg(2)->Arg(4)->Arg(6);

}  // namespace
