#include "stridecue/runtime/demo_rig.hpp"

#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

namespace stridecue::runtime {

namespace {
void log_device(std::uint8_t device, const acquisition::DeviceInfo& info) {
  spdlog::info("device {}: {} {} fw {}.{}.{}, {} plate(s), {} Hz, {} samples/frame", device,
               acquisition::device_kind_name(info.kind), info.serial_view(), info.fw_major,
               info.fw_minor, info.fw_patch, info.n_plates, info.sample_rate_hz,
               info.samples_per_frame);
}
sim::EmulatorConfig with_truth_thresholds(const DemoConfig& c) {
  sim::EmulatorConfig e = c.emulator;
  e.truth_on_threshold_n = c.processing.thresholds.on_n;
  e.truth_off_threshold_n = c.processing.thresholds.off_n;
  return e;
}
}  // namespace

DemoRig::DemoRig(const DemoConfig& config)
    : config_(config),
      emulator_(with_truth_thresholds(config)),
      queue_(config.queue_capacity),
      sink_(queue_, nullptr, log_device) {
  std::vector<acquisition::SerialDeviceConfig> devices;
  devices.push_back({"plates", emulator_.plates_port(), config.baud});
  if (config.emulator.with_imu) devices.push_back({"pelvis", emulator_.imu_port(), config.baud});
  acquisition_ = std::make_unique<acquisition::Acquisition>(std::move(devices), sink_);
  processing_ = std::make_unique<ProcessingLoop>(queue_, config.processing, outputs_);
}

DemoRig::~DemoRig() {
  stop();
}

void DemoRig::start() {
  if (started_) return;
  started_ = true;
  processing_->start();
  acquisition_->start();
  // Wait until acquisition has the ports open so the first frames are not left in the pty.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  auto connected = [this] {
    for (std::size_t i = 0; i < acquisition_->device_count(); ++i) {
      if (acquisition_->health(i).state != acquisition::LinkState::kConnected) return false;
    }
    return true;
  };
  while (!connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  emulator_.start();
}

void DemoRig::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  emulator_.stop();
  // Let acquisition read the frames still in the pty: wait until the byte count settles.
  std::uint64_t last = UINT64_MAX;
  for (int i = 0; i < 50; ++i) {
    std::uint64_t bytes = 0;
    for (std::size_t d = 0; d < acquisition_->device_count(); ++d) {
      bytes += acquisition_->health(d).bytes;
    }
    if (bytes == last) break;
    last = bytes;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  acquisition_->stop();
  queue_.close();  // the acquisition thread has joined: this thread is now the only producer
  processing_->join();
}

}  // namespace stridecue::runtime
