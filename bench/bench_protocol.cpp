// Wire protocol throughput on the host: splitter + decoder over a realistic recorded stream
// (target >= 200 MB/s on one core, i.e. far beyond any link: a 921600-baud UART carries
// 92 kB/s), plus CRC-32C and encoding on their own. Single thread; the stream is built once.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "stridecue/protocol/wire.h"

namespace {

constexpr double kPi = 3.14159265358979323846;

// A treadmill run: two FORCE6 plates at 1 kHz, 4 samples per frame, alternating ~250 ms
// stance phases (half-sine Fz up to ~1800 N at 0.1 N/count, small shear and moments, sensor
// noise), and a pelvis IMU at 500 Hz, 4 samples per frame (one IMU frame per two plate
// frames). STATUS once a second.
std::vector<uint8_t> make_stream(size_t target_bytes) {
  std::mt19937 rng(42);
  std::normal_distribution<double> noise(0.0, 8.0);
  std::vector<uint8_t> stream;
  stream.reserve(target_bytes + SC_MAX_FRAME_BYTES);
  uint8_t frame[SC_MAX_FRAME_BYTES];
  uint32_t force_counter = 0, imu_counter = 0, seq = 0;
  for (uint32_t f = 0; stream.size() < target_bytes; ++f) {
    sc_message m{};
    m.header.type = SC_MSG_FORCE6;
    m.header.counter = force_counter;
    m.header.t_device_us = force_counter * 1000u;
    m.msg.force6.n_plates = 2;
    m.msg.force6.n_samples = 4;
    for (int s = 0; s < 4; ++s, ++force_counter) {
      const double t_s = force_counter / 1000.0;
      const double phase = std::fmod(t_s, 0.7) / 0.7;  // 0.7 s stride
      for (int k = 0; k < 2; ++k) {
        const double p = std::fmod(phase + 0.5 * k, 1.0);
        const double fz_n = p < 0.36 ? 1800.0 * std::sin(kPi * p / 0.36) : 0.0;
        const double v[6] = {0.08 * fz_n, 0.2 * fz_n, fz_n, 0.03 * fz_n, 0.05 * fz_n, 0.002 * fz_n};
        for (int c = 0; c < 6; ++c) {
          m.msg.force6.counts[s][k][c] =
              static_cast<int16_t>(std::lround(v[c] * 10.0 + noise(rng)));
        }
      }
    }
    size_t n = sc_encode_frame(&m, frame, sizeof frame);
    stream.insert(stream.end(), frame, frame + n);

    if (f % 2 == 1) {
      sc_message u{};
      u.header.type = SC_MSG_IMU;
      u.header.counter = imu_counter;
      u.header.t_device_us = imu_counter * 2000u;
      u.msg.imu.n_samples = 4;
      for (int s = 0; s < 4; ++s, ++imu_counter) {
        const double t_s = imu_counter / 500.0;
        for (int c = 0; c < 6; ++c) {
          const double v = 4000.0 * std::sin(2 * kPi * 1.43 * t_s + c) + 20.0 * noise(rng);
          u.msg.imu.counts[s][c] = static_cast<int16_t>(std::lround(v));
        }
      }
      n = sc_encode_frame(&u, frame, sizeof frame);
      stream.insert(stream.end(), frame, frame + n);
    }
    if (f % 250 == 0) {
      sc_message st{};
      st.header.type = SC_MSG_STATUS;
      st.header.counter = seq++;
      st.msg.status.buffer_capacity = 4096;
      st.msg.status.buffer_level = static_cast<uint16_t>(rng() % 512);
      st.msg.status.temperature_centi_c = 3150;
      n = sc_encode_frame(&st, frame, sizeof frame);
      stream.insert(stream.end(), frame, frame + n);
    }
  }
  return stream;
}

const std::vector<uint8_t>& stream() {
  static const std::vector<uint8_t> s = make_stream(size_t{16} << 20);  // 16 MiB
  return s;
}

struct DecodeCounts {
  size_t ok = 0;
  size_t bad = 0;
  int64_t fz_sum = 0;  // keeps the decoded values alive
};

void decode_frame(void* ctx, const uint8_t* frame, size_t len) {
  auto* c = static_cast<DecodeCounts*>(ctx);
  sc_message m;
  if (sc_decode_frame(frame, len, &m) == SC_OK) {
    ++c->ok;
    if (m.header.type == SC_MSG_FORCE6) c->fz_sum += m.msg.force6.counts[0][0][2];
  } else {
    ++c->bad;
  }
}

// What the acquisition thread does: read() chunks from the port, split, decode.
void BM_SplitAndDecode(benchmark::State& state) {
  const std::vector<uint8_t>& s = stream();
  const size_t chunk = static_cast<size_t>(state.range(0));
  DecodeCounts counts;
  for (auto _ : state) {
    sc_splitter sp;
    sc_splitter_init(&sp);
    for (size_t at = 0; at < s.size(); at += chunk) {
      sc_splitter_feed(&sp, s.data() + at, std::min(chunk, s.size() - at), decode_frame, &counts);
    }
    benchmark::DoNotOptimize(counts.fz_sum);
  }
  if (counts.bad != 0) state.SkipWithError("a frame of the benchmark stream did not decode");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * s.size()));
  state.counters["frames/s"] =
      benchmark::Counter(static_cast<double>(counts.ok), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SplitAndDecode)->Arg(64)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond);

void count_frame(void* ctx, const uint8_t*, size_t len) {
  *static_cast<size_t*>(ctx) += len;
}

void BM_SplitOnly(benchmark::State& state) {
  const std::vector<uint8_t>& s = stream();
  size_t total = 0;
  for (auto _ : state) {
    sc_splitter sp;
    sc_splitter_init(&sp);
    for (size_t at = 0; at < s.size(); at += 4096) {
      sc_splitter_feed(&sp, s.data() + at, std::min<size_t>(4096, s.size() - at), count_frame,
                       &total);
    }
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * s.size()));
}
BENCHMARK(BM_SplitOnly)->Unit(benchmark::kMillisecond);

void BM_Crc32c(benchmark::State& state) {
  std::vector<uint8_t> data(static_cast<size_t>(state.range(0)));
  std::mt19937 rng(1);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  for (auto _ : state) {
    benchmark::DoNotOptimize(sc_crc32c(data.data(), data.size()));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Crc32c)->Arg(110)->Arg(512)->Arg(1 << 16);

// What the device does per frame: FORCE6, 2 plates x 4 samples (116 bytes on the wire).
void BM_EncodeForce6(benchmark::State& state) {
  std::mt19937 rng(2);
  sc_message m{};
  m.header.type = SC_MSG_FORCE6;
  m.msg.force6.n_plates = 2;
  m.msg.force6.n_samples = static_cast<uint8_t>(state.range(0));
  for (auto& sample : m.msg.force6.counts)
    for (auto& plate : sample)
      for (auto& c : plate) c = static_cast<int16_t>(rng() % 20000);
  uint8_t out[SC_MAX_FRAME_BYTES];
  size_t bytes = 0;
  for (auto _ : state) {
    ++m.header.counter;
    const size_t n = sc_encode_frame(&m, out, sizeof out);
    benchmark::DoNotOptimize(out);
    bytes += n;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["frames/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EncodeForce6)->Arg(4)->Arg(16);

}  // namespace
