#include "stridecue/runtime/processing_loop.hpp"

#include <limits>
#include <type_traits>

namespace stridecue::runtime {

ProcessingLoop::ProcessingLoop(acquisition::SampleQueue& input,
                               const processing::ForcePipelineConfig& config, LiveOutputs& outputs,
                               const processing::PelvisPipelineConfig& pelvis)
    : input_(input), force_(config), pelvis_(pelvis), out_(outputs) {}

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
  return std::visit(
      [this](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, EndOfStream>) {
          flush_pending(
              std::numeric_limits<TimeNs>::max());  // nothing more will come: publish what waits
          return false;
        } else if constexpr (std::is_same_v<T, ForceFrame>) {
          force_devices_ |= 1ull << (v.device & 63);
          force_.process(v, *this);
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
    on_step(imu_timing_.next(is));
  }
  flush_pending(-1);
}

void ProcessingLoop::on_step(const processing::StepResult& step) {
  if (imu_devices_ == 0) {
    publish(step);
    return;
  }
  if (pending_count_ == kMaxPendingSteps) {
    // The IMU is far behind: the oldest waiting step goes out without pelvis values.
    publish(pending_[pending_head_]);
    pending_head_ = (pending_head_ + 1) % kMaxPendingSteps;
    --pending_count_;
  }
  pending_[(pending_head_ + pending_count_) % kMaxPendingSteps] = step;
  ++pending_count_;
  flush_pending(-1);
}

void ProcessingLoop::flush_pending(TimeNs force_now_ns) {
  while (pending_count_ > 0) {
    processing::StepResult& s = pending_[pending_head_];
    const auto status = pelvis_.measure_step(s.t_ic_ns, s.t_to_ns, s.side, s.pelvis);
    if (status == processing::PelvisPipeline::StepStatus::kNotYet &&
        !(force_now_ns >= 0 && force_now_ns - s.t_to_ns > kImuWaitNs)) {
      break;
    }
    if (status == processing::PelvisPipeline::StepStatus::kNotYet) {
      s.pelvis.flags |= processing::kPelvisNoImu;
    }
    if (force_devices_ == 0) s.pelvis.flags |= processing::kPelvisImuEvents;
    publish(s);
    pending_head_ = (pending_head_ + 1) % kMaxPendingSteps;
    --pending_count_;
  }
}

void ProcessingLoop::publish(const processing::StepResult& step) {
  out_.steps.push(step);
  steps_.fetch_add(1, std::memory_order_relaxed);
}

void ProcessingLoop::on_cue(const processing::Cue& cue) {
  out_.cues.push(cue);
}

}  // namespace stridecue::runtime
