// Session recording throughput and file size (issue 13): the recorder thread must keep up with
// far more than the live data rate of the largest station — two force plates at 2 kHz (one
// device, one frame per sample) and a pelvis IMU at 1 kHz, 3000 items per second of data — on
// one core. The producer pushes a minute of data as fast as the queue takes it; the benchmark
// reports how many times real time the recorder sustained and the file's size per hour.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <thread>

#include "stridecue/session/recorder.hpp"

using namespace stridecue;
namespace fs = std::filesystem;

namespace {

constexpr int kPlateHz = 2000, kImuHz = 1000;

void BM_RecordSession(benchmark::State& state) {
  const double data_s = static_cast<double>(state.range(0));
  const auto n_plate = static_cast<std::size_t>(data_s * kPlateHz);
  const fs::path dir =
      fs::temp_directory_path() / ("stridecue-bench-session-" + std::to_string(::getpid()));
  double file_bytes = 0;
  std::size_t items = 0;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(dir);
    station::RecordingQueues queues;
    session::SessionMeta meta;
    meta.id = session::new_session_id();
    meta.station = "bench";
    meta.started_utc = session::utc_now();
    const fs::path file = dir / ("s" + std::to_string(round++) + ".stridecue");
    auto recorder = std::make_unique<session::SessionRecorder>(file, meta, queues);
    state.ResumeTiming();
    recorder->start();
    items = 0;
    for (std::size_t i = 0; i < n_plate; ++i) {
      const TimeNs t = static_cast<TimeNs>(i) * (kNsPerS / kPlateHz);
      ForceFrame f;
      f.t_ns = t;
      f.counter = static_cast<std::uint32_t>(i);
      f.n_plates = 2;
      for (auto& p : f.plate) {
        p.fz_n = static_cast<float>(700.0 * std::sin(static_cast<double>(i) * 0.01));
        p.fx_n = p.fy_n = 12.5f;
        p.mx_nm = p.my_nm = p.mz_nm = 3.25f;
      }
      while (!queues.samples.push(SampleItem{f})) std::this_thread::yield();
      ++items;
      if (i % 2 == 0) {
        ImuSample s;
        s.t_ns = t;
        s.counter = static_cast<std::uint32_t>(i / 2);
        s.acc_mps2 = {0.1f, 9.8f, 0.2f};
        s.gyro_rads = {0.01f, 0.02f, 0.03f};
        while (!queues.samples.push(SampleItem{s})) std::this_thread::yield();
        ++items;
      }
    }
    recorder->stop();  // everything written and committed: the time counts
    state.PauseTiming();
    file_bytes = static_cast<double>(fs::file_size(file));
    recorder.reset();
    state.ResumeTiming();
  }
  fs::remove_all(dir);
  state.counters["items/s"] =
      benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["x_realtime"] = benchmark::Counter(
      data_s, benchmark::Counter::kIsIterationInvariantRate);  // data seconds per second
  state.counters["MB_per_hour"] = file_bytes / data_s * 3600.0 * 1e-6;
}

}  // namespace

BENCHMARK(BM_RecordSession)->Arg(60)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
