#include "stridecue/acquisition/replay.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "stridecue/acquisition/clock_mapper.hpp"
#include "stridecue/acquisition/wire_decoder.hpp"

namespace stridecue::acquisition {

std::optional<DeviceInfo> first_device_info(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::invalid_argument(file.string() + ": cannot read the recorded stream");
  }
  std::vector<std::uint8_t> bytes(64 * 1024);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  struct Ignore final : SampleSink {
    void on_force(const ForceFrame&) override {}
    void on_load_cells(const LoadCellFrame&) override {}
    void on_imu(const ImuSample&) override {}
    void on_device_info(std::uint8_t, const DeviceInfo&) override {}
    void on_gap(std::uint8_t, std::uint32_t, std::uint64_t, TimeNs) override {}
  } ignore;
  DeviceHealth health;
  WireDecoder decoder(0, health);
  decoder.feed(bytes.data(), bytes.size(), 0, ignore);
  if (!decoder.has_info()) return std::nullopt;
  return decoder.info();
}

/// One recorded stream: the file, a splitter that finds the next whole frame and its device
/// time, and the decoder that turns it into samples as a live port's would.
struct Replay::Source {
  Source(std::string stream_name, const std::filesystem::path& path, std::uint8_t index)
      : name(std::move(stream_name)), in(path, std::ios::binary), decoder(index, health) {
    if (!in) {
      throw std::invalid_argument(name + ": cannot read the recording " + path.string() +
                                  "; check the path");
    }
    sc_splitter_init(&splitter);
  }

  /// Reads until the next frame whose header decodes (others still go to the decoder, which
  /// counts them). Returns false at the end of the file.
  bool next_frame() {
    frame.clear();
    while (!eof) {
      while (pos < len) {
        const std::uint8_t b = buf[pos++];
        frame.push_back(b);
        if (b == 0x00) {
          sc_message m;
          if (frame.size() > 1 && sc_decode_frame(frame.data(), frame.size() - 1, &m) == SC_OK &&
              (m.header.type == SC_MSG_FORCE6 || m.header.type == SC_MSG_LOADCELL ||
               m.header.type == SC_MSG_IMU || m.header.type == SC_MSG_HELLO)) {
            const TimeNs t = clock.unwrap_us(m.header.t_device_us);
            if (!have_first) {
              first_device_ns = t;
              have_first = true;
            }
            rel_ns = t - first_device_ns;
          }
          return true;
        }
      }
      in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
      len = static_cast<std::size_t>(in.gcount());
      pos = 0;
      if (len == 0) eof = true;
    }
    return !frame.empty();
  }

  std::string name;
  std::ifstream in;
  DeviceHealth health;
  WireDecoder decoder;
  sc_splitter splitter{};
  ClockMapper clock;  // unwrap only
  std::array<std::uint8_t, 4096> buf{};
  std::size_t pos = 0, len = 0;
  bool eof = false;
  std::vector<std::uint8_t> frame;  // the pending frame, delimiter included
  bool pending = false;
  bool have_first = false;
  TimeNs first_device_ns = 0;
  TimeNs rel_ns = 0;  ///< device time of the pending frame since the stream's first frame
};

Replay::Replay(std::vector<ReplayStream> streams, SampleSink& sink, double speed)
    : sink_(sink), speed_(speed) {
  if (speed < 0) throw std::invalid_argument("replay speed must be 0 (as fast as possible) or > 0");
  std::uint8_t i = 0;
  for (auto& s : streams) sources_.push_back(std::make_unique<Source>(s.name, s.file, i++));
}

Replay::~Replay() {
  stop();
}

void Replay::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void Replay::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::size_t Replay::stream_count() const {
  return sources_.size();
}
HealthSnapshot Replay::health(std::size_t i) const {
  return sources_.at(i)->health.snapshot();
}

void Replay::run() {
  for (auto& s : sources_) {
    s->pending = s->next_frame();
    s->health.state.store(LinkState::kConnected);
  }
  const TimeNs t0 = steady_now_ns();
  for (;;) {
    Source* next = nullptr;
    for (auto& s : sources_) {
      if (s->pending && (!next || s->rel_ns < next->rel_ns)) next = s.get();
    }
    if (!next || stop_) break;
    // Real time: wait until the frame's moment. As fast as possible: its moment is a synthetic
    // host time, so the clock mapping stays exact.
    const TimeNs due =
        t0 + (speed_ > 0 ? static_cast<TimeNs>(static_cast<double>(next->rel_ns) / speed_)
                         : next->rel_ns);
    // A recording whose device clock jumps ahead (a reset, a glitch) makes the wait long: it is
    // waited in slices, so stop() (Ctrl-C, --duration) still ends the replay within 50 ms.
    if (speed_ > 0) {
      while (!stop_ && steady_now_ns() < due) {
        const TimeNs slice = std::min<TimeNs>(due - steady_now_ns(), 50 * kNsPerMs);
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::max<TimeNs>(slice, 0)));
      }
      if (stop_) break;
    }
    next->decoder.feed(next->frame.data(), next->frame.size(), speed_ > 0 ? steady_now_ns() : due,
                       sink_);
    next->pending = next->next_frame();
  }
  for (auto& s : sources_) s->health.state.store(LinkState::kStopped);
  finished_ = true;
}

}  // namespace stridecue::acquisition
