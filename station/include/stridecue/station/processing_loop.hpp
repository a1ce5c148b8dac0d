// The processing thread: a thin shell around the gait engine (processing/gait_engine.hpp). It
// takes samples from the acquisition queue, hands each to the engine, and sends what the engine
// emits to the display queues (LiveOutputs, drop-oldest) and, when a recorder is attached, to
// the lossless GaitEventQueue. Requests from other threads (tare, calibration, baseline) are
// atomics applied before the next item. It blocks on the queue without spinning or timed waits
// and ends when acquisition closes the queue (EndOfStream).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include <readerwriterqueue/readerwriterqueue.h>

#include "stridecue/acquisition/sample_queue.hpp"
#include "stridecue/processing/gait_engine.hpp"
#include "stridecue/station/gait_event_queue.hpp"
#include "stridecue/station/live_outputs.hpp"
#include "stridecue/station/recording_queues.hpp"

namespace stridecue::station {

/// Applies a recorded request to an engine, as the processing thread applied it (a replay, or
/// ProcessingLoop::script_requests). No allocation.
void apply_request(const AppliedRequest& request, processing::GaitEngine& engine);

class ProcessingLoop final : private processing::GaitSink {
 public:
  /// `recording` (optional; it must outlive the loop) receives every item in the order it was
  /// taken, every gait event and every applied request, for a session recorder.
  ProcessingLoop(acquisition::SampleQueue& input, const processing::GaitEngineConfig& config,
                 LiveOutputs& outputs, RecordingQueues* recording = nullptr);
  ~ProcessingLoop();

  void start();
  /// Waits for the thread to finish; the producer must have closed the queue.
  void join();

  /// Zero the plates from the next `duration_ns` of data (the treadmill unloaded and still);
  /// the result arrives in LiveOutputs::tares. Any thread.
  void request_tare(TimeNs duration_ns) { pending_tare_ns_.store(duration_ns); }
  /// Start a static pelvis calibration (the runner standing still on the belt); the result
  /// arrives in LiveOutputs::calibrations. Any thread.
  void request_calibration() { pending_calibration_.store(true); }
  /// Begin a baseline block (GaitEngine::begin_baseline); the event arrives in
  /// LiveOutputs::baseline_events. Any thread; non-blocking.
  void begin_baseline() { pending_begin_baseline_.store(true); }
  /// End the open block (GaitEngine::end_baseline). Any thread; non-blocking.
  void end_baseline() { pending_end_baseline_.store(true); }
  /// Mark this moment with a label (cut to Marker::kMaxLabel bytes); it is applied at the next
  /// item and arrives in LiveOutputs::markers and the recording queue. One thread at a time
  /// (the GUI's or the console's); non-blocking, no allocation. False when 16 marks already wait.
  bool mark(std::string_view label) {
    return marks_.try_enqueue(processing::Marker::with_label(label));
  }

  /// Put cue preset `preset` (index in the engine's presets, or CueEngine::kNoPreset) in force
  /// for protocol block `block` (GaitEngine::select_cues); recorded by the preset's name. One
  /// thread at a time; non-blocking. False when 8 selections already wait.
  bool select_cues(int preset, std::int32_t block, double feedback_pct) {
    return cue_selections_.try_enqueue(CueSelection{preset, block, feedback_pct});
  }
  /// The presets the engine may select (constant after construction). Any thread.
  const std::vector<processing::CuePreset>& cue_presets() const {
    return engine_->cues().presets();
  }

  /// Also tell `listener` every cue, on the processing thread (it must not block or allocate):
  /// the simulated runner answers cues this way. Before start().
  void set_cue_listener(std::function<void(const processing::Cue&)> listener) {
    cue_listener_ = std::move(listener);
  }

  /// Requests to apply at given items, as a session recorded them (a replay): each is applied
  /// just before the item numbered AppliedRequest::before_item. Before start().
  void script_requests(std::vector<AppliedRequest> requests) {
    scripted_ = std::move(requests);
    next_scripted_ = 0;
  }

  /// Any thread.
  std::uint64_t samples_processed() const { return samples_.load(std::memory_order_relaxed); }
  std::uint64_t steps() const { return steps_.load(std::memory_order_relaxed); }
  /// Why the configured force low-pass is not applied (static text), or "" (applied or off).
  /// Any thread.
  const char* filter_problem() const { return filter_problem_.load(std::memory_order_relaxed); }
  /// Data time of the latest item taken (-1 before the first): the session clock a protocol
  /// runs on. Any thread.
  TimeNs last_sample_ns() const { return last_t_ns_.load(std::memory_order_relaxed); }
  /// Data time of the first item taken (-1 before it): where the session clock starts. Any
  /// thread.
  TimeNs first_sample_ns() const { return first_t_ns_.load(std::memory_order_relaxed); }
  /// The oldest plate zero, in seconds of data since it was set. Any thread.
  double zero_age_s() const { return zero_age_s_.load(std::memory_order_relaxed); }
  static constexpr double kZeroStaleS = processing::GaitEngine::kZeroStaleS;

  /// Processes one item on the caller's thread (what the thread does per item; used by tests
  /// and by replay). Returns false at EndOfStream. No allocation.
  bool process(const SampleItem& item);

 private:
  // GaitSink: fan out to the display queues and the recording queue.
  void on_step(const processing::StepResult& s) override;
  void on_cue(const processing::Cue& c) override;
  void on_symmetry(const SymmetryUpdate& u) override;
  void on_baseline(const BaselineEvent& e) override;
  void on_tare(const processing::TareResult& t) override;
  void on_calibration(const processing::StaticCalibration& c) override;
  void on_pelvis_status(const processing::PelvisConfidence& c) override;
  void on_alarm(const processing::GaitAlarm& a) override;
  void on_marker(const processing::Marker& m) override;
  void on_adherence(const processing::CueAdherence& a) override;
  void on_cue_plan(const processing::CuePlanEvent& p) override;
  void on_force(const ForcePoint& p) override { display_.on_force(p); }
  void on_pelvis(const PelvisPoint& p) override { display_.on_pelvis(p); }

  acquisition::SampleQueue& input_;
  std::unique_ptr<processing::GaitEngine> engine_;  // heap: ≈ 1 MB of stance buffers
  DisplaySink display_;
  RecordingQueues* recording_;
  /// Items taken so far (processing thread): AppliedRequest::before_item.
  std::uint64_t items_ = 0;
  std::vector<AppliedRequest> scripted_;  // sorted by before_item
  std::size_t next_scripted_ = 0;
  std::atomic<TimeNs> pending_tare_ns_{0};
  std::atomic<bool> pending_calibration_{false};
  std::atomic<bool> pending_begin_baseline_{false};
  std::atomic<bool> pending_end_baseline_{false};
  moodycamel::ReaderWriterQueue<processing::Marker> marks_{16};
  struct CueSelection {
    int preset = -1;
    std::int32_t block = -1;
    double feedback_pct = 0;
  };
  moodycamel::ReaderWriterQueue<CueSelection> cue_selections_{8};
  std::function<void(const processing::Cue&)> cue_listener_;
  std::thread thread_;
  std::atomic<std::uint64_t> samples_{0};
  std::atomic<std::uint64_t> steps_{0};
  std::atomic<const char*> filter_problem_{""};
  std::atomic<double> zero_age_s_{0};
  std::atomic<TimeNs> last_t_ns_{-1};
  std::atomic<TimeNs> first_t_ns_{-1};
};

}  // namespace stridecue::station
