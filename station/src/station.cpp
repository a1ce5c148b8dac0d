#include "stridecue/station/station.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

namespace stridecue::station {

namespace {
void log_device(std::uint8_t device, const acquisition::DeviceInfo& info) {
  spdlog::info("device {}: {} {} fw {}.{}.{}, {} plate(s), {} Hz, {} samples/frame", device,
               acquisition::device_kind_name(info.kind), info.serial_view(), info.fw_major,
               info.fw_minor, info.fw_patch, info.n_plates, info.sample_rate_hz,
               info.samples_per_frame);
}
}  // namespace

Station::Station(StationConfig config, RecordingQueues* recording)
    : config_(std::move(config)),
      queue_(config_.queue_capacity),
      sink_(queue_, nullptr, [this](std::uint8_t device, const acquisition::DeviceInfo& info) {
        log_device(device, info);
        std::lock_guard lock(info_mutex_);
        if (device < infos_.size()) infos_[device] = info;
      }) {
  if (config_.external_feed) {
    // The caller feeds the queue (Station::feed()).
  } else if (config_.replay.empty()) {
    acquisition_ = std::make_unique<acquisition::Acquisition>(config_.devices, sink_);
  } else {
    // A file can wait for the consumer: as fast as possible must not mean dropping samples.
    if (config_.replay_speed == 0) sink_.set_wait_when_full(true);
    replay_ = std::make_unique<acquisition::Replay>(config_.replay, sink_, config_.replay_speed);
  }
  processing_ = std::make_unique<ProcessingLoop>(queue_, config_.engine, outputs_, recording);
}

Station::~Station() {
  stop();
}

void Station::start() {
  if (started_) return;
  started_ = true;
  processing_->start();
  if (acquisition_) acquisition_->start();
  if (replay_) replay_->start();
}

std::optional<acquisition::DeviceInfo> Station::device_info(std::size_t i) const {
  std::lock_guard lock(info_mutex_);
  return i < infos_.size() ? infos_[i] : std::nullopt;
}

std::size_t Station::device_count() const {
  return acquisition_ ? acquisition_->device_count() : replay_ ? replay_->stream_count() : 0;
}
std::string Station::device_name(std::size_t i) const {
  return acquisition_ ? acquisition_->device_config(i).name : config_.replay.at(i).name;
}
acquisition::HealthSnapshot Station::device_health(std::size_t i) const {
  return acquisition_ ? acquisition_->health(i) : replay_->health(i);
}
bool Station::device_suspect(std::size_t i) const {
  return acquisition_ && acquisition_->suspect_line_settings(i);
}

bool Station::wait_connected(TimeNs timeout_ns) {
  const TimeNs deadline = steady_now_ns() + timeout_ns;
  for (;;) {
    bool all = true;
    for (std::size_t i = 0; i < device_count(); ++i) {
      all &= device_health(i).state == acquisition::LinkState::kConnected;
    }
    if (all) return true;
    if (steady_now_ns() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void Station::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  if (replay_) {
    replay_->stop();
  } else if (acquisition_) {
    std::uint64_t last = UINT64_MAX;
    for (int i = 0; i < 50; ++i) {
      std::uint64_t bytes = 0;
      for (std::size_t d = 0; d < device_count(); ++d) bytes += device_health(d).bytes;
      if (bytes == last) break;
      last = bytes;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    acquisition_->stop();
  }
  queue_.close();  // the acquisition thread has joined: this thread is now the only producer
  processing_->join();
}

LiveView Station::live_view() {
  LiveViewSettings s;
  s.title = config_.name;
  s.single_belt = config_.engine.force.belt == processing::BeltLayout::kSingle;
  s.body_weight_n = body_weight_n();
  s.symmetry = config_.engine.symmetry;
  return LiveView{outputs_, *this, *this, s};
}

std::vector<std::string> Station::alarms() const {
  std::vector<std::string> out;
  char buf[200];
  if (queue_drops()) {
    std::snprintf(buf, sizeof buf, "%llu samples dropped at the processing queue",
                  static_cast<unsigned long long>(queue_drops()));
    out.emplace_back(buf);
  }
  const double zero_age_s = processing().zero_age_s();
  if (zero_age_s > ProcessingLoop::kZeroStaleS) {
    std::snprintf(buf, sizeof buf,
                  "plate zero not refreshed for %.0f min (no flight phase, no tare): tare with the "
                  "belt empty (stridecue live --tare 2)",
                  zero_age_s / 60.0);
    out.emplace_back(buf);
  }
  if (*processing().filter_problem()) out.emplace_back(processing().filter_problem());
  for (const auto& source : alarm_sources_) {
    if (std::string text = source(); !text.empty()) out.push_back(std::move(text));
  }
  return out;
}

}  // namespace stridecue::station
