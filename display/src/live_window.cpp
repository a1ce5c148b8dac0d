#include "stridecue/display/live_window.hpp"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineSeries>
#include <QMainWindow>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <string>

#include "force_trace_model.hpp"
#include "stridecue/processing/side_means.hpp"
#include "stridecue/station/live_view.hpp"
#include "symmetry_panel.hpp"

namespace stridecue::display {

namespace {

/// One belt's vertical-force trace.
class ForceChart : public QChartView {
 public:
  ForceChart(const QString& title, double window_s, double max_force_n, QWidget* parent = nullptr)
      : QChartView(parent) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    series_ = new QLineSeries;
    chart->addSeries(series_);
    auto* x = new QValueAxis;
    x->setRange(-window_s, 0);
    x->setTickCount(static_cast<int>(window_s) + 1);
    x->setLabelFormat("%.0f");
    x->setTitleText("time (s)");
    auto* y = new QValueAxis;
    // 500 N grid up to the first multiple of 500 N above 3.5 BW.
    const double y_max = std::ceil(max_force_n / 500.0) * 500.0;
    y->setRange(0, y_max);
    y->setTickCount(static_cast<int>(y_max / 500.0) + 1);
    y->setLabelFormat("%.0f");
    y->setTitleText("vertical force (N)");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series_->attachAxis(x);
    series_->attachAxis(y);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
  }
  void set_points(const QList<QPointF>& points) { series_->replace(points); }

 private:
  QLineSeries* series_;
};

/// Pelvic tilt and obliquity over the last seconds (relative to the static calibration).
class PelvisChart : public QChartView {
 public:
  explicit PelvisChart(double window_s, QWidget* parent = nullptr)
      : QChartView(parent), window_s_(window_s) {
    auto* chart = new QChart;
    chart->setTitle("Pelvis (deg, vs standing)");
    tilt_ = new QLineSeries;
    tilt_->setName("anterior tilt");
    obliquity_ = new QLineSeries;
    obliquity_->setName("obliquity (+ left low)");
    chart->addSeries(tilt_);
    chart->addSeries(obliquity_);
    auto* x = new QValueAxis;
    x->setRange(-window_s, 0);
    x->setLabelFormat("%.0f");
    x->setTitleText("time (s)");
    auto* y = new QValueAxis;
    y->setRange(-15, 20);
    y->setTickCount(8);
    y->setLabelFormat("%.0f");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : {tilt_, obliquity_}) {
      s->attachAxis(x);
      s->attachAxis(y);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
  }

  /// Takes the new points (main thread) and redraws the window ending at the newest one.
  void feed(DropOldestQueue<station::PelvisPoint>& trace) {
    station::PelvisPoint p;
    while (trace.pop(p)) points_.push_back(p);
    if (points_.empty()) return;
    const TimeNs newest = points_.back().t_ns;
    while (!points_.empty() && newest - points_.front().t_ns > s_to_ns(window_s_)) {
      points_.pop_front();
    }
    QList<QPointF> tilt, obliquity;
    // ≤ 500 points per series is plenty for a 6 s window on screen.
    const std::size_t stride = std::max<std::size_t>(1, points_.size() / 500);
    for (std::size_t i = 0; i < points_.size(); i += stride) {
      const double x = ns_to_s(points_[i].t_ns - newest);
      tilt.append({x, points_[i].tilt_deg});
      obliquity.append({x, points_[i].obliquity_deg});
    }
    tilt_->replace(tilt);
    obliquity_->replace(obliquity);
  }

 private:
  double window_s_;
  QLineSeries* tilt_;
  QLineSeries* obliquity_;
  std::deque<station::PelvisPoint> points_;
};

/// Thin window: composes the cue banner, the force and pelvis traces, the symmetry panel and
/// status lines.
class LiveWindow : public QMainWindow {
 public:
  LiveWindow(const station::LiveView& view, std::function<bool()> run_over)
      : view_(view), run_over_(std::move(run_over)) {
    setWindowTitle(QString::fromStdString("StrideCue — " + view.settings.title));
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    cue_ = new QLabel("Waiting for the first steps");
    QFont f = cue_->font();
    f.setPointSize(36);
    f.setBold(true);
    cue_->setFont(f);
    cue_->setAlignment(Qt::AlignCenter);
    cue_->setMinimumHeight(90);
    layout->addWidget(cue_);
    auto* charts = new QHBoxLayout;
    const double max_n = 3.5 * view.settings.body_weight_n;
    // A single belt carries both feet on one plate: one trace, named so.
    const bool single = view.settings.single_belt;
    left_ = new ForceChart(single ? "Belt (both feet)" : "Left belt", model_.window_s(), max_n);
    right_ = new ForceChart("Right belt", model_.window_s(), max_n);
    pelvis_chart_ = new PelvisChart(model_.window_s());
    charts->addWidget(left_, single ? 2 : 0);
    charts->addWidget(right_);
    right_->setVisible(!single);
    charts->addWidget(pelvis_chart_);
    layout->addLayout(charts, 1);
    auto* pelvis_row = new QHBoxLayout;
    pelvis_ = new QLabel("pelvis: no IMU data");
    pelvis_->setTextFormat(Qt::PlainText);
    pelvis_row->addWidget(pelvis_, 1);
    auto* calibrate = new QPushButton("Calibrate pelvis (runner stands still 5 s)");
    connect(calibrate, &QPushButton::clicked, this,
            [this] { view_.controls.request_calibration(); });
    pelvis_row->addWidget(calibrate);
    // A moment to find again in the session ("runner reports pain"); M from the keyboard.
    auto* mark = new QPushButton("Mark this moment (M)");
    mark->setShortcut(QKeySequence(Qt::Key_M));
    connect(mark, &QPushButton::clicked, this, [this] { view_.controls.mark("clinician mark"); });
    pelvis_row->addWidget(mark);
    layout->addLayout(pelvis_row);
    symmetry_ = new SymmetryPanel(
        view.settings.symmetry, [this] { view_.controls.begin_baseline(); },
        [this] { view_.controls.end_baseline(); });
    layout->addWidget(symmetry_);
    status_ = new QLabel;
    status_->setTextFormat(Qt::PlainText);
    layout->addWidget(status_);
    health_ = new QLabel;
    health_->setTextFormat(Qt::PlainText);
    layout->addWidget(health_);
    setCentralWidget(central);
    resize(1400, 980);

    // Repaint from a timer, never per sample.
    connect(&timer_, &QTimer::timeout, this, [this] { refresh(); });
    timer_.start(33);
    clock_.start();
  }

 private:
  void refresh() {
    auto& out = view_.outputs;
    model_.feed(out.force_trace);
    left_->set_points(model_.points(0));
    right_->set_points(model_.points(1));
    processing::StepResult s;
    while (out.steps.pop(s)) {
      last_step_ = s;
      ++steps_;
      recent_.push_back(s);
      if (recent_.size() > kRecentSteps) recent_.pop_front();
    }
    pelvis_chart_->feed(out.pelvis_trace);
    processing::PelvisConfidence conf;
    while (out.pelvis_status.pop(conf)) pelvis_state_ = conf.summary();
    processing::StaticCalibration cal;
    while (out.calibrations.pop(cal)) {
      calibration_ = cal.ok ? "static calibration accepted"
                            : std::string("calibration refused: ") + cal.reason;
    }
    pelvis_->setText(QString::fromStdString(pelvis_line()));
    symmetry_->feed(out.symmetry, out.baseline_events);
    if (steps_ > 0 && cue_shown_ms_ < 0 && !cue_seen_) {
      cue_->setText("Keep going");  // running, and nothing to cue yet
    }
    processing::Marker m;
    while (out.markers.pop(m)) ++marks_;
    processing::Cue c;
    while (out.cues.pop(c)) {
      cue_seen_ = true;
      cue_->setText(QString::fromUtf8(c.text_c()));
      cue_->setStyleSheet("color: white; background: #c0392b; border-radius: 8px;");
      cue_shown_ms_ = clock_.elapsed();
    }
    if (cue_shown_ms_ >= 0 && clock_.elapsed() - cue_shown_ms_ > 2500) {
      cue_->setText("Good rhythm");
      cue_->setStyleSheet("color: white; background: #27ae60; border-radius: 8px;");
      cue_shown_ms_ = -1;
    }
    status_->setText(QString::fromStdString(status_line()));
    health_->setText(QString::fromStdString(health_line()));
    if (close_at_ms_ < 0 && run_over_ && run_over_()) {
      view_.controls.stop();  // the run is over: stop reading before idle ports look "stalled"
      close_at_ms_ = clock_.elapsed() + 1000;
    }
    if (close_at_ms_ >= 0 && clock_.elapsed() >= close_at_ms_) finish();
  }

  /// One line per station: each device's state and what went wrong on its link.
  std::string health_line() {
    std::string line = "devices:";
    const station::StationStatus& st = view_.status;
    for (std::size_t i = 0; i < st.device_count(); ++i) {
      const auto h = st.device_health(i);
      char buf[200];
      std::snprintf(
          buf, sizeof buf, "  %s %s (%llu frames, %llu CRC errors, %llu gaps%s)",
          st.device_name(i).c_str(), std::string(acquisition::link_state_name(h.state)).c_str(),
          static_cast<unsigned long long>(h.frames), static_cast<unsigned long long>(h.crc_errors),
          static_cast<unsigned long long>(h.counter_gaps),
          st.device_suspect(i) ? ", NO VALID DATA: check baud" : "");
      line += buf;
    }
    for (const std::string& alarm : st.alarms()) line += "   ALARM: " + alarm;
    return line;
  }

  /// The last step and the cue rule's own symmetry index (published by the engine with every
  /// step, so the screen shows exactly the number the cue judges).
  std::string status_line() const {
    char buf[320];
    const auto& u = symmetry_->last_update();
    std::string cue = "cue rule: waiting for steps";
    if (u && std::isfinite(u->cue_si_pct)) {
      std::snprintf(buf, sizeof buf,
                    "cue rule: %s SI over the last %u steps %+.1f %% (cue above %.0f %%)",
                    u->cue_metric, u->cue_window_steps, u->cue_si_pct, u->cue_threshold_pct);
      cue = buf;
    }
    if (marks_ > 0) {
      std::snprintf(buf, sizeof buf, "   marks: %llu", static_cast<unsigned long long>(marks_));
      cue += buf;
    }
    if (steps_ == 0) return cue;
    std::snprintf(buf, sizeof buf, "steps %llu   last: %s  contact %.1f ms  peak %.2f BW   ",
                  static_cast<unsigned long long>(steps_),
                  std::string(side_name(last_step_.side)).c_str(), last_step_.contact_ms,
                  last_step_.peak_vgrf_bw);
    return buf + cue;
  }

  /// Pelvis state, last calibration, and the mean drop per stance side over recent steps.
  std::string pelvis_line() const {
    processing::SideMeans drop, gain;
    for (const auto& r : recent_) {
      drop.add(r.side, r.pelvis.pelvic_drop_deg);
      gain.add(r.side, r.pelvis.late_stance_tilt_gain_deg);
    }
    char buf[320];
    if (drop.both_sides()) {
      std::snprintf(buf, sizeof buf,
                    "pelvis: %s   (%s)   drop L stance %.1f deg, R stance %.1f deg   late-stance "
                    "tilt gain L %.1f, R %.1f deg",
                    pelvis_state_.c_str(), calibration_.c_str(), drop.left(), drop.right(),
                    gain.left(), gain.right());
    } else {
      std::snprintf(buf, sizeof buf, "pelvis: %s   (%s)", pelvis_state_.c_str(),
                    calibration_.c_str());
    }
    return buf;
  }

  void finish() {
    timer_.stop();
    if (const char* path = std::getenv("STRIDECUE_SCREENSHOT"); path && *path) {
      grab().save(QString::fromLocal8Bit(path));
    }
    close();
  }

  static constexpr std::size_t kRecentSteps = 6;  // the pelvis line's mean per stance side
  station::LiveView view_;
  std::function<bool()> run_over_;
  ForceTraceModel model_;
  ForceChart* left_;
  ForceChart* right_;
  QLabel* cue_;
  QLabel* status_;
  QLabel* health_;
  PelvisChart* pelvis_chart_;
  QLabel* pelvis_;
  SymmetryPanel* symmetry_;
  std::string pelvis_state_ = "no IMU data";
  std::string calibration_ = "no calibration yet";
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 cue_shown_ms_ = -1;
  bool cue_seen_ = false;  // a cue has been shown: the banner's resting text is "Good rhythm"
  qint64 close_at_ms_ = -1;
  processing::StepResult last_step_{};
  std::uint64_t steps_ = 0;
  std::uint64_t marks_ = 0;  // markers applied by the processing thread
  std::deque<processing::StepResult> recent_;
};

}  // namespace

int run_live_window(const station::LiveView& view, std::function<bool()> run_over) {
  int argc = 1;
  char name[] = "stridecue";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  LiveWindow window(view, std::move(run_over));
  window.show();
  return app.exec();
}

}  // namespace stridecue::display
