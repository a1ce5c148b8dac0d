// The last few seconds of vertical force per plate, for the trace charts. GUI thread only.
#pragma once

#include <QList>
#include <QPointF>
#include <array>
#include <deque>

#include "stridecue/station/live_outputs.hpp"

namespace stridecue::display {

class ForceTraceModel {
 public:
  /// window_s: how much history the charts show; decimate: keep every n-th sample.
  explicit ForceTraceModel(double window_s = 5.0, int decimate = 4)
      : window_ns_(static_cast<TimeNs>(window_s * 1e9)), decimate_(decimate) {}

  /// Moves everything waiting in the queue into the model; returns points consumed.
  std::size_t feed(DropOldestQueue<station::ForcePoint>& queue);

  /// Points of plate p as (seconds relative to the newest sample, newtons).
  QList<QPointF> points(std::size_t plate) const;
  double window_s() const { return static_cast<double>(window_ns_) * 1e-9; }
  std::size_t n_plates() const { return n_plates_; }

 private:
  TimeNs window_ns_;
  int decimate_;
  int phase_ = 0;
  std::size_t n_plates_ = 0;
  std::deque<station::ForcePoint> points_;
};

}  // namespace stridecue::display
