#include "stridecue/processing/plate_conditioner.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace stridecue::processing {

PlateConditioner::PlateConditioner(
    const std::array<std::optional<CalibrationMatrix>, kMaxPlates>& calibration,
    const DriftCorrectionConfig& drift, const ForceFilterConfig& filter)
    : calibration_(calibration), drift_(drift), filter_cfg_(filter) {
  if (filter.cutoff_hz != 0 && !(filter.cutoff_hz >= 1.0 && filter.cutoff_hz <= 500.0)) {
    throw std::invalid_argument("filter.cutoff_hz: " + std::to_string(filter.cutoff_hz) +
                                " is out of range; use 0 (off) or 1..500 Hz (e.g. 50)");
  }
  if (filter.order != 2 && filter.order != 4 && filter.order != 6) {
    throw std::invalid_argument("filter.order: " + std::to_string(filter.order) +
                                " is not supported; use 2, 4 or 6");
  }
}

double PlateConditioner::filter_delay_ms() const {
  if (filter_cfg_.cutoff_hz == 0 || *filter_problem_) return 0.0;
  return filters_[0][0] ? filters_[0][0]->group_delay_s() * 1e3 : std::nan("");
}

void PlateConditioner::filter(std::size_t plate, TimeNs t_ns, Channels& r) {
  if (filter_cfg_.cutoff_hz == 0 || *filter_problem_) return;
  if (!filters_[0][0]) {
    // Measure the sample rate over the first frames, then design (no allocation).
    if (plate != 0) return;
    if (rate_frames_ == 0) rate_t0_ns_ = t_ns;
    if (++rate_frames_ <= kRateFrames) return;
    const double fs = static_cast<double>(kRateFrames) / ns_to_s(t_ns - rate_t0_ns_);
    if (!(fs > 0) || filter_cfg_.cutoff_hz >= 0.45 * fs) {
      filter_problem_ =
          "low-pass not applied: its cut-off is not below 0.45 x the plates' sample rate; lower "
          "lowpass cutoff_hz";
      return;
    }
    for (auto& plate_filters : filters_) {
      for (auto& f : plate_filters) f.emplace(filter_cfg_.order, fs, filter_cfg_.cutoff_hz);
    }
    filter_reset_.fill(true);
  }
  auto& fs = filters_[plate];
  for (std::size_t c = 0; c < 6; ++c) {
    if (filter_reset_[plate]) fs[c]->reset(r[c]);
    r[c] = fs[c]->process(r[c]);
  }
  filter_reset_[plate] = false;
}

void PlateConditioner::begin_frame(const ForceFrame& frame) {
  if (first_frame_ns_ < 0) first_frame_ns_ = frame.t_ns;
  last_frame_ns_ = frame.t_ns;
  if (tare_duration_ns_ > 0) feed_tare(frame);
}

Channels PlateConditioner::condition(std::size_t plate, TimeNs t_ns, const PlateWrench& raw,
                                     Channels& filtered) {
  const PlateWrench w = calibration_[plate] ? apply_calibration(*calibration_[plate], raw) : raw;
  filtered = {w.fx_n, w.fy_n, w.fz_n, w.mx_nm, w.my_nm, w.mz_nm};
  filter(plate, t_ns, filtered);
  const Plate& p = plates_[plate];
  Channels zeroed;
  for (std::size_t c = 0; c < 6; ++c) zeroed[c] = filtered[c] - p.offset[c];  // tare and drift
  return zeroed;
}

void PlateConditioner::add_unloaded(std::size_t plate, const Channels& filtered) {
  Plate& p = plates_[plate];
  for (std::size_t c = 0; c < 6; ++c) p.flight_sum[c] += filtered[c];
  ++p.flight_n;
}

void PlateConditioner::contact_started(std::size_t plate, TimeNs t_ns) {
  Plate& p = plates_[plate];
  // The unloaded stretch just ended: its mean is the plate's zero.
  if (drift_.enabled && p.flight_n >= drift_.min_samples) {
    Channels mean;
    for (std::size_t c = 0; c < 6; ++c) mean[c] = p.flight_sum[c] / static_cast<double>(p.flight_n);
    if (std::fabs(mean[2] - p.offset[2]) <= drift_.max_offset_change_n) {
      p.offset = mean;
      p.zero_t_ns = t_ns;
    } else {
      ++rejected_offsets_;
    }
  }
  p.flight_n = 0;
  p.flight_sum = {};
}

void PlateConditioner::on_gap() {
  filter_reset_.fill(true);               // restart the filters at the first sample after the gap
  if (!filters_[0][0]) rate_frames_ = 0;  // the rate is measured over unbroken data
  for (auto& p : plates_) {
    p.flight_n = 0;
    p.flight_sum = {};
  }
}

double PlateConditioner::zero_age_s(std::size_t plate) const {
  if (first_frame_ns_ < 0) return 0.0;
  const TimeNs since = std::max(plates_.at(plate).zero_t_ns, first_frame_ns_);
  return ns_to_s(last_frame_ns_ - since);
}

void PlateConditioner::request_tare(TimeNs duration_ns) {
  tare_duration_ns_ = std::max<TimeNs>(duration_ns, 50 * kNsPerMs);
  tare_start_ns_ = -1;
  tare_sum_ = {};
  tare_sum_sq_fz_ = {};
  tare_n_ = 0;
}

std::optional<TareResult> PlateConditioner::take_tare_result() {
  auto r = tare_result_;
  tare_result_.reset();
  return r;
}

void PlateConditioner::feed_tare(const ForceFrame& frame) {
  if (tare_start_ns_ < 0) tare_start_ns_ = frame.t_ns;
  const std::size_t n_plates = std::min<std::size_t>(frame.n_plates, kMaxPlates);
  for (std::size_t i = 0; i < n_plates; ++i) {
    const PlateWrench w =
        calibration_[i] ? apply_calibration(*calibration_[i], frame.plate[i]) : frame.plate[i];
    const double r[6] = {w.fx_n, w.fy_n, w.fz_n, w.mx_nm, w.my_nm, w.mz_nm};
    for (std::size_t c = 0; c < 6; ++c) tare_sum_[i][c] += r[c];
    tare_sum_sq_fz_[i] += r[2] * r[2];
  }
  ++tare_n_;
  if (frame.t_ns - tare_start_ns_ < tare_duration_ns_) return;

  // The window is complete: accept only an unloaded, still plate.
  constexpr double kMaxLoad_n = 150.0, kMaxSd_n = 10.0;
  TareResult r;
  r.t_ns = frame.t_ns;
  r.ok = true;
  const double n = static_cast<double>(tare_n_);
  for (std::size_t i = 0; i < n_plates; ++i) {
    const double mean = tare_sum_[i][2] / n;
    r.fz_offset_n[i] = mean;
    r.fz_sd_n[i] = std::sqrt(std::max(0.0, tare_sum_sq_fz_[i] / n - mean * mean));
    if (std::fabs(mean) > kMaxLoad_n) {
      r.ok = false;
      r.reason = "a plate is loaded: step off the treadmill and tare again";
    } else if (r.fz_sd_n[i] > kMaxSd_n && r.ok) {
      r.ok = false;
      r.reason = "a plate is not still (belt moving or touched): stop the belt and tare again";
    }
  }
  if (r.ok) {
    for (std::size_t i = 0; i < n_plates; ++i) {
      for (std::size_t c = 0; c < 6; ++c) plates_[i].offset[c] = tare_sum_[i][c] / n;
      plates_[i].zero_t_ns = frame.t_ns;
    }
  }
  tare_result_ = r;
  tare_duration_ns_ = 0;
}

}  // namespace stridecue::processing
