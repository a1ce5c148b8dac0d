#include "stridecue/acquisition/acquisition.hpp"

#include <array>
#include <optional>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "asio.hpp"
#include "serial_options.hpp"
#include "stridecue/acquisition/port_list.hpp"
#include "stridecue/acquisition/wire_decoder.hpp"

namespace stridecue::acquisition {

namespace asio = boost::asio;

namespace {
constexpr std::array<unsigned, 17> kBauds = {9600,    19200,   38400,   57600,   115200,  230400,
                                             460800,  500000,  576000,  921600,  1000000, 1152000,
                                             1500000, 2000000, 2500000, 3000000, 4000000};
constexpr TimeNs kHealthTick_ns = 100 * kNsPerMs;
constexpr TimeNs kFirstBackoff_ns = 20 * kNsPerMs;
}  // namespace

bool is_supported_baud(unsigned baud) {
  // Boost 1.74 maps only these termios constants; 1500000 is not among them (docs/science.md §8).
  for (unsigned b : kBauds) {
    if (b == baud) return b != 1500000;
  }
  return false;
}

std::string supported_baud_hint(unsigned baud) {
  unsigned below = 0, above = 0;
  for (unsigned b : kBauds) {
    if (b == 1500000) continue;
    if (b < baud) below = b;
    if (b > baud && above == 0) above = b;
  }
  if (below && above) return "use " + std::to_string(below) + " or " + std::to_string(above);
  return "use " + std::to_string(below ? below : above);
}

struct Device {
  Device(asio::io_context& io, SerialDeviceConfig cfg, std::uint8_t device_index)
      : config(std::move(cfg)),
        index(device_index),
        port(io),
        timer(io),
        decoder(config.make_decoder ? config.make_decoder(device_index, health)
                                    : std::make_unique<WireDecoder>(device_index, health)) {}

  SerialDeviceConfig config;
  std::uint8_t index;
  asio::serial_port port;
  asio::steady_timer timer;  // reconnect backoff
  DeviceHealth health;
  std::unique_ptr<Decoder> decoder;
  // Line-settings check: bytes and frames at the start of the current 2 s window.
  std::uint64_t window_bytes = 0, window_frames = 0;
  TimeNs window_start_ns = 0;
  std::atomic<bool> suspect{false};
  std::array<std::uint8_t, 4096> buf{};
  TimeNs last_rx_ns = 0;
  TimeNs backoff_ns = kFirstBackoff_ns;
  bool ever_connected = false;
  std::string last_open_error;
  std::string current_path;  ///< what is open now (the USB identity resolves to it)
};

struct Acquisition::Impl {
  Impl(std::vector<SerialDeviceConfig> cfgs, SampleSink& s) : sink(s), health_timer(io) {
    std::uint8_t i = 0;
    for (auto& c : cfgs) devices.push_back(std::make_unique<Device>(io, std::move(c), i++));
  }

  /// The path to open now: the configured one, or the port that has the USB identity.
  std::string resolve_path(Device& d) {
    if (d.config.usb_identity.empty()) return d.config.path;
    std::string why;
    std::optional<std::string> path;
    try {
      path = find_port_by_usb_id(list_ports(), d.config.usb_identity, &why);
    } catch (const std::exception& e) {
      why = e.what();
    }
    if (!path && why != d.last_open_error) {
      spdlog::warn("{}: waiting for USB device {}: {}", d.config.name, d.config.usb_identity, why);
      d.last_open_error = why;
    }
    return path.value_or(std::string());
  }

  void open(Device& d) {
    if (stopping) return;
    const std::string path = resolve_path(d);
    if (path.empty()) {
      schedule_reopen(d);
      return;
    }
    d.current_path = path;
    boost::system::error_code ec;
    d.port.open(path, ec);
    if (!ec) ec = configure_serial(d.port, d.config.baud);
    if (ec) {
      boost::system::error_code ignore;
      d.port.close(ignore);
      if (ec.message() != d.last_open_error) {
        spdlog::warn("{}: cannot open {}: {} — retrying", d.config.name, path, ec.message());
        d.last_open_error = ec.message();
      }
      schedule_reopen(d);
      return;
    }
    d.last_open_error.clear();
    if (d.ever_connected) DeviceHealth::bump(d.health.reconnects);
    d.ever_connected = true;
    d.backoff_ns = kFirstBackoff_ns;
    d.decoder->reset();
    d.last_rx_ns = steady_now_ns();
    d.window_start_ns = d.last_rx_ns;
    d.window_bytes = d.health.bytes.load(std::memory_order_relaxed);
    d.window_frames = d.health.frames.load(std::memory_order_relaxed);
    d.health.state.store(LinkState::kConnected, std::memory_order_relaxed);
    spdlog::info("{}: connected on {} at {} baud", d.config.name, path, d.config.baud);
    read(d);
  }

  void schedule_reopen(Device& d) {
    if (stopping) return;
    d.timer.expires_after(std::chrono::nanoseconds(d.backoff_ns));
    d.backoff_ns = std::min(d.backoff_ns * 2, d.config.reconnect_max_backoff_ns);
    d.timer.async_wait([this, &d](const boost::system::error_code& ec) {
      if (!ec) open(d);
    });
  }

  // Acquisition thread. The buffer is the device's own; the sink must not block.
  void read(Device& d) {
    d.port.async_read_some(asio::buffer(d.buf), [this, &d](const boost::system::error_code& ec,
                                                           std::size_t n) {
      const TimeNs now = steady_now_ns();
      if (n > 0) {
        d.last_rx_ns = now;
        if (d.health.state.load(std::memory_order_relaxed) == LinkState::kStalled) {
          d.health.state.store(LinkState::kConnected, std::memory_order_relaxed);
          spdlog::info("{}: data flowing again", d.config.name);
        }
        d.decoder->feed(d.buf.data(), n, now, sink);
      }
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) return;
        spdlog::warn("{}: {} lost ({}); reconnecting", d.config.name, d.current_path, ec.message());
        boost::system::error_code ignore;
        d.port.close(ignore);
        d.health.state.store(LinkState::kReconnecting, std::memory_order_relaxed);
        sink.on_gap(d.index, 0, 0, now);  // lost count unknown until it is back
        schedule_reopen(d);
        return;
      }
      read(d);
    });
  }

  // Bytes but no valid frame for a whole window: a wrong baud rate (or protocol) turns every
  // byte into garbage that never passes the CRC. Said once per episode, in words a lab engineer
  // can act on.
  void check_line_settings(Device& d, TimeNs now) {
    const TimeNs window = d.config.line_check_window_ns;
    if (now - d.window_start_ns < window) return;
    const auto h = d.health.snapshot();
    const std::uint64_t bytes = h.bytes - d.window_bytes, frames = h.frames - d.window_frames;
    const bool suspect = bytes >= 256 && frames == 0;
    if (suspect && !d.suspect.load()) {
      spdlog::error(
          "{}: {} bytes in {:.1f} s from {} but not one valid frame: check the baud rate ({} is "
          "configured; the device's documentation tells its own) and that the device speaks "
          "the configured protocol",
          d.config.name, bytes, ns_to_s(window), d.current_path, d.config.baud);
    } else if (!suspect && d.suspect.load() && frames > 0) {
      spdlog::info("{}: valid frames again", d.config.name);
    }
    d.suspect = suspect;
    d.window_bytes = h.bytes;
    d.window_frames = h.frames;
    d.window_start_ns = now;
  }

  void health_tick() {
    health_timer.expires_after(std::chrono::nanoseconds(kHealthTick_ns));
    health_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping) return;
      const TimeNs now = steady_now_ns();
      for (auto& d : devices) check_line_settings(*d, now);
      for (auto& d : devices) {
        if (d->health.state.load(std::memory_order_relaxed) == LinkState::kConnected &&
            now - d->last_rx_ns > d->config.stall_timeout_ns) {
          d->health.state.store(LinkState::kStalled, std::memory_order_relaxed);
          spdlog::warn("{}: no data for {} ms — stalled", d->config.name,
                       (now - d->last_rx_ns) / kNsPerMs);
        }
      }
      health_tick();
    });
  }

  SampleSink& sink;
  asio::io_context io;
  asio::steady_timer health_timer;
  std::vector<std::unique_ptr<Device>> devices;
  std::thread thread;
  std::atomic<bool> stopping{false};
};

Acquisition::Acquisition(std::vector<SerialDeviceConfig> devices, SampleSink& sink) {
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const auto& c = devices[i];
    if (c.path.empty() && c.usb_identity.empty()) {
      throw std::invalid_argument("devices[" + std::to_string(i) + "] (" + c.name +
                                  "): no port; give a path (e.g. /dev/ttyUSB0) or a USB "
                                  "identity (VID:PID[:SERIAL], see `stridecue ports`)");
    }
    if (!is_supported_baud(c.baud)) {
      throw std::invalid_argument("devices[" + std::to_string(i) + "] (" + c.name +
                                  ").baud: " + std::to_string(c.baud) + " is not supported; " +
                                  supported_baud_hint(c.baud));
    }
  }
  if (devices.size() > 255) throw std::invalid_argument("at most 255 devices");
  impl_ = std::make_unique<Impl>(std::move(devices), sink);
}

Acquisition::~Acquisition() {
  stop();
}

void Acquisition::start() {
  if (impl_->thread.joinable()) return;
  for (auto& d : impl_->devices) impl_->open(*d);
  impl_->health_tick();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

void Acquisition::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  // Asio requires cancel() before close() for a read in flight (docs/science.md §8); both must run
  // on the io thread, so post them and let run() drain.
  asio::post(impl_->io, [this] {
    for (auto& d : impl_->devices) {
      boost::system::error_code ignore;
      d->timer.cancel();
      d->port.cancel(ignore);
      d->port.close(ignore);
      d->health.state.store(LinkState::kStopped, std::memory_order_relaxed);
    }
    impl_->health_timer.cancel();
  });
  if (impl_->thread.joinable())
    impl_->thread.join();
  else
    impl_->io.run();  // never started: run the posted handlers here
}

std::size_t Acquisition::device_count() const {
  return impl_->devices.size();
}
const SerialDeviceConfig& Acquisition::device_config(std::size_t i) const {
  return impl_->devices.at(i)->config;
}
HealthSnapshot Acquisition::health(std::size_t i) const {
  return impl_->devices.at(i)->health.snapshot();
}
bool Acquisition::suspect_line_settings(std::size_t i) const {
  return impl_->devices.at(i)->suspect.load();
}

}  // namespace stridecue::acquisition
