// `stridecue analyze` import (issue 11): the streaming ForceTableReader and the whole-table
// import_force_table over a 10-minute 2 kHz split-belt CSV written at run time (≈ 98 MB, as a
// treadmill export would be: time in s, per belt Fx Fy Fz in N and COPx COPy in m), plus the
// peak resident memory of streaming 10- and 60-minute files.
//
// Targets: the import of the 10-minute file well under 0.35 s (≥ 300 MB/s) so that the whole
// analyze takes ≤ 0.4 s on the 2-core machine; streaming memory flat in the file's length.
// Set STRIDECUE_BENCH_CSV=PATH to write the 10-minute file there and keep it (to time
// `stridecue analyze` on it: docs/performance.md has the command).
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "stridecue/offline/analysis.hpp"
#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/offline/force_table_reader.hpp"

using namespace stridecue;
using namespace stridecue::offline;

namespace {

constexpr double kRate_hz = 2000.0;
constexpr const char* kMap =
    "left.fx=FxL,left.fy=FyL,left.fz=FzL,left.cop_x=CopXL,left.cop_y=CopYL,"
    "right.fx=FxR,right.fy=FyR,right.fz=FzR,right.cop_x=CopXR,right.cop_y=CopYR";

ImportOptions split_belt_options() {
  ImportOptions o;
  o.map = parse_column_map(kMap);
  return o;  // rate from the time column: the look-ahead and every check run
}

/// Running on a split-belt treadmill, one foot per belt: 2.57 steps/s (1,540 steps in 10 min),
/// contacts of ≈ 0.25 s with a rearfoot impact peak, braking then propulsion, the COP rolling
/// heel to toe; 2 N of noise on every force channel, so the text does not repeat. Between
/// contacts the belt reads noise and the COP 0, as exports write it.
class RunningBelts {
 public:
  explicit RunningBelts(unsigned seed) : rng_(seed) {
    for (int side = 0; side < 2; ++side) plan_next(side);
  }

  /// One row of the table at time t_s: {Fx, Fy, Fz, COPx, COPy} per belt.
  std::array<std::array<double, 5>, 2> at(double t_s) {
    std::array<std::array<double, 5>, 2> row{};
    for (int side = 0; side < 2; ++side) {
      Contact& c = contact_[side];
      if (t_s >= c.end_s) plan_next(side);
      auto& b = row[static_cast<std::size_t>(side)];
      b = {noise(), noise(), noise(), 0.0, 0.0};
      if (t_s < c.start_s) continue;
      const double tau = (t_s - c.start_s) / (c.end_s - c.start_s);  // 0 … 1 over stance
      const double w = c.peak_n;
      const double active = std::pow(std::sin(std::numbers::pi * tau), 1.3);
      const double impact = 0.28 * std::exp(-std::pow((tau - 0.09) / 0.035, 2));
      b[2] += w * (active + impact);
      b[0] += -0.12 * w * std::sin(2 * std::numbers::pi * tau);
      b[1] += (side == 0 ? -1 : 1) * 0.03 * w * std::sin(std::numbers::pi * tau);
      b[3] = -0.11 + 0.26 * tau + 0.0005 * gauss_(rng_);
      b[4] = (side == 0 ? 0.02 : -0.02) + 0.008 * std::sin(std::numbers::pi * tau) +
             0.0005 * gauss_(rng_);
    }
    return row;
  }

 private:
  static constexpr double kStep_s = 600.0 / 1540.0;  // 1,540 steps in 10 minutes
  struct Contact {
    double start_s = 0, end_s = 0, peak_n = 0;
    int n = 0;  // contacts of this foot so far
  };
  double noise() { return 2.0 * gauss_(rng_); }
  double jitter(double sd) { return sd * gauss_(rng_); }
  /// The next contact of `side`: steps alternate feet on a steady cadence, each contact 5 ms
  /// early or late at random (the jitter does not accumulate: the feet keep their phase).
  void plan_next(int side) {
    Contact& c = contact_[side];
    c.start_s = 0.1 + (2 * c.n + side) * kStep_s + jitter(0.005);
    ++c.n;
    c.end_s = c.start_s + 0.25 + jitter(0.008);
    c.peak_n = 1750.0 * (1.0 + jitter(0.03));
  }

  std::mt19937_64 rng_;
  std::normal_distribution<double> gauss_{0.0, 1.0};
  std::array<Contact, 2> contact_{};
};

void append_fixed(std::string& out, double v, int decimals) {
  std::array<char, 32> buf{};
  const auto res =
      std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
  out.append(buf.data(), res.ptr);
}

struct Csv {
  std::string path;
  std::uint64_t bytes = 0;
  std::size_t rows = 0;
  bool keep = false;
  ~Csv() {
    if (!keep && !path.empty()) std::filesystem::remove(path);
  }
};

/// Writes `minutes` of the split-belt table to `path`: time_s with 4 decimals (exact at 2 kHz),
/// forces in N with 2 decimals, COP in m with 6.
void write_csv(Csv& csv, double minutes) {
  std::FILE* f = std::fopen(csv.path.c_str(), "wb");
  if (f == nullptr) throw std::runtime_error(csv.path + ": cannot write the benchmark table");
  RunningBelts belts(11);
  std::string text = "time_s,FxL,FyL,FzL,CopXL,CopYL,FxR,FyR,FzR,CopXR,CopYR\n";
  const auto rows = static_cast<std::size_t>(std::llround(minutes * 60.0 * kRate_hz));
  for (std::size_t i = 0; i < rows; ++i) {
    const double t_s = static_cast<double>(i) / kRate_hz;
    append_fixed(text, t_s, 4);
    for (const auto& b : belts.at(t_s)) {
      for (int k = 0; k < 5; ++k) {
        text += ',';
        append_fixed(text, b[static_cast<std::size_t>(k)], k < 3 ? 2 : 6);
      }
    }
    text += '\n';
    if (text.size() > (std::size_t{1} << 20)) {
      std::fwrite(text.data(), 1, text.size(), f);
      csv.bytes += text.size();
      text.clear();
    }
  }
  std::fwrite(text.data(), 1, text.size(), f);
  csv.bytes += text.size();
  csv.rows = rows;
  if (std::fclose(f) != 0) throw std::runtime_error(csv.path + ": write failed (disk full?)");
}

std::string temp_path(const std::string& tag) {
  return (std::filesystem::temp_directory_path() /
          ("stridecue_bench_" + std::to_string(::getpid()) + "_" + tag + ".csv"))
      .string();
}

/// The 10-minute table, written once per run.
const Csv& ten_minutes() {
  static Csv csv = [] {
    Csv c;
    const char* keep = std::getenv("STRIDECUE_BENCH_CSV");
    c.keep = keep != nullptr && *keep != '\0';
    c.path = c.keep ? keep : temp_path("10min");
    write_csv(c, 10.0);
    return c;
  }();
  return csv;
}

/// Streams the whole table through a reader in chunks of `chunk` rows; returns the rows.
std::size_t stream(const std::string& path, std::size_t chunk) {
  ForceTableReader reader(path, split_belt_options());
  std::vector<ForceFrame> frames(chunk);
  std::size_t rows = 0;
  while (const std::size_t n = reader.read(frames, {})) {
    benchmark::DoNotOptimize(frames.data());
    rows += n;
  }
  return rows;
}

void set_throughput(benchmark::State& state, const Csv& csv) {
  const auto n = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(n * static_cast<double>(csv.bytes)));
  state.counters["rows/s"] =
      benchmark::Counter(n * static_cast<double>(csv.rows), benchmark::Counter::kIsRate);
  state.counters["MB/s"] =
      benchmark::Counter(n * static_cast<double>(csv.bytes) * 1e-6, benchmark::Counter::kIsRate);
  state.counters["file_MB"] = static_cast<double>(csv.bytes) * 1e-6;
}

// The streaming reader over the whole 10-minute file, 4096 rows per read().
void BM_StreamingImport(benchmark::State& state) {
  const Csv& csv = ten_minutes();
  for (auto _ : state) {
    if (stream(csv.path, static_cast<std::size_t>(state.range(0))) != csv.rows) {
      state.SkipWithError("row count differs");
    }
  }
  set_throughput(state, csv);
}
BENCHMARK(BM_StreamingImport)->Arg(4096)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

// import_force_table: the same, collected into vectors (what `stridecue analyze` calls today).
void BM_ImportForceTable(benchmark::State& state) {
  const Csv& csv = ten_minutes();
  for (auto _ : state) {
    const ImportedRecording rec = import_force_table(csv.path, split_belt_options());
    if (rec.frames.size() != csv.rows) state.SkipWithError("row count differs");
    benchmark::DoNotOptimize(rec.frames.data());
  }
  set_throughput(state, csv);
}
BENCHMARK(BM_ImportForceTable)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole of `stridecue analyze` on the file: streaming import through the gait engine
// (issue 11 target: <= 0.4 s on this machine, 5x a pandas/scipy lab script's 2.1 s).
void BM_AnalyzeTable(benchmark::State& state) {
  const Csv& csv = ten_minutes();
  AnalysisConfig config;
  config.force.body_mass_kg = 71.0;
  std::size_t steps = 0;
  for (auto _ : state) {
    ForceTableReader reader(csv.path, split_belt_options());
    steps = analyze_table(reader, config).steps.size();
  }
  state.counters["steps"] = static_cast<double>(steps);
  set_throughput(state, csv);
}
BENCHMARK(BM_AnalyzeTable)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Peak resident set while `work` runs, in bytes: VmHWM after resetting it to the current RSS
/// (writing 5 to /proc/self/clear_refs, Linux ≥ 4.0); the process-wide ru_maxrss when that is
/// not possible (then the peak of everything the process did before is included).
template <typename F>
double peak_rss_bytes(F&& work, bool& exact) {
  {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    exact = static_cast<bool>(clear);
  }
  work();
  if (exact) {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
      if (key == "VmHWM:") {
        double kib = 0;
        status >> kib;
        return kib * 1024.0;
      }
    }
    exact = false;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) * 1024.0;
}

double current_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      double kib = 0;
      status >> kib;
      return kib * 1024.0;
    }
  }
  return 0;
}

// Peak resident memory while streaming (arg 0) or collecting with import_force_table (arg 1) a
// file of N minutes (the first argument). The table is written (not timed) for each case.
void BM_PeakRss(benchmark::State& state) {
  const double minutes = static_cast<double>(state.range(0));
  const bool collect = state.range(1) != 0;
  Csv csv;
  csv.path = temp_path(std::to_string(state.range(0)) + "min");
  write_csv(csv, minutes);
  double before = 0, peak = 0;
  bool exact = false;
  for (auto _ : state) {
    before = current_rss_bytes();
    peak = peak_rss_bytes(
        [&] {
          if (collect) {
            const ImportedRecording rec = import_force_table(csv.path, split_belt_options());
            if (rec.frames.size() != csv.rows) state.SkipWithError("row count differs");
          } else if (stream(csv.path, 4096) != csv.rows) {
            state.SkipWithError("row count differs");
          }
        },
        exact);
  }
  set_throughput(state, csv);
  state.counters["rss_before_MiB"] = before / (1024.0 * 1024.0);
  state.counters["peak_rss_MiB"] = peak / (1024.0 * 1024.0);
  state.counters["peak_exact"] = exact ? 1 : 0;
}
BENCHMARK(BM_PeakRss)
    ->ArgNames({"minutes", "collect"})
    ->Args({10, 0})
    ->Args({60, 0})
    ->Args({10, 1})
    ->Args({30, 1})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
