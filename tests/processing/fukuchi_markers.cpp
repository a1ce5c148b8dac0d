// Pelvis markers of the Fukuchi RBDS001 trials (format and conventions in fukuchi_markers.hpp).
#include "fukuchi_markers.hpp"

#include <sys/wait.h>
#include <numbers>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include "stridecue/processing/butterworth.hpp"

namespace stridecue::test::fukuchi {
namespace {

[[noreturn]] void fail(const std::string& path, std::size_t line_no, const std::string& what) {
  throw std::runtime_error(path + (line_no ? ":" + std::to_string(line_no) : "") + ": " + what);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The whole file as text; `.gz` through `gzip -dc`.
std::string read_text(const std::string& path) {
  {
    std::ifstream probe(path);
    if (!probe) fail(path, 0, "cannot open (is tests/data/fukuchi-rbds-treadmill complete?)");
  }
  if (!ends_with(path, ".gz")) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  if (path.find('\'') != std::string::npos) fail(path, 0, "a quote in the path is not supported");
  const std::string command = "gzip -dc '" + path + "' 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) fail(path, 0, "cannot start `" + command + "`");
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  const int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const int code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    fail(path, 0,
         code == 127 ? "gzip not found: install gzip (apt-get install gzip) to read .gz data"
                     : "`gzip -dc` failed with exit status " + std::to_string(code));
  }
  return text;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    cells.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return cells;
    start = tab + 1;
  }
}

// A number or NaN ("NaN", "nan"); anything else is an error naming the cell.
double parse_cell(std::string_view cell, const std::string& path, std::size_t line_no) {
  const std::string s(cell);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE) {
    fail(path, line_no, "'" + s + "' is not a number");
  }
  return v;
}

// Linear interpolation across NaN runs of one coordinate; returns the cells filled.
std::size_t fill_gaps(std::vector<Vec3>& xyz, std::size_t axis, const std::string& path,
                      const char* marker) {
  std::size_t filled = 0;
  const std::size_t n = xyz.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isnan(xyz[i][axis])) continue;
    std::size_t j = i;
    while (j < n && std::isnan(xyz[j][axis])) ++j;
    if (i == 0 || j == n) {
      fail(path, 0,
           std::string(marker) + " axis " + std::to_string(axis) +
               ": NaN at the first or last row cannot be interpolated");
    }
    const double a = xyz[i - 1][axis], b = xyz[j][axis];
    const double span = static_cast<double>(j - (i - 1));
    for (std::size_t k = i; k < j; ++k) {
      xyz[k][axis] = a + (b - a) * static_cast<double>(k - (i - 1)) / span;
      ++filled;
    }
    i = j;
  }
  return filled;
}

}  // namespace

PelvisMarkerTrial read_pelvis_markers(const std::string& path) {
  const std::string text = read_text(path);
  PelvisMarkerTrial trial;
  trial.path = path;

  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line)) fail(path, 1, "empty file");
  const std::vector<std::string_view> header = split_tabs(line);
  if (header.empty() || header[0] != "Time") fail(path, 1, "first column is not 'Time'");
  std::array<std::array<std::size_t, 3>, kPelvisMarkers> column{};
  for (std::size_t m = 0; m < kPelvisMarkers; ++m) {
    for (std::size_t a = 0; a < 3; ++a) {
      const std::string name = std::string(kPelvisMarkerNames[m]) + "XYZ"[a];
      std::size_t c = 0;
      while (c < header.size() && header[c] != name) ++c;
      if (c == header.size()) fail(path, 1, "no column '" + name + "' in the header");
      column[m][a] = c;
    }
  }

  std::size_t line_no = 1;
  while (std::getline(lines, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string_view> cells = split_tabs(line);
    if (cells.size() != header.size()) {
      fail(
          path, line_no,
          std::to_string(cells.size()) + " cells, the header has " + std::to_string(header.size()));
    }
    // Time is rounded to 1 ms in the file: it must match row / rate to within 0.6 ms.
    const double t_s = parse_cell(cells[0], path, line_no);
    const double expected_s = static_cast<double>(trial.rows()) / trial.rate_hz;
    if (!(std::fabs(t_s - expected_s) <= 6e-4)) {
      fail(path, line_no,
           "Time " + std::string(cells[0]) +
               " s is not row / 150 Hz = " + std::to_string(expected_s) + " s");
    }
    for (std::size_t m = 0; m < kPelvisMarkers; ++m) {
      Vec3 p{};
      for (std::size_t a = 0; a < 3; ++a) p[a] = parse_cell(cells[column[m][a]], path, line_no);
      trial.lab_mm[m].push_back(p);
    }
  }
  if (trial.rows() < 2) fail(path, line_no, "fewer than two data rows");
  for (std::size_t m = 0; m < kPelvisMarkers; ++m) {
    for (std::size_t a = 0; a < 3; ++a) {
      trial.gap_cells += fill_gaps(trial.lab_mm[m], a, path, kPelvisMarkerNames[m]);
    }
  }
  return trial;
}

std::vector<double> zero_phase_low_pass(const std::vector<double>& x, double fs_hz, int order,
                                        double cutoff_hz) {
  const std::size_t n = x.size(), pad = std::min(n - 1, static_cast<std::size_t>(fs_hz));
  std::vector<double> y;
  y.reserve(n + 2 * pad);
  for (std::size_t k = pad; k >= 1; --k) y.push_back(2.0 * x[0] - x[k]);
  y.insert(y.end(), x.begin(), x.end());
  for (std::size_t k = 1; k <= pad; ++k) y.push_back(2.0 * x[n - 1] - x[n - 1 - k]);
  processing::ButterworthLowPass forward(order, fs_hz, cutoff_hz);
  forward.reset(y.front());
  for (double& v : y) v = forward.process(v);
  processing::ButterworthLowPass backward(order, fs_hz, cutoff_hz);
  backward.reset(y.back());
  for (auto it = y.rbegin(); it != y.rend(); ++it) *it = backward.process(*it);
  return std::vector<double>(y.begin() + static_cast<std::ptrdiff_t>(pad),
                             y.begin() + static_cast<std::ptrdiff_t>(pad + n));
}

CubicSpline::CubicSpline(std::vector<double> y, double h)
    : y_(std::move(y)), m_(y_.size(), 0.0), h_(h) {
  const std::size_t n = y_.size();
  if (n < 3) throw std::invalid_argument("CubicSpline: needs 3 or more knots");
  const auto d2 = [&](std::size_t i) { return (y_[i - 1] - 2.0 * y_[i] + y_[i + 1]) / (h_ * h_); };
  m_[0] = d2(1);
  m_[n - 1] = d2(n - 2);
  std::vector<double> c(n, 0.0), d(n, 0.0);  // Thomas algorithm on rows 1 … n−2
  for (std::size_t i = 1; i + 1 < n; ++i) {
    double rhs = 6.0 * d2(i);
    if (i == 1) rhs -= m_[0];
    if (i + 2 == n) rhs -= m_[n - 1];
    const double denom = 4.0 - (i > 1 ? c[i - 1] : 0.0);
    c[i] = 1.0 / denom;
    d[i] = (rhs - (i > 1 ? d[i - 1] : 0.0)) / denom;
  }
  for (std::size_t i = n - 2; i >= 1; --i) m_[i] = d[i] - (i + 2 < n ? c[i] * m_[i + 1] : 0.0);
}

std::pair<std::size_t, double> CubicSpline::locate(double t) const {
  const double s = std::clamp(t / h_, 0.0, static_cast<double>(y_.size() - 1));
  const std::size_t i = std::min(static_cast<std::size_t>(s), y_.size() - 2);
  return {i, (s - static_cast<double>(i)) * h_};
}

double CubicSpline::value(double t) const {
  const auto [i, u] = locate(t);
  const double a = h_ - u;
  return m_[i] * a * a * a / (6.0 * h_) + m_[i + 1] * u * u * u / (6.0 * h_) +
         (y_[i] / h_ - m_[i] * h_ / 6.0) * a + (y_[i + 1] / h_ - m_[i + 1] * h_ / 6.0) * u;
}

double CubicSpline::second_derivative(double t) const {
  const auto [i, u] = locate(t);
  return (m_[i] * (h_ - u) + m_[i + 1] * u) / h_;
}

MarkerModel::MarkerModel(const PelvisMarkerTrial& trial, int order, double cutoff_hz) {
  const double h = 1.0 / trial.rate_hz;
  duration_s_ = static_cast<double>(trial.rows() - 1) * h;
  for (std::size_t m = 0; m < kPelvisMarkers; ++m) {
    for (std::size_t a = 0; a < 3; ++a) {
      std::vector<double> series;
      for (const Vec3& p : trial.lab_mm[m]) series.push_back(lab_mm_to_world_m(p)[a]);
      spline_[m][a] = CubicSpline(zero_phase_low_pass(series, trial.rate_hz, order, cutoff_hz), h);
    }
  }
}

Eigen::Vector3d MarkerModel::position(std::size_t m, double t_s) const {
  return {spline_[m][0].value(t_s), spline_[m][1].value(t_s), spline_[m][2].value(t_s)};
}

Eigen::Vector3d MarkerModel::acceleration(std::size_t m, double t_s) const {
  return {spline_[m][0].second_derivative(t_s), spline_[m][1].second_derivative(t_s),
          spline_[m][2].second_derivative(t_s)};
}

SimpleAngles simple_lab_angles(const PelvisMarkerTrial& trial) {
  constexpr double kDegPerRad = 180.0 / std::numbers::pi;
  SimpleAngles out;
  for (std::size_t i = 0; i < trial.rows(); ++i) {
    const auto mid = [&](std::size_t a, std::size_t b, std::size_t axis) {
      return 0.5 * (trial.lab_mm[a][i][axis] + trial.lab_mm[b][i][axis]);
    };
    const double right_up = mid(kRightAsis, kRightPsis, 1) - mid(kLeftAsis, kLeftPsis, 1);
    const double right_out = mid(kRightAsis, kRightPsis, 2) - mid(kLeftAsis, kLeftPsis, 2);
    const double psis_up = mid(kRightPsis, kLeftPsis, 1) - mid(kRightAsis, kLeftAsis, 1);
    const double asis_ahead = mid(kRightAsis, kLeftAsis, 0) - mid(kRightPsis, kLeftPsis, 0);
    out.t_s.push_back(static_cast<double>(i) / trial.rate_hz);
    out.obliquity_deg.push_back(std::atan2(right_up, right_out) * kDegPerRad);
    out.tilt_deg.push_back(std::atan2(psis_up, asis_ahead) * kDegPerRad);
  }
  return out;
}

Stats stats(const std::vector<double>& v) {
  Stats s;
  s.n = v.size();
  for (double x : v) s.mean += x / static_cast<double>(s.n);
  for (double x : v) s.sd += (x - s.mean) * (x - s.mean) / static_cast<double>(s.n - 1);
  s.sd = std::sqrt(s.sd);
  return s;
}

Stats stride_ranges(const std::vector<double>& t_s, const std::vector<double>& v,
                    const std::vector<double>& right_ic_s) {
  std::vector<double> ranges;
  for (std::size_t k = 0; k + 1 < right_ic_s.size(); ++k) {
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 0; i < t_s.size(); ++i) {
      if (t_s[i] < right_ic_s[k] || t_s[i] > right_ic_s[k + 1]) continue;
      lo = std::min(lo, v[i]);
      hi = std::max(hi, v[i]);
    }
    if (hi > lo) ranges.push_back(hi - lo);
  }
  return stats(ranges);
}

}  // namespace stridecue::test::fukuchi
