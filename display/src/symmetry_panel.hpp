// The clinician's symmetry view (issue 5): per variable the left and right means over the
// window, SI and SA, the baseline's SI and the change from it, and the flag (flagged rows in
// red); a state line (window, loading-rate method, baseline) and the Start/End baseline
// buttons. Fed from LiveOutputs on the window's timer. GUI thread only.
#pragma once

#include <QWidget>
#include <functional>
#include <optional>

#include "stridecue/processing/symmetry_tracker.hpp"
#include "stridecue/station/live_outputs.hpp"

class QLabel;
class QPushButton;
class QTableWidget;

namespace stridecue::display {

class SymmetryPanel : public QWidget {
 public:
  enum Column : int { kLeft, kRight, kSi, kSa, kBaseSi, kChange, kFlag, kColumnCount };

  /// thresholds: the station's, to show what a flag means. The callbacks run on the GUI thread
  /// when a button is pressed (ProcessingLoop::begin_baseline / end_baseline).
  SymmetryPanel(const processing::SymmetryTrackerConfig& config,
                std::function<void()> begin_baseline, std::function<void()> end_baseline,
                QWidget* parent = nullptr);

  /// Takes everything waiting in both queues and shows the newest state.
  void feed(DropOldestQueue<station::SymmetryUpdate>& updates,
            DropOldestQueue<station::BaselineEvent>& events);
  void show_update(const station::SymmetryUpdate& update);
  void show_event(const station::BaselineEvent& event);

  /// What the table shows (for tests).
  QString cell(processing::SymVar var, Column column) const;
  bool row_flagged(processing::SymVar var) const;
  QString state_text() const;
  QString event_text() const;
  /// The newest update shown (none before the first step).
  const std::optional<station::SymmetryUpdate>& last_update() const { return last_; }

 private:
  QString flag_text(processing::SymVar var, processing::SymFlag flag) const;

  processing::SymmetryTrackerConfig config_;
  QTableWidget* table_;
  QLabel* state_;
  QLabel* event_;
  QPushButton* begin_;
  QPushButton* end_;
  std::optional<station::SymmetryUpdate> last_;
};

}  // namespace stridecue::display
