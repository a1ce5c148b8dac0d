#include "force_trace_model.hpp"

namespace stridecue::display {

std::size_t ForceTraceModel::feed(DropOldestQueue<station::ForcePoint>& queue) {
  station::ForcePoint p;
  std::size_t n = 0;
  while (queue.pop(p)) {
    ++n;
    if (phase_++ % decimate_ != 0) continue;
    n_plates_ = std::max<std::size_t>(n_plates_, p.n_plates);
    points_.push_back(p);
  }
  if (!points_.empty()) {
    const TimeNs newest = points_.back().t_ns;
    while (points_.front().t_ns < newest - window_ns_) points_.pop_front();
  }
  return n;
}

QList<QPointF> ForceTraceModel::points(std::size_t plate) const {
  QList<QPointF> out;
  if (points_.empty()) return out;
  out.reserve(static_cast<qsizetype>(points_.size()));
  const TimeNs newest = points_.back().t_ns;
  for (const auto& p : points_) {
    if (plate < p.n_plates) out.append({ns_to_s(p.t_ns - newest), p.fz_n[plate]});
  }
  return out;
}

}  // namespace stridecue::display
