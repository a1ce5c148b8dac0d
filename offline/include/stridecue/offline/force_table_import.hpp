// Reads a delimited text table of force-plate samples written by another system (CSV, TSV,
// semicolon or whitespace separated, one header line) into StrideCue ForceFrames in SI units,
// so the offline analysis runs the same pipeline as the live one (issue 5, `stridecue analyze`).
//
// Output frame and units: samples.hpp (X forward, Y left, Z up; N, N·m; ground reaction on the
// runner). Moments are about the origin of the file's COP coordinates, at the surface (dz = 0):
// a plate given as COP + free moment Tz becomes
//   Mx = COPy·Fz,  My = −COPx·Fz,  Mz = Tz + COPx·Fy − COPy·Fx
// i.e. M = r × F + Tz·ẑ with r = (COPx, COPy, 0); DOMAIN.md §3 inverts it with dz = 0.
//
// IMU columns (acc_x … gyro_z of --map) become ImuSamples on the same timeline as the frames:
// one per row, sensor axes as the file gives them, m/s² and rad/s after --units.
//
// Contract: runs on the caller's thread, allocates (the frames and samples of every row; the
// text itself is read in blocks and never held whole), blocking file I/O. Cells of unmapped
// columns are counted but never parsed, so text or NaN in them is fine; every mapped cell must
// be a finite number (NaN, inf, empty → ImportError).
//
// To consume the rows without holding them all, use ForceTableReader (force_table_reader.hpp):
// these functions are that reader, collected into vectors.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stridecue/core/samples.hpp"
#include "stridecue/core/time.hpp"
#include "stridecue/offline/import_options.hpp"

namespace stridecue::offline {

/// Standard gravity, m/s² (same value as processing::kGravity_mps2): force=BW → N = BW·mass·g,
/// acc=g → m/s² = g·9.80665.
inline constexpr double kStandardGravity_mps2 = 9.80665;

/// Device index of imported IMU samples (the force frames are device 0).
inline constexpr std::uint8_t kImuDevice = 1;

/// One mapped column as it was used.
struct UsedColumn {
  std::string target;        ///< "fz", "left.cop_x", "acc_x", …
  std::string column;        ///< header name
  std::size_t index = 0;     ///< 1-based position in the header
  double scale_to_si = 1.0;  ///< SI value = scale_to_si · cell (sign of a negated column included)
};

struct ImportSummary {
  std::string file;
  std::size_t header_line = 1;
  std::size_t rows = 0;                    ///< data rows (= frames, = IMU samples)
  double duration_s = 0;                   ///< rows / rate_hz (each sample covers one period)
  Separator separator = Separator::kAuto;  ///< the one actually used
  std::vector<std::string> header;
  std::vector<UsedColumn> columns;  ///< mapped force/moment/COP/IMU columns
  std::string time_source;          ///< e.g. "--rate 300 Hz; column 'Time' (1) ignored"
  double first_time_s = 0;  ///< the time column's first value in s (0 without one / for index)
  /// Where the rate came from, to say what to check when it looks wrong: the time column used
  /// ("" = none) and its unit, and whether --rate gave the rate (else the column did).
  std::string time_column;
  TimeUnit time_unit = TimeUnit::kSeconds;
  bool rate_given = false;

  /// A few lines of plain text for the terminal.
  std::string to_text() const;
};

struct ImportedRecording {
  double rate_hz = 0;
  TimeNs sample_period_ns = 0;  ///< rounded 1e9 / rate_hz; exact times are in frames[i].t_ns
  int n_plates = 1;  ///< 1 single belt, 2 split belt, 0 IMU only (no plate columns, no frames)
  /// Split belt: {left, right}; single belt: unknown (sides come from the analysis).
  std::array<Side, kMaxPlates> plate_side{Side::kUnknown, Side::kUnknown};
  /// One frame per data row: t_ns = round(i · 1e9 / rate_hz) from 0, counter = i, device 0,
  /// flags 0, n_plates as above.
  std::vector<ForceFrame> frames;
  /// Empty unless --map has IMU columns; then one sample per data row, with the same t_ns and
  /// counter as the frame of that row, device kImuDevice, flags 0, sensor axes, SI units.
  std::vector<ImuSample> imu;
  ImportSummary summary;
};

/// Reads and converts `path`. Throws ImportError on any problem (see import_error.hpp).
ImportedRecording import_force_table(const std::string& path, const ImportOptions& options);

/// The same on text already in memory; `name` stands for the file in messages.
ImportedRecording import_force_table_text(std::string_view text, std::string_view name,
                                          const ImportOptions& options);

}  // namespace stridecue::offline
