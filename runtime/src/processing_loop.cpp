#include "stridecue/runtime/processing_loop.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace stridecue::runtime {

namespace {
/// The sample's data time, or -1 for items without one (gaps, end of stream).
TimeNs sample_time_ns(const SampleItem& item) {
  return std::visit(
      [](const auto& v) -> TimeNs {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, EndOfStream> || std::is_same_v<T, StreamGap>) {
          return -1;
        } else {
          return v.t_ns;
        }
      },
      item);
}

std::size_t side_index(Side side) {
  return side == Side::kLeft ? 0 : side == Side::kRight ? 1 : 2;
}
}  // namespace

ProcessingLoop::ProcessingLoop(acquisition::SampleQueue& input,
                               const processing::ForcePipelineConfig& config, LiveOutputs& outputs,
                               const processing::PelvisPipelineConfig& pelvis,
                               const BaselineBlockConfig& baseline)
    : input_(input), force_(config), pelvis_(pelvis), out_(outputs) {
  force_.set_side_hint(&pelvis_);  // single belt: the pelvis names sides the COP cannot
  if (!(std::isfinite(baseline.start_s) && baseline.start_s >= 0)) {
    throw std::invalid_argument("baseline.start_s: " + std::to_string(baseline.start_s) +
                                " must be a number of seconds >= 0");
  }
  if (!(std::isfinite(baseline.duration_s) && baseline.duration_s >= 0)) {
    throw std::invalid_argument("baseline.duration_s: " + std::to_string(baseline.duration_s) +
                                " must be a number of seconds > 0 (or 0 for no automatic block)");
  }
  auto_baseline_ = baseline.enabled() ? AutoBaseline::kWaiting : AutoBaseline::kDone;
  auto_begin_ns_ = s_to_ns(baseline.start_s);
  auto_end_ns_ = s_to_ns(baseline.start_s + baseline.duration_s);
}

ProcessingLoop::~ProcessingLoop() {
  join();
}

void ProcessingLoop::start() {
  thread_ = std::thread([this] {
    SampleItem item;
    do {
      input_.pop_wait(item);
    } while (process(item));
  });
}

void ProcessingLoop::join() {
  if (thread_.joinable()) thread_.join();
}

bool ProcessingLoop::process(const SampleItem& item) {
  if (pending_tare_ns_.load(std::memory_order_relaxed) != 0) {
    force_.request_tare(pending_tare_ns_.exchange(0));
  }
  if (pending_calibration_.load(std::memory_order_relaxed) &&
      pending_calibration_.exchange(false)) {
    pelvis_.request_calibration();
  }
  if (auto tare = force_.take_tare_result()) out_.tares.push(*tare);
  update_baseline(sample_time_ns(item));
  return std::visit(
      [this](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, EndOfStream>) {
          force_.finish(*this);  // nothing more will come: publish what waits
          flush_pending(StepJoiner::kEndOfData);
          return false;
        } else if constexpr (std::is_same_v<T, ForceFrame>) {
          force_devices_ |= 1ull << (v.device & 63);
          force_.process(v, *this);
          note_filter_problem();
          note_zero_age(v.n_plates);
          ForcePoint p{v.t_ns, v.n_plates, {}};
          for (std::size_t i = 0; i < v.n_plates && i < p.fz_n.size(); ++i) {
            p.fz_n[i] = v.plate[i].fz_n;
          }
          out_.force_trace.push(p);
          flush_pending(v.t_ns);
          samples_.fetch_add(1, std::memory_order_relaxed);
          return true;
        } else if constexpr (std::is_same_v<T, LoadCellFrame>) {
          force_devices_ |= 1ull << (v.device & 63);
          force_.process(v, *this);
          note_filter_problem();
          note_zero_age(v.n_plates);
          ForcePoint p{v.t_ns, v.n_plates, {}};
          for (std::size_t i = 0; i < v.n_plates && i < p.fz_n.size(); ++i) {
            const auto& c = v.cell_n[i];
            p.fz_n[i] = c[0] + c[1] + c[2] + c[3];
          }
          out_.force_trace.push(p);
          flush_pending(v.t_ns);
          samples_.fetch_add(1, std::memory_order_relaxed);
          return true;
        } else if constexpr (std::is_same_v<T, ImuSample>) {
          on_imu(v);
          samples_.fetch_add(1, std::memory_order_relaxed);
          return true;
        } else {
          static_assert(std::is_same_v<T, StreamGap>);
          if (force_devices_ & (1ull << (v.device & 63))) force_.on_gap(v);
          if (imu_devices_ & (1ull << (v.device & 63))) pelvis_.on_gap(v);
          return true;
        }
      },
      item);
}

void ProcessingLoop::on_imu(const ImuSample& s) {
  imu_devices_ |= 1ull << (s.device & 63);
  if (first_imu_ns_ < 0) first_imu_ns_ = s.t_ns;
  pelvis_.process(s);
  if (auto cal = pelvis_.take_calibration_result()) out_.calibrations.push(*cal);
  const processing::PelvisConfidence conf = pelvis_.confidence();
  if (conf.flags != last_confidence_flags_) {
    last_confidence_flags_ = conf.flags;
    out_.pelvis_status.push(conf);
  }
  if (pelvis_.has_angles()) {
    const processing::PelvisAngles& a = pelvis_.angles();
    out_.pelvis_trace.push({s.t_ns, static_cast<float>(a.tilt_deg),
                            static_cast<float>(a.obliquity_deg),
                            static_cast<float>(a.rotation_deg)});
  }
  // No plate in the station: the IMU finds the steps itself.
  processing::ImuStep is;
  while (pelvis_.take_imu_step(is)) {
    if (force_devices_ != 0 || s.t_ns - first_imu_ns_ < kImuOnlyAfterNs) continue;
    hold(imu_timing_.next(is));
  }
  flush_pending(StepJoiner::kNoPlateTime);
}

void ProcessingLoop::update_baseline(TimeNs t_ns) {
  if (t_ns >= 0) {
    if (first_sample_ns_ < 0) first_sample_ns_ = t_ns;
    last_sample_ns_ = std::max(last_sample_ns_, t_ns);
  }
  const bool begin = pending_begin_baseline_.load(std::memory_order_relaxed) &&
                     pending_begin_baseline_.exchange(false);
  const bool end = pending_end_baseline_.load(std::memory_order_relaxed) &&
                   pending_end_baseline_.exchange(false);
  if (begin || end) auto_baseline_ = AutoBaseline::kDone;  // the clinician takes over
  if (begin) begin_block(last_sample_ns_, false);
  if (end) end_block(last_sample_ns_, false);
  if (auto_baseline_ == AutoBaseline::kDone || t_ns < 0) return;
  const TimeNs elapsed_ns = t_ns - first_sample_ns_;
  if (auto_baseline_ == AutoBaseline::kWaiting && elapsed_ns >= auto_begin_ns_) {
    begin_block(t_ns, true);
    auto_baseline_ = AutoBaseline::kRecording;
  }
  if (auto_baseline_ == AutoBaseline::kRecording && elapsed_ns >= auto_end_ns_) {
    end_block(t_ns, true);
    auto_baseline_ = AutoBaseline::kDone;
  }
}

void ProcessingLoop::begin_block(TimeNs t_ns, bool automatic) {
  processing::SymmetryTracker& tracker = force_.symmetry();
  const bool restarted = tracker.baseline_recording();
  tracker.begin_baseline();
  block_steps_ = {};
  out_.baseline_events.push({t_ns, BaselineEvent::Kind::kBegun, automatic, 0, 0,
                             restarted ? "the block already open was discarded" : ""});
}

void ProcessingLoop::end_block(TimeNs t_ns, bool automatic) {
  processing::SymmetryTracker& tracker = force_.symmetry();
  const bool was_open = tracker.baseline_recording();
  const bool ok = tracker.end_baseline();
  BaselineEvent e;
  e.t_ns = t_ns;
  e.kind = ok ? BaselineEvent::Kind::kEnded : BaselineEvent::Kind::kRefused;
  e.automatic = automatic;
  e.steps_l = block_steps_[0];
  e.steps_r = block_steps_[1];
  if (!was_open) {
    e.reason = "no baseline block is open; begin one first";
  } else if (!ok) {
    e.reason = "the block has no left or no right step; record it while the runner runs";
  } else {
    const auto& cfg = tracker.config();
    const std::size_t needed =
        cfg.min_values_per_side ? cfg.min_values_per_side : (cfg.window_strides + 1) / 2;
    if (e.steps_l < needed || e.steps_r < needed) {
      e.reason = "too few steps per side for flags: the change is shown but never flagged";
    }
  }
  block_steps_ = {};
  out_.baseline_events.push(e);
}

void ProcessingLoop::on_step(const processing::StepResult& step) {
  // The force pipeline has already given this step to its symmetry tracker.
  const processing::SymmetryTracker& tracker = force_.symmetry();
  const std::size_t side = side_index(step.side);
  if (tracker.baseline_recording() && side < 2) ++block_steps_[side];
  SymmetryUpdate u{step.t_to_ns, step.index, block_steps_[0], block_steps_[1], tracker.snapshot()};
  out_.symmetry.push(u);
  hold(step);
}

void ProcessingLoop::hold(const processing::StepResult& step) {
  if (imu_devices_ == 0) {
    publish(step);
    return;
  }
  joiner_.hold(step, [this](const processing::StepResult& s) { publish(s); });
  flush_pending(StepJoiner::kNoPlateTime);
}

void ProcessingLoop::flush_pending(TimeNs force_now_ns) {
  const std::uint16_t extra = force_devices_ == 0 ? processing::kPelvisImuEvents : 0;
  joiner_.flush(pelvis_, force_now_ns, extra,
                [this](const processing::StepResult& s) { publish(s); });
}

void ProcessingLoop::publish(const processing::StepResult& step) {
  out_.steps.push(step);
  steps_.fetch_add(1, std::memory_order_relaxed);
}

void ProcessingLoop::on_cue(const processing::Cue& cue) {
  out_.cues.push(cue);
}

}  // namespace stridecue::runtime
