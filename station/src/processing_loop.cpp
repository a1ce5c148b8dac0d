#include "stridecue/station/processing_loop.hpp"

#include <type_traits>
#include <variant>

namespace stridecue::station {

void apply_request(const AppliedRequest& r, processing::GaitEngine& engine) {
  switch (r.kind) {
    case AppliedRequest::Kind::kTare:
      engine.request_tare(r.duration_ns);
      break;
    case AppliedRequest::Kind::kCalibration:
      engine.request_calibration();
      break;
    case AppliedRequest::Kind::kBeginBaseline:
      engine.begin_baseline();
      break;
    case AppliedRequest::Kind::kEndBaseline:
      engine.end_baseline();
      break;
    case AppliedRequest::Kind::kMark:
      engine.mark(r.marker);
      break;
    case AppliedRequest::Kind::kCues: {
      // By name: a replay whose presets differ gives no cues where a name is missing.
      int index = processing::CueEngine::kNoPreset;
      const auto& presets = engine.cues().presets();
      for (std::size_t i = 0; i < presets.size(); ++i) {
        if (!r.marker.label_view().empty() && presets[i].name == r.marker.label_view()) {
          index = static_cast<int>(i);
        }
      }
      engine.select_cues(index, r.block, r.feedback_pct);
      break;
    }
  }
}

ProcessingLoop::ProcessingLoop(acquisition::SampleQueue& input,
                               const processing::GaitEngineConfig& config, LiveOutputs& outputs,
                               RecordingQueues* recording)
    : input_(input),
      engine_(std::make_unique<processing::GaitEngine>(config)),
      display_(outputs),
      recording_(recording) {}

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
  // Requests are applied before the next item, and recorded with its number: a replay applies
  // them at the same place.
  const auto applied = [this](AppliedRequest::Kind kind, TimeNs duration_ns = 0,
                              const processing::Marker* m = nullptr) {
    if (!recording_) return;
    AppliedRequest r;
    r.before_item = items_;
    r.kind = kind;
    r.duration_ns = duration_ns;
    if (m) r.marker = *m;
    recording_->events.on_request(r);
  };
  if (pending_tare_ns_.load(std::memory_order_relaxed) != 0) {
    const TimeNs duration = pending_tare_ns_.exchange(0);
    engine_->request_tare(duration);
    applied(AppliedRequest::Kind::kTare, duration);
  }
  if (pending_calibration_.load(std::memory_order_relaxed) &&
      pending_calibration_.exchange(false)) {
    engine_->request_calibration();
    applied(AppliedRequest::Kind::kCalibration);
  }
  if (pending_begin_baseline_.load(std::memory_order_relaxed) &&
      pending_begin_baseline_.exchange(false)) {
    engine_->begin_baseline();
    applied(AppliedRequest::Kind::kBeginBaseline);
  }
  if (pending_end_baseline_.load(std::memory_order_relaxed) &&
      pending_end_baseline_.exchange(false)) {
    engine_->end_baseline();
    applied(AppliedRequest::Kind::kEndBaseline);
  }
  while (next_scripted_ < scripted_.size() && scripted_[next_scripted_].before_item <= items_) {
    apply_request(scripted_[next_scripted_++], *engine_);
  }
  if (CueSelection c; cue_selections_.try_dequeue(c)) {
    AppliedRequest r;
    r.before_item = items_;
    r.kind = AppliedRequest::Kind::kCues;
    const auto& presets = engine_->cues().presets();
    if (c.preset >= 0 && static_cast<std::size_t>(c.preset) < presets.size()) {
      r.marker = processing::Marker::with_label(presets[static_cast<std::size_t>(c.preset)].name);
    }
    r.block = c.block;
    r.feedback_pct = c.feedback_pct;
    engine_->select_cues(c.preset, c.block, c.feedback_pct);
    if (recording_) recording_->events.on_request(r);
  }
  if (processing::Marker m; marks_.try_dequeue(m)) {
    applied(AppliedRequest::Kind::kMark, 0, &m);
    engine_->mark(m);
  }
  const bool more = engine_->process(item, *this);
  if (!std::holds_alternative<EndOfStream>(item)) {
    if (recording_) recording_->push_sample(item, item_time_ns(item));
    ++items_;
  }
  if (!std::holds_alternative<StreamGap>(item) && !std::holds_alternative<EndOfStream>(item)) {
    samples_.fetch_add(1, std::memory_order_relaxed);
    last_t_ns_.store(item_time_ns(item), std::memory_order_relaxed);
    if (first_t_ns_.load(std::memory_order_relaxed) < 0) {
      first_t_ns_.store(item_time_ns(item), std::memory_order_relaxed);
    }
  }
  zero_age_s_.store(engine_->zero_age_s(), std::memory_order_relaxed);
  return more;
}

void ProcessingLoop::on_step(const processing::StepResult& s) {
  display_.on_step(s);
  if (recording_) recording_->events.on_step(s);
  steps_.fetch_add(1, std::memory_order_relaxed);
}

void ProcessingLoop::on_cue(const processing::Cue& c) {
  display_.on_cue(c);
  if (cue_listener_) cue_listener_(c);
  if (recording_) recording_->events.on_cue(c);
}

void ProcessingLoop::on_symmetry(const SymmetryUpdate& u) {
  display_.on_symmetry(u);
  if (recording_) recording_->events.on_symmetry(u);
}

void ProcessingLoop::on_baseline(const BaselineEvent& e) {
  display_.on_baseline(e);
  if (recording_) recording_->events.on_baseline(e);
}

void ProcessingLoop::on_tare(const processing::TareResult& t) {
  display_.on_tare(t);
  if (recording_) recording_->events.on_tare(t);
}

void ProcessingLoop::on_calibration(const processing::StaticCalibration& c) {
  display_.on_calibration(c);
  if (recording_) recording_->events.on_calibration(c);
}

void ProcessingLoop::on_pelvis_status(const processing::PelvisConfidence& c) {
  display_.on_pelvis_status(c);
  if (recording_) recording_->events.on_pelvis_status(c);
}

void ProcessingLoop::on_alarm(const processing::GaitAlarm& a) {
  if (a.kind == processing::GaitAlarm::Kind::kFilterNotApplied && a.active) {
    filter_problem_.store(a.text, std::memory_order_relaxed);
  }
  if (recording_) recording_->events.on_alarm(a);
}

void ProcessingLoop::on_marker(const processing::Marker& m) {
  display_.on_marker(m);
  if (recording_) recording_->events.on_marker(m);
}

void ProcessingLoop::on_adherence(const processing::CueAdherence& a) {
  display_.on_adherence(a);
  if (recording_) recording_->events.on_adherence(a);
}

void ProcessingLoop::on_cue_plan(const processing::CuePlanEvent& p) {
  display_.on_cue_plan(p);
  if (recording_) recording_->events.on_cue_plan(p);
}

}  // namespace stridecue::station
