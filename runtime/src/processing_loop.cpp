#include "stridecue/runtime/processing_loop.hpp"

#include <type_traits>

namespace stridecue::runtime {

ProcessingLoop::ProcessingLoop(acquisition::SampleQueue& input,
                               const processing::ForcePipelineConfig& config, LiveOutputs& outputs)
    : input_(input), force_(config), out_(outputs) {}

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
  if (pending_tare_ns_.load(std::memory_order_relaxed) != 0) {
    force_.request_tare(pending_tare_ns_.exchange(0));
  }
  if (auto tare = force_.take_tare_result()) out_.tares.push(*tare);
  return std::visit(
      [this](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, EndOfStream>) {
          return false;
        } else if constexpr (std::is_same_v<T, ForceFrame>) {
          force_devices_ |= 1ull << (v.device & 63);
          force_.process(v, *this);
          ForcePoint p{v.t_ns, v.n_plates, {}};
          for (std::size_t i = 0; i < v.n_plates && i < p.fz_n.size(); ++i) {
            p.fz_n[i] = v.plate[i].fz_n;
          }
          out_.force_trace.push(p);
          samples_.fetch_add(1, std::memory_order_relaxed);
          return true;
        } else if constexpr (std::is_same_v<T, LoadCellFrame>) {
          force_devices_ |= 1ull << (v.device & 63);
          force_.process(v, *this);
          ForcePoint p{v.t_ns, v.n_plates, {}};
          for (std::size_t i = 0; i < v.n_plates && i < p.fz_n.size(); ++i) {
            const auto& c = v.cell_n[i];
            p.fz_n[i] = c[0] + c[1] + c[2] + c[3];
          }
          out_.force_trace.push(p);
          samples_.fetch_add(1, std::memory_order_relaxed);
          return true;
        } else if constexpr (std::is_same_v<T, StreamGap>) {
          if (force_devices_ & (1ull << (v.device & 63))) force_.on_gap(v);
          return true;
        } else {
          // The pelvis IMU joins the pipeline in its own issue.
          samples_.fetch_add(1, std::memory_order_relaxed);
          return true;
        }
      },
      item);
}

void ProcessingLoop::on_step(const processing::StepResult& step) {
  out_.steps.push(step);
  steps_.fetch_add(1, std::memory_order_relaxed);
}

void ProcessingLoop::on_cue(const processing::Cue& cue) {
  out_.cues.push(cue);
}

}  // namespace stridecue::runtime
