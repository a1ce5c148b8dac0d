#include "stridecue/session/playback.hpp"

#include <algorithm>
#include <chrono>

#include "stridecue/core/time.hpp"

namespace stridecue::session {

namespace {
/// Thrown through SessionReader::for_each to end it early.
struct Stopped {};
}  // namespace

Playback::Playback(const std::filesystem::path& file, acquisition::SampleQueue& queue, double speed)
    : reader_(file), queue_(queue), speed_(speed) {}

Playback::~Playback() {
  stop();
}

void Playback::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void Playback::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string Playback::problem() const {
  return finished_ ? problem_ : std::string();
}

void Playback::run() {
  bool have_first = false;
  TimeNs rec_base = 0, wall_base = 0;
  try {
    reader_.for_each(
        [&](const SampleItem& item) {
          if (stop_) throw Stopped{};
          const TimeNs t = item_time_ns(item);
          if (speed_ > 0) {
            if (!have_first) {
              have_first = true;
              rec_base = t;
              wall_base = steady_now_ns();
            }
            TimeNs due =
                wall_base + static_cast<TimeNs>(static_cast<double>(t - rec_base) / speed_);
            if (due - steady_now_ns() > kMaxWait) {  // a jump ahead: carry on from here
              rec_base = t;
              wall_base = steady_now_ns();
              due = wall_base;
            }
            while (!stop_ && steady_now_ns() < due) {
              const TimeNs slice = std::min<TimeNs>(due - steady_now_ns(), 50 * kNsPerMs);
              std::this_thread::sleep_for(std::chrono::nanoseconds(std::max<TimeNs>(slice, 0)));
            }
            if (stop_) throw Stopped{};
            queue_.push(item);
          } else {
            queue_.push_wait(item);  // as fast as possible: wait for the consumer, drop nothing
          }
          fed_.fetch_add(1, std::memory_order_relaxed);
        },
        [](const station::AppliedRequest&) {});  // scripted into the processing loop
  } catch (const Stopped&) {
  } catch (const SessionError& e) {
    problem_ = e.what();
  }
  finished_ = true;
}

}  // namespace stridecue::session
