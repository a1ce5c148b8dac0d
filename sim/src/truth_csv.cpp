#include "stridecue/sim/truth_csv.hpp"

#include <cerrno>
#include <string>
#include <system_error>

namespace stridecue::sim {

namespace {
std::FILE* create(const std::filesystem::path& p) {
  std::FILE* f = std::fopen(p.c_str(), "w");
  if (!f) throw std::system_error(errno, std::generic_category(), "cannot create " + p.string());
  return f;
}
}  // namespace

TruthCsvWriter::TruthCsvWriter(const std::filesystem::path& dir) : dir_(dir) {
  steps_ = create(dir / "steps.csv");
  pelvis_ = create(dir / "pelvis.csv");
  std::fprintf(steps_, "%s\n", kStepsHeader);
  std::fprintf(pelvis_, "t_s,tilt_deg,obliquity_deg,rotation_deg\n");
}

TruthCsvWriter::~TruthCsvWriter() {
  if (steps_) std::fclose(steps_);
  if (pelvis_) std::fclose(pelvis_);
}

void TruthCsvWriter::step(const HostStepTruth& h) {
  const StepTruth& s = h.step;
  std::fprintf(steps_, "%u,%c,%.6f,%.6f,%lld,%lld,%u,%u,%.3f,%.5f,%.5f,%.5f,%.5f,%d,%.4f,%.4f\n",
               s.index, s.side == Side::kLeft ? 'L' : 'R', ns_to_s(s.t_ic_ns), ns_to_s(s.t_to_ns),
               static_cast<long long>(h.t_ic_host_ns), static_cast<long long>(h.t_to_host_ns),
               h.t_ic_device_us, h.t_to_device_us, ns_to_ms(s.t_to_ns - s.t_ic_ns), s.peak_vgrf_bw,
               s.impact_peak_bw, s.impulse_bw_s, s.braking_peak_bw, s.across_belts ? 1 : 0,
               s.pelvic_drop_deg, s.tilt_rise_deg);
}

void TruthCsvWriter::pelvis(TimeNs t_sim_ns, const PelvisState& p) {
  std::fprintf(pelvis_, "%.6f,%.4f,%.4f,%.4f\n", ns_to_s(t_sim_ns), p.tilt_deg, p.obliquity_deg,
               p.rotation_deg);
}

void TruthCsvWriter::close() {
  auto finish = [this](std::FILE*& f, const char* name) {
    if (!f) return;
    const bool bad = std::ferror(f) != 0;
    const bool close_failed = std::fclose(f) != 0;
    f = nullptr;
    if (bad || close_failed) {
      throw std::system_error(errno ? errno : EIO, std::generic_category(),
                              "writing " + (dir_ / name).string());
    }
  };
  finish(steps_, "steps.csv");
  finish(pelvis_, "pelvis.csv");
}

}  // namespace stridecue::sim
