#include "stridecue/display/live_window.hpp"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QMainWindow>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <string>

#include "force_trace_model.hpp"
#include "stridecue/processing/symmetry.hpp"
#include "stridecue/runtime/station.hpp"

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

/// Thin window: composes the cue banner, the two traces and a status line.
class LiveWindow : public QMainWindow {
 public:
  LiveWindow(runtime::Station& station, std::function<bool()> run_over, const std::string& title)
      : station_(station), run_over_(std::move(run_over)) {
    setWindowTitle(QString::fromStdString("StrideCue — " + title));
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    cue_ = new QLabel("Run tall");
    QFont f = cue_->font();
    f.setPointSize(36);
    f.setBold(true);
    cue_->setFont(f);
    cue_->setAlignment(Qt::AlignCenter);
    cue_->setMinimumHeight(90);
    layout->addWidget(cue_);
    auto* charts = new QHBoxLayout;
    const double max_n = 3.5 * station.body_weight_n();
    left_ = new ForceChart("Left belt", model_.window_s(), max_n);
    right_ = new ForceChart("Right belt", model_.window_s(), max_n);
    charts->addWidget(left_);
    charts->addWidget(right_);
    layout->addLayout(charts, 1);
    status_ = new QLabel;
    status_->setTextFormat(Qt::PlainText);
    layout->addWidget(status_);
    health_ = new QLabel;
    health_->setTextFormat(Qt::PlainText);
    layout->addWidget(health_);
    setCentralWidget(central);
    resize(1100, 560);

    // Repaint from a timer, never per sample.
    connect(&timer_, &QTimer::timeout, this, [this] { refresh(); });
    timer_.start(33);
    clock_.start();
  }

 private:
  void refresh() {
    auto& out = station_.outputs();
    model_.feed(out.force_trace);
    left_->set_points(model_.points(0));
    right_->set_points(model_.points(1));
    processing::StepResult s;
    while (out.steps.pop(s)) {
      last_step_ = s;
      ++steps_;
      recent_.push_back(s);
      if (recent_.size() > 6) recent_.pop_front();
    }
    processing::Cue c;
    while (out.cues.pop(c)) {
      cue_->setText(QString::fromUtf8(c.text));
      cue_->setStyleSheet("color: white; background: #c0392b; border-radius: 8px;");
      cue_shown_ms_ = clock_.elapsed();
    }
    if (cue_shown_ms_ >= 0 && clock_.elapsed() - cue_shown_ms_ > 2500) {
      cue_->setText("Good rhythm");
      cue_->setStyleSheet("color: white; background: #27ae60; border-radius: 8px;");
      cue_shown_ms_ = -1;
    }
    status_->setText(QString("steps %1   last: %2  contact %3 ms  peak %4 BW   symmetry (peak, 6 "
                             "steps) %5 %")
                         .arg(steps_)
                         .arg(steps_
                                  ? QString::fromStdString(std::string(side_name(last_step_.side)))
                                  : QString("-"))
                         .arg(last_step_.contact_ms, 0, 'f', 1)
                         .arg(last_step_.peak_vgrf_bw, 0, 'f', 2)
                         .arg(recent_peak_si(), 0, 'f', 1));
    health_->setText(QString::fromStdString(health_line()));
    if (close_at_ms_ < 0 && run_over_ && run_over_()) {
      station_.stop();  // the run is over: stop reading before the idle ports look "stalled"
      close_at_ms_ = clock_.elapsed() + 1000;
    }
    if (close_at_ms_ >= 0 && clock_.elapsed() >= close_at_ms_) finish();
  }

  /// One line per station: each device's state and what went wrong on its link.
  std::string health_line() {
    std::string line = "devices:";
    for (std::size_t i = 0; i < station_.device_count(); ++i) {
      const auto h = station_.device_health(i);
      char buf[200];
      std::snprintf(buf, sizeof buf, "  %s %s (%llu frames, %llu CRC errors, %llu gaps%s)",
                    station_.device_name(i).c_str(),
                    std::string(acquisition::link_state_name(h.state)).c_str(),
                    static_cast<unsigned long long>(h.frames),
                    static_cast<unsigned long long>(h.crc_errors),
                    static_cast<unsigned long long>(h.counter_gaps),
                    station_.device_suspect(i) ? ", NO VALID DATA: check baud" : "");
      line += buf;
    }
    if (station_.queue_drops()) {
      line += "   ALARM: " + std::to_string(station_.queue_drops()) + " samples dropped";
    }
    return line;
  }

  double recent_peak_si() const {
    double sum[2] = {0, 0};
    int n[2] = {0, 0};
    for (const auto& r : recent_) {
      if (r.side == Side::kUnknown) continue;
      sum[static_cast<int>(r.side)] += r.peak_vgrf_bw;
      ++n[static_cast<int>(r.side)];
    }
    if (!n[0] || !n[1]) return std::nan("");
    return processing::symmetry_index_pct(sum[0] / n[0], sum[1] / n[1]);
  }

  void finish() {
    timer_.stop();
    if (const char* path = std::getenv("STRIDECUE_SCREENSHOT"); path && *path) {
      grab().save(QString::fromLocal8Bit(path));
    }
    close();
  }

  runtime::Station& station_;
  std::function<bool()> run_over_;
  ForceTraceModel model_;
  ForceChart* left_;
  ForceChart* right_;
  QLabel* cue_;
  QLabel* status_;
  QLabel* health_;
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 cue_shown_ms_ = -1;
  qint64 close_at_ms_ = -1;
  processing::StepResult last_step_{};
  std::uint64_t steps_ = 0;
  std::deque<processing::StepResult> recent_;
};

}  // namespace

int run_live_window(runtime::Station& station, std::function<bool()> run_over,
                    const std::string& title) {
  int argc = 1;
  char name[] = "stridecue";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  LiveWindow window(station, std::move(run_over), title);
  window.show();
  return app.exec();
}

}  // namespace stridecue::display
