// Reads the four pelvis markers (R/L ASIS, R/L PSIS) of the Fukuchi RBDS001 trials (Fukuchi,
// Fukuchi & Duarte 2017, PeerJ 5:e3298, CC BY 4.0; tests/data/README.md) for
// tests. The parsing shares no code with sc_offline (plain string handling).
//
// File format (validation README): tab-separated, a header `Time R.ASISX R.ASISY R.ASISZ …`,
// 150 Hz, positions in mm in the lab axes of the file: X antero-posterior (+ forward: ASIS X >
// PSIS X), Y vertical up, Z medio-lateral (+ right: R.ASIS Z > L.ASIS Z). The `Time` column is
// rounded to 1 ms (0.007 for 1/150 s), so time here is row index / 150 Hz; the column is only
// checked against it. `*.gz` files are decompressed through `gzip -dc` (zlib is not a
// dependency of the project); a missing gzip is an error that says so.
//
// Gaps: NaN cells (the running trial has one L.ASIS gap of one row) are filled by linear
// interpolation between the neighbouring valid rows of that coordinate; a gap at the first or
// last row cannot be interpolated and is an error.
//
// Errors are std::runtime_error naming the file, the line and the value.
//
// Also here, for tests that differentiate the markers: MarkerModel, the markers of a trial as
// smooth functions of time (zero-phase low-pass with processing::ButterworthLowPass, then a
// cubic spline), and the README's own "simple lab-frame angles" and per-stride ranges, to check
// a reference against the README's sanity values.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace stridecue::test::fukuchi {

inline constexpr double kMarkerRate_hz = 150.0;  // validation README

#ifdef STRIDECUE_VALIDATION_DIR
inline std::string markers_dir() {
  return std::string(STRIDECUE_VALIDATION_DIR) + "/fukuchi-rbds-treadmill";
}
inline std::string static_markers_path() {
  return markers_dir() + "/RBDS001static.txt";
}
inline std::string running_markers_path() {
  return markers_dir() + "/RBDS001runT25markers.txt.gz";
}
#endif

enum PelvisMarker : std::size_t { kRightAsis = 0, kLeftAsis = 1, kRightPsis = 2, kLeftPsis = 3 };
inline constexpr std::size_t kPelvisMarkers = 4;
/// Header prefixes, in PelvisMarker order (columns are `<name>X`, `<name>Y`, `<name>Z`).
inline constexpr std::array<const char*, kPelvisMarkers> kPelvisMarkerNames = {"R.ASIS", "L.ASIS",
                                                                               "R.PSIS", "L.PSIS"};

using Vec3 = std::array<double, 3>;

/// One trial: positions per marker per row, mm, lab axes of the file (header comment).
struct PelvisMarkerTrial {
  std::string path;
  double rate_hz = kMarkerRate_hz;
  std::array<std::vector<Vec3>, kPelvisMarkers> lab_mm;
  std::size_t gap_cells = 0;  ///< NaN cells filled by interpolation
  std::size_t rows() const { return lab_mm[0].size(); }
};

/// Reads a trial (plain or `.gz`). Throws std::runtime_error naming the file and the problem.
PelvisMarkerTrial read_pelvis_markers(const std::string& path);

/// File lab axes (X forward, Y up, Z right; mm) → StrideCue world (X forward, Y left, Z up; m):
/// X_sc = X_lab, Y_sc = −Z_lab, Z_sc = Y_lab. A proper rotation (det +1).
inline Vec3 lab_mm_to_world_m(const Vec3& lab_mm) {
  return {lab_mm[0] * 1e-3, -lab_mm[2] * 1e-3, lab_mm[1] * 1e-3};
}

/// Zero-phase low-pass: processing::ButterworthLowPass(order, fs, cutoff) run forwards, then
/// backwards (twice the order, −6 dB at the cut-off; Winter, Biomechanics and Motor Control of
/// Human Movement, 4th ed., §2.2.4) on a copy padded by odd reflection (1 s each side, less for
/// short series) against edge transients.
std::vector<double> zero_phase_low_pass(const std::vector<double>& x, double fs_hz, int order,
                                        double cutoff_hz);

/// Interpolating cubic spline on knots t = i·h (i = 0 … n−1, n ≥ 3). Its second derivatives M_i
/// solve M_{i−1} + 4 M_i + M_{i+1} = 6 (y_{i−1} − 2 y_i + y_{i+1}) / h², with M_0 and M_{n−1}
/// set to the finite-difference second derivatives next to the ends. Outside [0, (n−1)h] t is
/// clamped.
class CubicSpline {
 public:
  CubicSpline() = default;
  CubicSpline(std::vector<double> y, double h);
  double value(double t) const;
  double second_derivative(double t) const;

 private:
  std::pair<std::size_t, double> locate(double t) const;  // knot i and t − i·h
  std::vector<double> y_, m_;
  double h_ = 1.0;
};

/// The four markers of a trial as smooth functions of time t_s (from its first row): each
/// coordinate in StrideCue world axes (m) is low-passed with zero_phase_low_pass(order,
/// cutoff) and interpolated by a CubicSpline, which gives positions and their second
/// derivatives analytically.
class MarkerModel {
 public:
  MarkerModel(const PelvisMarkerTrial& trial, int order, double cutoff_hz);
  double duration_s() const { return duration_s_; }
  Eigen::Vector3d position(std::size_t marker, double t_s) const;
  Eigen::Vector3d acceleration(std::size_t marker, double t_s) const;  ///< m/s²

 private:
  std::array<std::array<CubicSpline, 3>, kPelvisMarkers> spline_;
  double duration_s_ = 0;
};

/// The README's "simple lab-frame angles" on the raw (gap-filled) markers, deg, file axes:
/// obliquity = frontal-plane inclination of mid(R.ASIS, R.PSIS) → mid(L.ASIS, L.PSIS), + with
/// the right side up (left hemipelvis lower); tilt = sagittal inclination of mid-PSIS →
/// mid-ASIS, + with the ASIS down (anterior). Not a Cardan decomposition.
struct SimpleAngles {
  std::vector<double> t_s, obliquity_deg, tilt_deg;
};
SimpleAngles simple_lab_angles(const PelvisMarkerTrial& trial);

struct Stats {
  double mean = 0, sd = 0;  ///< sd: sample standard deviation (n − 1)
  std::size_t n = 0;
};
Stats stats(const std::vector<double>& v);
inline double mean(const std::vector<double>& v) {
  return stats(v).mean;
}

/// Range (max − min) of v(t_s) within each interval between consecutive right initial contacts
/// (the README's "range per right stride"), summarised.
Stats stride_ranges(const std::vector<double>& t_s, const std::vector<double>& v,
                    const std::vector<double>& right_ic_s);

}  // namespace stridecue::test::fukuchi
