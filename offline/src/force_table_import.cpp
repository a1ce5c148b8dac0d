// Meaning of the columns: header lookup, the map, units and COP → moments. Framing and
// decoding of the text are in delimited_text.cpp, the time base in time_base.cpp.
#include "stridecue/offline/force_table_import.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "delimited_text.hpp"
#include "messages.hpp"
#include "stridecue/offline/import_error.hpp"
#include "time_base.hpp"

namespace stridecue::offline {

namespace {

using detail::LineReader;
using detail::lower;
using detail::num_g;
using detail::NumberStatus;
using detail::Place;
using detail::quoted;
using detail::TimeColumn;

std::string header_list(const std::vector<std::string>& header) {
  constexpr std::size_t kShown = 40;
  std::string s;
  for (std::size_t i = 0; i < header.size() && i < kShown; ++i) {
    if (i) s += ", ";
    s += header[i].empty() ? "(empty)" : header[i];
  }
  if (header.size() > kShown) s += ", … (" + std::to_string(header.size() - kShown) + " more)";
  return s;
}

/// Index of `name` in the header (0-based). Missing or repeated → ImportError(kHeader).
std::size_t find_column(const std::vector<std::string>& header, std::string_view name,
                        std::string_view what, std::string_view file, std::size_t header_line) {
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] != name) continue;
    if (found) {
      Place{file, header_line, name, i + 1}.fail(
          ImportErrorKind::kHeader, ": the header has this name twice (columns " +
                                        std::to_string(*found + 1) + " and " +
                                        std::to_string(i + 1) + "); rename one in the file");
    }
    found = i;
  }
  if (found) return *found;
  std::string hint;
  for (const std::string& h : header) {
    if (lower(h) == lower(name))
      hint = " (did you mean " + quoted(h) + "? names are case-sensitive)";
  }
  throw ImportError(ImportErrorKind::kHeader,
                    std::string(file) + ":" + std::to_string(header_line) + ": column " +
                        quoted(name) + " (" + std::string(what) +
                        ") is not in the header; the header has: " + header_list(header) + hint,
                    std::string(file), header_line, std::string(name), 0);
}

struct Binding {
  std::size_t col = 0;  // 0-based
  int plate = 0;
  Target target = Target::kFz;
  double scale = 1.0;  // SI per cell unit, sign included
};

double scale_for(Target t, const ImportOptions& o) {
  constexpr double kRadPerDeg = 3.14159265358979323846 / 180.0;
  switch (t) {
    case Target::kAccX:
    case Target::kAccY:
    case Target::kAccZ:
      return o.units.acc == AccUnit::kStandardGravity ? kStandardGravity_mps2 : 1.0;
    case Target::kGyroX:
    case Target::kGyroY:
    case Target::kGyroZ:
      return o.units.gyro == GyroUnit::kDegreePerSecond ? kRadPerDeg : 1.0;
    case Target::kFx:
    case Target::kFy:
    case Target::kFz:
      switch (o.units.force) {
        case ForceUnit::kKilonewton:
          return 1e3;
        case ForceUnit::kBodyWeight:
          return o.body_mass_kg * kStandardGravity_mps2;
        default:
          return 1.0;
      }
    case Target::kCopX:
    case Target::kCopY:
      return o.units.length == LengthUnit::kMillimetre ? 1e-3 : 1.0;
    default:
      return o.units.moment == MomentUnit::kNewtonMillimetre ? 1e-3 : 1.0;
  }
}

/// Parses one mapped cell or throws naming line and column.
double cell_value(std::string_view cell, const Place& where, Separator sep) {
  double v = 0;
  switch (detail::parse_number(cell, v)) {
    case NumberStatus::kOk:
      return v;
    case NumberStatus::kEmpty:
      where.fail(ImportErrorKind::kCell,
                 " is empty; every cell of a mapped column needs a number: fill it or cut the "
                 "row");
    case NumberStatus::kNotFinite:
      where.fail(ImportErrorKind::kCell,
                 ": " + quoted(cell) +
                     " is not a finite number; StrideCue needs every mapped cell filled: fill "
                     "the gap or cut the rows (NaN in unmapped columns is fine)");
    case NumberStatus::kNotANumber:
      break;
  }
  std::string hint;
  if (sep == Separator::kSemicolon && cell.find(',') != std::string_view::npos) {
    hint = " (decimal commas are not supported: export with a decimal point)";
  }
  where.fail(ImportErrorKind::kCell, ": " + quoted(cell) + " is not a number" + hint);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ImportError(ImportErrorKind::kFile,
                      path + ": cannot open it for reading; check the path and permissions", path);
  }
  std::string text;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) text.resize(static_cast<std::size_t>(size));
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in && !in.eof()) {
    throw ImportError(ImportErrorKind::kFile, path + ": read error; check the file", path);
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace

std::string ImportSummary::to_text() const {
  std::ostringstream s;
  s << file << ": " << rows << " rows, " << num_g(duration_s) << " s, " << separator_name(separator)
    << "-separated, header on line " << header_line << "\n";
  s << "  time: " << time_source << "\n";
  s << "  columns:";
  for (const UsedColumn& c : columns) {
    s << " " << c.target << "=" << quoted(c.column) << "(" << c.index << ")";
    if (c.scale_to_si != 1.0) s << "x" << num_g(c.scale_to_si);
  }
  s << "\n";
  return s.str();
}

ImportedRecording import_force_table(const std::string& path, const ImportOptions& options) {
  validate(options);
  const std::string text = read_file(path);
  return import_force_table_text(text, path, options);
}

ImportedRecording import_force_table_text(std::string_view text, std::string_view name,
                                          const ImportOptions& o) {
  validate(o);
  const std::string file(name);
  ImportedRecording rec;
  ImportSummary& sum = rec.summary;
  sum.file = file;
  sum.header_line = o.header_line;

  // Header.
  LineReader lines(text);
  std::string_view line;
  std::size_t line_no = 0;
  bool have_header = false;
  while (lines.next(line, line_no)) {
    if (line_no == o.header_line) {
      have_header = true;
      break;
    }
  }
  if (!have_header) {
    if (line_no == 0) {
      throw ImportError(ImportErrorKind::kFile,
                        file + ": the file is empty; expected a header line and data rows", file);
    }
    throw ImportError(ImportErrorKind::kFile,
                      file + ": has " + std::to_string(line_no) +
                          " lines, but the header was expected on line " +
                          std::to_string(o.header_line),
                      file);
  }
  if (detail::is_blank(line)) {
    throw ImportError(ImportErrorKind::kFile,
                      file + ":" + std::to_string(line_no) +
                          ": blank line where the header (column names) was expected; remove "
                          "the blank lines above the header",
                      file, line_no);
  }
  const Separator sep =
      o.separator == Separator::kAuto ? detail::detect_separator(line) : o.separator;
  sum.separator = sep;
  std::vector<std::string_view> cells;
  detail::split_cells(line, sep, cells);
  sum.header.assign(cells.begin(), cells.end());
  const std::size_t n_cols = cells.size();

  // Mapped columns.
  std::vector<Binding> bindings;
  std::array<bool, kMaxPlates> plate_has_cop{false, false};
  for (const MapEntry& e : o.map.entries) {
    const std::string qualified = o.map.qualified_name(e);
    const std::size_t col =
        find_column(sum.header, e.column, "for " + qualified + " in --map", file, line_no);
    const double scale = (e.negate ? -1.0 : 1.0) * scale_for(e.target, o);
    bindings.push_back(Binding{col, e.plate, e.target, scale});
    sum.columns.push_back(UsedColumn{qualified, e.column, col + 1, scale});
    if (e.target == Target::kCopX) plate_has_cop[static_cast<std::size_t>(e.plate)] = true;
  }

  // Time column.
  std::optional<TimeColumn> tc;
  std::optional<std::string> ignored_auto;
  if (o.time.mode == TimeSpec::Mode::kNamed) {
    const std::size_t col = find_column(sum.header, o.time.column, "for --time", file, line_no);
    tc = TimeColumn{col, o.time.column, o.time.unit, {}};
  } else if (o.time.mode == TimeSpec::Mode::kAuto) {
    for (std::size_t i = 0; i < sum.header.size(); ++i) {
      if (auto unit = detail::auto_time_unit(sum.header[i])) {
        if (o.rate_hz > 0) {
          ignored_auto = quoted(sum.header[i]) + " (" + std::to_string(i + 1) + ")";
        } else {
          tc = TimeColumn{i, sum.header[i], *unit, {}};
        }
        break;
      }
    }
  }
  if (!tc && o.rate_hz <= 0) {
    throw ImportError(ImportErrorKind::kHeader,
                      file + ":" + std::to_string(line_no) +
                          ": no sample rate and no time column (looked for t, time or timestamp, "
                          "optionally with _s, _ms, (s), (ms), [s], [ms]); the header has: " +
                          header_list(sum.header) + "; give --rate HZ or --time COLUMN",
                      file, line_no);
  }

  // Data rows.
  const std::size_t header_line_no = line_no;
  const std::size_t first_data_line = header_line_no + 1;
  const auto consumed = static_cast<std::size_t>(line.data() - text.data()) + line.size();
  const std::string_view rest = text.substr(std::min(text.size(), consumed));
  const auto approx_rows = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '\n'));
  const int n_plates = o.map.n_plates();
  const bool has_imu = o.map.has_imu();
  if (n_plates > 0) rec.frames.reserve(approx_rows + 1);
  if (has_imu) rec.imu.reserve(approx_rows + 1);
  if (tc) tc->values.reserve(approx_rows + 1);
  std::size_t n_rows = 0;
  while (lines.next(line, line_no)) {
    if (detail::is_blank(line)) {
      if (lines.only_blank_left()) break;
      throw ImportError(ImportErrorKind::kRowLength,
                        file + ":" + std::to_string(line_no) +
                            ": blank line inside the data (more rows follow); remove it",
                        file, line_no);
    }
    detail::split_cells(line, sep, cells);
    if (cells.size() != n_cols) {
      const Place where{file, line_no, {}, 0};
      std::string detail_text;
      std::string col_name;
      std::size_t col_index = 0;
      if (cells.size() < n_cols) {
        col_index = cells.size() + 1;
        col_name = sum.header[cells.size()];
        detail_text = "the row has no cell for column " + quoted(col_name) + " (" +
                      std::to_string(col_index) + ")";
      } else {
        col_index = n_cols + 1;
        detail_text = "extra cell " + quoted(cells[n_cols]) + " after column " +
                      quoted(sum.header[n_cols - 1]) + " (" + std::to_string(n_cols) + ")";
      }
      throw ImportError(ImportErrorKind::kRowLength,
                        where.prefix() + std::to_string(cells.size()) +
                            " cells where the header (line " + std::to_string(header_line_no) +
                            ") has " + std::to_string(n_cols) + ": " + detail_text +
                            "; every row needs one cell per header column (check the separator: " +
                            std::string(separator_name(sep)) + ")",
                        file, line_no, col_name, col_index);
    }
    // IMU targets are unprefixed: they land in v[0].
    std::array<std::array<double, kTargetCount>, kMaxPlates> v{};
    for (const Binding& b : bindings) {
      const double x =
          cell_value(cells[b.col], Place{file, line_no, sum.header[b.col], b.col + 1}, sep);
      v[static_cast<std::size_t>(b.plate)][static_cast<std::size_t>(b.target)] = x * b.scale;
    }
    if (tc) {
      tc->values.push_back(
          cell_value(cells[tc->col], Place{file, line_no, tc->name, tc->col + 1}, sep));
    }
    const auto counter = static_cast<std::uint32_t>(n_rows);
    ++n_rows;
    if (has_imu) {
      auto at = [&](Target t) { return static_cast<float>(v[0][static_cast<std::size_t>(t)]); };
      ImuSample s = make_sample<ImuSample>(0, counter, kImuDevice, 0);
      s.acc_mps2 = {at(Target::kAccX), at(Target::kAccY), at(Target::kAccZ)};
      s.gyro_rads = {at(Target::kGyroX), at(Target::kGyroY), at(Target::kGyroZ)};
      rec.imu.push_back(s);
    }
    if (n_plates == 0) continue;
    ForceFrame f;
    f.counter = counter;
    f.n_plates = static_cast<std::uint8_t>(n_plates);
    for (std::size_t p = 0; p < static_cast<std::size_t>(n_plates); ++p) {
      const auto& c = v[p];
      auto at = [&](Target t) { return c[static_cast<std::size_t>(t)]; };
      const double fx = at(Target::kFx), fy = at(Target::kFy), fz = at(Target::kFz);
      double mx = at(Target::kMx), my = at(Target::kMy), mz = at(Target::kMz);
      if (plate_has_cop[p]) {
        // M = r × F + Tz·ẑ, r = (COPx, COPy, 0) at the surface (header comment).
        const double cx = at(Target::kCopX), cy = at(Target::kCopY);
        mx = cy * fz;
        my = -cx * fz;
        mz = at(Target::kTz) + cx * fy - cy * fx;
      }
      PlateWrench& w = f.plate[p];
      w.fx_n = static_cast<float>(fx);
      w.fy_n = static_cast<float>(fy);
      w.fz_n = static_cast<float>(fz);
      w.mx_nm = static_cast<float>(mx);
      w.my_nm = static_cast<float>(my);
      w.mz_nm = static_cast<float>(mz);
    }
    rec.frames.push_back(f);
  }
  if (n_rows == 0) {
    throw ImportError(
        ImportErrorKind::kFile,
        file + ": no data rows after the header (line " + std::to_string(header_line_no) + ")",
        file, header_line_no);
  }

  // Time base.
  const double rate = detail::resolve_rate(o, tc, ignored_auto, sum, first_data_line);
  rec.rate_hz = rate;
  rec.sample_period_ns = static_cast<TimeNs>(std::llround(1e9 / rate));
  for (std::size_t i = 0; i < rec.frames.size(); ++i) {
    rec.frames[i].t_ns = static_cast<TimeNs>(std::llround(static_cast<double>(i) * 1e9 / rate));
  }
  for (std::size_t i = 0; i < rec.imu.size(); ++i) {
    rec.imu[i].t_ns = static_cast<TimeNs>(std::llround(static_cast<double>(i) * 1e9 / rate));
  }
  rec.n_plates = n_plates;
  if (o.map.split) rec.plate_side = {Side::kLeft, Side::kRight};
  sum.rows = n_rows;
  sum.duration_s = static_cast<double>(sum.rows) / rate;
  return rec;
}

}  // namespace stridecue::offline
