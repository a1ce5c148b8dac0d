#include "stridecue/processing/contact_detector.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "stridecue/processing/limits.hpp"

namespace stridecue::processing {

ContactDetector::ContactDetector(const ContactThresholds& thresholds) : th_(thresholds) {
  if (!(th_.off_n > 0) || th_.off_n > th_.on_n) {
    throw std::invalid_argument("contact thresholds: need 0 < off_n <= on_n (got on " +
                                std::to_string(th_.on_n) + " N, off " + std::to_string(th_.off_n) +
                                " N)");
  }
  const auto phase_ok = [](TimeNs t) {
    return t >= 0 && t <= static_cast<TimeNs>(limits::kMinPhaseMaxMs * kNsPerMs);
  };
  if (!phase_ok(th_.min_contact_ns) || !phase_ok(th_.min_flight_ns)) {
    throw std::invalid_argument(
        "contact thresholds: min_contact_ms and min_flight_ms must be "
        "within 0..500 ms (got " +
        std::to_string(ns_to_ms(th_.min_contact_ns)) + " and " +
        std::to_string(ns_to_ms(th_.min_flight_ns)) + ")");
  }
}

void ContactDetector::reset() {
  state_ = State::kUnknown;
  have_prev_ = false;
}

TimeNs threshold_crossing_ns(TimeNs t0, double f0, TimeNs t1, double f1, double level) {
  if (f1 == f0) return t1;
  const double frac = (level - f0) / (f1 - f0);
  if (!(frac >= 0.0) || frac > 1.0) return t1;
  return t0 + static_cast<TimeNs>(frac * static_cast<double>(t1 - t0));
}

ContactDetector::Event ContactDetector::feed(TimeNs t_ns, double fz_n) {
  Event ev = Event::kNone;
  switch (state_) {
    case State::kUnknown:
      // Start only from a flight phase, so a contact in progress is never reported cut short.
      if (fz_n < th_.off_n) state_ = State::kFlight;
      break;
    case State::kFlight:
      if (fz_n >= th_.on_n) {
        const TimeNs t_ic =
            have_prev_ ? threshold_crossing_ns(prev_t_, prev_f_, t_ns, fz_n, th_.on_n) : t_ns;
        // Soon after a toe-off this may be the plate ringing, or the other foot landing after
        // a short flight (fast running): judged by what follows, like every contact — ringing
        // falls back within min_contact_ns, a stance does not.
        suspect_ringing_ = last_.t_to_ns != 0 && t_ic - last_.t_to_ns < th_.min_flight_ns;
        t_ic_ = t_ic;
        state_ = State::kContact;
        ev = Event::kContactStarted;
      }
      break;
    case State::kContact:
      if (fz_n < th_.off_n) {
        const TimeNs t_to =
            have_prev_ ? threshold_crossing_ns(prev_t_, prev_f_, t_ns, fz_n, th_.off_n) : t_ns;
        if (t_to - t_ic_ < th_.min_contact_ns) {
          ++rejected_;  // a blip: ringing or a touch, not a step
          ringing_ += suspect_ringing_;
        } else {
          last_ = {t_ic_, t_to};
          ev = Event::kContactEnded;
        }
        state_ = State::kFlight;
      }
      break;
  }
  prev_t_ = t_ns;
  prev_f_ = fz_n;
  have_prev_ = true;
  return ev;
}

}  // namespace stridecue::processing
