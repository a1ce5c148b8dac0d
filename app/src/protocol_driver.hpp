// A protocol run on a live station: the runner's blocks on the station's data clock, its actions
// on the station's controls, block starts and ends printed and recorded in the session.
#pragma once

#include <cstdio>
#include <memory>

#include "stridecue/config/protocol.hpp"
#include "stridecue/session/recorder.hpp"
#include "stridecue/station/protocol_runner.hpp"
#include "stridecue/station/station.hpp"

namespace stridecue::app {

class ProtocolDriver final : private station::ActionSink {
 public:
  /// `recorder` may be null (not recording). Prints to `out`.
  ProtocolDriver(config::Protocol protocol, station::Station& station,
                 session::SessionRecorder* recorder, std::FILE* out);

  /// Advances to the station's latest data time (nothing before the first sample). Call often
  /// (the console loop, the window's timer).
  void tick();
  /// The clinician moves on to the next block.
  void next();
  /// The run ends: the open block ends as stopped.
  void stop();
  bool finished() const { return runner_.finished(); }

 private:
  void block_started(const station::BlockStarted& b) override;
  void block_ended(const station::BlockEnded& b) override;
  void tare(TimeNs duration_ns) override { station_.request_tare(duration_ns); }
  void calibrate() override { station_.request_calibration(); }
  void begin_baseline() override { station_.begin_baseline(); }
  void end_baseline() override { station_.end_baseline(); }
  void mark(std::string_view label) override { station_.mark(label); }
  void select_cues(bool cues_on, std::string_view preset, std::size_t block,
                   std::optional<double> feedback_pct) override;
  void finished(TimeNs t_ns, bool completed) override;

  station::ProtocolRunner runner_;
  station::Station& station_;
  session::SessionRecorder* recorder_;
  std::FILE* out_;
  TimeNs t0_ns_ = -1;  // first data time, for printing
};

}  // namespace stridecue::app
