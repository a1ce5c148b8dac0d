// The processing thread: takes samples from the acquisition queue, runs the pipelines and
// publishes steps, cues and traces. It blocks on the queue without spinning or timed waits and
// ends when acquisition closes the queue (EndOfStream).
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include "stridecue/acquisition/sample_queue.hpp"
#include "stridecue/processing/force_pipeline.hpp"
#include "stridecue/runtime/live_outputs.hpp"

namespace stridecue::runtime {

class ProcessingLoop final : private processing::StepSink {
 public:
  ProcessingLoop(acquisition::SampleQueue& input, const processing::ForcePipelineConfig& config,
                 LiveOutputs& outputs);
  ~ProcessingLoop();

  void start();
  /// Waits for the thread to finish; the producer must have closed the queue.
  void join();

  /// Zero the plates from the next `duration_ns` of data (the treadmill unloaded and still);
  /// the result arrives in LiveOutputs::tares. Any thread.
  void request_tare(TimeNs duration_ns) { pending_tare_ns_.store(duration_ns); }

  /// Any thread.
  std::uint64_t samples_processed() const { return samples_.load(std::memory_order_relaxed); }
  std::uint64_t steps() const { return steps_.load(std::memory_order_relaxed); }

  /// Processes one item on the caller's thread (what the thread does per item; used by tests
  /// and by replay). Returns false at EndOfStream. No allocation.
  bool process(const SampleItem& item);

 private:
  void on_step(const processing::StepResult& step) override;
  void on_cue(const processing::Cue& cue) override;

  acquisition::SampleQueue& input_;
  processing::ForcePipeline force_;
  LiveOutputs& out_;
  std::atomic<TimeNs> pending_tare_ns_{0};
  std::uint64_t force_devices_ = 0;  // bit per device index that sent force frames
  std::thread thread_;
  std::atomic<std::uint64_t> samples_{0};
  std::atomic<std::uint64_t> steps_{0};
};

}  // namespace stridecue::runtime
