#include "stridecue/sim/treadmill_emulator.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <system_error>

#include "stridecue/sim/truth_csv.hpp"

namespace stridecue::sim {

namespace fs = std::filesystem;

namespace {
unsigned plate_count(const RunnerConfig& r) {
  return r.belt == Belt::kSplit ? 2u : 1u;
}

/// Points `link` at `target` atomically (symlink to a temporary name, then rename over).
void relink(const fs::path& link, const std::string& target) {
  const fs::path tmp = link.string() + ".new";
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_symlink(target, tmp);
  fs::rename(tmp, link);
}
}  // namespace

/// One device's stream: its node, its link (pty or file) and its faults.
struct TreadmillEmulator::Stream {
  Stream(std::string stream_name, std::unique_ptr<Node> n, const LinkFaults& f, std::uint64_t seed)
      : name(std::move(stream_name)), node(std::move(n)), faults(f), rng(seed) {
    node->set_clock_faults(faults.clock_drift_ppm, faults.clock_jumps);
  }

  std::string name;
  std::unique_ptr<Node> node;
  LinkFaults faults;
  detail::RandomStream rng;
  std::unique_ptr<Pty> pty;   // real-time mode
  std::FILE* file = nullptr;  // file mode
  fs::path link;
  bool plugged = true;
  TimeNs next_hello_ns = 0;
  double frames_per_min = 0;
  StreamStats stats;
  std::array<std::uint8_t, SC_MAX_FRAME_BYTES> buf{};

  void open_pty() {
    pty = std::make_unique<Pty>();
    relink(link, pty->path());
  }

  /// Bytes out: whole to a file; to a pty as much as fits (the rest is lost, as bytes are when
  /// a UART overruns: the reader resyncs at the next delimiter and sees the counter gap).
  void write(std::size_t n) {
    if (file) {
      if (std::fwrite(buf.data(), 1, n, file) != n) {
        throw std::system_error(errno, std::generic_category(), "writing the " + name + " stream");
      }
      ++stats.frames_written;
      stats.bytes_written += n;
      return;
    }
    const std::size_t w = pty->write_some(buf.data(), n);
    stats.bytes_written += w;
    if (w == n)
      ++stats.frames_written;
    else
      ++stats.frames_refused;
  }

  /// Produces whatever is due at simulation time `due`.
  void service(Runner& runner, TimeNs due, TimeNs hello_every_ns) {
    const double t_s = ns_to_s(due);
    const bool unplugged = faults.unplugged_at(t_s);
    if (unplugged && plugged) {
      plugged = false;
      ++stats.unplugs;
      if (pty) {
        std::error_code ec;
        fs::remove(link, ec);
        pty.reset();  // the reader sees EIO/EOF, like a USB adapter pulled out
      }
    } else if (!unplugged && !plugged) {
      plugged = true;
      node->reboot(due);
      if (!file) open_pty();
      next_hello_ns = due;
    }
    const bool stalled = faults.stalled_at(t_s);
    if (plugged && !stalled && due >= next_hello_ns) {
      write(node->hello_frame(buf.data(), buf.size()));
      ++stats.hellos_written;
      next_hello_ns = due + hello_every_ns;
    }
    if (node->next_frame_due_ns() != due) return;  // the other stream's frame is due
    if (!plugged || stalled) {
      node->skip_frame();
      ++stats.frames_not_sent;
      return;
    }
    if (faults.drop_frames_per_min > 0 &&
        rng.uniform() < faults.drop_frames_per_min / frames_per_min) {
      node->skip_frame();
      ++stats.frames_dropped;
      return;
    }
    const std::size_t n = node->next_frame(runner, buf.data(), buf.size());
    if (faults.corrupt_bytes_per_min > 0 &&
        rng.uniform() < faults.corrupt_bytes_per_min / frames_per_min) {
      const auto at = static_cast<std::size_t>(rng.uniform() * static_cast<double>(n));
      buf[at] ^= static_cast<std::uint8_t>(1 + static_cast<int>(rng.uniform() * 255.0));
      ++stats.frames_corrupted;
    }
    write(n);
  }

  /// HELLOs go out just before the first sample frame due at or after their time, so only
  /// sample frames drive the clock (a stalled or unplugged node then cannot stall the loop).
  TimeNs next_due() const { return node->next_frame_due_ns(); }
};

namespace {
std::unique_ptr<TreadmillEmulator::Stream> make_stream(bool imu, const EmulatorConfig& c);
}

TreadmillEmulator::TreadmillEmulator(const EmulatorConfig& config)
    : config_(config), runner_(std::make_unique<Runner>(config.runner, config.seed)) {
  for (const ScriptedChange& c : config_.script) runner_->schedule(c);
  if (config_.respond.probability > 0) {
    responder_ = std::make_unique<CueResponder>(config_.respond, config_.seed);
  }
  if (config_.port_dir.empty()) {
    char tmpl[] = "/tmp/stridecue-sim-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    link_dir_ = tmpl;
    own_link_dir_ = true;
  } else {
    link_dir_ = config_.port_dir;
    std::error_code ec;
    fs::create_directories(link_dir_, ec);
    if (ec) {
      throw std::system_error(ec, "cannot create the port directory " + link_dir_.string());
    }
  }
  plates_ = make_stream(false, config_);
  plates_->link = link_dir_ / "plates";
  plates_->open_pty();
  if (config_.with_imu) {
    imu_ = make_stream(true, config_);
    imu_->link = link_dir_ / "imu";
    imu_->open_pty();
  }
}

TreadmillEmulator::~TreadmillEmulator() {
  stop();
  plates_.reset();
  imu_.reset();
  std::error_code ec;
  if (own_link_dir_) {
    fs::remove_all(link_dir_, ec);
  } else {
    fs::remove(link_dir_ / "plates", ec);
    fs::remove(link_dir_ / "imu", ec);
  }
}

std::string TreadmillEmulator::plates_port() const {
  return (link_dir_ / "plates").string();
}
std::string TreadmillEmulator::imu_port() const {
  return imu_ ? (link_dir_ / "imu").string() : std::string();
}

void TreadmillEmulator::start() {
  if (thread_.joinable()) return;
  start_host_ns_ = steady_now_ns();
  thread_ = std::thread([this] { run(); });
}

void TreadmillEmulator::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<PelvisTruthSample> TreadmillEmulator::take_pelvis_truth() {
  std::lock_guard lock(mutex_);
  std::vector<PelvisTruthSample> out;
  out.swap(pelvis_truth_);
  return out;
}

std::vector<HostStepTruth> TreadmillEmulator::take_truth() {
  std::lock_guard lock(mutex_);
  std::vector<HostStepTruth> out;
  out.swap(truth_);
  return out;
}

EmulatorStats TreadmillEmulator::stats() const {
  std::lock_guard lock(mutex_);
  return {plates_->stats, imu_ ? imu_->stats : StreamStats{}};
}

namespace {

std::unique_ptr<TreadmillEmulator::Stream> make_stream(bool imu, const EmulatorConfig& c) {
  const NodeConfig& nc = imu ? c.imu : c.plates;
  std::unique_ptr<Node> node;
  if (imu)
    node = std::make_unique<ImuNode>(nc);
  else
    node = c.load_cell_plates
               ? std::unique_ptr<Node>(std::make_unique<LoadCellNode>(nc, plate_count(c.runner)))
               : std::unique_ptr<Node>(std::make_unique<ForcePlateNode>(nc, plate_count(c.runner)));
  auto s = std::make_unique<TreadmillEmulator::Stream>(
      imu ? "imu" : "plates", std::move(node), imu ? c.imu_faults : c.plates_faults,
      detail::splitmix64(c.seed ^ (imu ? 0x1111 : 0x2222)));
  s->frames_per_min = 60.0 * nc.sample_rate_hz / nc.samples_per_frame;
  return s;
}

/// Runs the streams from simulation time 0 to end_ns; `pace(due)` waits (or not) until a frame
/// is due; `truth(steps)` receives completed steps and `pelvis(t, state)` the true pelvis angles
/// at the IMU rate. Returns when end_ns is reached or stop says.
template <typename Pace, typename Truth, typename Pelvis, typename Stop>
void run_streams(Runner& runner, TreadmillEmulator::Stream& plates, TreadmillEmulator::Stream* imu,
                 TimeNs end_ns, TimeNs hello_every, Pace pace, Truth truth, Pelvis pelvis,
                 Stop stop) {
  std::vector<StepTruth> steps;
  steps.reserve(64);
  const TimeNs pelvis_every = static_cast<TimeNs>(kNsPerS / runner.config().imu_rate_hz);
  TimeNs next_pelvis = 0;
  while (!stop()) {
    TimeNs due = plates.next_due();
    if (imu) due = std::min(due, imu->next_due());
    if (due > end_ns) break;
    pace(due);
    for (; next_pelvis <= due; next_pelvis += pelvis_every) {
      pelvis(next_pelvis, runner.pelvis_at(next_pelvis));
    }
    plates.service(runner, due, hello_every);
    if (imu) imu->service(runner, due, hello_every);
    runner.take_completed_steps(due, steps);
    if (!steps.empty()) {
      truth(steps);
      steps.clear();
    }
  }
}

HostStepTruth to_host_truth(const StepTruth& s, TimeNs host0, const Node& plates_node,
                            Runner& runner, const EmulatorConfig& c) {
  HostStepTruth h{s, host0 + s.t_ic_ns, host0 + s.t_to_ns, plates_node.device_time_us(s.t_ic_ns),
                  plates_node.device_time_us(s.t_to_ns)};
  const double peak_n = s.peak_vgrf_bw * c.runner.body_mass_kg * 9.80665;
  h.t_ic_threshold_host_ns =
      c.truth_on_threshold_n < peak_n
          ? host0 + runner.contact_crossing_ns(s.index, c.truth_on_threshold_n, true)
          : h.t_ic_host_ns;
  h.t_to_threshold_host_ns =
      c.truth_off_threshold_n < peak_n
          ? host0 + runner.contact_crossing_ns(s.index, c.truth_off_threshold_n, false)
          : h.t_to_host_ns;
  return h;
}

}  // namespace

bool TreadmillEmulator::heed(std::string_view metric, bool symmetry, Side side) {
  Heed h;
  const std::size_t n = std::min(metric.size(), h.metric.size() - 1);
  std::copy_n(metric.data(), n, h.metric.data());
  h.symmetry = symmetry;
  h.side = side;
  return heed_.try_enqueue(h);
}

void TreadmillEmulator::answer_cues(TimeNs sim_now_ns) {
  Heed h;
  while (heed_.try_dequeue(h)) {
    if (!responder_) {
      ignored_.fetch_add(1);
      continue;
    }
    // The change starts after what the runner has already planned (a change cannot rewrite
    // a step in flight) and no sooner than the response delay.
    const RunnerConfig now = runner_->config_at(sim_now_ns);
    auto change = responder_->on_cue(now, h.metric.data(), h.symmetry, h.side,
                                     static_cast<double>(sim_now_ns) / 1e9);
    if (!change) {
      ignored_.fetch_add(1);
      continue;
    }
    const double earliest_s = static_cast<double>(runner_->planned_until_ns()) / 1e9 + 0.001;
    change->at_s = std::max(change->at_s, earliest_s);
    try {
      runner_->schedule(*change);
      heeded_.fetch_add(1);
    } catch (const std::exception&) {
      ignored_.fetch_add(1);  // the change would leave the model's range: not taken
    }
  }
}

void TreadmillEmulator::run() {
  const TimeNs end_ns = config_.duration_s > 0 ? s_to_ns(config_.duration_s) : INT64_MAX;
  const TimeNs hello_every = std::max<TimeNs>(s_to_ns(config_.hello_interval_s), kNsPerMs);
  run_streams(
      *runner_, *plates_, imu_.get(), end_ns, hello_every,
      [this](TimeNs due) {
        std::this_thread::sleep_until(
            std::chrono::steady_clock::time_point(std::chrono::nanoseconds(start_host_ns_ + due)));
      },
      [this](const std::vector<StepTruth>& steps) {
        if (!steps.empty()) answer_cues(steps.back().t_to_ns);
        std::lock_guard lock(mutex_);
        for (const StepTruth& s : steps) {
          truth_.push_back(to_host_truth(s, start_host_ns_, *plates_->node, *runner_, config_));
        }
      },
      [this](TimeNs t, const PelvisState& p) {
        if (!config_.record_pelvis_truth) return;
        std::lock_guard lock(mutex_);
        pelvis_truth_.push_back({t, p});
      },
      [this] { return stop_.load(); });
  finished_ = true;
}

EmulatorStats TreadmillEmulator::write_files(const EmulatorConfig& config, const fs::path& dir) {
  if (!(config.duration_s > 0)) {
    throw std::invalid_argument("duration_s must be > 0 when writing files (got " +
                                std::to_string(config.duration_s) + ")");
  }
  fs::create_directories(dir);
  Runner runner(config.runner, config.seed);
  for (const ScriptedChange& c : config.script) runner.schedule(c);
  auto plates = make_stream(false, config);
  auto imu = config.with_imu ? make_stream(true, config) : nullptr;
  auto open = [&](const char* name) {
    std::FILE* f = std::fopen((dir / name).c_str(), "wb");
    if (!f) {
      throw std::system_error(errno, std::generic_category(),
                              "cannot create " + (dir / name).string());
    }
    return f;
  };
  plates->file = open("plates.bin");
  if (imu) imu->file = open("imu.bin");
  TruthCsvWriter truth(dir);
  const TimeNs end_ns = s_to_ns(config.duration_s);
  try {
    run_streams(
        runner, *plates, imu.get(), end_ns,
        std::max<TimeNs>(s_to_ns(config.hello_interval_s), kNsPerMs), [](TimeNs) {},
        [&](const std::vector<StepTruth>& steps) {
          for (const StepTruth& s : steps) {
            truth.step(to_host_truth(s, 0, *plates->node, runner, config));
          }
        },
        [&](TimeNs t, const PelvisState& p) { truth.pelvis(t, p); }, [] { return false; });
  } catch (...) {
    std::fclose(plates->file);
    if (imu) std::fclose(imu->file);
    throw;
  }
  std::fclose(plates->file);
  if (imu) std::fclose(imu->file);
  truth.close();
  return {plates->stats, imu ? imu->stats : StreamStats{}};
}

}  // namespace stridecue::sim
