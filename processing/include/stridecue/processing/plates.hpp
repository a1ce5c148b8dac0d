// Plates: from what a device measures to one wrench per plate in the lab frame.
//
// - 6-axis plates: an optional 6×6 calibration matrix per plate maps the amplifier channels
//   (Fx Fy Fz Mx My Mz as decoded) to forces and moments (cross-talk correction; docs/science.md
//   §3).
// - Load-cell plates: four uniaxial cells at the corners (±a in X, ±b in Y around the plate
//   centre); Fz = ΣFᵢ and COP = ΣFᵢ·rᵢ / Fz (docs/science.md §3), expressed as the moments a 6-axis
//   plate with its origin at the surface centre would report: Mx = COPy·Fz, My = −COPx·Fz.
//   No shear is measured (Fx = Fy = Mz = 0).
#pragma once

#include <array>

#include "stridecue/core/samples.hpp"

namespace stridecue::processing {

/// Row-major 6×6: out = C · (Fx Fy Fz Mx My Mz)ᵀ.
using CalibrationMatrix = std::array<double, 36>;

inline PlateWrench apply_calibration(const CalibrationMatrix& c, const PlateWrench& raw) {
  const double in[6] = {raw.fx_n, raw.fy_n, raw.fz_n, raw.mx_nm, raw.my_nm, raw.mz_nm};
  double out[6];
  for (int r = 0; r < 6; ++r) {
    double acc = 0;
    for (int k = 0; k < 6; ++k) acc += c[static_cast<std::size_t>(r * 6 + k)] * in[k];
    out[r] = acc;
  }
  return {static_cast<float>(out[0]), static_cast<float>(out[1]), static_cast<float>(out[2]),
          static_cast<float>(out[3]), static_cast<float>(out[4]), static_cast<float>(out[5])};
}

/// Cell positions of a load-cell plate: cells 0 front-left (+a, +b), 1 front-right (+a, −b),
/// 2 rear-right (−a, −b), 3 rear-left (−a, +b), as in core LoadCellFrame.
struct LoadCellGeometry {
  double half_length_m = 0.8;  ///< a: cells at X = ±a
  double half_width_m = 0.25;  ///< b: cells at Y = ±b
};

/// Any thread; no allocation.
inline PlateWrench load_cells_to_wrench(const std::array<float, 4>& cell_n,
                                        const LoadCellGeometry& g) {
  const double fz = static_cast<double>(cell_n[0]) + cell_n[1] + cell_n[2] + cell_n[3];
  // Σ Fᵢ·xᵢ and Σ Fᵢ·yᵢ are the moments themselves, defined even when Fz ≈ 0.
  const double sum_x =
      g.half_length_m * (static_cast<double>(cell_n[0]) + cell_n[1] - cell_n[2] - cell_n[3]);
  const double sum_y =
      g.half_width_m * (static_cast<double>(cell_n[0]) - cell_n[1] - cell_n[2] + cell_n[3]);
  PlateWrench w;
  w.fz_n = static_cast<float>(fz);
  w.mx_nm = static_cast<float>(sum_y);   // COPy·Fz
  w.my_nm = static_cast<float>(-sum_x);  // −COPx·Fz
  return w;
}

/// The load-cell frame as the 6-axis frame the pipeline works on.
inline ForceFrame load_cells_to_frame(const LoadCellFrame& in, const LoadCellGeometry& g) {
  ForceFrame f;
  f.t_ns = in.t_ns;
  f.counter = in.counter;
  f.device = in.device;
  f.n_plates = in.n_plates;
  f.flags = in.flags;
  for (std::size_t p = 0; p < in.n_plates && p < f.plate.size(); ++p) {
    f.plate[p] = load_cells_to_wrench(in.cell_n[p], g);
  }
  return f;
}

}  // namespace stridecue::processing
