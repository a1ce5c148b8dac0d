// How fast a cue is decided (issue 14): in process, from the moment the gait engine is handed
// the last sample a cue needs to the moment the cue comes out — the toe-off sample for a force
// cue, the IMU sample that lets the joiner publish the step for a pelvis cue — p50/p99 (target
// p99 <= 100 us). And, in data time, how long each kind of cue waits for its data after
// toe-off: a force rule has everything at toe-off, a pelvis rule waits for the IMU to pass it.
//
// The runner: a split belt at 1 kHz, a pelvis IMU at 500 Hz, a 9 deg right-stance drop and a
// 16 % loading asymmetry, cued by a preset with a pelvis rule and a symmetry rule, every step
// eligible (persistence 1 of 1, no cooldown, no ceiling) so each step gives a sample.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/sim/runner.hpp"

namespace stridecue {
namespace {

processing::CueRule rule(const char* name, processing::StepMetric m, bool symmetry) {
  processing::CueRule r;
  r.name = name;
  r.metric = m;
  r.value = symmetry ? processing::CueValueKind::kSymmetry : processing::CueValueKind::kStep;
  r.target.high = symmetry ? 5 : 6;
  r.persist_k = r.persist_n = 1;
  r.cooldown_s = 0;
  r.words = "cue";
  return r;
}

struct Timing final : processing::GaitSink {
  std::chrono::steady_clock::time_point handed;  // when the current sample was handed over
  TimeNs sample_t_ns = 0;                        // its data time
  std::vector<double> decide_us;                 // per cue
  std::vector<double> wait_force_ms, wait_pelvis_ms;
  void on_cue(const processing::Cue& c) override {
    const auto now = std::chrono::steady_clock::now();
    decide_us.push_back(std::chrono::duration<double, std::micro>(now - handed).count());
    const double wait_ms = static_cast<double>(sample_t_ns - c.t_ns) / 1e6;
    (std::string_view(c.metric) == "pelvic_drop_deg" ? wait_pelvis_ms : wait_force_ms)
        .push_back(wait_ms);
  }
};

double pct(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

void BM_CueDecision(benchmark::State& state) {
  sim::RunnerConfig rc;
  rc.standing_s = 5.0;
  rc.right.pelvic_drop_deg = 9.0;
  rc.left.active_peak_bw = 2.3;
  rc.right.active_peak_bw = 2.7;
  sim::Runner runner(rc, 5);
  std::vector<SampleItem> items;
  std::uint32_t n_imu = 0;
  for (TimeNs t = 0; t < s_to_ns(120.0); t += kNsPerMs) {
    if (t % (2 * kNsPerMs) == 0) {
      items.push_back(SampleItem{sim::to_imu_sample(runner.imu_at(t), t, n_imu++)});
    }
    ForceFrame f;
    f.n_plates = 2;
    f.t_ns = t;
    runner.plates_at(t, std::span(f.plate.data(), 2));
    items.push_back(SampleItem{f});
  }
  processing::CuePreset p;
  p.name = "bench";
  p.rules = {rule("hips", processing::StepMetric::kPelvicDropDeg, false),
             rule("even", processing::StepMetric::kPeakVgrfBw, true)};
  p.rules[0].priority = 1;
  p.rules[1].priority = 1;
  p.max_per_minute = 60;
  p.min_gap_s = 0;
  processing::GaitEngineConfig cfg;
  cfg.cue_presets = {p};
  cfg.symmetry.window_strides = 4;
  Timing timing;
  for (auto _ : state) {
    auto engine = std::make_unique<processing::GaitEngine>(cfg);
    for (const SampleItem& item : items) {
      timing.sample_t_ns = item_time_ns(item);
      timing.handed = std::chrono::steady_clock::now();
      engine->process(item, timing);
    }
    engine->process(SampleItem{EndOfStream{}}, timing);
  }
  state.counters["cues"] = static_cast<double>(timing.decide_us.size());
  state.counters["decide_p50_us"] = pct(timing.decide_us, 0.50);
  state.counters["decide_p99_us"] = pct(timing.decide_us, 0.99);
  state.counters["decide_max_us"] = pct(timing.decide_us, 1.0);
  state.counters["force_wait_p50_ms"] = pct(timing.wait_force_ms, 0.50);
  state.counters["force_wait_p99_ms"] = pct(timing.wait_force_ms, 0.99);
  state.counters["pelvis_wait_p50_ms"] = pct(timing.wait_pelvis_ms, 0.50);
  state.counters["pelvis_wait_p99_ms"] = pct(timing.wait_pelvis_ms, 0.99);
}
BENCHMARK(BM_CueDecision)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace stridecue
