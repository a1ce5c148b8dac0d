#include "stridecue/station/protocol_runner.hpp"

#include <stdexcept>
#include <utility>

#include "stridecue/core/printable.hpp"
#include "stridecue/processing/gait_events.hpp"

namespace stridecue::station {

std::string_view block_end_name(BlockEnd why) {
  switch (why) {
    case BlockEnd::kTimeUp:
      return "time up";
    case BlockEnd::kMovedOn:
      return "moved on";
    case BlockEnd::kStopped:
      return "stopped";
  }
  return "?";
}

namespace {

/// `text` cut to a marker's `kMaxLabel` bytes without splitting a UTF-8 character (the Marker
/// itself cuts at a byte).
std::string marker_label(std::string text) {
  constexpr std::size_t kMax = processing::Marker::kMaxLabel;
  if (text.size() <= kMax) return text;
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text;
}

}  // namespace

ProtocolRunner::ProtocolRunner(config::Protocol protocol) : protocol_(std::move(protocol)) {
  if (protocol_.blocks.empty()) {
    throw std::invalid_argument("protocol '" + protocol_.name + "' has no block");
  }
  labels_.reserve(protocol_.blocks.size());
  for (std::size_t i = 0; i < protocol_.blocks.size(); ++i) {
    const config::ProtocolBlock& b = protocol_.blocks[i];
    if (b.duration_ns && *b.duration_ns <= 0) {
      throw std::invalid_argument("protocol '" + protocol_.name + "': block " +
                                  std::to_string(i + 1) + " lasts " +
                                  std::to_string(*b.duration_ns) + " ns; give a positive duration");
    }
    const std::string number = "block " + std::to_string(i + 1);
    Labels l;
    l.start = marker_label(number + " start: " + b.name);
    for (std::size_t w = 0; w < l.end.size(); ++w) {
      l.end[w] =
          marker_label(number + " end, " + std::string(block_end_name(static_cast<BlockEnd>(w))) +
                       ": " + b.name);
    }
    labels_.push_back(std::move(l));
  }
}

const config::ProtocolBlock* ProtocolRunner::current_block() const {
  return running() ? &protocol_.blocks[index_] : nullptr;
}

TimeNs ProtocolRunner::time_in_block_ns(TimeNs now_ns) const {
  return running() && now_ns > block_start_ns_ ? now_ns - block_start_ns_ : 0;
}

std::optional<TimeNs> ProtocolRunner::time_left_ns(TimeNs now_ns) const {
  const config::ProtocolBlock* b = current_block();
  if (b == nullptr || !b->duration_ns) return std::nullopt;
  const TimeNs left = *b->duration_ns - time_in_block_ns(now_ns);
  return left > 0 ? left : 0;
}

void ProtocolRunner::advance(TimeNs now_ns, ActionSink& sink) {
  if (state_ == State::kFinished) return;
  if (state_ == State::kNotStarted) {
    state_ = State::kRunning;
    start_block(0, now_ns, sink);
  }
  // Each block whose time is up ends at its own end, and the next starts there: durations are
  // exact on the session clock, however coarse the calls.
  while (running()) {
    const auto& duration = protocol_.blocks[index_].duration_ns;
    if (!duration || now_ns - block_start_ns_ < *duration) break;
    const TimeNs end_ns = block_start_ns_ + *duration;
    end_block(BlockEnd::kTimeUp, end_ns, sink);
    start_next_or_finish(end_ns, sink);
  }
}

void ProtocolRunner::next(TimeNs now_ns, ActionSink& sink) {
  if (state_ == State::kNotStarted) {
    advance(now_ns, sink);
    return;
  }
  advance(now_ns, sink);
  if (!running()) return;
  const TimeNs t_ns = now_ns > block_start_ns_ ? now_ns : block_start_ns_;
  end_block(BlockEnd::kMovedOn, t_ns, sink);
  start_next_or_finish(t_ns, sink);
}

void ProtocolRunner::stop(TimeNs now_ns, ActionSink& sink) {
  if (state_ == State::kFinished) return;
  if (state_ == State::kNotStarted) {
    state_ = State::kFinished;
    index_ = protocol_.blocks.size();
    sink.finished(now_ns, false);
    return;
  }
  advance(now_ns, sink);
  if (!running()) return;
  const TimeNs t_ns = now_ns > block_start_ns_ ? now_ns : block_start_ns_;
  end_block(BlockEnd::kStopped, t_ns, sink);
  state_ = State::kFinished;
  index_ = protocol_.blocks.size();
  sink.select_cues(false, "", index_, std::nullopt);
  sink.finished(t_ns, false);
}

void ProtocolRunner::start_block(std::size_t index, TimeNs t_ns, ActionSink& sink) {
  index_ = index;
  block_start_ns_ = t_ns;
  const config::ProtocolBlock& b = protocol_.blocks[index];
  BlockStarted e;
  e.index = index;
  e.count = protocol_.blocks.size();
  e.kind = b.kind;
  e.name = b.name;
  e.instruction = b.instruction;
  e.cue_preset = b.cue_preset;
  e.feedback_pct = b.feedback_pct;
  e.speed_kmh = b.speed_kmh;
  e.duration_ns = b.duration_ns;
  e.t_ns = t_ns;
  sink.block_started(e);
  sink.select_cues(b.kind == config::BlockKind::kRetraining, b.cue_preset, index, b.feedback_pct);
  sink.mark(labels_[index].start);
  switch (b.kind) {
    case config::BlockKind::kTare:
      // A file's tare block always has a duration; one built in code without gets the
      // conditioner's minimum.
      sink.tare(b.duration_ns.value_or(0));
      break;
    case config::BlockKind::kStatic:
      sink.calibrate();
      break;
    case config::BlockKind::kBaseline:
      sink.begin_baseline();
      break;
    default:
      break;
  }
}

void ProtocolRunner::end_block(BlockEnd why, TimeNs t_ns, ActionSink& sink) {
  const config::ProtocolBlock& b = protocol_.blocks[index_];
  if (b.kind == config::BlockKind::kBaseline && why != BlockEnd::kStopped) sink.end_baseline();
  BlockEnded e;
  e.index = index_;
  e.kind = b.kind;
  e.name = b.name;
  e.why = why;
  e.t_ns = t_ns;
  e.lasted_ns = t_ns - block_start_ns_;
  sink.block_ended(e);
  sink.mark(labels_[index_].end[static_cast<std::size_t>(why)]);
}

void ProtocolRunner::start_next_or_finish(TimeNs t_ns, ActionSink& sink) {
  if (index_ + 1 < protocol_.blocks.size()) {
    start_block(index_ + 1, t_ns, sink);
    return;
  }
  state_ = State::kFinished;
  index_ = protocol_.blocks.size();
  sink.select_cues(false, "", index_, std::nullopt);
  sink.finished(t_ns, true);
}

}  // namespace stridecue::station
