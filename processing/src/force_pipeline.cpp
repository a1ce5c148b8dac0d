#include "stridecue/processing/force_pipeline.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace stridecue::processing {

ForcePipeline::ForcePipeline(const ForcePipelineConfig& config)
    : cfg_(config),
      bw_n_(config.body_mass_kg * kGravity_mps2),
      plates_{PlateState{ContactDetector(config.thresholds)},
              PlateState{ContactDetector(config.thresholds)}},
      cue_rule_(config.symmetry_cue) {
  if (!(config.body_mass_kg >= 20.0 && config.body_mass_kg <= 250.0)) {
    throw std::invalid_argument("body_mass_kg: " + std::to_string(config.body_mass_kg) +
                                " is outside 20..250 kg; give the runner's mass in kilograms");
  }
}

std::uint64_t ForcePipeline::rejected_blips() const {
  std::uint64_t n = 0;
  for (const auto& p : plates_) n += p.detector.rejected_blips();
  return n;
}

void ForcePipeline::on_gap(const StreamGap&) {
  for (auto& p : plates_) p.detector.reset();
}

void ForcePipeline::process(const ForceFrame& frame, StepSink& sink) {
  if (frame.flags & kSampleGapBefore) on_gap(StreamGap{frame.t_ns, frame.device, 0});
  for (std::size_t i = 0; i < frame.n_plates && i < plates_.size(); ++i) {
    PlateState& p = plates_[i];
    const double fz = frame.plate[i].fz_n;
    const auto ev = p.detector.feed(frame.t_ns, fz);
    if (ev == ContactDetector::Event::kContactStarted) {
      p.peak_n = fz;
      p.t_peak_ns = frame.t_ns;
      p.impulse_ns_n = 0;
    } else if (p.detector.in_contact()) {
      p.impulse_ns_n += 0.5 * (fz + p.prev_fz_n) * static_cast<double>(frame.t_ns - p.prev_t_ns);
      if (fz > p.peak_n) {
        p.peak_n = fz;
        p.t_peak_ns = frame.t_ns;
      }
    } else if (ev == ContactDetector::Event::kContactEnded) {
      finish_step(i, sink);
    }
    p.prev_t_ns = frame.t_ns;
    p.prev_fz_n = fz;
  }
}

void ForcePipeline::finish_step(std::size_t plate, StepSink& sink) {
  const PlateState& p = plates_[plate];
  const Contact& c = p.detector.last_contact();
  StepResult s;
  s.index = next_index_++;
  s.side = cfg_.plate_side[plate];
  s.plate = static_cast<std::uint8_t>(plate);
  s.t_ic_ns = c.t_ic_ns;
  s.t_to_ns = c.t_to_ns;
  s.contact_ms = ns_to_ms(c.t_to_ns - c.t_ic_ns);
  s.flight_ms = last_to_ns_ ? ns_to_ms(c.t_ic_ns - last_to_ns_) : std::nan("");
  const Side other = other_side(s.side);
  const TimeNs other_ic = other == Side::kUnknown ? 0 : last_ic_by_side_[static_cast<int>(other)];
  s.step_ms = other_ic ? ns_to_ms(c.t_ic_ns - other_ic) : std::nan("");
  s.peak_vgrf_bw = p.peak_n / bw_n_;
  s.t_peak_ns = p.t_peak_ns;
  s.impulse_bw_s = p.impulse_ns_n * 1e-9 / bw_n_;
  last_to_ns_ = c.t_to_ns;
  if (s.side != Side::kUnknown) last_ic_by_side_[static_cast<int>(s.side)] = c.t_ic_ns;

  sink.on_step(s);
  if (auto cue = cue_rule_.on_step(s)) sink.on_cue(*cue);
}

}  // namespace stridecue::processing
