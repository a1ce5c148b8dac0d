#include "stridecue/processing/gait_engine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>

namespace stridecue::processing {

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

std::uint64_t device_bit(std::uint8_t device) {
  return 1ull << (device & 63);
}

/// The presets a run may select: the configured ones, or the station's symmetry cue.
std::vector<CuePreset> presets_for(const GaitEngineConfig& c) {
  if (!c.cue_presets.empty()) return c.cue_presets;
  return {symmetry_preset(c.cue.metric, c.cue.threshold_pct,
                          static_cast<std::uint32_t>(c.cue.window_steps),
                          static_cast<std::uint32_t>(c.cue.hold_off_steps))};
}
}  // namespace

GaitEngine::GaitEngine(const GaitEngineConfig& config)
    : cfg_(config),
      force_(config.force),
      pelvis_(config.pelvis),
      symmetry_(config.symmetry),
      cues_(presets_for(config), config.symmetry) {
  const BaselineBlockConfig& b = config.baseline;
  if (!(std::isfinite(b.start_s) && b.start_s >= 0)) {
    throw std::invalid_argument("baseline.start_s: " + std::to_string(b.start_s) +
                                " must be a number of seconds >= 0");
  }
  if (!(std::isfinite(b.duration_s) && b.duration_s >= 0)) {
    throw std::invalid_argument("baseline.duration_s: " + std::to_string(b.duration_s) +
                                " must be a number of seconds > 0 (or 0 for no automatic block)");
  }
  // Throws std::invalid_argument naming a saved baseline's bad value.
  if (config.initial_baseline) symmetry_.set_baseline(*config.initial_baseline);
  if (config.initial_step_baseline) cues_.set_baseline(*config.initial_step_baseline);
  if (config.initial_cue_preset != CueEngine::kNoPreset &&
      (config.initial_cue_preset < 0 ||
       static_cast<std::size_t>(config.initial_cue_preset) >= cues_.presets().size())) {
    throw std::invalid_argument("initial_cue_preset: " + std::to_string(config.initial_cue_preset) +
                                " names no preset");
  }
  auto_baseline_ = b.enabled() ? AutoBaseline::kWaiting : AutoBaseline::kDone;
  auto_begin_ns_ = s_to_ns(b.start_s);
  auto_end_ns_ = s_to_ns(b.start_s + b.duration_s);
  force_steps_.engine = this;
  force_.set_side_hint(&pelvis_);  // single belt: the pelvis names sides the COP cannot
}

bool GaitEngine::process(const SampleItem& item, GaitSink& sink) {
  sink_ = &sink;
  if (auto tare = force_.take_tare_result()) sink.on_tare(*tare);
  update_baseline(sample_time_ns(item));
  return std::visit(
      [this](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, EndOfStream>) {
          finish();
          return false;
        } else if constexpr (std::is_same_v<T, ForceFrame>) {
          force_devices_ |= device_bit(v.device);
          force_.process(v, force_steps_);
          after_force_frame(v.t_ns, v.n_plates);
          return true;
        } else if constexpr (std::is_same_v<T, LoadCellFrame>) {
          force_devices_ |= device_bit(v.device);
          force_.process(v, force_steps_);
          after_force_frame(v.t_ns, v.n_plates);
          return true;
        } else if constexpr (std::is_same_v<T, ImuSample>) {
          on_imu(v);
          return true;
        } else {
          static_assert(std::is_same_v<T, StreamGap>);
          on_gap(v);
          return true;
        }
      },
      item);
}

void GaitEngine::after_force_frame(TimeNs t_ns, std::uint8_t n_plates) {
  const std::size_t n = std::min<std::size_t>(n_plates, kMaxPlates);
  ForcePoint p{t_ns, static_cast<std::uint8_t>(n), {}};
  for (std::size_t i = 0; i < n; ++i) p.fz_n[i] = static_cast<float>(force_.corrected_fz_n(i));
  sink_->on_force(p);
  note_alarms(t_ns, n);
  flush(t_ns);
}

void GaitEngine::note_alarms(TimeNs t_ns, std::size_t n_plates) {
  double age = 0;
  for (std::size_t i = 0; i < n_plates; ++i) age = std::max(age, force_.zero_age_s(i));
  zero_age_s_ = age;
  const bool stale = age > kZeroStaleS;
  if (stale != zero_stale_) {
    zero_stale_ = stale;
    sink_->on_alarm({t_ns, GaitAlarm::Kind::kZeroStale, stale,
                     "plate zero not refreshed for 5 min (no flight phase, no tare): tare with "
                     "the belt empty"});
  }
  const char* problem = force_.filter_problem();
  if (*problem && problem != filter_problem_) {
    filter_problem_ = problem;
    sink_->on_alarm({t_ns, GaitAlarm::Kind::kFilterNotApplied, true, problem});
  }
}

void GaitEngine::on_imu(const ImuSample& s) {
  imu_devices_ |= device_bit(s.device);
  if (first_imu_ns_ < 0) first_imu_ns_ = s.t_ns;
  pelvis_.process(s);
  if (auto cal = pelvis_.take_calibration_result()) sink_->on_calibration(*cal);
  const PelvisConfidence conf = pelvis_.confidence();
  if (conf.flags != last_confidence_flags_) {
    last_confidence_flags_ = conf.flags;
    sink_->on_pelvis_status(conf);
  }
  if (pelvis_.has_angles()) {
    const PelvisAngles& a = pelvis_.angles();
    sink_->on_pelvis({s.t_ns, static_cast<float>(a.tilt_deg), static_cast<float>(a.obliquity_deg),
                      static_cast<float>(a.rotation_deg)});
  }
  // No plate in the data: the IMU finds the steps itself (docs/science.md §5).
  ImuStep is;
  while (pelvis_.take_imu_step(is)) {
    if (force_devices_ != 0 || s.t_ns - first_imu_ns_ < kImuOnlyAfterNs) continue;
    hold(imu_timing_.next(is));
  }
  flush(StepJoiner::kNoPlateTime);
}

void GaitEngine::on_gap(const StreamGap& gap) {
  if (force_devices_ & device_bit(gap.device)) force_.on_gap(gap);
  if (imu_devices_ & device_bit(gap.device)) pelvis_.on_gap(gap);
}

void GaitEngine::finish() {
  force_.finish(force_steps_);  // nothing more will come: publish what waits
  flush(StepJoiner::kEndOfData);
  cues_.finish(std::max<TimeNs>(last_sample_ns_, 0), *sink_);
}

void GaitEngine::apply_table_overrides() {
  const auto& own = cues_.table_overrides();
  for (std::size_t i = 0; i < kSymVarCount; ++i) {
    symmetry_.set_abs_threshold(
        static_cast<SymVar>(i),
        std::isfinite(own[i]) ? own[i] : cfg_.symmetry.thresholds[i].abs_si_pct);
  }
}

void GaitEngine::update_baseline(TimeNs t_ns) {
  if (t_ns >= 0) {
    if (first_sample_ns_ < 0) first_sample_ns_ = t_ns;
    last_sample_ns_ = std::max(last_sample_ns_, t_ns);
  }
  const bool begin = begin_requested_, end = end_requested_;
  begin_requested_ = end_requested_ = false;
  if (begin || end) auto_baseline_ = AutoBaseline::kDone;  // the clinician takes over
  const TimeNs now_ns = std::max<TimeNs>(last_sample_ns_, 0);
  if (begin) begin_block(now_ns, false);
  if (end) end_block(now_ns, false);
  if (!cues_started_) {
    cues_started_ = true;
    cues_.select(cfg_.initial_cue_preset, -1, kNaN, cfg_.session_number, now_ns, *sink_);
    apply_table_overrides();
  }
  if (pending_cues_) {
    const PendingCues c = *pending_cues_;
    pending_cues_.reset();
    cues_.select(c.preset, c.block, c.feedback_pct, cfg_.session_number, now_ns, *sink_);
    apply_table_overrides();
  }
  if (marker_requested_) {
    marker_requested_ = false;
    pending_marker_.t_ns = t_ns >= 0 ? t_ns : now_ns;
    sink_->on_marker(pending_marker_);
  }
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

void GaitEngine::begin_block(TimeNs t_ns, bool automatic) {
  const bool restarted = symmetry_.baseline_recording();
  symmetry_.begin_baseline();
  cues_.begin_baseline();
  block_steps_ = {};
  sink_->on_baseline({t_ns, BaselineEvent::Kind::kBegun, automatic, 0, 0,
                      restarted ? "the block already open was discarded" : ""});
}

void GaitEngine::end_block(TimeNs t_ns, bool automatic) {
  const bool was_open = symmetry_.baseline_recording();
  const bool ok = symmetry_.end_baseline();
  const std::optional<StepBaseline> steps = cues_.end_baseline();
  BaselineEvent e;
  if (ok && symmetry_.baseline()) e.baseline = *symmetry_.baseline();
  if (ok && steps) e.step_baseline = *steps;
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
    const auto& c = symmetry_.config();
    const std::size_t needed =
        c.min_values_per_side ? c.min_values_per_side : (c.window_strides + 1) / 2;
    if (e.steps_l < needed || e.steps_r < needed) {
      e.reason = "too few steps per side for flags: the change is shown but never flagged";
    }
  }
  block_steps_ = {};
  sink_->on_baseline(e);
}

void GaitEngine::hold(const StepResult& step) {
  if (imu_devices_ == 0) {
    publish(step);
    return;
  }
  joiner_.hold(step, [this](const StepResult& s) { publish(s); });
  flush(StepJoiner::kNoPlateTime);
}

void GaitEngine::flush(TimeNs plates_now_ns) {
  const std::uint16_t extra = force_devices_ == 0 ? kPelvisImuEvents : 0;
  joiner_.flush(pelvis_, plates_now_ns, extra, [this](const StepResult& s) { publish(s); });
}

void GaitEngine::publish(const StepResult& step) {
  sink_->on_step(step);
  // Steps found by the IMU alone carry no forces: they do not enter the loading symmetry.
  const bool has_forces = (step.pelvis.flags & kPelvisImuEvents) == 0;
  if (!has_forces) {
    cues_.on_step(step, nullptr, *sink_);  // pelvis rules work from the IMU alone
    return;
  }
  symmetry_.on_step(step);
  const std::size_t side = side_index(step.side);
  if (symmetry_.baseline_recording() && side < 2) ++block_steps_[side];
  SymmetryUpdate u;
  u.t_ns = step.t_to_ns;
  u.step_index = step.index;
  u.block_steps_l = block_steps_[0];
  u.block_steps_r = block_steps_[1];
  u.snapshot = symmetry_.snapshot();
  // Cues are decided and sent before the update, which then carries what the cue judged.
  cues_.on_step(step, &u.snapshot, *sink_);
  const CueEngine::SymmetryView view = cues_.symmetry_view();
  u.cue_si_pct = view.si_pct;
  u.cue_window_steps = view.window_steps;
  u.cue_metric = view.metric;
  u.cue_threshold_pct = view.threshold_pct;
  sink_->on_symmetry(u);
}

}  // namespace stridecue::processing
