// An INDEPENDENT offline contact computation on the Fukuchi RBDS001 treadmill run (2.5 m/s,
// 300 Hz, one belt), for tests that check StrideCue's import and analysis against it. It shares
// no code with sc_offline or sc_processing: plain iostream parsing, a plain threshold.
//
// Method (deliberately simple; the README's sanity values were made the same way):
//  - vertical force = column `Fy` (N, GRF on the runner); COPz (mm) is mediolateral, +Z = right.
//  - time of sample i (0-based) = i / 300 Hz; the `Time` column is a sample index and unused.
//  - contact = a maximal run of samples with Fy > threshold (on = off, no hysteresis);
//    t_ic / t_to = linear interpolation of the threshold crossing between the samples around
//    the run's ends; runs that touch the first or last sample are incomplete and dropped;
//    runs shorter than min_contact_s (0.1 s) are blips and dropped.
//  - per contact: contact time, peak Fy (N, and BW with 62 kg from RBDSinfo.txt, g = 9.80665),
//    mean COPz over the run's samples.
//  - side: a contact whose mean COPz is above the mean of its neighbours' (previous and next
//    contact; one neighbour at the ends) is right, else left (validation README: higher COPz =
//    right, an inference from the marker axes and the authors' per-side peaks).
// Header-only so another test executable can include it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "stridecue/core/samples.hpp"

namespace stridecue::test::fukuchi {

inline constexpr double kRate_hz = 300.0;         // validation README
inline constexpr double kBodyMass_kg = 62.0;      // RBDSinfo.txt, subject RBDS001
inline constexpr double kGravity_mps2 = 9.80665;  // standard gravity
inline constexpr std::size_t kRows = 9000;

#ifdef STRIDECUE_VALIDATION_DIR
inline std::string forces_path() {
  return std::string(STRIDECUE_VALIDATION_DIR) + "/fukuchi-rbds-treadmill/RBDS001runT25forces.txt";
}
#endif

/// The file's columns, as read (units of the file: N, mm, Ty unknown).
struct Samples {
  std::vector<double> index, fx_n, fy_n, fz_n, copx_mm, copy_mm, copz_mm, ty;
};

/// Reads RBDS001runT25forces.txt with iostreams. Throws std::runtime_error on anything
/// unexpected (header names, cell count, non-numbers).
inline Samples read_samples(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::string line;
  std::getline(in, line);
  if (line != "Time\tFx\tFy\tFz\tCOPx\tCOPy\tCOPz\tTy") {
    throw std::runtime_error(path + ": unexpected header '" + line + "'");
  }
  Samples s;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::istringstream row(line);
    double v[8];
    for (double& x : v) {
      if (!(row >> x)) throw std::runtime_error(path + ":" + std::to_string(line_no) + ": bad row");
    }
    s.index.push_back(v[0]);
    s.fx_n.push_back(v[1]);
    s.fy_n.push_back(v[2]);
    s.fz_n.push_back(v[3]);
    s.copx_mm.push_back(v[4]);
    s.copy_mm.push_back(v[5]);
    s.copz_mm.push_back(v[6]);
    s.ty.push_back(v[7]);
  }
  return s;
}

struct Options {
  double threshold_n = 20.0;  ///< on = off
  double min_contact_s = 0.1;
  double rate_hz = kRate_hz;
  double body_mass_kg = kBodyMass_kg;
};

struct Contact {
  double t_ic_s = 0, t_to_s = 0, contact_s = 0;
  double peak_fy_n = 0, peak_bw = 0;
  double mean_copz_mm = 0;
  Side side = Side::kUnknown;
};

/// Complete contacts in time order, sides assigned (method in the header comment).
inline std::vector<Contact> detect_contacts(const std::vector<double>& fy_n,
                                            const std::vector<double>& copz_mm,
                                            const Options& opt = {}) {
  const double thr = opt.threshold_n;
  const std::size_t n = fy_n.size();
  std::vector<Contact> out;
  std::size_t i = 0;
  while (i < n) {
    if (!(fy_n[i] > thr)) {
      ++i;
      continue;
    }
    const std::size_t first = i;
    while (i < n && fy_n[i] > thr) ++i;
    const std::size_t last = i - 1;
    if (first == 0 || last == n - 1) continue;  // touches the file start or end: incomplete
    const double ic = double(first - 1) + (thr - fy_n[first - 1]) / (fy_n[first] - fy_n[first - 1]);
    const double to = double(last) + (fy_n[last] - thr) / (fy_n[last] - fy_n[last + 1]);
    Contact c;
    c.t_ic_s = ic / opt.rate_hz;
    c.t_to_s = to / opt.rate_hz;
    c.contact_s = c.t_to_s - c.t_ic_s;
    if (c.contact_s < opt.min_contact_s) continue;  // a blip
    double sum_copz = 0;
    for (std::size_t k = first; k <= last; ++k) {
      c.peak_fy_n = std::max(c.peak_fy_n, fy_n[k]);
      sum_copz += copz_mm[k];
    }
    c.mean_copz_mm = sum_copz / double(last - first + 1);
    c.peak_bw = c.peak_fy_n / (opt.body_mass_kg * kGravity_mps2);
    out.push_back(c);
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    double sum = 0;
    int count = 0;
    if (k > 0) sum += out[k - 1].mean_copz_mm, ++count;
    if (k + 1 < out.size()) sum += out[k + 1].mean_copz_mm, ++count;
    if (count) out[k].side = out[k].mean_copz_mm > sum / count ? Side::kRight : Side::kLeft;
  }
  return out;
}

inline std::vector<Contact> reference_contacts(const std::string& path, const Options& opt = {}) {
  const Samples s = read_samples(path);
  return detect_contacts(s.fy_n, s.copz_mm, opt);
}

struct Summary {
  std::size_t contacts = 0;
  double mean_contact_s = 0;
  double mean_step_s = 0;    ///< IC to next IC (consecutive contacts)
  double mean_flight_s = 0;  ///< TO to next IC
  double mean_peak_bw = 0;
  double mean_peak_left_n_per_kg = 0, mean_peak_right_n_per_kg = 0;
  bool sides_alternate = false;
};

inline Summary summarize(const std::vector<Contact>& c, const Options& opt = {}) {
  Summary s;
  s.contacts = c.size();
  if (c.size() < 2) return s;
  double left = 0, right = 0;
  int n_left = 0, n_right = 0;
  s.sides_alternate = true;
  for (std::size_t k = 0; k < c.size(); ++k) {
    s.mean_contact_s += c[k].contact_s;
    s.mean_peak_bw += c[k].peak_bw;
    (c[k].side == Side::kLeft ? left : right) += c[k].peak_fy_n / opt.body_mass_kg;
    (c[k].side == Side::kLeft ? n_left : n_right) += 1;
    if (k > 0) {
      s.mean_step_s += c[k].t_ic_s - c[k - 1].t_ic_s;
      s.mean_flight_s += c[k].t_ic_s - c[k - 1].t_to_s;
      if (c[k].side == c[k - 1].side) s.sides_alternate = false;
    }
  }
  const double n = double(c.size());
  s.mean_contact_s /= n;
  s.mean_peak_bw /= n;
  s.mean_step_s /= n - 1;
  s.mean_flight_s /= n - 1;
  s.mean_peak_left_n_per_kg = n_left ? left / n_left : std::nan("");
  s.mean_peak_right_n_per_kg = n_right ? right / n_right : std::nan("");
  return s;
}

}  // namespace stridecue::test::fukuchi
