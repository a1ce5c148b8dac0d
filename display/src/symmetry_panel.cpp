#include "symmetry_panel.hpp"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <array>
#include <cmath>
#include <utility>

namespace stridecue::display {

namespace {

using processing::SymVar;

struct RowInfo {
  const char* label;  ///< for the clinician, unit included
  int decimals;       ///< of the means
};

/// Indexed by sym_index(SymVar).
constexpr std::array<RowInfo, processing::kSymVarCount> kRows = {{
    {"Contact time (ms)", 1},
    {"Flight time (ms)", 1},
    {"Step time (ms)", 1},
    {"Peak vertical force (BW)", 2},
    {"Impact peak (BW)", 2},
    {"Average loading rate VALR (BW/s)", 1},
    {"Instant. loading rate VILR (BW/s)", 1},
    {"Vertical impulse (BW·s)", 3},
    {"Braking impulse (BW·s)", 3},
    {"Propulsive impulse (BW·s)", 3},
}};

const QColor kFlaggedBackground("#f5c6c0");  // light red: black text stays readable on it
const QColor kDash("#808080");

QString number(double v, int decimals, bool sign = false) {
  if (!std::isfinite(v)) return QStringLiteral("–");
  if (std::fabs(v) < 0.5 * std::pow(10.0, -decimals)) v = 0;  // no "-0.0"
  QString s = QString::number(v, 'f', decimals);
  if (sign && v >= 0) s.prepend('+');
  return s;
}

QString method_name(const processing::LoadingRateLabel& label) {
  return label[0] ? QString::fromLatin1(label.data()) : QString();
}

}  // namespace

SymmetryPanel::SymmetryPanel(const processing::SymmetryTrackerConfig& config,
                             std::function<void()> begin_baseline,
                             std::function<void()> end_baseline, QWidget* parent)
    : QWidget(parent), config_(config) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* box = new QGroupBox(
      QString("Symmetry, left vs right: the last %1 strides and the change from the runner's "
              "baseline (SI + = right larger)")
          .arg(config_.window_strides));
  outer->addWidget(box);
  auto* layout = new QVBoxLayout(box);

  auto* top = new QHBoxLayout;
  state_ = new QLabel("Symmetry: waiting for steps on the plates");
  state_->setTextFormat(Qt::PlainText);
  state_->setWordWrap(true);
  top->addWidget(state_, 1);
  begin_ = new QPushButton("Start baseline");
  begin_->setToolTip(
      "Start recording the runner's baseline block (running as usual); the baseline in force, "
      "if any, stays until the block ends");
  end_ = new QPushButton("End baseline");
  end_->setToolTip("End the block: its per-side means become the baseline");
  connect(begin_, &QPushButton::clicked, this, [cb = std::move(begin_baseline)] {
    if (cb) cb();
  });
  connect(end_, &QPushButton::clicked, this, [cb = std::move(end_baseline)] {
    if (cb) cb();
  });
  top->addWidget(begin_);
  top->addWidget(end_);
  layout->addLayout(top);

  table_ = new QTableWidget(static_cast<int>(processing::kSymVarCount), kColumnCount);
  table_->setHorizontalHeaderLabels({"Left mean", "Right mean", "SI %", "SA %", "Baseline\nSI %",
                                     "Change from\nbaseline (SI pts)", "Flag"});
  table_->horizontalHeaderItem(kSi)->setToolTip(
      "Symmetry index (R − L) / mean(L, R) × 100, Robinson 1987; + = right larger");
  table_->horizontalHeaderItem(kSa)->setToolTip("Symmetry angle, Zifchock 2008; + = right larger");
  table_->horizontalHeaderItem(kChange)->setToolTip(
      "SI now − SI at baseline; flagged only when it moved away from symmetry");
  QStringList rows;
  for (const RowInfo& r : kRows) rows << QString::fromUtf8(r.label);
  table_->setVerticalHeaderLabels(rows);
  for (std::size_t i = 0; i < processing::kSymVarCount; ++i) {
    table_->verticalHeaderItem(static_cast<int>(i))
        ->setToolTip(QString::fromLatin1(processing::kSymVarNames[i].data(),
                                         static_cast<int>(processing::kSymVarNames[i].size())));
    for (int c = 0; c < kColumnCount; ++c) {
      auto* item = new QTableWidgetItem(QStringLiteral("–"));
      item->setTextAlignment(c == kFlag ? Qt::AlignLeft | Qt::AlignVCenter
                                        : Qt::AlignRight | Qt::AlignVCenter);
      table_->setItem(static_cast<int>(i), c, item);
    }
  }
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->setFocusPolicy(Qt::NoFocus);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(kFlag, QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setMinimumSectionSize(90);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // Every row visible without scrolling.
  const int row_h = table_->verticalHeader()->defaultSectionSize();
  table_->setMinimumHeight(table_->horizontalHeader()->sizeHint().height() +
                           row_h * static_cast<int>(processing::kSymVarCount) +
                           2 * table_->frameWidth() + 4);
  layout->addWidget(table_);

  event_ = new QLabel("Baseline: no block recorded yet");
  event_->setTextFormat(Qt::PlainText);
  layout->addWidget(event_);
}

void SymmetryPanel::feed(DropOldestQueue<station::SymmetryUpdate>& updates,
                         DropOldestQueue<station::BaselineEvent>& events) {
  station::SymmetryUpdate u;
  bool any = false;
  while (updates.pop(u)) any = true;
  if (any) show_update(u);
  station::BaselineEvent e;
  while (events.pop(e)) show_event(e);
}

QString SymmetryPanel::flag_text(SymVar var, processing::SymFlag flag) const {
  const processing::SymThresholds& th = config_.thresholds[processing::sym_index(var)];
  const QString abs = QString("|SI| > %1 %").arg(th.abs_si_pct, 0, 'g', 3);
  const QString delta =
      QString("moved > %1 pts from baseline").arg(th.delta_from_baseline_si_pct, 0, 'g', 3);
  switch (flag) {
    case processing::SymFlag::kNone:
      return QString();
    case processing::SymFlag::kAbsThreshold:
      return abs;
    case processing::SymFlag::kDeltaFromBaseline:
      return delta;
    case processing::SymFlag::kBoth:
      return abs + "; " + delta;
  }
  return QString();
}

void SymmetryPanel::show_update(const station::SymmetryUpdate& update) {
  last_ = update;
  const processing::SymmetrySnapshot& snap = update.snapshot;
  const bool other_lr_base = snap.has_baseline && snap.baseline_lr_method[0] &&
                             method_name(snap.lr_method) != method_name(snap.baseline_lr_method);
  for (std::size_t i = 0; i < processing::kSymVarCount; ++i) {
    const auto var = static_cast<SymVar>(i);
    const processing::SymVarStats& v = snap.vars[i];
    const int row = static_cast<int>(i);
    const int d = kRows[i].decimals;
    const std::array<QString, kColumnCount> text = {
        number(v.mean_l, d),
        number(v.mean_r, d),
        number(v.si_pct, 1, true),
        number(v.sa_pct, 1, true),
        number(v.base_si_pct, 1, true),
        number(v.si_change_pct, 1, true),
        v.flag == processing::SymFlag::kNone ? QStringLiteral("–") : flag_text(var, v.flag)};
    const bool flagged = v.flag != processing::SymFlag::kNone;
    const bool abs_flag =
        v.flag == processing::SymFlag::kAbsThreshold || v.flag == processing::SymFlag::kBoth;
    const bool delta_flag =
        v.flag == processing::SymFlag::kDeltaFromBaseline || v.flag == processing::SymFlag::kBoth;
    for (int c = 0; c < kColumnCount; ++c) {
      QTableWidgetItem* item = table_->item(row, c);
      item->setText(text[static_cast<std::size_t>(c)]);
      item->setBackground(flagged ? QBrush(kFlaggedBackground) : QBrush());
      item->setForeground(text[static_cast<std::size_t>(c)] == QStringLiteral("–") && !flagged
                              ? QBrush(kDash)
                              : QBrush(Qt::black));
      QFont f = item->font();
      f.setBold((c == kSi && abs_flag) || (c == kChange && delta_flag) || (c == kFlag && flagged));
      item->setFont(f);
    }
    table_->item(row, kLeft)->setToolTip(QString("%1 left steps in the window").arg(v.n_l));
    table_->item(row, kRight)->setToolTip(QString("%1 right steps in the window").arg(v.n_r));
    table_->item(row, kBaseSi)
        ->setToolTip(
            processing::is_loading_rate(var) && other_lr_base
                ? QString("the baseline's loading rate was measured another way (%1)")
                      .arg(method_name(snap.baseline_lr_method))
                : QString("baseline: %1 left + %2 right steps").arg(v.base_n_l).arg(v.base_n_r));
  }

  QStringList parts;
  const auto window = static_cast<unsigned>(config_.window_strides);
  parts << (snap.window_full
                ? QString("Window: full, %1 L + %2 R steps").arg(snap.steps_l).arg(snap.steps_r)
                : QString("Window: filling, %1 L + %2 R of %3 steps per side (no flags yet)")
                      .arg(snap.steps_l)
                      .arg(snap.steps_r)
                      .arg(window));
  QString lr = QString("Loading rate: %1")
                   .arg(snap.lr_method[0] ? method_name(snap.lr_method) : QString("not measured"));
  if (snap.lr_other_method_l || snap.lr_other_method_r) {
    lr += QString(" (%1 L + %2 R steps measured another way, left out)")
              .arg(snap.lr_other_method_l)
              .arg(snap.lr_other_method_r);
  }
  parts << lr;
  const processing::SymVarStats& contact = snap[SymVar::kContactMs];
  if (snap.baseline_recording) {
    parts << QString("Baseline: recording, %1 L + %2 R steps%3")
                 .arg(update.block_steps_l)
                 .arg(update.block_steps_r)
                 .arg(snap.has_baseline ? " (the previous baseline applies until it ends)" : "");
  } else if (snap.has_baseline) {
    QString base =
        QString("Baseline: set, %1 L + %2 R steps").arg(contact.base_n_l).arg(contact.base_n_r);
    if (snap.baseline_lr_method[0]) {
      base += QString(", loading rate %1").arg(method_name(snap.baseline_lr_method));
    }
    parts << base;
  } else {
    parts << "Baseline: none (press Start baseline while the runner runs as usual)";
  }
  if (snap.unknown_side_steps) {
    parts << QString("%1 steps without a side ignored").arg(snap.unknown_side_steps);
  }
  state_->setText(parts.join("     "));
}

void SymmetryPanel::show_event(const station::BaselineEvent& event) {
  const QString how = event.automatic ? QString(" (automatic)") : QString();
  const QString note = *event.reason ? QString::fromUtf8(event.reason) : QString();
  switch (event.kind) {
    case station::BaselineEvent::Kind::kBegun:
      event_->setText("Baseline block begun" + how + (note.isEmpty() ? "" : ": " + note));
      break;
    case station::BaselineEvent::Kind::kEnded:
      event_->setText(
          QString("Baseline set from %1 L + %2 R steps").arg(event.steps_l).arg(event.steps_r) +
          how + (note.isEmpty() ? "" : "; " + note));
      break;
    case station::BaselineEvent::Kind::kRefused:
      event_->setText("Baseline refused" + how + ": " + note);
      break;
  }
  event_->setStyleSheet(event.kind == station::BaselineEvent::Kind::kRefused ? "color: #c0392b;"
                                                                             : "");
}

QString SymmetryPanel::cell(SymVar var, Column column) const {
  return table_->item(static_cast<int>(processing::sym_index(var)), column)->text();
}

bool SymmetryPanel::row_flagged(SymVar var) const {
  return table_->item(static_cast<int>(processing::sym_index(var)), kSi)->background().color() ==
         kFlaggedBackground;
}

QString SymmetryPanel::state_text() const {
  return state_->text();
}

QString SymmetryPanel::event_text() const {
  return event_->text();
}

}  // namespace stridecue::display
