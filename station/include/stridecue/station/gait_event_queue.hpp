// The recording path for the gait engine's outputs: every step, cue, symmetry update, baseline
// event, tare, calibration, pelvis status change, alarm and marker, in order, for the session
// recorder to drain on its own thread. Traces are not here: the raw samples they come from are
// recorded from acquisition's recording queue (QueueSink).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include <readerwriterqueue/readerwriterqueue.h>

#include "stridecue/processing/gait_events.hpp"

namespace stridecue::station {

/// Marks where events were lost because the queue was full: `count` events are missing
/// before the event that follows it.
struct GaitEventsLost {
  TimeNs t_ns = 0;  ///< data time of the first event that fitted again
  std::uint64_t count = 0;
};

/// A request from another thread (the clinician, a protocol) as the processing thread applied
/// it: just before the item numbered `before_item` (0-based, in the order items were taken).
/// Recorded so that a replay applies it at the same place and reproduces the same events.
struct AppliedRequest {
  enum class Kind : std::uint8_t {
    kTare,
    kCalibration,
    kBeginBaseline,
    kEndBaseline,
    kMark,
    kCues,
  };
  std::uint64_t before_item = 0;
  Kind kind = Kind::kMark;
  TimeNs duration_ns = 0;  ///< kTare: how much data the zero is taken from
  /// kMark: the label and its time. kCues: the preset's name ("" = no cues), as a label.
  processing::Marker marker{};
  std::int32_t block = -1;          ///< kCues: the protocol block
  double feedback_pct = 0.0 / 0.0;  ///< kCues: feedback share of a faded schedule (NaN: preset's)
};

/// A request kind's name in session files ("tare", "calibration", "begin_baseline",
/// "end_baseline", "mark", "cues"), and back (nothing for a name that is none of them).
inline constexpr std::array<std::string_view, 6> kRequestKindNames = {
    "tare", "calibration", "begin_baseline", "end_baseline", "mark", "cues"};
constexpr std::string_view request_kind_name(AppliedRequest::Kind kind) noexcept {
  return kRequestKindNames[static_cast<std::size_t>(kind)];
}
constexpr std::optional<AppliedRequest::Kind> request_kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kRequestKindNames.size(); ++i) {
    if (kRequestKindNames[i] == name) return static_cast<AppliedRequest::Kind>(i);
  }
  return std::nullopt;
}

using GaitEvent = std::variant<processing::StepResult, processing::Cue, processing::SymmetryUpdate,
                               processing::BaselineEvent, processing::TareResult,
                               processing::StaticCalibration, processing::PelvisConfidence,
                               processing::GaitAlarm, processing::Marker, GaitEventsLost,
                               AppliedRequest, processing::CueAdherence, processing::CuePlanEvent>;

/// Single producer (the processing thread), single consumer (the recorder), pre-allocated.
/// The producer never allocates and never blocks: sized for minutes of events (a step and a
/// symmetry update ≈ 3 per second), a full queue is a stalled recorder. Then the events that do
/// not fit are counted (overflows()) and the first that fits afterwards is preceded by a
/// GaitEventsLost with the count, as QueueSink does for samples. Never silent.
class GaitEventQueue final : public processing::GaitSink {
 public:
  explicit GaitEventQueue(std::size_t capacity = 4096) : q_(capacity) {}

  void on_step(const processing::StepResult& s) override { push(s, s.t_to_ns); }
  void on_cue(const processing::Cue& c) override { push(c, c.t_ns); }
  void on_symmetry(const processing::SymmetryUpdate& u) override { push(u, u.t_ns); }
  void on_baseline(const processing::BaselineEvent& e) override { push(e, e.t_ns); }
  void on_tare(const processing::TareResult& t) override { push(t, t.t_ns); }
  void on_calibration(const processing::StaticCalibration& c) override { push(c, c.t_ns); }
  void on_pelvis_status(const processing::PelvisConfidence& c) override { push(c, -1); }
  void on_alarm(const processing::GaitAlarm& a) override { push(a, a.t_ns); }
  void on_marker(const processing::Marker& m) override { push(m, m.t_ns); }
  void on_adherence(const processing::CueAdherence& a) override { push(a, a.t_ns); }
  void on_cue_plan(const processing::CuePlanEvent& p) override { push(p, p.t_ns); }
  /// Producer thread, as on_* above.
  void on_request(const AppliedRequest& r) { push(r, -1); }

  /// Consumer thread; never blocks.
  bool try_pop(GaitEvent& out) { return q_.try_dequeue(out); }
  /// Events lost to a full queue, in total. Any thread.
  std::uint64_t overflows() const { return overflows_.load(std::memory_order_relaxed); }
  std::size_t size_approx() const { return q_.size_approx(); }

 private:
  void push(const GaitEvent& event, TimeNs t_ns) {
    if (pending_lost_ > 0) {
      if (!q_.try_enqueue(GaitEventsLost{t_ns, pending_lost_})) {
        note_lost();
        return;
      }
      pending_lost_ = 0;
    }
    if (!q_.try_enqueue(event)) note_lost();
  }
  void note_lost() {
    ++pending_lost_;
    overflows_.fetch_add(1, std::memory_order_relaxed);
  }

  moodycamel::ReaderWriterQueue<GaitEvent> q_;
  std::uint64_t pending_lost_ = 0;  // producer only
  std::atomic<std::uint64_t> overflows_{0};
};

}  // namespace stridecue::station
