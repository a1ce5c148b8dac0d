// Acquisition figures (issue 4): framed-stream decode throughput through WireDecoder (framing,
// CRC, scaling, clock mapping, sink calls) on one core, and the latency from a device writing a
// frame into a pseudo-terminal to its newest sample being available to the processing thread.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "stridecue/acquisition/acquisition.hpp"
#include "stridecue/acquisition/queue_sink.hpp"
#include "stridecue/acquisition/wire_decoder.hpp"
#include "stridecue/sim/pty.hpp"

using namespace stridecue;
using namespace stridecue::acquisition;

namespace {

constexpr int kSamplesPerFrame = 4;

std::vector<std::uint8_t> encode(const sc_message& m) {
  std::vector<std::uint8_t> out(SC_MAX_FRAME_BYTES);
  out.resize(sc_encode_frame(&m, out.data(), out.size()));
  return out;
}

sc_message hello(sc_device_kind kind, std::uint16_t rate, std::uint8_t plates) {
  sc_message m{};
  m.header.type = SC_MSG_HELLO;
  m.msg.hello.kind = kind;
  std::strcpy(m.msg.hello.serial, "BENCH");
  m.msg.hello.sample_rate_hz = rate;
  m.msg.hello.n_plates = plates;
  m.msg.hello.samples_per_frame = kSamplesPerFrame;
  for (float& s : m.msg.hello.scale) s = 0.25f;
  return m;
}

sc_message force_frame(std::uint32_t counter, std::uint32_t t_us) {
  sc_message m{};
  m.header.type = SC_MSG_FORCE6;
  m.header.counter = counter;
  m.header.t_device_us = t_us;
  m.msg.force6.n_plates = 2;
  m.msg.force6.n_samples = kSamplesPerFrame;
  for (int i = 0; i < kSamplesPerFrame; ++i)
    for (int p = 0; p < 2; ++p)
      for (int c = 0; c < 6; ++c)
        m.msg.force6.counts[i][p][c] =
            static_cast<std::int16_t>((counter * 7 + c * 131 + p) % 4000);
  return m;
}

struct NullSink : SampleSink {
  std::uint64_t n = 0;
  void on_force(const ForceFrame& f) override { n += f.counter & 1; }
  void on_load_cells(const LoadCellFrame&) override {}
  void on_imu(const ImuSample&) override {}
  void on_device_info(std::uint8_t, const DeviceInfo&) override {}
  void on_gap(std::uint8_t, std::uint32_t, std::uint64_t, TimeNs) override {}
};

void BM_WireDecoderThroughput(benchmark::State& state) {
  std::vector<std::uint8_t> stream = encode(hello(SC_DEVICE_FORCE6, 2000, 2));
  for (std::uint32_t k = 0; stream.size() < (16u << 20); ++k) {
    const auto f = encode(force_frame(k * kSamplesPerFrame, k * 2000));
    stream.insert(stream.end(), f.begin(), f.end());
  }
  const auto chunk = static_cast<std::size_t>(state.range(0));
  NullSink sink;
  for (auto _ : state) {
    DeviceHealth health;
    WireDecoder dec(0, health);
    TimeNs t = 0;
    for (std::size_t i = 0; i < stream.size(); i += chunk) {
      dec.feed(stream.data() + i, std::min(chunk, stream.size() - i), t += 2 * kNsPerMs, sink);
    }
    benchmark::DoNotOptimize(sink.n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_WireDecoderThroughput)->Arg(64)->Arg(4096)->Unit(benchmark::kMillisecond);

// Two 6-axis plates at 2 kHz (a frame every 2 ms) written into a pty at real-time pace; the
// reader is the real acquisition thread; latency is measured when the processing thread pops the
// frame's newest sample. Reports p50/p99/max in microseconds.
void BM_PtyToProcessingLatency(benchmark::State& state) {
  const double seconds = static_cast<double>(state.range(0));
  for (auto _ : state) {
    sim::Pty pty;
    SampleQueue queue(1 << 16);
    QueueSink sink(queue);
    Acquisition acq({{"plates", pty.path(), 921600}}, sink);
    acq.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto n_frames = static_cast<std::size_t>(seconds * 500);
    std::vector<std::atomic<TimeNs>> written(n_frames);
    std::vector<TimeNs> latency_ns;
    latency_ns.reserve(n_frames);

    std::thread consumer([&] {
      SampleItem item;
      for (;;) {
        queue.pop_wait(item);
        if (std::holds_alternative<EndOfStream>(item)) return;
        if (const auto* f = std::get_if<ForceFrame>(&item)) {
          if (f->counter % kSamplesPerFrame != kSamplesPerFrame - 1) continue;
          const std::size_t k = f->counter / kSamplesPerFrame;
          const TimeNs now = steady_now_ns();
          if (k < n_frames) latency_ns.push_back(now - written[k].load());
        }
      }
    });

    const auto h = encode(hello(SC_DEVICE_FORCE6, 2000, 2));
    pty.write_some(h.data(), h.size());
    const TimeNs t0 = steady_now_ns() + 10 * kNsPerMs;
    for (std::size_t k = 0; k < n_frames; ++k) {
      const auto f = encode(force_frame(static_cast<std::uint32_t>(k * kSamplesPerFrame),
                                        static_cast<std::uint32_t>(k * 2000)));
      std::this_thread::sleep_until(std::chrono::steady_clock::time_point(
          std::chrono::nanoseconds(t0 + static_cast<TimeNs>(k) * 2 * kNsPerMs)));
      written[k].store(steady_now_ns());
      pty.write_some(f.data(), f.size());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    acq.stop();
    queue.close();
    consumer.join();

    std::sort(latency_ns.begin(), latency_ns.end());
    auto pct = [&](double p) {
      if (latency_ns.empty()) return 0.0;
      const auto i = static_cast<std::size_t>(p * static_cast<double>(latency_ns.size() - 1));
      return static_cast<double>(latency_ns[i]) / 1e3;
    };
    state.counters["frames"] = static_cast<double>(latency_ns.size());
    state.counters["p50_us"] = pct(0.50);
    state.counters["p99_us"] = pct(0.99);
    state.counters["p999_us"] = pct(0.999);
    state.counters["max_us"] = pct(1.0);
  }
}
BENCHMARK(BM_PtyToProcessingLatency)
    ->Arg(20)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
