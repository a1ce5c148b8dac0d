// What the processing thread publishes for live consumers (console, dashboard). Every queue
// here is a display path: it keeps the newest data and counts what it drops. The lossless path
// for recording is RecordingQueues (recording_queues.hpp).
#pragma once

#include "stridecue/core/drop_oldest_queue.hpp"
#include "stridecue/processing/gait_events.hpp"

namespace stridecue::station {

using processing::baseline_event_name;
using processing::BaselineBlockConfig;
using processing::BaselineEvent;
using processing::ForcePoint;
using processing::PelvisPoint;
using processing::SymmetryUpdate;

struct LiveOutputs {
  DropOldestQueue<processing::StepResult> steps{1024};
  DropOldestQueue<processing::Cue> cues{256};
  DropOldestQueue<ForcePoint> force_trace{16384};  ///< ≥ 8 s at 2 kHz
  DropOldestQueue<processing::TareResult> tares{16};
  DropOldestQueue<PelvisPoint> pelvis_trace{8192};  ///< ≥ 8 s at 1 kHz
  /// Every static trial's result (accepted, or refused with the reason).
  DropOldestQueue<processing::StaticCalibration> calibrations{16};
  /// The pelvis confidence, pushed whenever its flags change.
  DropOldestQueue<processing::PelvisConfidence> pelvis_status{64};
  /// One per plate step (≈ 20 s at 170 steps/min); a reader that wants only the state keeps
  /// the last.
  DropOldestQueue<SymmetryUpdate> symmetry{64};
  /// Every baseline block begun, ended or refused.
  DropOldestQueue<BaselineEvent> baseline_events{16};
  /// Every moment the clinician marked, as applied.
  DropOldestQueue<processing::Marker> markers{16};
  /// Adherence per cue rule, as the engine reports it (every 20 judged steps and at block end).
  DropOldestQueue<processing::CueAdherence> adherence{256};
  /// Every cue plan put in force (block start: preset, feedback share, metronome).
  DropOldestQueue<processing::CuePlanEvent> cue_plans{16};
};

/// The display sink: every engine output into its LiveOutputs queue (drop-oldest).
class DisplaySink final : public processing::GaitSink {
 public:
  explicit DisplaySink(LiveOutputs& out) : out_(out) {}
  void on_step(const processing::StepResult& s) override { out_.steps.push(s); }
  void on_cue(const processing::Cue& c) override { out_.cues.push(c); }
  void on_symmetry(const SymmetryUpdate& u) override { out_.symmetry.push(u); }
  void on_baseline(const BaselineEvent& e) override { out_.baseline_events.push(e); }
  void on_tare(const processing::TareResult& t) override { out_.tares.push(t); }
  void on_calibration(const processing::StaticCalibration& c) override {
    out_.calibrations.push(c);
  }
  void on_pelvis_status(const processing::PelvisConfidence& c) override {
    out_.pelvis_status.push(c);
  }
  void on_force(const ForcePoint& p) override { out_.force_trace.push(p); }
  void on_pelvis(const PelvisPoint& p) override { out_.pelvis_trace.push(p); }
  void on_marker(const processing::Marker& m) override { out_.markers.push(m); }
  void on_adherence(const processing::CueAdherence& a) override { out_.adherence.push(a); }
  void on_cue_plan(const processing::CuePlanEvent& p) override { out_.cue_plans.push(p); }

 private:
  LiveOutputs& out_;
};

}  // namespace stridecue::station
