// The time base of an imported table: which column is time (the auto-detect rule of
// TimeSpec::Mode::kAuto), the sample rate from --rate and/or that column, and the checks that
// make the data evenly sampled (no gaps, no steps back, rate agreeing with the column), made as
// the rows stream past. Internal to sc_offline.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "stridecue/offline/force_table_import.hpp"
#include "stridecue/offline/import_options.hpp"

namespace stridecue::offline::detail {

/// The time column as bound to the header.
struct TimeColumn {
  std::size_t col = 0;  // 0-based
  std::string name;
  TimeUnit unit = TimeUnit::kSeconds;
};

/// The unit of `cell` if it names a time column by the auto-detect rule, else nothing.
std::optional<TimeUnit> auto_time_unit(std::string_view cell);

/// Decides the rate once from the first rows (the look-ahead), then checks every later row's
/// time against it, and the whole column at the end.
///
/// Rate from the time column (no --rate): the median step of the look-ahead is the period that
/// every step is checked against (within 0.5 … 1.5 periods, so a gap or a repeat is caught, not
/// jitter); the rate is the least-squares slope of time on row index over the look-ahead, which
/// averages out rounded time stamps (300 Hz written with 3 decimals: ≈ 1e-6 relative with 4096
/// rows, where the end-to-end span would give ≈ 1e-4). A table no longer than the look-ahead is
/// judged on all of it. At the end, the column's mean rate over the whole table, (n − 1) / span,
/// must agree with that rate to 0.1 %: else the rate changes within the file and the times given
/// to the rows (i / rate) would drift from the column.
///
/// With --rate: a seconds or ms column is checked step by step against the rate and, at the end,
/// on its mean over the table (1 %); an index column must step by exactly 1.
///
/// Errors are ImportError(kTime) naming the line of the row whose step is wrong (the end checks
/// name no line). Contract: one thread; check() does not allocate (only to throw).
class TimeBase {
 public:
  /// `ignored_auto` names an auto-detected time column that a given rate overrides.
  TimeBase(const ImportOptions& options, std::optional<TimeColumn> column,
           std::optional<std::string> ignored_auto, std::string file);

  bool has_column() const noexcept { return column_.has_value(); }
  std::size_t column() const noexcept { return column_ ? column_->col : 0; }

  /// Decides the rate from the options and `first` (the time values of the first rows, in the
  /// column's unit; empty without a time column), whose rows are on consecutive lines from
  /// `first_data_line`; checks their steps; fills summary.time_source and summary.first_time_s.
  /// Throws ImportError(kTime or kFile).
  double resolve(std::span<const double> first, std::size_t first_data_line,
                 ImportSummary& summary);

  /// The time value of the next row after those given to resolve(), on line `line_no`.
  void check(double value, std::size_t line_no);

  /// At the end of the table: the column's mean rate against the rate.
  void finish() const;

 private:
  void check_step(double a, double b, std::size_t line_no) const;
  void check_mean_rate() const;

  double rate_hz_ = 0;
  double period_ = 0;  // the step every step is checked against, column units (≤ 0: order only)
  std::string rate_text_;
  bool rate_from_column_ = false;
  std::optional<TimeColumn> column_;
  std::optional<std::string> ignored_auto_;
  std::string file_;
  double given_rate_hz_ = 0;
  double first_ = 0, last_ = 0;
  std::size_t count_ = 0;            // rows whose time was seen
  std::size_t lookahead_count_ = 0;  // of them, given to resolve()
};

}  // namespace stridecue::offline::detail
