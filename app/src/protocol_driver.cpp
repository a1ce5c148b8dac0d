#include "protocol_driver.hpp"

#include <string>

namespace stridecue::app {

ProtocolDriver::ProtocolDriver(config::Protocol protocol, station::Station& station,
                               session::SessionRecorder* recorder, std::FILE* out)
    : runner_(std::move(protocol)), station_(station), recorder_(recorder), out_(out) {}

void ProtocolDriver::tick() {
  const TimeNs now = station_.processing().last_sample_ns();
  if (now < 0) return;  // no data yet: the session clock has not started
  if (t0_ns_ < 0) t0_ns_ = station_.processing().first_sample_ns();  // as the console report
  runner_.advance(now, *this);
}

void ProtocolDriver::next() {
  const TimeNs now = station_.processing().last_sample_ns();
  if (now >= 0) runner_.next(now, *this);
}

void ProtocolDriver::stop() {
  const TimeNs now = station_.processing().last_sample_ns();
  if (!runner_.finished()) runner_.stop(now < 0 ? 0 : now, *this);
}

void ProtocolDriver::block_started(const station::BlockStarted& b) {
  std::string length = b.duration_ns
                           ? std::to_string(static_cast<int>(ns_to_s(*b.duration_ns))) + " s"
                           : std::string("until you move on");
  std::fprintf(out_, "BLOCK  %6.1f  %zu/%zu %s (%.*s, %s)", ns_to_s(b.t_ns - t0_ns_), b.index + 1,
               b.count, std::string(b.name).c_str(),
               static_cast<int>(config::block_kind_name(b.kind).size()),
               config::block_kind_name(b.kind).data(), length.c_str());
  if (b.speed_kmh) std::fprintf(out_, " at %.1f km/h", *b.speed_kmh);
  if (!b.instruction.empty()) {
    std::fprintf(out_, ": \"%.*s\"", static_cast<int>(b.instruction.size()), b.instruction.data());
  }
  std::fprintf(out_, "\n");
  std::fflush(out_);
  if (recorder_) {
    recorder_->block_started(static_cast<int>(b.index),
                             std::string(config::block_kind_name(b.kind)), std::string(b.name),
                             b.t_ns);
  }
}

void ProtocolDriver::block_ended(const station::BlockEnded& b) {
  std::fprintf(out_, "BLOCK  %6.1f  %zu ended after %.1f s (%.*s)\n", ns_to_s(b.t_ns - t0_ns_),
               b.index + 1, ns_to_s(b.lasted_ns),
               static_cast<int>(station::block_end_name(b.why).size()),
               station::block_end_name(b.why).data());
  std::fflush(out_);
  if (recorder_) {
    recorder_->block_ended(static_cast<int>(b.index), b.t_ns,
                           std::string(station::block_end_name(b.why)));
  }
}

void ProtocolDriver::select_cues(bool cues_on, std::string_view preset, std::size_t block,
                                 std::optional<double> feedback_pct) {
  int index = processing::CueEngine::kNoPreset;
  if (cues_on) {
    // A block without a preset runs the station's own symmetry cue (symmetry_preset()).
    const std::string_view name = preset.empty() ? std::string_view("station") : preset;
    const auto& presets = station_.processing().cue_presets();
    for (std::size_t i = 0; i < presets.size(); ++i) {
      if (presets[i].name == name) index = static_cast<int>(i);
    }
    if (index == processing::CueEngine::kNoPreset) {
      std::fprintf(out_, "CUES   block %zu: preset '%.*s' was not loaded: no cues in this block\n",
                   block + 1, static_cast<int>(name.size()), name.data());
    }
  }
  station_.processing().select_cues(index, static_cast<std::int32_t>(block),
                                    feedback_pct.value_or(processing::kNaN));
}

void ProtocolDriver::finished(TimeNs t_ns, bool completed) {
  std::fprintf(out_, "BLOCK  %6.1f  protocol %s\n", ns_to_s(t_ns - t0_ns_),
               completed ? "complete" : "stopped");
  std::fflush(out_);
}

}  // namespace stridecue::app
