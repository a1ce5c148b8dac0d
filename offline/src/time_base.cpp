#include "time_base.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "delimited_text.hpp"
#include "messages.hpp"
#include "stridecue/offline/import_error.hpp"

namespace stridecue::offline::detail {

namespace {

std::string_view unit_label(TimeUnit u) {
  switch (u) {
    case TimeUnit::kSeconds:
      return " s";
    case TimeUnit::kMilliseconds:
      return " ms";
    default:
      return "";
  }
}

double unit_to_s(TimeUnit u) {
  return u == TimeUnit::kMilliseconds ? 1e-3 : 1.0;
}

}  // namespace

/// The auto-detect rule of TimeSpec::Mode::kAuto for one header cell.
std::optional<TimeUnit> auto_time_unit(std::string_view cell) {
  std::string s = lower(detail::trim(cell));
  std::string unit;
  if (!s.empty() && (s.back() == ')' || s.back() == ']')) {
    const char open = s.back() == ')' ? '(' : '[';
    const std::size_t p = s.rfind(open);
    if (p == std::string::npos) return std::nullopt;
    unit = s.substr(p + 1, s.size() - p - 2);
    s = std::string(detail::trim(s.substr(0, p)));
  } else if (const std::size_t us = s.rfind('_'); us != std::string::npos) {
    unit = s.substr(us + 1);
    s.resize(us);
  }
  if (s != "t" && s != "time" && s != "timestamp") return std::nullopt;
  if (unit.empty() || unit == "s" || unit == "sec") return TimeUnit::kSeconds;
  if (unit == "ms") return TimeUnit::kMilliseconds;
  return std::nullopt;
}

TimeBase::TimeBase(const ImportOptions& options, std::optional<TimeColumn> column,
                   std::optional<std::string> ignored_auto, std::string file)
    : column_(std::move(column)),
      ignored_auto_(std::move(ignored_auto)),
      file_(std::move(file)),
      given_rate_hz_(options.rate_hz) {}

void TimeBase::check_step(double a, double b, std::size_t line_no) const {
  const TimeColumn& tc = *column_;
  const std::string_view u = unit_label(tc.unit);
  const bool index = tc.unit == TimeUnit::kSampleIndex;
  const double dt = b - a;
  if (dt > 0) {  // the usual case first: a step in range needs no message text
    if (index ? dt == 1.0 : !(period_ > 0) || (dt / period_ <= 1.5 && dt / period_ >= 0.5)) {
      return;
    }
  }
  const std::string what = index ? "sample index" : "time";
  const Place where{file_, line_no, tc.name, tc.col + 1};
  const std::string from_to =
      ": " + what + " goes from " + num(a) + std::string(u) + " to " + num(b) + std::string(u);
  if (!(dt > 0)) {
    where.fail(ImportErrorKind::kTime,
               from_to +
                   ": it must increase from row to row (rows repeated or out of order?); "
                   "StrideCue needs evenly sampled data");
  }
  if (index) {
    if (dt > 1 && dt == std::floor(dt)) {
      where.fail(ImportErrorKind::kTime, from_to + ", " + num(dt - 1) +
                                             " samples missing; StrideCue needs evenly " +
                                             "sampled data: fill or cut the gap");
    }
    where.fail(ImportErrorKind::kTime,
               from_to +
                   "; a sample index must count up by 1 per row (is it really an index? "
                   "then check the file; if it is time, give --time " +
                   printable(tc.name) + ":s or :ms)");
  }
  const double ratio = dt / period_;
  if (ratio > 1.5) {
    const long long periods = std::llround(ratio);
    where.fail(ImportErrorKind::kTime,
               from_to + ", a step of " + std::to_string(periods) + " sample periods at " +
                   rate_text_ + " (" + std::to_string(periods - 1) +
                   " samples missing); StrideCue needs evenly sampled data: fill or cut the "
                   "gap");
  }
  where.fail(ImportErrorKind::kTime,
             from_to + ", a step of only " + num_g(ratio, 2) + " sample periods at " + rate_text_ +
                 "; the rows are not evenly sampled (check --rate and the time unit)");
}

double TimeBase::resolve(std::span<const double> first, std::size_t first_data_line,
                         ImportSummary& summary) {
  if (column_ && !first.empty()) {
    first_ = first.front();
    last_ = first.back();
    count_ = first.size();
  }
  lookahead_count_ = count_;
  summary.rate_given = given_rate_hz_ > 0;
  if (column_) {
    summary.time_column = column_->name;
    summary.time_unit = column_->unit;
  }
  auto check_first = [&] {
    for (std::size_t i = 1; i < first.size(); ++i) {
      check_step(first[i - 1], first[i], first_data_line + i);
    }
  };
  if (given_rate_hz_ > 0) {
    rate_hz_ = given_rate_hz_;
    rate_text_ = num_g(rate_hz_) + " Hz (--rate)";
    summary.time_source = "--rate " + num_g(rate_hz_) + " Hz";
    if (!column_) {
      summary.time_source += ignored_auto_ ? "; time column " + *ignored_auto_ +
                                                 " ignored (check it with --time COLUMN:index or "
                                                 ":s / :ms)"
                                           : "; no time column";
      return rate_hz_;
    }
    const TimeColumn& tc = *column_;
    const std::string col = quoted(tc.name) + " (" + std::to_string(tc.col + 1) + ")";
    if (tc.unit == TimeUnit::kSampleIndex) {
      period_ = 1.0;
      check_first();
      summary.time_source += "; column " + col + " checked as a sample index";
      return rate_hz_;
    }
    period_ = 1.0 / (rate_hz_ * unit_to_s(tc.unit));
    check_first();
    summary.time_source +=
        "; column " + col + " in" + std::string(unit_label(tc.unit)) + " agrees with it";
    summary.first_time_s = first_ * unit_to_s(tc.unit);
    return rate_hz_;
  }
  // Rate from the time column.
  const TimeColumn& tc = *column_;
  const std::size_t n = first.size();
  if (n < 2) {
    throw ImportError(
        ImportErrorKind::kFile,
        file_ + ": one data row cannot give a sample rate; give --rate HZ or more rows", file_);
  }
  rate_from_column_ = true;
  std::vector<double> steps(n - 1);
  for (std::size_t i = 1; i < n; ++i) steps[i - 1] = first[i] - first[i - 1];
  std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2),
                   steps.end());
  period_ = steps[steps.size() / 2];
  const double median_rate = period_ > 0 ? 1.0 / (period_ * unit_to_s(tc.unit)) : 0.0;
  rate_text_ = num_g(median_rate) + " Hz (the median step)";
  check_first();
  // Least-squares slope of time on row index, rows centred (Σ(i − ī)² = n(n² − 1)/12); times
  // relative to the first row keep the sums small. The steps above are all > 0, so slope > 0.
  const double nd = static_cast<double>(n);
  const double mid = (nd - 1.0) / 2.0;
  double sxy = 0;
  for (std::size_t i = 0; i < n; ++i) sxy += (static_cast<double>(i) - mid) * (first[i] - first[0]);
  const double slope = sxy / (nd * (nd * nd - 1.0) / 12.0);
  rate_hz_ = 1.0 / (slope * unit_to_s(tc.unit));
  const std::string col = quoted(tc.name) + " (" + std::to_string(tc.col + 1) + ")";
  constexpr double kMinPlausibleRate_hz = 20.0;
  if (rate_hz_ < kMinPlausibleRate_hz) {
    Place{file_, 0, tc.name, tc.col + 1}.fail(
        ImportErrorKind::kTime,
        ": read as" + std::string(unit_label(tc.unit)) + " it steps by " + num_g(1.0 / rate_hz_) +
            " s (" + num_g(rate_hz_) +
            " Hz), too slow for force data; if it is a sample index, give --rate HZ (the column "
            "is then ignored) or --time " +
            printable(tc.name) +
            ":index --rate HZ (it is then checked for gaps); if it is in ms, give "
            "--time " +
            printable(tc.name) + ":ms");
  }
  summary.time_source =
      "column " + col + " in" + std::string(unit_label(tc.unit)) + ": " + num_g(rate_hz_) + " Hz";
  summary.first_time_s = first_ * unit_to_s(tc.unit);
  return rate_hz_;
}

void TimeBase::check(double value, std::size_t line_no) {
  if (!column_) return;
  check_step(last_, value, line_no);
  last_ = value;
  ++count_;
}

void TimeBase::finish() const {
  if (!column_ || column_->unit == TimeUnit::kSampleIndex || count_ < 2) return;
  const TimeColumn& tc = *column_;
  const double mean_period = (last_ - first_) / static_cast<double>(count_ - 1);
  const double column_rate = 1.0 / (mean_period * unit_to_s(tc.unit));
  if (!rate_from_column_) {
    if (std::abs(column_rate / rate_hz_ - 1.0) > 0.01) {
      Place{file_, 0, tc.name, tc.col + 1}.fail(
          ImportErrorKind::kTime,
          ": the time column averages " + num_g(column_rate) + " Hz over the file, but --rate " +
              "says " + num_g(rate_hz_) +
              " Hz; drop --rate to use the column, or give --time none to ignore it");
    }
    return;
  }
  // A table longer than the look-ahead: the rate of its first rows must hold to the end.
  constexpr double kRateTolerance = 1e-3;
  if (count_ > lookahead_count_ && std::abs(column_rate / rate_hz_ - 1.0) > kRateTolerance) {
    Place{file_, 0, tc.name, tc.col + 1}.fail(
        ImportErrorKind::kTime,
        ": the time column averages " + num_g(column_rate, 7) +
            " Hz over the file, but its first " + std::to_string(lookahead_count_) +
            " rows step at " + num_g(rate_hz_, 7) +
            " Hz; the sample rate changes within the file and StrideCue needs evenly sampled "
            "data: cut the file where it changes, or give --rate HZ to impose one rate");
  }
}

}  // namespace stridecue::offline::detail
