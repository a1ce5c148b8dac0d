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
#include <cstdlib>
#include <deque>

#include "force_trace_model.hpp"
#include "stridecue/processing/symmetry.hpp"
#include "stridecue/runtime/demo_rig.hpp"

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
  LiveWindow(runtime::DemoRig& rig, double duration_s) : rig_(rig), duration_s_(duration_s) {
    setWindowTitle("StrideCue — live demo");
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
    const double max_n = 3.5 * rig.body_weight_n();
    left_ = new ForceChart("Left belt", model_.window_s(), max_n);
    right_ = new ForceChart("Right belt", model_.window_s(), max_n);
    charts->addWidget(left_);
    charts->addWidget(right_);
    layout->addLayout(charts, 1);
    status_ = new QLabel;
    status_->setTextFormat(Qt::PlainText);
    layout->addWidget(status_);
    setCentralWidget(central);
    resize(1100, 560);

    // Repaint from a timer, never per sample.
    connect(&timer_, &QTimer::timeout, this, [this] { refresh(); });
    timer_.start(33);
    clock_.start();
  }

 private:
  void refresh() {
    auto& out = rig_.outputs();
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
    if (rig_.emulator().finished() && close_at_ms_ < 0) {
      rig_.stop();  // the run is over: stop reading before the idle ports look "stalled"
      close_at_ms_ = clock_.elapsed() + 1000;
    }
    if (close_at_ms_ >= 0 && clock_.elapsed() >= close_at_ms_) finish();
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

  runtime::DemoRig& rig_;
  double duration_s_;
  ForceTraceModel model_;
  ForceChart* left_;
  ForceChart* right_;
  QLabel* cue_;
  QLabel* status_;
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 cue_shown_ms_ = -1;
  qint64 close_at_ms_ = -1;
  processing::StepResult last_step_{};
  std::uint64_t steps_ = 0;
  std::deque<processing::StepResult> recent_;
};

}  // namespace

int run_live_window(runtime::DemoRig& rig, double duration_s) {
  int argc = 1;
  char name[] = "stridecue";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  LiveWindow window(rig, duration_s);
  window.show();
  return app.exec();
}

}  // namespace stridecue::display
