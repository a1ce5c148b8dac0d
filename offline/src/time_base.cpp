#include "time_base.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

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

/// Checks every step of the time column against `period` (column units) and throws at the
/// first bad one (with period ≤ 0 only the order is checked). `rate_text` says where the rate came
/// from, for the message.
void check_time_steps(const TimeColumn& tc, double period, const std::string& rate_text,
                      std::string_view file, std::size_t first_data_line) {
  const std::string_view u = unit_label(tc.unit);
  const bool index = tc.unit == TimeUnit::kSampleIndex;
  const std::string what = index ? "sample index" : "time";
  for (std::size_t i = 1; i < tc.values.size(); ++i) {
    const double a = tc.values[i - 1];
    const double b = tc.values[i];
    const double dt = b - a;
    const Place where{file, first_data_line + i, tc.name, tc.col + 1};
    const std::string from_to =
        ": " + what + " goes from " + num(a) + std::string(u) + " to " + num(b) + std::string(u);
    if (!(dt > 0)) {
      where.fail(ImportErrorKind::kTime,
                 from_to +
                     ": it must increase from row to row (rows repeated or out of order?); "
                     "StrideCue needs evenly sampled data");
    }
    if (index) {
      if (dt == 1.0) continue;
      if (dt > 1 && dt == std::floor(dt)) {
        where.fail(ImportErrorKind::kTime, from_to + ", " + num(dt - 1) +
                                               " samples missing; StrideCue needs evenly " +
                                               "sampled data: fill or cut the gap");
      }
      where.fail(ImportErrorKind::kTime,
                 from_to +
                     "; a sample index must count up by 1 per row (is it really an index? "
                     "then check the file; if it is time, give --time " +
                     tc.name + ":s or :ms)");
    }
    if (!(period > 0)) continue;  // median step ≤ 0: a later step fails the order check
    const double ratio = dt / period;
    if (ratio > 1.5) {
      const long long periods = std::llround(ratio);
      where.fail(ImportErrorKind::kTime,
                 from_to + ", a step of " + std::to_string(periods) + " sample periods at " +
                     rate_text + " (" + std::to_string(periods - 1) +
                     " samples missing); StrideCue needs evenly sampled data: fill or cut the "
                     "gap");
    }
    if (ratio < 0.5) {
      where.fail(ImportErrorKind::kTime,
                 from_to + ", a step of only " + num_g(ratio, 2) + " sample periods at " +
                     rate_text + "; the rows are not evenly sampled (check --rate and the time " +
                     "unit)");
    }
  }
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

double resolve_rate(const ImportOptions& o, const std::optional<TimeColumn>& tc,
                    const std::optional<std::string>& ignored_auto, ImportSummary& summary,
                    std::size_t first_data_line) {
  const std::string_view file = summary.file;
  if (o.rate_hz > 0) {
    const std::string rate_text = num_g(o.rate_hz) + " Hz (--rate)";
    summary.time_source = "--rate " + num_g(o.rate_hz) + " Hz";
    if (!tc) {
      summary.time_source += ignored_auto ? "; time column " + *ignored_auto +
                                                " ignored (check it with --time COLUMN:index or "
                                                ":s / :ms)"
                                          : "; no time column";
      return o.rate_hz;
    }
    const std::string col = quoted(tc->name) + " (" + std::to_string(tc->col + 1) + ")";
    if (tc->unit == TimeUnit::kSampleIndex) {
      check_time_steps(*tc, 1.0, rate_text, file, first_data_line);
      summary.time_source += "; column " + col + " checked as a sample index";
      return o.rate_hz;
    }
    const double period = 1.0 / (o.rate_hz * unit_to_s(tc->unit));
    check_time_steps(*tc, period, rate_text, file, first_data_line);
    const std::size_t n = tc->values.size();
    if (n >= 2) {
      const double mean_period = (tc->values.back() - tc->values.front()) / double(n - 1);
      const double column_rate = 1.0 / (mean_period * unit_to_s(tc->unit));
      if (std::abs(column_rate / o.rate_hz - 1.0) > 0.01) {
        Place{file, 0, tc->name, tc->col + 1}.fail(
            ImportErrorKind::kTime,
            ": the time column averages " + num_g(column_rate) + " Hz over the file, but --rate " +
                "says " + num_g(o.rate_hz) +
                " Hz; drop --rate to use the column, or give --time none to ignore it");
      }
    }
    summary.time_source +=
        "; column " + col + " in" + std::string(unit_label(tc->unit)) + " agrees with it";
    summary.first_time_s = tc->values.front() * unit_to_s(tc->unit);
    return o.rate_hz;
  }
  // Rate from the time column.
  const std::size_t n = tc->values.size();
  if (n < 2) {
    throw ImportError(
        ImportErrorKind::kFile,
        std::string(file) + ": one data row cannot give a sample rate; give --rate HZ or more rows",
        std::string(file));
  }
  std::vector<double> steps(n - 1);
  for (std::size_t i = 1; i < n; ++i) steps[i - 1] = tc->values[i] - tc->values[i - 1];
  std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2),
                   steps.end());
  const double median_step = steps[steps.size() / 2];
  const double median_rate = median_step > 0 ? 1.0 / (median_step * unit_to_s(tc->unit)) : 0.0;
  check_time_steps(*tc, median_step, num_g(median_rate) + " Hz (the median step)", file,
                   first_data_line);
  const double span_s = (tc->values.back() - tc->values.front()) * unit_to_s(tc->unit);
  const double rate = double(n - 1) / span_s;
  const std::string col = quoted(tc->name) + " (" + std::to_string(tc->col + 1) + ")";
  constexpr double kMinPlausibleRate_hz = 20.0;
  if (rate < kMinPlausibleRate_hz) {
    Place{file, 0, tc->name, tc->col + 1}.fail(
        ImportErrorKind::kTime,
        ": read as" + std::string(unit_label(tc->unit)) + " it steps by " + num_g(1.0 / rate) +
            " s (" + num_g(rate) +
            " Hz), too slow for force data; if it is a sample index, give --rate HZ (the column "
            "is then ignored) or --time " +
            tc->name +
            ":index --rate HZ (it is then checked for gaps); if it is in ms, give "
            "--time " +
            tc->name + ":ms");
  }
  summary.time_source =
      "column " + col + " in" + std::string(unit_label(tc->unit)) + ": " + num_g(rate) + " Hz";
  summary.first_time_s = tc->values.front() * unit_to_s(tc->unit);
  return rate;
}

}  // namespace stridecue::offline::detail
