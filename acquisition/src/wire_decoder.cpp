#include "stridecue/acquisition/wire_decoder.hpp"

#include <algorithm>
#include <cstring>

namespace stridecue::acquisition {

WireDecoder::WireDecoder(std::uint8_t device_index, DeviceHealth& health)
    : device_(device_index), health_(health) {
  sc_splitter_init(&splitter_);
}

void WireDecoder::reset() {
  sc_splitter_init(&splitter_);
  clock_.reset();
  synced_ = false;
  error_since_good_ = false;
  have_counter_ = false;
  pending_flags_ = kSampleGapBefore;
}

void WireDecoder::feed(const std::uint8_t* data, std::size_t n, TimeNs host_rx_ns,
                       SampleSink& sink) {
  DeviceHealth::bump(health_.bytes, n);
  sink_ = &sink;
  host_rx_ns_ = host_rx_ns;
  sc_splitter_feed(&splitter_, data, n, &WireDecoder::on_frame_thunk, this);
  sink_ = nullptr;
}

void WireDecoder::on_frame_thunk(void* ctx, const std::uint8_t* frame, std::size_t len) {
  static_cast<WireDecoder*>(ctx)->on_frame(frame, len);
}

TimeNs WireDecoder::sample_period_ns() const {
  return info_.sample_rate_hz ? kNsPerS / info_.sample_rate_hz : 0;
}

bool WireDecoder::check_counter(std::uint32_t counter, std::uint8_t n_samples, TimeNs t_ns) {
  bool gap = false;
  if (have_counter_ && counter != next_counter_) {
    // Unsigned difference handles the 2^32 wrap; a backwards jump counts as a gap of 0 lost.
    const std::uint32_t lost = counter - next_counter_;
    const std::uint64_t lost64 = lost < 0x80000000u ? lost : 0;
    DeviceHealth::bump(health_.counter_gaps);
    DeviceHealth::bump(health_.lost_samples, lost64);
    sink_->on_gap(device_, counter, lost64, t_ns);
    gap = true;
  }
  have_counter_ = true;
  next_counter_ = counter + n_samples;
  return gap;
}

void WireDecoder::on_frame(const std::uint8_t* frame, std::size_t len) {
  const sc_status st = sc_decode_frame(frame, len, &msg_);
  if (st == SC_ERR_EMPTY) return;  // back-to-back delimiters: devices may send 0x00 to resync
  if (st == SC_ERR_TYPE) {
    // A well-formed frame of a type this host does not know (a newer device): skip, count.
    DeviceHealth::bump(health_.unknown_messages);
    synced_ = true;
    return;
  }
  if (st != SC_OK) {
    // Before the first good frame, a failure is the tail of a frame we joined mid-way.
    if (synced_) {
      DeviceHealth::bump(st == SC_ERR_CRC ? health_.crc_errors : health_.other_errors);
      error_since_good_ = true;
    }
    return;
  }
  if (error_since_good_) DeviceHealth::bump(health_.resyncs);
  error_since_good_ = false;
  synced_ = true;
  DeviceHealth::bump(health_.frames);

  const sc_header& h = msg_.header;
  if (h.type == SC_MSG_HELLO) {
    handle_hello(msg_.msg.hello);
    return;
  }
  const bool is_sample =
      h.type == SC_MSG_FORCE6 || h.type == SC_MSG_LOADCELL || h.type == SC_MSG_IMU;
  if (!is_sample) return;  // STATUS and ACK are handled by the command layer (not yet wired)
  if (!has_info()) {
    ++frames_before_hello_;
    return;
  }

  // Time: the frame is sent just after its last sample was taken, so the last sample's device
  // time is what the receive time bounds from below.
  const TimeNs period = sample_period_ns();
  const TimeNs t0_dev = clock_.unwrap_us(h.t_device_us);
  const TimeNs t_last_dev = t0_dev + period * (h.n_samples - 1);
  clock_.observe(t_last_dev, host_rx_ns_);
  health_.clock_jumps.store(clock_.jumps(), std::memory_order_relaxed);

  const TimeNs t0_host = clock_.to_host(t0_dev);
  if (check_counter(h.counter, h.n_samples, t0_host)) pending_flags_ |= kSampleGapBefore;
  if (h.flags & SC_FLAG_OVERRUN) pending_flags_ |= kSampleDeviceOverrun;
  DeviceHealth::bump(health_.samples, h.n_samples);

  const auto& sc = info_.scale;
  for (unsigned i = 0; i < h.n_samples; ++i) {
    const TimeNs t_ns = clock_.to_host(t0_dev + period * i);
    const std::uint32_t counter = h.counter + i;
    const std::uint8_t flags = pending_flags_;
    pending_flags_ = 0;
    if (h.type == SC_MSG_FORCE6) {
      const sc_force6& f = msg_.msg.force6;
      auto out = make_sample<ForceFrame>(t_ns, counter, device_, flags);
      out.n_plates = f.n_plates;
      for (unsigned p = 0; p < f.n_plates; ++p) {
        const auto* c = f.counts[i][p];
        out.plate[p] = {c[0] * sc[0], c[1] * sc[1], c[2] * sc[2],
                        c[3] * sc[3], c[4] * sc[4], c[5] * sc[5]};
      }
      sink_->on_force(out);
    } else if (h.type == SC_MSG_LOADCELL) {
      const sc_loadcell& l = msg_.msg.loadcell;
      auto out = make_sample<LoadCellFrame>(t_ns, counter, device_, flags);
      out.n_plates = l.n_plates;
      for (unsigned p = 0; p < l.n_plates; ++p) {
        for (unsigned c = 0; c < SC_LOADCELL_CHANNELS; ++c) {
          out.cell_n[p][c] = static_cast<float>(l.counts[i][p][c]) * sc[c];
        }
      }
      sink_->on_load_cells(out);
    } else {
      const auto* c = msg_.msg.imu.counts[i];
      auto out = make_sample<ImuSample>(t_ns, counter, device_, flags);
      out.acc_mps2 = {c[0] * sc[0], c[1] * sc[1], c[2] * sc[2]};
      out.gyro_rads = {c[3] * sc[3], c[4] * sc[4], c[5] * sc[5]};
      sink_->on_imu(out);
    }
  }
}

void WireDecoder::handle_hello(const sc_hello& hello) {
  DeviceInfo info;
  info.kind = static_cast<DeviceKind>(hello.kind);
  std::memcpy(info.serial.data(), hello.serial, SC_SERIAL_BYTES);
  info.serial[SC_SERIAL_BYTES] = '\0';
  info.fw_major = hello.fw_major;
  info.fw_minor = hello.fw_minor;
  info.fw_patch = hello.fw_patch;
  info.calibration_id = hello.calibration_id;
  info.sample_rate_hz = hello.sample_rate_hz;
  info.n_plates = hello.n_plates;
  info.samples_per_frame = hello.samples_per_frame;
  std::copy(std::begin(hello.scale), std::end(hello.scale), info.scale.begin());
  info.accel_range_g = hello.accel_range_g;
  info.gyro_range_dps = hello.gyro_range_dps;

  if (info == info_) return;
  if (info.sample_rate_hz != info_.sample_rate_hz) clock_.reset();
  info_ = info;
  health_.declared_rate_hz.store(info.sample_rate_hz, std::memory_order_relaxed);
  sink_->on_device_info(device_, info_);
}

}  // namespace stridecue::acquisition
